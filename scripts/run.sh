#!/usr/bin/env bash
# The main job, end to end on a fresh Debian bookworm machine:
#   1. installs the dependencies (idempotent; apt + npm),
#   2. builds nn2milp (Release),
#   3. compiles the committed example network tests/models/surrogate_mlp.onnx (a ReLU surrogate
#      of f(x, y) = sin(3x) cos(2y) + 0.3 x y trained with torch, see tests/models/make_models.py)
#      to free MPS and CPLEX LP, maximising its output over the box [-1, 1]^2,
#   4. solves the MPS file with CBC and prints the optimum and the maximiser, read back through
#      the --map file, then checks the maximiser with nn2milp's own forward pass.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh"

nn2milp="$root/build/tools/nn2milp"
model="$root/tests/models/surrogate_mlp.onnx"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

"$nn2milp" "$model" -o "$out/surrogate.mps" --input-bounds=-1:1 --maximize 0 --map "$out/surrogate.map.json"
"$nn2milp" "$model" -o "$out/surrogate.lp" --input-bounds=-1:1 --maximize 0
cbc "$out/surrogate.mps" -solve -solu "$out/surrogate.sol" > "$out/cbc.log"

# CBC exits 0 even when it fails: read its solution file. The written objective is -y (a
# maximisation is written as a minimisation), so the network's maximum is minus CBC's value.
/usr/bin/python3 - "$out" "$nn2milp" "$model" <<'PY'
import json, subprocess, sys
out, nn2milp, model = sys.argv[1:]
sol = open(f"{out}/surrogate.sol").read().splitlines()
if not sol or not sol[0].startswith("Optimal"):
    sys.exit(f"CBC did not find an optimum: {sol[:1]}")
values = {f[1]: float(f[2]) for f in (line.split() for line in sol[1:]) if len(f) >= 3}
m = json.load(open(f"{out}/surrogate.map.json"))
obj = m["objective"]
optimum = obj["scale"] * float(sol[0].split()[-1])
x = [values.get(v, 0.0) for name in m["inputs"] for v in m["inputs"][name]]
with open(f"{out}/x.txt", "w") as f:
    f.write(" ".join(repr(v) for v in x))
y = float(subprocess.check_output([nn2milp, "eval", model, "--input", f"{out}/x.txt"]).split()[0])
print(f"maximum of the network over [-1,1]^2: {optimum:.9g} at x = {[round(v, 6) for v in x]}")
print(f"forward pass at that x:               {y:.9g}")
if abs(y - optimum) > 1e-6 * max(1.0, abs(y)):
    sys.exit("mismatch between the MILP optimum and the forward pass")
PY
