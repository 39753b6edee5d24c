"""Accessibility and keyboard.

- Every shortcut the code installs is listed in the shortcuts window
  (ui/help-overlay.ui), read from the sources.
- Screen reader content of the custom widgets: the disc map names the
  selected track, the hex view reads the sector at the cursor (LBA, MSF,
  track, mode, check result) and the byte there, updated as it moves.
- No focusable or actionable control of Spindle's own without a name, on
  every page, in the main menu, the Export dialog and the Open dialog.
  (GTK 4.8's own unnamed parts are listed apart and tolerated: column view
  rows, a drop-down's inner button, the file chooser's internals.)
- High contrast, dark style and large text: screenshots of the tracks, the
  sector view and the files page in each; large text really is larger.
"""

import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, __file__.rsplit('/', 1)[0])
import uitest  # noqa: E402
from dogtail import rawinput  # noqa: E402
import pyatspi  # noqa: E402

SAMPLE = os.path.join(uitest.SOURCE, 'data', 'sample', 'spindle-sample.cue')

# ---- The shortcuts window against the code ---------------------------------


def accel_keys(accel):
    """'<Control>g' → 'ctrl+g', for comparing."""
    mods = sorted(m.lower().replace('control', 'ctrl').replace('primary', 'ctrl')
                  for m in re.findall(r'<(\w+)>', accel))
    key = re.sub(r'<\w+>', '', accel).lower()
    return '+'.join(mods + [key])


def shortcuts_in_code():
    """(action, accel) the app installs: application accels and widget
    class bindings. Escape closing a dialog is not listed (it is GNOME's
    convention, not Spindle's)."""
    found = set()
    app_src = open(os.path.join(uitest.SOURCE, 'src', 'app', 'sp-application.c')).read()
    for action, accels in re.findall(r'set_accels_for_action \([^,]+, "([\w.-]+)", \(const char \*\[\]\) \{([^}]*)\}',
                                     app_src):
        for accel in re.findall(r'"([^"]+)"', accels):
            found.add((action, accel_keys(accel)))
    folder = os.path.join(uitest.SOURCE, 'src', 'app')
    for name in sorted(os.listdir(folder)):
        if not name.endswith('.c'):
            continue
        src = open(os.path.join(folder, name)).read()
        for key, mods, action in re.findall(
                r'add_binding_action \(widget_class, GDK_KEY_(\w+), ([\w |]+), "([\w.-]+)"', src):
            if key == 'Escape':
                continue
            accel = ''.join({'GDK_CONTROL_MASK': '<Control>', 'GDK_SHIFT_MASK': '<Shift>', 'GDK_ALT_MASK': '<Alt>'}
                            .get(m.strip(), '') for m in mods.split('|'))
            found.add((action, accel_keys(accel + key)))
    return found


def shortcuts_listed():
    ui = open(os.path.join(uitest.SOURCE, 'ui', 'help-overlay.ui')).read()
    accels, actions = set(), set()
    for block in re.findall(r'<object class="GtkShortcutsShortcut">(.*?)</object>', ui, re.S):
        a = re.search(r'name="accelerator">([^<]+)<', block)
        if a:
            for one in a.group(1).replace('&lt;', '<').replace('&gt;', '>').split():
                accels.add(accel_keys(one))
        b = re.search(r'name="action-name">([^<]+)<', block)
        if b:
            actions.add(b.group(1))
    return accels, actions


def test_shortcuts_window_complete():
    installed = shortcuts_in_code()
    assert installed, 'no shortcuts found in the sources: has the code changed shape?'
    accels, actions = shortcuts_listed()
    missing = [f'{action} ({accel})' for action, accel in sorted(installed)
               if accel not in accels and action not in actions]
    assert not missing, 'shortcuts not in ui/help-overlay.ui: ' + ', '.join(missing)


# ---- Names and roles -------------------------------------------------------

INTERACTIVE = {'push button', 'toggle button', 'check box', 'radio button', 'combo box', 'text', 'password text',
               'entry', 'spin button', 'menu item', 'check menu item', 'radio menu item', 'page tab', 'slider',
               'link', 'tree item', 'list item', 'table row', 'switch'}
# GTK 4.8 falls back to the widget's type name when nothing names it.
TYPE_NAME = re.compile(r'^(Gtk|Adw|Sp)[A-Z]\w*$')


def own_actions(node):
    """AT-SPI actions proper ('click', 'activate'): GTK 4.8 also lists the
    widget's action muxer ('clipboard.copy', 'sector.find', …) on every
    widget, containers included."""
    return {a for a in (node.actions.keys() if node.actions else ()) if '.' not in a}


def states(node):
    return {pyatspi.stateToString(s) for s in node.getState().getStates()}


def gtk_own(node, parent_role, path):
    """Unnamed parts that GTK 4.8 makes and gives no way to name."""
    if node.roleName == 'table row' and node.name == 'GtkListItemWidget':
        return True     # column view rows: GtkListItem has no accessible properties before GTK 4.12
    if node.name == 'GtkToggleButton' and parent_role == 'combo box':
        return True     # GtkDropDown's inner button; the drop-down itself is named
    if 'GtkFileChooserWidget' in path or 'GtkPathBar' in path or 'GtkPlacesSidebar' in path:
        return True     # the file chooser's internals
    return False


def unnamed_controls(root):
    own, gtk = [], []

    def walk(node, parent_role, path):
        try:
            role, name = node.roleName, node.name or ''
            unnamed = not name.strip() or TYPE_NAME.match(name)
            interactive = role in INTERACTIVE or bool(own_actions(node)) or (
                'focusable' in states(node) and role not in ('label', 'frame', 'filler', 'scroll pane', 'panel',
                                                              'list', 'table cell', 'tree table', 'table',
                                                              'dialog', 'window'))
            if unnamed and interactive and role not in ('frame', 'dialog', 'window'):
                where = f'[{role}] {name!r} in {" > ".join(path[-3:])}'
                (gtk if gtk_own(node, parent_role, path) else own).append(where)
            for child in node.children:
                walk(child, role, path + [name or role])
        except Exception:   # the tree changes under us while we look
            pass

    walk(root, None, [])
    return own, gtk


def check_named(root, where):
    own, gtk = unnamed_controls(root)
    for w in sorted(set(gtk)):
        print(f'# {where}: GTK 4.8 part without a name (tolerated): {w}')
    assert not own, f'{where}: controls without an accessible name:\n  ' + '\n  '.join(own)


def test_screen_reader_content():
    with uitest.App(SAMPLE) as app:
        uitest.wait_for(lambda: len(uitest.track_rows(app)) == 3, what='the tracks')

        # The disc map reads out the selected track, and follows a new one.
        disc_map = app.node.child(roleName='panel', name='Disc Map')
        uitest.wait_for(lambda: disc_map.description ==
                        'Selected: Track 1, MODE1/2048, starts at 00:00:00, length 00:02:52',
                        what=f'the disc map naming track 1 (is “{disc_map.description}”)')
        segments = disc_map.children
        assert [s.roleName for s in segments] == ['push button'] * 3
        assert uitest.has_state(segments[0], 'pressed')
        segments[1].doActionNamed('click')
        uitest.wait_for(lambda: disc_map.description ==
                        'Selected: Track 2, AUDIO, starts at 00:04:52, length 00:03:00',
                        what=f'the disc map naming track 2 (is “{disc_map.description}”)')
        uitest.wait_for(lambda: uitest.has_state(segments[1], 'pressed') and not uitest.has_state(segments[0], 'pressed'),
                        what='segment 2 pressed')
        # … and so does a selection made in the track list.
        row = uitest.track_rows(app)[2][0]
        row.select()
        uitest.wait_for(lambda: disc_map.description.startswith('Selected: Track 3, AUDIO'),
                        what='the disc map following the track list')
        check_named(app.node, 'Tracks page')

        # The hex view reads the sector at the cursor, as its header row shows it.
        uitest.open_page(app, 'Sectors')
        hex_view = app.node.child(roleName='panel', name='Sector Bytes')
        assert 'focusable' in states(hex_view)
        uitest.go_to(app, '16')
        uitest.wait_for(lambda: uitest.panel_value(app, 'Position') == '16 (00:00:16)', what='sector 16')
        uitest.wait_for(lambda: hex_view.description ==
                        'Sector 16 · 00:00:16 · Track 01 · Mode 1 · checks passed; byte 0: 0x00',
                        what=f'the hex view reading sector 16 (is “{hex_view.description}”)')
        rawinput.pressKey('Right')          # the sync pattern's second byte
        uitest.wait_for(lambda: hex_view.description.endswith('; byte 1: 0xff'),
                        what=f'the hex view reading byte 1 (is “{hex_view.description}”)')
        rawinput.pressKey('Page_Down')
        uitest.wait_for(lambda: hex_view.description.startswith('Sector 17 · 00:00:17 · Track 01 · Mode 1 · '),
                        what=f'the hex view reading sector 17 (is “{hex_view.description}”)')
        # An audio sector, by time: track 02 starts at 00:04:52 (LBA 352).
        uitest.go_to(app, '00:04:52')
        uitest.wait_for(lambda: hex_view.description.startswith('Sector 352 · 00:04:52 · Track 02 · Audio'),
                        what=f'the hex view reading an audio sector (is “{hex_view.description}”)')
        # The sector panel's rows are named “field: value”, for moving through them.
        uitest.wait_for(lambda: uitest.find_all(app.node, lambda n: n.roleName == 'list item'
                                                and n.name == 'Position: 352 (00:04:52)'),
                        what='the Position row named with its value')
        check_named(app.node, 'Sectors page')

        uitest.open_page(app, 'Files')
        uitest.wait_for(lambda: uitest.find_all(app.node, lambda n: n.roleName == 'panel' and n.name == 'README.TXT'),
                        what='the file rows named')
        check_named(app.node, 'Files page')

        # The main menu.
        uitest.open_page(app, 'Tracks')
        menu = [n for n in uitest.find_all(app.node, lambda n: n.roleName == 'push button' and n.name == 'Main Menu')
                if n.actions][0]
        menu.doActionNamed('click')
        uitest.wait_for(lambda: uitest.find_all(app.node, lambda n: n.roleName == 'menu item'), what='the menu')
        check_named(app.node, 'main menu')
        rawinput.pressKey('Escape')
        time.sleep(0.5)

        # The Export dialog.
        rawinput.keyCombo('<Control>e')
        dialog = uitest.wait_for(lambda: [w for w in app.node.children if w.name == 'Export'],
                                 what='the Export dialog')[0]
        uitest.wait_for(lambda: uitest.find_all(dialog, lambda n: n.name == 'ISO Image'), what='its formats')
        check_named(dialog, 'Export dialog')
        rawinput.pressKey('Escape')
        uitest.wait_for(lambda: not [w for w in app.node.children if w.name == 'Export'], what='the dialog closed')

        # The Open dialog (GTK's file chooser).
        rawinput.keyCombo('<Control>o')
        chooser = uitest.wait_for(lambda: [w for w in app.node.children if w.name == 'Open a Disc Image'],
                                  what='the Open dialog')[0]
        time.sleep(1)
        check_named(chooser, 'Open dialog')
        rawinput.pressKey('Escape')


# ---- Styles ----------------------------------------------------------------

def style_env(folder, keyfile):
    """Settings as GNOME's would give them: a keyfile GSettings backend with
    the portal off, so that libadwaita reads org.gnome.desktop.* itself."""
    config = os.path.join(folder, 'config')
    os.makedirs(os.path.join(config, 'glib-2.0', 'settings'), exist_ok=True)
    with open(os.path.join(config, 'glib-2.0', 'settings', 'keyfile'), 'w') as f:
        f.write(keyfile)
    return {'GSETTINGS_BACKEND': 'keyfile', 'ADW_DISABLE_PORTAL': '1', 'XDG_CONFIG_HOME': config}


HIGH_CONTRAST = '[org/gnome/desktop/a11y/interface]\nhigh-contrast=true\n'
DARK = "[org/gnome/desktop/interface]\ncolor-scheme='prefer-dark'\n"
# GNOME's text-scaling-factor 1.5 reaches GTK on X11 as Xft/DPI 96 × 1.5 × 1024.
LARGE_TEXT = ['Xft/DPI=147456']

STYLES = {
    'default': ('', None),
    'high-contrast': (HIGH_CONTRAST, None),
    'dark': (DARK, None),
    'high-contrast-dark': (HIGH_CONTRAST + DARK, None),
    'large-text': ('', LARGE_TEXT),
}


def label_height(app, name):
    node = uitest.wait_for(lambda: [n for n in uitest.find_all(app.node, lambda n: n.roleName == 'label'
                                                                and n.name == name)],
                           what=f'the label {name}')[0]
    return node.queryComponent().getExtents(pyatspi.WINDOW_COORDS).height


def test_styles():
    heights = {}
    with tempfile.TemporaryDirectory() as vcd_folder:
        # A bad sector, to see the error colours in each style.
        vcd, vcd_bin = uitest.make_vcd(vcd_folder)
        uitest.corrupt(vcd_bin, 20, 500)
        for style, (keyfile, xsettings) in STYLES.items():
            with tempfile.TemporaryDirectory() as folder:
                manager = None
                if xsettings:
                    manager = subprocess.Popen(['/usr/bin/python3', os.path.join(uitest.SOURCE, 'tests', 'ui',
                                                                                 'xsettings.py'), *xsettings],
                                               stdout=subprocess.PIPE, text=True)
                    assert manager.stdout.readline().strip() == 'xsettings: ready'
                try:
                    with uitest.App(SAMPLE, env=style_env(folder, keyfile)) as app:
                        uitest.wait_for(lambda: len(uitest.track_rows(app)) == 3, what='the tracks')
                        time.sleep(0.5)
                        heights[style] = label_height(app, 'Cue sheet')
                        uitest.screenshot(f'style-{style}-tracks')
                        uitest.open_page(app, 'Sectors')
                        uitest.go_to(app, '16')
                        uitest.wait_for(lambda: uitest.panel_value(app, 'Position') == '16 (00:00:16)',
                                        what='sector 16')
                        rawinput.keyCombo('<Shift>Down')       # a selection, to see its colour too
                        time.sleep(0.5)
                        uitest.screenshot(f'style-{style}-sectors')
                        uitest.open_page(app, 'Files')
                        uitest.wait_for(lambda: uitest.find_all(app.node, lambda n: n.name == 'README.TXT'),
                                        what='the files')
                        time.sleep(0.5)
                        uitest.screenshot(f'style-{style}-files')
                    with uitest.App(vcd, env=style_env(folder, keyfile)) as app:
                        uitest.wait_for(lambda: uitest.track_rows(app), what='the tracks')
                        uitest.open_page(app, 'Sectors')
                        uitest.go_to(app, '20')
                        uitest.wait_for(lambda: uitest.panel_value(app, 'Position') == '20 (00:00:20)',
                                        what='sector 20')
                        time.sleep(0.5)
                        uitest.screenshot(f'style-{style}-bad-sector')
                finally:
                    if manager:
                        manager.terminate()
                        manager.wait(10)
    print('# label heights:', heights)
    assert heights['large-text'] >= heights['default'] * 1.3, heights


uitest.run(test_shortcuts_window_complete)
uitest.run(test_screen_reader_content)
uitest.run(test_styles)
