#!/usr/bin/env bash
# Resource bounds per article (issue 17): an article over its time budget
# (E701) or its memory bound (E702) fails with its numbered error and the
# run goes on, in `vigie code` and `vigie ingest`, where the other articles
# are stored; --max-bytes holds for pipes, devices and stdin, which are read
# no further than the limit. No assertion on time: the budget is tiny, so
# every article is over it whatever the machine's speed.
#   bounds_test.sh path/to/vigie path/to/samples
set -euo pipefail
vigie="$1"
samples="$2"
source "$(dirname "${BASH_SOURCE[0]}")/scratch.sh"
in="$out/in"
mkdir "$in"
cp "$samples/fr-mali-gao-frappes.txt" "$samples/en-syria-aleppo-airstrikes.txt" "$in/"
# A large one-paragraph article: its layers take far more than 4 MiB.
python3 - "$in/big.txt" <<'PY'
import sys
para = ("L'aviation russe a mené de nouvelles frappes à Alep, Homs, Hama et Palmyre, tandis que les "
        "rebelles tenaient Idleb, Deir ez-Zor et Raqqa, selon l'Observatoire syrien des droits de l'Homme. ")
open(sys.argv[1], "w").write("Frappes en Syrie\n\n" + para * 2000 + "\n")
PY

# 1. A tiny time budget: every article fails with E701 naming a stage, and
# the run reads every article to the end (exit status 1, not a crash).
set +e
"$vigie" code --time-budget 0.000000001 "$in" > "$out/code.jsonl" 2> "$out/err.txt"
status=$?
set -e
[ "$status" -eq 1 ] || fail "time budget: exit status $status, want 1: $(cat "$out/err.txt")"
[ "$(grep -c 'E701 over_time_budget: the article.s time budget of 1e-09 s (--time-budget) ran out in stage' "$out/err.txt")" -eq 3 ] \
  || fail "time budget: want E701 for each of the 3 articles: $(cat "$out/err.txt")"
grep -q '3 articles, 0 ok, 3 failed (E701 over_time_budget: 3)' "$out/err.txt" || fail "time budget: summary"

# 2. ingest with a memory bound the big article is over: it fails with
# E702, the two others are stored and fused.
set +e
"$vigie" ingest --db "$out/t.db" --max-article-memory 4 "$in" 2> "$out/err.txt"
status=$?
set -e
[ "$status" -eq 1 ] || fail "memory bound: exit status $status, want 1: $(cat "$out/err.txt")"
grep -q 'vigie ingest: big: E702 over_memory_budget: the article.s layers hold .* MiB after stage .*, more than --max-article-memory 4.0 MiB' "$out/err.txt" \
  || fail "memory bound: no E702 for the big article: $(cat "$out/err.txt")"
grep -q '3 articles, 2 ok, 1 failed (E702 over_memory_budget: 1); 2 added' "$out/err.txt" \
  || fail "memory bound: the other articles are not stored: $(cat "$out/err.txt")"
grep -q 't.db: 2 articles, [1-9][0-9]* events' "$out/err.txt" || fail "memory bound: database counts"
# ... and the same with the tiny time budget: nothing added, the run ends well.
set +e
"$vigie" ingest --db "$out/u.db" --time-budget 0.000000001 "$in" 2> "$out/err.txt"
status=$?
set -e
[ "$status" -eq 1 ] || fail "ingest time budget: exit status $status"
grep -q '3 articles, 0 ok, 3 failed (E701 over_time_budget: 3); 0 added' "$out/err.txt" \
  || fail "ingest time budget: summary: $(cat "$out/err.txt")"

# 3. --max-bytes on inputs that have no size: stdin from a device, a device
# named as a path, a JSON line that never ends. Each is refused with E105
# after the limit, not read for ever ("timeout" only guards the test
# against the old behaviour, which never ended).
for input in "-" "/dev/zero"; do
  set +e
  if [ "$input" = "-" ]; then
    timeout 60 "$vigie" extract --max-bytes 100000 - < /dev/zero > "$out/o.jsonl" 2> "$out/err.txt"
  else
    timeout 60 "$vigie" extract --max-bytes 100000 /dev/zero > "$out/o.jsonl" 2> "$out/err.txt"
  fi
  status=$?
  set -e
  [ "$status" -eq 1 ] || fail "$input: exit status $status, want 1 (124: it never stopped reading)"
  grep -q '"code":"E105"' "$out/o.jsonl" || fail "$input: no E105"
done
set +e
{ printf '{"text": "'; cat /dev/zero; } | timeout 60 "$vigie" extract --max-bytes 1000 - > "$out/o.jsonl" 2> "$out/err.txt"
status=$?
set -e
[ "$status" -eq 1 ] || fail "endless JSON line: exit status $status, want 1"
grep -q '"code":"E105".*still no end of line: the rest of the input is not read' "$out/o.jsonl" \
  || fail "endless JSON line: $(cat "$out/o.jsonl")"
# A FIFO named as a file, larger than the limit.
mkfifo "$out/fifo.txt"
{ head -c 300000 /dev/zero | tr '\0' 'a' > "$out/fifo.txt"; } &
set +e
timeout 60 "$vigie" extract --max-bytes 100000 "$out/fifo.txt" > "$out/o.jsonl" 2> "$out/err.txt"
status=$?
set -e
wait || true
[ "$status" -eq 1 ] && grep -q '"code":"E105"' "$out/o.jsonl" || fail "FIFO: $(cat "$out/o.jsonl")"
echo "cli bounds: ok"
