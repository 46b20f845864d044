#!/usr/bin/env bash
# The commands run end to end on the bundled samples.
#   commands_test.sh path/to/vigie path/to/samples
set -euo pipefail
vigie="$1"
samples="$2"
source "$(dirname "${BASH_SOURCE[0]}")/scratch.sh"

"$vigie" extract "$samples" > "$out/all.jsonl" 2> "$out/err.txt"
n=$(wc -l < "$out/all.jsonl")
[ "$n" -ge 18 ] || fail "extract printed $n articles"
grep -q 'articles, [0-9]* ok, 0 failed' "$out/err.txt" || fail "extract summary: $(cat "$out/err.txt")"

# stdin: plain text and JSON lines.
"$vigie" extract - < "$samples/fr-mali-gao-frappes.txt" 2>/dev/null | grep -c '"agency":"AFP"' >/dev/null \
  || fail "stdin text"
[ "$("$vigie" extract - < "$samples/wire.jsonl" 2>/dev/null | wc -l)" -eq 4 ] || fail "stdin jsonl"

# --published and --lang apply to every article.
"$vigie" extract --published 2024-03-17 --lang fr "$samples/fr-mali-gao-frappes.txt" 2>/dev/null \
  | grep -c '"published":"2024-03-17","language":"fr"' >/dev/null || fail "--published/--lang"
set +e
"$vigie" extract --published 17/03/2024 "$samples" > /dev/null 2>&1
[ $? -eq 2 ] || fail "a malformed --published is a usage error"
set -e

"$vigie" explain "$samples/fr-mali-gao-frappes.txt" > "$out/explain.txt" 2>/dev/null
grep -q -- '-- extract: removed' "$out/explain.txt" || fail "explain: removed"
grep -q 'category_label' "$out/explain.txt" || fail "explain: label"
grep -Eq '^ +frappes +frappe +NOUN' "$out/explain.txt" || fail "explain: token table"

# code: one JSON object per event, with the codebook's fields and evidence.
"$vigie" code "$samples" > "$out/events.jsonl" 2> "$out/code-err.txt"
[ "$(wc -l < "$out/events.jsonl")" -ge 10 ] || fail "code printed $(wc -l < "$out/events.jsonl") events"
grep -q '"plover":"ASSAULT"' "$out/events.jsonl" || fail "code: plover"
grep -q '"evidence":{"trigger":{"text":' "$out/events.jsonl" || fail "code: evidence"
grep -q 'articles, [0-9]* ok, 0 failed' "$out/code-err.txt" || fail "code summary"
grep -q -- '-- code:' "$out/explain.txt" || fail "explain: code section"

# gazetteer: what a name may mean.
"$vigie" gazetteer Tripoli > "$out/gaz.txt"
grep -q '2210247' "$out/gaz.txt" && grep -q '266826' "$out/gaz.txt" || fail "gazetteer Tripoli"

"$vigie" bench --seconds 0.2 "$samples" > "$out/bench.txt"
grep -q 'articles/s' "$out/bench.txt" || fail "bench"
grep -q 'peak resident memory' "$out/bench.txt" || fail "bench memory"
echo "cli commands: ok"
