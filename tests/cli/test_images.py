#!/usr/bin/python3
# Images without a sheet: ISO images (genisoimage, xorriso, UDF) and lone BIN
# files, whose sector size Spindle must detect and report (2352, 2336, 2448,
# 2048, audio); plus truncated files and files that are not a whole number of
# sectors, with and without a sheet.
#
# Copyright 2026 The Spindle authors
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.environ.get('SPINDLE_SOURCE_ROOT', '.'), 'tests', 'fixtures'))
import fixtures as fx  # noqa: E402

W = 'warning'
E = 'error'


def isoinfo_volume_size(path):
    """The volume space size genisoimage's isoinfo reads from the PVD."""
    out = fx.tool('isoinfo', '-d', '-i', path).stdout.decode('latin-1')
    return int(re.search(r'Volume size is: (\d+)', out).group(1))


class IsoImages(fx.ScratchTestCase):

    def check_iso(self, src, name='disc.iso'):
        path = self.s.place(src, name)
        data = self.info(path).data
        frames = os.path.getsize(src) // 2048
        self.assertEqual(data['format'], 'iso')
        self.assertEqual(data['disc_type'], 'CD_ROM')
        self.assertLayout(data, [{'number': 1, 'mode': 'MODE1/2048', 'sector_size': 2048, 'start': 0,
                                  'length': frames, 'pregap': 0, 'file': name, 'file_offset': 0}], frames)
        self.assertDiagnostics(data, [])
        return data, frames

    def test_genisoimage(self):
        _, frames = self.check_iso(fx.iso_file('genisoimage'))
        self.assertEqual(frames, isoinfo_volume_size(fx.iso_file('genisoimage')))

    def test_xorriso(self):
        # xorriso pads its image after the file system: the disc is the file.
        _, frames = self.check_iso(fx.iso_file('xorriso'))
        self.assertGreater(frames, isoinfo_volume_size(fx.iso_file('xorriso')))

    def test_udf(self):
        _, frames = self.check_iso(fx.iso_file('udf'))
        self.assertEqual(frames, isoinfo_volume_size(fx.iso_file('udf')))

    def test_upper_case_suffix_and_no_suffix(self):
        self.check_iso(fx.iso_file(), 'DISC.ISO')
        # No telling name: the ISO 9660 descriptor at sector 16 says so.
        self.check_iso(fx.iso_file(), 'disc-image')

    def test_iso_holding_raw_sectors(self):
        path = self.s.place(fx.vcd() / 'videocd.bin', 'vcd.iso')
        data = self.info(path).data
        frames = os.path.getsize(path) // 2352
        self.assertLayout(data, [{'mode': 'MODE2/2352', 'sector_size': 2352, 'length': frames}], frames)
        self.assertDiagnostics(data, [(W, 'vcd.iso', None, 'it is named like an ISO, but holds 2352-byte sectors '
                                                           '(sync patterns)')])

    def test_iso_without_a_file_system(self):
        self.s.write('blank.iso', bytes(2048 * 40))
        data = self.info(self.s / 'blank.iso').data
        self.assertLayout(data, [{'mode': 'MODE1/2048', 'length': 40}], 40)
        self.assertDiagnostics(data, [(W, 'blank.iso', None, 'no ISO 9660 or UDF volume descriptor at sector 16')])

    def test_not_whole_sectors(self):
        # A whole file system and 100 bytes more: the partial sector goes.
        iso = fx.iso_file().read_bytes()
        self.s.write('more.iso', iso + b'x' * 100)
        data = self.info(self.s / 'more.iso').data
        self.assertEqual(data['leadout'], len(iso) // 2048)
        self.assertDiagnostics(data, [(W, 'more.iso', None, 'it is not a whole number of 2048-byte sectors; '
                                                            'its last 100 bytes are ignored')])

    def test_truncated_iso(self):
        # A download cut off mid-sector: the ISO 9660 volume size (which
        # isoinfo reads too) shows what is missing, and the disc keeps the
        # length its file system gives it, as a sheet's layout does when a
        # file is short.
        iso = fx.iso_file().read_bytes()
        volume = isoinfo_volume_size(fx.iso_file())
        cut = len(iso) - 2048 * 10 - 1000
        self.s.write('cut.iso', iso[:cut])
        data = self.info(self.s / 'cut.iso', expect_rc=1).data
        self.assertEqual(data['leadout'], volume)
        self.assertDiagnostics(data, [
            (W, 'cut.iso', None, 'it is not a whole number of 2048-byte sectors; its last 1048 bytes are ignored'),
            (E, 'cut.iso', None, f"track 01's ISO 9660 file system spans {volume} sectors, but the file holds "
                                 f"{cut // 2048} of them: it is truncated, {volume - cut // 2048} sectors are missing")])


class LoneBin(fx.ScratchTestCase):
    """A BIN without its sheet: Spindle guesses, and says what it guessed."""

    def check(self, src, mode, size, evidence, name='disc.bin', extra=()):
        path = self.s.place(src, name)
        data = self.info(path).data
        frames = os.path.getsize(src) // size
        self.assertEqual(data['format'], 'bin')
        self.assertLayout(data, [{'mode': mode, 'sector_size': size, 'start': 0, 'length': frames}], frames)
        self.assertDiagnostics(data, [(W, name, None, f'no cue sheet: one {mode} track of {size}-byte sectors, '
                                                      f'from {evidence}')] + list(extra))
        return data

    def test_raw_mode2_2352(self):
        data = self.check(fx.vcd() / 'videocd.bin', 'MODE2/2352', 2352, 'sync patterns')
        self.assertEqual(data['disc_type'], 'CD_ROM_XA')

    def test_raw_mode1_2352(self):
        data = self.check(fx.derived_file('mode1_2352.bin'), 'MODE1/2352', 2352, 'sync patterns')
        self.assertEqual(data['disc_type'], 'CD_ROM')

    def test_mode2_2336(self):
        self.check(fx.derived_file('mode2_2336.bin'), 'MODE2/2336', 2336,
                   'an ISO 9660 volume descriptor at 2336-byte sector 16')

    def test_raw_with_subchannel_2448(self):
        self.check(fx.derived_file('mode2_2448.bin'), 'MODE2/2352', 2448, 'sync patterns')

    def test_user_data_2048(self):
        self.check(fx.iso_file(), 'MODE1/2048', 2048,
                   'an ISO 9660 or UDF volume descriptor at 2048-byte sector 16')
        # The .img suffix is read the same way.
        self.check(fx.iso_file(), 'MODE1/2048', 2048,
                   'an ISO 9660 or UDF volume descriptor at 2048-byte sector 16', name='disc.img')

    def test_audio(self):
        data = self.check(fx.frames_audio('le', 300), 'AUDIO', 2352,
                          'no sync pattern and no ISO 9660 volume descriptor: audio assumed')
        self.assertEqual(data['disc_type'], 'CD_DA')

    def test_sheet_beside_it(self):
        v = fx.vcd()
        self.s.place(v / 'videocd.cue', 'videocd.cue')
        self.check(v / 'videocd.bin', 'MODE2/2352', 2352, 'sync patterns', name='videocd.bin',
                   extra=[(W, 'videocd.bin', None, 'the sheet “videocd.cue” is beside it; open that for the '
                                                   'disc\'s full track list')])

    def test_truncated_raw_bin(self):
        # 20 sectors and 1000 bytes of a VCD: the partial sector is dropped,
        # and the VCD's ISO 9660 track (300 sectors in vcdimager's sheet) is
        # seen to be cut short.
        v = fx.vcd()
        track1 = fx.vcd_cue_layout(v / 'videocd.cue')[1][1]
        raw = (v / 'videocd.bin').read_bytes()
        self.s.write('cut.bin', raw[:20 * 2352 + 1000])
        data = self.info(self.s / 'cut.bin', expect_rc=1).data
        self.assertLayout(data, [{'mode': 'MODE2/2352', 'length': track1}], track1)
        self.assertDiagnostics(data, [
            (W, 'cut.bin', None, 'no cue sheet: one MODE2/2352 track of 2352-byte sectors, from sync patterns'),
            (W, 'cut.bin', None, 'it is not a whole number of 2352-byte sectors; its last 1000 bytes are ignored'),
            (E, 'cut.bin', None, f"track 01's ISO 9660 file system spans {track1} sectors, but the file holds 20 "
                                 f"of them: it is truncated, {track1 - 20} sectors are missing")])

    def test_bin_shorter_than_one_raw_sector(self):
        # 1000 bytes that start with a sync pattern and a Mode 2 header: the
        # start of a raw sector, not audio; and less than one sector.
        raw = (fx.vcd() / 'videocd.bin').read_bytes()
        self.s.write('stub.bin', raw[:1000])
        r = self.info(self.s / 'stub.bin', expect_rc=1)
        self.assertEqual(r.stderr, 'spindle-cli: stub.bin: it holds less than one 2352-byte sector\n')


class TruncatedInSheets(fx.ScratchTestCase):

    def test_short_file_is_an_error(self):
        # The sheet puts track 2 at 00:05:00 (375) but the file has 300 frames.
        self.s.place(fx.frames_audio('le', 300), 'a.bin')
        sheet = self.s.write('t.cue', 'FILE "a.bin" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n'
                             '  TRACK 02 AUDIO\n    INDEX 01 00:05:00\n')
        data = self.info(sheet, expect_rc=1).data
        self.assertDiagnostics(data, [(E, 't.cue', 5, '“a.bin” is too short: TRACK 02 INDEX 01 at 00:05:00 needs '
                                                      'at least 884352 bytes, but it holds 705600')])

    def test_index_at_the_very_end_of_the_last_file(self):
        self.s.place(fx.frames_audio('le', 300), 'a.bin')
        sheet = self.s.write('t.cue', 'FILE "a.bin" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n'
                             '  TRACK 02 AUDIO\n    INDEX 01 00:04:00\n')
        data = self.info(sheet, expect_rc=1).data
        self.assertDiagnostics(data, [(E, 't.cue', 5, '“a.bin” is too short: TRACK 02 INDEX 01 at 00:04:00 needs '
                                                      'at least 707952 bytes, but it holds 705600')])

    def test_truncated_wave(self):
        # A WAVE file cut short: its data chunk claims more than the file has.
        wav = fx.frames_audio('wav', 300).read_bytes()
        self.s.write('cut.wav', wav[:44 + 100 * 2352])
        sheet = self.s.write('t.cue', 'FILE "cut.wav" WAVE\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n')
        data = self.info(sheet).data
        self.assertEqual(data['leadout'], 100)
        self.assertDiagnostics(data, [(W, 't.cue', 1, '“cut.wav”: its WAVE data chunk claims 705600 bytes, but the '
                                                      'file holds 235200 after its header; reading those')])

    def test_data_file_not_a_whole_number_of_sectors(self):
        raw = (fx.vcd() / 'videocd.bin').read_bytes()
        self.s.write('v.bin', raw + b'\0' * 100)
        sheet = self.s.write('t.cue', 'FILE "v.bin" BINARY\n  TRACK 01 MODE2/2352\n    INDEX 01 00:00:00\n')
        data = self.info(sheet).data
        self.assertEqual(data['leadout'], len(raw) // 2352)
        self.assertDiagnostics(data, [(W, 't.cue', 1, '“v.bin” is not a whole number of 2352-byte sectors; '
                                                      'its last 100 bytes are ignored')])

    def test_truncated_toc_datafile(self):
        volume = isoinfo_volume_size(fx.iso_file())
        self.s.write('d.bin', fx.iso_file().read_bytes()[:2048 * 100])
        sheet = self.s.write('t.toc', 'CD_ROM\nTRACK MODE1\nDATAFILE "d.bin" 00:02:00\n')
        data = self.info(sheet, expect_rc=1).data
        self.assertDiagnostics(data, [
            (E, 't.toc', 3, '“d.bin” is too short: 307200 bytes from offset 0 are needed, but it holds 204800'),
            (E, 'd.bin', None, f"track 01's ISO 9660 file system spans {volume} sectors, but the file holds 150 "
                               f"of them: it is truncated, {volume - 150} sectors are missing")])


if __name__ == '__main__':
    unittest.main(verbosity=2)
