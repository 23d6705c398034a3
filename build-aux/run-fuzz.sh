#!/bin/sh
# run-fuzz.sh [SECONDS]
#
# Copyright 2026 The Nascent authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fuzzes the IDX reader with libFuzzer for SECONDS (default 60): sets up a
# clang build folder with -Dfuzzing=true (build-fuzz, or $NASCENT_FUZZ_BUILDDIR),
# builds tests/fuzz-idx, writes a seed corpus of small valid and damaged IDX
# files (plain and gzip), and runs the target on it. Exits non-zero if the
# target crashes, trips a sanitizer, leaks or times out; the crashing input
# is left in the build folder (crash-*, leak-*, timeout-*).
set -eu

seconds=${1:-60}
srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${NASCENT_FUZZ_BUILDDIR:-$srcdir/build-fuzz}

if [ ! -f "$builddir/build.ninja" ]; then
  CC=clang meson setup "$builddir" "$srcdir" -Dfuzzing=true
else
  meson configure "$builddir" -Dfuzzing=true
fi
ninja -C "$builddir" tests/fuzz-idx

seeds="$builddir/fuzz-idx-seeds"
corpus="$builddir/fuzz-idx-corpus"
mkdir -p "$seeds" "$corpus"

python3 - "$seeds" <<'PY'
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

# -rss_limit_mb well above the reader's 1 GiB payload limit, which a valid
# gzip bomb may legitimately reach; -timeout catches a hang.
exec "$builddir/tests/fuzz-idx" \
  -max_total_time="$seconds" \
  -timeout=20 \
  -rss_limit_mb=3072 \
  -print_final_stats=1 \
  -artifact_prefix="$builddir/" \
  "$corpus" "$seeds"
