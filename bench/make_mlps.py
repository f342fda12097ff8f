#!/usr/bin/python3
"""Write the benchmark networks into OUTDIR.

  /usr/bin/python3 bench/make_mlps.py OUTDIR [--seed N]

MLPs mlp_784_256_256_10 (0.27 M weights), mlp_784_1024_1024_10 (1.9 M) and mlp_784_4096_4096_10
(20 M): input "x" [1,784] float32 -> (Gemm transB=1 + bias -> Relu) x2 -> Gemm -> output "y".
A convolutional net conv_3x64x64_32_16 with 147,456 ReLU neurons: x [1,3,64,64] -> Conv 3x3
pad 1 (32 ch) -> Relu -> Conv 3x3 stride 2 pad 1 (16 ch) -> Relu -> Flatten -> Gemm -> y [1,10].
Weights are float32, He-style N(0, 2/fan_in), seeded; biases small uniform.
The files are large (the 20 M one is 80 MB) and are generated at bench time, not committed.
"""
import argparse
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

NETS = {
    "mlp_784_256_256_10": [784, 256, 256, 10],
    "mlp_784_1024_1024_10": [784, 1024, 1024, 10],
    "mlp_784_4096_4096_10": [784, 4096, 4096, 10],
}
CONVS = {"conv_3x64x64_32_16": (3, 64, 32, 16)}


def finish_model(nodes, name, x_shape, y_shape, inits):
    """The graph x -> nodes -> y as an opset-13, IR-8 model, checked."""
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, x_shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, y_shape)],
        initializer=inits)
    model = helper.make_model(graph, producer_name="nn2milp-bench",
                              opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def make_mlp(dims, seed):
    rng = np.random.default_rng(seed)
    nodes, inits = [], []
    prev = "x"
    n_layers = len(dims) - 1
    for i in range(n_layers):
        fan_in, fan_out = dims[i], dims[i + 1]
        w = (rng.standard_normal((fan_out, fan_in)) * np.sqrt(2.0 / fan_in)).astype(np.float32)
        b = rng.uniform(-0.05, 0.05, size=(fan_out,)).astype(np.float32)
        wn, bn = f"fc{i}.weight", f"fc{i}.bias"
        inits += [numpy_helper.from_array(w, wn), numpy_helper.from_array(b, bn)]
        last = i == n_layers - 1
        gemm_out = "y" if last else f"gemm{i}"
        nodes.append(helper.make_node("Gemm", [prev, wn, bn], [gemm_out], name=f"Gemm_{i}",
                                      alpha=1.0, beta=1.0, transB=1))
        if not last:
            nodes.append(helper.make_node("Relu", [gemm_out], [f"relu{i}"], name=f"Relu_{i}"))
            prev = f"relu{i}"
    return finish_model(nodes, "mlp", [1, dims[0]], [1, dims[-1]], inits)


def make_conv(channels_in, side, c1, c2, seed):
    rng = np.random.default_rng(seed)

    def weight(name, shape, fan_in):
        return numpy_helper.from_array(
            (rng.standard_normal(shape) * np.sqrt(2.0 / fan_in)).astype(np.float32), name)

    def bias(name, n):
        return numpy_helper.from_array(rng.uniform(-0.05, 0.05, size=(n,)).astype(np.float32), name)

    half = side // 2
    inits = [weight("c1.w", (c1, channels_in, 3, 3), channels_in * 9), bias("c1.b", c1),
             weight("c2.w", (c2, c1, 3, 3), c1 * 9), bias("c2.b", c2),
             weight("fc.w", (10, c2 * half * half), c2 * half * half), bias("fc.b", 10)]
    nodes = [
        helper.make_node("Conv", ["x", "c1.w", "c1.b"], ["conv1"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["conv1"], ["relu1"]),
        helper.make_node("Conv", ["relu1", "c2.w", "c2.b"], ["conv2"], kernel_shape=[3, 3],
                         pads=[1, 1, 1, 1], strides=[2, 2]),
        helper.make_node("Relu", ["conv2"], ["relu2"]),
        helper.make_node("Flatten", ["relu2"], ["flat"], axis=1),
        helper.make_node("Gemm", ["flat", "fc.w", "fc.b"], ["y"], transB=1),
    ]
    return finish_model(nodes, "conv", [1, channels_in, side, side], [1, 10], inits)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    for k, (name, dims) in enumerate(NETS.items()):
        path = os.path.join(args.outdir, name + ".onnx")
        onnx.save(make_mlp(dims, args.seed + k), path)
        print(path)
    for k, (name, shape) in enumerate(CONVS.items()):
        path = os.path.join(args.outdir, name + ".onnx")
        onnx.save(make_conv(*shape, args.seed + 100 + k), path)
        print(path)


if __name__ == "__main__":
    main()
