#!/usr/bin/python3
"""Test helper: copies an ONNX model with every node output added as a graph output, so that
onnxruntime reports the value of every intermediate tensor (used by smooth_nl.cjs).

usage: /usr/bin/python3 expose_tensors.py IN.onnx OUT.onnx
Prints JSON: {"inputs": [[name, size], ...], "outputs": [[name, size], ...]} in the order of the
new model's graph inputs and outputs (the original outputs first).
"""
import json
import sys

import numpy as np
import onnx
from onnx import helper, shape_inference


def size_of(vi):
    return int(np.prod([d.dim_value if d.dim_value > 0 else 1 for d in vi.type.tensor_type.shape.dim]))


def main():
    model = shape_inference.infer_shapes(onnx.load(sys.argv[1]))
    g = model.graph
    known = {vi.name: vi for vi in list(g.value_info) + list(g.output) + list(g.input)}
    have = {o.name for o in g.output}
    for node in g.node:
        for out in node.output:
            if out and out not in have:
                g.output.append(known[out])
                have.add(out)
    onnx.save(model, sys.argv[2])
    inits = {t.name for t in g.initializer}
    print(json.dumps({"inputs": [[i.name, size_of(i)] for i in g.input if i.name not in inits],
                      "outputs": [[o.name, size_of(o)] for o in g.output]}))


if __name__ == "__main__":
    main()
