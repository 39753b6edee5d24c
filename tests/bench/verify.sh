#!/bin/sh
# Throughput of "spindle-cli verify" on a ~700 MB Video CD (real Mode 2
# Form 1/Form 2 sectors written by vcdimager), next to reading the same
# bytes from the page cache with cat. Prints the median of several runs.
#
#   tests/bench/verify.sh [BUILD_DIR]     (default _build)
#
# The image is made once into $SPINDLE_BENCH_DIR (default /tmp/spindle-bench)
# and reused.
set -eu
cd "$(dirname "$0")/../.."
build=${1:-_build}
cli="$build/src/cli/spindle-cli"
dir=${SPINDLE_BENCH_DIR:-/tmp/spindle-bench}
runs=${RUNS:-5}
mkdir -p "$dir"

if [ ! -f "$dir/vcd700.cue" ]; then
  echo "Making a ~700 MB Video CD with ffmpeg and vcdimager (once)…" >&2
  ffmpeg -v error -f lavfi -i testsrc=size=352x240:rate=29.97 \
    -f lavfi -i sine=frequency=440:sample_rate=44100 -t 300 -target ntsc-vcd -y "$dir/part.mpg"
  set --
  for i in $(seq 1 14); do set -- "$@" "$dir/part.mpg"; done
  (cd "$dir" && vcdimager -q -t vcd2 -c vcd700.cue -b vcd700.bin "$@")
  rm -f "$dir/part.mpg"
fi

image="$dir/vcd700.bin"
bytes=$(stat -c %s "$image")
cat "$image" > /dev/null   # into the page cache

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
seconds() { # command...
  start=$(date +%s.%N); "$@" > /dev/null; end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

cat_times=""; verify_times=""
for i in $(seq 1 "$runs"); do
  cat_times="$cat_times $(seconds cat "$image")"
  verify_times="$verify_times $(seconds "$cli" verify "$dir/vcd700.cue")"
done
cat_s=$(echo $cat_times | tr ' ' '\n' | median)
verify_s=$(echo $verify_times | tr ' ' '\n' | median)

mb=$(echo "$bytes / 1000000" | bc -l)
printf 'image:  %s (%.0f MB, %s sectors)\n' "$image" "$mb" "$((bytes / 2352))"
printf 'cores:  %s\n' "$(nproc)"
printf 'cat:    %.3f s  %.0f MB/s   (median of %d)\n' "$cat_s" "$(echo "$mb / $cat_s" | bc -l)" "$runs"
printf 'verify: %.3f s  %.0f MB/s   (median of %d)\n' "$verify_s" "$(echo "$mb / $verify_s" | bc -l)" "$runs"
printf 'ratio:  verify runs at %.2f of cat speed\n' "$(echo "$cat_s / $verify_s" | bc -l)"
