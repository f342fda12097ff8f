#!/usr/bin/python3
"""Checks the piecewise-linear test networks (tests/models/pwl_*.onnx): onnxruntime (float32, via
tests/js/ort_eval.cjs) against `nn2milp eval` (the lowered network evaluated in double).

    /usr/bin/python3 tests/models/check_pwl_models.py [--nn2milp build/tools/nn2milp] [--points N]

For each model, N points (default 8) are drawn uniformly with a fixed numpy seed from [0, 1]^d
for pwl_digits_cnn (pixels) and [-1, 1]^d otherwise, and rounded to float32 (so both sides see
the same inputs). Every output must satisfy
    |nn2milp - ort| <= 1e-5 * max(1, |ort|)
Prints one line per model with the largest error; exits 1 on any mismatch (or a missing model).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

from check_utils import TOL, eval_errors

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MODELS = {"pwl_digits_cnn": (0.0, 1.0), "pwl_mlp": (-1.0, 1.0), "pwl_maxmin": (-1.0, 1.0)}


def input_size(path):
    import onnx
    m = onnx.load(path)
    inits = {i.name for i in m.graph.initializer}
    n = 0
    for v in m.graph.input:
        if v.name in inits:
            continue
        size = 1
        for d in v.type.tensor_type.shape.dim:
            size *= d.dim_value if d.HasField("dim_value") else 1
        n += size
    return n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nn2milp", default=os.path.join(ROOT, "build", "tools", "nn2milp"))
    ap.add_argument("--points", type=int, default=8)
    args = ap.parse_args()
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for seed, (name, (lo, hi)) in enumerate(sorted(MODELS.items())):
            model = os.path.join(HERE, name + ".onnx")
            if not os.path.exists(model):
                print(f"FAIL {name}: {model} not found (run make_pwl_models.py)")
                failed += 1
                continue
            rng = np.random.default_rng(100 + seed)
            d = input_size(model)
            points = rng.uniform(lo, hi, size=(args.points, d)).astype(np.float32).astype(float).tolist()
            inputs = os.path.join(tmp, name + ".inputs.json")
            with open(inputs, "w") as f:
                json.dump({"points": points}, f)
            ref = subprocess.run(["node", os.path.join(ROOT, "tests", "js", "ort_eval.cjs"), model, inputs],
                                 check=True, capture_output=True, text=True)
            expected_rows = json.loads(ref.stdout)["outputs"]
            worst = 0.0
            ok = len(expected_rows) == len(points)
            for i, (point, expected) in enumerate(zip(points, expected_rows)):
                path = os.path.join(tmp, f"{name}.{i}.txt")
                with open(path, "w") as f:
                    f.write(" ".join(repr(v) for v in point) + "\n")
                errors = eval_errors(args.nn2milp, name, model, path, expected)
                if errors is None:
                    ok = False
                    break
                worst = max([worst] + errors)
                ok = ok and all(err <= TOL for err in errors)
            status = "ok  " if ok else "FAIL"
            print(f"{status} {name}: {len(points)} points in [{lo:g},{hi:g}]^{d}, max error {worst:.2e} "
                  f"(tolerance {TOL:.0e})")
            failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
