"""The Export… dialog on images made by genisoimage and sox: a raw Mode 1 +
audio BIN to an ISO (byte for byte the ISO genisoimage made) and to WAVE
files (the same PCM as bchunk's and as sox's samples), a multi-file sheet
merged into one BIN (byte for byte `cat` of its files), the question before
replacing, and a large sparse image cancelled mid-way and closed mid-way,
with nothing left in the destination. The image's own files are never
written."""

import filecmp
import hashlib
import os
import subprocess
import sys
import tempfile
import time
import wave

sys.path.insert(0, __file__.rsplit('/', 1)[0])
import uitest  # noqa: E402
from dogtail import rawinput  # noqa: E402

FRAME = 2352


def bcd(n):
    return (n // 10) << 4 | n % 10


def raw_mode1(block, lba):
    """A Mode 1 sector around 2048 bytes of user data; EDC/ECC left zero
    (an ISO is the user data only, so no one reads them here)."""
    a = lba + 150
    header = bytes([bcd(a // 4500), bcd(a // 75 % 60), bcd(a % 75), 1])
    return b'\x00' + b'\xff' * 10 + b'\x00' + header + block + bytes(288)


def make_raw_disc(folder):
    """One BIN: a Mode 1/2352 data track from a genisoimage ISO, then two
    sox audio tracks, each with a stored pregap (INDEX 00) of silence."""
    tree = os.path.join(folder, 'tree')
    os.makedirs(tree)
    with open(os.path.join(tree, 'README.TXT'), 'w') as f:
        f.write('exported by spindle\n')
    with open(os.path.join(tree, 'DATA.BIN'), 'wb') as f:
        f.write(os.urandom(200_000))
    iso = os.path.join(folder, 'made.iso')
    uitest.tool('genisoimage', '-quiet', '-V', 'EXPORT', '-o', iso, tree)
    audio = []
    for n, seconds in ((2, 4), (3, 3)):
        path = os.path.join(folder, f'audio{n}.raw')
        uitest.tool('sox', '-q', '-n', '-r', '44100', '-c', '2', '-b', '16', '-e', 'signed',
                    '-t', 'raw', '-L', path, 'synth', str(seconds), 'sine', str(300 * n))
        audio.append(path)

    with open(iso, 'rb') as f:
        data = f.read()
    n_data = len(data) // 2048
    pregaps = (150, 75)
    image = os.path.join(folder, 'Disc.bin')
    with open(image, 'wb') as out:
        for i in range(n_data):
            out.write(raw_mode1(data[i * 2048:(i + 1) * 2048], i))
        for pregap, path in zip(pregaps, audio):
            out.write(bytes(pregap * FRAME))
            with open(path, 'rb') as f:
                out.write(f.read())
    t2_00 = n_data
    t2_01 = t2_00 + pregaps[0]
    t3_00 = t2_01 + os.path.getsize(audio[0]) // FRAME
    t3_01 = t3_00 + pregaps[1]
    sheet = os.path.join(folder, 'Disc.cue')
    with open(sheet, 'w') as f:
        f.write('FILE "Disc.bin" BINARY\n'
                '  TRACK 01 MODE1/2352\n'
                '    INDEX 01 00:00:00\n'
                '  TRACK 02 AUDIO\n'
                f'    INDEX 00 {uitest.msf(t2_00)}\n'
                f'    INDEX 01 {uitest.msf(t2_01)}\n'
                '  TRACK 03 AUDIO\n'
                f'    INDEX 00 {uitest.msf(t3_00)}\n'
                f'    INDEX 01 {uitest.msf(t3_01)}\n')
    return sheet, image, iso, audio, pregaps


def md5(path):
    h = hashlib.md5()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def pcm(path):
    with wave.open(path, 'rb') as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (2, 2, 44100), path
        return w.readframes(w.getnframes())


# ---- Driving the dialog ----------------------------------------------------

def dialog(app):
    return uitest.wait_for(lambda: [w for w in app.node.children if w.name == 'Export'],
                           what='the Export dialog')[0]


def dialog_gone(app):
    return not [w for w in app.node.children if w.name == 'Export']


def buttons(node, name):
    # GTK 4.8 names a button with a mnemonic “_Replace Replace”.
    return uitest.find_all(node, lambda n: n.roleName == 'push button'
                           and (n.name == name or n.name.endswith(' ' + name)))


def press(node, name):
    found = uitest.wait_for(lambda: buttons(node, name), what=f'the {name} button')
    uitest.wait_for(lambda: found[0].sensitive, what=f'{name} enabled')
    found[0].doActionNamed('click')


def open_export(app):
    rawinput.keyCombo('<Control>e')
    return dialog(app)


def choose_format(dlg, title):
    """A format is a check box in a row; GTK 4.8 gives check boxes no
    AT-SPI action, so click it (the window sits at 0,0 under Xvfb)."""
    box = uitest.wait_for(lambda: uitest.find_all(dlg, lambda n: n.roleName == 'check box'
                                                  and n.name.startswith(title)), what=f'the {title} format')[0]
    box.click()
    uitest.wait_for(lambda: uitest.has_state(box, 'checked'), what=f'{title} chosen')


def will_write(dlg):
    lists = uitest.find_all(dlg, lambda n: n.roleName == 'list' and n.name == 'Files to Write')
    if not lists:
        return []
    return [(item.name, item.description) for item in lists[0].children if item.roleName == 'list item']


def names_of(dlg):
    """The file names the dialog says it will write."""
    return [name for name, note in will_write(dlg)]


def choose_destination(app, dlg, title, path, accept):
    """The save or folder chooser (a top-level 'filler' in GTK 4.8): type the
    path, then press the chooser's own accept button."""
    press(dlg, 'Change Destination')
    uitest.wait_for(lambda: [w for w in app.node.children if w.name == title], what=f'the {title} dialog')
    time.sleep(0.3)
    if accept == 'Select':
        rawinput.keyCombo('<Control>l')
    rawinput.keyCombo('<Control>a')
    rawinput.typeText(path)
    time.sleep(0.5)
    chooser = [w for w in app.node.children if w.name == title][0]
    accept_button = [b for b in uitest.find_all(chooser, lambda n: n.roleName == 'push button'
                                                and n.name.split(' ')[-1] == accept)]
    accept_button[0].doActionNamed('click')
    uitest.wait_for(lambda: not [w for w in app.node.children if w.name == title], what=f'the {title} dialog closed')


def wait_done(app, dlg, timeout=30):
    uitest.wait_for(lambda: buttons(dlg, 'Close'), timeout=timeout, what='the export to finish')
    written = uitest.find_all(dlg, lambda n: n.roleName == 'list' and n.name == 'Written Files')[0]
    return [item.name for item in written.children if item.roleName == 'list item']


def error_text(dlg):
    found = uitest.find_all(dlg, lambda n: n.roleName == 'label' and n.description == 'Error' and n.name)
    return found[0].name if found else None


def no_folder_handler():
    r = subprocess.run(['gio', 'mime', 'inode/directory'], capture_output=True, text=True)
    return 'No default applications' in r.stdout + r.stderr


def alive(app):
    return app.process.poll() is None


# ---- Scenarios ------------------------------------------------------------

def raw_disc_to_iso_and_wave(folder):
    sheet, image, iso, audio, pregaps = make_raw_disc(folder)
    before = md5(image), md5(sheet)
    out = os.path.join(folder, 'out')
    os.mkdir(out)

    with uitest.App(sheet) as app:
        uitest.wait_for(lambda: uitest.track_rows(app), what='the track list')

        # ISO is offered (a Mode 1 track) and chosen first; a lone sheet of
        # one BIN is not offered a merge.
        dlg = open_export(app)
        formats = uitest.find_names(dlg, lambda n: n.roleName == 'check box')
        assert [f.split(' ')[0] for f in formats] == ['ISO', 'WAVE', 'FLAC', 'One', 'cdrdao'], formats
        assert not [f for f in formats if f.startswith('One BIN File and')], formats
        assert uitest.has_state(uitest.find_all(dlg, lambda n: n.roleName == 'check box')[0], 'checked')
        uitest.wait_for(lambda: names_of(dlg) == ['Disc.iso'], what='Disc.iso listed')
        uitest.screenshot('export-setup-iso')

        target = os.path.join(out, 'mine.iso')
        choose_destination(app, dlg, 'Export As', target, 'Save')
        uitest.wait_for(lambda: names_of(dlg) == ['mine.iso'], what='mine.iso listed')
        t0 = time.monotonic()
        press(dlg, 'Export')
        written = wait_done(app, dlg)
        print(f'ISO export of {os.path.getsize(target)} bytes: {time.monotonic() - t0:.2f} s through the UI')
        assert written and written[0].startswith('mine.iso'), written
        assert filecmp.cmp(target, iso, shallow=False), 'the ISO differs from the one genisoimage made'
        assert sorted(os.listdir(out)) == ['mine.iso'], os.listdir(out)
        uitest.screenshot('export-done-iso')
        press(dlg, 'Close')
        uitest.wait_for(lambda: dialog_gone(app), what='the dialog closed')

        # WAVE: every audio track, by default into a folder named after the
        # image beside it, made by the export.
        dlg = open_export(app)
        choose_format(dlg, 'WAVE Audio')
        uitest.wait_for(lambda: names_of(dlg) == ['Track 02.wav', 'Track 03.wav'], what='the WAVE files listed')
        uitest.screenshot('export-setup-wave')
        press(dlg, 'Export')
        wait_done(app, dlg)
        uitest.screenshot('export-done-wave')

        made = os.path.join(folder, 'Disc')
        assert sorted(os.listdir(made)) == ['Track 02.wav', 'Track 03.wav'], os.listdir(made)
        # From INDEX 01 to the next track's INDEX 01: sox's samples, then the
        # next track's pregap of silence; the last one to the disc's end.
        with open(audio[0], 'rb') as f:
            a2 = f.read()
        with open(audio[1], 'rb') as f:
            a3 = f.read()
        assert pcm(os.path.join(made, 'Track 02.wav')) == a2 + bytes(pregaps[1] * FRAME)
        assert pcm(os.path.join(made, 'Track 03.wav')) == a3
        # bchunk's WAVE files hold the same PCM, except that bchunk ends a
        # track at the next one's INDEX 00: its pregap is not in bchunk's.
        bchunk = os.path.join(folder, 'bchunk')
        os.mkdir(bchunk)
        uitest.tool('bchunk', '-w', image, sheet, os.path.join(bchunk, 'b'))
        assert pcm(os.path.join(made, 'Track 02.wav')) == pcm(os.path.join(bchunk, 'b02.wav')) + bytes(pregaps[1] * FRAME)
        assert pcm(os.path.join(made, 'Track 03.wav')) == pcm(os.path.join(bchunk, 'b03.wav'))

        # Show in Folder: this session has no FileManager1 service; with no
        # program for folders either, the app says so and keeps running.
        press(dlg, 'Show in Folder')
        if no_folder_handler():
            uitest.wait_for(lambda: uitest.find_name_near_top(dlg, lambda n: n.roleName == 'label' and
                                                              n.name == 'No file manager could show the folder'),
                            timeout=10, what='the “no file manager” toast')
        else:
            time.sleep(2)
        assert alive(app)
        press(dlg, 'Close')
        uitest.wait_for(lambda: dialog_gone(app), what='the dialog closed')

    assert (md5(image), md5(sheet)) == before, 'the image was written'


def merge_and_replace(folder):
    sheet, starts, modes = uitest.make_mixed_mode_sheet(folder)
    parts = [os.path.join(folder, f'Game (Track {n}).bin') for n in (1, 2, 3)]
    before = [md5(p) for p in parts + [sheet]]
    merged = os.path.join(folder, 'merged')
    os.mkdir(merged)

    with uitest.App(sheet) as app:
        uitest.wait_for(lambda: uitest.track_rows(app), what='the track list')
        dlg = open_export(app)
        choose_format(dlg, 'One BIN File and a Cue Sheet')
        # Beside the image, “Game.cue” would be the image's own sheet.
        uitest.wait_for(lambda: names_of(dlg) == ['Game (merged).cue', 'Game (merged).bin'],
                        what='the merged names beside the image')
        choose_destination(app, dlg, 'Export Into Folder', merged, 'Select')
        uitest.wait_for(lambda: names_of(dlg) == ['Game.cue', 'Game.bin'], what='Game.cue and Game.bin listed')
        uitest.screenshot('export-setup-merge')
        press(dlg, 'Export')
        wait_done(app, dlg)
        expected = b''.join(open(p, 'rb').read() for p in parts)
        with open(os.path.join(merged, 'Game.bin'), 'rb') as f:
            assert f.read() == expected, 'the merged BIN is not the files one after the other'
        with open(os.path.join(merged, 'Game.cue')) as f:
            cue = f.read()
        assert 'FILE "Game.bin" BINARY' in cue, cue
        press(dlg, 'Close')
        uitest.wait_for(lambda: dialog_gone(app), what='the dialog closed')

        # Again into the same folder: asked first. Cancel leaves the files;
        # Replace writes them again.
        stamp = os.stat(os.path.join(merged, 'Game.bin')).st_mtime_ns
        dlg = open_export(app)
        choose_format(dlg, 'One BIN File and a Cue Sheet')
        choose_destination(app, dlg, 'Export Into Folder', merged, 'Select')
        uitest.wait_for(lambda: names_of(dlg) == ['Game.cue', 'Game.bin'], what='Game.cue listed')
        assert all(note.startswith('Already exists') for name, note in will_write(dlg)), will_write(dlg)
        press(dlg, 'Export')
        question = uitest.wait_for(lambda: replace_question(app), what='the replace question')
        body = uitest.find_names(question, lambda n: n.roleName == 'label')
        assert any(t.startswith('2 files already exist in “merged”') for t in body), body
        uitest.screenshot('export-replace-question')
        press(question, 'Cancel')
        uitest.wait_for(lambda: not replace_question(app), what='the question gone')
        assert os.stat(os.path.join(merged, 'Game.bin')).st_mtime_ns == stamp
        press(dlg, 'Export')
        question = uitest.wait_for(lambda: replace_question(app), what='the replace question again')
        press(question, 'Replace')
        wait_done(app, dlg)
        with open(os.path.join(merged, 'Game.bin'), 'rb') as f:
            assert f.read() == expected
        assert sorted(os.listdir(merged)) == ['Game.bin', 'Game.cue'], os.listdir(merged)
        press(dlg, 'Close')

    assert [md5(p) for p in parts + [sheet]] == before, 'the image was written'


def replace_question(app):
    """The AdwMessageDialog asking before replacing: a top level of its own."""
    for w in app.node.children:
        if uitest.find_all(w, lambda n: n.roleName == 'label' and n.name.startswith('Replace Existing File')):
            return w
    return None


def progress_text(dlg):
    found = uitest.find_all(dlg, lambda n: n.roleName == 'label' and n.description == 'Progress')
    return found[0].name if found else ''


def cancel_and_close(folder):
    """A 2.35 GB sparse Mode 1 image: long enough to stop half-way."""
    image = os.path.join(folder, 'big.bin')
    with open(image, 'wb') as f:
        f.truncate(1_000_000 * FRAME)
    sheet = os.path.join(folder, 'big.cue')
    with open(sheet, 'w') as f:
        f.write('FILE "big.bin" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n')
    stamp = os.stat(image).st_mtime_ns
    dest = os.path.join(folder, 'dest')
    os.mkdir(dest)

    with uitest.App(sheet) as app:
        uitest.wait_for(lambda: uitest.track_rows(app), what='the track list')
        dlg = open_export(app)
        choose_destination(app, dlg, 'Export As', os.path.join(dest, 'big.iso'), 'Save')
        uitest.wait_for(lambda: names_of(dlg) == ['big.iso'], what='big.iso listed')

        # Cancel in the progress bar.
        press(dlg, 'Export')
        uitest.wait_for(lambda: '%' in progress_text(dlg) and not progress_text(dlg).endswith(' 0%'),
                        timeout=15, what='progress shown')
        text = progress_text(dlg)
        assert text.startswith('Exporting…'), text
        uitest.screenshot('export-progress')
        press(dlg, 'Cancel')
        uitest.wait_for(lambda: uitest.find_name_near_top(dlg, lambda n: n.roleName == 'label' and
                                                          n.name == 'Export cancelled: nothing was written'),
                        timeout=20, what='the cancel toast')
        uitest.wait_for(lambda: os.listdir(dest) == [], what='nothing left in the destination')
        print(f'cancelled at “{text}”')

        # Closing the window while it runs cancels too.
        press(dlg, 'Export')
        uitest.wait_for(lambda: '%' in progress_text(dlg), timeout=15, what='progress shown again')
        rawinput.pressKey('Escape')
        uitest.wait_for(lambda: dialog_gone(app), what='the dialog closed')
        uitest.wait_for(lambda: os.listdir(dest) == [], timeout=20, what='nothing left after closing')
        assert alive(app)
        # The main window still answers.
        assert uitest.track_rows(app)

    assert os.stat(image).st_mtime_ns == stamp and os.path.getsize(image) == 1_000_000 * FRAME


def test_export():
    with tempfile.TemporaryDirectory() as folder:
        a, b, c = (os.path.join(folder, x) for x in ('raw', 'merge', 'big'))
        for x in (a, b, c):
            os.mkdir(x)
        raw_disc_to_iso_and_wave(a)
        merge_and_replace(b)
        cancel_and_close(c)


uitest.run(test_export)
