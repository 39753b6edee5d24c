"""The German translation on screen: the app run with LANGUAGE=de on the
sample image (data/sample) shows German page names, captions, values made
from format strings (plurals, 64-bit numbers), the disc map's and the hex
view's screen reader texts, the main menu, the Export dialog and the
shortcuts window. Screenshots of each, for a person to check that no German
label is cut off or overflows."""

import os
import sys
import time

sys.path.insert(0, __file__.rsplit('/', 1)[0])
import uitest  # noqa: E402
from dogtail import rawinput  # noqa: E402

SAMPLE = os.path.join(uitest.SOURCE, 'data', 'sample', 'spindle-sample.cue')

# C.UTF-8 is the one UTF-8 locale every Debian system has; glibc's gettext
# and GTK then take the language from LANGUAGE. The catalogues are the ones
# built in the build tree (po/de/LC_MESSAGES/spindle.mo).
GERMAN = {
    'LANGUAGE': 'de',
    'LANG': 'C.UTF-8',
    'LC_ALL': 'C.UTF-8',
    'SPINDLE_LOCALEDIR': os.path.join(uitest.BUILD, 'po'),
}


def labels(app, name):
    return uitest.find_all(app.node, lambda n: n.roleName == 'label' and n.name == name)


def named(app, role, name):
    return uitest.find_all(app.node, lambda n: n.roleName == role and n.name == name)


def window_named(app, name):
    return [w for w in app.node.children if w.name == name]


def test_german_ui():
    assert os.path.exists(os.path.join(uitest.BUILD, 'po', 'de', 'LC_MESSAGES', 'spindle.mo')), \
        'the German catalogue is not built'
    with uitest.App(SAMPLE, env=GERMAN) as app:
        uitest.wait_for(lambda: uitest.find_all(app.node, lambda n: n.roleName == 'page tab' and n.name == 'Spuren'),
                        what='the German “Spuren” tab')
        for tab in ('Sektoren', 'Dateien'):
            assert named(app, 'page tab', tab), tab
        assert named(app, 'push button', 'Öffnen')
        assert named(app, 'push button', 'Brennen …')

        # Track summary: captions, a value from a format string with a
        # 64-bit number (PRId64) and the disc type.
        uitest.wait_for(lambda: labels(app, '00:10:52 (802 Sektoren)'), what='the length in sectors, in German')
        assert labels(app, 'Cue-Sheet')
        assert labels(app, 'CD-ROM mit Audio')
        for caption in ('Datenträger', 'Länge', 'Größe', 'Katalognummer', 'Interpret'):
            assert labels(app, caption), caption
        # The window subtitle: an ngettext plural.
        assert uitest.wait_for(lambda: labels(app, 'Cue-Sheet · 3 Spuren · 00:10:52'), what='the subtitle')

        disc_map = app.node.child(roleName='panel', name='Datenträgerkarte')
        assert disc_map.children[1].name == 'Spur 2, AUDIO, beginnt bei 00:04:52, Länge 00:03:00', disc_map.children[1].name
        assert disc_map.description == 'Ausgewählt: Spur 1, MODE1/2048, beginnt bei 00:00:00, Länge 00:02:52', \
            disc_map.description
        table = app.node.child(roleName='tree table', name='Spuren')
        for column in ('Typ', 'Beginn', 'Länge', 'Indizes', 'Titel', 'Interpret', 'Datei'):
            assert uitest.find_all(table, lambda n: n.roleName == 'label' and n.name == column), column
        uitest.screenshot('translation-de-tracks')

        # Sectors: the side panel and the hex view's screen reader text.
        uitest.open_page(app, 'Sektoren')
        uitest.go_to(app, '16')
        uitest.wait_for(lambda: uitest.panel_value(app, 'Position') == '16 (00:00:16)', what='sector 16')
        assert uitest.panel_value(app, 'Spur und Index') == 'Spur 01, Index 01 (MODE1/2048)'
        assert uitest.panel_value(app, 'Modus') == 'Mode 1'
        assert uitest.panel_value(app, 'Sync') == 'von Spindle erzeugt'
        hex_view = app.node.child(roleName='panel', name='Sektor-Bytes')
        uitest.wait_for(lambda: hex_view.description.startswith('Sektor 16 · 00:00:16 · Spur 01 · Mode 1 · '
                                                                'Prüfungen bestanden; Byte 0: 0x'),
                        what=f'the hex view read in German (is “{hex_view.description}”)')
        assert named(app, 'push button', 'Überprüfen')
        uitest.screenshot('translation-de-sectors')

        # Files: the file system summary and the buttons.
        uitest.open_page(app, 'Dateien')
        uitest.wait_for(lambda: labels(app, 'ISO 9660 mit Rock-Ridge-Namen · Volume „SPINDLE_SAMPLE“'),
                        what='the file system, in German')
        assert named(app, 'push button', 'Alle entpacken …')
        files = app.node.child(roleName='tree table', name='Dateien')
        for column in ('Name', 'Größe', 'Geändert', 'Blöcke'):
            assert uitest.find_all(files, lambda n: n.roleName == 'label' and n.name == column), column
        uitest.screenshot('translation-de-files')

        # The main menu.
        uitest.open_page(app, 'Spuren')
        menu = [n for n in named(app, 'push button', 'Hauptmenü') if n.actions][0]
        menu.doActionNamed('click')
        item = uitest.wait_for(lambda: uitest.find_all(app.node, lambda n: n.name == 'Tastenkürzel' and n.actions),
                               what='the German main menu')[0]
        uitest.screenshot('translation-de-menu')
        rawinput.pressKey('Escape')
        time.sleep(0.5)

        # The Export dialog.
        rawinput.keyCombo('<Control>e')
        dialog = uitest.wait_for(lambda: window_named(app, 'Exportieren'), what='the Export dialog in German')[0]
        uitest.wait_for(lambda: uitest.find_all(dialog, lambda n: n.name == 'ISO-Abbild'), what='the ISO format row')
        assert uitest.find_all(dialog, lambda n: n.name == 'Eine BIN-Datei pro Spur und ein Cue-Sheet')
        uitest.screenshot('translation-de-export')
        rawinput.pressKey('Escape')
        uitest.wait_for(lambda: not window_named(app, 'Exportieren'), what='the Export dialog closed')
        assert app.process.poll() is None, 'the app quit'

        # The image's properties, and the Burn dialog (their strings are
        # still changing: only their titles are checked here).
        rawinput.keyCombo('<Control>i')
        uitest.wait_for(lambda: window_named(app, 'Eigenschaften des Abbilds'), what='the properties in German')
        time.sleep(0.5)
        uitest.screenshot('translation-de-properties')
        rawinput.pressKey('Escape')
        uitest.wait_for(lambda: not window_named(app, 'Eigenschaften des Abbilds'), what='the properties closed')
        rawinput.keyCombo('<Control>b')
        uitest.wait_for(lambda: window_named(app, 'Abbild brennen'), what='the Burn dialog in German')
        time.sleep(1)
        uitest.screenshot('translation-de-burn')
        rawinput.pressKey('Escape')
        uitest.wait_for(lambda: not window_named(app, 'Abbild brennen'), what='the Burn dialog closed')

        # The shortcuts window, from the main menu.
        menu.doActionNamed('click')
        item = uitest.wait_for(lambda: uitest.find_all(app.node, lambda n: n.name == 'Tastenkürzel' and n.actions),
                               what='the menu item')[0]
        item.doActionNamed(list(item.actions.keys())[0])
        uitest.wait_for(lambda: uitest.find_all(app.node, lambda n: n.name == 'Zu einem Sektor springen'),
                        what='the German shortcuts window')
        uitest.screenshot('translation-de-shortcuts')


def test_german_empty_window():
    with uitest.App(env=GERMAN) as app:
        uitest.wait_for(lambda: labels(app, 'Ein Datenträgerabbild öffnen'), what='the empty page in German')
        assert named(app, 'push button', 'Öffnen …')
        uitest.screenshot('translation-de-empty')


uitest.run(test_german_ui)
uitest.run(test_german_empty_window)
