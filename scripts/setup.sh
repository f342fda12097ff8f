#!/usr/bin/env bash
# Installs everything nn2milp needs to build and test, from Debian bookworm and npm only.
# Idempotent: re-running it installs nothing that is already present.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

build_pkgs=(cmake g++ make libprotobuf-dev protobuf-compiler libonnx-dev libabsl-dev
            libcli11-dev libgtest-dev libgmock-dev coinor-libclp-dev)
test_pkgs=(coinor-cbc glpk-utils lp-solve coinor-symphony libamplsolver-dev gjh-asl-json
           python3-onnx python3-torch python3-sklearn python3-numpy libonnx-testdata
           help2man librsvg2-bin ninja-build
           clang-14 libclang-rt-14-dev)  # the sanitizer + libFuzzer build (test.sh --sanitize)

missing=()
for p in "${build_pkgs[@]}" "${test_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js: the machine image ships nodesource's nodejs (npm inside); Debian's npm conflicts with it.
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if ((${#missing[@]})); then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Independent references for tests: HiGHS (WebAssembly) and onnxruntime (CPU). The onnxruntime
# install script only fetches GPU parts, so it is skipped; the CPU runtime ships in the package.
if [ ! -f "$here/tests/js/node_modules/highs/package.json" ] ||
   [ ! -f "$here/tests/js/node_modules/onnxruntime-node/package.json" ]; then
  (cd "$here/tests/js" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error)
fi
echo "setup: all dependencies present"
