#!/usr/bin/python3
# spindle-cli verify and dump on a Video CD written by vcdimager (real Mode 2
# Form 1/Form 2 sectors with EDC/ECC): chosen bytes of a copy are corrupted
# and verify must report exactly those sectors, each with the right kind;
# a truncated copy reports its missing sectors.
#
# Copyright 2026 The Spindle authors
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.environ.get('SPINDLE_SOURCE_ROOT', '.'), 'tests', 'fixtures'))
import fixtures as fx  # noqa: E402

SECTOR = 2352


def flip(path, sector, offset, mask=0x40):
    with open(path, 'r+b') as f:
        f.seek(sector * SECTOR + offset)
        b = f.read(1)[0]
        f.seek(sector * SECTOR + offset)
        f.write(bytes([b ^ mask]))


class Verify(fx.ScratchTestCase):

    def copy_vcd(self):
        src = fx.vcd()
        bin_path = self.s.place(src / 'videocd.bin', 'videocd.bin', copy=True)
        cue = self.s.place(src / 'videocd.cue', 'videocd.cue', copy=True)
        return cue, bin_path

    def verify(self, cue, expect_rc):
        r = fx.run_cli('verify', '--json', cue)
        self.assertEqual(r.rc, expect_rc, r.stderr)
        self.assertEqual(r.stderr, '')
        return json.loads(r.stdout)

    def test_clean_image(self):
        cue, bin_path = self.copy_vcd()
        data = self.verify(cue, 0)
        self.assertEqual(data['sectors'], os.path.getsize(bin_path) // SECTOR)
        self.assertEqual(data['errors'], [])
        # Every sector of both data tracks had its EDC/ECC checked.
        self.assertEqual(sum(t['checked'] for t in data['tracks']), data['sectors'])

    def test_corrupted_bytes(self):
        cue, bin_path = self.copy_vcd()
        # Sectors 16-24 are Form 1 (the ISO file system); 460 is Form 2 (MPEG).
        flip(bin_path, 16, 100)       # user data: EDC and ECC both wrong
        flip(bin_path, 17, 2080)      # a P parity byte
        flip(bin_path, 18, 2300)      # a Q parity byte
        flip(bin_path, 19, 5)         # sync
        flip(bin_path, 20, 14)        # header frame: the MSF no longer this sector's
        flip(bin_path, 21, 2073)      # the EDC field itself
        flip(bin_path, 460, 500)      # Form 2 data: EDC only
        data = self.verify(cue, 1)
        got = [(e['position'], e['track'], e['kind']) for e in data['errors']]
        self.assertEqual(got, [(16, 1, 'edc'), (17, 1, 'ecc'), (18, 1, 'ecc'), (19, 1, 'sync'),
                               (20, 1, 'header'), (21, 1, 'edc'), (460, 2, 'edc')])
        alls = {e['position']: e['all'] for e in data['errors']}
        self.assertEqual(alls[16], ['edc', 'ecc'])
        self.assertEqual(alls[17], ['ecc'])
        self.assertEqual(alls[460], ['edc'])
        # Mode 2 ECC does not cover the header, so a wrong header is only that.
        self.assertEqual(alls[20], ['header'])

    def test_truncated_image(self):
        # Cut inside track 1: track 2's pregap and INDEX 01 (sectors 300 and
        # 450 of the file) now lie past its end, so the sheet says what is
        # lost. (A cut in the last track cannot be seen from a cue sheet; for
        # data tracks the ISO 9660 volume size tells, see test_images.py.)
        cue, bin_path = self.copy_vcd()
        keep = 200
        os.truncate(bin_path, keep * SECTOR + 1000)
        r = fx.run_cli('verify', '--json', cue)
        self.assertEqual(r.rc, 1, r.stderr)
        data = json.loads(r.stdout)
        missing = [e['position'] for e in data['errors'] if e['kind'] == 'missing']
        self.assertEqual(missing, list(range(keep, 450)))
        self.assertEqual([e for e in data['errors'] if e['kind'] != 'missing'], [])
        self.assertEqual(len(data['image_errors']), 1)
        self.assertIn('“videocd.bin” is too short: TRACK 02 INDEX 01 at 00:06:00', data['image_errors'][0])
        self.assertIn('spindle-cli', fx.run_cli('verify', cue).stdout + 'spindle-cli')

    def test_missing_file_makes_image_incomplete(self):
        cue, bin_path = self.copy_vcd()
        text = cue.read_text()
        self.s.write('two.cue', text + 'FILE "gone.bin" BINARY\n  TRACK 03 MODE2/2352\n    INDEX 01 00:00:00\n')
        r = fx.run_cli('verify', '--json', self.s / 'two.cue')
        self.assertEqual(r.rc, 1)
        data = json.loads(r.stdout)
        self.assertEqual(data['image_errors'], ['two.cue:9: “gone.bin” not found'])
        self.assertEqual(data['errors'], [])
        text = fx.run_cli('verify', self.s / 'two.cue').stdout
        self.assertIn('The image is incomplete:\n  two.cue:9: “gone.bin” not found\n', text)

    def test_usage(self):
        self.assertEqual(fx.run_cli('verify').rc, 2)
        self.assertEqual(fx.run_cli('verify', '--threads', '-1', 'x.cue').rc, 2)
        self.assertEqual(fx.run_cli('verify', self.s / 'nonexistent.cue').rc, 1)


class Dump(fx.ScratchTestCase):

    def test_dump_json_fields(self):
        src = fx.vcd()
        r = fx.run_cli('dump', '--json', src / 'videocd.cue', '16', '--count', '2')
        self.assertEqual(r.rc, 0, r.stderr)
        sectors = json.loads(r.stdout)
        self.assertEqual([s['position'] for s in sectors], [16, 17])
        pvd = sectors[0]
        self.assertEqual(pvd['kind'], 'mode2_form1')
        self.assertEqual(pvd['edc']['status'], 'ok')
        self.assertEqual(pvd['edc']['stored'], pvd['edc']['computed'])
        self.assertEqual((pvd['ecc_p'], pvd['ecc_q']), ('ok', 'ok'))
        self.assertTrue(pvd['header']['ok'])
        self.assertEqual(pvd['header']['lba'], 16)
        self.assertEqual(pvd['subheader']['submode_flags'], ['EOR', 'DATA'])
        names = [(f['name'], f['offset'], f['length']) for f in pvd['fields']]
        self.assertEqual(names, [('sync', 0, 12), ('header', 12, 4), ('subheader', 16, 8),
                                 ('user_data', 24, 2048), ('edc', 2072, 4), ('ecc_p', 2076, 172),
                                 ('ecc_q', 2248, 104)])
        raw = bytes.fromhex(pvd['hex'])
        self.assertEqual(raw, (src / 'videocd.bin').read_bytes()[16 * SECTOR:17 * SECTOR])
        self.assertEqual(raw[24:30], b'\x01CD001')

    def test_dump_marks_bad_fields(self):
        src = fx.vcd()
        bin_path = self.s.place(src / 'videocd.bin', 'videocd.bin', copy=True)
        cue = self.s.place(src / 'videocd.cue', 'videocd.cue', copy=True)
        flip(bin_path, 16, 2300)
        r = fx.run_cli('dump', '--json', cue, '00:00:16')
        sector = json.loads(r.stdout)[0]
        bad = [f['name'] for f in sector['fields'] if not f['ok']]
        self.assertEqual(bad, ['ecc_q'])
        self.assertEqual(sector['errors'], ['ecc'])
        text = fx.run_cli('dump', cue, '16').stdout
        self.assertIn('ECC Q:      WRONG', text)
        self.assertIn('ecc_q@2248 (BAD)', text)

    def test_dump_audio_and_bad_positions(self):
        sample = fx.SOURCE_ROOT / 'data' / 'sample' / 'spindle-sample.cue'
        r = fx.run_cli('dump', '--json', sample, '400')
        sector = json.loads(r.stdout)[0]
        self.assertEqual(sector['kind'], 'audio')
        self.assertEqual([f['name'] for f in sector['fields']], ['audio'])
        self.assertGreater(sector['peak_left'], 1000)
        # The generated pregap of track 2 (positions 202-351) is silence.
        r = fx.run_cli('dump', '--json', sample, '250')
        self.assertEqual(json.loads(r.stdout)[0]['peak_left'], 0)
        # Past the end and nonsense positions are usage errors.
        self.assertEqual(fx.run_cli('dump', sample, '99999').rc, 2)
        self.assertEqual(fx.run_cli('dump', sample, '00:99:00').rc, 2)


if __name__ == '__main__':
    unittest.main(verbosity=2)
