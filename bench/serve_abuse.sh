#!/usr/bin/env bash
# The server under hostile load on the loopback (issue 17): ingests the
# samples, starts `vigie serve` on a free port, runs bench/serve_abuse.py
# (16 slow clients, 10,000 connections held open, both, Range abuse; a
# fixed number of probe requests in each phase), stops the server.
# Usage: bench/serve_abuse.sh [PROBES] [FLOOD] [SLOW] [-- more vigie serve options]
set -euo pipefail
cd "$(dirname "$0")/.."
probes="${1:-400}"
flood="${2:-10000}"
slow="${3:-16}"
shift $(( $# < 3 ? $# : 3 ))
[ "${1:-}" = "--" ] && shift
work="$(mktemp -d)"
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
build/vigie ingest --db "$work/bench.db" --no-progress samples > /dev/null 2>&1
build/vigie serve --db "$work/bench.db" --port 0 "$@" > "$work/serve.out" &
server=$!
for _ in $(seq 100); do grep -q http "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
url="$(grep -o 'http://127.0.0.1:[0-9]*/' "$work/serve.out")"
echo "== $url ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
python3 bench/serve_abuse.py "$url" --probes "$probes" --flood "$flood" --slow "$slow"
