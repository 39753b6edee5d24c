"""Giving files to other programs: drag a folder from the Files page onto
another program's window (tests/ui/peer_window.py in its own process, standing
in for a file manager), copy a file with Ctrl+C and a folder from the
right-click menu and read the clipboard with xclip as a file manager
would; what arrives equals the tree the ISO was made from."""

import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, __file__.rsplit('/', 1)[0])
import uitest  # noqa: E402
from dogtail import rawinput  # noqa: E402
from filespage import make_tree, names, row_named, tree_equal, wait_toast  # noqa: E402


def clipboard(target):
    out = subprocess.run(['xclip', '-o', '-selection', 'clipboard', '-t', target],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout


def uri_paths(text):
    from urllib.parse import unquote, urlparse
    return [unquote(urlparse(line).path) for line in text.splitlines() if line.startswith('file://')]


def test_files_out():
    with tempfile.TemporaryDirectory() as folder:
        tree, iso = make_tree(folder)
        dropped = os.path.join(folder, 'dropped')
        os.mkdir(dropped)
        with uitest.App(iso) as app:
            uitest.wait_for(lambda: uitest.track_rows(app), what='the track list')
            uitest.open_page(app, 'Files')
            uitest.wait_for(lambda: names(app) == ['big.dat', 'docs', 'link'], what='the root folder')

            # Drag "docs" onto the other program's window, placed below ours.
            target = uitest.peer_window('drop', dropped)
            try:
                docs = row_named(app, 'docs')
                (x, y), (w, h) = docs.position, docs.size
                uitest.drag((x + 60, y + h // 2), (300, 900))
                uitest.wait_for(lambda: os.path.exists(os.path.join(dropped, 'DONE')), timeout=30,
                                what='the drop to be copied')
                uitest.screenshot('files-out-dropped')
            finally:
                target.terminate()
                target.wait(10)
            assert sorted(os.listdir(dropped)) == ['DONE', 'docs'], os.listdir(dropped)
            assert tree_equal(os.path.join(tree, 'docs'), os.path.join(dropped, 'docs'))
            # The files were extracted into Spindle's cache, not next to the image.
            with open(os.path.join(dropped, 'DONE')) as f:
                source = uri_paths(f.read())
            assert len(source) == 1 and source[0].startswith(os.path.join(app.home, 'cache', 'spindle', 'extracted')), source
            assert sorted(os.listdir(folder)) == ['dropped', 'fs.iso', 'tree']

            # Ctrl+C on a selected file; a file manager pastes text/uri-list.
            row_named(app, 'big.dat').click()
            rawinput.keyCombo('<Control>c')
            assert wait_toast(app, 'copied') == '1 item copied: paste it in a file manager'
            paths = uri_paths(clipboard('text/uri-list'))
            assert len(paths) == 1 and os.path.basename(paths[0]) == 'big.dat', paths
            with open(paths[0], 'rb') as a, open(os.path.join(tree, 'big.dat'), 'rb') as b:
                assert a.read() == b.read()

            # Right-click "docs", Copy: Nautilus reads x-special/gnome-copied-files.
            docs = row_named(app, 'docs')
            (x, y), (w, h) = docs.position, docs.size
            rawinput.click(x + 100, y + h // 2, button=3)
            item = uitest.wait_for(lambda: [n for n in uitest.find_all(app.node, lambda n: n.roleName == 'menu item'
                                                                         and n.name == 'Copy')],
                                   what='the context menu')[0]
            uitest.screenshot('files-out-context-menu')
            assert uitest.find_names(app.node, lambda n: n.roleName == 'menu item') == \
                ['Show Sectors', 'Copy', 'Extract…']
            item.doActionNamed('click')
            text = clipboard('x-special/gnome-copied-files')
            assert text.startswith('copy\n'), repr(text)
            paths = uri_paths(text)
            assert len(paths) == 1 and tree_equal(os.path.join(tree, 'docs'), paths[0]), paths

            # Dropped back on Spindle's own window, a file is not opened as an image.
            big = row_named(app, 'big.dat')
            (x, y), (w, h) = big.position, big.size
            uitest.drag((x + 60, y + h // 2), (1000, 600))
            time.sleep(2)
            frames = [c.name for c in app.node.children if c.roleName == 'frame']
            assert frames == ['fs.iso'], frames
            assert names(app)[:3] == ['big.dat', 'docs', 'link']


uitest.run(test_files_out)
