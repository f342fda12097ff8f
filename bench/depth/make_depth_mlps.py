"""Generates the networks of the bound-strength-by-depth benchmark (bench/depth/run.sh).

depth_<D>.onnx, D = 2..8: MLPs 10 -> 16 x D (ReLU) -> 1 trained with torch (Adam, MSE, fixed
seeds, one thread) on sklearn's Friedman #1 regression data (10 inputs uniform on [0, 1], 5 of
them informative; inputs rescaled to [-1, 1], targets standardised). Run with /usr/bin/python3
(Debian's torch, onnx and sklearn):

    /usr/bin/python3 bench/depth/make_depth_mlps.py bench/depth/models

Prints the held-out MSE of each network (standardised targets; a constant predictor gives ~1).
"""

import os
import sys

import numpy as np
import torch
from sklearn.datasets import make_friedman1
from sklearn.model_selection import train_test_split

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

WIDTH = 16
DEPTHS = range(2, 9)


def data():
    x, y = make_friedman1(n_samples=4000, n_features=10, noise=0.5, random_state=0)
    x = (2 * x - 1).astype(np.float32)
    y = ((y - y.mean()) / y.std()).astype(np.float32).reshape(-1, 1)
    xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.25, random_state=0)
    return [torch.tensor(a) for a in (xtr, ytr, xte, yte)]


def mlp(depth):
    layers, width_in = [], 10
    for _ in range(depth):
        layers += [torch.nn.Linear(width_in, WIDTH), torch.nn.ReLU()]
        width_in = WIDTH
    layers.append(torch.nn.Linear(width_in, 1))
    return torch.nn.Sequential(*layers)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "models")
    os.makedirs(out, exist_ok=True)
    xtr, ytr, xte, yte = data()
    for depth in DEPTHS:
        torch.manual_seed(depth)
        model = mlp(depth)
        opt = torch.optim.Adam(model.parameters(), lr=3e-3)
        g = torch.Generator().manual_seed(depth)
        for _ in range(60):
            perm = torch.randperm(len(xtr), generator=g)
            for i in range(0, len(xtr), 64):
                idx = perm[i:i + 64]
                opt.zero_grad()
                torch.nn.functional.mse_loss(model(xtr[idx]), ytr[idx]).backward()
                opt.step()
        model.eval()
        with torch.no_grad():
            mse = torch.nn.functional.mse_loss(model(xte), yte).item()
        path = os.path.join(out, f"depth_{depth}.onnx")
        torch.onnx.export(model, torch.zeros(1, 10), path, opset_version=13,
                          input_names=["x"], output_names=["y"])
        print(f"depth_{depth}: test MSE {mse:.4f} -> {path}")


if __name__ == "__main__":
    main()
