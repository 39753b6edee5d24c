#!/bin/sh
# Remakes the sample image that ships with Spindle, with standard tools only:
# genisoimage for the Mode 1 data track, sox for the two audio tracks.
# The result is a mixed-mode disc of three tracks in three files, with a
# generated pregap, a pregap stored in the file (INDEX 00), an INDEX 02,
# CD-TEXT, an ISRC and a catalog number.
set -eu
cd "$(dirname "$0")"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/root/docs"
cat > "$tmp/root/README.TXT" <<'TXT'
This is the data track of Spindle's sample disc image.
It was made by data/sample/make-sample.sh with genisoimage.
TXT
cp ../../LICENSE "$tmp/root/docs/LICENSE.TXT"
genisoimage -quiet -J -R -V SPINDLE_SAMPLE -publisher "The Spindle Project" \
  -o "$tmp/data.iso" "$tmp/root"

# 3 seconds of A4, faded; then a 3-second G major chord.
sox -q -n -r 44100 -c 2 -b 16 -e signed "$tmp/02.wav" synth 3 sine 440 gain -9 fade 0.05 3 0.3
sox -q -n -r 44100 -c 2 -b 16 -e signed "$tmp/03.wav" synth 3 pluck G3 pluck B3 pluck D4 gain -6 fade 0 3 0.5

mv "$tmp/data.iso" spindle-sample-data.iso
mv "$tmp/02.wav" spindle-sample-02.wav
mv "$tmp/03.wav" spindle-sample-03.wav

cat > spindle-sample.cue <<'CUE'
REM GENRE "Sample"
REM DATE 2026
REM COMMENT "Made by data/sample/make-sample.sh with genisoimage and sox"
CATALOG 0123456789012
PERFORMER "The Spindle Project"
TITLE "Spindle Sample Disc"
FILE "spindle-sample-data.iso" BINARY
  TRACK 01 MODE1/2048
    INDEX 01 00:00:00
FILE "spindle-sample-02.wav" WAVE
  TRACK 02 AUDIO
    TITLE "A Above Middle C"
    PERFORMER "sox"
    ISRC XXSPN2600001
    PREGAP 00:02:00
    INDEX 01 00:00:00
FILE "spindle-sample-03.wav" WAVE
  TRACK 03 AUDIO
    TITLE "G Major"
    PERFORMER "sox"
    ISRC XXSPN2600002
    INDEX 00 00:00:00
    INDEX 01 00:00:50
    INDEX 02 00:02:00
CUE
ls -l spindle-sample*
