# convtest.py: fixtures and helpers of tests/convert
#
# Images are made at test time by tools no one here wrote: genisoimage,
# xorriso, mkudffs, vcdimager, sox; the oracles are osirrox and isoinfo
# (files), bchunk (ISO, WAVE), vcdxrip (Video CD MPEG), cdrdao (TOC),
# flac (FLAC), md5sum, sha1sum and Python's zlib (checksums). A Mode 1 BIN
# is made from a genisoimage ISO by putting each 2048-byte block behind a
# sync pattern and a header (no EDC/ECC: ISO conversion reads only the user
# data), and libcdio's own isofs-m1.bin (tests/convert/data) is a Mode 1
# BIN with real EDC/ECC made by another tool.
#
# Builders are cached once per `meson test` run, as tests/fixtures does.
#
# Copyright 2026 The Spindle authors
# SPDX-License-Identifier: GPL-3.0-or-later

import gzip
import hashlib
import json
import os
import shutil
import stat
import struct
import subprocess
import sys
import time
import unittest
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / 'fixtures'))

import fixtures  # noqa: E402
from fixtures import cached, tool, CLI, BUILD_ROOT, TOOL_ENV, FRAME  # noqa: E402,F401

DATA = HERE / 'data'
SHIM = BUILD_ROOT / 'tests' / 'convert' / 'sp-fault-shim.so'

# ---- Running spindle-cli --------------------------------------------------


class Run:
    def __init__(self, r, elapsed):
        self.rc = r.returncode
        self.stdout = r.stdout.decode('utf-8', errors='replace')
        self.stderr = r.stderr.decode('utf-8', errors='replace')
        self.elapsed = elapsed

    def json(self):
        return json.loads(self.stdout)


def cli(*args, env=None, timeout=120, cwd=None):
    e = dict(os.environ, LC_ALL='C.UTF-8', LANG='C.UTF-8')
    if env:
        e.update(env)
    t0 = time.monotonic()
    r = subprocess.run([CLI] + [str(a) for a in args], capture_output=True, env=e, timeout=timeout, cwd=cwd)
    return Run(r, time.monotonic() - t0)


def shim_env(**values):
    """The environment that loads the fault shim (tests/convert/fault-shim.c)."""
    env = {'LD_PRELOAD': str(SHIM),
           # An ASan build wants its runtime first; the shim only wraps libc.
           'ASAN_OPTIONS': os.environ.get('ASAN_OPTIONS', '') + ':verify_asan_link_order=0'}
    env.update({k: str(v) for k, v in values.items()})
    return env


# ---- File trees -------------------------------------------------------------

def lcg_bytes(n, seed=12345):
    """@n bytes of a fixed linear congruential sequence."""
    x = seed
    out = bytearray()
    while len(out) < n:
        x = (1103515245 * x + 12345) & 0x7FFFFFFF
        out += struct.pack('<I', x)
    return bytes(out[:n])


def fill_tree(root):
    """A tree with what browsing must get right: long and non-ASCII names,
    an empty file and folder, a multi-sector file, an executable, a deep
    folder, relative and absolute symbolic links."""
    root = Path(root)
    (root / 'DOCS' / 'sub').mkdir(parents=True)
    (root / 'empty dir').mkdir()
    deep = root / 'a' / 'b' / 'c' / 'd' / 'e'
    deep.mkdir(parents=True)
    (root / 'README.TXT').write_text('Spindle test disc.\n')
    (root / 'DOCS' / 'DATA.BIN').write_bytes(lcg_bytes(200 * 1024))
    (root / 'DOCS' / 'sub' / 'A long file name with spaces.txt').write_text('a longer name\n')
    (root / 'Ünïcödé name.txt').write_text('utf-8\n')
    (root / 'zero.dat').write_bytes(b'')
    (root / 'big.dat').write_bytes(lcg_bytes(1024 * 1024 + 123, seed=7))
    (deep / 'deep.txt').write_text('five folders down\n')
    run = root / 'run.sh'
    run.write_text('#!/bin/sh\necho hi\n')
    run.chmod(0o755)
    os.symlink('README.TXT', root / 'link')
    os.symlink('DOCS/sub', root / 'sublink')
    os.symlink('/etc/passwd', root / 'abs')
    # Fixed times, so listings are stable.
    for p in sorted(root.rglob('*'), reverse=True):
        os.utime(p, (1700000000, 1700000000), follow_symlinks=False)
    os.utime(root, (1700000000, 1700000000))


def tree_files(root):
    """{relative path: ('f', bytes) | ('d', None) | ('l', target)} of a tree."""
    root = Path(root)
    out = {}
    for p in sorted(root.rglob('*')):
        rel = str(p.relative_to(root))
        if p.is_symlink():
            out[rel] = ('l', os.readlink(p))
        elif p.is_dir():
            out[rel] = ('d', None)
        else:
            out[rel] = ('f', p.read_bytes())
    return out


@cached('conv-tree')
def tree(d):
    fill_tree(d / 'root')


def tree_root():
    return tree() / 'root'


# ---- ISO and UDF images -------------------------------------------------------

@cached('conv-iso')
def iso_images(d):
    root = tree_root()
    # Names are UTF-8: say so, or genisoimage reads them as ISO-8859-1.
    utf8 = ['-input-charset', 'utf-8']
    tool('genisoimage', '-quiet', *utf8, '-J', '-R', '-V', 'SPINDLE_JR', '-publisher', 'The Spindle authors',
         '-p', 'spindle tests', '-A', 'Spindle convert tests', '-o', d / 'jr.iso', root)
    tool('genisoimage', '-quiet', *utf8, '-J', '-V', 'SPINDLE_J', '-o', d / 'joliet.iso', root)
    tool('genisoimage', '-quiet', *utf8, '-V', 'SPINDLE_PLAIN', '-o', d / 'plain.iso', root)
    tool('xorriso', '-abort_on', 'FAILURE', '-outdev', d / 'xorriso.iso', '-volid', 'SPINDLE_XORRISO',
         '-joliet', 'on', '-map', root, '/')
    tool('genisoimage', '-quiet', *utf8, '-udf', '-R', '-V', 'SPINDLE_UDF', '-o', d / 'udf.iso', root)
    # El Torito: a no-emulation boot image and a 1.44 MB floppy one.
    boot = d / 'bootroot'
    (boot / 'boot').mkdir(parents=True)
    (boot / 'boot' / 'boot.img').write_bytes(lcg_bytes(4 * 2048, seed=3))
    (boot / 'boot' / 'floppy.img').write_bytes(lcg_bytes(1474560, seed=4))
    tool('genisoimage', '-quiet', '-R', '-V', 'SPINDLE_BOOT', '-b', 'boot/boot.img', '-c', 'boot/boot.cat',
         '-no-emul-boot', '-boot-load-size', '4', '-o', d / 'boot.iso', boot)
    tool('genisoimage', '-quiet', '-R', '-V', 'SPINDLE_FLOPPY', '-b', 'boot/floppy.img', '-c', 'boot/boot.cat',
         '-o', d / 'floppy.iso', boot)
    shutil.rmtree(boot)


def iso(name):
    return iso_images() / name


@cached('conv-mkudffs')
def mkudffs_images(d):
    tool('mkudffs', '--udfrev=0x0102', '--label=SPINDLE_MKUDF', '--blocksize=2048', '--new-file',
         d / 'udf102.img', '2000')
    tool('mkudffs', '--label=SPINDLE_MKUDF', '--blocksize=2048', '--new-file', d / 'udf201.img', '2000')


def have_tool(name):
    return shutil.which(name) is not None


# ---- Raw sectors ------------------------------------------------------------------

SYNC = b'\x00' + b'\xff' * 10 + b'\x00'


def bcd(v):
    return (v // 10) << 4 | (v % 10)


def mode1_sector(lba, data):
    """A Mode 1 sector: sync, header (MSF of @lba + 150), user data, and no
    EDC/ECC (zeros): what ISO conversion reads is only the user data."""
    a = lba + 150
    header = bytes([bcd(a // 4500), bcd((a // 75) % 60), bcd(a % 75), 1])
    return SYNC + header + data + bytes(288)


def iso_to_mode1(iso_bytes, first_lba=0):
    assert len(iso_bytes) % 2048 == 0
    return b''.join(mode1_sector(first_lba + i, iso_bytes[i * 2048:(i + 1) * 2048])
                    for i in range(len(iso_bytes) // 2048))


def audio_frames(frames, freq=440, seed=None):
    """CD audio of @frames frames (sox), as raw little-endian samples."""
    f = fixtures.audio_file('le', frames * 588)
    data = f.read_bytes()
    assert len(data) == frames * FRAME
    return data


@cached('conv-libcdio-m1')
def libcdio_m1(d):
    (d / 'isofs-m1.bin').write_bytes(gzip.decompress((DATA / 'isofs-m1.bin.gz').read_bytes()))
    shutil.copyfile(DATA / 'isofs-m1.cue', d / 'isofs-m1.cue')


# ---- Checksums of bytes, by tools ---------------------------------------------------

def md5sum(path):
    return subprocess.run(['md5sum', str(path)], capture_output=True, text=True, check=True).stdout.split()[0]


def sha1sum(path):
    return subprocess.run(['sha1sum', str(path)], capture_output=True, text=True, check=True).stdout.split()[0]


def crc32_of(data):
    return '%08x' % (zlib.crc32(data) & 0xffffffff)


def sha256_of(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def wav_data(path):
    """The data chunk of a RIFF WAVE file, read chunk by chunk."""
    b = Path(path).read_bytes()
    assert b[:4] == b'RIFF' and b[8:12] == b'WAVE', path
    pos = 12
    while pos + 8 <= len(b):
        cid, size = b[pos:pos + 4], struct.unpack('<I', b[pos + 4:pos + 8])[0]
        if cid == b'data':
            return b[pos + 8:pos + 8 + size]
        pos += 8 + size + (size & 1)
    raise AssertionError(f'no data chunk in {path}')


def snapshot(path):
    """Every entry under @path with its type, size and content hash."""
    path = Path(path)
    out = {}
    if not path.exists():
        return out
    for p in sorted(path.rglob('*')):
        st = p.lstat()
        if stat.S_ISLNK(st.st_mode):
            out[str(p)] = ('l', os.readlink(p))
        elif stat.S_ISDIR(st.st_mode):
            out[str(p)] = ('d',)
        else:
            out[str(p)] = ('f', st.st_size, hashlib.md5(p.read_bytes()).hexdigest())
    return out


class TestCase(fixtures.ScratchTestCase):
    """A test with a scratch folder self.s and assertions on spindle-cli."""

    def ok(self, *args, **kw):
        r = cli(*args, **kw)
        self.assertEqual(r.rc, 0, f'spindle-cli {" ".join(map(str, args))}\nstderr: {r.stderr}')
        self.assertNotRegex(r.stderr, r'(CRITICAL|WARNING|ERROR) \*\*', 'a GLib message on stderr')
        return r

    def fails(self, *args, rc=1, **kw):
        r = cli(*args, **kw)
        self.assertEqual(r.rc, rc, f'spindle-cli {" ".join(map(str, args))}\nstdout: {r.stdout}\nstderr: {r.stderr}')
        self.assertNotRegex(r.stderr, r'(CRITICAL|WARNING|ERROR) \*\*', 'a GLib message on stderr')
        return r

    def listing(self, image, *extra):
        return {e['path']: e for e in self.ok('ls', '--json', *extra, image).json()}

    def assertTreeEqual(self, got, want, msg=None):
        self.assertEqual(sorted(got), sorted(want), msg)
        for k in want:
            self.assertEqual(got[k], want[k], f'{msg or ""}: {k}')


def main():
    unittest.main(verbosity=2)
