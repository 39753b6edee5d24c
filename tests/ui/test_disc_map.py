"""Select a track by clicking it on the disc map; the track list follows."""

import sys
import tempfile

sys.path.insert(0, __file__.rsplit('/', 1)[0])
import uitest  # noqa: E402


def selected_row(app):
    rows = uitest.track_rows(app)
    chosen = [cells[0] for row, cells in rows if row.selected]
    return chosen[0] if len(chosen) == 1 else None


def test_disc_map_selects_track():
    with tempfile.TemporaryDirectory() as folder:
        sheet, starts, modes = uitest.make_mixed_mode_sheet(folder)
        with uitest.App(sheet) as app:
            disc_map = uitest.wait_for(lambda: app.node.child(roleName='panel', name='Disc Map'),
                                       what='the disc map')
            segments = uitest.wait_for(lambda: len(disc_map.children) == 3 and disc_map.children,
                                       what='three segments')
            assert segments[2].name.startswith('Track 3, AUDIO, starts at ' + uitest.msf(starts[2])), segments[2].name

            # The first track is selected when an image opens.
            uitest.wait_for(lambda: selected_row(app) == '01', what='track 01 selected')

            segments[2].doActionNamed('click')
            uitest.wait_for(lambda: selected_row(app) == '03', what='track 03 selected after the click')
            uitest.wait_for(lambda: uitest.has_state(segments[2], 'pressed') and not uitest.has_state(segments[0], 'pressed'),
                            what='segment 3 shown as selected')
            uitest.screenshot('disc-map-selects-track-3')

            segments[1].doActionNamed('click')
            uitest.wait_for(lambda: selected_row(app) == '02', what='track 02 selected after the click')


uitest.run(test_disc_map_selects_track)
