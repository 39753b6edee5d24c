"""The Burn… dialog against a CD recorder: the virtual recorder of
tests/vrecorder (an emulator at the SCSI boundary, preloaded into the app
only, so libburn in the app is the real, unmodified libburn) shows in the
drive list with its blank CD-R and capacity; the user burns an audio disc
with pregaps, INDEX 00/02, ISRC, a catalog number and CD-TEXT; the progress
page moves; the result page says the disc was verified; and the recording
is, sector by sector, the image (vrec_verify.py: track starts, pregaps,
indices, ISRC, MCN, CD-TEXT packs, every byte of audio). A Video CD made
by vcdimager goes to cdrdao (libburn writes no Mode 2): the preview says
so, is saved as a cdrdao TOC, Spindle reads the disc back whole and finds
it equal, and so does the recording's own verifier, sector by sector. Then a disc too small for the
image is refused before anything is written."""

import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / 'vrecorder'))
import burndialog  # noqa: E402
import uitest  # noqa: E402
import vrec_tests  # noqa: E402
import vrec_verify as V  # noqa: E402

PRELOAD = os.environ.get('VREC_PRELOAD')
TOOL = os.environ.get('VREC_TOOL')
# A /dev/srN no real drive has: libburn's own scan then lists it.
DEVICE = '/dev/sr5'

if not (PRELOAD and TOOL) or not all(shutil.which(t) for t in ('sox',)):
    print('SKIP: no virtual recorder or sox')
    sys.exit(77)

WORK = Path(tempfile.mkdtemp(prefix='spindle-burn-drive-'))


def recorder_env(state):
    # A millisecond per block: a 2.4k-sector disc takes a few seconds, as a
    # person would see the progress page move.
    return {'LD_PRELOAD': PRELOAD, 'SPINDLE_VRECORDER_DEVICE': DEVICE, 'SPINDLE_VRECORDER_DIR': str(state),
            'SPINDLE_VRECORDER_WRITE_DELAY_US': '1000'}


def compare_recording(state, cue, folder):
    """The emulator's recording of a session-at-once burn against the sheet,
    sector by sector (tests/vrecorder/vrec_verify.py); prints what differs."""
    report = V.Verifier(V.Recording(state, TOOL), V.Source.from_cue(cue).layout(V.WRITE_SAO), V.WRITE_SAO,
                        folder / 'image', False, False).run()
    for error in report.get('errors', []):
        print('  MISMATCH:', error)
    return report


def init(state, medium, capacity=None):
    argv = [TOOL, 'init', str(state), medium] + ([str(capacity)] if capacity else [])
    uitest.tool(*argv)


def drive_shown(dlg):
    return burndialog.has_label(dlg, lambda t: 'SPINDLE' in t and 'VIRTUAL' in t)


def test_burn_audio_disc():
    folder = WORK / 'audio'
    folder.mkdir()
    cue = vrec_tests.make_audio(folder)
    state = folder / 'state'
    init(state, 'cdr')
    with uitest.App(str(cue), env=recorder_env(state)) as app:
        dlg = burndialog.open_dialog(app)
        uitest.wait_for(lambda: drive_shown(dlg), timeout=30, what='the virtual recorder in the drive list')
        medium = burndialog.wait_label(dlg, lambda t: t.startswith('Blank CD-R'), timeout=30, what='the blank CD-R')
        assert 'free' in medium, medium
        fills = burndialog.wait_label(dlg, lambda t: t.startswith('The image fills'), what='the capacity')
        burndialog.sector_check(dlg)
        assert burndialog.refusal(dlg) is None, burndialog.refusal(dlg)
        summary = burndialog.wait_label(dlg, lambda t: t.startswith('libburn'), what='the backend')
        assert 'SAO' in summary, summary
        print(f'{medium}; {fills}; {summary}')
        uitest.screenshot('burn-setup-drive')
        button = burndialog.write_button(dlg)
        assert button.name.endswith('Burn'), button.name
        button.doActionNamed('click')
        burndialog.wait_label(dlg, lambda t: t.startswith('Burning “'), what='the progress page')
        burndialog.wait_label(dlg, lambda t: ' of ' in t and t.split(' of ')[0].isdigit()
                              and int(t.split(' of ')[0]) > 0, timeout=60, what='sectors being written')
        uitest.screenshot('burn-progress-drive')
        shown = burndialog.labels(dlg)
        assert 'Drive buffer' in shown and "Spindle's buffer" in shown, shown  # a drive has both
        title, body = burndialog.result(dlg, timeout=240)
        uitest.screenshot('burn-result-drive')
        assert title == 'Disc Burned', (title, body)
        assert any('Verified: every sector reads back as in the image.' in t for t in body), body

    report = compare_recording(state, cue, folder)
    print('recording: %d sectors compared, %d CD-TEXT packs' % (report.get('sectors_compared', 0),
                                                               report.get('cdtext_packs', 0)))
    assert report['ok'], 'the disc differs from the image'
    assert report['mcn'] == ['0123456789012'], report['mcn']
    assert report['isrc'] == {1: ['USXYZ2600001'], 2: ['USXYZ2600002']}, report['isrc']
    assert report['cdtext_packs'] > 0, 'no CD-TEXT on the disc'


def test_burn_video_cd():
    if not all(shutil.which(t) for t in ('cdrdao', 'vcdimager', 'ffmpeg')):
        print('SKIP: test_burn_video_cd needs cdrdao, vcdimager and ffmpeg')
        return
    folder = WORK / 'vcd'
    folder.mkdir()
    vrec_tests.make_vcd(folder)  # 2 s: cdrdao refuses a track under 4 s, as 1 s makes
    cue = str(folder / 'vcd.cue')
    state = folder / 'state'
    init(state, 'cdr')
    toc = folder / 'saved' / 'vcd.toc'
    toc.parent.mkdir()
    with uitest.App(cue, env=recorder_env(state)) as app:
        dlg = burndialog.open_dialog(app)
        uitest.wait_for(lambda: drive_shown(dlg), timeout=30, what='the virtual recorder')
        burndialog.sector_check(dlg)
        summary = burndialog.wait_label(dlg, lambda t: t.startswith('cdrdao'), what='cdrdao chosen')
        assert 'SAO' in summary, summary
        assert burndialog.refusal(dlg) is None, burndialog.refusal(dlg)
        layout = uitest.find_names(dlg, lambda n: n.roleName == 'label' and n.description == 'Layout')[0]
        assert 'MODE2_RAW' in layout and 'cdrdao' in layout, layout
        # Opened for the screenshot: the expander row has no AT-SPI action in
        # GTK 4.8, and the dialog sits at 0,0 under Xvfb.
        title_label = uitest.find_all(dlg, lambda n: n.roleName == 'label' and n.name == 'What Will Be Written')[0]
        x, y = title_label.position
        uitest.subprocess.run(['xdotool', 'mousemove', str(x + 250), str(y + 8), 'click', '1'], check=True)
        uitest.time.sleep(0.5)
        uitest.screenshot('burn-setup-vcd')
        burndialog.press(dlg, 'Save as cdrdao TOC…')
        uitest.use_file_chooser(app, 'Save as cdrdao TOC', str(toc), 'Save')
        burndialog.wait_label(dlg, lambda t: t.startswith('Saved as'), what='the TOC saved')
        text = toc.read_text()
        for word in ('CD_ROM_XA', 'TRACK MODE2_RAW', 'DATAFILE'):
            assert word in text, (word, text)
        burndialog.write_button(dlg).doActionNamed('click')
        burndialog.wait_label(dlg, lambda t: t.startswith('Burning “'), what='the progress page')
        title, body = burndialog.result(dlg, timeout=240)
        uitest.screenshot('burn-result-vcd')
        assert title == 'Disc Burned', (title, body)
        # Read back whole by READ CD (libburn reads no Mode 2).
        assert any('Verified: every sector reads back as in the image.' in t for t in body), body

    report = compare_recording(state, cue, folder)
    print('Video CD recording: %d sectors compared' % report.get('sectors_compared', 0))
    assert report['ok'], 'the disc differs from the Video CD image'


def test_too_small():
    folder = WORK / 'small'
    folder.mkdir()
    cue = vrec_tests.make_audio(folder)
    state = folder / 'state'
    init(state, 'small', 1000)  # lead-out at 1000: far less than the 31 s of audio
    with uitest.App(str(cue), env=recorder_env(state)) as app:
        dlg = burndialog.open_dialog(app)
        uitest.wait_for(lambda: drive_shown(dlg), timeout=30, what='the virtual recorder')
        why = uitest.wait_for(lambda: burndialog.refusal(dlg), timeout=30, what='a refusal')
        print(f'too small: {why}')
        assert not uitest.has_state(burndialog.write_button(dlg), 'sensitive')
        burndialog.wait_label(dlg, lambda t: t.startswith('The image needs'), what='the capacity warning')
        uitest.screenshot('burn-refused-too-small')
    status = uitest.subprocess.run([TOOL, 'status', str(state)], capture_output=True, text=True).stdout
    print(status.strip())
    assert 'blank' in status.lower(), 'the disc was written to'


for test in (test_burn_audio_disc, test_burn_video_cd, test_too_small):
    uitest.run(test)
shutil.rmtree(WORK, ignore_errors=True)
