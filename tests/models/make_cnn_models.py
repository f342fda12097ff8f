#!/usr/bin/python3
"""Train and export the small convolutional test networks (tests/models/cnn_*.onnx).

Regenerate (from the repository root) with Debian's python, the only interpreter that has
onnx 1.12, torch 1.13 and scikit-learn:

    /usr/bin/python3 tests/models/make_cnn_models.py
    /usr/bin/python3 tests/models/check_cnn_models.py   # onnxruntime vs `nn2milp eval`

Deterministic: fixed seeds, torch single-threaded, deterministic algorithms.

Networks (all exported with a fixed batch of 1, since nn2milp needs static shapes):
  cnn_digits     sklearn 8x8 digits: Conv(pad 1) -> BatchNorm -> Relu -> Conv(stride 2, pad 1)
                 -> Relu -> AveragePool(2) -> Flatten -> Gemm -> Relu -> Gemm        (opset 13)
  cnn_resblock   digits: Conv stem, a ResNet basic block (Conv-BN-Relu-Conv-BN + identity,
                 residual Add) -> Relu -> GlobalAveragePool -> Flatten -> Gemm       (opset 13)
  cnn_conv1d     synthetic 1-D signals, regression: Conv1d(dilation 2) -> Relu
                 -> depthwise Conv1d(groups 4, stride 2) -> Relu -> AvgPool1d(ceil_mode,
                 count_include_pad=False, padding 1) -> Flatten -> Gemm              (opset 13)
  cnn_opset09    digits CNN with x.view(x.size(0), -1) (Shape/Gather/Unsqueeze/Concat/Reshape
                 subgraph), Unsqueeze with the axes attribute                        (opset 9)
  cnn_opset17    the same network exported at opset 17 (Unsqueeze axes as an input)  (opset 17)
BatchNorm nodes are kept: TrainingMode.PRESERVE on an eval() model exports inference-mode
BatchNormalization instead of fusing it into the preceding Conv.
"""

import os
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn

from model_utils import accuracy, digits, train  # also makes torch deterministic

HERE = os.path.dirname(os.path.abspath(__file__))


def export(model, shape, name, opset, symbolic_batch=False):
    """Exports `model` at batch size 1. With symbolic_batch the export uses a dynamic batch dim
    (so torch keeps x.size(0) as a Shape subgraph), which is then pinned to 1 in the graph's
    input/output types: nn2milp needs static shapes, the Shape subgraph stays."""
    path = os.path.join(HERE, name + ".onnx")
    dummy = torch.zeros(shape)
    dynamic = {"input": {0: "batch"}, "output": {0: "batch"}} if symbolic_batch else None
    torch.onnx.export(model, dummy, path, opset_version=opset, do_constant_folding=False,
                      training=torch.onnx.TrainingMode.PRESERVE, dynamic_axes=dynamic,
                      input_names=["input"], output_names=["output"])
    m = onnx.load(path)
    if symbolic_batch:
        for v in list(m.graph.input) + list(m.graph.output):
            v.type.tensor_type.shape.dim[0].Clear()
            v.type.tensor_type.shape.dim[0].dim_value = 1
        del m.graph.value_info[:]
        m = onnx.shape_inference.infer_shapes(m)
        onnx.save(m, path)
    onnx.checker.check_model(m, full_check=True)
    ops = sorted({n.op_type for n in m.graph.node})
    size = os.path.getsize(path)
    assert size < 200_000, (name, size)
    print(f"{name}: opset {opset}, {size} bytes, ops {', '.join(ops)}")
    return ops


class DigitsCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(6)
        self.conv2 = nn.Conv2d(6, 8, 3, stride=2, padding=1)
        self.pool = nn.AvgPool2d(2)
        self.fc1 = nn.Linear(8 * 2 * 2, 16)
        self.fc2 = nn.Linear(16, 10)

    def forward(self, x):
        x = torch.relu(self.bn1(self.conv1(x)))
        x = self.pool(torch.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        return self.fc2(torch.relu(self.fc1(x)))


class BasicBlock(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv1 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(c)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(c)

    def forward(self, x):
        out = torch.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return torch.relu(out + x)


class ResNetTiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(1, 6, 3, padding=1)
        self.bn = nn.BatchNorm2d(6)
        self.block = BasicBlock(6)
        self.gap = nn.AdaptiveAvgPool2d(1)   # exported as GlobalAveragePool
        self.fc = nn.Linear(6, 10)

    def forward(self, x):
        x = torch.relu(self.bn(self.stem(x)))
        x = self.gap(self.block(x))
        return self.fc(torch.flatten(x, 1))


class Conv1dNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv1d(2, 4, 5, padding=2, dilation=2)
        self.conv2 = nn.Conv1d(4, 4, 3, stride=2, padding=1, groups=4)
        self.pool = nn.AvgPool1d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)
        self.fc = nn.Linear(4 * 4, 1)

    def forward(self, x):
        x = torch.relu(self.conv1(x))
        x = self.pool(torch.relu(self.conv2(x)))
        return self.fc(torch.flatten(x, 1))


class ViewCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, stride=1, padding=0)
        self.pool = nn.AvgPool2d(2, stride=2)
        self.fc1 = nn.Linear(4 * 3 * 3, 12)
        self.fc2 = nn.Linear(12, 10)

    def forward(self, x):
        x = self.pool(torch.relu(self.conv(x)))
        x = x.view(x.size(0), -1)   # Shape -> Gather -> Unsqueeze -> Concat -> Reshape
        return self.fc2(torch.relu(self.fc1(x)))


def main():
    xtr, ytr, xte, yte = digits()
    ce = nn.CrossEntropyLoss()

    torch.manual_seed(1)
    m = train(DigitsCnn(), xtr, ytr, ce, epochs=15)
    print(f"cnn_digits test accuracy {accuracy(m, xte, yte):.3f}")
    export(m, (1, 1, 8, 8), "cnn_digits", 13)

    torch.manual_seed(2)
    m = train(ResNetTiny(), xtr, ytr, ce, epochs=15)
    print(f"cnn_resblock test accuracy {accuracy(m, xte, yte):.3f}")
    export(m, (1, 1, 8, 8), "cnn_resblock", 13)

    # 1-D: predict the mean frequency-weighted energy of two noisy sine channels.
    rng = np.random.default_rng(3)
    t = np.arange(16) / 16.0
    f = rng.uniform(0.5, 3.0, size=(800, 2, 1))
    ph = rng.uniform(0, 2 * np.pi, size=(800, 2, 1))
    xs = (np.sin(2 * np.pi * f * t + ph) + 0.1 * rng.normal(size=(800, 2, 16))).astype(np.float32)
    ys = f.mean(axis=(1, 2)).astype(np.float32).reshape(-1, 1)
    torch.manual_seed(3)
    m = train(Conv1dNet(), torch.tensor(xs), torch.tensor(ys), nn.MSELoss(), epochs=30)
    with torch.no_grad():
        mse = nn.MSELoss()(m(torch.tensor(xs)), torch.tensor(ys)).item()
    print(f"cnn_conv1d training MSE {mse:.4f} (target variance {ys.var():.4f})")
    export(m, (1, 2, 16), "cnn_conv1d", 13)

    torch.manual_seed(4)
    m = train(ViewCnn(), xtr, ytr, ce, epochs=15)
    print(f"cnn_opset09/17 test accuracy {accuracy(m, xte, yte):.3f}")
    for opset in (9, 17):
        ops = export(m, (1, 1, 8, 8), f"cnn_opset{opset:02d}", opset, symbolic_batch=True)
        for op in ("Shape", "Gather", "Unsqueeze", "Concat", "Reshape"):
            assert op in ops, (opset, op, ops)
    return 0


if __name__ == "__main__":
    sys.exit(main())
