#!/usr/bin/env bash
# The main job on the bundled sample articles: installs what is needed,
# builds, extracts every sample to build/samples.jsonl and shows one
# article's trace, then ingests the samples (with the syndicated Palmyra
# copies of samples/syndication) into build/demo.db, fuses them, and serves
# the map, timeline, table and explain view at http://127.0.0.1:8080/
# (VIGIE_PORT to change the port). Give other paths to add your own
# articles. VIGIE_DEMO_NO_SERVE=1 stops before serving (for scripts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
paths=("$@")
./build/vigie extract samples "${paths[@]}" > build/samples.jsonl || true
echo "vigie: $(wc -l < build/samples.jsonl) articles extracted to build/samples.jsonl"
# (Through a file: a pipe into head would end vigie with SIGPIPE, and the script with it.)
./build/vigie explain samples/fr-mali-gao-frappes.txt > build/explain-sample.txt
head -40 build/explain-sample.txt
echo "vigie: the whole trace of that article is in build/explain-sample.txt"
./build/vigie ingest --db build/demo.db samples "${paths[@]}"
./build/vigie export --db build/demo.db --format acled > build/demo-acled.csv
echo "vigie: ACLED-like CSV in build/demo-acled.csv; GDELT table: build/vigie export --db build/demo.db --format gdelt"
if [ "${VIGIE_DEMO_NO_SERVE:-}" = 1 ]; then
  echo "vigie: database build/demo.db ready; serve it with: build/vigie serve --db build/demo.db"
  exit 0
fi
echo "vigie: open the address below in a browser to see the events on the map (Ctrl-C stops)"
exec ./build/vigie serve --db build/demo.db --port "${VIGIE_PORT:-8080}"
