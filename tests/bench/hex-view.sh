#!/bin/sh
# Hex view frame times and memory: a 4 GB ISO (sparse), the ~700 MB Video
# CD of verify.sh, and a 1 MB image, under Xvfb with GTK's frame clock.
#   tests/bench/hex-view.sh [BUILD_DIR]
set -eu
cd "$(dirname "$0")/../.."
build=${1:-_build}
dir=${SPINDLE_BENCH_DIR:-/tmp/spindle-bench}
mkdir -p "$dir"
[ -f "$dir/vcd700.cue" ] || tests/bench/verify.sh "$build" > /dev/null
if [ ! -f "$dir/big4g.iso" ]; then
  # A real file system at the start, the rest sparse.
  mkdir -p "$dir/isoroot" && echo spindle > "$dir/isoroot/README.TXT"
  genisoimage -quiet -o "$dir/big4g.iso" "$dir/isoroot"
  truncate -s 4000000000 "$dir/big4g.iso"
fi
head -c 1048576 data/sample/spindle-sample-data.iso > "$dir/small1m.iso" 2>/dev/null || true
unset GTK_A11Y
GDK_BACKEND=x11 NO_AT_BRIDGE=1 xvfb-run -a -s "-screen 0 1280x1024x24" \
  "$build/tests/bench/bench-hex-view" "$dir/small1m.iso" "$dir/vcd700.cue" "$dir/big4g.iso"
