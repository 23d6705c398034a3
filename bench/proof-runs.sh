#!/bin/sh
# proof-runs.sh: the 10-epoch, 3-seed trainings that show what the search space holds.
#
# Copyright 2026 The Nascent authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Trains hand-picked members of the space and the hand-designed baselines with one recipe
# (Adam 1e-3, cosine decay to 0, batch 128, 10 epochs, the last epoch's result) and writes
# one JSON report per (dataset, network, seed) under bench/results/proof/. A report that
# exists is not trained again, so the script resumes where a killed run stopped; a report
# is written to a temporary name and renamed, so a killed training leaves nothing behind.
# bench/proof-report.py turns the reports into bench/results/proof-runs.md.
#
#   bench/proof-runs.sh [BUILD-DIR]          (default: build)
#   NASCENT_PROOF_THREADS=2 NASCENT_PROOF_PLAN="mnist:kaggle-mnist-bn:1 …" bench/proof-runs.sh
set -eu

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
cli="$build/src/cli/nascent-cli"
out="$here/results/proof"
threads=${NASCENT_PROOF_THREADS:-2}

if [ ! -x "$cli" ]; then
    echo "proof-runs.sh: $cli not found; build first (meson setup $build && ninja -C $build)" >&2
    exit 2
fi
mkdir -p "$out"

default_plan=""
for dataset in mnist fashion-mnist; do
    for arch in kaggle-mnist-bn keras-mnist tf-tutorial keras-mnist-bn; do
        for seed in 1 2 3; do
            default_plan="$default_plan $dataset:$arch:$seed"
        done
    done
done
plan=${NASCENT_PROOF_PLAN:-$default_plan}

for item in $plan; do
    dataset=${item%%:*}
    rest=${item#*:}
    arch=${rest%%:*}
    seed=${rest#*:}
    report="$out/$dataset-$arch-s$seed.json"
    [ -s "$report" ] && continue
    echo "proof-runs.sh: $dataset $arch seed $seed ($(date -u +%H:%M:%S))" >&2
    "$cli" train --arch "$arch" --dataset "$dataset" --epochs 10 --batch-size 128 \
                 --schedule cosine --seed "$seed" --validate-epochs --threads "$threads" \
                 --quiet --json > "$report.tmp"
    mv "$report.tmp" "$report"
done
