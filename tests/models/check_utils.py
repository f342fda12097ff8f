"""Comparison helpers shared by check_cnn_models.py and check_pwl_models.py (imported by both; not
a script): run `nn2milp eval` on one input point and measure it against onnxruntime's outputs.
"""

import subprocess

TOL = 1e-5  # |nn2milp - ort| <= TOL * max(1, |ort|): ORT computes in float32


def eval_errors(nn2milp, name, model, input_path, expected):
    """Runs `nn2milp eval model --input input_path` and returns, per output, the relative error
    |got - expected| / max(1, |expected|). Returns None after printing a FAIL line naming the
    model `name` when nn2milp fails or its output count differs from onnxruntime's."""
    run = subprocess.run([nn2milp, "eval", model, "--input", input_path], capture_output=True, text=True)
    if run.returncode != 0:
        print(f"FAIL {name}: nn2milp eval exited {run.returncode}: {run.stderr.strip()}")
        return None
    got = [float(t) for t in run.stdout.split()]
    if len(got) != len(expected):
        print(f"FAIL {name}: {len(got)} outputs, onnxruntime has {len(expected)}")
        return None
    return [abs(a - b) / max(1.0, abs(b)) for a, b in zip(got, expected)]
