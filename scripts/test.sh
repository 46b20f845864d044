#!/usr/bin/env bash
# Installs what is needed, builds, and runs every test (unit, golden,
# property, command line, fuzz replays) with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
# Compile the GeoNames index once, before the tests run in parallel.
build/vigie gazetteer
ctest --test-dir build --output-on-failure -j2
