#!/usr/bin/env bash
# examples.cmake_project: nn2milp_add_model() of the installed package, as a user gets it.
#   1. cmake --install <build> --prefix <tmp>/prefix;
#   2. for the Ninja and the Unix Makefiles generators, examples/cmake_project is configured
#      against the prefix, with a copy of surrogate_mlp whose weights are in an external data
#      file (so only the depfile can name that file), and built: the MPS and map files appear;
#   3. building again runs nothing (the MPS file keeps its timestamp; ninja -n has no work);
#   4. touching the model, the external data file, or the installed nn2milp re-runs it;
#   5. a second project: a SPEC, a bounds file and DEPENDS files are dependencies of their own
#      output only; nn2milp_add_model() without MODEL is a configure error;
#   6. the example's own test solves the file with CBC.
# Prints one line per check and "N passed, M failed"; the work directory is kept on failure.
set -u
cmake=cmake
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build-dir) build=$2; shift 2 ;;
    --source-dir) src=$2; shift 2 ;;
    --cxx) cxx=$2; shift 2 ;;
    --cmake) cmake=$2; shift 2 ;;
    *) echo "cmake_project_test.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
ctest_cmd=$(dirname "$cmake")/ctest
work=$(mktemp -d "${TMPDIR:-/tmp}/nn2milp_cmake_project_test.XXXXXX")
prefix=$work/prefix
source "$(dirname "${BASH_SOURCE[0]}")/test_lib.sh"
mtime() { stat -c %Y.%y "$1" 2>/dev/null; }

run install "$cmake" --install "$build" --prefix "$prefix" || finish
libdir=$(ls -d "$prefix"/lib* | head -1)
[[ -f $libdir/cmake/nn2milp/nn2milpFunctions.cmake ]] && ok "nn2milpFunctions.cmake installed" ||
  fail "nn2milpFunctions.cmake not installed"
[[ -s $prefix/share/man/man1/nn2milp.1 ]] && ok "man page installed" || fail "share/man/man1/nn2milp.1 not installed"
mkdir -p "$work/model"
/usr/bin/python3 - "$src/tests/models/surrogate_mlp.onnx" "$work/model/net.onnx" <<'PY' || { fail "python"; finish; }
import sys, onnx
onnx.save_model(onnx.load(sys.argv[1]), sys.argv[2], save_as_external_data=True,
                all_tensors_to_one_file=True, location="net.weights", size_threshold=0)
PY
model=$work/model/net.onnx

for gen in Ninja "Unix Makefiles"; do
  tag=${gen// /_}
  b=$work/build-$tag
  mps=$b/surrogate.mps
  run "$tag-configure" "$cmake" -S "$src/examples/cmake_project" -B "$b" -G "$gen" \
    -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_COMPILER="$cxx" -DNN2MILP_EXAMPLE_MODEL="$model" || continue
  run "$tag-build" "$cmake" --build "$b" || continue
  [[ -s $mps && -s $b/surrogate.map.json ]] && ok "$tag: surrogate.mps and the map written" || fail "$tag: no output"
  before=$(mtime "$mps")
  sleep 1.1
  run "$tag-rebuild" "$cmake" --build "$b"
  [[ $(mtime "$mps") == "$before" ]] && ok "$tag: a second build runs nothing" || fail "$tag: the second build re-ran nn2milp"
  if [[ $gen == Ninja ]]; then
    "$cmake" --build "$b" -- -n >"$work/ninja-n.log" 2>&1
    grep -q "no work to do" "$work/ninja-n.log" && ok "Ninja: ninja -n: no work to do" || fail "Ninja -n: $(cat "$work/ninja-n.log")"
  fi
  for f in "$model" "$work/model/net.weights" "$prefix/bin/nn2milp"; do
    before=$(mtime "$mps")
    sleep 1.1
    touch "$f"
    run "$tag-after-touch-$(basename "$f")" "$cmake" --build "$b"
    [[ $(mtime "$mps") != "$before" ]] && ok "$tag: touching $(basename "$f") re-runs nn2milp" ||
      fail "$tag: touching $(basename "$f") did not re-run nn2milp"
  done
done
# A second project: SPEC, a bounds file and DEPENDS are dependencies too (Ninja); a call
# without MODEL is a configure error.
mkdir -p "$work/spec_project"
cp "$src/tests/models/digits_mlp.onnx" "$src/tests/e2e/specs/digits_mlp.img1_eps0.08.unsat.vnnlib" "$work/spec_project/"
for i in $(seq 64); do echo "0 1"; done >"$work/spec_project/box.txt"
echo "notes" >"$work/spec_project/notes.txt"
cat >"$work/spec_project/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(spec_project LANGUAGES CXX)
find_package(nn2milp 0.1 REQUIRED)
nn2milp_add_model(prop ALL OUTPUT prop.lp MODEL digits_mlp.onnx
                  SPEC digits_mlp.img1_eps0.08.unsat.vnnlib)
nn2milp_add_model(boxed ALL OUTPUT out/boxed.mps MODEL digits_mlp.onnx INPUT_BOUNDS box.txt
                  DEPENDS notes.txt OPTIONS --maximize 3)
if(BROKEN)
  nn2milp_add_model(broken OUTPUT broken.mps)
endif()
CMAKE
b=$work/build-spec
if run spec-configure "$cmake" -S "$work/spec_project" -B "$b" -G Ninja -DCMAKE_PREFIX_PATH="$prefix"      -DCMAKE_CXX_COMPILER="$cxx" && run spec-build "$cmake" --build "$b"; then
  [[ -s $b/prop.lp && -s $b/out/boxed.mps ]] && ok "spec project: prop.lp and out/boxed.mps written" || fail "spec project: outputs missing"
  for pair in "digits_mlp.img1_eps0.08.unsat.vnnlib prop.lp" "box.txt out/boxed.mps" "notes.txt out/boxed.mps"; do
    read -r input out <<<"$pair"
    before=$(mtime "$b/$out")
    other=$([[ $out == prop.lp ]] && echo out/boxed.mps || echo prop.lp)
    other_before=$(mtime "$b/$other")
    sleep 1.1
    touch "$work/spec_project/$input"
    run "spec-after-touch-$input" "$cmake" --build "$b"
    [[ $(mtime "$b/$out") != "$before" ]] && ok "spec project: touching $input rebuilds $out" || fail "spec project: touching $input did not rebuild $out"
    [[ $(mtime "$b/$other") == "$other_before" ]] && ok "spec project: ... and not $other" || fail "spec project: touching $input rebuilt $other"
  done
fi
if "$cmake" -S "$work/spec_project" -B "$work/build-broken" -G Ninja -DCMAKE_PREFIX_PATH="$prefix"      -DCMAKE_CXX_COMPILER="$cxx" -DBROKEN=ON >"$work/broken.log" 2>&1; then
  fail "nn2milp_add_model without MODEL configures"
elif grep -q "OUTPUT and MODEL are required" "$work/broken.log"; then
  ok "nn2milp_add_model without MODEL: configure error"
else
  fail "nn2milp_add_model without MODEL: $(tail -5 "$work/broken.log")"
fi

# The example's test step: CBC solves the file (once is enough).
run "solve-with-cbc" "$ctest_cmd" --test-dir "$work/build-Ninja" --output-on-failure --no-tests=error
finish
