"""Helpers of the Files page tests: an ISO made by genisoimage from a
small tree, the rows of the Files table, buttons, toasts, the folder
chooser."""

import filecmp
import os
import time

import uitest
from dogtail import rawinput


def make_tree(folder):
    tree = os.path.join(folder, 'tree')
    os.makedirs(os.path.join(tree, 'docs', 'deep'))
    with open(os.path.join(tree, 'docs', 'readme.txt'), 'w') as f:
        f.write('hello from spindle\n')
    with open(os.path.join(tree, 'docs', 'deep', 'a.txt'), 'w') as f:
        f.write('x\n')
    with open(os.path.join(tree, 'big.dat'), 'wb') as f:
        f.write(os.urandom(300_000))
    os.symlink('docs/readme.txt', os.path.join(tree, 'link'))
    iso = os.path.join(folder, 'fs.iso')
    uitest.tool('genisoimage', '-quiet', '-R', '-J', '-V', 'SPINDLE_TEST', '-o', iso, tree)
    return tree, iso


def file_rows(app):
    """Each row of the Files table as (row, [cell texts])."""
    table = app.node.child(roleName='tree table', name='Files')
    rows = []
    for row in table.child(roleName='list').children:
        if row.roleName != 'table row':
            continue
        cells = []
        for cell in row.children:
            labels = uitest.find_all(cell, lambda n: n.roleName == 'label')
            cells.append(labels[0].name if labels else '')
        rows.append((row, cells))
    return rows


def row_named(app, name):
    found = [row for row, cells in file_rows(app) if cells and cells[0] == name]
    return found[0] if found else None


def names(app):
    return [cells[0] for _, cells in file_rows(app)]


def button(app, name):
    # GTK 4.8 names a button with a mnemonic “_Keep Existing Keep Existing”.
    return uitest.wait_for(lambda: [b for b in uitest.find_all(app.node, lambda n: n.roleName == 'push button'
                                                                and (n.name == name or n.name.endswith(' ' + name)))],
                           what=f'the {name} button')[0]


def choose_folder(app, title, path):
    """The folder chooser (a top-level 'filler' in GTK 4.8): type the
    folder's path, then press the dialog's own accept button."""
    uitest.wait_for(lambda: [w for w in app.node.children if w.name == title], what=f'the {title} dialog')
    rawinput.keyCombo('<Control>l')
    rawinput.typeText(path)
    time.sleep(0.5)
    dialog = [w for w in app.node.children if w.name == title][0]
    # GTK 4.8 names a mnemonic button “_Extract Extract”.
    accept = [b for b in uitest.find_all(dialog, lambda n: n.roleName == 'push button'
                                         and n.name.split(' ')[-1] == 'Extract')]
    accept[0].doActionNamed('click')


def wait_toast(app, start):
    """The text of the toast that starts with start. A toast lives 5 s, and
    a whole-window walk takes 1.4-2.8 s under ASan with another UI test
    running (more on a loaded CI machine), so a toast could come and go
    between two walks: look level by level, where the toast sits near the
    top, instead of through every row of the file list first."""
    return uitest.wait_for(lambda: uitest.find_name_near_top(app.node, lambda n: n.roleName == 'label'
                                                             and start in n.name),
                           timeout=20, what=f'a toast “{start}…”')


def tree_equal(a, b):
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.diff_files or cmp.funny_files:
        return False
    for sub in cmp.common_dirs:
        if not tree_equal(os.path.join(a, sub), os.path.join(b, sub)):
            return False
    return True
