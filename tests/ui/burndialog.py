"""Helpers of the Burn… dialog's UI tests (test_burn, test_burn_drive)."""

import uitest
from dogtail import rawinput

TITLE = 'Burn Image'


def open_dialog(app):
    uitest.wait_for(lambda: uitest.track_rows(app), what='the tracks')
    rawinput.keyCombo('<Control>b')
    return uitest.wait_for(lambda: [w for w in app.node.children if w.roleName == 'frame' and w.name == TITLE],
                           what='the Burn dialog')[0]


def buttons(dlg, name):
    """Buttons named NAME (mnemonic ones are exposed as '_Name Name')."""
    return uitest.find_all(dlg, lambda n: n.roleName == 'push button'
                           and (n.name == name or n.name.endswith(' ' + name)))


def press(dlg, name):
    found = uitest.wait_for(lambda: [b for b in buttons(dlg, name) if uitest.has_state(b, 'sensitive')],
                            what=f'the {name} button')
    found[0].doActionNamed('click')


def labels(dlg):
    return uitest.find_names(dlg, lambda n: n.roleName == 'label' and n.name)


def has_label(dlg, predicate):
    return [t for t in labels(dlg) if predicate(t)]


def wait_label(dlg, predicate, timeout=30, what='a label'):
    return uitest.wait_for(lambda: has_label(dlg, predicate), timeout=timeout, what=what)[0]


def sector_check(dlg, timeout=60):
    """What the Sector Check row says once the check has ended."""
    return wait_label(dlg, lambda t: t.startswith('No errors in') or 'error' in t.lower() and 'sector' in t.lower(),
                      timeout=timeout, what='the sector check')


def write_button(dlg):
    """The header's Write/Burn/Simulate button (whichever it is called now)."""
    for name in ('Write', 'Burn', 'Simulate'):
        found = buttons(dlg, name)
        if found:
            return found[0]
    return None


def refusal(dlg):
    """The refusal shown above the settings, if any (its label is named by
    the description 'Refusal')."""
    found = uitest.find_all(dlg, lambda n: n.roleName == 'label' and n.description == 'Why this image cannot be burned'
                            and n.name)
    return found[0].name if found else None


def choose_file(app, dlg, path):
    """Picks the image file to write through the dialog's Choose… button."""
    press(dlg, 'Choose…')
    uitest.use_file_chooser(app, 'Write the Image File As', path, 'Choose')


def result(dlg, timeout=120):
    """Waits for the result page; returns (title, body)."""
    titles = ('Image File Written', 'Disc Burned', 'Discs Burned', 'Simulation Complete', 'Burn Stopped',
              'Burn Failed', 'The Disc Differs From the Image')
    title = wait_label(dlg, lambda t: t in titles, timeout=timeout, what='the result page')
    body = [t for t in labels(dlg) if ' in ' in t and ('.' in t or ':' in t) and t not in titles]
    return title, body
