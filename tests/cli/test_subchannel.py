#!/usr/bin/python3
# The Q subchannel decoder against subchannel data libburn made: libburn's
# RAW96R writer computes P-W itself; it burns onto the emulated recorder
# (tests/vrecorder), whose read-back returns each sector with its 96 bytes
# of raw P-W. Those sectors, as a 2448-byte image, must decode with right
# CRCs and the positions and track numbers of the disc libburn wrote.
#
# Copyright 2026 The Spindle authors
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.environ.get('SPINDLE_SOURCE_ROOT', '.'), 'tests', 'fixtures'))
import fixtures as fx  # noqa: E402


class SubchannelQ(fx.ScratchTestCase):

    def test_q_of_libburn_raw96r_burn(self):
        d = self.s.path
        env = dict(os.environ, LD_PRELOAD=os.environ['VREC_PRELOAD'],
                   SPINDLE_VRECORDER_DEVICE=str(d / 'sr0'), SPINDLE_VRECORDER_DIR=str(d / 'state'))
        seconds = (6, 5)
        for n, s in enumerate(seconds, 1):
            fx.tool('sox', '-q', '-n', '-r', '44100', '-c', '2', '-b', '16', '-e', 'signed', '-t', 'raw', '-L',
                    str(d / f'r{n}.raw'), 'synth', str(s), 'sine', str(300 + 200 * n))
        subprocess.run([os.environ['VREC_TOOL'], 'init', str(d / 'state'), 'cdr'], check=True, env=env,
                       capture_output=True)
        subprocess.run([os.environ['VREC_BURN_RAW'], str(d / 'sr0'), '-', 'r1.raw', 'r2.raw'], check=True,
                       env=env, cwd=d, capture_output=True)

        frames = sum(seconds) * 75
        records = subprocess.run([os.environ['VREC_TOOL'], 'read', str(d / 'state'), '0', str(frames)],
                                 check=True, capture_output=True, env=dict(os.environ)).stdout
        self.assertEqual(len(records), frames * 2452)
        with open(d / 'disc.bin', 'wb') as out:
            for i in range(frames):
                rec = records[i * 2452:(i + 1) * 2452]
                self.assertEqual(rec[2448], 0, f'sector {i} not read back')
                out.write(rec[:2448])
        self.s.write('disc.cue', 'FILE "disc.bin" BINARY\n  TRACK 01 CDG\n    INDEX 01 00:00:00\n')

        r = fx.run_cli('dump', '--json', d / 'disc.cue', '0', '--count', str(frames))
        self.assertEqual(r.rc, 0, r.stderr)
        sectors = json.loads(r.stdout)
        self.assertEqual(len(sectors), frames)
        track2 = seconds[0] * 75
        position_frames = 0
        for s in sectors:
            q = s['subchannel_q']
            p = s['position']
            self.assertTrue(q['crc_ok'], f'sector {p}: {q}')
            # libburn interleaves a catalog/ISRC frame now and then (ADR 2/3)
            # only when asked; here every frame gives the position.
            self.assertEqual(q['adr'], 1, f'sector {p}: {q}')
            self.assertEqual(q['absolute_lba'], p, f'sector {p}: {q}')
            self.assertEqual(q['track'], 1 if p < track2 else 2, f'sector {p}: {q}')
            self.assertEqual(q['index'], 1, f'sector {p}: {q}')
            self.assertEqual(q['relative'], p if p < track2 else p - track2, f'sector {p}: {q}')
            self.assertEqual(q['control'] & 0x4, 0, 'audio, not data')
            position_frames += 1
        self.assertEqual(position_frames, frames)

        # A damaged Q byte is caught by the CRC.
        with open(d / 'disc.bin', 'r+b') as f:
            f.seek(100 * 2448 + 2352 + 50)      # inside raw P-W, Q bits included
            f.write(b'\xff')
        r = fx.run_cli('dump', '--json', d / 'disc.cue', '100')
        self.assertFalse(json.loads(r.stdout)[0]['subchannel_q']['crc_ok'])


if __name__ == '__main__':
    unittest.main(verbosity=2)
