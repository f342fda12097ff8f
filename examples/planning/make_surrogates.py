#!/usr/bin/python3
"""Train the two surrogate networks of the planning example (examples/planning/README.md).

Run from anywhere with Debian's python (it has torch and onnx):

    /usr/bin/python3 examples/planning/make_surrogates.py

The "process" is a made-up reactor with two decisions, the feed rate F (t/day, 20..100) and the
temperature T (K, 300..400):

    product(F, T) = 0.9 F exp(-((T - 370) / 50)^2)          t/day of product
    purity(F, T)  = 1 - ((T - 320) / 150)^2 - 0.0005 F       mass fraction

Each network is a 2-16-16-1 ReLU MLP trained on 4096 samples of the box; the input scaling
((x - centre) / half-width) is part of the network, so the ONNX inputs are F and T in their own
units. Deterministic (fixed seeds, one thread): re-running reproduces the same weights.
Writes product.onnx and purity.onnx next to this script.
"""

import os

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
LO = np.array([20.0, 300.0], dtype=np.float32)
HI = np.array([100.0, 400.0], dtype=np.float32)


def product(x):
    return 0.9 * x[:, 0] * np.exp(-(((x[:, 1] - 370.0) / 50.0) ** 2))


def purity(x):
    return 1.0 - ((x[:, 1] - 320.0) / 150.0) ** 2 - 0.0005 * x[:, 0]


class Surrogate(torch.nn.Module):
    def __init__(self, scale_out):
        super().__init__()
        self.centre = torch.nn.Parameter(torch.tensor((LO + HI) / 2), requires_grad=False)
        self.halfw = torch.nn.Parameter(torch.tensor((HI - LO) / 2), requires_grad=False)
        self.scale_out = scale_out
        self.fc1 = torch.nn.Linear(2, 16)
        self.fc2 = torch.nn.Linear(16, 16)
        self.fc3 = torch.nn.Linear(16, 1)

    def forward(self, x):
        z = (x - self.centre) / self.halfw
        z = torch.relu(self.fc1(z))
        z = torch.relu(self.fc2(z))
        return self.fc3(z) * self.scale_out


def train(fn, scale_out, seed, name):
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    x = (LO + (HI - LO) * rng.random((4096, 2))).astype(np.float32)
    y = fn(x).astype(np.float32)[:, None]
    model = Surrogate(scale_out)
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    xt, yt = torch.tensor(x), torch.tensor(y)
    for step in range(3000):
        opt.zero_grad()
        loss = torch.mean((model(xt) - yt) ** 2)
        loss.backward()
        opt.step()
        if step == 2000:
            for g in opt.param_groups:
                g["lr"] = 0.002
    model.eval()
    with torch.no_grad():
        rmse = float(torch.sqrt(torch.mean((model(xt) - yt) ** 2)))
    print(f"{name}: training RMSE {rmse:.4g} (output range {y.min():.3g}..{y.max():.3g})")
    torch.onnx.export(model, torch.tensor(x[:1]), os.path.join(HERE, f"{name}.onnx"),
                      input_names=["decisions"], output_names=[name], opset_version=13)


if __name__ == "__main__":
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    train(product, 100.0, 1, "product")
    train(purity, 1.0, 2, "purity")
