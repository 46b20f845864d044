#!/usr/bin/env bash
# Instructions (callgrind) of `vigie code` on one thread.
#   bench/instructions.sh [VIGIE] [ARTICLES.jsonl] [SMALL]
# - start-up: a run on an empty input;
# - steady state: two runs, on the samples/ articles then the first SMALL
#   articles of ARTICLES, and on the samples/ then all of ARTICLES; the
#   difference divided by the difference in sentences. The samples go first
#   in both runs so that what is done once (dictionaries and patterns loaded
#   or compiled on first use, in French and English) cancels out. The same
#   per stage (inclusive cost of each stage's Process), and all stages but
#   the parser's;
# - start-up time without valgrind: median of 5 runs on the empty input
#   (wall and CPU time; the load average is printed: other work on the
#   machine slows the wall time, not the instruction counts);
# - TABARI's validation records, each record one article
#   (bench/tabari_articles.py): instructions per record, the same way.
# VIGIE defaults to build/vigie; ARTICLES to the CASE 2021 task 2 texts
# (`vigie eval --gold ../shared/gold/case2021-task2 --write-articles F`,
# 1,019 English news snippets); SMALL to a fifth of them. TABARI's file is
# $TABARI_TEXT (default ../shared/gold/tabari/Validate.text; "-" to skip).
# Sentences are counted by `vigie bench` of $VIGIE_COUNT (default VIGIE).
# Keep the callgrind profiles with VIGIE_BENCH_KEEP=DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
vigie="${1:-build/vigie}"
articles="${2:-}"
small="${3:-}"
count="${VIGIE_COUNT:-$vigie}"
tabari="${TABARI_TEXT:-../shared/gold/tabari/Validate.text}"
work="${VIGIE_BENCH_KEEP:-$(mktemp -d)}"
mkdir -p "$work"
[ -n "${VIGIE_BENCH_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
command -v valgrind > /dev/null || { echo "bench/instructions.sh: valgrind is needed" >&2; exit 2; }
warmup=(samples/*.txt samples/wire.jsonl)

if [ -z "$articles" ]; then
  articles="$work/case2021.jsonl"
  "$vigie" eval --gold ../shared/gold/case2021-task2 --write-articles "$articles" 2> /dev/null
fi
total=$(wc -l < "$articles")
[ -n "$small" ] || small=$((total / 5))
: > "$work/empty.jsonl"
head -n "$small" "$articles" > "$work/small.jsonl"
tail -n +"$((small + 1))" "$articles" > "$work/rest.jsonl"

# run NAME PATH...: `vigie code` on PATH... under callgrind; prints the total.
run() {
  local name=$1
  shift
  valgrind --tool=callgrind --callgrind-out-file="$work/$name.callgrind" \
    "$vigie" code --threads 1 "$@" > /dev/null 2> "$work/$name.log" || true
  grep -o 'Collected : [0-9]*' "$work/$name.log" | awk '{print $3}'
}
# sentences FILE: what the pipeline segments in FILE (one pass of vigie bench).
sentences() {
  "$count" bench --threads 1 --seconds 0 "$1" | sed -n 's/.*MB of raw text, \([0-9]*\) sentences.*/\1/p'
}
# stages NAME: "stage instructions" lines, each stage's inclusive cost.
stages() {
  callgrind_annotate --auto=no --inclusive=yes --threshold=100 "$work/$1.callgrind" 2> /dev/null |
    sed -n 's/^ *\([0-9,]*\) ([ 0-9.]*%) *[^ ]*vigie::\([A-Za-z]*\)Stage::Process(vigie::Document&) \[.*/\2 \1/p' |
    tr -d , | awk '{s[$1] += $2} END {for (k in s) print k, s[k]}' | sort
}
# per_unit A B UNITS LABEL: the per-stage difference between runs A and B.
per_unit() {
  join -a 2 -e 0 -o 0,1.2,2.2 <(stages "$1") <(stages "$2") |
    awk -v n="$3" -v label="$4" '{d = ($3 - $2) / n; t += d; if ($1 != "Parse") np += d
      printf "  %-10s %12.0f instructions per %s\n", $1, d, label}
      END {printf "  %-10s %12.0f instructions per %s\n  %-10s %12.0f instructions per %s\n",
           "stages", t, label, "no parser", np, label}'
}

i0=$(run startup "$work/empty.jsonl")
i1=$(run small "${warmup[@]}" "$work/small.jsonl")
i2=$(run all "${warmup[@]}" "$articles")
sents=$(sentences "$work/rest.jsonl")
echo "input: $articles (after samples/: $small then $total articles; $sents sentences between them)"
printf 'start-up (empty input):   %15d instructions\n' "$i0"
printf 'steady state:             %15.0f instructions per sentence (all of the run)\n' \
  "$(echo "($i2 - $i1) / $sents" | bc -l)"
per_unit small all "$sents" sentence

# Start-up time, without valgrind: median of 5 runs.
for _ in 1 2 3 4 5; do
  /usr/bin/time -f '%e %U %S' "$vigie" code --threads 1 "$work/empty.jsonl" 2>&1 > /dev/null | tail -1
done | sort -n | sed -n 3p |
  awk '{printf "start-up time (median of 5): %.0f ms wall, %.0f ms CPU (user+sys)\n", $1 * 1000, ($2 + $3) * 1000}'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

if [ "$tabari" != - ] && [ -s "$tabari" ]; then
  python3 bench/tabari_articles.py "$tabari" > "$work/tabari.jsonl"
  n=$(wc -l < "$work/tabari.jsonl")
  half=$((n / 2))
  head -n "$half" "$work/tabari.jsonl" > "$work/tabari-half.jsonl"
  t1=$(run tabari-half "${warmup[@]}" "$work/tabari-half.jsonl")
  t2=$(run tabari "${warmup[@]}" "$work/tabari.jsonl")
  printf 'TABARI records:           %15.0f instructions per record (records %d-%d of %d, after samples/ and the first %d)\n' \
    "$(echo "($t2 - $t1) / ($n - $half)" | bc -l)" "$((half + 1))" "$n" "$n" "$half"
  per_unit tabari-half tabari "$((n - half))" record
fi
