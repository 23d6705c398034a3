#!/bin/sh
# conv-paths.sh: the direct convolution's wide tiles against the portable code (SSE tiles for
# at most 8 filters, im2col + OpenBLAS's sgemm above), interleaved, on this machine as it is
# and as an AVX2 machine would run (OpenBLAS's Haswell kernels, the AVX2 tiles where they run).
#
#   bench/conv-paths.sh CLI [ROUNDS] > report.md
#
# Copyright 2026 The Nascent authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
cli=$1
rounds=${2:-3}
nets=${NETS:-D,A,B,C,kaggle-mnist-bn,tf-tutorial}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for r in $(seq "$rounds"); do
  for side in portable wide; do
    if [ $side = wide ]; then w=; else w=0; fi
    NASCENT_CONV_WIDE=${w:-} "$cli" bench --nets "$nets" --batches 32,128 --seconds "${SECONDS_PER:-3}" --json >> "$out/native-$side"
    if [ $side = wide ]; then w=avx2; fi
    OPENBLAS_CORETYPE=Haswell NASCENT_CONV_WIDE=$w "$cli" bench --nets "$nets" --batches 32,128 --seconds "${SECONDS_PER:-3}" --json \
      >> "$out/avx2-$side"
  done
done
python3 - "$out" "$rounds" <<'PY'
import json, os, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def load(name):
    rows = [json.loads(l) for l in open(os.path.join(out, name)) if l.startswith("{")]
    by = {}
    for r in rows:
        by.setdefault((r["net"], r["batch"]), []).append(r)
    return by
print(f"Training images/s, {rounds} interleaved rounds, median ratio of the rounds (range).\n")
for kind, title in (("native", "This CPU: AVX-512 tiles vs portable (OpenBLAS's own kernels)"),
                    ("avx2", "As an AVX2 machine: AVX2 tiles vs portable (OpenBLAS's Haswell kernels)")):
    p, w = load(f"{kind}-portable"), load(f"{kind}-wide")
    print(f"### {title}\n")
    print("| net | batch | portable | wide | ratio | range |")
    print("|---|---|---|---|---|---|")
    for key in p:
        a = [r["train_img_s"] for r in p[key]]
        b = [r["train_img_s"] for r in w[key]]
        ratios = [y / x for x, y in zip(a, b)]
        print(f"| {key[0]} | {key[1]} | {statistics.median(a):.0f} | {statistics.median(b):.0f} | "
              f"{statistics.median(ratios):.2f} | {min(ratios):.2f}–{max(ratios):.2f} |")
    print()
PY
