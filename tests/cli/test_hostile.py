#!/usr/bin/python3
# Hostile and malformed input: each case asserts the exact diagnostic
# (message, file, line), the exit status (0 opened, 1 could not open or has
# errors, 2 bad usage) and that spindle-cli ends well under a second. Every
# run is under timeout(1) with SIGKILL after 10 s, so a hang fails the case
# (as a crash) instead of hanging the suite.
#
# Copyright 2026 The Spindle authors
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import random
import struct
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.environ.get('SPINDLE_SOURCE_ROOT', '.'), 'tests', 'fixtures'))
import fixtures as fx  # noqa: E402

W = 'warning'
E = 'error'
HANG_LIMIT = 10

AUDIO_FILE = 'FILE "a.bin" BINARY\n'


def track(n=1, mode='AUDIO', index='00:00:00'):
    return f'  TRACK {n:02d} {mode}\n    INDEX 01 {index}\n'


def seeded_bytes(seed, n):
    return random.Random(seed).randbytes(n)


def first_nul(data):
    """(line, offset) of the first NUL byte, counting LF, CRLF and CR as line ends."""
    offset = data.index(0)
    line, i = 1, 0
    while i < offset:
        if data[i] == 0x0A or (data[i] == 0x0D and (i + 1 >= offset or data[i + 1] != 0x0A)):
            line += 1
        i += 1
    return line, offset


class Case:
    """One hostile input. @build(scratch) makes the files and returns the path
    to open. Either @stderr (the exact error output when the image cannot be
    opened) or @diagnostics (the exact list, when it opens) is checked."""

    def __init__(self, name, build, rc, stderr=None, diagnostics=None, check=None):
        self.name = name
        self.build = build
        self.rc = rc
        self.stderr = stderr
        self.diagnostics = diagnostics
        self.check = check


def sheet(name, text):
    def build(s):
        s.place(fx.frames_audio('le', 300), 'a.bin')
        return s.write(name, text) if isinstance(text, str) else s.write(name, text)
    return build


def cue_error(name, text, line, message):
    where = f'{name}:{line}' if line else name
    return Case(name, sheet(name, text), 1, stderr=f'spindle-cli: {where}: {message}\n')


def raw_file(name, data):
    def build(s):
        return s.write(name, data)
    return build


def build_random_cue(s):
    return s.write('random.cue', seeded_bytes(1, 64 * 1024))


RANDOM_LINE, RANDOM_OFFSET = first_nul(seeded_bytes(1, 64 * 1024))


def build_8mb_line(s):
    return s.write('long.cue', 'REM ' + 'x' * (8 * 1024 * 1024) + '\n')


def build_100000_lines(s):
    s.place(fx.frames_audio('le', 300), 'a.bin')
    # 600 kB: under the 1 MiB a sheet may have.
    return s.write('lines.cue', AUDIO_FILE + track() + 'REM x\n' * 100000)


def build_99_by_99(s):
    # 99 tracks of 99 indices (01..99), one frame apart: 9801 frames in a
    # sparse file (no data is read, only its size).
    with open(s / 'big.bin', 'wb') as f:
        f.truncate(99 * 99 * 2352)
    lines = ['FILE "big.bin" BINARY']
    for t in range(1, 100):
        lines.append(f'  TRACK {t:02d} AUDIO')
        for i in range(1, 100):
            f = (t - 1) * 99 + i - 1
            lines.append(f'    INDEX {i:02d} {f // 4500:02d}:{f // 75 % 60:02d}:{f % 75:02d}')
    return s.write('many.cue', '\n'.join(lines) + '\n')


def check_99_by_99(test, r):
    data = r.data
    test.assertEqual(len(data['tracks']), 99)
    test.assertEqual(data['leadout'], 9801)
    for t in data['tracks']:
        test.assertEqual([i['number'] for i in t['indices']], list(range(1, 100)))
        test.assertEqual(t['start'], (t['number'] - 1) * 99)
        test.assertEqual(t['length'], 99)


def build_symlink_loop(s):
    os.symlink('loop-b.cue', s / 'loop-a.cue')
    os.symlink('loop-a.cue', s / 'loop-b.cue')
    return s / 'loop-a.cue'


def build_file_symlink_loop(s):
    os.symlink('l2.bin', s / 'l1.bin')
    os.symlink('l1.bin', s / 'l2.bin')
    return s.write('t.cue', 'FILE "l1.bin" BINARY\n' + track())


def build_dangling_symlink(s):
    os.symlink('gone.bin', s / 'link.bin')
    return s.write('t.cue', 'FILE "link.bin" BINARY\n' + track())


def build_dev_zero_link(s):
    os.symlink('/dev/zero', s / 'zero.bin')
    return s.write('t.cue', 'FILE "zero.bin" BINARY\n' + track())


def build_fifo_target(s):
    os.mkfifo(s / 'fifo.bin')
    return s.write('t.cue', 'FILE "fifo.bin" BINARY\n' + track())


def build_fifo_image(s):
    os.mkfifo(s / 'fifo.cue')
    return s / 'fifo.cue'


def build_dir_target(s):
    (s / 'dir.bin').mkdir()
    return s.write('t.cue', 'FILE "dir.bin" BINARY\n' + track())


def build_dir_image(s):
    (s / 'folder.cue').mkdir()
    return s / 'folder.cue'


def build_bad_riff(s):
    fmt = struct.pack('<HHIIHH', 1, 2, 44100, 176400, 4, 16)
    s.write('evil.wav', b'RIFF' + struct.pack('<I', 0xFFFFFFF0) + b'WAVE' + b'fmt ' + struct.pack('<I', 0xFFFFFF00)
            + fmt + b'data' + struct.pack('<I', 1000) + bytes(1000))
    return s.write('t.cue', 'FILE "evil.wav" WAVE\n' + track())


def build_riff_chunk_flood(s):
    # 5000 empty chunks before "data": the chunk walk must stop.
    fmt = struct.pack('<HHIIHH', 1, 2, 44100, 176400, 4, 16)
    s.write('flood.wav', b'RIFF' + struct.pack('<I', 0) + b'WAVE' + b'fmt ' + struct.pack('<I', 16) + fmt
            + (b'junk' + struct.pack('<I', 0)) * 5000 + b'data' + struct.pack('<I', 2352 * 10) + bytes(2352 * 10))
    return s.write('t.cue', 'FILE "flood.wav" WAVE\n' + track())


def build_many_files(s):
    s.place(fx.frames_audio('le', 300), 'a.bin')
    return s.write('files.cue', AUDIO_FILE * 201 + track())


def build_dev_zero(s):
    return '/dev/zero'


def build_missing_image(s):
    return s / 'nothere.cue'


def build_random_toc(s):
    return s.write('random.toc', seeded_bytes(2, 64 * 1024))


def build_hundred_toc_tracks(s):
    return s.write('t.toc', 'CD_DA\n' + 'TRACK AUDIO\nSILENCE 00:00:01\n' * 100)


def build_diagnostics_flood(s):
    # 1 MiB of one tolerated mistake: 200 000 warnings, of which 1000 are
    # listed and the rest counted.
    s.place(fx.frames_audio('le', 300), 'a.bin')
    return s.write('flood.cue', AUDIO_FILE + track() + '    FLAGS' + ' LOUD' * 200000 + '\n')


def check_diagnostics_flood(test, r):
    diagnostics = r.data['diagnostics']
    test.assertEqual(len(diagnostics), 1001)
    test.assertEqual(diagnostics[0], {'severity': W, 'file': 'flood.cue', 'line': 4,
                                      'message': 'unknown flag “LOUD” is ignored'})
    test.assertEqual(diagnostics[-1], {'severity': W, 'file': 'flood.cue', 'line': None,
                                       'message': '199000 more problems are not listed (0 errors, 199000 warnings)'})


def build_name_of_a_megabyte(s):
    return s.write('t.cue', 'FILE "' + 'n' * 1000000 + '" BINARY\n' + track())


def check_name_of_a_megabyte(test, r):
    [d] = r.data['diagnostics']
    test.assertEqual((d['severity'], d['line']), (E, 1))
    # Cut to about 1 KiB, the start and the end kept around an ellipsis.
    test.assertLessEqual(len(d['message'].encode()), 1030)
    test.assertRegex(d['message'], r'^“n{600,}…n{300,}” not found$')


def build_sheet_of(size):
    def build(s):
        s.place(fx.frames_audio('le', 300), 'a.bin')
        head = AUDIO_FILE + track() + 'REM '
        return s.write('big.cue', head + 'z' * (size - len(head)))
    return build


def build_toc_nested_braces(s):
    return s.write('braces.toc', 'CD_DA\nCD_TEXT {\n' + '{' * 1000000 + '\n')


def build_cdtext_file(kind):
    def build(s):
        s.place(fx.frames_audio('le', 300), 'a.bin')
        if kind == 'fifo':
            os.mkfifo(s / 'text.cdt')
        elif kind == 'folder':
            (s / 'text.cdt').mkdir()
        elif kind == 'loop':
            os.symlink('loop2.cdt', s / 'text.cdt')
            os.symlink('text.cdt', s / 'loop2.cdt')
        name = '/dev/zero' if kind == 'zero' else 'text.cdt'
        return s.write('t.cue', f'CDTEXTFILE "{name}"\n' + AUDIO_FILE + track())
    return build


def cdtext_not_a_file(name):
    return [(E, 't.cue', 1, f'CD-TEXT file “{name}” is not a CD-TEXT file (not a regular file of at most 64 KiB)')]


def build_toc_target(kind):
    def build(s):
        if kind == 'fifo':
            os.mkfifo(s / 'x.bin')
        elif kind == 'folder':
            (s / 'x.bin').mkdir()
        elif kind == 'loop':
            os.symlink('y.bin', s / 'x.bin')
            os.symlink('x.bin', s / 'y.bin')
        name = '/dev/zero' if kind == 'zero' else 'x.bin'
        return s.write('t.toc', f'CD_DA\nTRACK AUDIO\nFILE "{name}" 0\n')
    return build


def build_wave_fifo(s):
    os.mkfifo(s / 'a.wav')
    return s.write('t.cue', 'FILE "a.wav" WAVE\n' + track())


CASES = [
    # -- Not a sheet at all --
    Case('random_64k_cue', build_random_cue, 1,
         stderr=f'spindle-cli: random.cue:{RANDOM_LINE}: it contains binary data (a NUL byte at offset '
                f'{RANDOM_OFFSET}), so it is not a sheet\n'),
    Case('random_64k_bin', raw_file('random.bin', seeded_bytes(1, 64 * 1024)), 0, diagnostics=[
        (W, 'random.bin', None, 'no cue sheet: one AUDIO track of 2352-byte sectors, from no sync pattern and no '
                                'ISO 9660 volume descriptor: audio assumed'),
        (W, 'random.bin', None, 'it ends with a partial sector (2032 of 2352 bytes); it is padded with silence')]),
    Case('random_64k_toc', build_random_toc, 1,
         stderr='spindle-cli: random.toc:{}: it contains binary data (a NUL byte at offset {}), so it is not a '
                'sheet\n'.format(*first_nul(seeded_bytes(2, 64 * 1024)))),
    Case('printable_junk', raw_file('junk.cue', bytes(random.Random(3).randrange(32, 127) for _ in range(5000))),
         1, stderr='spindle-cli: junk.cue: not a cue sheet: it has no FILE and no TRACK line\n'),
    Case('empty_cue', raw_file('empty.cue', b''), 1, stderr='spindle-cli: empty.cue: the file is empty\n'),
    Case('empty_bin', raw_file('empty.bin', b''), 1, stderr='spindle-cli: empty.bin: the file is empty\n'),
    Case('tiny_iso', raw_file('tiny.iso', bytes(2000)), 1,
         stderr='spindle-cli: tiny.iso: it holds less than one 2048-byte sector\n'),
    Case('nul_byte', sheet('nul.cue', (AUDIO_FILE + track()).encode() + b'REM \0\n'), 1,
         stderr='spindle-cli: nul.cue:4: it contains binary data (a NUL byte at offset 63), so it is not a sheet\n'),
    Case('bad_utf16', raw_file('u16.cue', b'\xff\xfeF\x00I\x00L\x00\x00\xd8'), 1,
         stderr='spindle-cli: u16.cue:1: it starts like UTF-16LE text but is not valid UTF-16LE\n'),
    Case('line_of_8_mb', build_8mb_line, 1,
         stderr='spindle-cli: long.cue: 8.4\u00a0MB is too large for a cue sheet (at most 1 MiB)\n'),
    Case('100000_lines', build_100000_lines, 0, diagnostics=[]),
    Case('99_tracks_of_99_indices', build_99_by_99, 0, diagnostics=[], check=check_99_by_99),

    # -- Files that are not files --
    Case('symlink_loop_image', build_symlink_loop, 1,
         stderr='spindle-cli: loop-a.cue: it is a symbolic link that leads nowhere (a loop, or its target is missing)\n'),
    Case('symlink_loop_target', build_file_symlink_loop, 1, diagnostics=[
        (E, 't.cue', 1, '“l1.bin” cannot be read: Too many levels of symbolic links')]),
    Case('dangling_symlink_target', build_dangling_symlink, 1, diagnostics=[
        (E, 't.cue', 1, '“link.bin” cannot be read: No such file or directory')]),
    Case('dev_zero_image', build_dev_zero, 1, stderr='spindle-cli: zero: it is not a regular file\n'),
    Case('dev_zero_target', sheet('t.cue', 'FILE "/dev/zero" BINARY\n' + track()), 1, diagnostics=[
        (W, 't.cue', 1, '“/dev/zero” is an absolute path, outside the sheet\'s folder'),
        (E, 't.cue', 1, '“/dev/zero” cannot be read: it is not a regular file')]),
    Case('dev_zero_via_symlink', build_dev_zero_link, 1, diagnostics=[
        (E, 't.cue', 1, '“zero.bin” cannot be read: it is not a regular file')]),
    Case('fifo_target', build_fifo_target, 1, diagnostics=[
        (E, 't.cue', 1, '“fifo.bin” cannot be read: it is not a regular file')]),
    Case('fifo_image', build_fifo_image, 1, stderr='spindle-cli: fifo.cue: it is not a regular file\n'),
    Case('directory_target', build_dir_target, 1, diagnostics=[
        (E, 't.cue', 1, '“dir.bin” cannot be read: it is a folder')]),
    Case('directory_image', build_dir_image, 1, stderr='spindle-cli: folder.cue: it is a folder, not a disc image\n'),
    Case('missing_image', build_missing_image, 1, check='missing-image'),

    # -- Sheet structure --
    cue_error('track_before_file.cue', track() + AUDIO_FILE, 1, 'TRACK before any FILE line'),
    cue_error('index_before_track.cue', AUDIO_FILE + '    INDEX 01 00:00:00\n' + track(), 2,
              'INDEX before any TRACK line'),
    cue_error('msf_frames_75.cue', AUDIO_FILE + track(index='00:00:75'), 3,
              '“00:00:75” is not a valid time for INDEX: MM:SS:FF with seconds below 60 and frames below 75'),
    cue_error('msf_seconds_60.cue', AUDIO_FILE + track(index='00:60:00'), 3,
              '“00:60:00” is not a valid time for INDEX: MM:SS:FF with seconds below 60 and frames below 75'),
    cue_error('msf_four_digit_minutes.cue', AUDIO_FILE + track(index='1000:00:00'), 3,
              '“1000:00:00” is not a valid time for INDEX: MM:SS:FF with seconds below 60 and frames below 75'),
    cue_error('msf_junk.cue', AUDIO_FILE + track(index='00:01:00x'), 3,
              '“00:01:00x” is not a valid time for INDEX: MM:SS:FF with seconds below 60 and frames below 75'),
    cue_error('decreasing_indices.cue', AUDIO_FILE + track() + '  TRACK 02 AUDIO\n    INDEX 01 00:01:00\n'
              '    INDEX 02 00:00:50\n', 6,
              'INDEX 02 at 00:00:50 is not after the previous INDEX at 00:01:00 (line 5)'),
    cue_error('index_01_before_index_00.cue', AUDIO_FILE + track() + '  TRACK 02 AUDIO\n    INDEX 00 00:01:00\n'
              '    INDEX 01 00:00:50\n', 6,
              'INDEX 01 at 00:00:50 is not after the previous INDEX at 00:01:00 (line 5)'),
    cue_error('track_starts_before_previous.cue', AUDIO_FILE + track() + '    INDEX 02 00:02:00\n'
              + track(2, index='00:01:00'), 6,
              'INDEX 01 at 00:01:00 is not after the previous INDEX at 00:02:00 (line 4)'),
    cue_error('duplicate_track.cue', AUDIO_FILE + track() + track(1, index='00:01:00'), 4,
              'TRACK 01 follows TRACK 01; track numbers must increase'),
    cue_error('track_100.cue', AUDIO_FILE + '  TRACK 100 AUDIO\n    INDEX 01 00:00:00\n', 2,
              '“100” is not a track number (1–99)'),
    cue_error('track_00.cue', AUDIO_FILE + '  TRACK 00 AUDIO\n    INDEX 01 00:00:00\n', 2,
              '“00” is not a track number (1–99)'),
    cue_error('track_not_a_number.cue', AUDIO_FILE + '  TRACK 1a AUDIO\n    INDEX 01 00:00:00\n', 2,
              '“1a” is not a track number (1–99)'),
    cue_error('track_without_mode.cue', AUDIO_FILE + '  TRACK 01\n    INDEX 01 00:00:00\n', 2,
              'TRACK needs a number and a mode'),
    cue_error('unknown_mode.cue', AUDIO_FILE + track(mode='MODE3/2352'), 2, 'unknown track mode “MODE3/2352”'),
    cue_error('missing_index_01.cue', AUDIO_FILE + '  TRACK 01 AUDIO\n    INDEX 00 00:00:00\n'
              + track(2, index='00:01:00'), 2, 'TRACK 01 has no INDEX 01'),
    cue_error('missing_index_01_last.cue', AUDIO_FILE + track() + '  TRACK 02 AUDIO\n    INDEX 00 00:01:00\n', 4,
              'TRACK 02 has no INDEX 01'),
    cue_error('index_100.cue', AUDIO_FILE + '  TRACK 01 AUDIO\n    INDEX 100 00:00:00\n', 3,
              '“100” is not an index number (00–99)'),
    cue_error('first_index_02.cue', AUDIO_FILE + '  TRACK 01 AUDIO\n    INDEX 02 00:00:00\n', 3,
              'TRACK 01 starts with INDEX 02; its first index must be 00 or 01'),
    cue_error('index_twice.cue', AUDIO_FILE + track() + '    INDEX 01 00:00:10\n', 4,
              'INDEX 01 appears twice in TRACK 01'),
    cue_error('index_without_time.cue', AUDIO_FILE + '  TRACK 01 AUDIO\n    INDEX 01\n', 3,
              'INDEX needs a number and a time'),
    cue_error('pregap_without_time.cue', AUDIO_FILE + track() + '    PREGAP\n', 4, 'PREGAP needs a time (MM:SS:FF)'),
    cue_error('unterminated_quote.cue', 'FILE "a.bin BINARY\n' + track(), 1, 'the file name has no closing quote'),
    cue_error('file_without_name.cue', 'FILE\n' + track(), 1, 'FILE needs a file name and a type'),
    cue_error('file_empty_name.cue', 'FILE "" BINARY\n' + track(), 1, 'FILE has an empty file name'),
    cue_error('no_track.cue', AUDIO_FILE, 0, 'there is no TRACK line in it'),
    cue_error('no_file_no_track.cue', 'REM just a comment\nTITLE "x"\n', 0,
              'not a cue sheet: it has no FILE and no TRACK line'),
    Case('201_file_lines', build_many_files, 1, stderr='spindle-cli: files.cue:201: more than 200 FILE lines\n'),
    cue_error('session_0.cue', 'REM SESSION 00\n' + AUDIO_FILE + track(), 1, '“00” is not a session number (1–99)'),

    # -- Files a sheet names --
    Case('missing_file', raw_file('t.cue', 'FILE "nothere.bin" BINARY\n' + track()), 1, diagnostics=[
        (E, 't.cue', 1, '“nothere.bin” not found')]),
    # A Redump set whose BINs are all gone: the message must say so, not
    # blame the layout that the unknown file sizes make.
    Case('two_missing_files', sheet('t.cue', 'FILE "gone1.bin" BINARY\n' + track() + 'FILE "gone2.bin" BINARY\n'
                                    + track(2)), 1,
         check=lambda test, r: test.assertMissing(r, 't.cue', [(1, 'gone1.bin'), (4, 'gone2.bin')])),
    Case('short_file', sheet('t.cue', AUDIO_FILE + track() + track(2, index='00:05:00')), 1, diagnostics=[
        (E, 't.cue', 5, '“a.bin” is too short: TRACK 02 INDEX 01 at 00:05:00 needs at least 884352 bytes, '
                        'but it holds 705600')]),
    Case('index_far_beyond_the_file', sheet('t.cue', AUDIO_FILE + track(index='999:59:74')), 1, diagnostics=[
        (W, 't.cue', 3, 'TRACK 01 starts at 999:59:74 in “a.bin”; the 4499999 frames before it are taken as '
                        'its pregap (INDEX 00)'),
        (E, 't.cue', 3, '“a.bin” is too short: TRACK 01 INDEX 01 at 999:59:74 needs at least 10584000000 bytes, '
                        'but it holds 705600')]),
    Case('not_whole_sectors', lambda s: (s.write('d.bin', fx.iso_file().read_bytes() + bytes(7)),
                                         s.write('t.cue', 'FILE "d.bin" BINARY\n' + track(mode='MODE1/2048')))[1],
         0, diagnostics=[(W, 't.cue', 1, '“d.bin” is not a whole number of 2048-byte sectors; '
                                         'its last 7 bytes are ignored')]),
    Case('data_track_in_a_wave', lambda s: (s.place(fx.frames_audio('wav', 100), 'a.wav'),
                                            s.write('t.cue', 'FILE "a.wav" WAVE\n' + track(mode='MODE1/2352')))[1],
         1, stderr='spindle-cli: t.cue:1: “a.wav” holds audio, but a data track is in it\n'),
    Case('wave_with_lying_chunk_sizes', build_bad_riff, 1, diagnostics=[
        (E, 't.cue', 1, '“evil.wav” cannot be read: cannot decode it as audio (Error in WAV/W64/RF64 file. '
                        'Short \'fmt \' chunk.)')]),
    Case('wave_with_5000_chunks', build_riff_chunk_flood, 0,
         check=lambda test, r: test.assertEqual(r.data['leadout'], 10)),

    # -- TOC files --
    Case('toc_unterminated_string', sheet('t.toc', 'CD_DA\nTRACK AUDIO\nFILE "a.bin 0\n'), 1,
         stderr='spindle-cli: t.toc:3: a string has no closing quote\n'),
    Case('toc_bad_msf', sheet('t.toc', 'CD_DA\nTRACK AUDIO\nFILE "a.bin" 00:00:75\n'), 1,
         stderr='spindle-cli: t.toc:3: “00:00:75” is not a valid time: MM:SS:FF with seconds below 60 and '
                'frames below 75\n'),
    Case('toc_unknown_mode', sheet('t.toc', 'CD_DA\nTRACK AUDIOX\nFILE "a.bin" 0\n'), 1,
         stderr='spindle-cli: t.toc:2: unknown track mode “AUDIOX”\n'),
    Case('toc_no_track', sheet('t.toc', 'CD_DA\n'), 1, stderr='spindle-cli: t.toc: there is no TRACK in it\n'),
    Case('toc_fifo', sheet('t.toc', 'CD_DA\nTRACK AUDIO\nFIFO "/tmp/x" 100\n'), 1,
         stderr='spindle-cli: t.toc:3: FIFO sources cannot be read from an image\n'),
    Case('toc_100_tracks', build_hundred_toc_tracks, 1, stderr='spindle-cli: t.toc:200: more than 99 tracks\n'),
    Case('toc_index_at_start', sheet('t.toc', 'CD_DA\nTRACK AUDIO\nSILENCE 00:00:01\nINDEX 00:00:00\n'), 1,
         stderr='spindle-cli: t.toc:4: INDEX at the start of the track\n'),
    Case('toc_start_after_end', sheet('t.toc', 'CD_DA\nTRACK AUDIO\nFILE "a.bin" 0\nSTART 00:05:00\n'), 1,
         stderr='spindle-cli: t.toc:4: START is at or after the end of the track\n'),
    Case('toc_pregap_and_start', sheet('t.toc', 'CD_DA\nTRACK AUDIO\nFILE "a.bin" 0\nTRACK AUDIO\n'
                                                'PREGAP 00:02:00\nFILE "a.bin" 0\nSTART 00:01:00\n'), 1,
         stderr='spindle-cli: t.toc:7: the track\'s start (end of pregap) is already set on line 5\n'),
    Case('toc_stray_brace', sheet('t.toc', 'CD_DA\nTRACK AUDIO\nFILE "a.bin" 0\n}\n'), 1,
         stderr='spindle-cli: t.toc:4: expected TRACK or INDEX, found “}”\n'),
    Case('toc_missing_file_with_length', sheet('t.toc', 'CD_DA\nTRACK AUDIO\nFILE "gone.wav" 0 00:01:00\n'), 1,
         diagnostics=[(E, 't.toc', 3, '“gone.wav” not found')]),
    # Without a length the track's size is unknown; either way the message
    # must name the missing file, not blame the track.
    Case('toc_missing_file', sheet('t.toc', 'CD_DA\nTRACK AUDIO\nFILE "gone.wav" 0\n'), 1,
         check=lambda test, r: test.assertMissing(r, 't.toc', [(3, 'gone.wav')])),

    # -- Resource bounds (issue 9): each also measured by Bounds below --
    Case('diagnostics_flood', build_diagnostics_flood, 0, check=check_diagnostics_flood),
    Case('name_of_a_megabyte', build_name_of_a_megabyte, 1, check=check_name_of_a_megabyte),
    Case('line_of_1_mb', build_sheet_of(1000000), 0, diagnostics=[]),
    Case('sheet_of_exactly_1_mib', build_sheet_of(1024 * 1024), 0, diagnostics=[]),
    Case('sheet_of_1_mib_and_1_byte', build_sheet_of(1024 * 1024 + 1), 1,
         stderr='spindle-cli: big.cue: 1.0\u00a0MB is too large for a cue sheet (at most 1 MiB)\n'),
    Case('toc_nested_braces', build_toc_nested_braces, 1,
         stderr='spindle-cli: braces.toc:3: expected LANGUAGE or LANGUAGE_MAP, found “{”\n'),
    Case('cdtextfile_dev_zero', build_cdtext_file('zero'), 1, diagnostics=cdtext_not_a_file('/dev/zero')),
    Case('cdtextfile_fifo', build_cdtext_file('fifo'), 1, diagnostics=cdtext_not_a_file('text.cdt')),
    Case('cdtextfile_folder', build_cdtext_file('folder'), 1, diagnostics=cdtext_not_a_file('text.cdt')),
    Case('cdtextfile_symlink_loop', build_cdtext_file('loop'), 1, diagnostics=cdtext_not_a_file('text.cdt')),
    Case('toc_file_dev_zero', build_toc_target('zero'), 1, diagnostics=[
        (W, 't.toc', 3, '“/dev/zero” is an absolute path, outside the sheet\'s folder'),
        (E, 't.toc', 3, '“/dev/zero” cannot be read: it is not a regular file')]),
    Case('toc_file_fifo', build_toc_target('fifo'), 1, diagnostics=[
        (E, 't.toc', 3, '“x.bin” cannot be read: it is not a regular file')]),
    Case('toc_file_folder', build_toc_target('folder'), 1, diagnostics=[
        (E, 't.toc', 3, '“x.bin” cannot be read: it is a folder')]),
    Case('toc_file_symlink_loop', build_toc_target('loop'), 1, diagnostics=[
        (E, 't.toc', 3, '“x.bin” cannot be read: Too many levels of symbolic links')]),
    Case('wave_file_fifo', build_wave_fifo, 1, diagnostics=[
        (E, 't.cue', 1, '“a.wav” cannot be read: it is not a regular file')]),
]

# The bounds stated in README.md ("Security"): every case above ends in
# under a second (run_case), and these, the ones that could grow, also
# within this peak memory. spindle-cli itself is about 7 MB.
BOUNDED = ['line_of_8_mb', '100000_lines', '99_tracks_of_99_indices', 'dev_zero_target', 'dev_zero_image',
           'fifo_target', 'fifo_image', 'symlink_loop_image', 'symlink_loop_target', 'directory_target',
           'directory_image', 'diagnostics_flood', 'name_of_a_megabyte', 'line_of_1_mb', 'sheet_of_exactly_1_mib',
           'toc_nested_braces', 'random_64k_cue', 'random_64k_bin', 'wave_with_5000_chunks',
           'cdtextfile_dev_zero', 'toc_file_fifo']
MAX_RSS_KIB = 64 * 1024


def sanitized():
    """Whether spindle-cli is built with AddressSanitizer (whose shadow
    memory and checks make a run several times bigger and slower)."""
    r = subprocess.run(['ldd', fx.CLI], capture_output=True, text=True)
    return 'libasan' in r.stdout


class Hostile(fx.ScratchTestCase):

    def test_at_least_25_cases(self):
        self.assertGreaterEqual(len(CASES), 25)
        self.assertEqual(len({c.name for c in CASES}), len(CASES))

    def assertMissing(self, r, sheet, missing):
        """Either the image opens with an error diagnostic per missing file,
        or it fails with a message naming the first one."""
        if r.data is None:
            line, name = missing[0]
            self.assertEqual(r.stderr, f'spindle-cli: {sheet}:{line}: “{name}” not found\n')
        else:
            self.assertDiagnostics(r.data, [(E, sheet, line, f'“{name}” not found') for line, name in missing])

    def run_case(self, case):
        path = case.build(self.s)
        r = fx.run_info(path, wrap_timeout=HANG_LIMIT)
        self.assertNotIn(r.rc, (124, 137), f'spindle-cli hung on {case.name} and was killed')
        self.assertFalse(r.crashed, f'spindle-cli crashed on {case.name} (status {r.rc}): {r.stderr}')
        self.assertLess(r.elapsed, fx.FAST_SECONDS, f'{case.name} took {r.elapsed:.2f} s')
        self.assertNotRegex(r.stderr, r'(CRITICAL|WARNING|ERROR) \*\*', 'a GLib message on stderr')
        self.assertEqual(r.rc, case.rc, f'exit status; stderr: {r.stderr}; '
                                        f'diagnostics: {r.data and r.data["diagnostics"]}')
        if case.stderr is not None:
            self.assertEqual(r.stderr, case.stderr)
            self.assertEqual(r.stdout, '')
        if case.diagnostics is not None:
            self.assertIsNotNone(r.data, f'no JSON; stderr: {r.stderr}')
            self.assertDiagnostics(r.data, case.diagnostics)
            if case.rc == 0:
                self.assertEqual(r.stderr, '')
        if case.check == 'missing-image':
            self.assertEqual(r.stderr, f'spindle-cli: nothere.cue: Error when getting information for file '
                                       f'“{path}”: No such file or directory\n')
        elif case.check:
            case.check(self, r)
        self.assertTrue(case.stderr is not None or case.diagnostics is not None or case.check,
                        'a case must check something')


class Bounds(fx.ScratchTestCase):
    """Peak memory and time of spindle-cli info on the inputs that could make
    it grow. The peak resident size is measured by GNU time (/usr/bin/time,
    the Debian package "time"): the rusage Python's wait4() gives would also
    count the Python process the child was forked from."""

    def measure(self, path, report):
        argv = ['/usr/bin/time', '-f', '%M', '-o', str(report), fx.CLI, 'info', '--json', str(path)]
        t0 = time.monotonic()
        r = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=HANG_LIMIT,
                           env=dict(os.environ, LC_ALL='C.UTF-8', LANG='C.UTF-8'))
        elapsed = time.monotonic() - t0
        return elapsed, int(report.read_text().split()[-1]), r.returncode

    @unittest.skipUnless(os.access('/usr/bin/time', os.X_OK), 'no /usr/bin/time (Debian package "time")')
    def test_bounds(self):
        cases = {c.name: c for c in CASES}
        slow = 8 if sanitized() else 1
        for name in BOUNDED:
            with self.subTest(name):
                scratch = fx.Scratch(name)
                self.addCleanup(scratch.cleanup)
                elapsed, rss, rc = self.measure(cases[name].build(scratch), self.s / f'{name}.time')
                print(f'{name:28} {elapsed * 1000:7.0f} ms {rss / 1024:7.1f} MiB  exit {rc}', file=sys.stderr)
                self.assertEqual(rc, cases[name].rc)
                self.assertLess(elapsed, fx.FAST_SECONDS * slow)
                self.assertLess(rss, MAX_RSS_KIB * slow)


def _add(case):
    def test(self):
        self.run_case(case)
    test.__doc__ = None
    setattr(Hostile, f'test_{case.name.replace(".", "_")}', test)


for _case in CASES:
    _add(_case)


if __name__ == '__main__':
    unittest.main(verbosity=2)
