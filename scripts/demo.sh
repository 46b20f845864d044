#!/usr/bin/env bash
# The main job on the bundled sample articles: installs what is needed,
# builds, and extracts every sample to build/samples.jsonl, then shows one
# article's trace. Give other paths to run on your own articles.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
paths=("$@")
[ "${#paths[@]}" -gt 0 ] || paths=(samples)
./build/vigie extract "${paths[@]}" > build/samples.jsonl || true
echo "vigie: $(wc -l < build/samples.jsonl) articles extracted to build/samples.jsonl"
./build/vigie explain samples/fr-mali-gao-frappes.txt | head -40
