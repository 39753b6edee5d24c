"""The Sectors page: go to a sector by MSF and read its decoded fields,
see a corrupted sector marked bad, step with Page Down, find bytes, and
verify the whole image from the UI."""

import os
import sys
import tempfile

sys.path.insert(0, __file__.rsplit('/', 1)[0])
import uitest  # noqa: E402
from dogtail import rawinput  # noqa: E402


def test_hex_view():
    with tempfile.TemporaryDirectory() as folder:
        cue, bin_path = uitest.make_vcd(folder)
        uitest.corrupt(bin_path, 20, 500)  # user data of a Form 1 sector: its EDC fails
        with uitest.App(cue) as app:
            uitest.wait_for(lambda: uitest.track_rows(app), what='the track list')
            uitest.open_page(app, 'Sectors')

            # The ISO 9660 volume descriptor of the Video CD, by time.
            uitest.go_to(app, '00:00:16')
            uitest.wait_for(lambda: uitest.panel_value(app, 'Position') == '16 (00:00:16)', what='sector 16')
            assert uitest.panel_value(app, 'Mode') == 'Mode 2 Form 1'
            assert uitest.panel_value(app, 'Sync') == 'correct'
            assert uitest.panel_value(app, 'Header') == '00:02:16, mode 2 — correct'
            assert uitest.panel_value(app, 'Submode') == '0x09: End of record, Data'
            edc = uitest.panel_value(app, 'EDC')
            assert edc.startswith('correct — stored '), edc
            assert uitest.panel_value(app, 'ECC P') == 'correct'
            assert uitest.panel_value(app, 'ECC Q') == 'correct'
            uitest.screenshot('hex-view-sector-16')

            # Page Down moves one sector, not one screen (going to a sector
            # puts the focus on the bytes).
            uitest.go_to(app, '17')
            uitest.wait_for(lambda: uitest.panel_value(app, 'Position') == '17 (00:00:17)', what='sector 17')
            rawinput.pressKey('Page_Down')
            uitest.wait_for(lambda: uitest.panel_value(app, 'Position') == '18 (00:00:18)',
                            what='Page Down to sector 18')

            # The sector corrupted above, by number.
            uitest.go_to(app, '20')
            uitest.wait_for(lambda: uitest.panel_value(app, 'Position') == '20 (00:00:20)', what='sector 20')
            edc = uitest.panel_value(app, 'EDC')
            assert edc.startswith('WRONG — stored '), edc
            assert uitest.panel_value(app, 'ECC P') == 'WRONG'
            uitest.screenshot('hex-view-bad-sector-20')

            # A Form 2 sector of the MPEG track has an EDC but no ECC.
            uitest.go_to(app, '460')
            uitest.wait_for(lambda: uitest.panel_value(app, 'Mode') == 'Mode 2 Form 2', what='a Form 2 sector')

            # Find the ISO 9660 signature, as hex bytes, from the start.
            uitest.go_to(app, '0')
            rawinput.keyCombo('<Control>f')
            rawinput.typeText('43 44 30 30 31')
            rawinput.pressKey('Return')
            status = uitest.wait_for(
                lambda: uitest.find_all(app.node, lambda n: n.roleName == 'label' and n.name.startswith('Found in')),
                what='the search result')[0]
            assert status.name == 'Found in sector 16 (00:00:16) at byte 25', status.name

            # Verify from the UI: one bad sector, listed, and clicking it goes there.
            verify = app.node.child(roleName='push button', name='Verify')
            verify.doActionNamed('click')
            title = uitest.wait_for(
                lambda: uitest.find_all(app.node, lambda n: n.roleName == 'label' and n.name == '1 bad sector'),
                timeout=30, what='the verify result')
            bad_list = app.node.child(name='Bad Sectors')
            rows = [n for n in uitest.find_all(bad_list, lambda n: n.roleName == 'push button')]
            assert [r.name for r in rows] == ['Sector 20 (00:00:20), track 01: edc'], [r.name for r in rows]
            uitest.screenshot('hex-view-verified')
            uitest.go_to(app, '0')
            uitest.wait_for(lambda: uitest.panel_value(app, 'Position') == '0 (00:00:00)', what='sector 0')
            rows[0].doActionNamed('click')
            uitest.wait_for(lambda: uitest.panel_value(app, 'Position') == '20 (00:00:20)',
                            what='the bad sector shown after choosing it in the list')


uitest.run(test_hex_view)
