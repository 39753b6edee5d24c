#!/bin/sh
# The screenshots of README.md, cut out of what the UI tests saved (each
# test takes them of the real app under Xvfb, window at 0,0 on a 1280x1024
# screen): run `meson test -C BUILD --suite ui` first, then
#
#   data/screenshots/update.sh [BUILD_DIR]     (default _build)
set -eu
cd "$(dirname "$0")"
shots=../../${1:-_build}/tests/ui/screenshots
crop() { # test screenshot, name here, geometry
  convert "$shots/$1.png" -crop "$3" +repage -strip "$2.png"
}
window=1180x760+0+0   # the main window
dialog=600x720+0+0    # a dialog over it, with the window's edge
crop open-mixed-mode-sheet tracks "$window"
crop hex-view-sector-16 sectors "$window"
crop files-expanded files "$window"
crop checksums-dat-match checksums "$window"
crop burn-setup-vcd burn "$window"
