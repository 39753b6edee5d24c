"""Checksums in the image's properties: on a Redump-style sheet (one file
per track, made by genisoimage and sox) the Checksums page computes CRC32,
MD5 and SHA-1 of each track and of the whole image, equal to what Python's
zlib and hashlib compute over the same files; a Redump-style DAT (Logiqx
XML) written here names the title, and a DAT with one track's checksum
altered matches only in part. Cancel leaves no results."""

import hashlib
import os
import sys
import tempfile
import time
import zlib

sys.path.insert(0, __file__.rsplit('/', 1)[0])
import uitest  # noqa: E402
from dogtail import rawinput  # noqa: E402

WORK = tempfile.mkdtemp(prefix='spindle-checksums-ui-')


def sums(data):
    return {'crc': '%08x' % (zlib.crc32(data) & 0xffffffff), 'md5': hashlib.md5(data).hexdigest(),
            'sha1': hashlib.sha1(data).hexdigest(), 'size': len(data)}


def write_dat(path, title, files, spoil=None):
    roms = []
    for name, s in files:
        crc = s['crc'] if name != spoil else '%08x' % (int(s['crc'], 16) ^ 1)
        roms.append(f'    <rom name="{name}" size="{s["size"]}" crc="{crc}" md5="{s["md5"]}" sha1="{s["sha1"]}"/>')
    roms.append('    <rom name="Game.cue" size="1" crc="00000000" md5="00" sha1="00"/>')
    with open(path, 'w') as f:
        f.write('<?xml version="1.0"?>\n<datafile>\n  <header>\n    <name>Test DAT</name>\n'
                '    <description>Made by test_checksums</description>\n  </header>\n'
                '  <game name="Other Game">\n    <description>Other Game</description>\n'
                '    <rom name="x.bin" size="4" crc="12345678" md5="0" sha1="0"/>\n  </game>\n'
                f'  <game name="{title}">\n    <description>{title}</description>\n'
                + '\n'.join(roms) + '\n  </game>\n</datafile>\n')


def open_properties(app):
    rawinput.keyCombo('<Alt>Return')
    return uitest.wait_for(lambda: [w for w in app.node.children if w.name == 'Image Properties'],
                           what='the properties window')[0]


def open_checksums_page(win):
    tab = uitest.wait_for(lambda: uitest.find_all(win, lambda n: n.roleName in ('page tab', 'toggle button', 'radio button')
                                                  and n.name == 'Checksums'), what='the Checksums page')[0]
    tab.click()
    time.sleep(0.5)


def buttons(win, name):
    found = uitest.find_all(win, lambda n: n.roleName == 'push button')
    print('buttons:', [b.name for b in found])
    return [b for b in found if b.name == name or b.name.endswith(' ' + name)]


def press(win, name):
    found = uitest.wait_for(lambda: [b for b in buttons(win, name) if uitest.has_state(b, 'sensitive')],
                            what=f'the {name} button')
    found[0].doActionNamed('click')


def labels(win):
    """What the window's labels say: their names, and the text of those
    named by their row (a value row's label is named by the row's title)."""
    found = []
    for n in uitest.find_all(win, lambda n: n.roleName == 'label'):
        if n.name:
            found.append(n.name)
        try:
            if n.text and n.text != n.name:
                found.append(n.text)
        except Exception:
            pass
    return found


def choose_dat(app, win, path):
    press(win, 'Choose a DAT File')
    uitest.use_file_chooser(app, 'Choose a DAT File', path, 'Open', location=True)


def test_checksums_and_dat():
    folder = os.path.join(WORK, 'game')
    sheet, _, _ = uitest.make_mixed_mode_sheet(folder)
    files = sorted(n for n in os.listdir(folder) if n.endswith('.bin'))
    datas = [open(os.path.join(folder, n), 'rb').read() for n in files]
    expected = [sums(d) for d in datas]
    whole = sums(b''.join(datas))
    good = os.path.join(WORK, 'good.dat')
    write_dat(good, 'Test Game (Europe)', list(zip(files, expected)))
    partial = os.path.join(WORK, 'partial.dat')
    write_dat(partial, 'Test Game (Europe)', list(zip(files, expected)), spoil=files[2])

    with uitest.App(sheet) as app:
        uitest.wait_for(lambda: uitest.track_rows(app), what='the tracks')
        win = open_properties(app)
        open_checksums_page(win)
        uitest.screenshot('checksums-before')
        press(win, 'Compute Checksums')
        uitest.wait_for(lambda: 'Whole Image' in labels(win), timeout=60, what='the checksums')
        shown = labels(win)
        for s in expected + [whole]:
            for key in ('crc', 'md5', 'sha1'):
                assert s[key] in shown, (key, s[key], shown)
        for n in (1, 2, 3):
            assert f'Track {n:02d}' in shown, shown
        uitest.screenshot('checksums-computed')

        choose_dat(app, win, good)
        match = uitest.wait_for(lambda: [t for t in labels(win) if t.startswith('“Test Game (Europe)”')],
                                what='the DAT match')[0]
        assert match == '“Test Game (Europe)”: all 3 tracks match', match
        for name in files:
            assert any(f'matches “{name}”' in t for t in labels(win)), (name, labels(win))
        uitest.screenshot('checksums-dat-match')

        choose_dat(app, win, partial)
        match = uitest.wait_for(lambda: [t for t in labels(win) if t.startswith('“Test Game (Europe)”')
                                         and 'of the image' in t], what='the partial match')[0]
        assert '2 of the image’s 3 tracks match' in match, match
        assert any(t.endswith('not in “Test Game (Europe)”') for t in labels(win)), labels(win)
        uitest.screenshot('checksums-dat-partial')


def test_cancel():
    folder = os.path.join(WORK, 'big')
    os.makedirs(folder)
    iso = os.path.join(folder, 'Big.iso')
    with open(iso, 'wb') as f:
        f.truncate(3 << 30)  # 3 GiB, sparse: long enough to cancel
    with uitest.App(iso) as app:
        uitest.wait_for(lambda: uitest.track_rows(app), what='the tracks')
        win = open_properties(app)
        open_checksums_page(win)
        press(win, 'Compute Checksums')
        uitest.wait_for(lambda: [t for t in labels(win) if t.startswith('Reading every sector')],
                        what='the progress')
        uitest.screenshot('checksums-running')
        press(win, 'Cancel')
        uitest.wait_for(lambda: [b for b in buttons(win, 'Compute Checksums') if uitest.has_state(b, 'sensitive')],
                        what='Compute again')
        assert 'Whole Image' not in labels(win), labels(win)
        # Closing the window while it runs stops the run (no crash, no hang).
        press(win, 'Compute Checksums')
        time.sleep(0.5)
        rawinput.pressKey('Escape')
        uitest.wait_for(lambda: not [w for w in app.node.children if w.name == 'Image Properties'],
                        what='the window closed')
        time.sleep(1)
        assert app.process.poll() is None, 'the app died'


for test in (test_checksums_and_dat, test_cancel):
    uitest.run(test)
