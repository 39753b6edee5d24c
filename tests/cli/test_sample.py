#!/usr/bin/python3
# The sample image the README opens (data/sample/spindle-sample.cue): it must
# open with exit status 0 and lay out as cdrdao does, except for cdrdao's
# INDEX 02 bug (see test_oracle.py), whose effect is checked by hand here.
#
# Copyright 2026 The Spindle authors
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.environ.get('SPINDLE_SOURCE_ROOT', '.'), 'tests', 'fixtures'))
import fixtures as fx  # noqa: E402

SAMPLE = fx.SOURCE_ROOT / 'data' / 'sample' / 'spindle-sample.cue'


class Sample(fx.ScratchTestCase):

    def test_sample_opens_cleanly(self):
        r = self.info(SAMPLE)
        self.assertEqual(r.data['diagnostics'], [])
        self.assertEqual(r.data['format'], 'cue')
        text = self.info(SAMPLE, json_output=False)
        self.assertIn('Image:       spindle-sample.cue (cue sheet)\n', text.stdout)

    def test_sample_layout_equals_cdrdao(self):
        # The sheet itself, read by hand: track 2 is 225 frames of WAVE with a
        # 150-frame PREGAP; track 3's file starts with 50 frames of INDEX 00,
        # its INDEX 02 is at file time 00:02:00, 150 frames into the file,
        # i.e. 100 frames after its INDEX 01. cdrdao puts it 50 frames (the
        # file time of INDEX 01) later.
        data = self.info(SAMPLE).data
        iso_frames = os.path.getsize(SAMPLE.parent / 'spindle-sample-data.iso') // 2048
        wav3_start = iso_frames + 150 + 225
        t3 = data['tracks'][2]
        self.assertEqual(fx.indices(t3), {0: wav3_start, 1: wav3_start + 50, 2: wav3_start + 150})
        self.assertEqual([t['mode'] for t in data['tracks']], ['MODE1/2048', 'AUDIO', 'AUDIO'])
        self.assertEqual(data['catalog'], '0123456789012')
        self.assertEqual(data['title'], 'Spindle Sample Disc')
        self.assertEqual([t['isrc'] for t in data['tracks']], [None, 'XXSPN2600001', 'XXSPN2600002'])
        self.compare_cdrdao(SAMPLE, data, hand_indices={3: {2: wav3_start + 150}}, index_bug={3: 50})


if __name__ == '__main__':
    unittest.main(verbosity=2)
