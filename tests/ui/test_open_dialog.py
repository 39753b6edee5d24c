"""Open an image through the Open dialog: the button, typing a path, Enter."""

import os
import sys
import tempfile

sys.path.insert(0, __file__.rsplit('/', 1)[0])
import uitest  # noqa: E402
from dogtail import rawinput  # noqa: E402


def test_open_dialog():
    with tempfile.TemporaryDirectory() as folder:
        sheet, starts, modes = uitest.make_mixed_mode_sheet(folder)
        with uitest.App() as app:
            page = uitest.wait_for(lambda: app.node.child(roleName='label', name='Open a Disc Image'),
                                   what='the empty page')
            uitest.screenshot('open-dialog-empty-window')

            button = app.node.child(roleName='push button', name='Open…')
            button.doActionNamed('click')
            # GTK 4.8 exposes its file chooser dialog as a top-level 'filler'.
            uitest.wait_for(lambda: [w for w in app.node.children if w.name == 'Open a Disc Image'],
                            what='the Open dialog')
            uitest.screenshot('open-dialog-shown')

            # Typing a path in GTK's file chooser opens its location entry.
            rawinput.keyCombo('<Control>l')
            rawinput.typeText(sheet)
            rawinput.pressKey('Return')

            rows = uitest.wait_for(lambda: len(uitest.track_rows(app)) == 3 and uitest.track_rows(app),
                                   timeout=20, what='the opened image')
            assert [cells[1] for _, cells in rows] == modes
            assert app.window().name == 'Game.cue'
            uitest.screenshot('open-dialog-opened')


uitest.run(test_open_dialog)
