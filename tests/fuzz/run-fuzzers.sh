#!/bin/sh
# run-fuzzers.sh: runs each libFuzzer target for a set time and prints what
# it did: executions, rate, coverage (libFuzzer's "cov", edges of the core
# reached, and "ft", features), corpus size, and crashes found.
#
#   tests/fuzz/run-fuzzers.sh [-C BUILD_DIR] [SECONDS] [TARGET...]
#
# BUILD_DIR defaults to _build-fuzz, made with
#   CC=clang meson setup _build-fuzz -Dfuzzing=true \
#     -Db_sanitize=address,undefined -Db_lundef=false -Dapp=disabled
# SECONDS (default 60) is per target; TARGETs default to all of them.
#
# Each target starts from its seed corpus (tests/fuzz/corpus/TARGET, never
# written to) and from what earlier runs found (BUILD_DIR/fuzz-work/TARGET/
# corpus). Crashing inputs land in BUILD_DIR/fuzz-work/TARGET/ as crash-*,
# timeout-* (an input that takes over 10 s) or oom-*; copy each to
# tests/fuzz/regressions/TARGET/ once it is fixed, so `meson test` replays it.
# Runs under nice -n 19: fuzzing takes whatever CPU is idle.
#
# Copyright 2026 The Spindle authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$root/_build-fuzz

if [ "${1:-}" = "-C" ]; then
  build=$(cd "$2" && pwd)
  shift 2
fi
seconds=60
case "${1:-}" in
  ''|*[!0-9]*) ;;
  *) seconds=$1; shift ;;
esac
targets=${*:-cue toc probe sector subq cdtext filesystem}

# Per target: the longest input worth trying. Sheets: room to grow well
# past the seeds; images: the 64 KiB head sp_probe_format() looks at;
# sectors: 2352 bytes + position + options.
max_len () {
  case "$1" in
    cue|toc) echo 16384 ;;
    probe) echo 65536 ;;
    sector) echo 2358 ;;
    subq) echo 96 ;;
    cdtext) echo 4096 ;;
    filesystem) echo 262144 ;;
    *) echo 4096 ;;
  esac
}

printf '%-11s %7s %12s %9s %6s %7s %7s %8s\n' target seconds executions exec/s cov ft corpus crashes
status=0
for t in $targets; do
  exe=$build/tests/fuzz/fuzz-$t
  if [ ! -x "$exe" ]; then
    printf '%-11s not built (%s)\n' "$t" "$exe"
    continue
  fi
  work=$build/fuzz-work/$t
  mkdir -p "$work/corpus"
  dict=""
  [ -f "$here/$t.dict" ] && dict="-dict=$here/$t.dict"
  log=$work/last-run.log

  start=$(date +%s)
  # -timeout: one input running 10 s is a hang; -rss_limit_mb: a bound on
  # memory, so an input that makes the core allocate without end is found.
  # shellcheck disable=SC2086
  nice -n 19 "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len="$(max_len "$t")" -print_final_stats=1 -artifact_prefix="$work/" $dict \
    "$work/corpus" "$here/corpus/$t" >"$log" 2>&1 || status=1
  elapsed=$(( $(date +%s) - start ))

  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
  ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
  corpus=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
  crashes=$(find "$work" -maxdepth 1 \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
  printf '%-11s %7s %12s %9s %6s %7s %7s %8s\n' "$t" "$elapsed" "${execs:-?}" "${rate:-?}" \
    "${cov:-?}" "${ft:-?}" "${corpus:-?}" "$crashes"
  if grep -q 'ERROR: \|==ERROR\|deadly signal\|runtime error' "$log"; then
    echo "  $t: a crash; see $log"
    status=1
  fi
done
exit $status
