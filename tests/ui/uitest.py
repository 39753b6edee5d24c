"""Shared helpers of the UI tests: start the real app, find it through
AT-SPI with dogtail, wait for states, save screenshots.

Each test runs inside its own Xvfb and D-Bus session (run-ui-test.sh), so
the app is a fresh single instance with nothing remembered.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

from dogtail.config import config

# With the memory GSettings backend dogtail's a11y check would exit.
config.checkForA11y = False
config.logDebugToFile = False
config.actionDelay = config.defaultDelay = 0.0
config.searchBackoffDuration = 0.2
config.searchCutoffCount = 25

from dogtail.tree import root  # noqa: E402

BUILD = os.environ['SPINDLE_BUILD_ROOT']
SOURCE = os.environ['SPINDLE_SOURCE_ROOT']
SHOTS = os.path.join(BUILD, 'tests', 'ui', 'screenshots')
APP = os.path.join(BUILD, 'src', 'app', 'spindle')


class App:
    def __init__(self, *args, env=None):
        """Starts the app on ARGS; ENV adds to its environment (the virtual
        recorder's LD_PRELOAD, say)."""
        self.home = tempfile.mkdtemp(prefix='spindle-ui-')
        extra = env or {}
        env = dict(os.environ)
        env.pop('GTK_A11Y', None)
        env.update({
            'GSETTINGS_SCHEMA_DIR': os.path.join(BUILD, 'data'),
            'GSETTINGS_BACKEND': 'memory',
            'GDK_BACKEND': 'x11',
            'GTK_USE_PORTAL': '0',
            # Recent files and the like go to a folder of this test only.
            'XDG_DATA_HOME': os.path.join(self.home, 'data'),
            'XDG_CONFIG_HOME': os.path.join(self.home, 'config'),
            'XDG_CACHE_HOME': os.path.join(self.home, 'cache'),
        })
        env.update(extra)
        # SPINDLE_UI_GDB=1 runs the app under gdb, which prints a backtrace
        # if it crashes (for debugging a test by hand).
        wrapper = ['gdb', '-q', '-batch', '-ex', 'run', '-ex', 'thread apply all bt 12', '--args'] \
            if os.environ.get('SPINDLE_UI_GDB') else []
        self.process = subprocess.Popen([*wrapper, APP, *args], env=env)
        self.node = wait_for(lambda: find_app(), timeout=20, what='the app on AT-SPI')

    def window(self):
        return self.node.child(roleName='frame')

    def close(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.home, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        if kind is not None:
            # What a failure left on screen, before the app is closed, and
            # whether the app was still running (AT-SPI losing a live app
            # is not the app crashing).
            status = self.process.poll()
            print('app at the failure: ' + ('still running' if status is None else
                                            f'exited with status {status}'), flush=True)
            try:
                screenshot('at-failure')
            except Exception:
                pass
        self.close()


def find_app():
    for app in root.applications():
        if app.name == 'spindle':
            return app
    return None


# How many times longer a wait may take before it fails (3 in a sanitizer
# build, where the app is slower: tests/ui/meson.build).
SLOWDOWN = float(os.environ.get('SPINDLE_UI_SLOWDOWN', '1'))


def wait_for(predicate, timeout=10.0, what='a condition'):
    timeout *= SLOWDOWN
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception as e:  # the tree changes under us while we look
            last_error = e
        time.sleep(0.1)
    raise AssertionError(f'timed out after {timeout} s waiting for {what}'
                         + (f' (last error: {last_error})' if last_error else ''))


def has_state(node, state_name):
    """GTK 4.8 exposes no 'showing'; toggles are 'pressed', not 'checked'."""
    import pyatspi
    return any(pyatspi.stateToString(s) == state_name for s in node.getState().getStates())


def screenshot(name):
    os.makedirs(SHOTS, exist_ok=True)
    path = os.path.join(SHOTS, name + '.png')
    subprocess.run(['import', '-window', 'root', path], check=True)
    print(f'screenshot: {path}')
    return path


def find_names(node, predicate):
    """The names of the nodes under node that satisfy predicate, read during
    the walk. A node GTK destroys after the walk (a page being replaced) is
    disposed by libatspi on GTK's RemoveAccessible, and reading its name
    later raises "The application no longer exists" although the app is
    alive: use this rather than reading .name from find_all's nodes."""
    return find_all(node, predicate, pick=lambda n: n.name)


def find_near_top(node, predicate, max_depth=14):
    """The shallowest node under node that satisfies predicate, searched
    level by level down to max_depth; None if there is none. A button in a
    header bar is found without walking a file list or a column view (a
    whole-tree walk takes 2-3 s under ASan beside another UI test)."""
    level = [node]
    for _ in range(max_depth):
        below = []
        for n in level:
            try:
                if predicate(n):
                    return n
                below.extend(n.children)
            except Exception:  # destroyed while we look
                pass
        if not below:
            break
        level = below
    return None


def find_name_near_top(node, predicate, max_depth=14):
    """The name of the shallowest node under node that satisfies predicate,
    read as soon as it is found (a toast's node goes when its time is up)."""
    found = find_near_top(node, predicate, max_depth)
    try:
        return found.name if found else None
    except Exception:  # gone between finding and reading
        return None


def find_all(node, predicate, pick=lambda n: n):
    """pick(n) of every node n under node that satisfies predicate, in tree
    order (the nodes themselves unless told)."""
    found = []

    def walk(n):
        try:
            if predicate(n):
                found.append(pick(n))
            for child in n.children:
                walk(child)
        except Exception:
            pass
    walk(node)
    return found


def track_rows(app):
    """The rows of the track table as lists of cell texts."""
    table = app.node.child(roleName='tree table', name='Tracks')
    listview = table.child(roleName='list')
    rows = []
    for row in listview.children:
        if row.roleName != 'table row':
            continue
        cells = [c.children[0].name if c.children else '' for c in row.children]
        rows.append((row, cells))
    return rows


def tool(*argv, cwd=None):
    subprocess.run(argv, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def make_mixed_mode_sheet(folder):
    """A Redump-style mixed-mode sheet, one file per track, made with
    genisoimage (the Mode 1 data track) and sox (two audio tracks). Returns
    the sheet's path and the layout a reader must find, worked out here
    from the files' sizes."""
    os.makedirs(os.path.join(folder, 'root'), exist_ok=True)
    with open(os.path.join(folder, 'root', 'README.TXT'), 'w') as f:
        f.write('mixed mode test disc\n')
    iso = os.path.join(folder, 'Game (Track 1).bin')
    tool('genisoimage', '-quiet', '-V', 'GAME', '-o', iso, os.path.join(folder, 'root'))
    audio = []
    for n, seconds in ((2, 4), (3, 3)):
        path = os.path.join(folder, f'Game (Track {n}).bin')
        tool('sox', '-q', '-n', '-r', '44100', '-c', '2', '-b', '16', '-e', 'signed',
             '-t', 'raw', '-L', path, 'synth', str(seconds), 'sine', str(300 * n))
        audio.append(path)
    sheet = os.path.join(folder, 'Game.cue')
    with open(sheet, 'w') as f:
        f.write('FILE "Game (Track 1).bin" BINARY\n'
                '  TRACK 01 MODE1/2048\n'
                '    INDEX 01 00:00:00\n'
                'FILE "Game (Track 2).bin" BINARY\n'
                '  TRACK 02 AUDIO\n'
                '    INDEX 00 00:00:00\n'
                '    INDEX 01 00:02:00\n'
                'FILE "Game (Track 3).bin" BINARY\n'
                '  TRACK 03 AUDIO\n'
                '    INDEX 00 00:00:00\n'
                '    INDEX 01 00:01:00\n')
    data_frames = os.path.getsize(iso) // 2048
    t2_frames = os.path.getsize(audio[0]) // 2352
    starts = [0, data_frames + 150, data_frames + t2_frames + 75]
    modes = ['MODE1/2048', 'AUDIO', 'AUDIO']
    return sheet, starts, modes


def msf(frames):
    return '%02d:%02d:%02d' % (frames // 4500, frames // 75 % 60, frames % 75)


def run(test):
    """Runs one scenario function, printing TAP-ish output for meson."""
    stale = os.path.join(SHOTS, test.__name__ + '-FAILED.png')
    if os.path.exists(stale):
        os.unlink(stale)
    try:
        test()
    except Exception:
        try:
            screenshot(test.__name__ + '-FAILED')
        except Exception:
            pass
        raise
    print(f'ok - {test.__name__}')


def make_vcd(folder):
    """A one-second Video CD by ffmpeg and vcdimager: Mode 2 Form 1 and
    Form 2 sectors with EDC/ECC a tool other than Spindle wrote."""
    mpg = os.path.join(folder, 'video.mpg')
    tool('ffmpeg', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=352x240:rate=29.97',
         '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100', '-t', '1',
         '-target', 'ntsc-vcd', '-y', mpg)
    tool('vcdimager', '-q', '-t', 'vcd2', '-c', 'vcd.cue', '-b', 'vcd.bin', 'video.mpg', cwd=folder)
    return os.path.join(folder, 'vcd.cue'), os.path.join(folder, 'vcd.bin')


def corrupt(path, sector, offset):
    """Flips bits of one byte of a raw (2352-byte) sector in an image file."""
    with open(path, 'r+b') as f:
        f.seek(sector * 2352 + offset)
        b = f.read(1)[0]
        f.seek(sector * 2352 + offset)
        f.write(bytes([b ^ 0x55]))


def panel_value(app, field):
    """The value the sector panel shows for a field (its description)."""
    found = find_all(app.node, lambda n: n.roleName == 'label' and n.description == field)
    return found[0].name if found else None


def open_page(app, name):
    tab = wait_for(lambda: [n for n in find_all(app.node, lambda n: n.roleName == 'page tab' and n.name == name)],
                   what=f'the {name} tab')[0]
    tab.doActionNamed(list(tab.actions.keys())[0])


def go_to(app, text):
    from dogtail import rawinput
    rawinput.keyCombo('<Control>g')
    time.sleep(0.3)
    rawinput.keyCombo('<Control>a')
    rawinput.typeText(text)
    rawinput.pressKey('Return')


def use_file_chooser(app, title, path, accept, location=False):
    """Fills in GTK's own file chooser (a top-level 'filler' named TITLE in
    GTK 4.8, GTK_USE_PORTAL=0): types PATH (after Ctrl+L when LOCATION, for
    an Open or Select chooser), presses the button ACCEPT, answers Replace
    if GTK asks, and waits for it to close.

    Only the top-level windows are looked at while waiting, and buttons are
    searched from the top: a walk of the whole app took 2-3 s a time under
    ASan beside another UI test, so the question came, was answered and
    the chooser closed in more than 10 s (test_burn timed out so in CI)."""
    from dogtail import rawinput

    def chooser():
        found = [w for w in app.node.children if w.name == title]
        return found[0] if found else None
    wait_for(chooser, what=f'the “{title}” chooser')
    time.sleep(0.3)
    if location:
        rawinput.keyCombo('<Control>l')
    rawinput_type(path)
    find_near_top(chooser(), lambda n: n.roleName == 'push button'
                  and n.name.split(' ')[-1] == accept).doActionNamed('click')

    def closed():
        # GTK's "Replace?" question is a top-level dialog of its own.
        for question in [w for w in app.node.children if w.roleName in ('dialog', 'alert')]:
            replace = find_near_top(question, lambda n: n.roleName == 'push button'
                                    and n.name.split(' ')[-1] == 'Replace')
            if replace:
                replace.doActionNamed('click')
        return chooser() is None
    wait_for(closed, timeout=30, what=f'the “{title}” chooser closed')


def rawinput_type(text):
    """Replaces what the focused entry holds with TEXT, typed."""
    from dogtail import rawinput
    rawinput.keyCombo('<Control>a')
    rawinput.typeText(text)
    time.sleep(0.5)


def peer_window(mode, path):
    """Another program's window (tests/ui/peer_window.py: 'drop' into a
    folder or 'drag' a file), moved below the app's so both can be seen."""
    title = 'Drop Here' if mode == 'drop' else 'Drag From Here'
    process = subprocess.Popen(['/usr/bin/python3', os.path.join(SOURCE, 'tests', 'ui', 'peer_window.py'), mode, path])
    window = wait_for(lambda: subprocess.run(['xdotool', 'search', '--name', f'^{title}$'],
                                             capture_output=True, text=True).stdout.split(),
                      timeout=20, what=f'the “{title}” window')[0]
    subprocess.run(['xdotool', 'windowmove', window, '100', '800'], check=True)
    time.sleep(0.5)
    return process


def drag(from_xy, to_xy):
    """A mouse drag in small steps, as a hand makes it: GTK starts a drag
    only after the pointer moved past a threshold with the button down."""
    (x0, y0), (x1, y1) = from_xy, to_xy
    subprocess.run(['xdotool', 'mousemove', str(x0), str(y0), 'mousedown', '1'], check=True)
    for i in range(1, 21):
        subprocess.run(['xdotool', 'mousemove', str(x0 + (x1 - x0) * i // 20), str(y0 + (y1 - y0) * i // 20)],
                       check=True)
        time.sleep(0.05)
    time.sleep(0.5)
    subprocess.run(['xdotool', 'mouseup', '1'], check=True)
