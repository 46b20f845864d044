#!/usr/bin/env bash
# Throughput of `vigie worker` with 1, 2 and 3 workers (or those given):
# ARTICLES generated copies of the samples (as in tests/cli/scale_test.sh)
# put on a Redis stream, then coded by K workers into a fresh PostgreSQL
# database until the stream is empty; articles/s from the first entry taken
# to the last worker's exit (fusion included). Servers are started on
# 127.0.0.1 in a temporary folder and stopped at the end.
#   bash bench/scale_bench.sh build/vigie samples [ARTICLES [K...]]
# Options for the workers in $WORKER_OPTS (`--fuse-every 3600`: coding and
# writing alone, one fusion at the end).
set -euo pipefail
vigie="$(realpath "$1")"
samples="$(realpath "$2")"
articles="${3:-300}"
shift $(($# < 3 ? $# : 3))
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(1 2 3)
pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
out="$(mktemp -d /tmp/vigie-scale-bench.XXXXXX)"
chmod 755 "$out"
pg_as=()
[ "$(id -u)" = 0 ] && { chown postgres "$out"; pg_as=(runuser -u postgres --); }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
rport=$(free_port)
pport=$(free_port)
cleanup() {
  set +e
  "${pg_as[@]}" "$pgbin/pg_ctl" -D "$out/data" -m immediate stop > /dev/null 2>&1
  [ -n "${rpid:-}" ] && kill "$rpid"
  wait 2> /dev/null
  rm -rf "$out"
}
trap cleanup EXIT
redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no --dir "$out" > /dev/null 2>&1 &
rpid=$!
"${pg_as[@]}" "$pgbin/initdb" -D "$out/data" -A trust -U vigie --no-sync > /dev/null
"${pg_as[@]}" "$pgbin/pg_ctl" -D "$out/data" -l "$out/pg.log" -w \
  -o "-p $pport -k $out -c listen_addresses=127.0.0.1 -c fsync=off" start > /dev/null
sleep 0.5
mkdir "$out/in"
. "$(dirname "$0")/../tests/cli/sample_texts.sh"
sample_texts "$samples"
for ((i = 0; i < articles; i++)); do
  printf '{"id":"copy-%05d","published":"2024-%02d-%02d","text":"%s\\n\\nDépêche complémentaire numéro %d."}\n' \
    "$i" $((i % 12 + 1)) $((i % 28 + 1)) "${texts[$((i % ${#texts[@]}))]}" "$i"
done > "$out/in/copies.jsonl"
redis="redis://127.0.0.1:$rport"
for k in "${counts[@]}"; do
  redis-cli -p "$rport" FLUSHALL > /dev/null
  psql -X -q "postgresql://vigie@127.0.0.1:$pport/postgres" -c "DROP DATABASE IF EXISTS w$k" -c "CREATE DATABASE w$k"
  "$vigie" enqueue --redis "$redis" --max-length $((articles + 1)) "$out/in" 2> /dev/null
  start=$(date +%s.%N)
  pids=()
  for ((w = 0; w < k; w++)); do
    "$vigie" worker --redis "$redis" --store "postgresql://vigie@127.0.0.1:$pport/w$k" --exit-when-idle ${WORKER_OPTS:-} \
      2> "$out/w$k-$w.log" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
  end=$(date +%s.%N)
  n=$(psql -X -A -t "postgresql://vigie@127.0.0.1:$pport/w$k" -c "SELECT count(*) FROM articles")
  awk -v k="$k" -v n="$n" -v a="$start" -v b="$end" \
    'BEGIN { printf "%d worker(s): %d articles in %.1f s: %.1f articles/s\n", k, n, b - a, n / (b - a) }'
done
