#!/usr/bin/env bash
# Verifies the repository's digits classifier (tests/models/digits_mlp.onnx: 64 pixels in [0, 1],
# 10 logits) against two VNN-LIB robustness properties with nn2milp and CBC, and checks the
# verdicts against the ones the property files were written with (their names end in
# .sat.vnnlib / .unsat.vnnlib; see tests/e2e/specs/ for why).
#
#   examples/vnnlib_digits/run.sh [NN2MILP]      (default: build/tools/nn2milp, else nn2milp on PATH)
#
# For a violated property (sat) it prints the counterexample: the input CBC found, the network's
# class there (nn2milp eval), and nn2milp check's confirmation that the solver's outputs are the
# network's. Exit status 0 when both verdicts are the expected ones.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
nn2milp=${1:-}
if [[ -z $nn2milp ]]; then
  if [[ -x $repo/build/tools/nn2milp ]]; then nn2milp=$repo/build/tools/nn2milp; else nn2milp=nn2milp; fi
fi
command -v cbc >/dev/null || { echo "cbc not found (Debian: apt-get install coinor-cbc)" >&2; exit 2; }
model=$repo/tests/models/digits_mlp.onnx
work=$(mktemp -d "${TMPDIR:-/tmp}/vnnlib_digits.XXXXXX")
trap 'rm -rf "$work"' EXIT
status=0

for spec in "$repo"/tests/e2e/specs/digits_mlp.img0_eps0.3.sat.vnnlib \
            "$repo"/tests/e2e/specs/digits_mlp.img1_eps0.08.unsat.vnnlib; do
  name=$(basename "$spec" .vnnlib)
  expected=${name##*.}
  echo "== $name (expected: $expected)"
  # 1. The property as a MILP: feasible exactly when the property is violated.
  "$nn2milp" "$model" --spec "$spec" --bounds lp -o "$work/$name.mps" --map "$work/$name.map.json"
  # 2. CBC. It exits 0 even when it fails: read the status from the solution file's first line.
  cbc "$work/$name.mps" -sec 120 -solve -solu "$work/$name.sol" >"$work/$name.cbc.log"
  first=$(head -1 "$work/$name.sol")
  case "$first" in
    Optimal*) verdict=sat ;;
    Infeasible*|"Integer infeasible"*) verdict=unsat ;;
    *) verdict="unknown ($first)" ;;
  esac
  echo "CBC: $first -> $verdict (sat: a counterexample exists; unsat: the property holds)"
  if [[ $verdict == sat ]]; then
    # 3. The counterexample: the input variables named by the map, in order, read from the
    #    solution (a variable CBC does not list is 0).
    sed -n '/"inputs"/,/"outputs"/p' "$work/$name.map.json" | grep -o '"[^"]*"' | sed '1,2d;$d' |
      tr -d '"' >"$work/$name.inputs"
    awk 'NR == FNR { if (FNR > 1) value[$2] = $3; next } { printf "%s ", ($1 in value) ? value[$1] : 0 }
         END { print "" }' "$work/$name.sol" "$work/$name.inputs" >"$work/$name.point"
    echo "counterexample input: $(cut -c1-100 "$work/$name.point")..."
    "$nn2milp" eval "$model" --input "$work/$name.point" >"$work/$name.outputs"
    echo "network class at that input: $(awk '{ if (NR == 1 || $1 > best) { best = $1; k = NR - 1 } } END { print k }' "$work/$name.outputs")"
    "$nn2milp" check "$model" --solution "$work/$name.sol" --map "$work/$name.map.json" >/dev/null
    echo "nn2milp check: the solver's outputs are the network's outputs at that input"
  fi
  if [[ $verdict == "$expected" ]]; then echo "verdict as expected"; else echo "UNEXPECTED verdict"; status=1; fi
done
exit $status
