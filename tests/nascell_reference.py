#!/usr/bin/python3
# nascell_reference.py
#
# Copyright 2026 The Nascent authors
#
# SPDX-License-Identifier: GPL-3.0-or-later

"""Independent numpy reference of TensorFlow's NASCell (its equations are in DESIGN.md).

Writes the case inputs to tests/nascell-cases/NAME.json (the format of
`nascent-cli nascell`) and the expected outputs of every case to
tests/nascell-fixture.json. The C tests compare against the fixture, so
python is needed only to regenerate it:

    /usr/bin/python3 tests/nascell_reference.py

Inputs are drawn in float32 and computed in float64, so the fixture holds
the exact answer for exactly the numbers the C code reads; only the C
side's float32 rounding remains (well below the 1e-5 tolerance).
This is a transcription of tf.contrib.rnn.NASCell.call, not of our C code.
"""

import json
import os

import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def nascell_step(x, c_prev, m_prev, kernel, recurrent_kernel, bias, projection):
    num_units = c_prev.shape[0]
    m_matrix = m_prev @ recurrent_kernel
    if bias is not None:
        m_matrix = m_matrix + bias
    inputs_matrix = x @ kernel
    ms = np.split(m_matrix, 8)
    xs = np.split(inputs_matrix, 8)
    assert all(part.shape == (num_units,) for part in ms + xs)

    layer1_0 = sigmoid(xs[0] + ms[0])
    layer1_1 = np.maximum(xs[1] + ms[1], 0.0)
    layer1_2 = sigmoid(xs[2] + ms[2])
    layer1_3 = np.maximum(xs[3] * ms[3], 0.0)
    layer1_4 = np.tanh(xs[4] + ms[4])
    layer1_5 = sigmoid(xs[5] + ms[5])
    layer1_6 = np.tanh(xs[6] + ms[6])
    layer1_7 = sigmoid(xs[7] + ms[7])

    l2_0 = np.tanh(layer1_0 * layer1_1)
    l2_1 = np.tanh(layer1_2 + layer1_3)
    l2_2 = np.tanh(layer1_4 * layer1_5)
    l2_3 = sigmoid(layer1_6 + layer1_7)

    l2_0 = np.tanh(l2_0 + c_prev)          # inject the cell

    new_c = l2_0 * l2_1
    l3_1 = np.tanh(l2_2 + l2_3)
    new_m = np.tanh(new_c * l3_1)
    if projection is not None:
        new_m = new_m @ projection
    return new_c, new_m


def f32(rng, shape, scale):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def make_case(rng, d, n, num_proj, use_bias, steps):
    p = num_proj if num_proj is not None else n
    glorot = lambda fan_in, fan_out: np.sqrt(6.0 / (fan_in + fan_out)) / np.sqrt(3.0)
    case = {
        "units": n,
        "num_proj": num_proj,
        "use_bias": use_bias,
        "kernel": f32(rng, (d, 8 * n), glorot(d, 8 * n) * 3.0),
        "recurrent_kernel": f32(rng, (p, 8 * n), glorot(p, 8 * n) * 3.0),
        "bias": f32(rng, (8 * n,), 0.5),
        "inputs": f32(rng, (steps, d), 1.0),
        "c0": f32(rng, (n,), 1.0),
        "m0": f32(rng, (p,), 1.0),
    }
    if num_proj is not None:
        case["projection"] = f32(rng, (n, num_proj), glorot(n, num_proj) * 3.0)
    return case


def run_case(case):
    as64 = lambda key: None if case.get(key) is None else np.asarray(case[key], np.float64)
    bias = as64("bias") if case["use_bias"] else None
    projection = as64("projection") if case["num_proj"] is not None else None
    c, m = as64("c0"), as64("m0")
    cs, ms = [], []
    for x in as64("inputs"):
        c, m = nascell_step(x, c, m, as64("kernel"), as64("recurrent_kernel"), bias, projection)
        cs.append(c.tolist())
        ms.append(m.tolist())
    return {"m": ms, "c": cs}


def to_json(value):
    if isinstance(value, np.ndarray):
        return value.astype(np.float64).tolist()   # float32 values, exactly
    return value


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    os.makedirs(os.path.join(here, "nascell-cases"), exist_ok=True)
    rng = np.random.default_rng(20260428)
    specs = [
        # name,            d, N, num_proj, use_bias, T
        ("plain",          3, 4, None,     False,    5),
        ("bias",           3, 4, None,     True,     5),
        ("proj",           2, 5, 3,        False,    4),
        ("bias-proj",      4, 6, 2,        True,     6),
        ("one-step",       1, 2, None,     True,     1),
    ]
    fixture = {"cases": []}
    for name, d, n, num_proj, use_bias, steps in specs:
        case = {k: to_json(v) for k, v in make_case(rng, d, n, num_proj, use_bias, steps).items()}
        rel = os.path.join("nascell-cases", name + ".json")
        with open(os.path.join(here, rel), "w") as f:
            json.dump(case, f, indent=1)
            f.write("\n")
        expected = run_case(case)
        fixture["cases"].append({"name": name, "file": rel, **expected})
    with open(os.path.join(here, "nascell-fixture.json"), "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
