#!/usr/bin/python3
# Every cue sheet construct of issue 3, one at a time, with hand-checked
# expected values (the reasoning is next to each): FILE types, TRACK modes,
# INDEX 00-99, FLAGS, ISRC, CATALOG, CD-TEXT, CDTEXTFILE, REM, sessions,
# EAC's multi-WAVE sheets, text encodings, line ends, Windows paths and how
# missing files are found. The layouts cdrdao can check are in
# test_oracle.py; here the values are those the cue sheet specification
# (CDRWIN's) gives, worked out by hand.
#
# Copyright 2026 The Spindle authors
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.environ.get('SPINDLE_SOURCE_ROOT', '.'), 'tests', 'fixtures'))
import fixtures as fx  # noqa: E402

W = 'warning'
E = 'error'

# Every sheet here that cdrdao can read is compared with cdrdao show-toc too.
fx.ScratchTestCase.cdrdao_everywhere = True


def one_track(file_line, mode='AUDIO'):
    return f'{file_line}\n  TRACK 01 {mode}\n    INDEX 01 00:00:00\n'


class FileTypes(fx.ScratchTestCase):
    """FILE BINARY, MOTOROLA, WAVE, and the types libsndfile decodes."""

    def check(self, name, src, file_type, frames, json_type, diagnostics=(), cdrdao=None):
        self.s.place(src, name)
        sheet = self.s.write('t.cue', one_track(f'FILE "{name}" {file_type}'))
        data = self.info(sheet, cdrdao=cdrdao).data
        self.assertLayout(data, [{'start': 0, 'length': frames, 'mode': 'AUDIO', 'file': name}], frames)
        self.assertEqual(data['files'][0]['type'], json_type)
        self.assertDiagnostics(data, diagnostics)
        return data

    def test_binary(self):
        self.check('a.bin', fx.frames_audio('le', 300), 'BINARY', 300, 'BINARY')

    def test_motorola(self):
        self.check('a.raw', fx.frames_audio('be', 300), 'MOTOROLA', 300, 'MOTOROLA')

    def test_wave(self):
        data = self.check('a.wav', fx.frames_audio('wav', 300), 'WAVE', 300, 'WAVE')
        # sox writes a 44-byte RIFF header before the data chunk.
        self.assertEqual((data['files'][0]['data_offset'], data['files'][0]['data_size']), (44, 300 * 2352))

    def sox_samples(self, path):
        """The sample count libsox's own decoder reads (soxi -s)."""
        r = fx.tool('soxi', '-s', path)
        return int(r.stdout.decode())

    def test_decoded_types(self):
        # 300 frames and 100 samples: the last frame is padded, as for WAVE.
        samples = 300 * 588 + 100
        for kind, file_type, lossy in (('flac', 'FLAC', False), ('aiff', 'AIFF', False),
                                       ('ogg', 'OGG', True), ('mp3', 'MP3', True)):
            with self.subTest(type=file_type):
                src = fx.audio_file(kind, samples)
                if kind != 'mp3':  # this sox has no MP3 decoder
                    self.assertEqual(self.sox_samples(src), samples)
                diags = ()
                if lossy:
                    diags = [(W, 't.cue', 1, f'“a.{kind}”: its samples are converted to the 16 bits of CD audio')]
                data = self.check(f'a.{kind}', src, file_type, 301, 'AUDIO', diags)
                self.assertEqual(data['files'][0]['data_size'], samples * 4)

    def test_flac_declared_as_wave(self):
        # cdrdao reads the FLAC file as raw audio (14 frames of it): no oracle.
        self.check('a.flac', fx.frames_audio('flac', 100), 'WAVE', 100, 'AUDIO',
                   [(W, 't.cue', 1, '“a.flac”: the sheet says WAVE, but it is another audio format; decoding it')],
                   cdrdao=False)

    def test_wave_declared_as_binary(self):
        self.check('a.wav', fx.frames_audio('wav', 100), 'BINARY', 100, 'WAVE',
                   [(W, 't.cue', 1, '“a.wav”: the sheet says BINARY, but it is a WAVE file; '
                                    'reading its audio data without the header')])

    def test_24_bit_wave(self):
        self.check('a.wav', fx.frames_audio('wav24', 100), 'WAVE', 100, 'AUDIO',
                   [(W, 't.cue', 1, '“a.wav”: its samples are converted to the 16 bits of CD audio')])

    def test_wave_that_is_not_cd_audio(self):
        self.s.place(fx.frames_audio('wav48k', 100), 'a.wav')
        sheet = self.s.write('t.cue', one_track('FILE "a.wav" WAVE'))
        data = self.info(sheet, expect_rc=1).data
        self.assertDiagnostics(data, [(E, 't.cue', 1, '“a.wav” cannot be read: its audio is 48000 Hz with 1 '
                                                      'channels; CD audio is 44100 Hz stereo')])

    def test_file_without_type(self):
        self.check('a.wav', fx.frames_audio('wav', 100), '', 100, 'WAVE',
                   [(W, 't.cue', 1, 'FILE has no type; “a.wav” is read as WAVE')])

    def test_unknown_file_type(self):
        self.check('a.flac', fx.frames_audio('flac', 100), 'LOSSLESS', 100, 'AUDIO',
                   [(W, 't.cue', 1, 'unknown FILE type “LOSSLESS”; “a.flac” is decoded as audio if it is audio')])

    def test_partial_last_frame(self):
        # WAVE: padded silently (every ripper does it); BINARY audio: padded
        # with a warning; data: the partial sector is dropped, with a warning.
        self.check('a.wav', fx.frames_audio('wav', 100, extra_samples=1), 'WAVE', 101, 'WAVE')
        pcm = fx.frames_audio('le', 100).read_bytes()
        self.s.write('b.bin', pcm[:-4])
        sheet = self.s.write('b.cue', one_track('FILE "b.bin" BINARY'))
        data = self.info(sheet).data
        self.assertEqual(data['leadout'], 100)
        self.assertDiagnostics(data, [(W, 'b.cue', 1, '“b.bin” ends with a partial sector (2348 of 2352 bytes); '
                                                      'it is padded with silence')])
        iso = fx.iso_file().read_bytes()
        self.s.write('c.iso', iso + b'x' * 100)
        sheet = self.s.write('c.cue', one_track('FILE "c.iso" BINARY', 'MODE1/2048'))
        # cdrdao pads the partial data sector to a whole one (285 frames);
        # Spindle drops it and says so. No oracle for this one.
        data = self.info(sheet, cdrdao=False).data
        self.assertEqual(data['leadout'], len(iso) // 2048)
        self.assertDiagnostics(data, [(W, 'c.cue', 1, '“c.iso” is not a whole number of 2048-byte sectors; '
                                                      'its last 100 bytes are ignored')])


class TrackModes(fx.ScratchTestCase):

    MODES = [
        # mode, file, sector size, disc type
        ('AUDIO', lambda: fx.frames_audio('le', 100), 2352, 'CD_DA'),
        ('CDG', lambda: fx.derived_file('cdg_2448.bin'), 2448, 'CD_DA'),
        ('MODE1/2048', lambda: fx.iso_file(), 2048, 'CD_ROM'),
        ('MODE1/2352', lambda: fx.derived_file('mode1_2352.bin'), 2352, 'CD_ROM'),
        ('MODE2/2048', lambda: fx.derived_file('mode2_2048.bin'), 2048, 'CD_ROM_XA'),
        ('MODE2/2324', lambda: fx.derived_file('mode2_2324.bin'), 2324, 'CD_ROM_XA'),
        ('MODE2/2336', lambda: fx.derived_file('mode2_2336.bin'), 2336, 'CD_ROM_XA'),
        ('MODE2/2352', lambda: fx.vcd() / 'videocd.bin', 2352, 'CD_ROM_XA'),
        ('CDI/2336', lambda: fx.derived_file('mode2_2336.bin'), 2336, 'CD_I'),
        ('CDI/2352', lambda: fx.vcd() / 'videocd.bin', 2352, 'CD_I'),
    ]

    def test_every_mode(self):
        for mode, src, size, disc_type in self.MODES:
            with self.subTest(mode=mode):
                path = src()
                self.s.place(path, f'{mode.replace("/", "_")}.bin')
                sheet = self.s.write('t.cue', one_track(f'FILE "{mode.replace("/", "_")}.bin" BINARY', mode))
                data = self.info(sheet).data
                frames = os.path.getsize(path) // size
                self.assertEqual(os.path.getsize(path) % size, 0)
                self.assertLayout(data, [{'mode': mode, 'sector_size': size, 'start': 0, 'length': frames}], frames)
                self.assertEqual(data['disc_type'], disc_type)
                self.assertDiagnostics(data, [])

    def test_modes_in_any_case(self):
        for mode, src, size, disc_type in self.MODES:
            with self.subTest(mode=mode):
                self.s.place(src(), 'x.bin')
                sheet = self.s.write('t.cue', one_track('FILE "x.bin" BINARY', mode.lower()))
                self.assertEqual(self.info(sheet).data['tracks'][0]['mode'], mode)
                (self.s / 'x.bin').unlink()

    def test_mixed_sector_sizes_in_one_file(self):
        # A MODE1/2048 track then AUDIO in one file: byte offsets change
        # with the sector size (ISO frames * 2048, then 2352 per frame).
        iso = fx.iso_file()
        iso_frames = os.path.getsize(iso) // 2048
        with open(self.s / 'mix.bin', 'wb') as f:
            f.write(iso.read_bytes())
            f.write(fx.frames_audio('le', 300).read_bytes())
        size = os.path.getsize(self.s / 'mix.bin')
        m, s, fr = iso_frames // 4500, iso_frames // 75 % 60, iso_frames % 75
        sheet = self.s.write('mix.cue', f'''FILE "mix.bin" BINARY
  TRACK 01 MODE1/2048
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    INDEX 01 {m:02d}:{s:02d}:{fr:02d}
''')
        # cdrdao's Cue2Toc gives track 2's AUDIOFILE a byte offset of 2352
        # bytes per frame for the 2048-byte frames before it, so its track 2
        # runs from too far in to the end of the file.
        data = self.info(sheet, cdrdao={'end_bug': {2: iso_frames + -(-(size - iso_frames * 2352) // 2352)}}).data
        self.assertLayout(data, [
            {'start': 0, 'length': iso_frames, 'sector_size': 2048, 'file_offset': 0},
            {'start': iso_frames, 'length': 300, 'sector_size': 2352, 'file_offset': iso_frames * 2048},
        ], iso_frames + 300)
        self.assertDiagnostics(data, [])


class Indices(fx.ScratchTestCase):

    def test_index_00_to_99(self):
        # Track 2 has every index: INDEX 00 at frame 100, then INDEX n at
        # 100 + n for n = 1..99; so INDEX 01 is at 101.
        self.s.place(fx.frames_audio('le', 300), 'a.bin')
        lines = ['FILE "a.bin" BINARY', '  TRACK 01 AUDIO', '    INDEX 01 00:00:00', '  TRACK 02 AUDIO']
        for n in range(100):
            f = 100 + n
            lines.append(f'    INDEX {n:02d} {f // 4500:02d}:{f // 75 % 60:02d}:{f % 75:02d}')
        data = self.info(self.s.write('t.cue', '\n'.join(lines) + '\n')).data
        self.assertDiagnostics(data, [])
        self.assertLayout(data, [
            {'start': 0, 'length': 100},
            {'start': 101, 'pregap': 1, 'length': 199,
             'indices': [{'number': n, 'position': 100 + n} for n in range(100)]},
        ], 300)

    def test_index_numbers_that_skip(self):
        self.s.place(fx.frames_audio('le', 300), 'a.bin')
        sheet = self.s.write('t.cue', '''FILE "a.bin" BINARY
  TRACK 01 AUDIO
    INDEX 01 00:00:00
    INDEX 03 00:01:00
''')
        data = self.info(sheet).data
        self.assertEqual(fx.indices(data['tracks'][0]), {1: 0, 3: 75})
        self.assertDiagnostics(data, [(W, 't.cue', 4, 'INDEX 03 follows INDEX 01; index numbers skip')])

    def test_pregap_on_the_first_track(self):
        # PREGAP adds frames no file holds, even before track 1.
        self.s.place(fx.frames_audio('le', 300), 'a.bin')
        sheet = self.s.write('t.cue', 'FILE "a.bin" BINARY\n  TRACK 01 AUDIO\n    PREGAP 00:02:00\n'
                             '    INDEX 01 00:00:00\n')
        data = self.info(sheet).data
        self.assertLayout(data, [{'start': 150, 'pregap': 150, 'stored_pregap': 0, 'length': 300,
                                  'indices': [{'number': 0, 'position': 0}, {'number': 1, 'position': 150}]}], 450)

    def test_pregap_and_index_00_together(self):
        # PREGAP 30 (generated) and INDEX 00 to 01 = 75 frames (in the file):
        # a pregap of 105 frames, all of them index 0, so INDEX 00 is where
        # the track begins, 105 frames before INDEX 01 (as for a PREGAP
        # alone, where Spindle puts INDEX 00 at the track's first frame).
        self.s.place(fx.frames_audio('le', 300), 'a.bin')
        self.s.place(fx.frames_audio('le', 300), 'b.bin')
        sheet = self.s.write('t.cue', '''FILE "a.bin" BINARY
  TRACK 01 AUDIO
    INDEX 01 00:00:00
FILE "b.bin" BINARY
  TRACK 02 AUDIO
    PREGAP 00:00:30
    INDEX 00 00:00:00
    INDEX 01 00:01:00
''')
        data = self.info(sheet).data
        self.assertDiagnostics(data, [])
        self.assertLayout(data, [
            {'start': 0, 'length': 300},
            {'start': 405, 'pregap': 105, 'stored_pregap': 75, 'length': 225,
             'indices': [{'number': 0, 'position': 300}, {'number': 1, 'position': 405}]},
        ], 630)

    def test_frames_before_the_first_index_of_a_file(self):
        # Track 2's file starts 75 frames before its INDEX 01 and the sheet
        # has no INDEX 00: those frames are its pregap, with a warning.
        self.s.place(fx.frames_audio('le', 300), 'a.bin')
        self.s.place(fx.frames_audio('le', 300), 'b.bin')
        sheet = self.s.write('t.cue', '''FILE "a.bin" BINARY
  TRACK 01 AUDIO
    INDEX 01 00:00:00
FILE "b.bin" BINARY
  TRACK 02 AUDIO
    INDEX 01 00:01:00
''')
        # cdrdao skips those 75 frames (its AUDIOFILE starts at 00:01:00);
        # Spindle keeps them on purpose, so no oracle here.
        data = self.info(sheet, cdrdao=False).data
        self.assertLayout(data, [{'start': 0, 'length': 300},
                                 {'start': 375, 'pregap': 75, 'stored_pregap': 75, 'length': 225}], 600)
        self.assertDiagnostics(data, [(W, 't.cue', 6, 'TRACK 02 starts at 00:01:00 in “b.bin”; the 75 frames '
                                                      'before it are taken as its pregap (INDEX 00)')])


class EacSheets(fx.ScratchTestCase):

    def test_gaps_appended_to_previous_track(self):
        # EAC's "gaps appended to previous track" multi-WAVE sheet: a track's
        # INDEX 00 is in the previous track's file, its INDEX 01 starts the
        # next file; TRACK 03 is written under FILE "02.wav".
        # Three files of 300 frames. Hand-checked:
        #   track 1: INDEX 01 at 0; track 2's INDEX 00 at 00:03:00 = 225
        #   track 2: INDEX 00 at 225, INDEX 01 at 300 (02.wav's start),
        #            pregap 75 (all in 01.wav); INDEX 00 of track 3 at
        #            300 + 00:02:50 = 300 + 200 = 500
        #   track 3: INDEX 00 at 500, INDEX 01 at 600, pregap 100; leadout 900
        for n in (1, 2, 3):
            self.s.place(fx.frames_audio('wav', 300), f'0{n}.wav')
        sheet = self.s.write('gaps.cue', '''REM COMMENT "ExactAudioCopy v1.6"
FILE "01.wav" WAVE
  TRACK 01 AUDIO
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    INDEX 00 00:03:00
FILE "02.wav" WAVE
    INDEX 01 00:00:00
  TRACK 03 AUDIO
    INDEX 00 00:02:50
FILE "03.wav" WAVE
    INDEX 01 00:00:00
''')
        data = self.info(sheet).data
        self.assertLayout(data, [
            {'number': 1, 'start': 0, 'length': 225, 'pregap': 0, 'file': '01.wav', 'file_offset': 0},
            {'number': 2, 'start': 300, 'length': 200, 'pregap': 75, 'stored_pregap': 75,
             'indices': [{'number': 0, 'position': 225}, {'number': 1, 'position': 300}],
             'file': '02.wav', 'file_offset': 0},
            {'number': 3, 'start': 600, 'length': 300, 'pregap': 100, 'stored_pregap': 100,
             'indices': [{'number': 0, 'position': 500}, {'number': 1, 'position': 600}],
             'file': '03.wav', 'file_offset': 0},
        ], 900)
        self.assertDiagnostics(data, [])
        # cdrdao cannot read this sheet (its Cue2Toc computes a negative pregap).
        with self.assertRaises(fx.OracleUnavailable):
            fx.cdrdao_show_toc(sheet)

    def test_gaps_appended_two_files(self):
        # The same with two files: track 2's INDEX 00 in 01.wav.
        for n in (1, 2):
            self.s.place(fx.frames_audio('wav', 300), f'0{n}.wav')
        sheet = self.s.write('gaps.cue', '''FILE "01.wav" WAVE
  TRACK 01 AUDIO
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    INDEX 00 00:03:00
FILE "02.wav" WAVE
    INDEX 01 00:00:00
''')
        data = self.info(sheet).data
        self.assertLayout(data, [{'start': 0, 'length': 225},
                                 {'start': 300, 'length': 300, 'pregap': 75, 'stored_pregap': 75}], 600)
        self.assertDiagnostics(data, [])

    def test_lower_case_multi_wave(self):
        # EAC-style one WAVE per track, every keyword in lower case, with
        # INDEX 00 at the start of each file (gaps left out, "noncompliant").
        for n in (1, 2):
            self.s.place(fx.frames_audio('wav', 300), f'0{n}.wav')
        sheet = self.s.write('lower.cue', '''rem genre "Jazz"
catalog 0724384960650
performer "Someone"
title "Lower"
file "01.wav" wave
  track 01 audio
    title "First"
    flags dcp
    isrc GBAYE9900011
    index 01 00:00:00
file "02.wav" wave
  track 02 audio
    index 00 00:00:00
    index 01 00:01:00
    index 02 00:02:00
    postgap 00:00:10
''')
        # cdrdao (which reads lower case) puts INDEX 02 75 frames late: its bug.
        data = self.info(sheet, cdrdao={'hand_indices': {2: {2: 450}}, 'index_bug': {2: 75}}).data
        # Track 2: 75 stored pregap frames; INDEX 02 at file frame 150, i.e.
        # disc 300 + 150 = 450; post-gap of 10 after the file's 225 frames.
        self.assertLayout(data, [
            {'start': 0, 'length': 300, 'title': 'First', 'flags': ['DCP'], 'isrc': 'GBAYE9900011'},
            {'start': 375, 'pregap': 75, 'stored_pregap': 75, 'length': 235, 'postgap': 10,
             'indices': [{'number': 0, 'position': 300}, {'number': 1, 'position': 375},
                         {'number': 2, 'position': 450}]},
        ], 610)
        self.assertEqual((data['catalog'], data['title'], data['performer'], data['rem']),
                         ('0724384960650', 'Lower', 'Someone', {'GENRE': 'Jazz'}))
        self.assertDiagnostics(data, [])


class Metadata(fx.ScratchTestCase):

    def setUp(self):
        super().setUp()
        self.s.place(fx.frames_audio('wav', 300), 'a.wav')

    def test_cdtext_keywords_rem_flags_isrc_catalog(self):
        sheet = self.s.write('t.cue', '''REM GENRE "Electronic"
REM DATE 2001
REM DISCID 12345678
REM COMMENT "ripped with care"
REM REPLAYGAIN_ALBUM_GAIN -7.89 dB
REM REPLAYGAIN_ALBUM_PEAK 0.988
REM ANYTHING else is a comment
CATALOG 1234567890123
TITLE "Disc"
PERFORMER "Band"
SONGWRITER "Writer"
COMPOSER "Composer"
ARRANGER "Arranger"
MESSAGE "Message"
DISC_ID "XY12345"
GENRE "Pop"
UPC_EAN 1234567890123
FILE "a.wav" WAVE
  TRACK 01 AUDIO
    TITLE "Title with a "quote" in it"
    PERFORMER "TP"
    SONGWRITER "TS"
    COMPOSER "TC"
    ARRANGER "TA"
    MESSAGE "TM"
    REM REPLAYGAIN_TRACK_GAIN -3.21 dB
    REM REPLAYGAIN_TRACK_PEAK 0.5
    REM DATE 1999
    FLAGS DCP 4CH PRE SCMS DATA
    ISRC US-RC1-76-07839
    INDEX 01 00:00:00
''')
        data = self.info(sheet).data
        self.assertDiagnostics(data, [])
        self.assertEqual(data['catalog'], '1234567890123')
        self.assertEqual(data['cdtext'], {'title': 'Disc', 'performer': 'Band', 'songwriter': 'Writer',
                                          'composer': 'Composer', 'arranger': 'Arranger', 'message': 'Message',
                                          'disc_id': 'XY12345', 'genre': 'Pop', 'upc_ean': '1234567890123'})
        self.assertEqual(data['rem'], {'GENRE': 'Electronic', 'DATE': '2001', 'DISCID': '12345678',
                                       'COMMENT': 'ripped with care', 'REPLAYGAIN_ALBUM_GAIN': '-7.89 dB',
                                       'REPLAYGAIN_ALBUM_PEAK': '0.988'})
        t = data['tracks'][0]
        self.assertEqual(t['cdtext'], {'title': 'Title with a "quote" in it', 'performer': 'TP',
                                       'songwriter': 'TS', 'composer': 'TC', 'arranger': 'TA', 'message': 'TM'})
        self.assertEqual((t['title'], t['performer']), ('Title with a "quote" in it', 'TP'))
        self.assertEqual(t['rem'], {'REPLAYGAIN_TRACK_GAIN': '-3.21 dB', 'REPLAYGAIN_TRACK_PEAK': '0.5',
                                    'DATE': '1999'})
        self.assertEqual(t['flags'], ['DCP', '4CH', 'PRE', 'SCMS'])
        self.assertEqual(t['isrc'], 'USRC17607839')

    def test_tolerated_metadata_problems(self):
        sheet = self.s.write('t.cue', '''CATALOG 12345
REM REPLAYGAIN_TRACK_GAIN -1 dB
FLAGS DCP
FILE "a.wav" WAVE
  TRACK 01 AUDIO
    TITLE "Unterminated
    TITLE "Second"
    FLAGS DCP LOUD
    ISRC NOT-AN-ISRC
    INDEX 01 00:00:00
    CUE_MARKER 1
''')
        data = self.info(sheet).data
        self.assertDiagnostics(data, [
            (W, 't.cue', 1, 'CATALOG “12345” is not 13 digits; it is ignored'),
            (W, 't.cue', 2, 'REM REPLAYGAIN_TRACK_GAIN outside a track is ignored'),
            (W, 't.cue', 3, 'FLAGS outside a track is ignored'),
            (W, 't.cue', 6, 'TITLE has no closing quote; the rest of the line is taken'),
            (W, 't.cue', 7, 'a second TITLE replaces the first'),
            (W, 't.cue', 8, 'unknown flag “LOUD” is ignored'),
            (W, 't.cue', 9, 'ISRC “NOT-AN-ISRC” is not 12 letters and digits (CCOOOYYNNNNN); it is ignored'),
            (W, 't.cue', 11, 'unknown command “CUE_MARKER” is ignored'),
        ])
        self.assertEqual((data['catalog'], data['tracks'][0]['title'], data['tracks'][0]['isrc'],
                          data['tracks'][0]['flags']), (None, 'Second', None, ['DCP']))

    def test_cdtextfile(self):
        # No tool here writes a .cdt file without a CD burner (cdrskin's
        # --cdtext_dummy and cdrdao need a real blank CD-R), so the packs are
        # laid out by fixtures.cdtext_packs, their CRCs computed by Python's
        # binascii.crc_hqx (CRC-16/XMODEM, checked here against the CRC
        # catalogue's check value), and cdrskin (libburn) reads the file
        # back: that checks the pack layout (sequence numbers, track numbers,
        # size information) with code we did not write. cdrskin does not
        # check the CRCs themselves.
        self.assertEqual(fx.binascii.crc_hqx(b'123456789', 0), 0x31C3)
        fields = {'TITLE': ['CDT Disc', 'CDT One', 'CDT Two'],
                  'PERFORMER': ['CDT Band', 'CDT P1', 'CDT P2'],
                  'SONGWRITER': ['', 'CDT Writer', '']}
        cdt = fx.cdtext_file(self.s / 'disc.cdt', fields, last_track=2)
        v07t = fx.cdrskin_v07t(cdt)
        self.assertEqual({k: v07t.get(k) for k in ('Album Title', 'Artist Name', 'Track 01 Title',
                                                   'Track 01 Artist', 'Track 02 Title', 'Track 01 Songwriter',
                                                   'First Track Number', 'Last Track Number')},
                         {'Album Title': 'CDT Disc', 'Artist Name': 'CDT Band', 'Track 01 Title': 'CDT One',
                          'Track 01 Artist': 'CDT P1', 'Track 02 Title': 'CDT Two',
                          'Track 01 Songwriter': 'CDT Writer', 'First Track Number': '1',
                          'Last Track Number': '2'})

        sheet = self.s.write('t.cue', '''CDTEXTFILE "disc.cdt"
FILE "a.wav" WAVE
  TRACK 01 AUDIO
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    TITLE "Sheet Two"
    INDEX 01 00:02:00
''')
        data = self.info(sheet).data
        self.assertDiagnostics(data, [])
        self.assertEqual(data['cdtext_file'], 'disc.cdt')
        self.assertEqual((data['title'], data['performer']), ('CDT Disc', 'CDT Band'))
        t1, t2 = data['tracks']
        self.assertEqual(t1['cdtext'], {'title': 'CDT One', 'performer': 'CDT P1', 'songwriter': 'CDT Writer'})
        # What the sheet says wins over the CD-TEXT file.
        self.assertEqual(t2['cdtext'], {'title': 'Sheet Two', 'performer': 'CDT P2'})

    def test_cdtextfile_without_header(self):
        fx.cdtext_file(self.s / 'raw.cdt', {'TITLE': ['Raw Disc', 'Raw One']}, last_track=1, header=False)
        sheet = self.s.write('t.cue', 'CDTEXTFILE "raw.cdt"\n' + one_track('FILE "a.wav" WAVE'))
        data = self.info(sheet).data
        self.assertEqual((data['title'], data['tracks'][0]['title']), ('Raw Disc', 'Raw One'))

    def test_cdtextfile_missing_or_not_cdtext(self):
        sheet = self.s.write('t.cue', 'CDTEXTFILE "none.cdt"\n' + one_track('FILE "a.wav" WAVE'))
        data = self.info(sheet, expect_rc=1).data
        self.assertEqual(len(data['diagnostics']), 1)
        self.assertEqual(data['diagnostics'][0]['line'], 1)
        self.assertRegex(data['diagnostics'][0]['message'],
                         r'^CD-TEXT file “none.cdt” cannot be read: .*No such file or directory$')
        self.s.write('junk.cdt', b'this is not CD-TEXT')
        sheet = self.s.write('u.cue', 'CDTEXTFILE "junk.cdt"\n' + one_track('FILE "a.wav" WAVE'))
        data = self.info(sheet, expect_rc=1).data
        self.assertDiagnostics(data, [
            (W, 'u.cue', 1, 'CD-TEXT file “junk.cdt”: 19 bytes are not a whole number of 18-byte CD-TEXT packs'),
            (E, 'u.cue', 1, 'CD-TEXT file “junk.cdt” holds no CD-TEXT that can be decoded'),
        ])


class Sessions(fx.ScratchTestCase):

    def test_sessions_must_increase(self):
        self.s.place(fx.frames_audio('le', 300), 'a.bin')
        sheet = self.s.write('t.cue', '''REM SESSION 02
FILE "a.bin" BINARY
  TRACK 01 AUDIO
    INDEX 01 00:00:00
REM SESSION 01
  TRACK 02 AUDIO
    INDEX 01 00:02:00
''')
        r = self.info(sheet, expect_rc=1)
        self.assertEqual(r.stderr, 'spindle-cli: t.cue:5: REM SESSION 01 follows session 02; sessions must increase\n')

    def test_three_sessions(self):
        self.s.place(fx.frames_audio('le', 300), 'a.bin')
        sheet = self.s.write('t.cue', '''FILE "a.bin" BINARY
  TRACK 01 AUDIO
    INDEX 01 00:00:00
REM SESSION 02
  TRACK 02 AUDIO
    INDEX 01 00:01:00
rem session 3
  TRACK 03 AUDIO
    INDEX 01 00:02:00
''')
        data = self.info(sheet).data
        self.assertEqual(data['sessions'], 3)
        self.assertEqual([t['session'] for t in data['tracks']], [1, 2, 3])


class Encodings(fx.ScratchTestCase):

    BODY = ('TITLE "Café – “Quoted”"\nPERFORMER "Björk"\nFILE "a.wav" WAVE\n  TRACK 01 AUDIO\n'
            '    TITLE "Ünïcödé"\n    INDEX 01 00:00:00\n')

    def setUp(self):
        super().setUp()
        self.s.place(fx.frames_audio('wav', 100), 'a.wav')

    def check(self, raw, diagnostics, title='Café – “Quoted”'):
        sheet = self.s.write('t.cue', raw)
        data = self.info(sheet).data
        self.assertEqual((data['title'], data['performer'], data['tracks'][0]['title'], data['leadout']),
                         (title, 'Björk', 'Ünïcödé', 100))
        self.assertDiagnostics(data, diagnostics)

    def test_utf8(self):
        self.check(self.BODY.encode(), [])

    def test_utf8_bom(self):
        self.check(b'\xef\xbb\xbf' + self.BODY.encode(), [])
        # cdrdao cannot read a sheet with a BOM.
        with self.assertRaises(fx.OracleUnavailable):
            fx.cdrdao_show_toc(self.s / 't.cue')

    def test_utf16_le_and_be(self):
        self.check(b'\xff\xfe' + self.BODY.replace('\n', '\r\n').encode('utf-16-le'),
                   [(W, 't.cue', None, 'the sheet is not UTF-8; it was read as UTF-16LE')])
        self.check(b'\xfe\xff' + self.BODY.encode('utf-16-be'),
                   [(W, 't.cue', None, 'the sheet is not UTF-8; it was read as UTF-16BE')])

    def test_windows_1252(self):
        self.check(self.BODY.encode('cp1252'), [(W, 't.cue', None, 'the sheet is not UTF-8; it was read as Windows-1252')])

    def test_latin_1(self):
        # 0x81 is undefined in Windows-1252: only Latin-1 reads this one.
        body = self.BODY.replace('–', '-').replace('“', '<').replace('”', '>')
        self.check(body.encode('latin-1') + b'REM \x81\n', [(W, 't.cue', None, 'the sheet is not UTF-8; '
                                                                                'it was read as Latin-1 (ISO-8859-1)')],
                   title='Café - <Quoted>')

    def test_line_ends_with_rem_lines(self):
        for newline in ('\n', '\r\n', '\r'):
            with self.subTest(newline=repr(newline)):
                text = 'REM DATE 2001\nREM GENRE Rock\n' + self.BODY + '  TRACK 02 AUDIO\n    INDEX 01 00:00:50\n'
                sheet = self.s.write('t.cue', text, newline=newline)
                data = self.info(sheet).data
                self.assertEqual(data['rem'], {'DATE': '2001', 'GENRE': 'Rock'})
                self.assertEqual([t['start'] for t in data['tracks']], [0, 50])
                self.assertDiagnostics(data, [])

    def test_mixed_line_ends_count_lines(self):
        # Line numbers in diagnostics count CRLF, CR and LF each as one end.
        text = 'FILE "a.wav" WAVE\r\n  TRACK 01 AUDIO\r    INDEX 01 00:00:00\n    FLAGS LOUD\r\n'
        data = self.info(self.s.write('t.cue', text.encode())).data
        self.assertDiagnostics(data, [(W, 't.cue', 4, 'unknown flag “LOUD” is ignored')])


class FileResolution(fx.ScratchTestCase):

    def setUp(self):
        super().setUp()
        self.pcm = fx.frames_audio('le', 100)

    def sheet(self, name, file_name, where='t.cue'):
        return self.s.write(where, one_track(f'FILE "{file_name}" BINARY'))

    def check(self, sheet, file, diagnostics, rc=0):
        data = self.info(sheet, expect_rc=rc).data
        if file is not None:
            self.assertEqual(data['tracks'][0]['file'], file)
        self.assertDiagnostics(data, diagnostics)
        return data

    def test_windows_absolute_path(self):
        self.s.place(self.pcm, 'y.bin')
        self.check(self.sheet('t.cue', 'C:\\rips\\y.bin'), 'y.bin', [
            # One warning: the second would only repeat the first.
            (W, 't.cue', 1, '“C:\\rips\\y.bin” is a Windows path; looking for “y.bin” beside the sheet')])

    def test_windows_relative_path(self):
        self.s.place(self.pcm, 'sub/y.bin')
        self.check(self.sheet('t.cue', 'sub\\y.bin'), 'sub/y.bin', [])

    def test_windows_relative_path_to_a_missing_folder(self):
        # The folder the sheet names is gone; the file sits beside the sheet.
        self.s.place(self.pcm, 'y.bin')
        r = self.info(self.sheet('t.cue', 'rips\\y.bin'))
        self.assertEqual(r.data['tracks'][0]['file'], 'y.bin')
        self.assertDiagnostics(r.data, [(W, 't.cue', 1, '“rips\\y.bin” not found; using “y.bin” beside the sheet')])

    def test_case_mismatch(self):
        self.s.place(self.pcm, 'Game (Track 1).Bin')
        self.check(self.sheet('t.cue', 'GAME (TRACK 1).BIN'), 'Game (Track 1).Bin', [
            (W, 't.cue', 1, '“GAME (TRACK 1).BIN” not found; using “Game (Track 1).Bin”, '
                            'whose name differs only in letter case')])

    def test_case_mismatch_in_a_sub_folder(self):
        self.s.place(self.pcm, 'sub/y.bin')
        self.check(self.sheet('t.cue', 'sub/Y.BIN'), 'sub/y.bin', [
            (W, 't.cue', 1, '“sub/Y.BIN” not found; using “sub/y.bin”, whose name differs only in letter case')])

    def test_renamed_lone_bin(self):
        self.s.place(self.pcm, 'renamed.bin')
        self.check(self.sheet('t.cue', 'original.bin'), 'renamed.bin', [
            (W, 't.cue', 1, '“original.bin” not found; using “renamed.bin”, the only other .bin file beside the sheet')])

    def test_renamed_bin_of_a_multi_file_sheet(self):
        self.s.place(self.pcm, 'one.bin')
        self.s.place(self.pcm, 'renamed.bin')
        sheet = self.s.write('t.cue', 'FILE "one.bin" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n'
                             'FILE "two.bin" BINARY\n  TRACK 02 AUDIO\n    INDEX 01 00:00:00\n')
        data = self.info(sheet).data
        self.assertEqual([t['file'] for t in data['tracks']], ['one.bin', 'renamed.bin'])
        self.assertDiagnostics(data, [(W, 't.cue', 4, '“two.bin” not found; using “renamed.bin”, '
                                                      'the only other .bin file beside the sheet')])

    def test_two_candidates_are_not_guessed(self):
        self.s.place(self.pcm, 'a.bin')
        self.s.place(self.pcm, 'b.bin')
        data = self.check(self.sheet('t.cue', 'original.bin'), None,
                          [(E, 't.cue', 1, '“original.bin” not found')], rc=1)
        self.assertEqual(data['files'][0]['status'], 'missing')

    def test_absolute_and_parent_paths(self):
        self.s.place(self.pcm, 'y.bin')
        self.check(self.sheet('t.cue', str(self.s / 'y.bin')), 'y.bin', [
            (W, 't.cue', 1, f'“{self.s / "y.bin"}” is an absolute path, outside the sheet\'s folder')])
        self.s.write('sub/u.cue', one_track('FILE "../y.bin" BINARY'))
        # Outside the sheet's folder, the file is shown by its full path.
        self.check(self.s / 'sub/u.cue', str(self.s / 'y.bin'),
                   [(W, 'u.cue', 1, '“../y.bin” points outside the sheet\'s folder')])


class Usage(fx.ScratchTestCase):

    def test_bad_usage_exits_2(self):
        self.s.place(fx.frames_audio('le', 100), 'a.bin')
        sheet = self.s.write('t.cue', one_track('FILE "a.bin" BINARY'))
        for args, message in ((['info'], 'spindle-cli: no image given'),
                              (['info', sheet, sheet], 'spindle-cli: give one image'),
                              (['info', '--no-such-option', sheet], 'spindle-cli: Unknown option --no-such-option'),
                              (['no-such-command'], 'spindle-cli: unknown command “no-such-command”'),
                              ([], 'Usage: spindle-cli COMMAND [OPTION…] IMAGE')):
            with self.subTest(args=args):
                r = fx.run_cli(*args)
                self.assertEqual(r.rc, 2)
                self.assertEqual(r.stderr.splitlines()[0], message)
                self.assertEqual(r.stdout, '')

    def test_text_listing(self):
        self.s.place(fx.frames_audio('le', 300), 'a.bin')
        sheet = self.s.write('t.cue', '''FILE "a.bin" BINARY
  TRACK 01 AUDIO
    ISRC GBAYE9900011
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    INDEX 00 00:01:00
    INDEX 01 00:02:00
    FLAGS LOUD
''')
        r = self.info(sheet, json_output=False)
        out = r.stdout
        self.assertIn('Image:       t.cue (cue sheet)\n', out)
        self.assertIn('Length:      00:04:00 (300 frames)\n', out)
        self.assertRegex(out, r'\n  02    AUDIO       00:02:00     150      00:02:00     150      00:01:00   a\.bin @ 352800\n')
        self.assertIn('          Index 00:    00:01:00      75\n', out)
        self.assertIn('          ISRC:        GBAYE9900011\n', out)
        self.assertIn('\nProblems:\n  t.cue:8: warning: unknown flag “LOUD” is ignored\n', out)


if __name__ == '__main__':
    unittest.main(verbosity=2)
