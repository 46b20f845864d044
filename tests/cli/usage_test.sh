#!/usr/bin/env bash
# The command line never fails in silence: usage errors are exit status 2
# whatever CLI11 calls them, --version names the build and its knowledge,
# and a second server refuses a port that is in use.
#   usage_test.sh path/to/vigie path/to/samples
set -euo pipefail
vigie="$1"
samples="$2"
source "$(dirname "${BASH_SOURCE[0]}")/scratch.sh"

status() { set +e; "$@" > "$out/stdout" 2> "$out/stderr"; echo $?; set -e; }

[ "$(status "$vigie" code --no-such-option "$samples")" -eq 2 ] || fail "an unknown option is not exit 2"
grep -q 'no-such-option' "$out/stderr" || fail "the unknown option is not named"
[ "$(status "$vigie" code)" -eq 2 ] || fail "a missing PATH is not exit 2"
[ "$(status "$vigie" ingest --busy-timeout 99999 "$samples")" -eq 2 ] || fail "a value out of range is not exit 2"
[ "$(status "$vigie" frobnicate)" -eq 2 ] || fail "an unknown command is not exit 2"
[ "$(status "$vigie")" -eq 2 ] || fail "no command is not exit 2"
[ "$(status "$vigie" --help)" -eq 0 ] || fail "--help is not exit 0"
[ "$(status "$vigie" code --lang english "$samples/en-nigeria-abduction.txt")" -eq 2 ] || fail "--lang english is not refused"
grep -q "E906 bad_option: --lang 'english': a two-letter ISO 639-1 code" "$out/stderr" || fail "--lang english: $(cat "$out/stderr")"
[ ! -s "$out/stdout" ] || fail "--lang english: something was coded"
# A language code vigie has no patterns for: read, not coded, said so, exit 1.
[ "$(status "$vigie" code --lang de "$samples/en-nigeria-abduction.txt")" -eq 1 ] || fail "--lang de coded in silence"
grep -q "not coded: the language 'de' has no event patterns" "$out/stderr" || fail "--lang de: $(cat "$out/stderr")"

[ "$(status "$vigie" --version)" -eq 0 ] || fail "--version: $(cat "$out/stderr")"
grep -Eq '^vigie [0-9]+\.[0-9]+\.[0-9]+ \(git [0-9a-f]{7,}|^vigie [0-9.]+ \(git unknown' "$out/stdout" || fail "--version: $(cat "$out/stdout")"
grep -Eq '^data +.* xxh3:[0-9a-f]{16} +\([0-9]+ files\)' "$out/stdout" || fail "--version: no data fingerprint"
grep -Eq '^model +.*/(en|fr)\.model +xxh3:[0-9a-f]{16}' "$out/stdout" || fail "--version: no model fingerprint"
# The fingerprint is of the data: another folder gives another one.
cp -r "$(dirname "$samples")/data" "$out/data"
echo "# a comment" >> "$out/data/export/countries.txt"
before=$(grep '^data' "$out/stdout" | grep -o 'xxh3:[0-9a-f]*')
after=$(VIGIE_DATA="$out/data" "$vigie" --version | grep '^data' | grep -o 'xxh3:[0-9a-f]*')
[ "$before" != "$after" ] || fail "the data fingerprint does not change with the data"

# An article in a language vigie has no event patterns for is named and
# counted, and the exit status says something was left uncoded.
cat > "$out/de.txt" <<'TXT'
Bundesregierung kündigt neue Hilfen für Landwirte an

Die Bundesregierung hat am Mittwoch in Berlin ein neues Hilfspaket für Landwirte angekündigt, die unter der anhaltenden Trockenheit leiden. Nach Angaben des Ministeriums sollen die Mittel noch in diesem Jahr ausgezahlt werden, damit die Betriebe ihre Ernteausfälle ausgleichen können.
TXT
[ "$(status "$vigie" code "$out/de.txt")" -eq 1 ] || fail "a German article coded in silence: $(cat "$out/stderr")"
grep -q "de: not coded: the language 'de' has no event patterns" "$out/stderr" || fail "not named: $(cat "$out/stderr")"
grep -q '1 read but not coded' "$out/stderr" || fail "not counted: $(cat "$out/stderr")"
[ "$(status "$vigie" extract "$out/de.txt")" -eq 0 ] || fail "extract of a German article is not exit 0"

# A folder: .TXT and .md are read as text, a PDF is named with E113 and
# counted (exit 1), the folder's README is named as not read.
mkdir "$out/folder"
cp "$samples/fr-mali-gao-frappes.txt" "$out/folder/GAO.TXT"
cp "$samples/en-nigeria-abduction.txt" "$out/folder/lagos.md"
printf '%%PDF-1.4\n' > "$out/folder/scan.pdf"
echo "What this folder holds." > "$out/folder/README.md"
[ "$(status "$vigie" extract "$out/folder")" -eq 1 ] || fail "a folder with a PDF: $(cat "$out/stderr")"
grep -q 'scan: E113 unsupported: .*/folder/scan.pdf not read: a .pdf file is no article format' "$out/stderr" || fail "PDF not named: $(cat "$out/stderr")"
grep -q 'README.md: not read' "$out/stderr" || fail "README not named"
grep -q '3 articles, 2 ok, 1 failed (E113 unsupported: 1)' "$out/stderr" || fail "folder summary: $(cat "$out/stderr")"
grep -q '"id":"GAO".*"agency":"AFP"' "$out/stdout" || fail ".TXT not read as text"
grep -q '"id":"lagos".*"agency":"Reuters"' "$out/stdout" || fail ".md not read as text"

# A second server on a busy port: refused, exit 2, with the reason.
"$vigie" ingest --db "$out/s.db" "$samples/fr-mali-gao-frappes.txt" > /dev/null 2>&1
"$vigie" serve --db "$out/s.db" --port 0 > "$out/serve1.out" 2> "$out/serve1.err" &
first=$!
trap 'kill "$first" 2>/dev/null || true; rm -rf "$out"' EXIT
for _ in $(seq 100); do grep -q 'http://' "$out/serve1.out" && break; sleep 0.1; done
port=$(grep -o ':[0-9]*/' "$out/serve1.out" | tr -d ':/')
[ -n "$port" ] || fail "the first server did not start: $(cat "$out/serve1.err")"
[ "$(status "$vigie" serve --db "$out/s.db" --port "$port")" -eq 2 ] || fail "a second server on port $port started"
grep -q "cannot listen on 127.0.0.1:$port" "$out/stderr" || fail "busy port: $(cat "$out/stderr")"
grep -q 'http://' "$out/stdout" && fail "the second server printed an address"
kill "$first"
wait "$first" 2>/dev/null || true
echo "cli usage: ok"
