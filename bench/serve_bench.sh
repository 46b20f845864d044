#!/usr/bin/env bash
# requests/s and latency of /api/events on 100,000 synthetic fused events:
# builds the database, starts `vigie serve` on a free port, runs
# vigie_serve_bench's keep-alive clients, then wrk if it is installed
# (apt-get install wrk). Usage: bench/serve_bench.sh [EVENTS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
events="${1:-100000}"
seconds="${2:-10}"
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
build/bench/vigie_serve_bench make --db "$work/bench.db" --events "$events"
# Uncached first: every request answered from the database.
build/vigie serve --db "$work/bench.db" --port 0 --no-cache > "$work/serve.out" &
server=$!
for _ in $(seq 50); do grep -q http "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
port="$(grep -o '127.0.0.1:[0-9]*' "$work/serve.out" | cut -d: -f2)"
echo "== --no-cache: vigie_serve_bench, 4 connections, a mix of 9 queries"
build/bench/vigie_serve_bench load --port "$port" --seconds "$seconds" --threads 4
echo "== --no-cache: vigie_serve_bench, 4 connections, the web page's requests (places, timeline, a page of the list)"
build/bench/vigie_serve_bench load --port "$port" --seconds "$seconds" --threads 4 --mix page
kill "$server"
wait "$server" 2>/dev/null || true
# Then as served by default: list answers cached per state of the database.
build/vigie serve --db "$work/bench.db" --port 0 > "$work/serve.out" &
server=$!
for _ in $(seq 50); do grep -q http "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
port="$(grep -o '127.0.0.1:[0-9]*' "$work/serve.out" | cut -d: -f2)"
echo "== cached: vigie_serve_bench, 4 connections, the web page's requests (a fixed mix: all hits after the first)"
build/bench/vigie_serve_bench load --port "$port" --seconds "$seconds" --threads 4 --mix page
if [ -z "${VIGIE_BENCH_NO_PAGE:-}" ] && command -v node > /dev/null; then
  echo "== the web page in headless Chromium (bench/page_bench.mjs)"
  node bench/page_bench.mjs "http://127.0.0.1:$port/" 5
fi
if command -v wrk > /dev/null; then
  for q in "/api/events" "/api/events?bbox=30,10,50,40" "/api/events?code=195&country=SY&from=2023-01-01&to=2023-12-31"; do
    echo "== wrk -t2 -c8 -d${seconds}s --latency http://127.0.0.1:$port$q"
    wrk -t2 -c8 -d"${seconds}s" --latency "http://127.0.0.1:$port$q" | grep -E 'Requests/sec|Transfer|99%|50%'
  done
fi
