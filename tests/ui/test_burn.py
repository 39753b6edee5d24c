"""The Burn… dialog writing an image file (libburn's stdio: pseudo-drive,
the real libburn code): an ISO made by genisoimage written through the
dialog is byte for byte that ISO, read back and verified; the progress page
shows while a 4 GiB image is written and Stop leaves no file behind; the
dialog refuses, before anything is written, to overwrite the image it burns
and to write an image file of a Mode 2 Video CD (whose user data is not one
ISO). The image's own files are never written."""

import filecmp
import hashlib
import os
import sys
import tempfile

sys.path.insert(0, __file__.rsplit('/', 1)[0])
import burndialog  # noqa: E402
import uitest  # noqa: E402

WORK = tempfile.mkdtemp(prefix='spindle-burn-ui-')


def digest(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(1 << 20), b''):
            h.update(block)
    return h.hexdigest()


def make_iso(folder, megabytes):
    tree = os.path.join(folder, 'tree')
    os.makedirs(tree)
    with open(os.path.join(tree, 'README.TXT'), 'w') as f:
        f.write('burned by spindle\n')
    with open(os.path.join(tree, 'DATA.BIN'), 'wb') as f:
        f.write(os.urandom(megabytes << 20))
    iso = os.path.join(folder, 'Backup.iso')
    uitest.tool('genisoimage', '-quiet', '-J', '-R', '-V', 'BACKUP', '-o', iso, tree)
    return iso


def test_iso_to_file():
    folder = os.path.join(WORK, 'iso')
    iso = make_iso(folder, 24)
    before = digest(iso)
    out_dir = os.path.join(folder, 'out')
    os.makedirs(out_dir)
    out = os.path.join(out_dir, 'Copy.iso')
    with uitest.App(iso) as app:
        dlg = burndialog.open_dialog(app)
        sectors = os.path.getsize(iso) // 2048
        check = burndialog.sector_check(dlg)
        counted = int(''.join(c for c in check if c.isdigit()))
        assert check.startswith('No errors in') and counted == sectors, (check, sectors)
        # No drive on this machine: the target is an image file.
        assert uitest.find_all(dlg, lambda n: n.roleName == 'combo box' and n.name == 'Drive')
        assert burndialog.has_label(dlg, lambda t: t == 'Image File'), burndialog.labels(dlg)
        burndialog.choose_file(app, dlg, out)
        burndialog.wait_label(dlg, lambda t: t == out, what='the chosen file')
        burndialog.wait_label(dlg, lambda t: t.startswith('The file will take'), what='the space it takes')
        assert burndialog.refusal(dlg) is None, burndialog.refusal(dlg)
        layout = burndialog.wait_label(dlg, lambda t: t.startswith('libburn'), what='the backend')
        assert 'TAO' in layout or 'SAO' in layout, layout
        uitest.screenshot('burn-setup-file')
        button = burndialog.write_button(dlg)
        assert button.name.endswith('Write'), button.name
        button.doActionNamed('click')
        title, body = burndialog.result(dlg)
        uitest.screenshot('burn-result-file')
        assert title == 'Image File Written', (title, body)
        assert any('Verified: every sector reads back as in the image.' in t for t in body), body
    assert filecmp.cmp(iso, out, shallow=False), 'the written file differs from the ISO'
    assert os.listdir(out_dir) == ['Copy.iso'], os.listdir(out_dir)
    assert digest(iso) == before, 'the image was written to'


def test_stop():
    folder = os.path.join(WORK, 'big')
    os.makedirs(folder)
    iso = os.path.join(folder, 'Big.iso')
    # 4 GiB of zeros, sparse: long enough to see the progress and stop it
    # (an image file is written at ~900 MB/s from the page cache).
    with open(iso, 'wb') as f:
        f.truncate(4 << 30)
    out_dir = os.path.join(folder, 'out')
    os.makedirs(out_dir)
    out = os.path.join(out_dir, 'Big copy.iso')
    with uitest.App(iso) as app:
        dlg = burndialog.open_dialog(app)
        burndialog.sector_check(dlg, timeout=120)
        burndialog.choose_file(app, dlg, out)
        burndialog.wait_label(dlg, lambda t: t == out, what='the chosen file')
        burndialog.write_button(dlg).doActionNamed('click')
        burndialog.wait_label(dlg, lambda t: t.startswith('Burning “Big.iso”') or t == 'Burning “Big.iso”',
                              what='the progress page')
        burndialog.wait_label(dlg, lambda t: ' of ' in t and t.split(' of ')[0].isdigit()
                              and int(t.split(' of ')[0]) > 0, what='sectors being written')
        uitest.screenshot('burn-progress-file')
        shown = burndialog.labels(dlg)
        speed = [t for t in shown if t.endswith('B/s')]
        assert speed and '×' not in speed[0], speed  # a file is written in MB/s, not at 52×
        assert 'Drive buffer' not in shown and "Spindle's buffer" not in shown, shown  # a file has neither
        burndialog.press(dlg, 'Stop Burning')
        title, body = burndialog.result(dlg)
        uitest.screenshot('burn-stopped-file')
        assert title == 'Burn Stopped', (title, body)
    assert os.listdir(out_dir) == [], os.listdir(out_dir)


def test_refusals():
    folder = os.path.join(WORK, 'refuse')
    os.makedirs(folder)
    iso = make_iso(os.path.join(folder, 'a'), 1)
    before = digest(iso)
    with uitest.App(iso) as app:
        dlg = burndialog.open_dialog(app)
        burndialog.sector_check(dlg)
        burndialog.choose_file(app, dlg, iso)
        why = uitest.wait_for(lambda: burndialog.refusal(dlg), what='a refusal')
        assert 'part of the image' in why, why
        assert not uitest.has_state(burndialog.write_button(dlg), 'sensitive')
        uitest.screenshot('burn-refused-self')
    assert digest(iso) == before

    sheet, _ = uitest.make_vcd(folder)
    with uitest.App(sheet) as app:
        dlg = burndialog.open_dialog(app)
        burndialog.sector_check(dlg)
        why = uitest.wait_for(lambda: burndialog.refusal(dlg), what='a refusal of the Video CD')
        print(f'Video CD to a file: {why}')
        assert 'Mode 2' in why or 'MODE2' in why, why
        assert not uitest.has_state(burndialog.write_button(dlg), 'sensitive')
        uitest.screenshot('burn-refused-vcd')


for test in (test_iso_to_file, test_stop, test_refusals):
    uitest.run(test)
