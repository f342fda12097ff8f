#!/usr/bin/env bash
# Numerics benchmark (issue #9): coefficient span and CBC solve time of robustness problems on
# the weight-decay nets (tests/models/numerics_wd_*.onnx), with and without cleanup_coefficients
# and with and without the scale pass, all in one run so that the ratios compare like with like.
#
#   bench/numerics.sh       (env: BUILD_DIR=<Release build dir>, default bench/build; RUNS=3)
#
# Problem: maximise a wrong-class logit over the L-infinity box of radius EPS around an sklearn
# digit (clipped to [0, 1]). Configurations (all with symbolic bounds):
#   exact          --exact-coefficients (every weight, float32 denormals included)
#   cleanup        the default (cleanup_coefficients)
#   exact+scale    --passes bounds_interval,bounds_symbolic,scale
#   cleanup+scale  --passes cleanup_coefficients,bounds_interval,bounds_symbolic,scale
# Per problem and configuration: the written model's coefficient span max/min |a| (--report
# numerics), CBC's status and the median wall time of RUNS solves with default settings, and the
# optimum's difference from the `cleanup` configuration's. Prints a Markdown table and replaces
# the section between the NUMERICS markers of bench/results.md with it.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$BENCH_DIR/build}"
RUNS="${RUNS:-3}"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/nn2milp-bench-numerics.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

if [[ ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
  cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DNN2MILP_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$BUILD_DIR" --target nn2milp -j"$(nproc)" >/dev/null
NN2MILP="$BUILD_DIR/tools/nn2milp"

# Box files: digit images 0 and 1 of sklearn's digits (pixels 0..16), +-EPS, ends rounded to float32.
python3 - "$TMP" <<'PY'
import struct, sys
d0 = [0,0,5,13,9,1,0,0,0,0,13,15,10,15,5,0,0,3,15,2,0,11,8,0,0,4,12,0,0,8,8,0,0,5,8,0,0,9,8,0,0,4,11,0,1,12,7,0,0,2,14,5,10,12,0,0,0,0,6,13,10,0,0,0]
d1 = [0,0,0,12,13,5,0,0,0,0,0,11,16,9,0,0,0,0,3,15,16,6,0,0,0,7,15,16,16,2,0,0,0,0,1,16,16,3,0,0,0,0,1,16,16,6,0,0,0,0,1,16,16,6,0,0,0,0,0,11,16,10,0,0]
f32 = lambda x: struct.unpack("f", struct.pack("f", x))[0]
for name, img in (("img0", d0), ("img1", d1)):
    for eps in ("0.05", "0.1"):
        with open(f"{sys.argv[1]}/{name}_eps{eps}.txt", "w") as f:
            for v in img:
                f.write(f"{f32(max(0.0, v / 16 - float(eps)))!r} {f32(min(1.0, v / 16 + float(eps)))!r}\n")
PY

declare -A PIPE=(
  [exact]="--exact-coefficients"
  [cleanup]=""
  [exact+scale]="--passes bounds_interval,bounds_symbolic,scale"
  [cleanup+scale]="--passes cleanup_coefficients,bounds_interval,bounds_symbolic,scale"
)
CONFIGS=(exact cleanup exact+scale cleanup+scale)

json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }

ROWS=()
for net in numerics_wd_mlp numerics_wd_deep; do
  for box in img0_eps0.05 img0_eps0.1 img1_eps0.05 img1_eps0.1; do
    k=3; [[ $box == img1* ]] && k=7
    declare -A OPT=()
    for cfg in "${CONFIGS[@]}"; do
      out="$TMP/$net.$box.$cfg.mps"
      # shellcheck disable=SC2086
      "$NN2MILP" "$ROOT/tests/models/$net.onnx" -o "$out" --input-bounds "$TMP/$box.txt" \
        --maximize "$k" --report "$out.json" ${PIPE[$cfg]} 2>/dev/null
      span=$(json "$out.json" "'%.3g' % d['numerics']['coefficients']['span']")
      minc=$(json "$out.json" "'%.2g' % d['numerics']['coefficients']['min_abs']")
      bins=$(json "$out.json" "d['milp']['binaries']")
      times=()
      status=""
      for ((r = 0; r < RUNS; r++)); do
        rm -f "$out.sol"
        t0=$(date +%s.%N)
        cbc "$out" -solve -solu "$out.sol" >/dev/null 2>&1 || true
        t1=$(date +%s.%N)
        times+=("$(python3 -c "print('%.3f' % ($t1 - $t0))")")
        status=$(head -1 "$out.sol" 2>/dev/null || echo "no solution file")
      done
      median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
      if [[ $status == Optimal* ]]; then
        opt=$(python3 -c "import sys; print(-float(sys.argv[1]))" "$(sed -E 's/.*objective value +//' <<<"$status")")
        short="Optimal"
      else
        opt=""
        short="${status%% - *}"
      fi
      OPT[$cfg]="$opt"
      ROWS+=("$net|$box max $k|$cfg|$bins|$minc|$span|$short|$median|${times[*]}|$opt")
    done
  done
done

# Difference of each optimum from the `cleanup` configuration's optimum of the same problem.
TABLE="$TMP/table.md"
{
  echo "<!-- BEGIN NUMERICS (bench/numerics.sh) -->"
  echo "## Numerics: coefficient span and CBC time with/without cleanup and scaling"
  echo
  echo "$(date -u +%Y-%m-%d), $(git -C "$ROOT" rev-parse --short HEAD), $(nproc) cores; CBC $(cbc -quit 2>/dev/null | sed -n 's/^Version: //p') with default settings,"
  echo "median wall time of $RUNS solves; load average (1 min) at end: $(cut -d' ' -f1 /proc/loadavg)."
  echo "span = max/min |coefficient| of the written model; Δ = optimum - optimum of \`cleanup\`."
  echo
  echo "| network | problem | configuration | binaries | min \|a\| | span | CBC status | CBC median (s) | runs (s) | optimum | Δ |"
  echo "|---|---|---|---:|---:|---:|---|---:|---|---:|---:|"
  for row in "${ROWS[@]}"; do
    IFS='|' read -r net prob cfg bins minc span st med runs opt <<<"$row"
    ref=""
    for r2 in "${ROWS[@]}"; do
      IFS='|' read -r n2 p2 c2 _ _ _ _ _ _ o2 <<<"$r2"
      [[ $n2 == "$net" && $p2 == "$prob" && $c2 == cleanup ]] && ref="$o2"
    done
    delta=""
    [[ -n $opt && -n $ref ]] && delta=$(python3 -c "import sys; print('%.1e' % (float(sys.argv[1]) - float(sys.argv[2])))" "$opt" "$ref")
    echo "| $net | $prob | $cfg | $bins | $minc | $span | $st | $med | $runs | $opt | $delta |"
  done
  echo "<!-- END NUMERICS -->"
} > "$TABLE"
cat "$TABLE"

RES="$BENCH_DIR/results.md"
if grep -q "BEGIN NUMERICS" "$RES" 2>/dev/null; then
  python3 - "$RES" "$TABLE" <<'PY'
import re, sys
res, table = open(sys.argv[1]).read(), open(sys.argv[2]).read()
out = re.sub(r"<!-- BEGIN NUMERICS.*?<!-- END NUMERICS -->\n?", lambda m: table, res, flags=re.S)
open(sys.argv[1], "w").write(out)
PY
else
  { echo; cat "$TABLE"; } >> "$RES"
fi
