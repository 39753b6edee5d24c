"""Open an image by dragging it from another program (a file manager's
part played by tests/ui/peer_window.py in its own process) onto the empty
window; a drag that starts in Spindle itself is not taken as an image."""

import os
import sys
import tempfile

sys.path.insert(0, __file__.rsplit('/', 1)[0])
import uitest  # noqa: E402


def test_drop_open():
    with tempfile.TemporaryDirectory() as folder:
        sheet, starts, modes = uitest.make_mixed_mode_sheet(folder)
        with uitest.App() as app:
            uitest.wait_for(lambda: app.node.child(roleName='label', name='Open a Disc Image'), what='the empty page')
            peer = uitest.peer_window('drag', sheet)
            try:
                # From the middle of the peer window (below ours) to the middle of ours.
                uitest.drag((300, 900), (560, 400))
                rows = uitest.wait_for(lambda: len(uitest.track_rows(app)) == 3 and uitest.track_rows(app),
                                       timeout=20, what='the dropped image')
                assert [cells[1] for _, cells in rows] == modes
                assert app.window().name == os.path.basename(sheet)
                uitest.screenshot('drop-open')
            finally:
                peer.terminate()
                peer.wait(10)


uitest.run(test_drop_open)
