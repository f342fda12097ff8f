#!/usr/bin/env bash
# Runs the whole test suite: installs missing dependencies (idempotent), builds, and runs every
# CTest label (unit, golden, e2e; external too when ../shared/nets exists beside the checkout).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
bash "$root/scripts/build.sh"
cd "$root/build"
ctest --output-on-failure -j"$(nproc)" "$@"
