#!/usr/bin/env bash
# The cost of adding 100 articles to a database as it grows: for each size
# N, a database of the first N articles of bench/make_corpus.py's feed
# (ingested in one run, not timed), then `vigie ingest` of the next 100
# under /usr/bin/time -v: seconds (wall), CPU seconds (user and system)
# and peak RSS.
#   bench/ingest_bench.sh [VIGIE] [NGEC_ZIP] [SIZES...]
# VIGIE defaults to build/vigie; NGEC_ZIP to
# ../shared/gold/ngec-synthetic/gpt_synthetic_events_2023-10-19_19.csv.zip
# (varied background sentences; "-" for the built-in ones); SIZES to
# 1000 20000. Keep the databases with VIGIE_BENCH_KEEP=DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
vigie="${1:-build/vigie}"
ngec="${2:-../shared/gold/ngec-synthetic/gpt_synthetic_events_2023-10-19_19.csv.zip}"
shift $(($# > 2 ? 2 : $#))
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 20000)
work="${VIGIE_BENCH_KEEP:-$(mktemp -d)}"
mkdir -p "$work"
[ -n "${VIGIE_BENCH_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
max=0
for n in "${sizes[@]}"; do [ "$n" -gt "$max" ] && max=$n; done
feed="$work/feed.jsonl"
if [ ! -s "$feed" ] || [ "$(wc -l < "$feed")" -lt $((max + 100)) ]; then
  if [ "$ngec" = - ]; then python3 bench/make_corpus.py $((max + 100)) > "$feed"
  else python3 bench/make_corpus.py $((max + 100)) "$ngec" > "$feed"; fi
fi
printf '%-8s %10s %8s %12s  %s\n' articles seconds "CPU s" "peak RSS" "fusion"
for n in "${sizes[@]}"; do
  db="$work/db-$n.db"
  if [ ! -s "$db" ]; then
    head -n "$n" "$feed" > "$work/base.jsonl"
    "$vigie" ingest --no-progress --db "$db" "$work/base.jsonl" 2> "$work/base-$n.err" \
      || [ $? -eq 1 ] || { cat "$work/base-$n.err"; exit 1; }
  fi
  cp "$db" "$work/run.db"
  sed -n "$((n + 1)),$((n + 100))p" "$feed" > "$work/add.jsonl"
  /usr/bin/time -v "$vigie" ingest --no-progress --db "$work/run.db" "$work/add.jsonl" 2> "$work/add-$n.err" \
    || [ $? -eq 1 ] || { cat "$work/add-$n.err"; exit 1; }
  wall=$(grep 'Elapsed (wall clock)' "$work/add-$n.err" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$work/add-$n.err" | awk '{print $NF}')
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$work/add-$n.err")
  fusion=$(grep -o 'fusion: .*' "$work/add-$n.err" | cut -c1-110)
  printf '%-8s %10s %8s %9s MB  %s\n' "$n" "$wall" "$cpu" "$((rss / 1024))" "$fusion"
  rm -f "$work/run.db" "$work/run.db-wal" "$work/run.db-shm"
done
