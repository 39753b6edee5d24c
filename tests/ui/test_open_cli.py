"""Open a mixed-mode multi-file sheet from the command line and read the
track rows through AT-SPI: numbers, modes and start positions."""

import sys
import tempfile

sys.path.insert(0, __file__.rsplit('/', 1)[0])
import uitest  # noqa: E402


def test_open_mixed_mode_sheet():
    with tempfile.TemporaryDirectory() as folder:
        sheet, starts, modes = uitest.make_mixed_mode_sheet(folder)
        with uitest.App(sheet) as app:
            rows = uitest.wait_for(lambda: len(uitest.track_rows(app)) == 3 and uitest.track_rows(app),
                                   what='three track rows')
            for i, (row, cells) in enumerate(rows):
                number, mode, start, lba = cells[0], cells[1], cells[2], cells[3]
                assert number == '%02d' % (i + 1), cells
                assert mode == modes[i], (mode, modes[i])
                assert start == uitest.msf(starts[i]), (start, uitest.msf(starts[i]))
                assert lba == str(starts[i]), (lba, starts[i])

            # Track 2's pregap is the 2 seconds of INDEX 00 in its file.
            assert rows[1][1][5] == '00:02:00', rows[1][1]
            assert rows[1][1][6] == '00 01', rows[1][1]

            # The header names the image and its format.
            title = app.window().name
            assert title == 'Game.cue', title
            uitest.screenshot('open-mixed-mode-sheet')


uitest.run(test_open_mixed_mode_sheet)
