#!/usr/bin/python3
"""Generate the numerics test networks (issue #9): digits MLPs trained with weight decay, so that
float32 denormal weights appear the way they do in real exports.

Run from the repository root with Debian's python (torch 1.13, onnx 1.12, scikit-learn):

    /usr/bin/python3 tests/models/make_numerics_models.py

Why denormals appear: with SGD's (coupled) weight decay, a weight that gets no gradient -- an
input pixel that is 0 in every training image, or a hidden neuron that never fires -- shrinks
geometrically, w <- (1 - lr*wd) w (faster with momentum), through the float32 normal range
(>= 1.18e-38) into the denormals (down to 1.4e-45) before it reaches 0. Training stops at the
first epoch (after a minimum) whose weights hold at least MIN_DENORMALS denormals; the script
checks the exported ONNX initializers and fails if they do not contain them.

Outputs:
  tests/models/numerics_wd_mlp.onnx   64-32-16-10, SGD + momentum + weight decay
  tests/models/numerics_wd_deep.onnx  64-24-24-24-10, the same recipe, one more ReLU layer
  tests/models/numerics_injected.onnx tests/golden/denormal_cleanup/model.onnx.txt (weights 1e-30
                                      and 2^-149 injected) as binary ONNX, so that the e2e
                                      exactness test runs it through onnxruntime and the solvers
Deterministic: fixed seeds, one thread, deterministic algorithms.
"""

import io
import os
import sys

import numpy as np
import onnx
import onnx.parser
from onnx import numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model_utils import torch  # noqa: E402  (model_utils makes torch deterministic)

HERE = os.path.dirname(os.path.abspath(__file__))
FLT_MIN = np.float32(1.1754943508222875e-38)  # smallest normal float32
MIN_DENORMALS = 20


def digits_flat():
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    d = load_digits()
    x = (d.data / 16.0).astype(np.float32)
    y = d.target.astype(np.int64)
    xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.25, random_state=0, stratify=y)
    return (torch.tensor(xtr), torch.tensor(ytr), torch.tensor(xte), torch.tensor(yte))


def count_denormals(model):
    n = 0
    for p in model.parameters():
        a = np.abs(p.detach().numpy())
        n += int(((a > 0) & (a < FLT_MIN)).sum())
    return n


def train_until_denormals(model, xtr, ytr, seed, lr, wd, max_epochs, min_epochs):
    torch.manual_seed(seed)
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, weight_decay=wd)
    loss_fn = torch.nn.CrossEntropyLoss()
    for epoch in range(1, max_epochs + 1):
        model.train()
        perm = torch.randperm(len(xtr), generator=g)
        for i in range(0, len(xtr), 64):
            idx = perm[i:i + 64]
            opt.zero_grad()
            loss_fn(model(xtr[idx]), ytr[idx]).backward()
            opt.step()
        if epoch >= min_epochs and count_denormals(model) >= MIN_DENORMALS:
            model.eval()
            return epoch
    model.eval()
    return max_epochs


def export(model, path):
    buf = io.BytesIO()
    torch.onnx.export(model, torch.zeros(1, 64), buf, opset_version=13,
                      input_names=["pixels"], output_names=["logits"])
    m = onnx.load_from_string(buf.getvalue())
    m.producer_name = "pytorch"
    onnx.checker.check_model(m, full_check=True)
    denormals = tiny = 0
    for t in m.graph.initializer:
        a = np.abs(numpy_helper.to_array(t).astype(np.float32))
        denormals += int(((a > 0) & (a < FLT_MIN)).sum())
        tiny += int(((a > 0) & (a < 1e-20)).sum())
    if denormals < MIN_DENORMALS:
        sys.exit(f"{path}: only {denormals} float32 denormal weights in the ONNX file")
    with open(path, "wb") as f:
        f.write(m.SerializeToString())
    return denormals, tiny


def make(name, hidden, seed):
    torch.manual_seed(seed)
    nn = torch.nn
    layers, width = [], 64
    for h in hidden:
        layers += [nn.Linear(width, h), nn.ReLU()]
        width = h
    layers.append(nn.Linear(width, 10))
    model = nn.Sequential(*layers)
    xtr, ytr, xte, yte = digits_flat()
    epochs = train_until_denormals(model, xtr, ytr, seed, lr=0.05, wd=0.02, max_epochs=600,
                                   min_epochs=30)
    with torch.no_grad():
        acc = (model(xte).argmax(1) == yte).float().mean().item()
    path = os.path.join(HERE, f"{name}.onnx")
    denormals, tiny = export(model, path)
    print(f"  wrote {name}.onnx: {epochs} epochs, test accuracy {acc:.4f}, "
          f"{denormals} float32 denormal weights, {tiny} weights below 1e-20")


def make_injected():
    src = os.path.join(HERE, "..", "golden", "denormal_cleanup", "model.onnx.txt")
    with open(src) as f:
        m = onnx.parser.parse_model(f.read())
    m.producer_name = "nn2milp-make_numerics_models"
    onnx.checker.check_model(m, full_check=True)
    w = numpy_helper.to_array([t for t in m.graph.initializer if t.name == "fc_weight"][0])
    if not (w[0, 1] == 1e-30 and w[1, 1] == 2.0 ** -149):
        sys.exit(f"{src}: the injected weights did not survive parsing: {w}")
    with open(os.path.join(HERE, "numerics_injected.onnx"), "wb") as f:
        f.write(m.SerializeToString())
    print("  wrote numerics_injected.onnx")


if __name__ == "__main__":
    make_injected()
    make("numerics_wd_mlp", [32, 16], seed=11)
    make("numerics_wd_deep", [24, 24, 24], seed=12)
