#!/usr/bin/env bash
# The output does not depend on --threads: `vigie code` and `vigie extract`
# on the samples, and on JSON lines with bad lines (numbered errors on
# stderr, in input order), and `vigie ingest` (every table dumped), each
# with --threads 1, 2 and 4, byte for byte. Run under a -fsanitize=thread
# build (VIGIE_TSAN=ON) it also looks for data races.
#   threads_test.sh path/to/vigie path/to/samples
set -euo pipefail
vigie="$1"
samples="$2"
out="$(mktemp -d)"
trap '[ -n "${KEEP:-}" ] || rm -rf "$out"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
[ -z "${KEEP:-}" ] || echo "keeping $out"

# JSON lines: the wire file, copies of it with new ids, and bad lines among
# them: not JSON (E102-ish), a raw control byte (E103), no text.
mkdir "$out/in"
{
  cat "$samples/wire.jsonl"
  echo '{"id": "broken", "text": '
  printf '{"id":"ctl","text":"a\001b"}\n'
  echo '{"id": "empty"}'
  sed 's/"id": *"\([^"]*\)"/"id":"again-\1"/' "$samples/wire.jsonl"
  echo 'not json at all'
} > "$out/in/mixed.jsonl"

for t in 1 2 4; do
  set +e
  "$vigie" code --threads "$t" "$samples" "$out/in" > "$out/code-$t.out" 2> "$out/code-$t.err"
  echo "$?" > "$out/code-$t.rc"
  "$vigie" extract --threads "$t" "$samples" "$out/in/mixed.jsonl" > "$out/extract-$t.out" 2> "$out/extract-$t.err"
  echo "$?" > "$out/extract-$t.rc"
  set -e
done
grep -q '"error"' "$out/code-1.out" || fail "the mixed file gave no error record"
grep -q 'E1[0-9][0-9]' "$out/code-1.err" || fail "no numbered error on stderr"
[ "$(wc -l < "$out/code-1.out")" -gt 100 ] || fail "too few event records"
for t in 2 4; do
  for f in code extract; do
    for x in out err rc; do
      cmp -s "$out/$f-1.$x" "$out/$f-$t.$x" || {
        diff "$out/$f-1.$x" "$out/$f-$t.$x" | head -5
        fail "$f --threads $t: .$x differs from --threads 1"
      }
    done
  done
done

if command -v sqlite3 > /dev/null; then
  . "$(dirname "$0")/dump_db.sh"
  for t in 1 2 4; do
    set +e
    "$vigie" ingest --no-progress --batch 7 --threads "$t" --db "$out/t$t.db" "$samples" "$out/in" \
      > /dev/null 2> "$out/ingest-$t.err"
    echo "$?" > "$out/ingest-$t.rc"
    set -e
    sed "s|$out/t$t.db|DB|g" "$out/ingest-$t.err" > "$out/ingest-$t.err.n"
    dump_db "$out/t$t.db" > "$out/ingest-$t.dump"
  done
  [ "$(grep -c "^'event'" "$out/ingest-1.dump")" -gt 50 ] || fail "ingest stored too few events"
  for t in 2 4; do
    for x in dump err.n rc; do
      cmp -s "$out/ingest-1.$x" "$out/ingest-$t.$x" || {
        diff "$out/ingest-1.$x" "$out/ingest-$t.$x" | cut -c1-200 | head -5
        fail "ingest --threads $t: .$x differs from --threads 1"
      }
    done
  done
else
  echo "note: no sqlite3 shell, the ingest comparison is skipped"
fi
echo "ok: code, extract and ingest identical with --threads 1, 2 and 4"
