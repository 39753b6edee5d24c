#!/usr/bin/env python3
# test_convert.py: spindle-cli convert, checked against the bytes it was
# made from, bchunk, flac, cdrdao, and round trips through itself (split
# then merge, cue to TOC to cue).
#
# Copyright 2026 The Spindle authors
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import subprocess
import struct
from pathlib import Path

import convtest as ct
from convtest import FRAME, wav_data

# Three audio tracks of 137, 137 and 248 frames, sox-made, little-endian.
LENGTHS = (137, 137, 248)


@ct.cached('conv-audio')
def audio(d):
    data = []
    for i, n in enumerate(LENGTHS):
        ct.tool('sox', '-r', '44100', '-c', '2', '-n', '-b', '16', '-e', 'signed-integer', '-L', '-t', 'raw',
                d / f't{i + 1}.raw', 'synth', f'{n * 588}s', 'sine', str(300 * (i + 1)), 'gain', '-6')
        data.append((d / f't{i + 1}.raw').read_bytes())
    (d / 'all.bin').write_bytes(b''.join(data))


def audio_dir():
    return audio()


# Every construct: CATALOG, CD-TEXT, REM, ISRC, FLAGS, a stored pregap
# (INDEX 00), INDEX 02, a generated PREGAP and a POSTGAP.
FULL_CUE = '''REM GENRE "Test"
CATALOG 1234567890123
TITLE "Disc"
PERFORMER "Someone"
FILE "all.bin" BINARY
  TRACK 01 AUDIO
    TITLE "One"
    ISRC ABCDE1234567
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    FLAGS DCP PRE
    INDEX 00 00:01:62
    INDEX 01 00:01:70
    INDEX 02 00:02:00
  TRACK 03 AUDIO
    PREGAP 00:02:00
    INDEX 01 00:03:49
    POSTGAP 00:01:00
'''

SIMPLE_CUE = '''FILE "all.bin" BINARY
  TRACK 01 AUDIO
    INDEX 01 00:00:00
  TRACK 02 AUDIO
    INDEX 01 00:01:62
  TRACK 03 AUDIO
    INDEX 01 00:03:49
'''


def layout(run):
    """The disc layout `info --json` gives, without what names the files."""
    data = run.json()
    for t in data['tracks']:
        for k in ('file', 'file_offset', 'line', 'source'):
            t.pop(k, None)
    return {k: data.get(k) for k in ('tracks', 'leadout', 'catalog', 'disc_type', 'cdtext', 'sessions')}


class Convert(ct.TestCase):

    def place_audio(self):
        for f in ('all.bin', 't1.raw', 't2.raw', 't3.raw'):
            self.s.place(audio_dir() / f, f)
        return (audio_dir() / 'all.bin').read_bytes()

    def info(self, path):
        return layout(self.ok('info', '--json', path))

    # ---- BIN and SPLIT ----

    def split_merge(self, cue, original_bin):
        split = self.s / 'split' / 'x.cue'
        split.parent.mkdir()
        out = self.ok('convert', cue, '--to', 'split', '--output', split).stdout.split('\n')
        self.assertEqual(out[0], str(split))
        merged = self.s / 'merged' / 'y.cue'
        merged.parent.mkdir()
        self.ok('convert', split, '--to', 'bin', '--output', merged)
        self.assertEqual(ct.sha256_of(self.s / 'merged' / 'y.bin'), ct.sha256_of(original_bin),
                         'split then merge is not bit-identical')
        self.assertEqual(self.info(split), self.info(cue), 'the split sheet lays the disc out differently')
        self.assertEqual(self.info(merged), self.info(cue), 'the merged sheet lays the disc out differently')
        # Each split file is its track's bytes, from its first stored frame.
        bins = sorted((self.s / 'split').glob('x (Track *).bin'))
        self.assertEqual(b''.join(p.read_bytes() for p in bins), Path(original_bin).read_bytes())
        return split, merged

    def test_split_merge_audio_every_construct(self):
        self.place_audio()
        cue = self.s.write('full.cue', FULL_CUE)
        split, merged = self.split_merge(cue, self.s / 'all.bin')
        sizes = [p.stat().st_size for p in sorted((self.s / 'split').glob('*.bin'))]
        # Track 2 keeps its stored pregap (8 frames); track 3's PREGAP stays generated.
        self.assertEqual(sizes, [137 * FRAME, 137 * FRAME, 248 * FRAME])
        text = split.read_text()
        for line in ('CATALOG 1234567890123', 'REM GENRE Test', 'TITLE "One"', 'ISRC ABCDE1234567', 'FLAGS DCP PRE',
                     'INDEX 00 00:00:00', 'INDEX 01 00:00:08', 'INDEX 02 00:00:13', 'PREGAP 00:02:00',
                     'POSTGAP 00:01:00', 'FILE "x (Track 03).bin" BINARY'):
            self.assertIn(line, text)

    def test_split_merge_video_cd(self):
        d = ct.fixtures.vcd()
        self.split_merge(d / 'videocd.cue', d / 'videocd.bin')

    def test_split_merge_mixed_mode(self):
        iso = ct.iso('jr.iso').read_bytes()
        pcm = self.place_audio()
        self.s.write('mixed.bin', ct.iso_to_mode1(iso) + pcm)
        frames = len(iso) // 2048
        cue = self.s.write('mixed.cue', 'FILE "mixed.bin" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n'
                                        f'  TRACK 02 AUDIO\n    INDEX 00 {frames // 4500:02}:{frames // 75 % 60:02}:{frames % 75:02}\n'
                                        f'    INDEX 01 {(frames + 150) // 4500:02}:{(frames + 150) // 75 % 60:02}:{(frames + 150) % 75:02}\n')
        self.split_merge(cue, self.s / 'mixed.bin')

    def test_merge_multi_file_sheet(self):
        """FILEs of every kind into one BIN: BINARY as is, MOTOROLA swapped,
        WAVE's data chunk."""
        self.place_audio()
        t2 = (self.s / 't2.raw').read_bytes()
        be = b''.join(t2[i + 1:i + 2] + t2[i:i + 1] for i in range(0, len(t2), 2))
        self.s.write('t2.be', be)
        ct.tool('sox', '-t', 'raw', '-r', '44100', '-c', '2', '-b', '16', '-e', 'signed-integer', '-L',
                self.s / 't3.raw', self.s / 't3.wav')
        cue = self.s.write('multi.cue', 'FILE "t1.raw" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n'
                                        'FILE "t2.be" MOTOROLA\n  TRACK 02 AUDIO\n    INDEX 01 00:00:00\n'
                                        'FILE "t3.wav" WAVE\n  TRACK 03 AUDIO\n    INDEX 01 00:00:00\n')
        merged = self.s / 'm.cue'
        self.ok('convert', cue, '--to', 'bin', '--output', merged)
        self.assertEqual((self.s / 'm.bin').read_bytes(), (self.s / 'all.bin').read_bytes())
        self.assertEqual(self.info(merged), self.info(cue))
        self.assertEqual(self.ok('info', '--json', merged).json()['files'][0]['file'], 'm.bin')

    def test_merge_output_named_bin(self):
        self.place_audio()
        cue = self.s.write('simple.cue', SIMPLE_CUE)
        out = self.ok('convert', cue, '--to', 'bin', '--output', self.s / 'one.bin').stdout.split()
        self.assertEqual(out, [str(self.s / 'one.cue'), str(self.s / 'one.bin')])

    # ---- ISO ----

    def test_iso_from_mode1_bin_equals_the_iso(self):
        iso = ct.iso('jr.iso')
        self.s.write('disc.bin', ct.iso_to_mode1(iso.read_bytes()))
        cue = self.s.write('disc.cue', 'FILE "disc.bin" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n')
        self.ok('convert', cue, '--to', 'iso', '--output', self.s / 'out.iso')
        self.assertEqual(ct.sha256_of(self.s / 'out.iso'), ct.sha256_of(iso))
        # A plain ISO is copied byte for byte.
        self.ok('convert', iso, '--to', 'iso', '--output', self.s / 'copy.iso')
        self.assertEqual(ct.sha256_of(self.s / 'copy.iso'), ct.sha256_of(iso))

    def test_iso_of_data_track_after_audio(self):
        self.place_audio()
        self.s.place(ct.iso('joliet.iso'), 'data.iso')
        cue = self.s.write('m.cue', 'FILE "all.bin" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n'
                                    'FILE "data.iso" BINARY\n  TRACK 02 MODE1/2048\n    INDEX 00 00:00:00\n'
                                    '    INDEX 01 00:00:10\n')
        # INDEX 00 to 01 is the pregap: not in the ISO.
        self.ok('convert', cue, '--to', 'iso', '--output', self.s / 'out.iso')
        self.assertEqual((self.s / 'out.iso').read_bytes(), ct.iso('joliet.iso').read_bytes()[10 * 2048:])
        r = self.fails('convert', cue, '--to', 'iso', '--track', '1', '--output', self.s / 'x.iso')
        self.assertIn('audio track', r.stderr)
        self.assertFalse((self.s / 'x.iso').exists())

    def test_iso_equals_bchunk(self):
        """bchunk writes the user data of MODE1/2352 (offset 16) and
        MODE2/2352 (offset 24) tracks; ours must be the same bytes."""
        d = ct.libcdio_m1()
        ct.tool('bchunk', d / 'isofs-m1.bin', d / 'isofs-m1.cue', self.s / 'bc')
        self.ok('convert', d / 'isofs-m1.cue', '--to', 'iso', '--output', self.s / 'm1.iso')
        self.assertEqual(ct.sha256_of(self.s / 'm1.iso'), ct.sha256_of(self.s / 'bc01.iso'))

        v = ct.fixtures.vcd()
        ct.tool('bchunk', v / 'videocd.bin', v / 'videocd.cue', self.s / 'vc')
        r = self.ok('convert', v / 'videocd.cue', '--to', 'iso', '--output', self.s / 'vcd.iso')
        self.assertEqual(ct.sha256_of(self.s / 'vcd.iso'), ct.sha256_of(self.s / 'vc01.iso'))
        # The Form 2 track as an ISO: cut to 2048 bytes a sector, as bchunk does, and said.
        r = self.ok('convert', v / 'videocd.cue', '--to', 'iso', '--track', '2', '--output', self.s / 't2.iso')
        self.assertRegex(r.stderr, r'\d+ sectors of track 02 are Mode 2 Form 2')
        bc2 = (self.s / 'vc02.iso').read_bytes()
        self.assertEqual((self.s / 't2.iso').read_bytes(), bc2[:len((self.s / 't2.iso').read_bytes())])

    # ---- WAVE and FLAC ----

    def test_wave_equals_bchunk(self):
        self.place_audio()
        cue = self.s.write('simple.cue', SIMPLE_CUE)
        self.ok('convert', cue, '--to', 'wav', '--output', self.s / 'wavs')
        ct.tool('bchunk', '-w', self.s / 'all.bin', cue, self.s / 'bc')
        for i in (1, 2, 3):
            with self.subTest(track=i):
                self.assertEqual((self.s / 'wavs' / f'Track 0{i}.wav').read_bytes(),
                                 (self.s / f'bc0{i}.wav').read_bytes())

    def test_wave_tracks_run_to_the_next_index_01(self):
        """Where bchunk is wrong (it starts track 2 at its last INDEX, 02,
        and knows no PREGAP or POSTGAP): each WAVE runs from its INDEX 01 to
        the next track's, generated gaps as silence, checked by hand."""
        pcm = self.place_audio()
        cue = self.s.write('full.cue', FULL_CUE)
        self.ok('convert', cue, '--to', 'wav', '--output', self.s / 'w')
        self.assertEqual(wav_data(self.s / 'w' / 'Track 01.wav'), pcm[:145 * FRAME])
        self.assertEqual(wav_data(self.s / 'w' / 'Track 02.wav'), pcm[145 * FRAME:274 * FRAME] + bytes(150 * FRAME))
        self.assertEqual(wav_data(self.s / 'w' / 'Track 03.wav'), pcm[274 * FRAME:] + bytes(75 * FRAME))
        self.ok('convert', cue, '--to', 'wav', '--track', '2', '--output', self.s / 'two.wav')
        self.assertEqual(wav_data(self.s / 'two.wav'), wav_data(self.s / 'w' / 'Track 02.wav'))

    def test_flac(self):
        pcm = self.place_audio()
        cue = self.s.write('simple.cue', SIMPLE_CUE)
        self.ok('convert', cue, '--to', 'flac', '--track', '3', '--output', self.s / 't3.flac')
        self.assertEqual((self.s / 't3.flac').read_bytes()[:4], b'fLaC')
        decoded = subprocess.run(['flac', '-s', '-d', '-c', '--force-raw-format', '--endian=little', '--sign=signed',
                                  str(self.s / 't3.flac')], capture_output=True, check=True).stdout
        self.assertEqual(decoded, pcm[274 * FRAME:])
        self.ok('convert', cue, '--to', 'flac', '--output', self.s / 'f')
        self.assertEqual(sorted(p.name for p in (self.s / 'f').iterdir()),
                         ['Track 01.flac', 'Track 02.flac', 'Track 03.flac'])

    def test_wave_of_a_data_track(self):
        r = self.fails('convert', ct.iso('jr.iso'), '--to', 'wav', '--output', self.s / 'x')
        self.assertIn('no audio track', r.stderr)
        self.assertFalse((self.s / 'x').exists())

    # ---- Sheets ----

    def test_cue_toc_round_trip(self):
        self.place_audio()
        cue = self.s.write('full.cue', FULL_CUE)
        toc = self.s / 'full.toc'
        self.ok('convert', cue, '--to', 'toc', '--output', toc)
        back = self.s / 'back.cue'
        self.ok('convert', toc, '--to', 'cue', '--output', back)
        original = self.info(cue)
        for other in (self.info(toc), self.info(back)):
            self.assertEqual(other['tracks'], original['tracks'])
            self.assertEqual(other['leadout'], original['leadout'])
            self.assertEqual(other['catalog'], original['catalog'])
        # cdrdao reads the TOC as we wrote it.
        theirs = ct.fixtures.cdrdao_show_toc(toc)
        self.assertEqual([t['start'] for t in theirs['tracks']], [t['start'] for t in original['tracks']])
        self.assertEqual(theirs['catalog'], '1234567890123')
        self.assertEqual([t['pregap'] for t in theirs['tracks']], [0, 8, 150])

    def test_cue_for_lone_iso_and_bin(self):
        self.s.place(ct.iso('jr.iso'), 'disc.iso')
        self.ok('convert', self.s / 'disc.iso', '--to', 'cue', '--output', self.s / 'disc.cue')
        self.assertEqual((self.s / 'disc.cue').read_text(),
                         'FILE "disc.iso" BINARY\n  TRACK 01 MODE1/2048\n    INDEX 01 00:00:00\n')
        self.assertEqual(self.info(self.s / 'disc.cue')['tracks'], self.info(self.s / 'disc.iso')['tracks'])
        # A lone BIN: its mode found from its sync patterns, the sheet beside it.
        self.s.place(ct.fixtures.vcd() / 'videocd.bin', 'sub/lone.bin')
        self.ok('convert', self.s / 'sub' / 'lone.bin', '--to', 'cue', '--output', self.s / 'lone.cue')
        self.assertIn('FILE "sub/lone.bin" BINARY\n  TRACK 01 MODE2/2352\n', (self.s / 'lone.cue').read_text())
        self.assertEqual(self.info(self.s / 'lone.cue')['tracks'], self.info(self.s / 'sub' / 'lone.bin')['tracks'])

    def test_what_a_format_cannot_say(self):
        self.place_audio()
        toc = self.s.write('z.toc', 'CD_DA\nTRACK AUDIO\nAUDIOFILE "t1.raw" 0 00:01:00\nSILENCE 00:00:10\n'
                                    'AUDIOFILE "t2.raw" 0 00:01:00\n')
        r = self.fails('convert', toc, '--to', 'cue', '--output', self.s / 'z.cue')
        self.assertIn('frames no file holds within it', r.stderr)
        self.assertFalse((self.s / 'z.cue').exists())
        # ...but one BIN can hold the silence.
        self.ok('convert', toc, '--to', 'bin', '--output', self.s / 'zb.cue')
        self.assertEqual(self.info(self.s / 'zb.cue')['leadout'], self.info(toc)['leadout'])
        two = self.s.write('two.cue', 'REM SESSION 01\nFILE "t1.raw" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n'
                                      'REM SESSION 02\nFILE "t2.raw" BINARY\n  TRACK 02 AUDIO\n    INDEX 01 00:00:00\n')
        r = self.fails('convert', two, '--to', 'toc', '--output', self.s / 'two.toc')
        self.assertIn('2 sessions; a cdrdao TOC file holds one', r.stderr)
        ct.tool('sox', '-t', 'raw', '-r', '44100', '-c', '2', '-b', '16', '-e', 'signed-integer', '-L',
                self.s / 't1.raw', self.s / 't1.flac')
        flac = self.s.write('f.cue', 'FILE "t1.flac" FLAC\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n')
        r = self.fails('convert', flac, '--to', 'toc', '--output', self.s / 'f.toc')
        self.assertIn('compressed audio', r.stderr)
        # The session survives a cue.
        self.ok('convert', two, '--to', 'cue', '--output', self.s / 'two-again.cue')
        self.assertIn('REM SESSION 02', (self.s / 'two-again.cue').read_text())
        self.assertEqual(self.info(self.s / 'two-again.cue'), self.info(two))

    # ---- Never overwrite, never the source ----

    def test_no_overwrite_without_consent(self):
        self.place_audio()
        cue = self.s.write('simple.cue', SIMPLE_CUE)
        self.ok('convert', cue, '--to', 'bin', '--output', self.s / 'o.cue')
        (self.s / 'o.bin').write_bytes(b'mine')
        r = self.fails('convert', cue, '--to', 'bin', '--output', self.s / 'o.cue')
        self.assertIn('already exists (use --overwrite to replace it)', r.stderr)
        self.assertEqual((self.s / 'o.bin').read_bytes(), b'mine')
        self.ok('convert', cue, '--to', 'bin', '--output', self.s / 'o.cue', '--overwrite')
        self.assertEqual((self.s / 'o.bin').read_bytes(), (self.s / 'all.bin').read_bytes())

    def test_never_the_image_files(self):
        self.place_audio()
        cue = self.s.write('simple.cue', SIMPLE_CUE)
        before = ct.sha256_of(self.s / 'all.bin'), (self.s / 'simple.cue').read_bytes()
        r = self.fails('convert', cue, '--to', 'bin', '--output', self.s / 'all.cue', '--overwrite')
        self.assertIn('one of the image\'s own files', r.stderr)
        r = self.fails('convert', cue, '--to', 'cue', '--output', cue, '--overwrite')
        self.assertEqual((ct.sha256_of(self.s / 'all.bin'), (self.s / 'simple.cue').read_bytes()), before)
        self.assertEqual(sorted(p.name for p in self.s.path.iterdir()),
                         ['all.bin', 'simple.cue', 't1.raw', 't2.raw', 't3.raw'])

    def test_usage(self):
        self.fails('convert', ct.iso('jr.iso'), '--to', 'mp3', '--output', self.s / 'x', rc=2)
        self.fails('convert', ct.iso('jr.iso'), '--to', 'iso', rc=2)
        self.fails('convert', ct.iso('jr.iso'), '--output', self.s / 'x', rc=2)
        self.fails('convert', ct.iso('jr.iso'), '--to', 'iso', '--output', self.s / 'x', '--track', '9')


if __name__ == '__main__':
    ct.main()
