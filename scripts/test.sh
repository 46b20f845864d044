#!/usr/bin/env bash
# Installs what is needed, builds, and runs every test (unit, golden,
# property, command line, fuzz replays) with CTest, then again built with
# ASan and UBSan, followed by 30 s of every libFuzzer target
# (scripts/sanitize.sh; VIGIE_SANITIZE=0 skips that part).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
# Compile the GeoNames index once, before the tests run in parallel.
build/vigie gazetteer
ctest --test-dir build --output-on-failure -j2
if [ "${VIGIE_SANITIZE:-1}" != 0 ]; then
  bash scripts/sanitize.sh
fi
