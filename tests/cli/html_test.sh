#!/usr/bin/env bash
# HTML pages and WARC archives through `vigie extract`, end to end.
#   html_test.sh path/to/vigie path/to/tests/data/html
set -euo pipefail
vigie="$1"
pages="$2"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; [ -f "$dir/err.txt" ] && cat "$dir/err.txt"; exit 1; }

# One page.
"$vigie" extract "$pages/fr-consent-afp.html" > "$dir/page.jsonl" 2> "$dir/err.txt" || fail "page"
grep -q '"agency":"AFP"' "$dir/page.jsonl" || fail "page: agency"
grep -q '"published":"2024-12-10"' "$dir/page.jsonl" || fail "page: date"
grep -q '"reason":"consent"' "$dir/page.jsonl" || fail "page: consent removed"
grep -q 'cookies pour mesurer' "$dir/page.jsonl" || fail "page: removed text kept"
! grep -q '"text":"Niger[^"]*cookies' "$dir/page.jsonl" || fail "page: consent in text"

# The same page from stdin, and gzip-compressed.
"$vigie" extract - < "$pages/fr-consent-afp.html" 2>/dev/null | grep -c '"agency":"AFP"' >/dev/null || fail "stdin page"
gzip -c "$pages/en-broken-markup.html" > "$dir/broken.html.gz"
"$vigie" extract "$dir/broken.html.gz" 2>/dev/null | grep -c '"published":"2024-09-08"' >/dev/null || fail ".html.gz"

# A WARC.gz built here: a good record, a record whose Content-Length lies,
# a binary record, a good record, and a truncated final member.
record() {  # type id body [length]
  local len="${4:-$(printf '%s' "$3" | wc -c)}"
  printf 'WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%s>\r\nWARC-Target-URI: https://a.example/%s\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: %s\r\n\r\n%s\r\n\r\n' "$1" "$2" "$2" "$len" "$3"
}
page() { printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><article><h1>%s</h1><p>%s</p></article></body></html>' "$1" "$2"; }
{
  record response good-1 "$(page 'Gao strikes' 'Air strikes hit positions near Gao on Sunday, the army said, killing at least ten fighters.')" | gzip -c
  record response liar "$(page 'Liar' 'This record says it is longer than it is.')" 9000 | gzip -c
  record response binary "$(printf 'HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n'; head -c 512 /dev/urandom | tr -d '\000')" | gzip -c
  record response good-2 "$(page 'Jeddah talks' 'Negotiators met again in Jeddah on Tuesday to discuss a ceasefire, mediators said in a statement.')" | gzip -c
  record response cut "$(page 'Cut' 'This member is truncated before its end, as by an interrupted crawl.')" | gzip -c | head -c 60
} > "$dir/crawl.warc.gz"
set +e
"$vigie" extract "$dir/crawl.warc.gz" > "$dir/warc.jsonl" 2> "$dir/err.txt"
status=$?
set -e
[ "$status" -eq 1 ] || fail "warc: exit status $status, want 1"
grep -q '"id":"urn:uuid:good-1".*"url":"https://a.example/good-1".*"title":"Gao strikes"' "$dir/warc.jsonl" || fail "warc: good-1"
grep -q '"id":"urn:uuid:good-2".*"title":"Jeddah talks"' "$dir/warc.jsonl" || fail "warc: good-2 after the bad ones"
grep -q '"id":"urn:uuid:liar".*"code":"E115"' "$dir/warc.jsonl" || fail "warc: E115 for the lying length"
grep -q '"id":"urn:uuid:binary".*"code":"E113"' "$dir/warc.jsonl" || fail "warc: E113 for the image"
grep -q '"code":"E114"' "$dir/warc.jsonl" || fail "warc: E114 for the truncated member"

# The same archive from stdin.
"$vigie" extract - < "$dir/crawl.warc.gz" > "$dir/stdin.jsonl" 2>/dev/null || true
grep -q '"id":"urn:uuid:good-2"' "$dir/stdin.jsonl" || fail "stdin warc"

# A 100 MB page is refused by size and the next file is still read.
mkdir "$dir/big"
{ printf '<html><body><p>'; head -c 100000000 /dev/zero | tr '\0' 'a'; } > "$dir/big/1-huge.html"
cp "$pages/fr-latin1-meta.html" "$dir/big/2-next.html"
set +e
"$vigie" extract "$dir/big" > "$dir/big.jsonl" 2> "$dir/err.txt"
set -e
grep -q '"id":"1-huge".*"code":"E105"' "$dir/big.jsonl" || fail "100 MB page"
grep -q '"id":"2-next".*réfugiés' "$dir/big.jsonl" || fail "the file after the big one"

# The extraction benchmark's metric, on a tiny benchmark folder.
mkdir -p "$dir/bench/html"
gzip -c "$pages/en-broken-markup.html" > "$dir/bench/html/p1.html.gz"
printf '{"p1": {"articleBody": "MAIDUGURI, Nigeria (Reuters) - Floods caused by the collapse of a dam near Maiduguri have forced more than 30,000 people from their homes, the state emergency agency said on Sunday.", "url": "https://a.example/p1"}}' > "$dir/bench/ground-truth.json"
"$vigie" bench-extraction --dir "$dir/bench" --passes 1 > "$dir/bench.txt" || fail "bench-extraction"
grep -q 'F1 ' "$dir/bench.txt" || fail "bench-extraction: no F1"
grep -q 'pages/s' "$dir/bench.txt" || fail "bench-extraction: no pages/s"
echo "cli html: ok"
