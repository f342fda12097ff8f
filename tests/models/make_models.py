#!/usr/bin/python3
"""Generate the small ONNX test networks used by nn2milp's tests.

Regenerate (from the repository root) with Debian's python, which is the only
interpreter that has onnx 1.12, torch 1.13, scikit-learn and numpy:

    /usr/bin/python3 tests/models/make_models.py

Everything is deterministic: fixed seeds everywhere, torch single-threaded,
deterministic torch algorithms.  Re-running reproduces the same networks
(the files are normally byte-identical as well).

Outputs (see tests/models/README.md for the table):
  tests/models/*.onnx      valid networks a compiler must accept
  tests/models/bad/*.onnx  inputs a compiler must refuse with a clear error

Two families of valid networks are written:
  * torch-trained MLPs (really trained on sklearn / synthetic data, exported
    with torch.onnx.export, so they carry torch's naming conventions such as
    `onnx::Gemm_0` and `/fc1/Gemm_output_0`);
  * hand-built graphs (onnx.helper) with random N(0, 0.5) float32 weights,
    one per "export style" (Gemm attributes, MatMul+Add orders, input
    normalisation, Identity/Dropout, opset sweep, symbolic batch, Flatten).

Every valid model is checked with onnx.checker (full_check=True where onnx
1.12 knows the opset) before being written.  The bad models deliberately skip
the checker.
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, checker, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
BAD = os.path.join(HERE, "bad")

# Highest opset/IR that the installed onnx (1.12) understands.
ONNX_MAX_OPSET = onnx.defs.onnx_opset_version()   # 17 for onnx 1.12
ONNX_MAX_IR = onnx.IR_VERSION                     # 8 for onnx 1.12

# Notes collected while generating; printed at the end.
NOTES = []


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

def save(model, path, check=True):
    """Check (unless check=False) and write `model` to `path`."""
    if check:
        opset = max(o.version for o in model.opset_import if o.domain in ("", "ai.onnx"))
        if opset <= ONNX_MAX_OPSET and model.ir_version <= ONNX_MAX_IR:
            checker.check_model(model, full_check=True)
        else:
            # onnx 1.12 cannot check this model; the caller notes it and the
            # self-check (check_models.py) runs it in onnxruntime instead.
            try:
                checker.check_model(model)
                NOTES.append(f"{os.path.basename(path)}: onnx {onnx.__version__} checker accepted it")
            except Exception as e:  # noqa: BLE001 - we only report it
                msg = str(e).strip().splitlines()[0]
                NOTES.append(f"{os.path.basename(path)}: onnx {onnx.__version__} checker rejects it "
                             f"(expected: opset/IR too new): {msg}")
    with open(path, "wb") as f:
        f.write(model.SerializeToString())
    print(f"  wrote {os.path.relpath(path, HERE)} ({os.path.getsize(path)} bytes)")


def rand(rng, *shape):
    """Random float32 weights, N(0, 0.5)."""
    return rng.normal(0.0, 0.5, size=shape).astype(np.float32)


def init(name, array):
    """Initializer TensorProto from a numpy array."""
    return numpy_helper.from_array(np.asarray(array), name)


def vinfo(name, shape, elem=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, elem, shape)


def make_model(nodes, name, inputs, outputs, inits, opset, ir_version=None,
               initializers_as_inputs=False):
    """Build a ModelProto with the given opset / IR version.

    initializers_as_inputs=True also lists every initializer as a graph
    input, which is what IR version 3 (opset <= 8 era) requires.
    """
    graph_inputs = list(inputs)
    if initializers_as_inputs:
        for t in inits:
            graph_inputs.append(vinfo(t.name, list(t.dims), t.data_type))
    graph = helper.make_graph(nodes, name, graph_inputs, outputs, initializer=inits)
    model = helper.make_model(graph, producer_name="nn2milp-make_models",
                              opset_imports=[helper.make_opsetid("", opset)])
    if ir_version is not None:
        model.ir_version = ir_version
    return model


# --------------------------------------------------------------------------
# Torch-trained networks
# --------------------------------------------------------------------------

def torch_setup(seed):
    import torch
    torch.manual_seed(seed)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    return torch


def train(torch, model, X, Y, loss_fn, steps, lr=1e-2, batch=128, seed=0):
    """Plain Adam mini-batch training with a seeded batch order."""
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    gen = torch.Generator().manual_seed(seed)
    n = X.shape[0]
    model.train()
    for _ in range(steps):
        idx = torch.randint(0, n, (min(batch, n),), generator=gen)
        opt.zero_grad()
        loss = loss_fn(model(X[idx]), Y[idx])
        loss.backward()
        opt.step()
    model.eval()
    return float(loss)


def export(torch, model, example, path, opset, **kw):
    import io
    model.eval()
    buf = io.BytesIO()
    torch.onnx.export(model, example, buf, opset_version=opset, **kw)
    m = onnx.load_from_string(buf.getvalue())
    m.producer_name = "pytorch"  # keep the producer fixed
    save(m, path)
    return m


def digits_data():
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    d = load_digits()
    X = (d.data / 16.0).astype(np.float32)  # pixels 0..16 -> [0,1]
    y = d.target.astype(np.int64)
    return train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)


def make_digits_mlp():
    """digits_mlp: 64-32-16-10 ReLU MLP, opset 13, default torch names."""
    torch = torch_setup(1)
    nn = torch.nn
    Xtr, Xte, ytr, yte = digits_data()
    model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(),
                          nn.Linear(32, 16), nn.ReLU(),
                          nn.Linear(16, 10))
    train(torch, model, torch.from_numpy(Xtr), torch.from_numpy(ytr),
          nn.CrossEntropyLoss(), steps=400, lr=1e-2, seed=1)
    with torch.no_grad():
        acc = (model(torch.from_numpy(Xte)).argmax(1).numpy() == yte).mean()
    print(f"  digits_mlp test accuracy: {acc:.4f} ({len(yte)} test images)")
    NOTES.append(f"digits_mlp test accuracy {acc:.4f}")
    # No input_names/output_names: keep torch's default names on purpose.
    export(torch, model, torch.zeros(1, 64), os.path.join(HERE, "digits_mlp.onnx"), 13)
    return acc


class DigitsNorm:
    """Factory for the normalising digits model (defined lazily: needs torch)."""

    @staticmethod
    def build(torch, mean, std):
        nn = torch.nn

        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                # Plain tensor attributes (not parameters/buffers) so that the
                # exporter inlines them as constants in the graph.
                self.mean = torch.from_numpy(mean.reshape(1, 1, 8, 8))
                self.std = torch.from_numpy(std.reshape(1, 1, 8, 8))
                self.flat = nn.Flatten()
                self.fc1 = nn.Linear(64, 24)
                self.fc2 = nn.Linear(24, 24)
                self.fc3 = nn.Linear(24, 10)

            def forward(self, x):
                x = (x - self.mean) / self.std
                x = self.flat(x)
                x = torch.relu(self.fc1(x))
                x = torch.relu(self.fc2(x))
                return self.fc3(x)

        return Net()


def make_digits_mlp_norm():
    """digits_mlp_norm: Sub/Div normalisation inside the graph, Flatten of [1,1,8,8], opset 11."""
    torch = torch_setup(2)
    nn = torch.nn
    Xtr, Xte, ytr, yte = digits_data()
    mean = Xtr.mean(0).astype(np.float32)
    std = (Xtr.std(0) + 0.1).astype(np.float32)  # +0.1: some pixels are constant 0
    model = DigitsNorm.build(torch, mean, std)
    Xtr4 = torch.from_numpy(Xtr.reshape(-1, 1, 8, 8))
    Xte4 = torch.from_numpy(Xte.reshape(-1, 1, 8, 8))
    train(torch, model, Xtr4, torch.from_numpy(ytr), nn.CrossEntropyLoss(),
          steps=400, lr=1e-2, seed=2)
    with torch.no_grad():
        acc = (model(Xte4).argmax(1).numpy() == yte).mean()
    print(f"  digits_mlp_norm test accuracy: {acc:.4f}")
    NOTES.append(f"digits_mlp_norm test accuracy {acc:.4f}")
    export(torch, model, torch.zeros(1, 1, 8, 8),
           os.path.join(HERE, "digits_mlp_norm.onnx"), 11)
    return acc


def make_surrogate_mlp():
    """surrogate_mlp: 2-16-16-16-1 regression surrogate with Dropout, symbolic batch, opset 17."""
    torch = torch_setup(3)
    nn = torch.nn
    rng = np.random.default_rng(3)
    X = rng.uniform(-1, 1, size=(2000, 2)).astype(np.float32)
    Y = (np.sin(3 * X[:, 0]) * np.cos(2 * X[:, 1]) + 0.3 * X[:, 0] * X[:, 1]).astype(np.float32)[:, None]
    model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(0.1),
                          nn.Linear(16, 16), nn.ReLU(),
                          nn.Linear(16, 16), nn.ReLU(),
                          nn.Linear(16, 1))
    loss = train(torch, model, torch.from_numpy(X), torch.from_numpy(Y), nn.MSELoss(),
                 steps=600, lr=5e-3, seed=3)
    with torch.no_grad():
        mse = float(((model(torch.from_numpy(X)) - torch.from_numpy(Y)) ** 2).mean())
    print(f"  surrogate_mlp train MSE (eval mode): {mse:.5f}")
    m = export(torch, model, torch.zeros(1, 2), os.path.join(HERE, "surrogate_mlp.onnx"), 17,
               input_names=["x"], output_names=["y"],
               dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}})
    ops = [n.op_type for n in m.graph.node]
    NOTES.append("surrogate_mlp: Dropout " + ("SURVIVED" if "Dropout" in ops else
                 "was removed by torch.onnx.export in eval mode") + f" (ops: {ops})")


def make_deep_mlp():
    """deep_mlp: 4 inputs, Flatten, 6 hidden layers of width 12, opset 9."""
    torch = torch_setup(4)
    nn = torch.nn
    rng = np.random.default_rng(4)
    X = rng.uniform(-1, 1, size=(2000, 4)).astype(np.float32)
    Y = (np.tanh(X[:, 0] + 0.5 * X[:, 1]) - X[:, 2] * X[:, 3] + 0.2 * np.sin(2 * X[:, 3]))
    Y = Y.astype(np.float32)[:, None]
    # Leading nn.Flatten: at opset 9 torch emits the old-style Flatten node.
    layers, width = [nn.Flatten()], 4
    for _ in range(6):
        layers += [nn.Linear(width, 12), nn.ReLU()]
        width = 12
    layers.append(nn.Linear(12, 1))
    model = nn.Sequential(*layers)
    train(torch, model, torch.from_numpy(X), torch.from_numpy(Y), nn.MSELoss(),
          steps=600, lr=3e-3, seed=4)
    with torch.no_grad():
        mse = float(((model(torch.from_numpy(X)) - torch.from_numpy(Y)) ** 2).mean())
    print(f"  deep_mlp train MSE: {mse:.5f}")
    export(torch, model, torch.zeros(1, 4), os.path.join(HERE, "deep_mlp.onnx"), 9)


# --------------------------------------------------------------------------
# Hand-built networks (onnx.helper)
# --------------------------------------------------------------------------

def make_gemm_attrs_a():
    """Gemm attribute forms: transA=1 (no C), alpha/beta/transB with a 1-D C.

    transA on a row-vector activation would produce an outer product, so the
    transA Gemm is the FIRST layer and the model input is a column vector
    x:[4,1];  Gemm(transA=1) computes x^T W0 -> [1,6].
    """
    rng = np.random.default_rng(101)
    W0 = rand(rng, 4, 6)          # used as B, no transB: [K=4, N=6]
    W1 = rand(rng, 5, 6)          # transB=1: [N=5, K=6]
    b1 = rand(rng, 5)             # 1-D C
    W2 = rand(rng, 3, 5)          # transB=1
    nodes = [
        helper.make_node("Gemm", ["x", "W0"], ["h0"], name="gemm_transA_noC", transA=1),
        helper.make_node("Relu", ["h0"], ["r0"], name="relu0"),
        helper.make_node("Gemm", ["r0", "W1", "b1"], ["h1"], name="gemm_alpha_beta",
                         alpha=0.5, beta=2.0, transB=1),
        helper.make_node("Relu", ["h1"], ["r1"], name="relu1"),
        helper.make_node("Gemm", ["r1", "W2"], ["y"], name="gemm_transB_alpha_noC",
                         alpha=1.5, transB=1),
    ]
    m = make_model(nodes, "gemm_attrs_a", [vinfo("x", [4, 1])], [vinfo("y", [1, 3])],
                   [init("W0", W0), init("W1", W1), init("b1", b1), init("W2", W2)], 13)
    save(m, os.path.join(HERE, "gemm_attrs_a.onnx"))


def make_gemm_attrs_b():
    """Gemm C broadcast forms: C:[1,n], C:[1] and C as a rank-0 scalar."""
    rng = np.random.default_rng(102)
    W0, b0 = rand(rng, 5, 7), rand(rng, 1, 7)     # C [1,n]
    W1, b1 = rand(rng, 7, 6), rand(rng, 1)        # C [1]
    W2, b2 = rand(rng, 6, 2), rand(rng)           # C rank 0
    nodes = [
        helper.make_node("Gemm", ["x", "W0", "b0"], ["h0"], name="gemm_C_row"),
        helper.make_node("Relu", ["h0"], ["r0"], name="relu0"),
        helper.make_node("Gemm", ["r0", "W1", "b1"], ["h1"], name="gemm_C_1", transB=0),
        helper.make_node("Relu", ["h1"], ["r1"], name="relu1"),
        helper.make_node("Gemm", ["r1", "W2", "b2"], ["y"], name="gemm_C_scalar", beta=0.75),
    ]
    m = make_model(nodes, "gemm_attrs_b", [vinfo("x", [1, 5])], [vinfo("y", [1, 2])],
                   [init("W0", W0), init("b0", b0), init("W1", W1), init("b1", b1),
                    init("W2", W2), init("b2", np.asarray(b2, dtype=np.float32))], 13)
    save(m, os.path.join(HERE, "gemm_attrs_b.onnx"))


def make_matmul_add(left):
    """MatMul + Add with the bias on the right (Add(y,b)) or on the left (Add(b,y))."""
    name = "matmul_add_left" if left else "matmul_add_right"
    rng = np.random.default_rng(103 if not left else 104)
    W0, b0 = rand(rng, 6, 8), rand(rng, 8)        # 1-D bias
    W1, b1 = rand(rng, 8, 5), rand(rng, 1, 5)     # [1,n] bias
    W2, b2 = rand(rng, 5, 2), rand(rng, 2)

    def add(y, b, out, nm):
        ins = [b, y] if left else [y, b]
        return helper.make_node("Add", ins, [out], name=nm)

    nodes = [
        helper.make_node("MatMul", ["x", "W0"], ["m0"], name="matmul0"),
        add("m0", "b0", "h0", "add0"),
        helper.make_node("Relu", ["h0"], ["r0"], name="relu0"),
        helper.make_node("MatMul", ["r0", "W1"], ["m1"], name="matmul1"),
        add("m1", "b1", "h1", "add1"),
        helper.make_node("Relu", ["h1"], ["r1"], name="relu1"),
        helper.make_node("MatMul", ["r1", "W2"], ["m2"], name="matmul2"),
        add("m2", "b2", "y", "add2"),
    ]
    m = make_model(nodes, name, [vinfo("x", [1, 6])], [vinfo("y", [1, 2])],
                   [init("W0", W0), init("b0", b0), init("W1", W1), init("b1", b1),
                    init("W2", W2), init("b2", b2)], 13)
    save(m, os.path.join(HERE, name + ".onnx"))


def make_normalize_ops():
    """Input normalisation by constants, in several operand orders, then Flatten + MLP.

    x:[1,2,3]
      a = Sub(x, mean)        per-element mean [1,2,3]           (const 2nd)
      b = Mul(scale, a)       per-element scale [2,3] broadcast  (const 1st)
      c = Div(b, s)           scalar s (rank 0), from a Constant node
      d = Sub(c0, c)          scalar c0 of shape [1]             (const 1st)
      e = Mul(d, k)           scalar k rank 0                    (const 2nd)
      f = Flatten(e) -> [1,6] -> Gemm -> Relu -> Gemm
    """
    rng = np.random.default_rng(105)
    mean = rng.uniform(-0.5, 0.5, size=(1, 2, 3)).astype(np.float32)
    scale = rng.uniform(0.5, 2.0, size=(2, 3)).astype(np.float32)
    c0 = np.array([0.25], dtype=np.float32)
    k = np.array(-1.5, dtype=np.float32)
    W0, b0 = rand(rng, 6, 6), rand(rng, 6)
    W1, b1 = rand(rng, 6, 3), rand(rng, 3)
    nodes = [
        helper.make_node("Sub", ["x", "mean"], ["a"], name="sub_mean"),
        helper.make_node("Mul", ["scale", "a"], ["b"], name="mul_scale_first"),
        helper.make_node("Constant", [], ["s"], name="const_std",
                         value=numpy_helper.from_array(np.array(0.8, dtype=np.float32), "s_value")),
        helper.make_node("Div", ["b", "s"], ["c"], name="div_scalar"),
        helper.make_node("Sub", ["c0", "c"], ["d"], name="sub_const_first"),
        helper.make_node("Mul", ["d", "k"], ["e"], name="mul_scalar"),
        helper.make_node("Flatten", ["e"], ["f"], name="flatten", axis=1),
        helper.make_node("Gemm", ["f", "W0", "b0"], ["h0"], name="fc0"),
        helper.make_node("Relu", ["h0"], ["r0"], name="relu0"),
        helper.make_node("Gemm", ["r0", "W1", "b1"], ["y"], name="fc1"),
    ]
    m = make_model(nodes, "normalize_ops", [vinfo("x", [1, 2, 3])], [vinfo("y", [1, 3])],
                   [init("mean", mean), init("scale", scale), init("c0", c0), init("k", k),
                    init("W0", W0), init("b0", b0), init("W1", W1), init("b1", b1)], 13)
    save(m, os.path.join(HERE, "normalize_ops.onnx"))


def make_identity_dropout():
    """Identity and opset-13 Dropout (data only; data + ratio, no training_mode)."""
    rng = np.random.default_rng(106)
    W0, b0 = rand(rng, 4, 6), rand(rng, 6)
    W1, b1 = rand(rng, 6, 5), rand(rng, 5)
    W2, b2 = rand(rng, 5, 2), rand(rng, 2)
    nodes = [
        helper.make_node("Identity", ["x"], ["x_id"], name="identity_in"),
        helper.make_node("Gemm", ["x_id", "W0", "b0"], ["h0"], name="fc0"),
        helper.make_node("Relu", ["h0"], ["r0"], name="relu0"),
        helper.make_node("Dropout", ["r0"], ["d0"], name="dropout_plain"),
        helper.make_node("Gemm", ["d0", "W1", "b1"], ["h1"], name="fc1"),
        helper.make_node("Relu", ["h1"], ["r1"], name="relu1"),
        helper.make_node("Dropout", ["r1", "ratio"], ["d1"], name="dropout_ratio"),
        helper.make_node("Identity", ["d1"], ["d1_id"], name="identity_mid"),
        helper.make_node("Gemm", ["d1_id", "W2", "b2"], ["y"], name="fc2"),
    ]
    m = make_model(nodes, "identity_dropout", [vinfo("x", [1, 4])], [vinfo("y", [1, 2])],
                   [init("W0", W0), init("b0", b0), init("W1", W1), init("b1", b1),
                    init("W2", W2), init("b2", b2),
                    init("ratio", np.array(0.3, dtype=np.float32))], 13)
    save(m, os.path.join(HERE, "identity_dropout.onnx"))


# IR version used with each opset of the sweep (the IR version that shipped
# alongside that opset).
OPSET_IR = {7: 3, 9: 4, 11: 6, 13: 7, 17: 8, 21: 10}


def make_opset_mlp(opset):
    """The same little MLP (Gemm+Relu+Gemm+Relu+Gemm, input [1,5]) at several opsets.

    Weights are identical across opsets (same seed).  opset 7 also has an
    opset-7 Dropout (ratio attribute, no is_test) and, as IR 3 requires,
    lists its initializers as graph inputs too.
    """
    rng = np.random.default_rng(107)
    W0, b0 = rand(rng, 8, 5), rand(rng, 8)   # transB=1 layout, like torch
    W1, b1 = rand(rng, 6, 8), rand(rng, 6)
    W2, b2 = rand(rng, 2, 6), rand(rng, 2)
    nodes = [
        helper.make_node("Gemm", ["x", "W0", "b0"], ["h0"], name="fc0", transB=1),
        helper.make_node("Relu", ["h0"], ["r0"], name="relu0"),
    ]
    last = "r0"
    if opset == 7:
        nodes.append(helper.make_node("Dropout", ["r0"], ["d0"], name="dropout7", ratio=0.2))
        last = "d0"
    nodes += [
        helper.make_node("Gemm", [last, "W1", "b1"], ["h1"], name="fc1", transB=1),
        helper.make_node("Relu", ["h1"], ["r1"], name="relu1"),
        helper.make_node("Gemm", ["r1", "W2", "b2"], ["y"], name="fc2", transB=1),
    ]
    name = f"opset{opset:02d}_mlp"
    m = make_model(nodes, name, [vinfo("x", [1, 5])], [vinfo("y", [1, 2])],
                   [init("W0", W0), init("b0", b0), init("W1", W1), init("b1", b1),
                    init("W2", W2), init("b2", b2)],
                   opset, ir_version=OPSET_IR[opset],
                   initializers_as_inputs=OPSET_IR[opset] < 4)
    save(m, os.path.join(HERE, name + ".onnx"))


def make_batch_symbolic():
    """Symbolic batch dimension: x:["N",6] -> Gemm/Relu x2 -> Gemm -> y:["N",3]."""
    rng = np.random.default_rng(108)
    W0, b0 = rand(rng, 6, 10), rand(rng, 10)
    W1, b1 = rand(rng, 10, 8), rand(rng, 8)
    W2, b2 = rand(rng, 8, 3), rand(rng, 3)
    nodes = [
        helper.make_node("Gemm", ["x", "W0", "b0"], ["h0"], name="fc0"),
        helper.make_node("Relu", ["h0"], ["r0"], name="relu0"),
        helper.make_node("Gemm", ["r0", "W1", "b1"], ["h1"], name="fc1"),
        helper.make_node("Relu", ["h1"], ["r1"], name="relu1"),
        helper.make_node("Gemm", ["r1", "W2", "b2"], ["y"], name="fc2"),
    ]
    m = make_model(nodes, "batch_symbolic", [vinfo("x", ["N", 6])], [vinfo("y", ["N", 3])],
                   [init("W0", W0), init("b0", b0), init("W1", W1), init("b1", b1),
                    init("W2", W2), init("b2", b2)], 13)
    save(m, os.path.join(HERE, "batch_symbolic.onnx"))


def make_flatten_4d():
    """Flatten(axis=1) of a [1,2,3,2] input, then Gemm+Relu+Gemm."""
    rng = np.random.default_rng(109)
    W0, b0 = rand(rng, 12, 7), rand(rng, 7)
    W1, b1 = rand(rng, 7, 3), rand(rng, 3)
    nodes = [
        helper.make_node("Flatten", ["x"], ["f"], name="flatten", axis=1),
        helper.make_node("Gemm", ["f", "W0", "b0"], ["h0"], name="fc0"),
        helper.make_node("Relu", ["h0"], ["r0"], name="relu0"),
        helper.make_node("Gemm", ["r0", "W1", "b1"], ["y"], name="fc1"),
    ]
    m = make_model(nodes, "flatten_4d", [vinfo("x", [1, 2, 3, 2])], [vinfo("y", [1, 3])],
                   [init("W0", W0), init("b0", b0), init("W1", W1), init("b1", b1)], 13)
    save(m, os.path.join(HERE, "flatten_4d.onnx"))


# --------------------------------------------------------------------------
# Models a compiler must refuse
# --------------------------------------------------------------------------

def tiny_mlp(rng, name, w0=None, b0=None, w0_name="W0", fc0_name="fc0", in_dim=3, tail=None):
    """A 3-4-2 Gemm/Relu/Gemm MLP; optional overrides for the bad-model variants."""
    W0 = rand(rng, in_dim, 4) if w0 is None else w0
    b0_ = rand(rng, 4) if b0 is None else b0
    W1, b1 = rand(rng, 4, 2), rand(rng, 2)
    out = "y" if tail is None else "logits"
    nodes = [
        helper.make_node("Gemm", ["x", w0_name, "b0"], ["h0"], name=fc0_name),
        helper.make_node("Relu", ["h0"], ["r0"], name="relu0"),
        helper.make_node("Gemm", ["r0", "W1", "b1"], [out], name="fc1"),
    ]
    if tail is not None:
        nodes.append(tail)
    return make_model(nodes, name, [vinfo("x", [1, 3])], [vinfo("y", [1, 2])],
                      [init(w0_name, W0), init("b0", b0_), init("W1", W1), init("b1", b1)], 13)


def make_bad_models():
    os.makedirs(BAD, exist_ok=True)
    rng = np.random.default_rng(200)

    # unknown_op: a perfectly valid model with an unsupported (non-piecewise-linear) op.
    W0, b0 = rand(rng, 3, 4), rand(rng, 4)
    W1, b1 = rand(rng, 4, 2), rand(rng, 2)
    nodes = [
        helper.make_node("Gemm", ["x", "W0", "b0"], ["h0"], name="fc0"),
        helper.make_node("Sin", ["h0"], ["s0"], name="sin_node"),
        helper.make_node("Gemm", ["s0", "W1", "b1"], ["y"], name="fc1"),
    ]
    m = make_model(nodes, "unknown_op", [vinfo("x", [1, 3])], [vinfo("y", [1, 2])],
                   [init("W0", W0), init("b0", b0), init("W1", W1), init("b1", b1)], 13)
    save(m, os.path.join(BAD, "unknown_op.onnx"))  # valid: checker must pass

    # nan_weight: NaN inside the first Gemm's weight (node 'fc_nan').
    w = rand(rng, 3, 4)
    w[1, 2] = np.nan
    m = tiny_mlp(rng, "nan_weight", w0=w, w0_name="W_nan", fc0_name="fc_nan")
    save(m, os.path.join(BAD, "nan_weight.onnx"), check=False)

    # inf_bias: +inf in the first Gemm's bias (node 'fc_inf').
    b = rand(rng, 4)
    b[3] = np.inf
    m = tiny_mlp(rng, "inf_bias", b0=b, fc0_name="fc_inf")
    save(m, os.path.join(BAD, "inf_bias.onnx"), check=False)

    # truncated: first 60% of the bytes of a valid model.
    data = tiny_mlp(rng, "truncated").SerializeToString()
    with open(os.path.join(BAD, "truncated.onnx"), "wb") as f:
        f.write(data[: int(len(data) * 0.6)])
    print(f"  wrote bad/truncated.onnx ({int(len(data) * 0.6)} of {len(data)} bytes)")

    # random_bytes: 1000 seeded random bytes.
    with open(os.path.join(BAD, "random_bytes.onnx"), "wb") as f:
        f.write(np.random.default_rng(201).integers(0, 256, size=1000, dtype=np.uint8).tobytes())
    print("  wrote bad/random_bytes.onnx (1000 bytes)")

    # bad_shape: first Gemm's weight is [5,4] but x is [1,3] (inner dims mismatch).
    m = tiny_mlp(rng, "bad_shape", w0=rand(rng, 5, 4), fc0_name="fc_bad_shape")
    save(m, os.path.join(BAD, "bad_shape.onnx"), check=False)
    try:
        checker.check_model(m, full_check=True)
        NOTES.append("bad_shape.onnx: onnx checker(full_check) did NOT reject it")
    except Exception as e:  # noqa: BLE001
        NOTES.append("bad_shape.onnx: onnx checker(full_check) rejects it: "
                     + str(e).strip().splitlines()[0][:160])

    # softmax_tail: valid MLP ending in Softmax (not piecewise linear).
    m = tiny_mlp(rng, "softmax_tail",
                 tail=helper.make_node("Softmax", ["logits"], ["y"], name="softmax_out", axis=1))
    save(m, os.path.join(BAD, "softmax_tail.onnx"))  # valid: checker must pass


# --------------------------------------------------------------------------

def main():
    os.makedirs(HERE, exist_ok=True)
    print("torch-trained models:")
    make_digits_mlp()
    make_digits_mlp_norm()
    make_surrogate_mlp()
    make_deep_mlp()
    print("onnx.helper models:")
    make_gemm_attrs_a()
    make_gemm_attrs_b()
    make_matmul_add(left=False)
    make_matmul_add(left=True)
    make_normalize_ops()
    make_identity_dropout()
    for opset in (7, 9, 11, 13, 17, 21):
        make_opset_mlp(opset)
    make_batch_symbolic()
    make_flatten_4d()
    print("bad models:")
    make_bad_models()
    print("notes:")
    for n in NOTES:
        print("  - " + n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
