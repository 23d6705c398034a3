#!/usr/bin/python3
# compare-pytorch.py
#
# Copyright 2026 The Nascent authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Trains the benchmark nets A, B, C and D in PyTorch and in Nascent on the
# same random 1x28x28 batches with the same optimizer, and prints both
# training throughputs and their ratio in one table. Not part of the test
# suite: timings on a shared machine are noisy, so both sides run back to
# back, per net and batch, in one invocation; with --rounds N they
# alternate N times and the table gives the medians, the ratio being the
# median of the N per-round ratios (with their range).
#
#   /usr/bin/python3 bench/compare-pytorch.py [path/to/nascent-cli]
#       [--nets A,B,C,D] [--batches 32,128] [--seconds 3] [--threads 2]
#       [--opt adam|sgd] [--rounds 1] [--markdown]

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


def net_d():
    # Conv and dense layers without bias before batch normalisation, as
    # Nascent builds them (the shift β replaces the bias); PyTorch's
    # defaults are Nascent's: momentum 0.1, eps 1e-5.
    def conv_bn(c_in, c_out):
        return [nn.Conv2d(c_in, c_out, 3, padding=1, bias=False),
                nn.BatchNorm2d(c_out, eps=1e-5, momentum=0.1), nn.ReLU()]

    return nn.Sequential(
        *conv_bn(1, 32), *conv_bn(32, 32), nn.MaxPool2d(2),
        *conv_bn(32, 64), *conv_bn(64, 64), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 256, bias=False),
        nn.BatchNorm1d(256, eps=1e-5, momentum=0.1), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(256, 10))


NETS = {"A": net_a, "B": net_b, "C": net_c, "D": net_d}
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


def nascent_bench(cli, name, batch, args):
    out = subprocess.run([cli, "bench", "--json", "--nets", name, "--batches", str(batch),
                          "--seconds", str(args.seconds), "--threads", str(args.threads),
                          "--opt", args.opt],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("cli", nargs="?", help="path of nascent-cli (default: the first build*/ that has one)")
    parser.add_argument("--nets", default="A,B,C,D")
    parser.add_argument("--batches", default="32,128")
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--opt", default="adam", choices=["adam", "sgd"])
    parser.add_argument("--rounds", type=int, default=1,
                        help="alternate PyTorch and Nascent this many times per net and batch")
    parser.add_argument("--markdown", action="store_true", help="print the table in Markdown")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")

    torch.set_num_threads(args.threads)
    cli = find_cli(args.cli)
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads; {cli}; optimizer {args.opt}; "
          f"{args.rounds} round(s); load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    columns = ["net", "batch", "torch train", "nascent train", "ratio", "range",
               "torch eval", "nascent eval", "ratio", "GFLOP/s"]
    widths = [4, 5, 12, 14, 6, 11, 11, 13, 6, 8]
    if args.markdown:
        print("| " + " | ".join(columns) + " |")
        print("|" + "---|" * len(columns))
    else:
        header = " ".join(f"{c:{'' if i == 0 else '>'}{w}}" for i, (c, w) in enumerate(zip(columns, widths)))
        print(header)
        print("-" * len(header))
    for name in args.nets.split(","):
        for batch in (int(b) for b in args.batches.split(",")):
            rounds = []
            for _ in range(args.rounds):
                t_train, t_eval = torch_bench(name, batch, args.opt, args.seconds)
                r = nascent_bench(cli, name, batch, args)
                rounds.append((t_train, t_eval, r["train_img_s"], r["eval_img_s"], r["gflops"]))
            train_ratios = [n / t for t, _, n, _, _ in rounds]
            eval_ratios = [n / t for _, t, _, n, _ in rounds]
            cells = [name, str(batch),
                     f"{statistics.median(x[0] for x in rounds):.0f}",
                     f"{statistics.median(x[2] for x in rounds):.0f}",
                     f"{statistics.median(train_ratios):.2f}",
                     f"{min(train_ratios):.2f}–{max(train_ratios):.2f}",
                     f"{statistics.median(x[1] for x in rounds):.0f}",
                     f"{statistics.median(x[3] for x in rounds):.0f}",
                     f"{statistics.median(eval_ratios):.2f}",
                     f"{statistics.median(x[4] for x in rounds):.1f}"]
            if args.markdown:
                print("| " + " | ".join(cells) + " |", flush=True)
            else:
                print(" ".join(f"{c:{'' if i == 0 else '>'}{w}}" for i, (c, w) in enumerate(zip(cells, widths))),
                      flush=True)


if __name__ == "__main__":
    main()
