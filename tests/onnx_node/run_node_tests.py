#!/usr/bin/python3
"""Differential tests: the ONNX backend node tests (Debian package libonnx-testdata 1.12.0) against
nn2milp, for every node test whose model uses only ops of frontend/op_table.cc.

For each test directory (model.onnx + test_data_set_*/input_*.pb, output_*.pb) and each data set:
  * graph inputs without initializer whose element type is float or double stay network inputs
    (flattened, concatenated in graph-input order); integer/bool inputs (indices, shapes, axes,
    ...) are turned into initializers holding the test's value (nn2milp needs them constant): the
    rewritten model is written with onnx.helper to a temporary directory;
  * `nn2milp eval` at the test's input point is compared with the expected outputs (flattened,
    concatenated in graph-output order): |a - b| <= 1e-5 * max(1, |b|);
  * the MILP: the model is compiled with every input fixed (--input-bounds FILE, lo == hi) to MPS
    with --map, solved by CBC (-preprocess off), and the output variables are compared the same way;
    for smooth ops, which MPS refuses (exit 4 suggesting .nl), the .nl must compile instead.

Each test is classified:
  pass     both checks agree with the expected outputs on every data set;
  fail     wrong numbers, wrong output count, a crash of nn2milp (exit code other than 0/3/4/6 or a
           signal), a timeout, or a CBC failure on a model nn2milp wrote;
  refused  nn2milp rejected the model (exit 4 = unsupported, 3 = invalid, 6 = prerequisite);
  skipped  the test cannot be run through nn2milp's interface (reason printed): a data input of
           another element type (float16, bfloat16, string, sequence, optional), zero-size tensors,
           NaN/Inf in the inputs or expected outputs.
Refused and skipped tests are listed but are not failures.  Output: a table per op, the lists, and
the last line "N passed, M failed".  Exit status 1 on any failure (and when the test data is missing:
scripts/setup.sh installs libonnx-testdata).

usage: /usr/bin/python3 run_node_tests.py --nn2milp BIN [--data-dir DIR] [--jobs N]
                                          [--filter REGEX] [--keep] [-v]
Needs Debian's python3-onnx (1.12) and python3-numpy, and cbc on PATH.
"""
import argparse
import collections
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

try:
    import numpy as np
    import onnx
    from onnx import helper, numpy_helper
except ImportError as e:  # pragma: no cover - reported as a failure
    print(f"missing test prerequisite (run scripts/setup.sh; use /usr/bin/python3): {e}")
    print("0 passed, 1 failed")
    sys.exit(1)

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.normpath(os.path.join(HERE, "..", ".."))
DEFAULT_DATA_DIR = "/usr/share/libonnx-testdata/data/node"
TOL = 1e-5
TIMEOUT = 120  # seconds per subprocess

TP = onnx.TensorProto
FLOAT_TYPES = {TP.FLOAT, TP.DOUBLE}
CONST_TYPES = {TP.INT8, TP.INT16, TP.INT32, TP.INT64, TP.UINT8, TP.UINT16, TP.UINT32, TP.UINT64,
               TP.BOOL}
REFUSED_CODES = {3: "invalid", 4: "unsupported", 6: "prerequisite"}


def supported_ops():
    text = open(os.path.join(SOURCE_DIR, "frontend", "op_table.cc")).read()
    ops = set(re.findall(r'OpEntry\{"([A-Za-z]+)"', text))
    if not ops:
        raise RuntimeError("no OpEntry found in frontend/op_table.cc")
    return ops


def type_name(elem_type):
    return TP.DataType.Name(elem_type)


def first_line(text):
    lines = [l for l in text.strip().splitlines() if l.strip()]
    return lines[0] if lines else ""


def run(argv, cwd=None):
    t0 = time.monotonic()
    try:
        p = subprocess.run(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=TIMEOUT)
        return p.returncode, p.stdout, p.stderr, time.monotonic() - t0
    except subprocess.TimeoutExpired:
        return None, "", f"timed out after {TIMEOUT} s", time.monotonic() - t0


def fmt(v):
    return repr(float(v))


def compare(actual, expected):
    """Returns None when equal within tolerance, else a short description."""
    if len(actual) != len(expected):
        return f"{len(actual)} output values, expected {len(expected)}"
    bad = [i for i, (a, b) in enumerate(zip(actual, expected))
           if not abs(a - b) <= TOL * max(1.0, abs(b))]
    if not bad:
        return None
    i = bad[0]
    err = max(abs(actual[j] - expected[j]) for j in bad)
    return (f"{len(bad)}/{len(expected)} values differ; first at flat index {i}: got "
            f"{actual[i]!r}, expected {expected[i]!r}; max abs error {err:.3g}")


class Outcome:
    """Result of one test (all of its data sets)."""
    ORDER = {"pass": 0, "skipped": 1, "refused": 2, "fail": 3}

    def __init__(self, name, op):
        self.name, self.op = name, op
        self.status, self.detail, self.notes = "pass", "", []

    def set(self, status, detail):
        if self.ORDER[status] > self.ORDER[self.status]:
            self.status, self.detail = status, detail


def load_tensor(path):
    t = TP()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return t


def elem_type_of(value_info):
    tt = value_info.type
    if tt.WhichOneof("value") != "tensor_type":
        return None, tt.WhichOneof("value")
    return tt.tensor_type.elem_type, None


def as_float_list(arr):
    return [float(x) for x in np.asarray(arr, dtype=np.float64).reshape(-1)]


# nn2milp refuses variable weights ("must be a constant", bilinear products, variable divisors).
NEEDS_CONSTANT = re.compile(r"must be a constant|depends? on the network input")
NO_INPUT = "has no (non-constant) input"
DUMMY_INPUT = "nn2milp_node_test_dummy"
BIG_INPUT = 20000  # elements; above this the MILP is compiled with --bounds ia (see below)


def rewrite(model, constants, dummy, path):
    """Writes `model` with the given (value_info, array) inputs turned into initializers, plus an
    unused float[1] input when `dummy` (nn2milp needs at least one network input)."""
    m = onnx.ModelProto()
    m.CopyFrom(model)
    if m.ir_version >= 4:  # before IR 4, every initializer must also be a graph input
        names = {vi.name for vi, _ in constants}
        kept = [vi for vi in m.graph.input if vi.name not in names]
        del m.graph.input[:]
        m.graph.input.extend(kept)
    for vi, arr in constants:
        m.graph.initializer.append(numpy_helper.from_array(arr, vi.name))
    if dummy:
        m.graph.input.append(helper.make_tensor_value_info(DUMMY_INPUT, TP.FLOAT, [1]))
    onnx.save(m, path)


def check(args, model_path, point, expected, output_names, work, tag):
    """Runs eval and the MILP at `point`.  Returns (status, detail); status "pass", "fail" or
    "refused"."""
    point_file = os.path.join(work, f"{tag}.point.txt")
    with open(point_file, "w") as f:
        f.write(" ".join(fmt(v) for v in point) + "\n")
    bounds_file = os.path.join(work, f"{tag}.bounds.txt")
    with open(bounds_file, "w") as f:
        f.write("# every input element fixed to the test's value\n")
        f.writelines(f"{fmt(v)} {fmt(v)}\n" for v in point)

    def failed(what, rc, stderr):
        """None when the run succeeded, else (status, detail)."""
        if rc == 0:
            return None
        msg = first_line(stderr)
        if rc in REFUSED_CODES:
            return "refused", f"{what}: exit {rc} ({REFUSED_CODES[rc]}): {msg}"
        if rc is None:
            return "fail", f"{what}: {msg}"
        if rc < 0:
            return "fail", f"{what}: CRASH, killed by signal {-rc}: {msg}"
        return "fail", f"{what}: CRASH, exit {rc}: {msg}"

    # 1. nn2milp eval
    rc, stdout, stderr, _ = run([args.nn2milp, "eval", model_path, "--input", point_file])
    bad = failed(f"{tag} eval", rc, stderr)
    if bad:
        return bad
    try:
        actual = [float(x) for x in stdout.split()]
    except ValueError:
        return "fail", f"{tag} eval: unparsable output {stdout[:80]!r}"
    diff = compare(actual, expected)
    if diff:
        return "fail", f"{tag} eval: {diff}"

    # 2. the MILP with inputs fixed, solved by CBC.  With every input fixed, interval arithmetic
    # is already exact, and the default symbolic pass takes minutes on the largest tests
    # (test_maxpool_3d_default: 98304 inputs, 625k ReLUs), so those use --bounds ia.
    mps = os.path.join(work, f"{tag}.mps")
    map_file = os.path.join(work, f"{tag}.map.json")
    sol = os.path.join(work, f"{tag}.sol")
    argv = [args.nn2milp, model_path, "-o", mps, "--input-bounds", bounds_file, "--map", map_file]
    if len(point) > BIG_INPUT:
        argv += ["--bounds", "ia"]
    rc, _, stderr, _ = run(argv)
    if rc == 4 and "write AMPL .nl" in stderr:
        # A smooth op (Sigmoid, Softmax, ...): MPS refuses it; the exact .nl must be written
        # instead (its rows are checked against onnxruntime by tests/e2e/smooth_nl.cjs; there is no
        # NLP solver here to solve it), so this test checks eval and the .nl compile.
        nl = os.path.join(work, f"{tag}.nl")
        rc, _, stderr, _ = run([args.nn2milp, model_path, "-o", nl, "--input-bounds", bounds_file])
        bad = failed(f"{tag} compile .nl", rc, stderr)
        return bad if bad else ("pass", "")
    bad = failed(f"{tag} compile", rc, stderr)
    if bad:
        return bad
    with open(map_file) as f:
        mp = json.load(f)
    out_vars = []
    for name in output_names:
        if name not in mp.get("outputs", {}):
            return "fail", f"{tag} milp: output '{name}' missing from the map"
        out_vars.extend(mp["outputs"][name])
    rc, stdout, stderr, _ = run(["cbc", mps, "-preprocess", "off", "-solve", "-solu", sol])
    if not os.path.exists(sol):
        return "fail", f"{tag} milp: CBC wrote no solution (exit {rc}): {first_line(stderr)}"
    with open(sol) as f:
        lines = f.read().splitlines()
    if not lines or not lines[0].startswith("Optimal"):
        return "fail", f"{tag} milp: CBC status {lines[0] if lines else '(empty)'!r}"
    values = {}
    for line in lines[1:]:
        fields = line.split()
        if fields and fields[0] == "**":
            fields = fields[1:]
        if len(fields) >= 3:
            values[fields[1]] = float(fields[2])
    diff = compare([values.get(v, 0.0) for v in out_vars], expected)
    if diff:
        return "fail", f"{tag} milp: {diff}"
    return "pass", ""


def run_data_set(args, test_dir, model, data_dir, work, out):
    """Runs one data set; records into `out` (an Outcome)."""
    tag = os.path.basename(data_dir)
    g = model.graph
    inits = {i.name for i in g.initializer}
    graph_inputs = [vi for vi in g.input if vi.name not in inits]
    n_in = len([f for f in os.listdir(data_dir) if re.fullmatch(r"input_\d+\.pb", f)])
    n_out = len([f for f in os.listdir(data_dir) if re.fullmatch(r"output_\d+\.pb", f)])
    if n_in != len(graph_inputs) or n_out != len(g.output):
        out.set("skipped", f"{tag}: {n_in} input / {n_out} output files for {len(graph_inputs)} "
                f"graph inputs / {len(g.output)} graph outputs")
        return

    # Inputs: float/double stay variable; integer/bool become initializers.
    variable, constants = [], []
    for i, vi in enumerate(graph_inputs):
        et, other = elem_type_of(vi)
        if et is None:
            out.set("skipped", f"input '{vi.name}' is a {other}, not a tensor")
            return
        t = load_tensor(os.path.join(data_dir, f"input_{i}.pb"))
        arr = numpy_helper.to_array(t)
        if arr.size == 0:
            out.set("skipped", f"zero-size input '{vi.name}' {list(arr.shape)}")
            return
        if et in FLOAT_TYPES:
            if not np.all(np.isfinite(arr)):
                out.set("skipped", f"NaN/Inf in input '{vi.name}'")
                return
            variable.append((vi, arr))
        elif et in CONST_TYPES:
            constants.append((vi, arr))
        else:
            out.set("skipped", f"input '{vi.name}' has element type {type_name(et)} "
                    "(neither float/double, which stays variable, nor integer/bool, which is made "
                    "constant)")
            return

    expected = []
    for i, vo in enumerate(g.output):
        t = load_tensor(os.path.join(data_dir, f"output_{i}.pb"))
        if t.data_type == TP.STRING:
            out.set("skipped", f"output '{vo.name}' is a string tensor")
            return
        arr = numpy_helper.to_array(t)
        if arr.size == 0:
            out.set("skipped", f"zero-size output '{vo.name}' {list(arr.shape)}")
            return
        if not np.all(np.isfinite(arr.astype(np.float64))):
            out.set("skipped", f"NaN/Inf in expected output '{vo.name}'")
            return
        expected.extend(as_float_list(arr))
    output_names = [vo.name for vo in g.output]

    def describe(items):
        return ", ".join(f"{vi.name} ({type_name(elem_type_of(vi)[0])})" for vi, _ in items)

    # Attempt 1: the test as it is (integer/bool inputs constant).
    # Attempt 2, when nn2milp needs a float input constant (weights, slopes, divisors, clip
    # bounds, ...): only the first float input stays variable, the others become initializers.
    # A graph left without any variable input gets an unused float[1] input (value 0), since
    # nn2milp refuses graphs without input; then only nn2milp's constant folding is tested.
    attempts = [(variable, constants)]
    if len(variable) > 1:
        attempts.append((variable[:1], constants + variable[1:]))
    for k, (var, const) in enumerate(attempts):
        dummy = not var
        model_path = os.path.join(test_dir, "model.onnx")
        if const or dummy:
            model_path = os.path.join(work, f"{tag}.model{k}.onnx")
            rewrite(model, const, dummy, model_path)
        point = [v for _, arr in var for v in as_float_list(arr)] if var else [0.0]
        status, detail = check(args, model_path, point, expected, output_names, work,
                               f"{tag}.{k}")
        if status == "refused" and k + 1 < len(attempts) and NEEDS_CONSTANT.search(detail):
            continue
        notes = []
        if const:
            notes.append("made constant: " + describe(const))
        if dummy:
            notes.append("no variable input left: added an unused float[1] input")
        for n in notes:
            if n not in out.notes:
                out.notes.append(n)
        out.set(status, detail)
        return


def run_test(args, test_dir):
    name = os.path.basename(test_dir)
    model = onnx.load(os.path.join(test_dir, "model.onnx"))
    op = "+".join(sorted({n.op_type for n in model.graph.node})) or "(none)"
    out = Outcome(name, op)
    work = tempfile.mkdtemp(prefix=f"{name}.", dir=args.work)
    try:
        data_sets = sorted(d for d in os.listdir(test_dir) if d.startswith("test_data_set_"))
        if not data_sets:
            out.set("skipped", "no test_data_set_* directory")
        for ds in data_sets:
            run_data_set(args, test_dir, model, os.path.join(test_dir, ds), work, out)
    except Exception as e:  # a bug of this script or unreadable data: a failure, clearly labelled
        out.set("fail", f"test harness error: {type(e).__name__}: {e}")
    if out.status != "fail" and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        out.notes.append(f"work files kept in {work}")
    return out


def select_tests(data_dir, ops, pattern):
    tests = []
    for d in sorted(os.listdir(data_dir)):
        path = os.path.join(data_dir, d)
        model_file = os.path.join(path, "model.onnx")
        if not os.path.isfile(model_file):
            continue
        if pattern and not re.search(pattern, d):
            continue
        model = onnx.load(model_file, load_external_data=False)
        if not model.graph.node:
            continue
        if all(n.domain in ("", "ai.onnx") and n.op_type in ops for n in model.graph.node):
            tests.append(path)
    return tests


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nn2milp", required=True)
    ap.add_argument("--data-dir", default=DEFAULT_DATA_DIR)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--filter", help="only tests whose directory name matches this regex")
    ap.add_argument("--keep", action="store_true", help="keep the work files of every test")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per test")
    args = ap.parse_args()

    problems = []
    if not os.path.isdir(args.data_dir):
        problems.append(f"ONNX node test data not found at {args.data_dir} "
                        "(apt package libonnx-testdata; run scripts/setup.sh)")
    if not (os.path.isfile(args.nn2milp) and os.access(args.nn2milp, os.X_OK)):
        problems.append(f"nn2milp binary not found: {args.nn2milp}")
    if shutil.which("cbc") is None:
        problems.append("cbc not found on PATH (apt package coinor-cbc; run scripts/setup.sh)")
    if problems:
        for p in problems:
            print(f"error: {p}")
        print("0 passed, 1 failed")
        return 1
    args.nn2milp = os.path.abspath(args.nn2milp)

    ops = supported_ops()
    tests = select_tests(args.data_dir, ops, args.filter)
    if not tests:
        print(f"error: no node test in {args.data_dir} uses only supported ops")
        print("0 passed, 1 failed")
        return 1
    print(f"{len(tests)} node tests in {args.data_dir} use only the {len(ops)} supported ops")

    args.work = tempfile.mkdtemp(prefix="nn2milp_onnx_node.")
    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(lambda t: run_test(args, t), tests))
    elapsed = time.monotonic() - t0

    if args.verbose:
        for r in results:
            print(f"{r.status:8} {r.name}" + (f": {r.detail}" if r.detail else ""))
            for n in r.notes:
                print(f"           {n}")

    per_op = collections.OrderedDict()
    for r in sorted(results, key=lambda r: r.op):
        per_op.setdefault(r.op, collections.Counter())[r.status] += 1
    width = max(len(op) for op in per_op)
    print()
    print(f"{'op':{width}}  pass  fail  refused  skipped")
    for op, c in per_op.items():
        print(f"{op:{width}}  {c['pass']:4}  {c['fail']:4}  {c['refused']:7}  {c['skipped']:7}")
    total = collections.Counter(r.status for r in results)
    print(f"{'total':{width}}  {total['pass']:4}  {total['fail']:4}  {total['refused']:7}  "
          f"{total['skipped']:7}")

    for status, title in (("skipped", "SKIPPED (not runnable through nn2milp's interface)"),
                          ("refused", "REFUSED by nn2milp (not failures)"),
                          ("fail", "FAILED")):
        chosen = [r for r in results if r.status == status]
        if chosen:
            print(f"\n{title}:")
            for r in chosen:
                print(f"  {r.name}: {r.detail}")
                for n in r.notes:
                    if status != "skipped":
                        print(f"      {n}")
    made_const = [r for r in results if any(n.startswith("made constant") for n in r.notes)]
    dummies = [r for r in results if any(n.startswith("no variable input") for n in r.notes)]
    print(f"\n{len(made_const)} tests ran with inputs turned into initializers (integer/bool "
          "inputs always; float weights when nn2milp needs them constant), "
          f"{len(dummies)} of them with an added unused input (constant folding only); "
          "-v lists them")
    if not args.keep and not any(r.status == "fail" for r in results):
        shutil.rmtree(args.work, ignore_errors=True)
    print(f"\n({elapsed:.1f} s, {args.jobs} jobs)")
    print(f"{total['pass']} passed, {total['fail']} failed")
    return 1 if total["fail"] else 0


if __name__ == "__main__":
    sys.exit(main())
