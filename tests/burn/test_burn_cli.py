#!/usr/bin/python3
"""spindle-cli burn on libburn's stdio: pseudo-drive (the real libburn, no
hardware): an ISO made by genisoimage written into a file is byte for byte
that ISO, with --verify; --dry-run and --simulate write nothing; a Mode 2
Video CD and a target that is the image itself are refused with the reason
and exit status 1 before anything is written; bad usage exits 2. The image
is never written to."""

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

CLI = os.environ['SPINDLE_CLI']


def run(*argv):
    env = dict(os.environ, LANGUAGE='C', LC_ALL='C.UTF-8')
    return subprocess.run([CLI, *argv], capture_output=True, text=True, timeout=120, env=env)


def digest(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


class BurnCli(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not shutil.which('genisoimage'):
            raise unittest.SkipTest('genisoimage is not installed')
        cls.dir = tempfile.mkdtemp(prefix='spindle-burn-cli-')
        tree = os.path.join(cls.dir, 'tree')
        os.makedirs(tree)
        with open(os.path.join(tree, 'DATA.BIN'), 'wb') as f:
            f.write(os.urandom(3 << 20))
        cls.iso = os.path.join(cls.dir, 'disc.iso')
        subprocess.run(['genisoimage', '-quiet', '-R', '-J', '-V', 'CLI', '-o', cls.iso, tree], check=True)
        cls.before = digest(cls.iso)

    @classmethod
    def tearDownClass(cls):
        assert digest(cls.iso) == cls.before, 'the image was written to'
        shutil.rmtree(cls.dir, ignore_errors=True)

    def out(self, name):
        return os.path.join(self.dir, name)

    def test_iso_to_file_verified(self):
        out = self.out('copy.iso')
        r = run('burn', '--drive', 'stdio:' + out, '--verify', self.iso)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(self.iso, 'rb') as a, open(out, 'rb') as b:
            self.assertTrue(a.read() == b.read(), 'the file differs from the ISO')
        # Written through a temporary file and renamed: nothing else left.
        self.assertEqual(sorted(n for n in os.listdir(self.dir) if n.startswith('copy')), ['copy.iso'])

    def test_dry_run_and_simulate_write_nothing(self):
        for option in ('--dry-run', '--simulate'):
            out = self.out('never%s.iso' % option)
            r = run('burn', '--drive', 'stdio:' + out, option, self.iso)
            self.assertEqual(r.returncode, 0, option + ': ' + r.stderr)
            self.assertFalse(os.path.exists(out), option + ' wrote the file')
        r = run('burn', '--drive', 'stdio:' + self.out('plan.iso'), '--dry-run', self.iso)
        self.assertIn('libburn', r.stdout + r.stderr)

    def test_refused_onto_itself(self):
        r = run('burn', '--drive', 'stdio:' + self.iso, self.iso)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertTrue(r.stderr.strip(), 'no reason given')

    def test_mode2_refused_before_writing(self):
        if not (shutil.which('vcdimager') and shutil.which('ffmpeg')):
            self.skipTest('vcdimager or ffmpeg is not installed')
        folder = self.out('vcd')
        os.makedirs(folder, exist_ok=True)
        subprocess.run(['ffmpeg', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=352x240:rate=29.97',
                        '-t', '1', '-target', 'ntsc-vcd', '-y', os.path.join(folder, 'v.mpg')], check=True)
        subprocess.run(['vcdimager', '-q', '-t', 'vcd2', '-c', 'vcd.cue', '-b', 'vcd.bin', 'v.mpg'],
                       cwd=folder, check=True, stdout=subprocess.DEVNULL)
        out = self.out('vcd.iso')
        r = run('burn', '--drive', 'stdio:' + out, os.path.join(folder, 'vcd.cue'))
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn('Track 01', r.stderr)
        self.assertFalse(os.path.exists(out))

    def test_bad_usage(self):
        self.assertEqual(run('burn').returncode, 2)
        self.assertEqual(run('burn', '--mode', 'sideways', self.iso).returncode, 2)


if __name__ == '__main__':
    unittest.main(verbosity=2)
