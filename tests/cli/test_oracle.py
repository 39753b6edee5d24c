#!/usr/bin/python3
# spindle-cli info --json against cdrdao show-toc (and libcdio's cd-info where
# it can read the sheet), on cue sheets and TOC files built from images that
# vcdimager, genisoimage, sox and friends made.
#
# What is compared, per track: mode, start (INDEX 01), pregap, end (start +
# length, which is where cdrdao prints END), INDEX 02+ positions, the flags
# cdrdao prints (DCP, PRE, 4CH), ISRC; per disc: leadout, catalog, disc type.
#
# cdrdao 1.2.4's cue reader has a known bug: its Cue2Toc writes the file
# timecode of INDEX 02+ into a TOC INDEX statement, which cdrdao takes as
# relative to INDEX 01, so cdrdao puts INDEX n at START + (file time of
# INDEX n) instead of START + (file time of INDEX n - file time of INDEX 01).
# For every cue sheet with INDEX 02+, the test states the positions by hand
# and asserts that cdrdao's differ by exactly the file time of INDEX 01.
#
# Copyright 2026 The Spindle authors
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.environ.get('SPINDLE_SOURCE_ROOT', '.'), 'tests', 'fixtures'))
import fixtures as fx  # noqa: E402

AUDIO = 300          # frames in the stock audio files (4 s)


def concat(dst, *parts):
    with open(dst, 'wb') as out:
        for p in parts:
            with open(p, 'rb') as f:
                out.write(f.read())
    return dst


class OracleTest(fx.ScratchTestCase):

    def open(self, sheet, expect_rc=0, warnings_ok=False):
        r = self.info(sheet, expect_rc=expect_rc)
        if not warnings_ok:
            self.assertEqual(r.data['diagnostics'], [], 'a clean sheet has no diagnostics')
        return r.data

    # ---- Cue sheets: vcdimager ------------------------------------------------

    def test_vcd_sheet_from_vcdimager(self):
        d = fx.vcd()
        self.s.place(d / 'videocd.bin', 'videocd.bin')
        sheet = self.s.place(d / 'videocd.cue', 'videocd.cue')
        data = self.open(sheet)
        self.assertEqual([t['mode'] for t in data['tracks']], ['MODE2/2352', 'MODE2/2352'])
        self.assertEqual(data['leadout'] * 2352, os.path.getsize(d / 'videocd.bin'))
        self.compare_cdrdao(sheet, data)
        self.compare_cd_info(sheet, data)

    def test_svcd_sheet_from_vcdimager(self):
        d = fx.svcd()
        self.s.place(d / 'svcd.bin', 'svcd.bin')
        sheet = self.s.place(d / 'svcd.cue', 'svcd.cue')
        data = self.open(sheet)
        self.assertEqual(data['disc_type'], 'CD_ROM_XA')
        self.compare_cdrdao(sheet, data)
        self.compare_cd_info(sheet, data)

    def test_mode2_2336_sheet(self):
        # vcdimager's disc without sync and headers, with vcdimager's layout.
        lay = fx.vcd_cue_layout(fx.vcd() / 'videocd.cue')
        self.assertEqual([n for n, _ in lay], [1, 0, 1], 'vcdimager\'s sheet changed')
        self.s.place(fx.derived_file('mode2_2336.bin'), 'vcd2336.bin')
        t00, t01 = lay[1][1], lay[2][1]
        sheet = self.s.write('vcd2336.cue', f'''FILE "vcd2336.bin" BINARY
  TRACK 01 MODE2/2336
    INDEX 01 00:00:00
  TRACK 02 MODE2/2336
    INDEX 00 {t00 // 4500:02d}:{t00 // 75 % 60:02d}:{t00 % 75:02d}
    INDEX 01 {t01 // 4500:02d}:{t01 // 75 % 60:02d}:{t01 % 75:02d}
''')
        data = self.open(sheet)
        self.assertEqual([t['sector_size'] for t in data['tracks']], [2336, 2336])
        self.assertEqual(data['tracks'][1]['start'], t01)
        self.assertEqual(data['tracks'][1]['pregap'], t01 - t00)
        size = os.path.getsize(fx.derived_file('mode2_2336.bin'))
        self.assertEqual(data['leadout'] * 2336, size)
        # cdrdao's Cue2Toc gives the DATAFILE of track 2 a byte offset of
        # 2352 bytes per frame whatever the mode, so its track 2 runs to
        # the end of the file from too far in.
        self.compare_cdrdao(sheet, data, end_bug={2: t00 + -(-(size - t00 * 2352) // 2336)})

    # ---- Cue sheets: ISO and mixed mode ------------------------------------------

    def test_iso_in_a_sheet(self):
        # cd-info reads "<sheet name>.bin" whatever FILE says, so name it so.
        self.s.place(fx.iso_file(), 'data.bin')
        sheet = self.s.write('data.cue', 'FILE "data.bin" BINARY\n  TRACK 01 MODE1/2048\n    INDEX 01 00:00:00\n')
        data = self.open(sheet)
        self.assertEqual(data['leadout'], os.path.getsize(fx.iso_file()) // 2048)
        self.compare_cdrdao(sheet, data)
        self.compare_cd_info(sheet, data, leadout=False)

    def mixed_bin(self, name='mixed.bin'):
        """Mode 1 raw data (284 frames) + 300 + 300 frames of audio, one file."""
        return concat(self.s / name, fx.derived_file('mode1_2352.bin'),
                      fx.frames_audio('le', AUDIO), fx.frames_audio('le', AUDIO))

    MIXED_CUE = '''CATALOG 0724384960650
FILE "mixed.bin" BINARY
  TRACK 01 MODE1/2352
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    FLAGS DCP PRE
    ISRC GBAYE9900001
    INDEX 00 00:03:59
    INDEX 01 00:05:59
  TRACK 03 AUDIO
    FLAGS 4CH
    INDEX 01 00:07:59
'''

    def test_mixed_mode_single_bin(self):
        self.mixed_bin()
        sheet = self.s.write('mixed.cue', self.MIXED_CUE)
        data = self.open(sheet)
        # Hand-checked: 284 data frames, INDEX 00 at 284, INDEX 01 at 434.
        self.assertLayout(data, [
            {'number': 1, 'mode': 'MODE1/2352', 'start': 0, 'length': 284, 'pregap': 0},
            {'number': 2, 'mode': 'AUDIO', 'start': 434, 'length': 150, 'pregap': 150,
             'stored_pregap': 150, 'flags': ['DCP', 'PRE'], 'isrc': 'GBAYE9900001'},
            {'number': 3, 'start': 584, 'length': 300, 'flags': ['4CH']},
        ], 884)
        self.compare_cdrdao(sheet, data)
        self.compare_cd_info(sheet, data)

    def test_mixed_mode_line_ends(self):
        self.mixed_bin()
        reference = self.open(self.s.write('mixed.cue', self.MIXED_CUE))
        for newline, name in (('\r\n', 'crlf'), ('\r', 'cr')):
            with self.subTest(line_end=name):
                sheet = self.s.write(f'{name}.cue', self.MIXED_CUE, newline=newline)
                data = self.open(sheet)
                self.assertEqual(data['tracks'], reference['tracks'])
                self.compare_cdrdao(sheet, data)

    # ---- Cue sheets: audio ------------------------------------------------------------

    def test_wave_sheet_with_gaps_flags_and_text(self):
        self.s.place(fx.frames_audio('wav', 600), 'album.wav')
        sheet = self.s.write('album.cue', '''PERFORMER "Disc Performer"
TITLE "Disc Title"
FILE "album.wav" WAVE
  TRACK 01 AUDIO
    TITLE "One"
    PERFORMER "First"
    INDEX 01 00:00:00
    POSTGAP 00:01:00
  TRACK 02 AUDIO
    TITLE "Two"
    FLAGS DCP
    ISRC USRC17607839
    PREGAP 00:02:00
    INDEX 01 00:02:00
  TRACK 03 AUDIO
    FLAGS PRE 4CH
    INDEX 00 00:04:00
    INDEX 01 00:04:50
''')
        data = self.open(sheet)
        # Hand-checked: track 1 is 150 frames + 75 of post-gap; track 2 adds
        # 150 frames of pregap; track 3's 50-frame pregap is in the file.
        self.assertLayout(data, [
            {'start': 0, 'length': 225, 'pregap': 0, 'postgap': 75, 'title': 'One', 'performer': 'First'},
            {'start': 375, 'length': 150, 'pregap': 150, 'stored_pregap': 0, 'isrc': 'USRC17607839',
             'flags': ['DCP'], 'title': 'Two'},
            {'start': 575, 'length': 250, 'pregap': 50, 'stored_pregap': 50, 'flags': ['4CH', 'PRE']},
        ], 825)
        self.assertEqual((data['title'], data['performer']), ('Disc Title', 'Disc Performer'))
        self.compare_cdrdao(sheet, data)

    def test_motorola_sheet(self):
        self.s.place(fx.frames_audio('be', AUDIO), 'big.raw')
        sheet = self.s.write('big.cue', '''FILE "big.raw" MOTOROLA
  TRACK 01 AUDIO
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    INDEX 00 00:01:00
    INDEX 01 00:01:30
''')
        data = self.open(sheet)
        self.assertLayout(data, [{'start': 0, 'length': 75}, {'start': 105, 'length': 195, 'pregap': 30}], 300)
        self.assertEqual(data['files'][0]['type'], 'MOTOROLA')
        self.compare_cdrdao(sheet, data)

    # EAC's single-file sheet ("Image + CUE"): one BIN, INDEX 00 and INDEX 02.
    EAC_CUE = '''REM GENRE Rock
REM DATE 1999
REM DISCID 8A09C30B
REM COMMENT "ExactAudioCopy v1.6"
CATALOG 0724384960650
PERFORMER "The Artist"
TITLE "The Album"
FILE "The Album.bin" BINARY
  TRACK 01 AUDIO
    TITLE "Opening"
    PERFORMER "The Artist"
    ISRC GBAYE9900011
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    TITLE "Middle"
    PERFORMER "The Artist"
    ISRC GBAYE9900012
    INDEX 00 00:02:00
    INDEX 01 00:03:00
    INDEX 02 00:04:00
    INDEX 03 00:05:10
  TRACK 03 AUDIO
    TITLE "Closing"
    PERFORMER "The Artist"
    INDEX 00 00:12:00
    INDEX 01 00:13:00
'''

    def eac_check(self, sheet, data):
        # Hand-checked: INDEX 01 of track 2 at 225, INDEX 02 at 300, INDEX 03
        # at 5*75+10 = 385; track 3 INDEX 00 at 900, INDEX 01 at 975; 1200 frames.
        self.assertLayout(data, [
            {'number': 1, 'start': 0, 'length': 150, 'pregap': 0, 'isrc': 'GBAYE9900011', 'title': 'Opening'},
            {'number': 2, 'start': 225, 'length': 675, 'pregap': 75, 'stored_pregap': 75,
             'indices': [{'number': 0, 'position': 150}, {'number': 1, 'position': 225},
                         {'number': 2, 'position': 300}, {'number': 3, 'position': 385}]},
            {'number': 3, 'start': 975, 'length': 225, 'pregap': 75,
             'indices': [{'number': 0, 'position': 900}, {'number': 1, 'position': 975}]},
        ], 1200)
        self.assertEqual(data['catalog'], '0724384960650')
        self.assertEqual(data['rem'], {'COMMENT': 'ExactAudioCopy v1.6', 'DATE': '1999',
                                       'DISCID': '8A09C30B', 'GENRE': 'Rock'})
        # cdrdao puts INDEX 02/03 225 frames (INDEX 01's file time) late.
        self.compare_cdrdao(sheet, data, hand_indices={2: {2: 300, 3: 385}}, index_bug={2: 225})

    def test_eac_single_bin_with_index_00_and_02(self):
        concat(self.s / 'The Album.bin', *[fx.frames_audio('le', AUDIO)] * 4)
        sheet = self.s.write('The Album.cue', self.EAC_CUE)
        data = self.open(sheet)
        self.eac_check(sheet, data)

    def test_eac_single_bin_in_lower_case(self):
        concat(self.s / 'The Album.bin', *[fx.frames_audio('le', AUDIO)] * 4)
        lower = self.EAC_CUE
        for keyword in ('REM', 'GENRE', 'DATE', 'DISCID', 'COMMENT', 'CATALOG', 'PERFORMER', 'TITLE',
                        'FILE', 'BINARY', 'TRACK', 'AUDIO', 'ISRC', 'INDEX'):
            lower = re.sub(r'\b' + keyword + r'\b', keyword.lower(), lower)
        self.assertNotRegex(lower, r'\b(REM|TRACK|INDEX|FILE|AUDIO|BINARY)\b')
        self.assertIn('    index 02 00:04:00', lower)
        self.assertIn('file "The Album.bin" binary', lower)
        self.assertIn('rem genre Rock', lower)
        sheet = self.s.write('lower.cue', lower)
        data = self.open(sheet)
        self.eac_check(sheet, data)

    def test_eac_single_bin_via_cd_info(self):
        # cd-info cannot do INDEX 02+ (it reads the track starts only).
        concat(self.s / 'album.bin', *[fx.frames_audio('le', AUDIO)] * 4)
        sheet = self.s.write('album.cue', self.EAC_CUE.replace('The Album.bin', 'album.bin'))
        data = self.open(sheet)
        self.compare_cd_info(sheet, data)

    # ---- Cue sheets: several files -----------------------------------------------------

    def test_redump_multi_file_mixed_mode(self):
        self.s.place(fx.derived_file('mode1_2352.bin'), 'Game (USA) (Track 1).bin')
        for n in (2, 3):
            concat(self.s / f'Game (USA) (Track {n}).bin', fx.frames_audio('le', 150), fx.frames_audio('le', AUDIO))
        sheet = self.s.write('Game (USA).cue', '''FILE "Game (USA) (Track 1).bin" BINARY
  TRACK 01 MODE1/2352
    INDEX 01 00:00:00
FILE "Game (USA) (Track 2).bin" BINARY
  TRACK 02 AUDIO
    INDEX 00 00:00:00
    INDEX 01 00:02:00
FILE "Game (USA) (Track 3).bin" BINARY
  TRACK 03 AUDIO
    INDEX 00 00:00:00
    INDEX 01 00:02:00
''')
        data = self.open(sheet)
        self.assertLayout(data, [
            {'start': 0, 'length': 284, 'file': 'Game (USA) (Track 1).bin', 'file_offset': 0},
            {'start': 434, 'length': 300, 'pregap': 150, 'stored_pregap': 150,
             'file': 'Game (USA) (Track 2).bin', 'file_offset': 150 * 2352},
            {'start': 884, 'length': 300, 'pregap': 150, 'file': 'Game (USA) (Track 3).bin'},
        ], 1184)
        self.compare_cdrdao(sheet, data)
        # No cd-info here: its BIN/CUE driver reads every track from one
        # file named after the sheet (given one, it puts tracks 2 and 3 at
        # LSN 150 and the leadout at 284), or fails without it.
        with self.assertRaises(fx.OracleUnavailable):
            fx.cd_info(sheet)

    def test_redump_multi_session(self):
        # An Enhanced CD as Redump writes it: audio in session 1, data in 2.
        for n in (1, 2):
            concat(self.s / f'Disc (Track {n}).bin', *([fx.frames_audio('le', 150)] * (n - 1)),
                   fx.frames_audio('le', AUDIO))
        d = fx.vcd()
        self.s.place(d / 'videocd.bin', 'Disc (Track 3).bin')
        sheet = self.s.write('Disc.cue', '''REM SESSION 01
FILE "Disc (Track 1).bin" BINARY
  TRACK 01 AUDIO
    INDEX 01 00:00:00
FILE "Disc (Track 2).bin" BINARY
  TRACK 02 AUDIO
    INDEX 00 00:00:00
    INDEX 01 00:02:00
REM LEAD-OUT 01:30:00
REM SESSION 02
REM LEAD-IN 01:00:00
REM PREGAP 00:02:00
FILE "Disc (Track 3).bin" BINARY
  TRACK 03 MODE2/2352
    INDEX 01 00:00:00
''')
        data = self.open(sheet)
        vcd_frames = os.path.getsize(d / 'videocd.bin') // 2352
        self.assertEqual(data['sessions'], 2)
        self.assertLayout(data, [
            {'number': 1, 'session': 1, 'start': 0, 'length': 300},
            {'number': 2, 'session': 1, 'start': 450, 'length': 300, 'pregap': 150},
            {'number': 3, 'session': 2, 'start': 750, 'length': vcd_frames, 'mode': 'MODE2/2352'},
        ], 750 + vcd_frames)
        # cdrdao reads REM lines as comments: one session, the same layout.
        self.compare_cdrdao(sheet, data)

    def test_one_wave_per_track_with_pregaps(self):
        for n in (1, 2, 3):
            self.s.place(fx.frames_audio('wav', AUDIO), f'{n:02d}.wav')
        sheet = self.s.write('waves.cue', '''FILE "01.wav" WAVE
  TRACK 01 AUDIO
    INDEX 01 00:00:00
FILE "02.wav" WAVE
  TRACK 02 AUDIO
    PREGAP 00:02:00
    INDEX 01 00:00:00
FILE "03.wav" WAVE
  TRACK 03 AUDIO
    INDEX 00 00:00:00
    INDEX 01 00:01:00
''')
        data = self.open(sheet)
        self.assertLayout(data, [
            {'start': 0, 'length': 300},
            {'start': 450, 'length': 300, 'pregap': 150, 'stored_pregap': 0, 'file': '02.wav'},
            {'start': 825, 'length': 225, 'pregap': 75, 'stored_pregap': 75, 'file': '03.wav',
             'file_offset': 75 * 2352},
        ], 1050)
        self.compare_cdrdao(sheet, data)

    def test_wave_with_partial_last_frame(self):
        # 300 frames and 100 samples: the last frame is padded (cdrdao: END*).
        self.s.place(fx.frames_audio('wav', AUDIO, extra_samples=100), 'odd.wav')
        sheet = self.s.write('odd.cue', 'FILE "odd.wav" WAVE\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n'
                             '  TRACK 02 AUDIO\n    INDEX 01 00:02:00\n')
        data = self.open(sheet)
        self.assertEqual(data['leadout'], 301)
        self.compare_cdrdao(sheet, data)

    # ---- TOC files -----------------------------------------------------------------------

    def test_toc_every_statement(self):
        self.s.place(fx.iso_file(), 'data.iso')
        self.s.place(fx.frames_audio('wav', AUDIO), 'a.wav')
        self.s.place(fx.frames_audio('be', AUDIO), 'b.raw')
        self.s.place(fx.frames_audio('le', AUDIO), 'c.raw')
        iso_frames = os.path.getsize(fx.iso_file()) // 2048
        sheet = self.s.write('all.toc', '''// Every statement of a cdrdao TOC file.
CD_ROM
CATALOG "1234567890128"
CD_TEXT {
  LANGUAGE_MAP { 0 : EN }
  LANGUAGE 0 {
    TITLE "Toc Disc"
    PERFORMER "Toc Artist"
  }
}

TRACK MODE1
DATAFILE "data.iso"
ZERO 00:02:00

TRACK AUDIO
COPY
PRE_EMPHASIS
ISRC "DEXXX9900001"
CD_TEXT {
  LANGUAGE 0 {
    TITLE "Second"
    PERFORMER "Someone"
  }
}
SILENCE 00:02:00
AUDIOFILE "a.wav" 0 00:01:00
SILENCE 00:00:30
AUDIOFILE "b.raw" 00:00:10 00:01:00
START 00:00:10
INDEX 00:00:20
INDEX 00:01:00

TRACK AUDIO
NO COPY
FOUR_CHANNEL_AUDIO
PREGAP 00:01:00
FILE "a.wav" 00:01:00 00:02:00
AUDIOFILE "c.raw" SWAP 0 44100
SILENCE 00:00:10

TRACK AUDIO
NO PRE_EMPHASIS
TWO_CHANNEL_AUDIO
AUDIOFILE "a.wav" 0
START
AUDIOFILE "c.raw" # 2352 100 00:01:00
''')
        data = self.open(sheet)
        t1 = iso_frames + 150
        # Hand-checked: track 2 = 150 + 75 + 30 + 75 frames, START at 10.
        self.assertLayout(data, [
            {'number': 1, 'mode': 'MODE1/2048', 'start': 0, 'length': t1},
            {'number': 2, 'start': t1 + 10, 'pregap': 10, 'length': 320, 'isrc': 'DEXXX9900001',
             'flags': ['DCP', 'PRE'], 'title': 'Second', 'performer': 'Someone',
             'indices': [{'number': 0, 'position': t1}, {'number': 1, 'position': t1 + 10},
                         {'number': 2, 'position': t1 + 30}, {'number': 3, 'position': t1 + 85}]},
            {'number': 3, 'start': t1 + 330 + 75, 'pregap': 75, 'stored_pregap': 0, 'length': 150 + 75 + 10,
             'flags': ['4CH']},
            {'number': 4, 'start': t1 + 330 + 310 + 300, 'pregap': 300, 'stored_pregap': 300, 'length': 75},
        ], t1 + 330 + 310 + 375)
        self.assertEqual((data['title'], data['performer']), ('Toc Disc', 'Toc Artist'))
        self.assertEqual(data['format'], 'toc')
        self.compare_cdrdao(sheet, data)

    def test_toc_every_data_mode(self):
        v = fx.vcd()
        files = {'raw.bin': v / 'videocd.bin', 'd2336.bin': fx.derived_file('mode2_2336.bin'),
                 'f1.bin': fx.derived_file('mode2_2048.bin'), 'f2.bin': fx.derived_file('mode2_2324.bin'),
                 'm1raw.bin': fx.derived_file('mode1_2352.bin'), 'cdg.bin': fx.derived_file('cdg_2448.bin')}
        for name, src in files.items():
            self.s.place(src, name)
        size = {n: os.path.getsize(p) for n, p in files.items()}
        sheet = self.s.write('modes.toc', '''CD_ROM_XA
TRACK MODE2_RAW
DATAFILE "raw.bin"
TRACK MODE2
DATAFILE "d2336.bin"
TRACK MODE2_FORM1
DATAFILE "f1.bin"
TRACK MODE2_FORM2
DATAFILE "f2.bin"
TRACK MODE2_FORM_MIX
DATAFILE "d2336.bin" 00:01:00
TRACK MODE1_RAW
DATAFILE "m1raw.bin"
TRACK AUDIO RW
DATAFILE "cdg.bin"
''')
        data = self.open(sheet)
        want = [('MODE2/2352', 2352, size['raw.bin'] // 2352), ('MODE2/2336', 2336, size['d2336.bin'] // 2336),
                ('MODE2/2048', 2048, size['f1.bin'] // 2048), ('MODE2/2324', 2324, size['f2.bin'] // 2324),
                ('MODE2/2336', 2336, 75), ('MODE1/2352', 2352, size['m1raw.bin'] // 2352),
                ('CDG', 2448, size['cdg.bin'] // 2448)]
        self.assertEqual([(t['mode'], t['sector_size'], t['length']) for t in data['tracks']], want)
        self.compare_cdrdao(sheet, data)

    def test_toc_end_is_a_postgap(self):
        self.s.place(fx.frames_audio('wav', AUDIO), 'a.wav')
        sheet = self.s.write('end.toc', '''CD_DA
TRACK AUDIO
AUDIOFILE "a.wav" 0
END 00:03:00
TRACK AUDIO
SILENCE 00:00:20
AUDIOFILE "a.wav" 0 00:01:00
START 00:00:20
END 00:01:10
INDEX 00:00:30
''')
        data = self.open(sheet)
        self.assertLayout(data, [
            {'start': 0, 'length': 300, 'postgap': 75},
            {'start': 320, 'pregap': 20, 'length': 75, 'postgap': 10,
             'indices': [{'number': 0, 'position': 300}, {'number': 1, 'position': 320},
                         {'number': 2, 'position': 350}]},
        ], 395)
        # cdrdao marks END with an extra index (its Track::end adds one).
        self.compare_cdrdao(sheet, data, end_index={1: 225, 2: 385})

    def test_toc_and_its_toc2cue_sheet_agree(self):
        self.mixed_bin()
        toc = self.s.write('mixed.toc', '''CD_ROM
CATALOG "0724384960650"
TRACK MODE1_RAW
DATAFILE "mixed.bin" 00:03:59
TRACK AUDIO
COPY
ISRC "GBAYE9900001"
DATAFILE "mixed.bin" #667968 00:04:00
START 00:01:00
TRACK AUDIO
PRE_EMPHASIS
DATAFILE "mixed.bin" #1373568 00:04:00
''')
        from_toc = self.open(toc)
        self.compare_cdrdao(toc, from_toc)
        fx.tool('toc2cue', toc.name, 'converted.cue', cwd=self.s.path)
        cue = self.s / 'converted.cue'
        from_cue = self.open(cue)
        keys = ('number', 'mode', 'start', 'length', 'pregap', 'indices', 'file_offset')
        self.assertEqual([{k: t[k] for k in keys} for t in from_cue['tracks']],
                         [{k: t[k] for k in keys} for t in from_toc['tracks']])
        self.assertEqual(from_cue['leadout'], from_toc['leadout'])
        self.compare_cdrdao(cue, from_cue)

    def test_toc_via_cd_info(self):
        # libcdio's TOC driver reads a one-track TOC right; with more
        # tracks it takes each file's start offset as the track's address.
        self.s.place(fx.derived_file('mode1_2352.bin'), 'data.bin')
        sheet = self.s.write('data.toc', 'CD_ROM\nTRACK MODE1_RAW\nDATAFILE "data.bin"\n')
        data = self.open(sheet)
        self.assertLayout(data, [{'mode': 'MODE1/2352', 'start': 0, 'length': 284}], 284)
        self.compare_cdrdao(sheet, data)
        self.compare_cd_info(sheet, data, kind='toc')

if __name__ == '__main__':
    unittest.main(verbosity=2)
