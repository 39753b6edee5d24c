#!/usr/bin/python3
# make-seeds.py: remakes the binary seeds of tests/fuzz/corpus from images
# made by tools no one here wrote (tests/fixtures/fixtures.py: vcdimager,
# genisoimage, sox), plus libcdio's published Mode 1 sectors:
#   sector/  single raw sectors (+ their 4-byte LBA, + an options byte)
#   probe/   the first sectors of whole images in every sector size
#   subq/    raw P-W subchannel with a Q channel built as ECMA-130 §22.3.3 says
#   filesystem/  ISO 9660 (Joliet, Rock Ridge, El Torito) and UDF images by
#            genisoimage and xorriso, in fuzz-filesystem.c's sparse form
#            (non-zero 2048-byte blocks only), and a Video CD's first sectors
# The sheets in cue/, toc/ and cdtext/ are the ones tests/cli writes
# (collected with SPINDLE_KEEP_SCRATCH=1), the sample's sheet, and
# libcdio's CD-TEXT test files; they are not remade here.
#
#   tests/fuzz/make-seeds.py            (from the source root)
#
# Copyright 2026 The Spindle authors
# SPDX-License-Identifier: GPL-3.0-or-later

import binascii
import os
import shutil
import struct
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
os.environ.setdefault('SPINDLE_CLI', 'unused')
os.environ.setdefault('SPINDLE_SOURCE_ROOT', str(ROOT))
_own_cache = 'SPINDLE_FIXTURE_CACHE' not in os.environ
os.environ.setdefault('SPINDLE_FIXTURE_CACHE', tempfile.mkdtemp(prefix='spindle-seeds-'))
sys.path.insert(0, str(ROOT / 'tests' / 'fixtures'))
import fixtures as fx  # noqa: E402

CORPUS = ROOT / 'tests' / 'fuzz' / 'corpus'
FRAME = 2352


def write(target, name, data):
    (CORPUS / target).mkdir(parents=True, exist_ok=True)
    (CORPUS / target / name).write_bytes(bytes(data))


def le32(v):
    return struct.pack('<i', v)


def sector_seeds():
    vcd = fx.sectors(fx.vcd() / 'videocd.bin')
    # A Form 1 sector, the ISO 9660 descriptor, the VCD info sectors, an
    # empty Form 2 sector, MPEG video and audio (Form 2), end of file.
    for lba, what in [(0, 'form1'), (16, 'pvd'), (17, 'eor'), (150, 'entries'), (300, 'form2-empty'),
                      (450, 'form2-video'), (482, 'form2-audio'), (598, 'form2-eof')]:
        write('sector', f'vcd-{lba:03d}-{what}', vcd[lba] + le32(lba))
    svcd = fx.sectors(fx.svcd() / 'svcd.bin')
    write('sector', 'svcd-016-pvd', svcd[16] + le32(16))

    m1 = (ROOT / 'tests' / 'data' / 'libcdio-isofs-m1-sectors-0-16-17.bin').read_bytes()
    for i, lba in enumerate((0, 16, 17)):
        write('sector', f'libcdio-mode1-{lba:03d}', m1[i * FRAME:(i + 1) * FRAME] + le32(lba))

    audio = fx.frames_audio('wav', 10).read_bytes()[44:]
    write('sector', 'sox-audio', audio[5 * FRAME:6 * FRAME] + le32(5) + b'\x01')
    # A data sector read at the wrong position, and a truncated one.
    write('sector', 'vcd-016-at-wrong-lba', vcd[16] + le32(1000))
    write('sector', 'vcd-016-short', vcd[16][:1000])


def probe_seeds():
    vcd = (fx.vcd() / 'videocd.bin').read_bytes()
    write('probe', 'vcd-head.bin', vcd[:4 * FRAME])
    iso = fx.iso_file('genisoimage').read_bytes()
    write('probe', 'genisoimage-head.iso', iso[:17 * 2048])
    d = fx.derived()
    write('probe', 'mode2-2336-head.bin', (d / 'mode2_2336.bin').read_bytes()[:17 * 2336])
    write('probe', 'mode2-2448-head.bin', (d / 'mode2_2448.bin').read_bytes()[:4 * 2448])
    write('probe', 'mode1-2352-head.bin', (d / 'mode1_2352.bin').read_bytes()[:4 * FRAME])
    write('probe', 'cdg-2448-head.bin', (d / 'cdg_2448.bin').read_bytes()[:3 * 2448])
    write('probe', 'sox-audio.bin', fx.frames_audio('le', 3).read_bytes())
    write('probe', 'sample-sheet', (ROOT / 'data' / 'sample' / 'spindle-sample.cue').read_bytes())


def bcd(v):
    return (v // 10) << 4 | v % 10


def q_frame(q10):
    crc = binascii.crc_hqx(bytes(q10), 0) ^ 0xFFFF
    return bytes(q10) + struct.pack('>H', crc)


def pw_with_q(q12):
    """96 bytes of P-W: Q in bit 6, P (the pause flag) in bit 7."""
    out = bytearray(96)
    for bit in range(96):
        if q12[bit // 8] & (0x80 >> (bit % 8)):
            out[bit] |= 0x40
    return bytes(out)


def subq_seeds():
    def position(ctrl, track, index, rel, absolute):
        r = [rel // 4500, rel // 75 % 60, rel % 75]
        a = [(absolute + 150) // 4500, (absolute + 150) // 75 % 60, (absolute + 150) % 75]
        return q_frame([ctrl << 4 | 1, track if track == 0xAA else bcd(track), bcd(index),
                        *map(bcd, r), 0, *map(bcd, a)])

    write('subq', 'track01-index01', pw_with_q(position(4, 1, 1, 0, 0)))
    write('subq', 'track02-pregap', pw_with_q(position(0, 2, 0, 150, 1000)))
    write('subq', 'leadout', pw_with_q(position(0, 0xAA, 1, 10, 20000)))
    mcn = '0724384960650'
    digits = [int(c) for c in mcn] + [0]
    write('subq', 'mcn', pw_with_q(q_frame([0x02] + [digits[i] << 4 | digits[i + 1] for i in range(0, 14, 2)]
                                          + [0, 0])))
    # ISRC USXX19901234: five 6-bit characters, then 7 BCD digits.
    code = lambda c: int(c) if c.isdigit() else ord(c) - ord('A') + 17
    bits = 0
    for c in 'USXX1':
        bits = bits << 6 | code(c)
    bits <<= 2
    digits = [int(c) for c in '9901234'] + [0]
    write('subq', 'isrc', pw_with_q(q_frame([0x03] + list(struct.pack('>I', bits))
                                           + [digits[i] << 4 | digits[i + 1] for i in range(0, 8, 2)]
                                           + [0])))
    write('subq', 'bad-crc', pw_with_q(position(4, 1, 1, 0, 0)[:11] + b'\x00'))


SPARSE_MAGIC = b'SPINDLE-SPARSE-ISO\n'


def sparse(image):
    out = bytearray(SPARSE_MAGIC)
    for block in range(len(image) // 2048):
        data = image[block * 2048:(block + 1) * 2048]
        # genisoimage -udf repeats the anchor (descriptor tag 2) in every
        # block of its padding; the one at block 256 is the one read.
        if block > 256 and data[0:2] == b'\x02\x00':
            continue
        if any(data):
            out += struct.pack('<I', block) + data
    return bytes(out)


def filesystem_seeds():
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        root = d / 'root'
        (root / 'DIR' / 'SUB').mkdir(parents=True)
        (root / 'README.TXT').write_text('Spindle fuzz seed\n')
        (root / 'DIR' / 'data.bin').write_bytes(bytes(range(256)) * 2)
        (root / 'DIR' / 'SUB' / 'a long name, with spaces.txt').write_text('x\n')
        # Rock Ridge keeps these; extraction must keep them inside.
        os.symlink('../README.TXT', root / 'DIR' / 'link')
        os.symlink('../../../../etc/passwd', root / 'DIR' / 'escape')
        (root / 'boot.img').write_bytes(bytes(2048))

        fx.tool('genisoimage', '-quiet', '-J', '-R', '-V', 'FUZZ_RR', '-o', d / 'rr.iso', root)
        fx.tool('genisoimage', '-quiet', '-V', 'FUZZ_PLAIN', '-o', d / 'plain.iso', root)
        fx.tool('genisoimage', '-quiet', '-udf', '-V', 'FUZZ_UDF', '-o', d / 'udf.iso', root)
        fx.tool('genisoimage', '-quiet', '-R', '-b', 'boot.img', '-no-emul-boot', '-boot-load-size', '4',
                '-c', 'boot.cat', '-V', 'FUZZ_BOOT', '-o', d / 'boot.iso', root)
        fx.tool('xorriso', '-abort_on', 'FAILURE', '-outdev', d / 'xorriso.iso', '-volid', 'FUZZ_XORRISO',
                '-joliet', 'on', '-map', root, '/')
        for name in ('rr', 'udf', 'boot', 'xorriso'):
            write('filesystem', f'genisoimage-{name}.sparse' if name != 'xorriso' else 'xorriso.sparse',
                  sparse((d / f'{name}.iso').read_bytes()))
        # A plain image as it is, cut after its last used block.
        plain = (d / 'plain.iso').read_bytes()
        last = max(b for b in range(len(plain) // 2048) if any(plain[b * 2048:(b + 1) * 2048]))
        write('filesystem', 'genisoimage-plain-cut.iso', plain[:(last + 1) * 2048])
    # A Video CD's first 24 raw sectors: descriptor, path tables, root.
    write('filesystem', 'vcdimager-head.bin', (fx.vcd() / 'videocd.bin').read_bytes()[:24 * FRAME])


if __name__ == '__main__':
    filesystem_seeds()
    sector_seeds()
    probe_seeds()
    subq_seeds()
    for d in sorted(CORPUS.iterdir()):
        files = list(d.iterdir())
        print(f'{d.name}: {len(files)} files, {sum(f.stat().st_size for f in files)} bytes')
    if _own_cache:
        shutil.rmtree(os.environ['SPINDLE_FIXTURE_CACHE'], ignore_errors=True)
