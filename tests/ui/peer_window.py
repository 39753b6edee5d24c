"""Another program's window for the drag and drop tests, in its own
process so a drag crosses X11 (XDND) as it does with a file manager.

  peer_window.py drop FOLDER   a window titled "Drop Here" that takes
                               dropped files as Nautilus does (a GdkFileList)
                               and copies them into FOLDER, then writes DONE
  peer_window.py drag FILE     a window titled "Drag From Here" whose label
                               drags FILE out as a file list
"""

import os
import shutil
import sys

import gi
gi.require_version('Gtk', '4.0')
gi.require_version('Gdk', '4.0')
from gi.repository import Gdk, Gio, GObject, Gtk  # noqa: E402

mode, path = sys.argv[1], sys.argv[2]


def on_drop(target, value, x, y):
    for f in value.get_files():
        source = f.get_path()
        name = os.path.basename(source)
        if os.path.isdir(source) and not os.path.islink(source):
            shutil.copytree(source, os.path.join(path, name), symlinks=True)
        else:
            shutil.copy2(source, os.path.join(path, name), follow_symlinks=False)
    with open(os.path.join(path, 'DONE'), 'w') as done:
        done.write('\n'.join(f.get_uri() for f in value.get_files()))
    return True


def on_prepare(source, x, y):
    files = Gdk.FileList.new_from_list([Gio.File.new_for_path(path)])
    value = GObject.Value(Gdk.FileList, files)
    return Gdk.ContentProvider.new_for_value(value)


def on_activate(app):
    if mode == 'drop':
        window = Gtk.ApplicationWindow(application=app, title='Drop Here')
        label = Gtk.Label(label='Drop files here')
        controller = Gtk.DropTarget.new(Gdk.FileList, Gdk.DragAction.COPY)
        controller.connect('drop', on_drop)
    else:
        window = Gtk.ApplicationWindow(application=app, title='Drag From Here')
        label = Gtk.Label(label=os.path.basename(path))
        controller = Gtk.DragSource(actions=Gdk.DragAction.COPY)
        controller.connect('prepare', on_prepare)
    window.set_default_size(400, 200)
    window.set_child(label)
    label.add_controller(controller)
    window.present()


app = Gtk.Application(application_id='io.github.spindle.TestPeer', flags=Gio.ApplicationFlags.NON_UNIQUE)
app.connect('activate', on_activate)
app.run([])
