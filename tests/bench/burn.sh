#!/bin/sh
# Throughput of "spindle-cli burn" to libburn's stdio: pseudo-drive next to
# cdrskin and xorriso (libburn's own front ends) writing the same ~700 MB ISO
# (genisoimage, random data) to a stdio: target (xorriso with -nopad, so
# the bytes are the same), and cat of the same bytes into a file.
# All of them go through libburn's write loop to a file; spindle-cli also
# reads the image through the sector engine and writes through a temporary
# file it renames (and checks every sector of the image first, as before a
# real burn). A second line times spindle-cli burn --verify (written, then
# read back and compared).
#
# Every tool reads from the page cache and writes a new file in the same
# folder; the writes are flushed (sync) before each timed run, not in it.
# Prints the median of several runs and the ratios.
#
#   tests/bench/burn.sh [BUILD_DIR]     (default _build)
#
# The ISO is made once into $SPINDLE_BENCH_DIR/burn (default
# /tmp/spindle-bench/burn) and reused.
set -eu
cd "$(dirname "$0")/../.."
build=${1:-_build}
case $build in /*) ;; *) build="$(pwd)/$build" ;; esac
cli="$build/src/cli/spindle-cli"
dir=${SPINDLE_BENCH_DIR:-/tmp/spindle-bench}/burn
runs=${RUNS:-3}
mkdir -p "$dir"
cd "$dir"
dir=$(pwd)

for tool in cdrskin xorriso genisoimage bc setpriv; do
  command -v "$tool" > /dev/null || { echo "$tool is not installed" >&2; exit 77; }
done

if [ ! -f disc.iso ]; then
  echo "Making a ~700 MB ISO of random data with genisoimage (once)…" >&2
  mkdir -p root
  head -c 700000000 /dev/urandom > root/big.dat
  genisoimage -quiet -R -J -o disc.iso root
  rm -rf root
fi
bytes=$(stat -c %s disc.iso)
cat disc.iso > /dev/null   # into the page cache

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
# The out folder is writable by everyone because cdrskin may run as nobody.
clean() { rm -rf out; mkdir out; chmod 777 out; sync; }
seconds() { # command...
  clean
  start=$(date +%s.%N)
  "$@" > out/log 2>&1 || { echo "$1 failed:" >&2; tail -5 out/log >&2; exit 1; }
  end=$(date +%s.%N)
  # xorriso fills its last 32 KiB write up with zeros (12 KiB here), so the
  # ISO's bytes are compared and at most 32 KiB of zeros may follow them.
  size=$(stat -c %s out/x.iso)
  if ! cmp -s -n "$bytes" disc.iso out/x.iso || [ "$size" -lt "$bytes" ] || [ "$size" -gt $((bytes + 32768)) ] ||
     ! tail -c +$((bytes + 1)) out/x.iso | cmp -s - /dev/zero -n $((size - bytes)); then
    echo "$1 did not write the ISO's bytes" >&2; exit 1
  fi
  echo "$end - $start" | bc -l
}
# cat, not cp: cp copies with copy_file_range() inside the kernel, which no
# burning tool can, while cat reads and writes through user space as they do.
cat_iso() { cat disc.iso > out/x.iso; }
# cdrskin refuses a stdio: file as root unless /root/cdrskin_permissions
# exists (its guard against setuid use); rather than create that in root's
# home, run it as nobody, as a user would run it. Absolute paths: libburn
# resolves stdio: addresses itself.
cdrskin_run() {
  if [ "$(id -u)" = 0 ]; then
    setpriv --reuid=65534 --regid=65534 --clear-groups cdrskin "$@"
  else
    cdrskin "$@"
  fi
}

spindle_s=""; verify_s=""; cdrskin_s=""; xorriso_s=""; cat_s=""
for i in $(seq 1 "$runs"); do
  spindle_s="$spindle_s $(seconds "$cli" burn --drive "stdio:$dir/out/x.iso" disc.iso)"
  verify_s="$verify_s $(seconds "$cli" burn --verify --drive "stdio:$dir/out/x.iso" disc.iso)"
  cdrskin_s="$cdrskin_s $(seconds cdrskin_run --allow_emulated_drives -tao "dev=stdio:$dir/out/x.iso" disc.iso)"
  xorriso_s="$xorriso_s $(seconds xorriso -as cdrecord -nopad "dev=stdio:$dir/out/x.iso" disc.iso)"
  cat_s="$cat_s $(seconds cat_iso)"
done
rm -rf out

m() { echo $1 | tr ' ' '\n' | median; }
spindle=$(m "$spindle_s"); verify=$(m "$verify_s"); cdrskin=$(m "$cdrskin_s"); xorriso=$(m "$xorriso_s"); catt=$(m "$cat_s")
mbps() { echo "$bytes / 1000000 / $1" | bc -l; }

printf 'image: %s (%.0f MB), cores: %s, median of %d\n\n' "$dir/disc.iso" "$(echo "$bytes / 1000000" | bc -l)" \
  "$(nproc)" "$runs"
printf '  spindle-cli burn stdio:          %6.3f s  %5.0f MB/s\n' "$spindle" "$(mbps "$spindle")"
printf '  spindle-cli burn --verify stdio: %6.3f s  %5.0f MB/s (written and read back)\n' "$verify" "$(mbps "$verify")"
printf '  cdrskin -tao dev=stdio:          %6.3f s  %5.0f MB/s\n' "$cdrskin" "$(mbps "$cdrskin")"
printf '  xorriso -as cdrecord -nopad:     %6.3f s  %5.0f MB/s\n' "$xorriso" "$(mbps "$xorriso")"
printf '  cat > file                       %6.3f s  %5.0f MB/s\n' "$catt" "$(mbps "$catt")"
printf '  ratios: spindle is %.2fx cdrskin, %.2fx xorriso, %.2fx cat\n' "$(echo "$cdrskin / $spindle" | bc -l)" \
  "$(echo "$xorriso / $spindle" | bc -l)" "$(echo "$catt / $spindle" | bc -l)"
