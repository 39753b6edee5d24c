"""A minimal XSETTINGS manager, as gnome-settings-daemon's xsettings plugin
is on an X11 GNOME session: `xsettings.py Xft/DPI=147456` owns the
_XSETTINGS_S0 selection with those integer settings and stays until it is
terminated. GTK 4 on X11 takes its text DPI only from here (GNOME's
text-scaling-factor 1.5 arrives as Xft/DPI 96 × 1.5 × 1024); Xvfb runs no
settings daemon. Plain ctypes on libX11: nothing to install."""

import ctypes
import signal
import struct
import sys
import time

x11 = ctypes.cdll.LoadLibrary('libX11.so.6')
x11.XOpenDisplay.restype = ctypes.c_void_p
x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
x11.XDefaultRootWindow.restype = ctypes.c_ulong
x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
x11.XCreateSimpleWindow.restype = ctypes.c_ulong
x11.XCreateSimpleWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int, ctypes.c_uint,
                                    ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_ulong]
x11.XInternAtom.restype = ctypes.c_ulong
x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
x11.XChangeProperty.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_int,
                                ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
x11.XSetSelectionOwner.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
x11.XGetSelectionOwner.restype = ctypes.c_ulong
x11.XGetSelectionOwner.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
x11.XFlush.argtypes = [ctypes.c_void_p]


def pad4(b):
    return b + b'\0' * (-len(b) % 4)


def settings_blob(ints):
    """The _XSETTINGS_SETTINGS property: little-endian, integers only."""
    out = struct.pack('<B3xII', 0, 1, len(ints))
    for name, value in ints.items():
        n = name.encode()
        out += struct.pack('<BxH', 0, len(n)) + pad4(n) + struct.pack('<Ii', 0, value)
    return out


def main():
    ints = {}
    for arg in sys.argv[1:]:
        name, value = arg.split('=', 1)
        ints[name] = int(value)
    display = x11.XOpenDisplay(None)
    if not display:
        sys.exit('xsettings.py: cannot open the display')
    root = x11.XDefaultRootWindow(display)
    window = x11.XCreateSimpleWindow(display, root, 0, 0, 1, 1, 0, 0, 0)
    selection = x11.XInternAtom(display, b'_XSETTINGS_S0', 0)
    prop = x11.XInternAtom(display, b'_XSETTINGS_SETTINGS', 0)
    blob = settings_blob(ints)
    x11.XChangeProperty(display, window, prop, prop, 8, 0, blob, len(blob))
    x11.XSetSelectionOwner(display, selection, window, 0)
    x11.XFlush(display)
    if x11.XGetSelectionOwner(display, selection) != window:
        sys.exit('xsettings.py: another XSETTINGS manager runs')
    print('xsettings: ready', flush=True)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    while True:
        time.sleep(1)


if __name__ == '__main__':
    main()
