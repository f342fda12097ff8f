#!/usr/bin/python3
"""Train and export the small piecewise-linear test networks (tests/models/pwl_*.onnx).

Regenerate (from the repository root) with Debian's python, the only interpreter that has
onnx 1.12, torch 1.13 and scikit-learn:

    /usr/bin/python3 tests/models/make_pwl_models.py
    /usr/bin/python3 tests/models/check_pwl_models.py   # onnxruntime vs `nn2milp eval`

Deterministic: fixed seeds, torch single-threaded, deterministic algorithms.

Networks (fixed batch of 1; nn2milp needs static shapes):
  pwl_digits_cnn  sklearn 8x8 digits: Conv(1->4, 3x3, pad 1) -> LeakyReLU(0.05) -> MaxPool2d(2)
                  -> Flatten -> Linear(64, 16) -> ReLU6 (Clip 0..6) -> Linear(16, 10)   (opset 13)
  pwl_mlp         regression of sin(3x)cos(2y) + 0.3xy on [-1,1]^2:
                  Linear(2, 12) -> LeakyReLU(0.1) -> Linear(12, 12) -> PReLU(12 learned slopes)
                  -> Linear(12, 8) -> Hardtanh(-1, 1) (Clip) -> Linear(8, 1)              (opset 11)
  pwl_maxmin      regression on [-1,1]^3: two Linear(3, 6) branches a, b;
                  h = torch.maximum(a, b) (Max); g = Linear(6, 6)(h);
                  y = Linear(6, 2)(torch.minimum(abs(g), 1.5 + g))  (Abs, Min)             (opset 17)
"""

import os
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn

from model_utils import accuracy, digits, train  # also makes torch deterministic

HERE = os.path.dirname(os.path.abspath(__file__))


def export(model, shape, name, opset, expect_ops):
    path = os.path.join(HERE, name + ".onnx")
    torch.onnx.export(model, torch.zeros(shape), path, opset_version=opset, do_constant_folding=True,
                      input_names=["input"], output_names=["output"])
    m = onnx.load(path)
    onnx.checker.check_model(m, full_check=True)
    ops = sorted({n.op_type for n in m.graph.node})
    for op in expect_ops:
        assert op in ops, (name, op, ops)
    size = os.path.getsize(path)
    assert size < 100_000, (name, size)
    print(f"{name}: opset {opset}, {size} bytes, ops {', '.join(ops)}")
    return ops


class DigitsCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.act = nn.LeakyReLU(0.05)
        self.pool = nn.MaxPool2d(2)
        self.fc1 = nn.Linear(4 * 4 * 4, 16)
        self.relu6 = nn.ReLU6()
        self.fc2 = nn.Linear(16, 10)

    def forward(self, x):
        x = self.pool(self.act(self.conv(x)))
        return self.fc2(self.relu6(self.fc1(torch.flatten(x, 1))))


class PwlMlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(2, 12), nn.LeakyReLU(0.1),
            nn.Linear(12, 12), nn.PReLU(12, init=0.2),
            nn.Linear(12, 8), nn.Hardtanh(-1.0, 1.0),
            nn.Linear(8, 1))

    def forward(self, x):
        return self.net(x)


class MaxMinNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = nn.Linear(3, 6)
        self.b = nn.Linear(3, 6)
        self.g = nn.Linear(6, 6)
        self.out = nn.Linear(6, 2)

    def forward(self, x):
        h = torch.maximum(self.a(x), self.b(x))
        g = self.g(h)
        return self.out(torch.minimum(torch.abs(g), g + 1.5))


def main():
    xtr, ytr, xte, yte = digits()
    torch.manual_seed(11)
    m = train(DigitsCnn(), xtr, ytr, nn.CrossEntropyLoss(), epochs=15)
    print(f"pwl_digits_cnn test accuracy {accuracy(m, xte, yte):.3f}")
    export(m, (1, 1, 8, 8), "pwl_digits_cnn", 13, ["Conv", "LeakyRelu", "MaxPool", "Clip", "Gemm"])

    rng = np.random.default_rng(12)
    xs = rng.uniform(-1, 1, size=(2000, 2)).astype(np.float32)
    ys = (np.sin(3 * xs[:, :1]) * np.cos(2 * xs[:, 1:]) + 0.3 * xs[:, :1] * xs[:, 1:]).astype(np.float32)
    torch.manual_seed(12)
    m = train(PwlMlp(), torch.tensor(xs), torch.tensor(ys), nn.MSELoss(), epochs=60)
    with torch.no_grad():
        mse = nn.MSELoss()(m(torch.tensor(xs)), torch.tensor(ys)).item()
        slopes = m.net[3].weight.numpy()
    print(f"pwl_mlp training MSE {mse:.4f} (target variance {ys.var():.4f}); "
          f"PReLU slopes in [{slopes.min():.3f}, {slopes.max():.3f}]")
    export(m, (1, 2), "pwl_mlp", 11, ["LeakyRelu", "PRelu", "Clip"])

    rng = np.random.default_rng(13)
    xs = rng.uniform(-1, 1, size=(2000, 3)).astype(np.float32)
    ys = np.stack([np.abs(xs[:, 0] - xs[:, 1]) + np.maximum(xs[:, 2], 0),
                   np.minimum(xs[:, 0], xs[:, 2]) - 0.5 * xs[:, 1]], axis=1).astype(np.float32)
    torch.manual_seed(13)
    m = train(MaxMinNet(), torch.tensor(xs), torch.tensor(ys), nn.MSELoss(), epochs=60)
    with torch.no_grad():
        mse = nn.MSELoss()(m(torch.tensor(xs)), torch.tensor(ys)).item()
    print(f"pwl_maxmin training MSE {mse:.4f} (target variance {ys.var(axis=0).mean():.4f})")
    export(m, (1, 3), "pwl_maxmin", 17, ["Max", "Min", "Abs"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
