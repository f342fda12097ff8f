#!/usr/bin/env bash
# e2e.install: the installed nn2milp package works for a downstream CMake project.
#   1. cmake --install <build> --prefix <tmp>/prefix; the prefix has the executable, the static
#      libraries, the package config, and exactly one header (include/nn2milp/nn2milp.h);
#   2. examples/cpp_api is configured with CMAKE_PREFIX_PATH=<tmp>/prefix, built and run: it
#      writes the MPS model of "maximise output 0 of surrogate_mlp over [-1, 1]^2";
#   3. the installed CLI writes the same problem; both files must be byte-identical, and CBC must
#      solve both to optimality with the same objective value.
# Prints one line per check and "N passed, M failed"; the work directory is kept on failure (and
# always with NN2MILP_E2E_KEEP=1).
set -u
cmake=cmake
cxx_flags=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build-dir) build=$2; shift 2 ;;
    --source-dir) src=$2; shift 2 ;;
    --cxx) cxx=$2; shift 2 ;;
    --cmake) cmake=$2; shift 2 ;;
    --cxx-flags) cxx_flags=$2; shift 2 ;;  # the build's flags (e.g. sanitizers) for the example
    *) echo "install_test.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
work=$(mktemp -d "${TMPDIR:-/tmp}/nn2milp_install_test.XXXXXX")
prefix=$work/prefix
source "$(dirname "${BASH_SOURCE[0]}")/test_lib.sh"

run install "$cmake" --install "$build" --prefix "$prefix" || finish
libdir=$(ls -d "$prefix"/lib* | head -1)
for f in "$prefix/bin/nn2milp" "$libdir/cmake/nn2milp/nn2milpConfig.cmake" \
         "$libdir/cmake/nn2milp/nn2milpConfigVersion.cmake" \
         "$libdir/cmake/nn2milp/nn2milpTargets.cmake" \
         "$libdir/libnn2milp_api.a" "$libdir/libnn2milp_ir.a" "$libdir/libnn2milp_frontend.a" \
         "$libdir/libnn2milp_passes.a" "$libdir/libnn2milp_backends.a"; do
  [[ -e $f ]] || fail "installed: ${f#"$prefix"/} missing"
done
headers=$(cd "$prefix/include" && find . -type f | sort | tr '\n' ' ')
if [[ $headers == "./nn2milp/nn2milp.h " ]]; then ok "installed headers: $headers"; else fail "installed headers: $headers"; fi

run configure-example "$cmake" -S "$src/examples/cpp_api" -B "$work/example" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_CXX_FLAGS="$cxx_flags" || finish
run build-example "$cmake" --build "$work/example" || finish
model=$src/tests/models/surrogate_mlp.onnx
run run-example "$work/example/cpp_api_example" "$model" "$work/api.mps" || finish
sed 's/^/     /' "$work/run-example.log"
run cli "$prefix/bin/nn2milp" "$model" -o "$work/cli.mps" --input-bounds=-1:1 --maximize 0 || finish
if cmp -s "$work/api.mps" "$work/cli.mps"; then ok "api.mps and cli.mps are byte-identical"
else fail "api.mps and cli.mps differ"; diff "$work/api.mps" "$work/cli.mps" | head -20; fi

# CBC exits 0 even on read errors: read the first line of the solution file.
for m in api cli; do
  rm -f "$work/$m.sol"
  timeout 120 cbc "$work/$m.mps" -solve -solu "$work/$m.sol" >"$work/$m.cbc.log" 2>&1
  first=$(head -1 "$work/$m.sol" 2>/dev/null)
  if [[ $first == Optimal* ]]; then ok "cbc $m.mps: $first"; else fail "cbc $m.mps: '${first}'"; fi
  declare "obj_$m=${first##* }"
done
if [[ -n "${obj_api:-}" && "${obj_api:-}" == "${obj_cli:-x}" ]]; then ok "same optimum ${obj_api}"
else fail "optima differ: api '${obj_api:-}' cli '${obj_cli:-}'"; fi
finish
