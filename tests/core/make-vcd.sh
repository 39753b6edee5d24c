#!/bin/sh
# Makes a one-second Video CD (Mode 2 Form 1 and Form 2 sectors with real
# EDC/ECC, written by vcdimager) in the folder given as $1.
set -eu
dir=$1
mkdir -p "$dir"
cd "$dir"
[ -f vcd.bin ] && exit 0
ffmpeg -v error -f lavfi -i testsrc=size=352x240:rate=29.97 \
  -f lavfi -i sine=frequency=440:sample_rate=44100 -t 1 -target ntsc-vcd -y video.mpg
vcdimager -q -t vcd2 -c vcd.cue -b vcd.bin video.mpg
