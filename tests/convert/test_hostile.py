#!/usr/bin/env python3
# test_hostile.py: extraction from an image whose names and links try to
# write outside the destination, and into destinations that hold links.
#
# The image is made by genisoimage -R from a tree with placeholder names of
# the right length, then the Rock Ridge NM entries are patched in place:
# "xx_xx_escape" becomes "../../escape", "slash_name" "slash/name", "yy"
# "..". Its links are real Rock Ridge SL entries: absolute, escaping with
# "..", going up after a name, and harmless ones.
#
# Copyright 2026 The Spindle authors
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import shutil
import tempfile
from pathlib import Path

import convtest as ct
from convtest import tree_files, snapshot

OUTSIDE_TARGET = '/tmp/spindle-escape-target'


@ct.cached('conv-hostile')
def hostile(d):
    root = d / 'root'
    (root / 'sub').mkdir(parents=True)
    (root / 'xx_xx_escape').write_bytes(b'ESCAPED\n')
    (root / 'slash_name').write_bytes(b'SLASH\n')
    (root / 'yy').write_bytes(b'DOTDOT\n')
    (root / 'README').write_bytes(b'readme\n')
    (root / 'sub' / 'f.txt').write_bytes(b'inside\n')
    links = {
        'abs': OUTSIDE_TARGET + '/abs',                 # absolute
        'up': '../../../../../../../tmp/spindle-escape',  # out by ".."
        'ok': 'sub/f.txt',                                # inside
        'dotlink': '.',                                   # inside
        'viadot': 'dotlink/..',                           # ".." after a name
        'throughevil': 'evil/y',                          # through a link the test puts there
        'sub/parentlink': '../README',                    # up one, inside
        'sub/esc': '../../outside',                       # up two from depth one
    }
    for name, target in links.items():
        os.symlink(target, root / name)
    ct.tool('genisoimage', '-quiet', '-R', '-V', 'HOSTILE', '-o', d / 'plain.iso', root)
    data = bytearray((d / 'plain.iso').read_bytes())
    for old, new in ((b'xx_xx_escape', b'../../escape'), (b'slash_name', b'slash/name')):
        assert len(old) == len(new)
        assert data.count(old) >= 1, old
        data = data.replace(old, new)
    # "yy" is too short to search for blindly: patch it in its NM entry.
    nm = b'NM\x07\x01\x00yy'
    assert data.count(nm) == 1
    data = data.replace(nm, b'NM\x07\x01\x00..')
    (d / 'hostile.iso').write_bytes(bytes(data))
    shutil.rmtree(root)


def image():
    return hostile() / 'hostile.iso'


def both_endian32(value):
    return value.to_bytes(4, 'little') + value.to_bytes(4, 'big')


@ct.cached('conv-hostile-dirs')
def hostile_dirs(d):
    """A folder that claims 2 GB, and a folder that is its own parent."""
    root = d / 'root'
    (root / 'DOCS').mkdir(parents=True)
    (root / 'DOCS' / 'A.TXT').write_bytes(b'a\n')
    ct.tool('genisoimage', '-quiet', '-R', '-o', d / 'plain.iso', root)
    data = bytearray((d / 'plain.iso').read_bytes())
    pvd = 16 * 2048
    root_lba = int.from_bytes(data[pvd + 156 + 2:pvd + 156 + 6], 'little')

    huge = bytearray(data)
    huge[pvd + 156 + 10:pvd + 156 + 18] = both_endian32(0x7ffff800)
    (d / 'huge.iso').write_bytes(bytes(huge))

    # The DOCS record of the root folder, pointed back at the root.
    folder = root_lba * 2048
    at = data.index(b'DOCS', folder) - 33
    assert data[at + 32] == 4, 'the name length of the DOCS record'
    data[at + 2:at + 10] = both_endian32(root_lba)
    (d / 'loop.iso').write_bytes(bytes(data))


class Hostile(ct.TestCase):

    def setUp(self):
        super().setUp()
        # The destination sits deep in a sandbox, so that "../.." stays in it
        # and any escape is seen as a change of the sandbox.
        self.sandbox = self.s / 'sandbox'
        self.dest = self.sandbox / 'a' / 'b' / 'dest'
        (self.sandbox / 'outside').mkdir(parents=True)
        (self.sandbox / 'outside' / 'keep.txt').write_text('untouched\n')
        (self.sandbox / 'victim.txt').write_text('victim\n')
        self.dest.parent.mkdir(parents=True)
        shutil.rmtree(OUTSIDE_TARGET, ignore_errors=True)

    def outside_snapshot(self):
        return {k: v for k, v in snapshot(self.sandbox).items() if k != str(self.dest) and not k.startswith(str(self.dest) + '/')}

    def assertNothingOutside(self, before):
        self.assertEqual(self.outside_snapshot(), before, 'the sandbox outside the destination changed')
        self.assertFalse(os.path.lexists(OUTSIDE_TARGET))
        self.assertFalse(os.path.lexists('/tmp/spindle-escape'))

    def test_listing_shows_the_names_as_recorded(self):
        names = {e['name']: e for e in self.ok('ls', '--json', image()).json()}
        self.assertIn('../../escape', names)
        self.assertIn('slash/name', names)
        self.assertNotIn('..', names, 'a name ".." is not listed')
        self.assertEqual(names['abs']['target'], OUTSIDE_TARGET + '/abs')
        self.assertEqual(names['up']['type'], 'symlink')

    def test_extract_all_stays_inside(self):
        before = self.outside_snapshot()
        r = self.ok('extract', image(), '--to', self.dest)
        self.assertNothingOutside(before)
        self.assertTreeEqual(tree_files(self.dest), {
            '.._.._escape': ('f', b'ESCAPED\n'),
            'slash_name': ('f', b'SLASH\n'),
            'README': ('f', b'readme\n'),
            'sub': ('d', None),
            'sub/f.txt': ('f', b'inside\n'),
            'sub/parentlink': ('l', '../README'),
            'ok': ('l', 'sub/f.txt'),
            'dotlink': ('l', '.'),
            'throughevil': ('l', 'evil/y'),
        })
        for name, why in (('abs', 'its target is an absolute path'),
                          ('up', 'its target leads out of the destination'),
                          ('viadot', 'its target goes up (“..”) after a name'),
                          ('sub/esc', 'its target leads out of the destination')):
            self.assertIn(f'“{name}” → ', r.stderr)
            self.assertIn(why, r.stderr)
        self.assertEqual(list(self.sandbox.rglob('.spindle-*')), [])

    def test_link_through_a_link_already_there(self):
        self.dest.mkdir()
        os.symlink(self.sandbox / 'outside', self.dest / 'evil')
        before = self.outside_snapshot()
        r = self.ok('extract', image(), '--to', self.dest, '/throughevil', '/ok', '/sub')
        self.assertIn('passes through a link that was in the destination before', r.stderr)
        self.assertFalse(os.path.lexists(self.dest / 'throughevil'))
        self.assertEqual(os.readlink(self.dest / 'ok'), 'sub/f.txt')
        self.assertNothingOutside(before)

    def test_folder_that_is_a_link_in_the_destination(self):
        self.dest.mkdir()
        os.symlink(self.sandbox / 'outside', self.dest / 'sub')
        before = self.outside_snapshot()
        before_dest = snapshot(self.dest)
        r = self.fails('extract', image(), '--to', self.dest)
        self.assertIn('“sub” is already in the destination and is not a folder', r.stderr)
        self.assertNothingOutside(before)
        self.assertEqual(snapshot(self.dest), before_dest, 'a failed extraction left files behind')

    def test_file_that_is_a_link_in_the_destination(self):
        self.dest.mkdir()
        os.symlink(self.sandbox / 'victim.txt', self.dest / 'README')
        before = self.outside_snapshot()
        r = self.fails('extract', image(), '--to', self.dest, '/README')
        self.assertIn('“README” already exists in the destination', r.stderr)
        self.assertNothingOutside(before)
        # With consent, the link itself is replaced, never what it points to.
        self.ok('extract', image(), '--to', self.dest, '--overwrite', '/README')
        self.assertFalse((self.dest / 'README').is_symlink())
        self.assertEqual((self.dest / 'README').read_bytes(), b'readme\n')
        self.assertEqual((self.sandbox / 'victim.txt').read_text(), 'victim\n')
        self.assertNothingOutside(before)

    def test_conflicts(self):
        self.ok('extract', image(), '--to', self.dest)
        first = snapshot(self.dest)
        (self.dest / 'README').write_bytes(b'changed by the user\n')
        changed = snapshot(self.dest)
        r = self.fails('extract', image(), '--to', self.dest)
        self.assertIn('already exists in the destination (use --overwrite or --skip-existing)', r.stderr)
        self.assertEqual(snapshot(self.dest), changed, 'a refused extraction changed the destination')
        r = self.ok('extract', image(), '--to', self.dest, '--skip-existing')
        self.assertEqual(snapshot(self.dest), changed)
        self.assertRegex(r.stdout, r'Extracted 0 files .* skipped')
        self.ok('extract', image(), '--to', self.dest, '--overwrite')
        self.assertEqual(snapshot(self.dest), first)
        self.fails('extract', image(), '--to', self.dest, '--overwrite', '--skip-existing', rc=2)
        self.fails('extract', image(), rc=2)

    def test_folder_of_two_gigabytes(self):
        r = self.fails('ls', hostile_dirs() / 'huge.iso')
        self.assertIn('Spindle reads folders of at most 64 MiB', r.stderr)
        self.assertLess(r.elapsed, 5)
        r = self.fails('extract', hostile_dirs() / 'huge.iso', '--to', self.dest)
        self.assertFalse(self.dest.exists())

    def test_folder_that_is_its_own_parent(self):
        r = self.fails('ls', hostile_dirs() / 'loop.iso')
        self.assertIn('“/DOCS” is a folder seen before (a loop); not listed again', r.stderr)
        r = self.ok('extract', hostile_dirs() / 'loop.iso', '--to', self.dest)
        self.assertIn('“/DOCS” is one of its own parent folders (a loop): not extracted again', r.stderr)
        self.assertEqual(sorted(tree_files(self.dest)), ['DOCS'])

    def test_destination_made_and_removed_on_failure(self):
        # A missing destination is made; when the run fails, it goes again.
        missing = self.sandbox / 'new'
        self.ok('extract', image(), '--to', missing, '/README')
        self.assertTrue((missing / 'README').is_file())
        again = self.sandbox / 'again'
        r = self.fails('extract', image(), '--to', again, '/NOPE')
        self.assertFalse(again.exists())
        self.assertIn('no “NOPE”', r.stderr)


if __name__ == '__main__':
    ct.main()
