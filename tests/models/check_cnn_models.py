#!/usr/bin/python3
"""Checks the convolutional test networks (tests/models/cnn_*.onnx): onnxruntime (float32, via
tests/js/ort_eval.cjs) against `nn2milp eval` (the lowered network evaluated in double).

    /usr/bin/python3 tests/models/check_cnn_models.py [--nn2milp build/tools/nn2milp] [--points N]

For each model, N points are sampled uniformly from [0, 1]^d (digits pixels are in [0, 1]) and
[-1.5, 1.5]^d for cnn_conv1d, by ort_eval's deterministic sampler. Every output must satisfy
    |nn2milp - ort| <= 1e-5 * max(1, |ort|)
(relative error, with outputs below 1 in magnitude compared absolutely, since ORT computes in
float32). Prints one line per model with the largest error; exits 1 on any mismatch.
"""

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

from check_utils import TOL, eval_errors

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BOXES = {"cnn_conv1d": "-1.5:1.5"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--nn2milp", default=os.path.join(ROOT, "build", "tools", "nn2milp"))
    ap.add_argument("--points", type=int, default=8)
    args = ap.parse_args()
    models = sorted(glob.glob(os.path.join(HERE, "cnn_*.onnx")))
    if not models:
        print("no cnn_*.onnx models found", file=sys.stderr)
        return 1
    failed = 0
    for model in models:
        name = os.path.splitext(os.path.basename(model))[0]
        ref = subprocess.run(
            ["node", os.path.join(ROOT, "tests", "js", "ort_eval.cjs"), model, "--sample",
             str(args.points), "--box", BOXES.get(name, "0:1"), "--seed", "7"],
            check=True, capture_output=True, text=True)
        data = json.loads(ref.stdout)
        worst = 0.0
        ok = True
        for point, expected in zip(data["points"], data["outputs"]):
            with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
                f.write(" ".join(repr(float(v)) for v in point))
                path = f.name
            try:
                errors = eval_errors(args.nn2milp, name, model, path, expected)
            finally:
                os.unlink(path)
            if errors is None:
                ok = False
                break
            worst = max([worst] + errors)
            ok = ok and all(err <= TOL for err in errors)
        status = "ok  " if ok else "FAIL"
        print(f"{status} {name}: {len(data['points'])} points, max error {worst:.2e} (tolerance {TOL:.0e})")
        failed += not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
