#!/bin/sh
# "spindle-cli checksum" (CRC32, MD5 and SHA-1 of each track and of the
# image, in one pass on every core) next to md5sum then sha1sum of the same
# bytes, one after the other, on:
#
#   - a 600 MB ISO (one track: the image's sums are the track's);
#   - a sheet of 6 FILEs, 889 MB (a 690 MB Mode 1 BIN and 5 audio files):
#     per-track sums and the whole image's, against md5sum and sha1sum of
#     each file and of the files concatenated (cat | md5sum, cat | sha1sum).
#
# Everything is read from the page cache. Prints the median of several
# runs, the ratio, and the load average (other work on the machine slows
# the multi-threaded run more than the single-threaded tools).
#
#   tests/bench/checksum.sh [BUILD_DIR]     (default _build)
#
# Uses the images of tests/bench/convert.sh (made by it if missing).
set -eu
cd "$(dirname "$0")/../.."
build=${1:-_build}
cli="$(pwd)/$build/src/cli/spindle-cli"
dir=${SPINDLE_BENCH_DIR:-/tmp/spindle-bench}/convert
runs=${RUNS:-5}

if [ ! -f "$dir/multi.cue" ]; then
  RUNS=1 "$(dirname "$0")/convert.sh" "$build" > /dev/null
fi
cd "$dir"
cat mode1.iso mode1.bin audio*.bin > /dev/null   # into the page cache

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
seconds() { # command...
  start=$(date +%s.%N); "$@" > /dev/null 2>&1; end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
tools_iso() { md5sum mode1.iso; sha1sum mode1.iso; }
tools_multi() {
  md5sum mode1.bin audio2.bin audio3.bin audio4.bin audio5.bin audio6.bin
  sha1sum mode1.bin audio2.bin audio3.bin audio4.bin audio5.bin audio6.bin
  cat mode1.bin audio2.bin audio3.bin audio4.bin audio5.bin audio6.bin | md5sum
  cat mode1.bin audio2.bin audio3.bin audio4.bin audio5.bin audio6.bin | sha1sum
}

# The sums must agree before their times mean anything.
ours=$("$cli" checksum --json mode1.iso | awk -F'"' '/"md5"/ { print $4; exit }')
theirs=$(md5sum mode1.iso | cut -d' ' -f1)
[ "$ours" = "$theirs" ] || { echo "MD5 differs: $ours vs $theirs" >&2; exit 1; }

s_iso=""; t_iso=""; s_multi=""; t_multi=""
for i in $(seq 1 "$runs"); do
  s_iso="$s_iso $(seconds "$cli" checksum mode1.iso)"
  t_iso="$t_iso $(seconds tools_iso)"
  s_multi="$s_multi $(seconds "$cli" checksum multi.cue)"
  t_multi="$t_multi $(seconds tools_multi)"
done

m() { echo $1 | tr ' ' '\n' | median; }
si=$(m "$s_iso"); ti=$(m "$t_iso"); sm=$(m "$s_multi"); tm=$(m "$t_multi")
iso_mb=$(echo "$(stat -c %s mode1.iso) / 1000000" | bc -l)
multi_mb=$(echo "$(( $(stat -c %s mode1.bin audio2.bin audio3.bin audio4.bin audio5.bin audio6.bin | paste -sd+) )) / 1000000" | bc -l)

printf 'cores: %s, load average: %s, median of %d\n' "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$runs"
printf '\nISO, %.0f MB (one track)\n' "$iso_mb"
printf '  spindle-cli checksum (CRC32+MD5+SHA-1)  %6.3f s  %5.0f MB/s\n' "$si" "$(echo "$iso_mb / $si" | bc -l)"
printf '  md5sum; sha1sum                         %6.3f s  %5.0f MB/s\n' "$ti" "$(echo "$iso_mb / $ti" | bc -l)"
printf '  ratio: spindle is %.2fx the two tools\n' "$(echo "$ti / $si" | bc -l)"
printf '\n6 files, %.0f MB (per track and whole image)\n' "$multi_mb"
printf '  spindle-cli checksum                    %6.3f s  %5.0f MB/s\n' "$sm" "$(echo "$multi_mb / $sm" | bc -l)"
printf '  md5sum, sha1sum of files and of cat     %6.3f s  %5.0f MB/s\n' "$tm" "$(echo "$multi_mb / $tm" | bc -l)"
printf '  ratio: spindle is %.2fx the tools\n' "$(echo "$tm / $sm" | bc -l)"
