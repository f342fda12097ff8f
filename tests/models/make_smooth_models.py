#!/usr/bin/python3
"""Train and export the small smooth-activation test networks (tests/models/smooth_*.onnx),
which nn2milp writes only as AMPL .nl (issue 6).

Regenerate (from the repository root) with Debian's python (onnx 1.12, torch 1.13, sklearn):

    /usr/bin/python3 tests/models/make_smooth_models.py

Deterministic: fixed seeds, torch single-threaded, deterministic algorithms.

Networks (fixed batch of 1):
  smooth_mlp      regression of sin(3x)cos(2y) + 0.3xy on [-1,1]^2:
                  Linear(2, 8) -> Sigmoid -> Linear(8, 8) -> Tanh -> Linear(8, 6) -> Softplus
                  -> Linear(6, 6) -> ReLU -> Linear(6, 1)                                 (opset 13)
  smooth_softmax  sklearn 8x8 digits, downsampled to 4x4 = 16 inputs:
                  Linear(16, 12) -> Tanh -> Linear(12, 4) -> Softmax (over the 4 classes 0-3)
                                                                                           (opset 13)
"""

import os
import sys

import numpy as np
import torch
import torch.nn as nn

from make_pwl_models import export
from model_utils import accuracy, digits, train  # also makes torch deterministic


class SmoothMlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(2, 8), nn.Sigmoid(),
            nn.Linear(8, 8), nn.Tanh(),
            nn.Linear(8, 6), nn.Softplus(),
            nn.Linear(6, 6), nn.ReLU(),
            nn.Linear(6, 1))

    def forward(self, x):
        return self.net(x)


class SoftmaxNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(16, 12)
        self.fc2 = nn.Linear(12, 4)

    def forward(self, x):
        return torch.softmax(self.fc2(torch.tanh(self.fc1(x))), dim=-1)


def main():
    rng = np.random.default_rng(21)
    xs = rng.uniform(-1, 1, size=(2000, 2)).astype(np.float32)
    ys = (np.sin(3 * xs[:, :1]) * np.cos(2 * xs[:, 1:]) + 0.3 * xs[:, :1] * xs[:, 1:]).astype(np.float32)
    torch.manual_seed(21)
    m = train(SmoothMlp(), torch.tensor(xs), torch.tensor(ys), nn.MSELoss(), epochs=60)
    with torch.no_grad():
        mse = nn.MSELoss()(m(torch.tensor(xs)), torch.tensor(ys)).item()
    print(f"smooth_mlp training MSE {mse:.4f} (target variance {ys.var():.4f})")
    export(m, (1, 2), "smooth_mlp", 13, ["Sigmoid", "Tanh", "Softplus", "Relu"])

    xtr, ytr, xte, yte = digits()
    def prep(x, y):  # classes 0-3, 2x2 average pooled to 4x4, flattened
        keep = y < 4
        return nn.functional.avg_pool2d(x[keep], 2).reshape(-1, 16), y[keep]
    xtr, ytr = prep(xtr, ytr)
    xte, yte = prep(xte, yte)
    torch.manual_seed(22)

    class Logits(nn.Module):  # trained on logits; the exported net ends in Softmax
        def __init__(self, net):
            super().__init__()
            self.net = net

        def forward(self, x):
            return self.net.fc2(torch.tanh(self.net.fc1(x)))
    net = SoftmaxNet()
    train(Logits(net), xtr, ytr, nn.CrossEntropyLoss(), epochs=30)
    net.eval()
    print(f"smooth_softmax test accuracy {accuracy(net, xte, yte):.3f}")
    export(net, (1, 16), "smooth_softmax", 13, ["Tanh", "Softmax"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
