"""Problems found while opening (a file found by letter case, a missing
file) are shown in a banner and a list the user can read."""

import os
import shutil
import sys
import tempfile

sys.path.insert(0, __file__.rsplit('/', 1)[0])
import uitest  # noqa: E402


def test_problems_banner():
    with tempfile.TemporaryDirectory() as folder:
        sample = os.path.join(uitest.SOURCE, 'data', 'sample', 'spindle-sample-data.iso')
        shutil.copy(sample, os.path.join(folder, 'data.iso'))
        sheet = os.path.join(folder, 'problems.cue')
        with open(sheet, 'w') as f:
            f.write('FILE "DATA.ISO" BINARY\n'
                    '  TRACK 01 MODE1/2048\n'
                    '    INDEX 01 00:00:00\n'
                    'FILE "missing.wav" WAVE\n'
                    '  TRACK 02 AUDIO\n'
                    '    INDEX 01 00:00:00\n')
        with uitest.App(sheet) as app:
            banner = uitest.wait_for(lambda: app.node.child(roleName='label', name='This image has 1 error and 1 warning'),
                                     what='the problems banner')
            problems = app.node.child(roleName='list', name='Problems')
            rows = [r.name for r in uitest.find_all(problems, lambda n: n.name.startswith('problems.cue:'))]
            assert 'problems.cue:1: “DATA.ISO” not found; using “data.iso”, whose name differs only in letter case' in rows, rows
            assert 'problems.cue:4: “missing.wav” not found' in rows, rows
            # The missing file shows in the track list too.
            rows = uitest.wait_for(lambda: len(uitest.track_rows(app)) == 2 and uitest.track_rows(app),
                                   what='two track rows')
            assert rows[1][1][-1] == 'missing.wav (missing)', rows[1][1]
            uitest.screenshot('problems-banner')


uitest.run(test_problems_banner)
