"""A sheet that cannot be opened shows an error page naming file and line."""

import os
import sys
import tempfile

sys.path.insert(0, __file__.rsplit('/', 1)[0])
import uitest  # noqa: E402


def test_broken_sheet_error_page():
    with tempfile.TemporaryDirectory() as folder:
        sheet = os.path.join(folder, 'broken.cue')
        with open(sheet, 'w') as f:
            f.write('FILE "a.bin" BINARY\n'
                    '  TRACK 01 MODE1/2352\n'
                    '    INDEX 01 00:00:00\n'
                    '  TRACK 02 AUDIO\n'
                    '    INDEX 01 00:02:75\n')
        with uitest.App(sheet) as app:
            title = uitest.wait_for(
                lambda: app.node.child(roleName='label', name='Could Not Open “broken.cue”'),
                what='the error title')
            message = uitest.wait_for(
                lambda: [n for n in uitest.find_all(app.node, lambda n: n.roleName == 'label'
                                                   and n.name.startswith('broken.cue:5:'))],
                what='the error message')
            assert message[0].name == ('broken.cue:5: “00:02:75” is not a valid time for INDEX: '
                                       'MM:SS:FF with seconds below 60 and frames below 75'), message[0].name
            # The page offers a way on.
            assert app.node.child(roleName='push button', name='Open Another Image…')
            uitest.screenshot('broken-sheet-error-page')


uitest.run(test_broken_sheet_error_page)
