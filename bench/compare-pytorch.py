#!/usr/bin/python3
# compare-pytorch.py
#
# Copyright 2026 The Nascent authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Trains the benchmark nets A, B and C (issue 3) in PyTorch and in Nascent on
# the same random 1x28x28 batches with the same optimizer, and prints both
# training throughputs and their ratio in one table. Not part of the test
# suite: timings on a shared machine are noisy, so both sides run back to
# back, per net and batch, in one invocation.
#
#   /usr/bin/python3 bench/compare-pytorch.py [path/to/nascent-cli]
#       [--nets A,B,C] [--batches 32,128] [--seconds 3] [--threads 2]
#       [--opt adam|sgd]

import os

# Before torch is imported: its OpenBLAS threads would fight its own.
os.environ["OPENBLAS_NUM_THREADS"] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import torch  # noqa: E402
from torch import nn  # noqa: E402


def net_a():
    # Keras mnist_cnn: conv 3x3x32 valid, conv 3x3x64 valid, pool 2,
    # dropout .25, dense 128, dropout .5, dense 10.
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(),
        nn.Conv2d(32, 64, 3), nn.ReLU(),
        nn.MaxPool2d(2), nn.Dropout(0.25), nn.Flatten(),
        nn.Linear(9216, 128), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(128, 10))


def net_b():
    return nn.Sequential(
        nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 10))


def net_c():
    return nn.Sequential(
        nn.Conv2d(1, 10, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(10 * 13 * 13, 10))


NETS = {"A": net_a, "B": net_b, "C": net_c}
RUNS = 5
POOL_BATCHES = 4


def timed_run(step, batches, seconds):
    steps = 0
    start = time.perf_counter()
    while True:
        step(*batches[steps % len(batches)])
        steps += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds and steps >= 2:
            return steps * batches[0][0].shape[0] / elapsed


def torch_bench(name, batch, opt_name, seconds):
    torch.manual_seed(1)
    model = net = NETS[name]()
    loss_fn = nn.CrossEntropyLoss()
    if opt_name == "adam":
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    else:
        opt = torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
    batches = [(torch.rand(batch, 1, 28, 28), torch.randint(0, 10, (batch,)))
               for _ in range(POOL_BATCHES)]

    def train_step(x, y):
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()

    def eval_step(x, y):
        with torch.no_grad():
            net(x)

    model.train()
    timed_run(train_step, batches, min(0.3, seconds / 10))
    train = statistics.median(timed_run(train_step, batches, seconds * 2 / 3 / RUNS) for _ in range(RUNS))
    model.eval()
    evaluation = statistics.median(timed_run(eval_step, batches, seconds / 3 / RUNS) for _ in range(RUNS))
    return train, evaluation


def find_cli(given):
    if given:
        return given
    here = os.path.dirname(os.path.abspath(__file__))
    for build in sorted(os.listdir(os.path.join(here, ".."))):
        path = os.path.join(here, "..", build, "src", "cli", "nascent-cli")
        if build.startswith("build") and os.access(path, os.X_OK):
            return os.path.normpath(path)
    sys.exit("compare-pytorch.py: nascent-cli not found; pass its path")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("cli", nargs="?", help="path of nascent-cli (default: the first build*/ that has one)")
    parser.add_argument("--nets", default="A,B,C")
    parser.add_argument("--batches", default="32,128")
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--opt", default="adam", choices=["adam", "sgd"])
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    cli = find_cli(args.cli)
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads; {cli}; optimizer {args.opt}")
    header = f"{'net':4} {'batch':>5} {'torch train':>12} {'nascent train':>14} {'ratio':>6} " \
             f"{'torch eval':>11} {'nascent eval':>13} {'ratio':>6} {'GFLOP/s':>8}"
    print(header)
    print("-" * len(header))
    for name in args.nets.split(","):
        for batch in (int(b) for b in args.batches.split(",")):
            t_train, t_eval = torch_bench(name, batch, args.opt, args.seconds)
            out = subprocess.run([cli, "bench", "--json", "--nets", name, "--batches", str(batch),
                                  "--seconds", str(args.seconds), "--threads", str(args.threads),
                                  "--opt", args.opt],
                                 check=True, capture_output=True, text=True).stdout
            r = json.loads(out.strip().splitlines()[-1])
            print(f"{name:4} {batch:5} {t_train:12.0f} {r['train_img_s']:14.0f} {r['train_img_s'] / t_train:6.2f} "
                  f"{t_eval:11.0f} {r['eval_img_s']:13.0f} {r['eval_img_s'] / t_eval:6.2f} {r['gflops']:8.1f}",
                  flush=True)


if __name__ == "__main__":
    main()
