"""The Files page: browse an ISO made by genisoimage (Rock Ridge names, a
folder tree, a symbolic link), expand a folder, extract a selected file and
then everything through the folder chooser, answer the question about files
already there, and jump from a file to its first sector."""

import filecmp
import os
import sys
import tempfile
import time

sys.path.insert(0, __file__.rsplit('/', 1)[0])
import uitest  # noqa: E402
from dogtail import rawinput  # noqa: E402


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
    return uitest.wait_for(lambda: [n.name for n in uitest.find_all(app.node, lambda n: n.roleName == 'label')
                                    if start in n.name], timeout=20, what=f'a toast “{start}…”')[0]


def tree_equal(a, b):
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.diff_files or cmp.funny_files:
        return False
    for sub in cmp.common_dirs:
        if not tree_equal(os.path.join(a, sub), os.path.join(b, sub)):
            return False
    return True


def test_files():
    with tempfile.TemporaryDirectory() as folder:
        tree, iso = make_tree(folder)
        with uitest.App(iso) as app:
            uitest.wait_for(lambda: uitest.track_rows(app), what='the track list')
            uitest.open_page(app, 'Files')
            uitest.wait_for(lambda: names(app) == ['big.dat', 'docs', 'link'], what='the root folder')
            rows = dict((cells[0], cells) for _, cells in file_rows(app))
            assert rows['big.dat'][1] == '300.0\xa0kB', rows['big.dat']
            assert rows['link'][1] == '→ docs/readme.txt', rows['link']
            assert uitest.panel_value(app, 'File system') == 'ISO 9660 with Rock Ridge names'
            assert uitest.panel_value(app, 'Volume') == 'SPINDLE_TEST'
            # Nothing selected yet: Extract… waits for a selection.
            assert not button(app, 'Extract…').sensitive

            # Expanding a folder lists its children under it.
            docs = row_named(app, 'docs')
            expander = uitest.find_all(docs, lambda n: n.roleName == 'push button' and n.name == 'Expand')[0]
            expander.click()
            uitest.wait_for(lambda: names(app) == ['big.dat', 'docs', 'deep', 'readme.txt', 'link'],
                            what='docs expanded')
            uitest.screenshot('files-expanded')

            # Extract the one selected file.
            row_named(app, 'readme.txt').click()
            uitest.wait_for(lambda: button(app, 'Extract…').sensitive, what='Extract… enabled')
            one = os.path.join(folder, 'one')
            os.mkdir(one)
            button(app, 'Extract…').doActionNamed('click')
            choose_folder(app, 'Extract Into', one)
            text = wait_toast(app, '1 file extracted')
            assert text == '1 file extracted (19 bytes)', repr(text)
            assert os.listdir(one) == ['readme.txt'], os.listdir(one)
            with open(os.path.join(one, 'readme.txt')) as f:
                assert f.read() == 'hello from spindle\n'

            # Extract everything: the same tree, link included.
            everything = os.path.join(folder, 'all')
            os.mkdir(everything)
            button(app, 'Extract All…').doActionNamed('click')
            choose_folder(app, 'Extract Into', everything)
            text = wait_toast(app, 'files extracted')
            assert text == '4 files extracted (300.0\xa0kB)', repr(text)
            assert tree_equal(tree, everything)
            assert os.readlink(os.path.join(everything, 'link')) == 'docs/readme.txt'

            # Again into the same folder: asked first; keep what is there.
            with open(os.path.join(everything, 'big.dat'), 'wb') as f:
                f.write(b'mine')
            button(app, 'Extract All…').doActionNamed('click')
            choose_folder(app, 'Extract Into', everything)
            uitest.wait_for(lambda: [n for n in uitest.find_all(app.node, lambda n: n.roleName == 'label'
                                                                 and n.name == 'Replace Existing Files?')],
                            what='the replace question')
            uitest.screenshot('files-replace-question')
            button(app, 'Keep Existing').doActionNamed('click')
            text = wait_toast(app, 'Nothing extracted')
            assert text == 'Nothing extracted: 4 files were already there', repr(text)
            with open(os.path.join(everything, 'big.dat'), 'rb') as f:
                assert f.read() == b'mine'

            # Double-click a file: its first sector on the Sectors page.
            big = row_named(app, 'big.dat')
            big.doubleClick()
            uitest.wait_for(lambda: uitest.panel_value(app, 'Position') == '35 (00:00:35)',
                            what='the first sector of big.dat')
            # An ISO stores user data only: the panel does not check what Spindle made.
            assert uitest.panel_value(app, 'In the image') == '2048 bytes of user data; Spindle makes the rest'
            assert uitest.panel_value(app, 'Sync') == 'made by Spindle'
            assert uitest.panel_value(app, 'ECC Q') == 'made by Spindle'
            uitest.screenshot('files-to-sector')


uitest.run(test_files)
