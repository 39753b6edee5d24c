#!/usr/bin/env python3
# test_browse.py: spindle-cli ls and extract on images made by genisoimage,
# xorriso, mkudffs and vcdimager, compared with isoinfo, osirrox, vcdxrip
# and the tree the images were made from.
#
# Copyright 2026 The Spindle authors
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess
from pathlib import Path

import convtest as ct
from convtest import cli, tree_root, tree_files


def isoinfo_listing(image, names):
    """isoinfo -l: {path: (size, lba, kind, target)}; names: '-R', '-J' or ''."""
    args = ['isoinfo', '-l', '-i', str(image)] + ([names] if names else []) + (['-j', 'iso8859-1'] if names == '-J' else [])
    out = subprocess.run(args, capture_output=True, env=ct.TOOL_ENV, check=True).stdout
    # Rock Ridge names are the bytes genisoimage was given (UTF-8); isoinfo
    # writes Joliet names in a charset it knows, of which Latin-1 holds ours.
    out = out.decode('iso8859-1' if names == '-J' else 'utf-8')
    entries = {}
    folder = None
    for line in out.splitlines():
        m = re.match(r'Directory listing of (.*)/$', line)
        if m:
            folder = m.group(1)
            continue
        m = re.match(r'(\S{10})\s+\d+\s+\d+\s+\d+\s+(\d+) \w+\s+\d+\s+\d+ \[\s*(\d+) \d+\]  (.*)$', line)
        if not m:
            continue
        mode, size, lba, name = m.group(1), int(m.group(2)), int(m.group(3)), m.group(4)
        target = None
        if mode[0] == 'l':
            name, target = name.split(' -> ', 1)
        name = name.rstrip(' ')
        if name in ('.', '..'):
            continue
        if not names:
            name = re.sub(r';\d+$', '', name)
            if name.endswith('.') and len(name) > 1:
                name = name[:-1]
        kind = {'d': 'dir', 'l': 'symlink'}.get(mode[0], 'file')
        entries[f'{folder}/{name}'] = (size if kind != 'symlink' else 0, lba if kind != 'symlink' else -1, kind, target)
    return entries


class Browse(ct.TestCase):

    def compare_isoinfo(self, image, names):
        ours = self.listing(image)
        theirs = isoinfo_listing(image, names)
        self.assertEqual(sorted(ours), sorted(theirs), 'paths vs isoinfo')
        for path, (size, lba, kind, target) in theirs.items():
            e = ours[path]
            with self.subTest(path=path):
                self.assertEqual(e['type'], kind)
                if kind != 'symlink':
                    self.assertEqual(e['size'], size, 'size')
                    self.assertEqual(e['lba'], lba, 'LBA')
                else:
                    self.assertEqual(e['target'], target, 'symlink target')
        return ours

    def test_rock_ridge(self):
        ours = self.compare_isoinfo(ct.iso('jr.iso'), '-R')
        self.assertEqual(ours['/DOCS/sub/A long file name with spaces.txt']['size'], 14)
        self.assertEqual(ours['/link']['target'], 'README.TXT')
        self.assertEqual(ours['/abs']['target'], '/etc/passwd')
        self.assertEqual(ours['/run.sh']['mode'] & 0o777, 0o755)
        self.assertEqual(ours['/README.TXT']['mtime'], '2023-11-14T22:13:20Z')
        self.assertIn('/a/b/c/d/e/deep.txt', ours)
        self.assertIn('/Ünïcödé name.txt', ours)
        vol = self.ok('ls', '--volume', '--json', ct.iso('jr.iso')).json()
        self.assertEqual(vol['names'], 'rock-ridge')
        self.assertEqual(vol['volume_id'], 'SPINDLE_JR')
        self.assertEqual(vol['publisher_id'], 'The Spindle authors')
        self.assertEqual(vol['preparer_id'], 'spindle tests')
        self.assertEqual(vol['application_id'], 'Spindle convert tests')
        self.assertEqual(vol['system_id'], 'LINUX')
        self.assertEqual(vol['blocks'] * 2048, os.path.getsize(ct.iso('jr.iso')))
        self.assertIsNotNone(vol['creation_time'])
        self.assertIsNone(vol['boot'])
        self.assertIsNone(vol['video_cd'])

    def test_joliet(self):
        self.compare_isoinfo(ct.iso('joliet.iso'), '-J')
        vol = self.ok('ls', '--volume', '--json', ct.iso('joliet.iso')).json()
        self.assertEqual(vol['names'], 'joliet')
        self.assertEqual(vol['joliet_level'], 3)

    def test_plain_iso9660(self):
        ours = self.compare_isoinfo(ct.iso('plain.iso'), '')
        self.assertIn('/README.TXT', ours)
        vol = self.ok('ls', '--volume', '--json', ct.iso('plain.iso')).json()
        self.assertEqual(vol['names'], 'iso9660')

    def test_xorriso(self):
        self.compare_isoinfo(ct.iso('xorriso.iso'), '-R')
        vol = self.ok('ls', '--volume', '--json', ct.iso('xorriso.iso')).json()
        self.assertEqual(vol['volume_id'], 'SPINDLE_XORRISO')

    def test_one_path_and_one_level(self):
        one = self.ok('ls', '--json', '--one-level', ct.iso('jr.iso')).json()
        self.assertNotIn('/DOCS/DATA.BIN', [e['path'] for e in one])
        self.assertIn('/DOCS', [e['path'] for e in one])
        sub = self.ok('ls', '--json', ct.iso('jr.iso'), '/DOCS').json()
        self.assertEqual(sorted(e['path'] for e in sub),
                         ['/DOCS/DATA.BIN', '/DOCS/sub', '/DOCS/sub/A long file name with spaces.txt'])
        single = self.ok('ls', '--json', ct.iso('jr.iso'), '/DOCS/DATA.BIN').json()
        self.assertEqual(single[0]['size'], 200 * 1024)
        self.fails('ls', ct.iso('jr.iso'), '/NO/SUCH')
        self.fails('ls', '--track', '5', ct.iso('jr.iso'))
        self.fails('ls', ct.iso('jr.iso'), '/a', '/b', rc=2)
        text = self.ok('ls', ct.iso('jr.iso')).stdout
        self.assertRegex(text, r'l\s+0\s+\S+ \S+\s+-1\s+/link -> README.TXT')

    def test_extract_rock_ridge_equals_tree(self):
        out = self.s / 'out'
        r = self.ok('extract', ct.iso('jr.iso'), '--to', out)
        self.assertIn('“abs” → “/etc/passwd” is not recreated: its target is an absolute path', r.stderr)
        want = tree_files(tree_root())
        del want['abs']
        self.assertTreeEqual(tree_files(out), want)
        self.assertEqual(os.stat(out / 'run.sh').st_mode & 0o111, 0o111)
        self.assertEqual(int(os.stat(out / 'README.TXT').st_mtime), 1700000000)
        self.assertEqual(list(out.rglob('.spindle-*')), [], 'temporary files left')

    def test_extract_equals_osirrox(self):
        ours, theirs = self.s / 'ours', self.s / 'theirs'
        self.ok('extract', ct.iso('xorriso.iso'), '--to', ours)
        ct.tool('osirrox', '-indev', ct.iso('xorriso.iso'), '-extract', '/', theirs)
        want = tree_files(theirs)
        del want['abs']
        self.assertTreeEqual(tree_files(ours), want)

    def test_extract_selected(self):
        out = self.s / 'out'
        self.ok('extract', ct.iso('joliet.iso'), '--to', out, '/DOCS/sub', '/README.TXT')
        self.assertTreeEqual(tree_files(out), {
            'README.TXT': ('f', b'Spindle test disc.\n'),
            'sub': ('d', None),
            'sub/A long file name with spaces.txt': ('f', b'a longer name\n'),
        })

    def test_extract_plain_equals_isoinfo(self):
        out = self.s / 'out'
        self.ok('extract', ct.iso('plain.iso'), '--to', out)
        for path, (size, lba, kind, target) in isoinfo_listing(ct.iso('plain.iso'), '').items():
            if kind != 'file':
                continue
            with self.subTest(path=path):
                data = subprocess.run(['isoinfo', '-i', str(ct.iso('plain.iso')), '-x', path + ';1'],
                                      capture_output=True, check=True).stdout
                self.assertEqual((out / path.lstrip('/')).read_bytes(), data)

    def test_udf_genisoimage(self):
        ours = self.listing(ct.iso('udf.iso'), '--filesystem', 'udf')
        src = tree_files(tree_root())
        want = {'/' + k: v for k, v in src.items() if v[0] != 'l'}
        # genisoimage's UDF has no symbolic links: it writes them as empty files.
        links = {'/' + k for k, v in src.items() if v[0] == 'l'}
        self.assertEqual(sorted(ours), sorted(set(want) | links))
        for path in links:
            self.assertEqual((ours[path]['type'], ours[path]['size']), ('file', 0), path)
        for path, (kind, data) in want.items():
            self.assertEqual(ours[path]['type'], 'file' if kind == 'f' else 'dir', path)
            if kind == 'f':
                self.assertEqual(ours[path]['size'], len(data), path)
        vol = self.ok('ls', '--volume', '--json', '--filesystem', 'udf', ct.iso('udf.iso')).json()
        self.assertEqual(vol['filesystem'], 'udf')
        self.assertEqual(vol['volume_id'], 'SPINDLE_UDF')
        out = self.s / 'out'
        self.ok('extract', '--filesystem', 'udf', ct.iso('udf.iso'), '--to', out)
        self.assertTreeEqual(tree_files(out), {k: (v if v[0] != 'l' else ('f', b'')) for k, v in src.items()})
        # The same disc's ISO 9660 side is the default.
        self.assertEqual(self.ok('ls', '--volume', '--json', ct.iso('udf.iso')).json()['filesystem'], 'iso9660')

    def test_udf_mkudffs(self):
        if not ct.have_tool('mkudffs'):
            self.skipTest('mkudffs (udftools) is not installed')
        d = ct.mkudffs_images()
        self.assertEqual(self.ok('ls', '--json', d / 'udf102.img').json(), [])
        vol = self.ok('ls', '--volume', '--json', d / 'udf102.img').json()
        self.assertEqual((vol['filesystem'], vol['volume_id']), ('udf', 'SPINDLE_MKUDF'))
        # UDF 2.01 as mkudffs writes it keeps its root in an Extended File
        # Entry, which libudf 2.1 does not read: a clear error, no crash.
        r = self.fails('ls', d / 'udf201.img')
        self.assertIn('UDF root directory cannot be found', r.stderr)

    def test_el_torito(self):
        vol = self.ok('ls', '--volume', '--json', ct.iso('boot.iso')).json()
        listing = self.listing(ct.iso('boot.iso'))
        boot = vol['boot']
        self.assertEqual(boot['catalog_lba'], listing['/boot/boot.cat']['lba'])
        self.assertEqual(len(boot['entries']), 1)
        e = boot['entries'][0]
        self.assertEqual((e['bootable'], e['emulation'], e['platform'], e['sector_count']), (True, 'none', 0, 4))
        self.assertEqual(e['load_lba'], listing['/boot/boot.img']['lba'])
        floppy = self.ok('ls', '--volume', '--json', ct.iso('floppy.iso')).json()['boot']['entries'][0]
        self.assertEqual(floppy['emulation'], 'floppy-1.44M')
        text = self.ok('ls', '--volume', ct.iso('boot.iso')).stdout
        self.assertIn('El Torito boot:', text)

    def test_video_cd(self):
        d = ct.fixtures.vcd()
        cue = d / 'videocd.cue'
        ours = self.listing(cue)
        self.assertEqual(sorted(ours), ['/EXT', '/MPEGAV', '/MPEGAV/AVSEQ01.DAT', '/VCD', '/VCD/ENTRIES.VCD',
                                         '/VCD/INFO.VCD'])
        mpeg = ours['/MPEGAV/AVSEQ01.DAT']
        self.assertTrue(mpeg['form2'])
        self.assertEqual(mpeg['data_size'], mpeg['sectors'] * 2324)
        vol = self.ok('ls', '--volume', '--json', cue).json()
        self.assertEqual(vol['video_cd']['type'], 'VCD 2.0')
        self.assertEqual((vol['video_cd']['volume_count'], vol['video_cd']['volume_number']), (1, 1))
        self.assertEqual(vol['video_cd']['entries'], 1)
        self.assertEqual(vol['system_id'], 'CD-RTOS CD-BRIDGE')

        # The MPEG stream: the 2324-byte Form 2 sectors with data, as vcdxrip rips them.
        out = self.s / 'out'
        self.ok('extract', cue, '--to', out)
        rip = self.s / 'rip'
        rip.mkdir()
        ct.tool('vcdxrip', '-q', '-b', d / 'videocd.bin', '-c', cue, cwd=rip)
        data = (out / 'MPEGAV' / 'AVSEQ01.DAT').read_bytes()
        sectors = [data[i:i + 2324] for i in range(0, len(data), 2324)]
        self.assertEqual(b''.join(s for s in sectors if any(s)), (rip / 'avseq01.mpg').read_bytes())
        # The Form 1 files, as isoinfo reads them from bchunk's ISO of track 1.
        ct.tool('bchunk', d / 'videocd.bin', cue, self.s / 'bc')
        info = subprocess.run(['isoinfo', '-i', str(self.s / 'bc01.iso'), '-x', '/VCD/INFO.VCD;1'],
                              capture_output=True, check=True).stdout
        self.assertEqual((out / 'VCD' / 'INFO.VCD').read_bytes(), info)
        self.assertEqual(info[:8], b'VIDEO_CD')

    def test_super_video_cd(self):
        cue = ct.fixtures.svcd() / 'svcd.cue'
        vol = self.ok('ls', '--volume', '--json', cue).json()
        self.assertEqual(vol['video_cd']['type'], 'SVCD')
        self.assertIn('/SVCD/INFO.SVD', self.listing(cue))

    def test_mode1_bin_made_from_iso(self):
        iso = ct.iso('jr.iso')
        self.s.write('disc.bin', ct.iso_to_mode1(iso.read_bytes()))
        cue = self.s.write('disc.cue', 'FILE "disc.bin" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n')
        self.assertEqual(self.listing(cue), self.listing(iso))
        a, b = self.s / 'a', self.s / 'b'
        self.ok('extract', cue, '--to', a)
        self.ok('extract', iso, '--to', b)
        self.assertTreeEqual(tree_files(a), tree_files(b))

    def test_libcdio_mode1_bin(self):
        d = ct.libcdio_m1()
        ours = self.listing(d / 'isofs-m1.cue')
        self.assertEqual(sorted(ours), ['/COPYING', '/doc', '/doc/readme.txt'])
        self.assertEqual((ours['/COPYING']['size'], ours['/doc/readme.txt']['size']), (17992, 648))
        out = self.s / 'out'
        self.ok('extract', d / 'isofs-m1.cue', '--to', out)
        ct.tool('bchunk', d / 'isofs-m1.bin', d / 'isofs-m1.cue', self.s / 'bc')
        theirs = self.s / 'theirs'
        ct.tool('osirrox', '-indev', self.s / 'bc01.iso', '-extract', '/', theirs)
        self.assertTreeEqual(tree_files(out), tree_files(theirs))
        self.assertTrue((out / 'COPYING').read_bytes().lstrip().startswith(b'GNU GENERAL PUBLIC LICENSE'))

    def test_data_track_after_audio(self):
        """A data track that is not the first: its ISO 9660 addresses count
        from the track (an .iso put after audio), or from the disc (a second
        session written with genisoimage -C)."""
        audio = ct.audio_frames(300)
        iso = ct.iso('joliet.iso').read_bytes()
        self.s.write('audio.bin', audio)
        self.s.write('data.iso', iso)
        cue = self.s.write('mixed.cue', 'FILE "audio.bin" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n'
                                        'FILE "data.iso" BINARY\n  TRACK 02 MODE1/2048\n    INDEX 01 00:00:00\n')
        relative = self.listing(cue)
        plain = self.listing(ct.iso('joliet.iso'))
        self.assertEqual(sorted(relative), sorted(plain))
        self.assertEqual(relative['/DOCS/DATA.BIN']['lba'], plain['/DOCS/DATA.BIN']['lba'])
        out = self.s / 'out'
        self.ok('extract', cue, '--track', '2', '--to', out)
        self.assertEqual((out / 'DOCS' / 'DATA.BIN').read_bytes(), ct.lcg_bytes(200 * 1024))
        self.fails('ls', '--track', '1', cue)

        # Session 2 starts 11400 frames after session 1's end (lead-out + lead-in).
        start = 300 + 11400
        session = self.s / 'session2.iso'
        ct.tool('genisoimage', '-quiet', '-J', '-R', '-C', f'0,{start}', '-o', session, tree_root())
        cue2 = self.s.write('cdextra.cue', 'REM SESSION 01\nFILE "audio.bin" BINARY\n  TRACK 01 AUDIO\n'
                                           '    INDEX 01 00:00:00\nREM SESSION 02\nFILE "session2.iso" BINARY\n'
                                           '  TRACK 02 MODE1/2048\n    INDEX 01 00:00:00\n')
        absolute = self.listing(cue2)
        self.assertEqual(absolute['/DOCS/DATA.BIN']['lba'],
                         self.listing(ct.iso('jr.iso'))['/DOCS/DATA.BIN']['lba'] + start)
        out2 = self.s / 'out2'
        self.ok('extract', cue2, '--to', out2)
        want = tree_files(tree_root())
        del want['abs']
        self.assertTreeEqual(tree_files(out2), want)

    def test_no_file_system(self):
        self.s.write('audio.bin', ct.audio_frames(100))
        cue = self.s.write('a.cue', 'FILE "audio.bin" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n')
        r = self.fails('ls', cue)
        self.assertIn('no data track', r.stderr)
        self.s.write('zero.iso', bytes(2048 * 300))
        r = self.fails('ls', self.s / 'zero.iso')
        self.assertIn('no ISO 9660 or UDF file system', r.stderr)


if __name__ == '__main__':
    ct.main()
