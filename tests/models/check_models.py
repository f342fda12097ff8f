#!/usr/bin/python3
"""Self-check of the generated test networks.

Run (from anywhere) after make_models.py:

    /usr/bin/python3 tests/models/check_models.py [-v]

For every valid model in tests/models/*.onnx (plus bad/softmax_tail.onnx,
which is a valid model that a MILP compiler must merely refuse) this:
  1. runs onnx.checker (full_check where onnx 1.12 knows the opset/IR);
  2. draws 3 seeded random points, evaluates them with
     tests/js/ort_eval.cjs (onnxruntime, float32) and with an independent
     float64 numpy interpreter of the ONNX graph (below), and compares;
  3. also runs ort_eval.cjs in its --sample mode and checks the sampled
     points with numpy too (so both ort_eval modes are exercised).
It also sanity-checks the bad/ models (each must be broken in the intended
way) and the file-size budget.  Exit status is non-zero on any failure.

Agreement criterion: |ort - numpy| <= 1e-5 * max(1, |numpy|) elementwise.
ORT computes in float32 and numpy in float64, so a purely relative test on
outputs near 0 would be meaningless; the max(1, .) guards that.
"""

import glob
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import checker, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ORT_EVAL = os.path.join(ROOT, "tests", "js", "ort_eval.cjs")
RTOL = 1e-5
N_POINTS = 3
MAX_FILE = 200 * 1024
MAX_TOTAL = 1536 * 1024

VERBOSE = "-v" in sys.argv


# --------------------------------------------------------------------------
# A tiny float64 ONNX interpreter for the ops the test networks use.
# --------------------------------------------------------------------------

def attrs(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def opset_of(model):
    return max(o.version for o in model.opset_import if o.domain in ("", "ai.onnx"))


def softmax(x, axis, opset):
    if opset < 13:
        # Old semantics: coerce to 2-D at `axis`, softmax over the second dim.
        shape = x.shape
        axis = axis % x.ndim
        x2 = x.reshape(int(np.prod(shape[:axis])), -1)
        e = np.exp(x2 - x2.max(axis=1, keepdims=True))
        return (e / e.sum(axis=1, keepdims=True)).reshape(shape)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def run_node(node, ins, opset):
    """Evaluate one node in float64; `ins` are numpy arrays (None for omitted inputs)."""
    op, a = node.op_type, attrs(node)
    if op == "Gemm":
        A, B = ins[0], ins[1]
        C = ins[2] if len(ins) > 2 else None
        if a.get("transA", 0):
            A = A.T
        if a.get("transB", 0):
            B = B.T
        Y = a.get("alpha", 1.0) * (A @ B)
        if C is not None:
            Y = Y + a.get("beta", 1.0) * C
        return [Y]
    if op == "MatMul":
        return [ins[0] @ ins[1]]
    if op == "Add":
        return [ins[0] + ins[1]]
    if op == "Sub":
        return [ins[0] - ins[1]]
    if op == "Mul":
        return [ins[0] * ins[1]]
    if op == "Div":
        return [ins[0] / ins[1]]
    if op == "Relu":
        return [np.maximum(ins[0], 0.0)]
    if op == "Identity":
        return [ins[0]]
    if op == "Dropout":
        # Inference mode (no training_mode input, or it is false): identity.
        if len(ins) > 2 and ins[2] is not None and bool(np.asarray(ins[2]).item()):
            raise ValueError(f"Dropout {node.name!r} in training mode is not deterministic")
        outs = [ins[0]]
        if len(node.output) > 1:
            outs.append(np.ones(ins[0].shape, dtype=bool))
        return outs
    if op == "Flatten":
        x = ins[0]
        axis = a.get("axis", 1)
        if axis < 0:
            axis += x.ndim
        return [x.reshape(int(np.prod(x.shape[:axis])), int(np.prod(x.shape[axis:])))]
    if op == "Reshape":
        x, shape = ins[0], [int(s) for s in ins[1]]
        if not a.get("allowzero", 0):
            shape = [x.shape[i] if s == 0 else s for i, s in enumerate(shape)]
        return [x.reshape(shape)]
    if op == "Transpose":
        return [np.transpose(ins[0], a.get("perm"))]
    if op == "Constant":
        if "value" in a:
            return [numpy_helper.to_array(a["value"]).astype(np.float64)]
        if "value_float" in a:
            return [np.array(a["value_float"], dtype=np.float64)]
        if "value_floats" in a:
            return [np.array(a["value_floats"], dtype=np.float64)]
        raise ValueError(f"Constant {node.name!r}: unsupported attribute {sorted(a)}")
    if op == "Softmax":
        return [softmax(ins[0], a.get("axis", 1 if opset < 13 else -1), opset)]
    raise NotImplementedError(f"numpy reference: op {op} (node {node.name!r}) not supported")


def real_inputs(model):
    """Graph inputs that are not initializers (IR<4 lists weights as inputs)."""
    inits = {t.name for t in model.graph.initializer}
    return [i for i in model.graph.input if i.name not in inits]


def concrete_shape(value_info):
    """Shape of a graph input with symbolic/unknown dims set to 1."""
    return [d.dim_value if d.HasField("dim_value") and d.dim_value > 0 else 1
            for d in value_info.type.tensor_type.shape.dim]


def numpy_forward(model, point):
    """Evaluate `model` at one flattened point; return the flattened outputs (float64)."""
    opset = opset_of(model)
    env = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in model.graph.initializer}
    off = 0
    for vi in real_inputs(model):
        shape = concrete_shape(vi)
        n = int(np.prod(shape))
        env[vi.name] = np.asarray(point[off:off + n], dtype=np.float64).reshape(shape)
        off += n
    assert off == len(point), f"point has {len(point)} values, inputs need {off}"
    for node in model.graph.node:  # ONNX requires topological order
        ins = [env[n] if n else None for n in node.input]
        for name, val in zip(node.output, run_node(node, ins, opset)):
            if name:
                env[name] = val
    return np.concatenate([env[o.name].ravel() for o in model.graph.output])


# --------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------

def ort_eval(model_path, points=None, sample=None):
    """Run ort_eval.cjs; returns the parsed JSON."""
    cmd = ["node", ORT_EVAL, model_path]
    tmp = None
    if points is not None:
        tmp = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
        json.dump({"points": points}, tmp)
        tmp.close()
        cmd.append(tmp.name)
    else:
        cmd += ["--sample", str(sample[0]), "--box", sample[1], "--seed", str(sample[2])]
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    finally:
        if tmp:
            os.unlink(tmp.name)
    if r.returncode != 0:
        raise RuntimeError(f"ort_eval failed (rc={r.returncode}): {r.stderr.strip()}")
    return json.loads(r.stdout)


def compare(model, points, outputs):
    """Largest scaled difference between ORT outputs and the numpy reference."""
    worst = 0.0
    for p, y in zip(points, outputs):
        ref = numpy_forward(model, p)
        got = np.asarray(y, dtype=np.float64)
        if got.shape != ref.shape:
            raise AssertionError(f"output size: ort {got.shape} vs numpy {ref.shape}")
        err = np.abs(got - ref) / np.maximum(1.0, np.abs(ref))
        worst = max(worst, float(err.max()))
    return worst


def run_checker(model):
    if opset_of(model) <= onnx.defs.onnx_opset_version() and model.ir_version <= onnx.IR_VERSION:
        checker.check_model(model, full_check=True)
        return "full_check"
    return f"skipped (opset {opset_of(model)}/IR {model.ir_version} newer than onnx {onnx.__version__})"


def check_valid_model(path, seed):
    model = onnx.load(path)
    how = run_checker(model)
    dim = sum(int(np.prod(concrete_shape(vi))) for vi in real_inputs(model))
    lo, hi = (0.0, 1.0) if "digits" in os.path.basename(path) else (-1.0, 1.0)
    rng = np.random.default_rng(seed)
    # float32-representable points, so ORT and numpy see exactly the same input.
    pts = rng.uniform(lo, hi, size=(N_POINTS, dim)).astype(np.float32).astype(np.float64).tolist()
    res = ort_eval(path, points=pts)
    e1 = compare(model, pts, res["outputs"])
    res2 = ort_eval(path, sample=(N_POINTS, f"{lo}:{hi}", seed))
    assert len(res2["points"]) == N_POINTS and all(len(p) == dim for p in res2["points"])
    e2 = compare(model, res2["points"], res2["outputs"])
    ops = sorted({n.op_type for n in model.graph.node})
    return max(e1, e2), how, ops


def check_bad_models():
    """Each bad model must be broken in exactly the intended way."""
    problems = []
    bad = os.path.join(HERE, "bad")

    def expect(cond, msg):
        if not cond:
            problems.append(msg)

    for name in ("truncated", "random_bytes"):
        try:
            m = onnx.load(os.path.join(bad, name + ".onnx"))
        except Exception:  # noqa: BLE001 - not parseable: as intended
            continue
        # protobuf may accept some garbage; then it must at least fail the checker
        try:
            checker.check_model(m)
            problems.append(f"{name}: parses AND passes the checker")
        except Exception:  # noqa: BLE001
            pass
    m = onnx.load(os.path.join(bad, "unknown_op.onnx"))
    checker.check_model(m, full_check=True)
    expect(any(n.op_type == "Sin" and n.name == "sin_node" for n in m.graph.node), "unknown_op: no sin_node")
    for name, node in (("nan_weight", "fc_nan"), ("inf_bias", "fc_inf")):
        m = onnx.load(os.path.join(bad, name + ".onnx"))
        n = next((n for n in m.graph.node if n.name == node), None)
        expect(n is not None, f"{name}: no node {node}")
        inits = {t.name: numpy_helper.to_array(t) for t in m.graph.initializer}
        expect(n is not None and any(not np.isfinite(inits[i]).all() for i in n.input if i in inits),
               f"{name}: {node} has no non-finite initializer")
    # bad_shape: x is [1,3] but fc_bad_shape's weight is [5,4].  onnx 1.12's
    # Gemm shape inference does not check the inner dimension (so the checker
    # passes it); onnxruntime's does, so ort_eval must refuse the model.
    m = onnx.load(os.path.join(bad, "bad_shape.onnx"))
    inits = {t.name: list(t.dims) for t in m.graph.initializer}
    expect(inits["W0"][0] != concrete_shape(m.graph.input[0])[1], "bad_shape: dimensions match")
    try:
        ort_eval(os.path.join(bad, "bad_shape.onnx"), points=[[0.0, 0.0, 0.0]])
        problems.append("bad_shape: onnxruntime accepted it")
    except RuntimeError:
        pass
    m = onnx.load(os.path.join(bad, "softmax_tail.onnx"))
    expect(m.graph.node[-1].op_type == "Softmax", "softmax_tail: last node is not Softmax")
    return problems


def main():
    failures = []
    paths = sorted(glob.glob(os.path.join(HERE, "*.onnx")))
    paths.append(os.path.join(HERE, "bad", "softmax_tail.onnx"))
    print(f"{'model':28s} {'max scaled err':>14s}  checker      ops")
    for k, path in enumerate(paths):
        name = os.path.relpath(path, HERE)
        try:
            err, how, ops = check_valid_model(path, seed=1000 + k)
            ok = err <= RTOL
            print(f"{name:28s} {err:14.2e}  {how if how == 'full_check' else 'SKIPPED':11s}  {' '.join(ops)}")
            if how != "full_check" and VERBOSE:
                print(f"    checker {how}")
            if not ok:
                failures.append(f"{name}: ORT and numpy differ by {err:.3e} > {RTOL}")
        except Exception as e:  # noqa: BLE001
            print(f"{name:28s} ERROR: {e}")
            failures.append(f"{name}: {e}")

    failures += [f"bad/: {p}" for p in check_bad_models()]

    all_files = paths[:-1] + sorted(glob.glob(os.path.join(HERE, "bad", "*.onnx")))
    total = 0
    for p in all_files:
        s = os.path.getsize(p)
        total += s
        if s > MAX_FILE:
            failures.append(f"{os.path.relpath(p, HERE)} is {s} bytes (> {MAX_FILE})")
    if total > MAX_TOTAL:
        failures.append(f"models total {total} bytes (> {MAX_TOTAL})")
    print(f"total size of {len(all_files)} .onnx files: {total} bytes")

    if failures:
        print("FAILED:")
        for f in failures:
            print("  - " + f)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
