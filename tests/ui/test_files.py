"""The Files page: browse an ISO made by genisoimage (Rock Ridge names, a
folder tree, a symbolic link), expand a folder, extract a selected file and
then everything through the folder chooser, answer the question about files
already there, and jump from a file to its first sector."""

import os
import sys
import tempfile

sys.path.insert(0, __file__.rsplit('/', 1)[0])
import uitest  # noqa: E402
from filespage import button, choose_folder, file_rows, make_tree, names, row_named, tree_equal, wait_toast  # noqa: E402


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
