#!/bin/sh
# Throughput of "spindle-cli convert" next to bchunk and cp of the same
# bytes, on a ~690 MB MODE1/2352 BIN (a genisoimage ISO of random data, each
# block put behind a sync pattern and a header by a few lines of Python) and
# a sheet of 6 FILEs (that BIN and 5 audio files of 40 MB):
#
#   ISO:    spindle-cli convert --to iso   bchunk BIN CUE     cp (the ISO's bytes)
#   merge:  spindle-cli convert --to bin   cat FILE... > BIN  (the same bytes)
#   split:  spindle-cli convert --to split bchunk -r (raw tracks)
#
# Every tool reads from the page cache and writes a new file in the same
# folder; the writes are flushed (sync) before each timed run, not in it.
# Prints the median of several runs and the ratios.
#
#   tests/bench/convert.sh [BUILD_DIR]     (default _build)
#
# The images are made once into $SPINDLE_BENCH_DIR/convert (default
# /tmp/spindle-bench/convert) and reused.
set -eu
cd "$(dirname "$0")/../.."
build=${1:-_build}
cli="$(pwd)/$build/src/cli/spindle-cli"
dir=${SPINDLE_BENCH_DIR:-/tmp/spindle-bench}/convert
runs=${RUNS:-5}
mkdir -p "$dir"
cd "$dir"

if [ ! -f mode1.cue ]; then
  echo "Making a ~690 MB Mode 1 BIN from a genisoimage ISO (once)…" >&2
  mkdir -p root
  head -c 600000000 /dev/urandom > root/big.dat
  genisoimage -quiet -R -o mode1.iso root
  rm -rf root
  python3 - <<'EOF'
SYNC = b'\x00' + b'\xff' * 10 + b'\x00'
def bcd(v): return (v // 10) << 4 | (v % 10)
with open('mode1.iso', 'rb') as f, open('mode1.bin', 'wb') as o:
    lba = 0
    while True:
        d = f.read(2048 * 1024)
        if not d:
            break
        out = bytearray()
        for i in range(0, len(d), 2048):
            a = lba + 150
            out += SYNC + bytes([bcd(a // 4500), bcd((a // 75) % 60), bcd(a % 75), 1]) + d[i:i + 2048] + bytes(288)
            lba += 1
        o.write(out)
EOF
  printf 'FILE "mode1.bin" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n' > mode1.cue
fi
if [ ! -f multi.cue ]; then
  echo "Making 5 audio files of 40 MB (once)…" >&2
  printf 'FILE "mode1.bin" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n' > multi.cue
  for t in 2 3 4 5 6; do
    head -c $((2352 * 17000)) /dev/urandom > "audio$t.bin"
    printf 'FILE "audio%s.bin" BINARY\n  TRACK %02d AUDIO\n    INDEX 00 00:00:00\n    INDEX 01 00:02:00\n' "$t" "$t" >> multi.cue
  done
fi

bin_bytes=$(stat -c %s mode1.bin)
iso_bytes=$(stat -c %s mode1.iso)
multi_bytes=$(( $(stat -c %s mode1.bin audio2.bin audio3.bin audio4.bin audio5.bin audio6.bin | paste -sd+) ))
cat mode1.bin mode1.iso audio*.bin > /dev/null   # into the page cache

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
clean() { rm -rf out; mkdir out; sync; }
seconds() { # command...
  clean
  start=$(date +%s.%N); "$@" > /dev/null 2>&1; end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
cat_multi() { cat mode1.bin audio2.bin audio3.bin audio4.bin audio5.bin audio6.bin > out/cat.bin; }

iso_s=""; bchunk_s=""; cp_iso_s=""; merge_s=""; cat_s=""; split_s=""; bchunk_r_s=""
for i in $(seq 1 "$runs"); do
  iso_s="$iso_s $(seconds "$cli" convert mode1.cue --to iso --output out/x.iso)"
  bchunk_s="$bchunk_s $(seconds bchunk mode1.bin mode1.cue out/bc)"
  cp_iso_s="$cp_iso_s $(seconds cp mode1.iso out/cp.iso)"
  merge_s="$merge_s $(seconds "$cli" convert multi.cue --to bin --output out/m.cue)"
  cat_s="$cat_s $(seconds cat_multi)"
  split_s="$split_s $(seconds "$cli" convert mode1.cue --to split --output out/s.cue)"
  bchunk_r_s="$bchunk_r_s $(seconds bchunk -r mode1.bin mode1.cue out/bcr)"
done
rm -rf out

m() { echo $1 | tr ' ' '\n' | median; }
iso=$(m "$iso_s"); bchunk=$(m "$bchunk_s"); cp_iso=$(m "$cp_iso_s")
merge=$(m "$merge_s"); catm=$(m "$cat_s"); split=$(m "$split_s"); bchunk_r=$(m "$bchunk_r_s")
mbps() { echo "$1 / 1000000 / $2" | bc -l; }

printf 'image:   %s (%.0f MB MODE1/2352; ISO %.0f MB), cores: %s, median of %d\n' "$dir/mode1.bin" \
  "$(echo "$bin_bytes / 1000000" | bc -l)" "$(echo "$iso_bytes / 1000000" | bc -l)" "$(nproc)" "$runs"
printf '\nBIN → ISO (reads %.0f MB, writes %.0f MB)\n' "$(echo "$bin_bytes / 1000000" | bc -l)" "$(echo "$iso_bytes / 1000000" | bc -l)"
printf '  spindle-cli convert --to iso  %6.3f s  %5.0f MB/s read\n' "$iso" "$(mbps "$bin_bytes" "$iso")"
printf '  bchunk                        %6.3f s  %5.0f MB/s read\n' "$bchunk" "$(mbps "$bin_bytes" "$bchunk")"
printf '  cp of the ISO                 %6.3f s  %5.0f MB/s\n' "$cp_iso" "$(mbps "$iso_bytes" "$cp_iso")"
printf '  ratios: spindle is %.2fx bchunk, %.2fx cp\n' "$(echo "$bchunk / $iso" | bc -l)" "$(echo "$cp_iso / $iso" | bc -l)"
printf '\n6 FILEs → one BIN (%.0f MB)\n' "$(echo "$multi_bytes / 1000000" | bc -l)"
printf '  spindle-cli convert --to bin  %6.3f s  %5.0f MB/s\n' "$merge" "$(mbps "$multi_bytes" "$merge")"
printf '  cat of the files              %6.3f s  %5.0f MB/s\n' "$catm" "$(mbps "$multi_bytes" "$catm")"
printf '  ratio: spindle is %.2fx cat\n' "$(echo "$catm / $merge" | bc -l)"
printf '\nBIN → one BIN per track (%.0f MB)\n' "$(echo "$bin_bytes / 1000000" | bc -l)"
printf '  spindle-cli convert --to split %5.3f s  %5.0f MB/s\n' "$split" "$(mbps "$bin_bytes" "$split")"
printf '  bchunk -r                     %6.3f s  %5.0f MB/s\n' "$bchunk_r" "$(mbps "$bin_bytes" "$bchunk_r")"
printf '  ratio: spindle is %.2fx bchunk -r\n' "$(echo "$bchunk_r / $split" | bc -l)"
