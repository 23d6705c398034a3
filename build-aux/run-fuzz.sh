#!/bin/sh
# run-fuzz.sh [SECONDS|fixed] [TARGET…]
#
# Copyright 2026 The Nascent authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fuzzes every parser with libFuzzer, SECONDS each (default 30; six
# targets): sets up a clang build folder with
# -Dfuzzing=true (build-fuzz, or $NASCENT_FUZZ_BUILDDIR), builds the
# targets of tests/fuzz/, writes each one's seed corpus of small valid and
# damaged inputs, and runs it. TARGETs (idx, arch, search-config,
# checkpoint, nascell, store) limit the run to those. Exits non-zero if a
# target crashes, trips a sanitizer, leaks or times out; the input is left
# in the build folder as fuzz-TARGET-crash-*, -leak-*, -timeout-* or
# -oom-*, and the run's log as fuzz-TARGET.log. Each target keeps the
# corpus it grows in fuzz-TARGET-corpus for the next run. The mutations
# follow a fixed seed, $NASCENT_FUZZ_SEED (default 1); NASCENT_FUZZ_SEED=0
# lets libFuzzer pick one, for long exploratory runs.
#
# "fixed" instead of SECONDS is what the test command runs: a set number of
# executions per target (10–40 s each here), seed 1, from the seeds
# alone (a fresh corpus), so that a fast and a slow machine do the same
# amount of work along the same mutations. (libFuzzer is not bit for bit
# repeatable even so: two runs here ended with corpora a few inputs apart.)
set -eu

seconds=${1:-30}
[ $# -gt 0 ] && shift
fixed=false
if [ "$seconds" = fixed ]; then
  fixed=true
  seconds=900   # only a bound: the executions below end each run
fi

# Executions per target for "fixed": 10–40 s each on this 2-core box.
fixed_runs () {
  case $1 in
    idx) echo 800000 ;;
    arch) echo 400000 ;;
    search-config) echo 120000 ;;
    checkpoint) echo 40000 ;;
    nascell) echo 160000 ;;
    store) echo 10000 ;;
    *) echo 10000 ;;
  esac
}
targets=${*:-idx arch search-config checkpoint nascell store}
srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${NASCENT_FUZZ_BUILDDIR:-$srcdir/build-fuzz}
seed=${NASCENT_FUZZ_SEED:-1}

if [ ! -f "$builddir/build.ninja" ]; then
  CC=clang meson setup "$builddir" "$srcdir" -Dfuzzing=true
elif ! grep -q fuzz-idx "$builddir/build.ninja"; then
  meson configure "$builddir" -Dfuzzing=true
fi
set --
for t in $targets; do
  set -- "$@" "tests/fuzz/fuzz-$t"
done
ninja -C "$builddir" "$@"

# IDX files, plain and gzip; the other targets write their own seeds.
idx_seeds () {
  python3 - "$1" <<'PY'
import gzip, os, struct, sys

out = sys.argv[1]

def idx(dims, payload, typ=0x08):
    return bytes([0, 0, typ, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims) + payload

images = idx([3, 4, 5], bytes((i * 7) % 256 for i in range(60)))
labels = idx([10], bytes(i % 10 for i in range(10)))
seeds = {
    "images": images,
    "labels": labels,
    "images.gz": gzip.compress(images, mtime=0),
    "labels.gz": gzip.compress(labels, mtime=0),
    "truncated": images[:-1],
    "trailing": images + b"\0",
    "header-only": images[:16],
    "float": idx([3, 4, 5], bytes(240), typ=0x0D),
    "zero": idx([0, 28, 28], b""),
    "huge": idx([0x7FFFFFFF, 28, 28], b""),
    "overflow": idx([0xFFFFFFFF] * 3, b""),
    "big-claim.gz": gzip.compress(idx([1024, 1024, 1024], bytes(100)), mtime=0),
    "truncated.gz": gzip.compress(images, mtime=0)[:-8],
    "empty": b"",
}
for name, data in seeds.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
PY
}

status=0
for t in $targets; do
  exe="$builddir/tests/fuzz/fuzz-$t"
  seeds="$builddir/fuzz-$t-seeds"
  corpus="$builddir/fuzz-$t-corpus"
  log="$builddir/fuzz-$t.log"
  if $fixed; then
    corpus="$builddir/fuzz-$t-fixed-corpus"
    rm -rf "$corpus"
  fi
  rm -rf "$seeds"
  mkdir -p "$seeds" "$corpus"
  if [ "$t" = idx ]; then
    idx_seeds "$seeds"
  else
    NASCENT_FUZZ_SEEDS="$seeds" "$exe"
  fi
  extra=
  [ "$t" = nascell ] && extra="$srcdir/tests/nascell-cases"
  # -rss_limit_mb well above the IDX reader's 1 GiB payload limit, which a
  # valid gzip bomb may legitimately reach; -timeout catches a hang;
  # -max_len fits a small history (the store target skips more).
  runs=-1
  if $fixed; then
    runs=$(fixed_runs "$t")
    echo "== fuzz-$t, $runs executions"
  else
    echo "== fuzz-$t, $seconds s"
  fi
  if "$exe" -seed="$seed" -runs="$runs" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=3072 -max_len=65536 \
       -print_final_stats=1 -artifact_prefix="$builddir/fuzz-$t-" \
       "$corpus" "$seeds" $extra >"$log" 2>&1; then
    grep -E '^#[0-9]+.*DONE|stat::number_of_executed_units|stat::average_exec_per_sec' "$log" || true
  else
    status=1
    echo "fuzz-$t FAILED; its log: $log"
    tail -n 40 "$log"
  fi
done
exit $status
