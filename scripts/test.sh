#!/usr/bin/env bash
# Runs the whole test suite: installs missing dependencies (idempotent), builds, and runs every
# CTest label (unit, golden, e2e; external too when ../shared/nets exists beside the checkout).
#
#   scripts/test.sh              Release build in build/, every test
#   scripts/test.sh --sanitize   clang AddressSanitizer + UndefinedBehaviorSanitizer build in
#                                build-asan/, every test but the long optimisation and
#                                VNN-LIB solves (their time limits assume a Release build),
#                                plus a short libFuzzer run of every fuzz target (label fuzz,
#                                NN2MILP_FUZZ_SECONDS each)
# Extra arguments go to ctest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
if [[ "${1:-}" == "--sanitize" ]]; then
  shift
  # A build-asan configured with another compiler (g++ before the switch to clang) cannot be
  # reconfigured in place: start it afresh.
  if [[ -f "$root/build-asan/CMakeCache.txt" ]] &&
     ! grep -q '^CMAKE_CXX_COMPILER:[A-Z]*=.*clang++-14$' "$root/build-asan/CMakeCache.txt"; then
    rm -rf "$root/build-asan"
  fi
  cmake -S "$root" -B "$root/build-asan" -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNN2MILP_FUZZ=ON \
    -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" > /dev/null
  cmake --build "$root/build-asan" -j"$(nproc)"
  cd "$root/build-asan"
  # A sanitizer report aborts the process, which fails the test that ran it.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --output-on-failure -j"$(nproc)" -E "optimize|vnnlib" "$@"
  exit
fi
bash "$root/scripts/build.sh"
cd "$root/build"
ctest --output-on-failure -j"$(nproc)" "$@"
