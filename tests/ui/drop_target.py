"""A stand-in for a file manager's folder window in the drag-out test: a
GTK 4 window that takes dropped files the way Nautilus does (a
GdkFileList read from the drag) and copies them into the folder given on
the command line, then writes DONE there. It is another process, so the
drag crosses X11 (XDND) as one to a real file manager would."""

import os
import shutil
import sys

import gi
gi.require_version('Gtk', '4.0')
gi.require_version('Gdk', '4.0')
from gi.repository import Gdk, GLib, Gtk  # noqa: E402

destination = sys.argv[1]


def on_drop(target, value, x, y):
    for f in value.get_files():
        path = f.get_path()
        name = os.path.basename(path)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.copytree(path, os.path.join(destination, name), symlinks=True)
        else:
            shutil.copy2(path, os.path.join(destination, name), follow_symlinks=False)
    with open(os.path.join(destination, 'DONE'), 'w') as done:
        done.write('\n'.join(f.get_uri() for f in value.get_files()))
    return True


def on_activate(app):
    window = Gtk.ApplicationWindow(application=app, title='Drop Here')
    window.set_default_size(400, 200)
    label = Gtk.Label(label='Drop files here')
    window.set_child(label)
    target = Gtk.DropTarget.new(Gdk.FileList, Gdk.DragAction.COPY)
    target.connect('drop', on_drop)
    label.add_controller(target)
    window.present()


app = Gtk.Application(application_id='io.github.spindle.DropTarget')
app.connect('activate', on_activate)
app.run([])
