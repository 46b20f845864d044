#!/usr/bin/env bash
# 20 ingests of 3,000 articles (the samples and generated copies), each
# killed with SIGKILL at a random point and run again, compared with one
# uninterrupted ingest: articles, actors, places, events, claims, evidence,
# stories, fused events, records and members (tests/cli/kill_test.sh, which
# CTest runs smaller). Not a CTest test: a few minutes (5 on a loaded
# 2-core machine).
#   bash scripts/kill-trials.sh [ARTICLES [TRIALS [SEED]]]   (build/vigie first)
set -euo pipefail
cd "$(dirname "$0")/.."
exec bash tests/cli/kill_test.sh build/vigie samples "${1:-3000}" "${2:-20}" ${3:+"$3"}
