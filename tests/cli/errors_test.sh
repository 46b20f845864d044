#!/usr/bin/env bash
# Bad articles get a numbered error each, the run goes on, and the exit
# status and the summary line say how many failed.
#   errors_test.sh path/to/vigie
set -euo pipefail
vigie="$1"
dir="$(mktemp -d)"
in="$dir/in"   # the articles; outputs go beside, not inside
mkdir "$in"
trap 'rm -rf "$dir"' EXIT

printf 'Titre\n\nUn premier article tout à fait correct.\n' > "$in/1-good.txt"
printf 'Texte avec un octet \xff invalide.\n' > "$in/2-invalid-utf8.txt"
head -c 4096 /dev/urandom > "$in/3-binary.txt"
printf '\x7fELF\x02\x01\x01\x00\x00\x00' >> "$in/3-binary.txt"
: > "$in/4-empty.txt"
# 50 MB on a single line.
head -c 50000000 /dev/zero | tr '\0' 'a' > "$in/5-huge-line.txt"
printf 'Title\n\nA last, valid article after all the bad ones.\n' > "$in/6-good.txt"

set +e
"$vigie" extract "$in" > "$dir/out.jsonl" 2> "$dir/err.txt"
status=$?
set -e

fail() { echo "FAIL: $*"; echo "--- stderr"; cat "$dir/err.txt"; exit 1; }
[ "$status" -eq 1 ] || fail "exit status $status, want 1"
[ "$(wc -l < "$dir/out.jsonl")" -eq 6 ] || fail "want one JSON line per article"
grep -q '"id":"2-invalid-utf8".*"text":"Texte avec un octet ÿ invalide.*"warnings":\["not UTF-8 (invalid at byte 20): decoded as windows-1252' "$dir/out.jsonl" \
  || fail "Latin-1 text is not decoded with a warning"
grep -q '"id":"3-binary".*"code":"E103"' "$dir/out.jsonl" || fail "no E103 for binary"
grep -q '"id":"4-empty".*"code":"E102"' "$dir/out.jsonl" || fail "no E102 for empty"
grep -q '"id":"5-huge-line".*"code":"E105"' "$dir/out.jsonl" || fail "no E105 for 50 MB"
grep -q '"id":"6-good".*"text":"Title' "$dir/out.jsonl" || fail "the run did not go on"
grep -q '6 articles, 3 ok, 3 failed' "$dir/err.txt" || fail "summary line"
grep -q 'E105 too_large: 1' "$dir/err.txt" || fail "summary per code"

# Output written into the input folder is not read back as input.
set +e
"$vigie" extract "$in" > "$in/out.jsonl" 2> "$dir/err.txt"
set -e
grep -q '"id":"out".*"code":"E106"' "$in/out.jsonl" || fail "output file read as input"
grep -q '7 articles, 3 ok, 4 failed' "$dir/err.txt" || fail "summary with the output file"
rm "$in/out.jsonl"

# The same huge article from stdin.
set +e
head -c 50000000 /dev/zero | tr '\0' 'b' | "$vigie" extract - > "$dir/stdin.jsonl" 2> "$dir/err.txt"
status=$?
set -e
[ "$status" -eq 1 ] || fail "stdin: exit status $status"
grep -q '"code":"E105"' "$dir/stdin.jsonl" || fail "stdin: no E105"

# A raw NUL byte in line 2 of three JSON lines: line 2 alone is an error
# (E103, with its line number) and article 3 is still read, coded and stored
# as line 3 (once, fgets + strlen glued line 3 onto line 2 and it was lost).
wire="$(dirname "$0")/../../samples/wire.jsonl"
line2="$(sed -n 2p "$wire")"
{ sed -n 1p "$wire"; printf '%s\0%s\n' "${line2:0:40}" "${line2:40}"; sed -n 3p "$wire"; } > "$dir/nul.jsonl"
[ "$(tr -d -c '\000' < "$dir/nul.jsonl" | wc -c)" -eq 1 ] || fail "the test file holds no NUL"
set +e
"$vigie" extract "$dir/nul.jsonl" > "$dir/nul-extract.jsonl" 2> "$dir/err.txt"
status=$?
set -e
[ "$status" -eq 1 ] || fail "NUL: exit status $status, want 1"
[ "$(wc -l < "$dir/nul-extract.jsonl")" -eq 3 ] || fail "NUL: want one line per input line"
grep -q '"id":"wire-0001","path":"[^"]*","line":1,' "$dir/nul-extract.jsonl" || fail "NUL: article 1"
grep -q '"id":"nul:2","path":"[^"]*","line":2,"error":{"code":"E103"' "$dir/nul-extract.jsonl" || fail "NUL: no E103 for line 2"
grep -q '"id":"wire-0003","path":"[^"]*","line":3,' "$dir/nul-extract.jsonl" || fail "NUL: article 3 lost"
grep -q 'nul:2: E103 binary_input: raw control byte 0x00 at byte 40 of line 2' "$dir/err.txt" || fail "NUL: message"
set +e
"$vigie" code "$dir/nul.jsonl" > "$dir/nul-events.jsonl" 2> "$dir/err.txt"
"$vigie" ingest --no-progress --db "$dir/nul.db" "$dir/nul.jsonl" 2> "$dir/ingest.txt"
status=$?
set -e
grep -q '"article_ids":\["wire-0003"\]' "$dir/nul-events.jsonl" || fail "NUL: no event of article 3"
grep -q '3 articles, 2 ok, 1 failed (E103 binary_input: 1); 2 added' "$dir/ingest.txt" || fail "NUL: ingest: $(cat "$dir/ingest.txt")"
[ "$status" -eq 1 ] || fail "NUL: ingest exit status $status, want 1"
# The same file from stdin, and after a byte-order mark, with CRLF endings.
set +e
"$vigie" extract - < "$dir/nul.jsonl" > "$dir/nul-stdin.jsonl" 2> /dev/null
{ printf '\xef\xbb\xbf'; sed -n 1,3p "$wire" | sed 's/$/\r/'; } | "$vigie" extract - > "$dir/bom-stdin.jsonl" 2> /dev/null
{ printf '\xef\xbb\xbf'; sed -n 1,3p "$wire" | sed 's/$/\r/'; } > "$dir/bom.jsonl"
"$vigie" extract "$dir/bom.jsonl" > "$dir/bom-file.jsonl" 2> /dev/null
set -e
grep -q '"id":"stdin:2","path":"-","line":2,"error":{"code":"E103"' "$dir/nul-stdin.jsonl" || fail "NUL from stdin: line 2"
grep -q '"id":"wire-0003","path":"-","line":3,' "$dir/nul-stdin.jsonl" || fail "NUL from stdin: article 3 lost"
for f in bom-stdin bom-file; do
  [ "$(grep -c '"error"' "$dir/$f.jsonl")" -eq 0 ] || fail "$f: errors: $(grep '"error"' "$dir/$f.jsonl")"
  grep -q '"id":"wire-0001",.*"line":1,' "$dir/$f.jsonl" || fail "$f: the first line is lost"
  grep -q '"id":"wire-0003",.*"line":3,' "$dir/$f.jsonl" || fail "$f: line 3"
done

# A broken knowledge file stops start-up with file, line and reason.
cp -r "$(dirname "$0")/../../data" "$dir/data"
printf 'consent  (unclosed\n' >> "$dir/data/extract/boilerplate.txt"
set +e
"$vigie" extract --data "$dir/data" "$in/1-good.txt" > /dev/null 2> "$dir/err.txt"
status=$?
set -e
[ "$status" -eq 2 ] || fail "bad data: exit status $status, want 2"
grep -q "E901 bad_data_file: $dir/data/extract/boilerplate.txt:[0-9]*: bad pattern" "$dir/err.txt" \
  || fail "bad data: message"
echo "cli errors: ok"
