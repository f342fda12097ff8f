#!/usr/bin/python3
"""Export the networks with duplicated neurons (tests/models/dup_*.onnx) that exercise the
merge_duplicates pass. Regenerate (from the repository root) with Debian's python:

    /usr/bin/python3 tests/models/make_dup_models.py

Deterministic: fixed seeds, torch single-threaded. The weights are torch's default
initialisation (the networks are not trained: the pass only cares about their structure); the
duplicates are exact copies of float32 rows, as pruning/width-expansion tools and
concatenated ensembles leave them.

Networks (fixed batch of 1):
  dup_mlp  [1,3] -> Linear(3, 8): rows 4..7 copy rows 0..3 -> ReLU -> Linear(8, 6): rows 3..5 copy
           rows 0..2 -> ReLU -> Linear(6, 2) = y; and y2 = 0.5 * Relu(fc1) through a second Relu
           node over the same Gemm output (torch's export shares one Relu, so the graph is
           edited after export).                                                (opset 13)
           Expected merges: 4 + 3 affine rows, 4 + 3 ReLUs of duplicated rows, and the 8 ReLUs of
           the second Relu node: 7 affine, 15 ReLU (y2's 8 neurons are outputs: never removed).
  dup_cnn  [1,1,5,5] -> Conv(1->4, 3x3): channels 2, 3 copy 0, 1 -> ReLU -> Flatten -> Linear(36, 3)
                                                                                 (opset 13)
           Expected merges: 18 affine, 18 ReLU.
"""

import os

import onnx
import torch
import torch.nn as nn

torch.set_num_threads(1)
torch.manual_seed(5)

HERE = os.path.dirname(os.path.abspath(__file__))


class DupMlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 8)
        self.fc2 = nn.Linear(8, 6)
        self.fc3 = nn.Linear(6, 2)
        with torch.no_grad():
            self.fc1.weight[4:8] = self.fc1.weight[0:4].clone()
            self.fc1.bias[4:8] = self.fc1.bias[0:4].clone()
            self.fc2.weight[3:6] = self.fc2.weight[0:3].clone()
            self.fc2.bias[3:6] = self.fc2.bias[0:3].clone()

    def forward(self, x):
        z1 = self.fc1(x)
        h1 = torch.relu(z1)
        h2 = torch.relu(self.fc2(h1))
        return self.fc3(h2), h1 * 0.5  # export() gives y2 its own Relu node on fc1 (see there)


class DupCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3)
        self.fc = nn.Linear(36, 3)
        with torch.no_grad():
            self.conv.weight[2:4] = self.conv.weight[0:2].clone()
            self.conv.bias[2:4] = self.conv.bias[0:2].clone()

    def forward(self, x):
        return self.fc(torch.flatten(torch.relu(self.conv(x)), 1))


def second_relu(m):
    """Feeds the Mul that makes y2 from a new Relu node on fc1's output (a duplicate Relu)."""
    mul = next(n for n in m.graph.node if n.op_type == "Mul")
    relu = next(n for n in m.graph.node if n.op_type == "Relu" and n.output[0] == mul.input[0])
    dup = onnx.helper.make_node("Relu", [relu.input[0]], ["/Relu_dup_output_0"], name="/Relu_dup")
    mul.input[0] = "/Relu_dup_output_0"
    nodes = list(m.graph.node)
    nodes.insert(nodes.index(mul), dup)
    del m.graph.node[:]
    m.graph.node.extend(nodes)


def export(model, shape, name, outputs, edit=None):
    path = os.path.join(HERE, name + ".onnx")
    model.eval()
    torch.onnx.export(model, torch.zeros(shape), path, opset_version=13, do_constant_folding=True,
                      input_names=["input"], output_names=outputs)
    m = onnx.load(path)
    if edit:
        edit(m)
        onnx.save(m, path)
    onnx.checker.check_model(m, full_check=True)
    print(f"{name}: {os.path.getsize(path)} bytes, ops {sorted({n.op_type for n in m.graph.node})}")


def main():
    export(DupMlp(), (1, 3), "dup_mlp", ["y", "y2"], second_relu)
    export(DupCnn(), (1, 1, 5, 5), "dup_cnn", ["y"])


if __name__ == "__main__":
    main()
