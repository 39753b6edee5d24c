#!/bin/sh
# Runs one UI test script in its own Xvfb display and D-Bus session, as
# ../shared/UI-TESTING.md prescribes: xvfb-run outside, dbus-run-session
# inside, so the AT-SPI bus is started on demand and torn down at the end.
set -eu
unset GTK_A11Y
export GDK_BACKEND=x11 GSETTINGS_BACKEND=memory NO_AT_BRIDGE=0
exec timeout 300 xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" \
  dbus-run-session -- /usr/bin/python3 "$@"
