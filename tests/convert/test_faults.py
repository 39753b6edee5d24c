#!/usr/bin/env python3
# test_faults.py: a disk that fills up and a cancel that arrives while a
# job runs leave no output behind and the source unchanged.
#
# The full disk is a real one when a small tmpfs can be mounted (as root,
# or in a user namespace with unshare), and always the LD_PRELOAD shim of
# fault-shim.c, which fails writes under a folder with ENOSPC after a given
# number of bytes. The cancel is Ctrl-C (SIGINT) sent to spindle-cli while
# the shim slows its reads down, so that it arrives mid-job.
#
# Copyright 2026 The Spindle authors
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import convtest as ct
from convtest import cli, shim_env, snapshot

import test_convert


@ct.cached('conv-big')
def big(d):
    """A 24 MB data track (an ISO of a tree with one large file) and a
    40 MB audio BIN."""
    root = d / 'root'
    (root / 'dir').mkdir(parents=True)
    (root / 'dir' / 'large.bin').write_bytes(os.urandom(24 * 1024 * 1024))
    (root / 'small.txt').write_text('small\n')
    ct.tool('genisoimage', '-quiet', '-R', '-o', d / 'big.iso', root)
    shutil.rmtree(root)
    (d / 'audio.bin').write_bytes(os.urandom(2352 * 17000))
    (d / 'audio.cue').write_text('FILE "audio.bin" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n'
                                 '  TRACK 02 AUDIO\n    INDEX 01 01:00:00\n')


def source_state(paths):
    return {str(p): ct.sha256_of(p) for p in paths}


class Faults(ct.TestCase):

    def setUp(self):
        super().setUp()
        self.out = self.s / 'out'
        self.out.mkdir()
        (self.out / 'already-there.txt').write_text('keep me\n')
        self.out_before = snapshot(self.out)
        self.b = big()

    def assertNoOutput(self, msg=''):
        self.assertEqual(snapshot(self.out), self.out_before, f'output left behind {msg}')

    # ---- A full disk, by the shim ----

    def full_disk(self, args, sources, after=1_000_000):
        before = source_state(sources)
        r = cli(*args, env=shim_env(SPINDLE_FAULT_DIR=self.out, SPINDLE_FAULT_ENOSPC_AFTER=after))
        self.assertEqual(r.rc, 1, f'{args}: {r.stderr}')
        self.assertIn('No space left on device', r.stderr)
        self.assertIn('nothing was left behind', r.stderr)
        self.assertNotRegex(r.stderr, r'(CRITICAL|WARNING) \*\*')
        self.assertNoOutput(str(args))
        self.assertEqual(source_state(sources), before, 'the source changed')

    def test_full_disk_convert(self):
        iso = self.b / 'big.iso'
        cue = self.b / 'audio.cue'
        sources = [iso, cue, self.b / 'audio.bin']
        self.full_disk(['convert', iso, '--to', 'iso', '--output', self.out / 'x.iso'], sources)
        self.full_disk(['convert', cue, '--to', 'bin', '--output', self.out / 'm.cue'], sources)
        self.full_disk(['convert', cue, '--to', 'split', '--output', self.out / 's.cue'], sources, after=30_000_000)
        self.full_disk(['convert', cue, '--to', 'wav', '--output', self.out / 'wavs'], sources)
        self.full_disk(['convert', cue, '--to', 'flac', '--track', '2', '--output', self.out / 't.flac'], sources)
        self.full_disk(['convert', cue, '--to', 'toc', '--output', self.out / 't.toc'], sources, after=10)

    def test_full_disk_extract(self):
        iso = self.b / 'big.iso'
        self.full_disk(['extract', iso, '--to', self.out], [iso], after=5_000_000)
        self.full_disk(['extract', iso, '--to', self.out / 'made'], [iso], after=5_000_000)

    def test_full_disk_tmpfs(self):
        """A real 1 MiB tmpfs, mounted as root or in a user namespace."""
        script = f'''
            set -e
            mount -t tmpfs -o size=1m spindle-test "{self.out}"
            set +e
            "{ct.CLI}" convert "{self.b / 'big.iso'}" --to iso --output "{self.out}/x.iso"
            echo "rc=$?"
            "{ct.CLI}" extract "{self.b / 'big.iso'}" --to "{self.out}/tree"
            echo "rc=$?"
            ls -A "{self.out}"
            echo end
        '''
        shutil.rmtree(self.out)
        self.out.mkdir()
        # A mount namespace of our own: the mount goes away with it.
        argv = ['unshare', '-m', 'sh', '-c', script] if os.geteuid() == 0 else \
               ['unshare', '-r', '-m', 'sh', '-c', script]
        r = subprocess.run(argv, capture_output=True, text=True, timeout=120)
        if 'end' not in r.stdout:
            self.skipTest(f'no tmpfs could be mounted: {r.stderr.strip()}')
        lines = r.stdout.split('\n')
        self.assertEqual([l for l in lines if l.startswith('rc=')], ['rc=1', 'rc=1'], r.stderr)
        self.assertIn('No space left on device', r.stderr)
        listing = lines[lines.index('rc=1', lines.index('rc=1') + 1) + 1:lines.index('end')]
        self.assertEqual(listing, [], 'files left on the full tmpfs')

    def test_read_only_tmpfs(self):
        """A destination on a file system mounted read-only (a real tmpfs,
        mounted as root or in a user namespace): each job says so, names
        the place, and leaves nothing."""
        script = f'''
            set -e
            mount -t tmpfs -o ro,size=1m spindle-test "{self.out}"
            set +e
            "{ct.CLI}" convert "{self.b / 'big.iso'}" --to iso --output "{self.out}/x.iso"
            echo "rc=$?"
            "{ct.CLI}" convert "{self.b / 'audio.cue'}" --to split --output "{self.out}/s.cue"
            echo "rc=$?"
            "{ct.CLI}" extract "{self.b / 'big.iso'}" --to "{self.out}"
            echo "rc=$?"
            "{ct.CLI}" extract "{self.b / 'big.iso'}" --to "{self.out}/tree"
            echo "rc=$?"
            ls -A "{self.out}"
            echo end
        '''
        sources = [self.b / 'big.iso', self.b / 'audio.cue', self.b / 'audio.bin']
        before = source_state(sources)
        shutil.rmtree(self.out)
        self.out.mkdir()
        argv = ['unshare', '-m', 'sh', '-c', script] if os.geteuid() == 0 else \
               ['unshare', '-r', '-m', 'sh', '-c', script]
        r = subprocess.run(argv, capture_output=True, text=True, timeout=120)
        if 'end' not in r.stdout:
            self.skipTest(f'no tmpfs could be mounted: {r.stderr.strip()}')
        lines = r.stdout.split('\n')
        self.assertEqual([l for l in lines if l.startswith('rc=')], ['rc=1'] * 4, r.stderr)
        self.assertEqual(r.stderr.count('Read-only file system'), 4, r.stderr)
        self.assertIn(str(self.out), r.stderr)
        self.assertNotRegex(r.stderr, r'(CRITICAL|WARNING) \*\*')
        self.assertEqual(lines[lines.index('end') - 1], 'rc=1', 'files on the read-only file system')
        self.assertEqual(source_state(sources), before, 'the source changed')

    # ---- A cancel, by Ctrl-C ----

    def cancel(self, args, sources, after, message, delay=200000, wait_output=True):
        before = source_state(sources)
        env = dict(os.environ, LC_ALL='C.UTF-8',
                   **shim_env(SPINDLE_FAULT_READ_DELAY_US=delay))
        p = subprocess.Popen([ct.CLI] + [str(a) for a in args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=env)
        # Mid-job: once the job has put something in the output folder (a
        # temporary file, a folder), or for a checksum once it runs.
        if wait_output:
            deadline = time.monotonic() + 20
            while snapshot(self.out) == self.out_before and p.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)
        time.sleep(after)
        self.assertIsNone(p.poll(), f'{args} ended before the cancel; make the job longer')
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=60)
        err = err.decode()
        self.assertEqual(p.returncode, 1, err)
        self.assertIn(message, err)
        self.assertNoOutput(str(args))
        self.assertEqual(source_state(sources), before, 'the source changed')

    def test_cancel_convert(self):
        iso = self.b / 'big.iso'
        cue = self.b / 'audio.cue'
        sources = [iso, cue, self.b / 'audio.bin']
        for after in (0.0, 0.4):
            with self.subTest(after=after):
                self.cancel(['convert', iso, '--to', 'iso', '--output', self.out / 'x.iso'], sources, after,
                            'conversion cancelled; nothing was left behind')
                self.cancel(['convert', cue, '--to', 'split', '--output', self.out / 's.cue'], sources, after,
                            'conversion cancelled; nothing was left behind')
                self.cancel(['convert', cue, '--to', 'wav', '--output', self.out / 'w'], sources, after,
                            'conversion cancelled; nothing was left behind')

    def test_cancel_extract(self):
        iso = self.b / 'big.iso'
        for after in (0.0, 0.4):
            with self.subTest(after=after):
                self.cancel(['extract', iso, '--to', self.out], [iso], after,
                            'extraction cancelled; nothing was left behind', delay=50000)
                self.cancel(['extract', iso, '--to', self.out / 'made'], [iso], after,
                            'extraction cancelled; nothing was left behind', delay=50000)

    def test_cancel_checksum(self):
        cue = self.b / 'audio.cue'
        self.cancel(['checksum', cue], [cue, self.b / 'audio.bin'], 0.6, 'checksum cancelled', wait_output=False)


if __name__ == '__main__':
    ct.main()
