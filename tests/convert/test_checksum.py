#!/usr/bin/env python3
# test_checksum.py: spindle-cli checksum against md5sum, sha1sum and
# Python's zlib over the bytes each checksum is defined to cover (see
# src/core/sp-checksum.c), and DAT matching.
#
# Copyright 2026 The Spindle authors
# SPDX-License-Identifier: GPL-3.0-or-later

import re
from pathlib import Path
from xml.sax.saxutils import quoteattr

import convtest as ct
from convtest import md5sum, sha1sum, crc32_of, FRAME

import test_convert


def sums(path_or_bytes, scratch=None):
    """{size, crc32, md5, sha1} of a file (by md5sum and sha1sum) or of bytes
    (written to a file first, so the same tools compute them)."""
    if isinstance(path_or_bytes, bytes):
        p = scratch / f'bytes-{len(list(scratch.glob("bytes-*")))}'
        p.write_bytes(path_or_bytes)
    else:
        p = Path(path_or_bytes)
    data = p.read_bytes()
    return {'size': len(data), 'crc32': crc32_of(data), 'md5': md5sum(p), 'sha1': sha1sum(p)}


def dat(games):
    """A Logiqx DAT: games = [(name, [(rom name, sums)])]."""
    out = ['<?xml version="1.0"?>',
           '<!DOCTYPE datafile PUBLIC "-//Logiqx//DTD ROM Management Datafile//EN" '
           '"http://www.logiqx.com/Dats/datafile.dtd">',
           '<datafile>', '  <header><name>Test &amp; DAT</name><description>t</description>'
           '<version>1</version></header>']
    for name, roms in games:
        out.append(f'  <game name={quoteattr(name)}>')
        out.append(f'    <description>{name}</description>')
        for rom, s in roms:
            out.append(f'    <rom name={quoteattr(rom)} size="{s["size"]}" crc="{s["crc32"].upper()}" '
                       f'md5="{s["md5"]}" sha1="{s["sha1"]}"/>')
        out.append('  </game>')
    out.append('</datafile>')
    return '\n'.join(out) + '\n'


class Checksum(ct.TestCase):

    def check(self, image, track_bytes):
        r = self.ok('checksum', '--json', image).json()
        self.assertEqual([t['number'] for t in r['tracks']], list(range(1, len(track_bytes) + 1)))
        for t, want in zip(r['tracks'], track_bytes):
            with self.subTest(track=t['number']):
                self.assertEqual({k: t[k] for k in ('size', 'crc32', 'md5', 'sha1')}, sums(want, self.s.path))
        self.assertEqual(r['image'], sums(b''.join(ct.Path(b).read_bytes() if not isinstance(b, bytes) else b
                                                   for b in track_bytes), self.s.path))
        for v in [r['image']] + r['tracks']:
            for k in ('crc32', 'md5', 'sha1'):
                self.assertRegex(v[k], r'^[0-9a-f]+$')
        return r

    def test_iso(self):
        r = self.check(ct.iso('jr.iso'), [ct.iso('jr.iso')])
        self.assertEqual(r['image']['md5'], md5sum(ct.iso('jr.iso')))

    def test_one_bin_of_two_tracks(self):
        """A track covers its bytes from its first stored frame (INDEX 00)
        to the next track's first; the image all of them."""
        d = ct.fixtures.vcd()
        data = (d / 'videocd.bin').read_bytes()
        cue = (d / 'videocd.cue').read_text()
        times = ct.fixtures.vcd_cue_layout(d / 'videocd.cue')
        second = [f for n, f in times if n in (0, 1)][1]   # track 2's INDEX 00
        self.assertIn('INDEX 00', cue)
        self.check(d / 'videocd.cue', [data[:second * FRAME], data[second * FRAME:]])

    def test_file_per_track_and_wave(self):
        """Redump's layout: each track's checksum is its file's; a WAVE
        file's is its data chunk's; PREGAP/POSTGAP frames are in none."""
        a = test_convert.audio_dir()
        for f in ('t1.raw', 't2.raw', 't3.raw'):
            self.s.place(a / f, f)
        ct.tool('sox', '-t', 'raw', '-r', '44100', '-c', '2', '-b', '16', '-e', 'signed-integer', '-L',
                self.s / 't3.raw', self.s / 't3.wav')
        cue = self.s.write('multi.cue', 'FILE "t1.raw" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n'
                                        'FILE "t2.raw" BINARY\n  TRACK 02 AUDIO\n    PREGAP 00:02:00\n'
                                        '    INDEX 01 00:00:00\n    POSTGAP 00:00:10\n'
                                        'FILE "t3.wav" WAVE\n  TRACK 03 AUDIO\n    INDEX 01 00:00:00\n')
        self.check(cue, [self.s / 't1.raw', self.s / 't2.raw', ct.wav_data(self.s / 't3.wav')])
        # The image checksum is the merged BIN's.
        self.ok('convert', cue, '--to', 'bin', '--output', self.s / 'm.cue')
        image = self.ok('checksum', '--json', cue).json()['image']
        self.assertEqual(image['md5'], md5sum(self.s / 'm.bin'))
        self.assertEqual(image['sha1'], sha1sum(self.s / 'm.bin'))

    def test_threads_give_the_same(self):
        d = ct.fixtures.vcd()
        one = self.ok('checksum', '--json', '--threads', '1', d / 'videocd.cue').json()
        many = self.ok('checksum', '--json', '--threads', '5', d / 'videocd.cue').json()
        self.assertEqual(one, many)

    def test_text(self):
        r = self.ok('checksum', ct.iso('jr.iso'))
        self.assertRegex(r.stdout, r'(?m)^01\s+\d+\s+[0-9a-f]{8}\s+[0-9a-f]{32}\s+[0-9a-f]{40}$')
        self.assertRegex(r.stdout, r'(?m)^image\s+')

    def test_dat_match(self):
        d = ct.fixtures.vcd()
        data = (d / 'videocd.bin').read_bytes()
        second = [f for n, f in ct.fixtures.vcd_cue_layout(d / 'videocd.cue') if n in (0, 1)][1]
        t1, t2 = sums(data[:second * FRAME], self.s.path), sums(data[second * FRAME:], self.s.path)
        other = sums(b'something else', self.s.path)
        fake_cue = sums(b'FILE ...', self.s.path)
        datfile = self.s.write('redump.dat', dat([
            ('Another Game (Europe)', [('Another Game (Europe).bin', other)]),
            ('Spindle Test Video (World)', [('Spindle Test Video (World).cue', fake_cue),
                                            ('Spindle Test Video (World) (Track 1).bin', t1),
                                            ('Spindle Test Video (World) (Track 2).bin', t2)]),
            ('Half Match (USA)', [('Half Match (USA) (Track 1).bin', t1),
                                  ('Half Match (USA) (Track 2).bin', other)]),
        ]))
        r = self.ok('checksum', '--json', '--dat', datfile, d / 'videocd.cue').json()
        self.assertEqual(r['dat'], {'game': 'Spindle Test Video (World)', 'complete': True, 'matched': 2,
                                    'roms': ['Spindle Test Video (World) (Track 1).bin',
                                             'Spindle Test Video (World) (Track 2).bin']})
        text = self.ok('checksum', '--dat', datfile, d / 'videocd.cue').stdout
        self.assertIn('Matches: Spindle Test Video (World) (2 of 2 tracks, complete)', text)

        # An ISO against a DAT that lists it (No-Intro style, one file).
        iso = self.s.write('iso.dat', dat([('Spindle ISO (World)', [('Spindle ISO (World).iso',
                                                                     sums(ct.iso('jr.iso')))])]))
        r = self.ok('checksum', '--json', '--dat', iso, ct.iso('jr.iso')).json()
        self.assertEqual((r['dat']['game'], r['dat']['complete']), ('Spindle ISO (World)', True))

    def test_dat_no_match(self):
        datfile = self.s.write('x.dat', dat([('Nothing', [('n.bin', sums(b'nothing', self.s.path))])]))
        r = self.fails('checksum', '--json', '--dat', datfile, ct.iso('jr.iso'))
        self.assertIsNone(r.json()['dat'])
        r = self.fails('checksum', '--dat', datfile, ct.iso('jr.iso'))
        self.assertIn('Not in the DAT.', r.stdout)

    def test_bad_dat(self):
        bad = self.s.write('bad.dat', '<datafile>\n<game name="x">\n<rom name="a" size="1"\n</datafile>\n')
        r = self.fails('checksum', '--dat', bad, ct.iso('jr.iso'))
        self.assertRegex(r.stderr, r'bad\.dat: .*[Ll]ine \d+')
        empty = self.s.write('empty.dat', '<datafile></datafile>\n')
        r = self.fails('checksum', '--dat', empty, ct.iso('jr.iso'))
        self.assertIn('lists no files', r.stderr)
        self.fails('checksum', '--dat', self.s / 'missing.dat', ct.iso('jr.iso'))

    def test_file_shorter_than_its_sheet(self):
        """A TOC that asks for more bytes than its file has: the image opens
        (with an error diagnostic) but its checksum cannot be computed."""
        self.s.write('short.bin', bytes(2048 * 100))
        toc = self.s.write('short.toc', 'CD_ROM\nTRACK MODE1\nDATAFILE "short.bin" #0 00:02:00\n')
        r = self.fails('checksum', toc)
        self.assertRegex(r.stderr, r'“short\.bin” ends 102400 bytes before the end of track 01')

    def test_usage(self):
        self.fails('checksum', rc=2)
        self.fails('checksum', ct.iso('jr.iso'), ct.iso('jr.iso'), rc=2)
        self.fails('checksum', '--threads', '-1', ct.iso('jr.iso'), rc=2)


if __name__ == '__main__':
    ct.main()
