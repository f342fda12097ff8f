#!/usr/bin/env bash
# Compile-speed benchmark for nn2milp.
#
#   bench/run.sh            (env: BUILD_DIR=<Release cmake build dir>, default bench/build; RUNS=3;
#                            BOUNDS=ia|symbolic|lp, default ia; NETS and FORMATS: lists)
#
# Builds nn2milp (Release) if needed, generates the benchmark MLPs into a temp dir
# (bench/make_mlps.py), and for each network x format (mps, lp) runs the compile RUNS times
# (after one untimed warm-up run) and reports the median wall time, the output size, the peak
# RSS, and the median time of a plain buffered write of the same number of bytes
# (bench/baseline_write.cc) with the ratio compile/baseline. Prints a Markdown table and
# writes it to its block of bench/results.md. Everything else lives in a temp dir that is removed on exit.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$BENCH_DIR/build}"
RUNS="${RUNS:-3}"
# Bound level of the timed compiles. "ia" (interval arithmetic) measures loading, encoding and
# writing, the part this benchmark is about; BOUNDS=symbolic adds back-substitution (seconds on
# the 784-1024-1024-10 net).
BOUNDS="${BOUNDS:-ia}"
# Networks (see bench/make_mlps.py) and formats to measure.
NETS="${NETS:-mlp_784_256_256_10 mlp_784_1024_1024_10 mlp_784_4096_4096_10 conv_3x64x64_32_16}"
FORMATS="${FORMATS:-mps lp nl}"
PY=/usr/bin/python3   # the interpreter with onnx + numpy

TMP="$(mktemp -d "${TMPDIR:-/tmp}/nn2milp-bench.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

# --- build (Release) --------------------------------------------------------------------------
# A separate Release build without the tests (bench/build, git-ignored by bench/.gitignore), so
# neither the developer's build type nor the state of the test tree affects the benchmark.
if [[ -f "$BUILD_DIR/CMakeCache.txt" ]]; then
  bt="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt")"
  if [[ "$bt" != "Release" ]]; then
    echo "error: $BUILD_DIR is configured as '${bt:-<none>}', not Release; set BUILD_DIR to a Release build dir" >&2
    exit 2
  fi
else
  cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DNN2MILP_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$BUILD_DIR" --target nn2milp -j"$(nproc)" >/dev/null
NN2MILP="$BUILD_DIR/tools/nn2milp"
[[ -x "$NN2MILP" ]] || { echo "error: $NN2MILP not built" >&2; exit 1; }

g++ -O2 -std=c++20 -o "$TMP/baseline_write" "$BENCH_DIR/baseline_write.cc"

# --- models -----------------------------------------------------------------------------------
"$PY" "$BENCH_DIR/make_mlps.py" "$TMP/models" >/dev/null

# --- measurement helpers ----------------------------------------------------------------------
now_ns() { date +%s%N; }

median() {  # median of the arguments (numbers)
  printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'
}

# "peak-RSS-KiB user-s sys-s" of a command: /usr/bin/time -f %M if present, else getrusage(RUSAGE_CHILDREN).
if [[ -x /usr/bin/time ]]; then
  peak_rss() { /usr/bin/time -f '%M %U %S' -o "$TMP/rss" "$@" >/dev/null 2>"$TMP/stderr"; cat "$TMP/rss"; }
else
  peak_rss() {
    "$PY" - "$@" 2>"$TMP/stderr" <<'PYEOF'
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(r.ru_maxrss, r.ru_utime, r.ru_stime)
PYEOF
  }
fi

# Runs the compile; sets T (wall seconds), CPU (user+sys seconds), RSS (KiB), BYTES. The output is removed afterwards.
compile_once() {  # model out
  rm -f "$2"
  sync  # don't time the writeback of earlier runs' output
  local t0 t1
  t0=$(now_ns)
  local usage
  if ! usage=$(peak_rss "$NN2MILP" "$1" -o "$2" --input-bounds=0:1 --maximize 0 --bounds "$BOUNDS"); then
    cat "$TMP/stderr" >&2; exit 1
  fi
  t1=$(now_ns)
  read -r RSS CPU < <(awk '{printf "%d %.2f\n", $1, $2 + $3}' <<<"$usage")
  T=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f", (b - a) / 1e9}')
  BYTES=$(stat -c %s "$2")
  rm -f "$2"
}

baseline_once() {  # bytes
  rm -f "$TMP/baseline.out"
  sync
  "$TMP/baseline_write" "$1" "$TMP/baseline.out"
  rm -f "$TMP/baseline.out"
}

LOAD_START="$(cut -d' ' -f1 /proc/loadavg)"

# --- run --------------------------------------------------------------------------------------
rows=()
for net in $NETS; do
  model="$TMP/models/$net.onnx"
  model_bytes=$(stat -c %s "$model")
  for fmt in $FORMATS; do
    out="$TMP/out.$fmt"
    compile_once "$model" "$out"    # warm-up (page cache, dirty-page writeback)
    times=() cpus=() rss_max=0
    for ((i = 0; i < RUNS; i++)); do
      compile_once "$model" "$out"
      times+=("$T")
      cpus+=("$CPU")
      ((RSS > rss_max)) && rss_max=$RSS
    done
    t_med=$(median "${times[@]}")
    c_med=$(median "${cpus[@]}")
    baseline_once "$BYTES" >/dev/null  # warm-up
    btimes=()
    for ((i = 0; i < RUNS; i++)); do btimes+=("$(baseline_once "$BYTES")"); done
    b_med=$(median "${btimes[@]}")
    rows+=("$(awk -v n="${net#mlp_}" -v f="$fmt" -v t="$t_med" -v tl="${times[*]}" -v by="$BYTES" \
                  -v r="$rss_max" -v b="$b_med" -v c="$c_med" -v mb="$model_bytes" 'BEGIN {
      gsub("_", "-", n)
      printf "| %s | %s | %.3f | %s | %.2f | %d | %.1f | %.1f | %.1f | %.4f | %.1fx |", n, f, t, tl, c, by, mb / 1048576, r / 1024, r * 1024 / mb, b, t / b }')")
    echo "${rows[-1]}" >&2
  done
done

{
  echo "## nn2milp compile benchmark"
  echo
  echo "$(date -u +%Y-%m-%d), $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo '+dirty'), $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)."
  echo "Median of $RUNS runs after one warm-up; \`--input-bounds=0:1 --maximize 0 --bounds $BOUNDS\`; output on $(df -P "$TMP" | awk 'NR==2 {print $1}') via the page cache (\`sync\` before each timed run)."
  echo "Load average (1 min) at start: $LOAD_START, at end: $(cut -d' ' -f1 /proc/loadavg) (other work on this $(nproc)-core machine inflates the compile times)."
  echo "Baseline: plain buffered write (fwrite, 1 MiB buffer) of the same number of bytes (bench/baseline_write.cc)."
  echo
  echo "| network | format | compile median (s) | runs (s) | CPU user+sys (s) | output bytes | model (MiB) | peak RSS (MiB) | RSS/model | baseline write (s) | compile/baseline |"
  echo "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
} > "$TMP/results.md"
cat "$TMP/results.md"
# Only this benchmark's block of results.md (bench/depth/run.py owns another).
python3 "$BENCH_DIR/splice_results.py" "$BENCH_DIR/results.md" compile "$TMP/results.md"
