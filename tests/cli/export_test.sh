#!/usr/bin/env bash
# Publication dates read from the input, and the exports loaded back by a
# Python script (csv and json modules) and checked against the GDELT and
# ACLED codebooks (check_exports.py).
#   export_test.sh path/to/vigie path/to/samples
set -euo pipefail
vigie="$1"
samples="$2"
here="$(dirname "${BASH_SOURCE[0]}")"
source "$here/scratch.sh"

field() {  # file key: the value of a top-level key of the first JSON line
  python3 -c 'import json,sys; r=json.loads(open(sys.argv[1]).readline()); v=r.get(sys.argv[2]); print("" if v is None else v)' "$1" "$2"
}

# --- A --published that is no day is refused: E906, exit 2, the reason. ------
for bad in 2024-02-30 2024-13-45 2023-02-29 yesterday 2024-3-4; do
  set +e
  "$vigie" code --published "$bad" "$samples/fr-mali-gao-frappes.txt" > "$out/bad.out" 2> "$out/bad.err"
  rc=$?
  set -e
  [ "$rc" -eq 2 ] || fail "--published $bad: exit $rc, not 2"
  grep -q "E906 bad_option: --published '$bad'" "$out/bad.err" || fail "--published $bad: $(cat "$out/bad.err")"
  [ ! -s "$out/bad.out" ] || fail "--published $bad: something was coded anyway"
done
grep -q "February 2023 has 28 days" <("$vigie" extract --published 2023-02-29 "$samples/fr-mali-gao-frappes.txt" 2>&1 || true) \
  || fail "the reason for 2023-02-29 is not given"
"$vigie" extract --published 2024-02-29 "$samples/fr-mali-gao-frappes.txt" > "$out/leap.jsonl" 2>/dev/null \
  || fail "a leap day is refused"
[ "$(field "$out/leap.jsonl" published)" = 2024-02-29 ] || fail "leap day not kept"

# --- Datelines and date lines in plain text. -----------------------------------
# "LAGOS, Nov 3 (Reuters) -" writes no year: the latest 3 November on or
# before today, with a warning saying so.
expected=$(python3 -c 'import datetime as d; t=d.datetime.now(d.timezone.utc).date(); y=t.year if (11,3)<=(t.month,t.day) else t.year-1; print(f"{y}-11-03")')
"$vigie" extract "$samples/en-nigeria-abduction.txt" > "$out/lagos.jsonl" 2>/dev/null
[ "$(field "$out/lagos.jsonl" published)" = "$expected" ] || fail "LAGOS, Nov 3: published $(field "$out/lagos.jsonl" published), not $expected"
field "$out/lagos.jsonl" published_rule | grep -q 'extract/bylines.txt:[0-9]* (no year written' || fail "dateline rule: $(field "$out/lagos.jsonl" published_rule)"
field "$out/lagos.jsonl" warnings | grep -q 'writes no year' || fail "no warning for a dateline without a year"
# "Nairobi, Sep 8 (EFE).-"
"$vigie" extract "$samples/en-sudan-darfur-humanitarian.txt" > "$out/efe.jsonl" 2>/dev/null
field "$out/efe.jsonl" published | grep -q -- '-09-08$' || fail "Nairobi, Sep 8 (EFE).-: $(field "$out/efe.jsonl" published)"
# --published wins over the text.
"$vigie" extract --published 2024-11-03 "$samples/en-nigeria-abduction.txt" > "$out/forced.jsonl" 2>/dev/null
[ "$(field "$out/forced.jsonl" published)" = 2024-11-03 ] || fail "--published does not win over the dateline"

# A French page's "Publié le ... à ..." and "Mis à jour le" lines: the
# publication day wins, the line is dropped from the text with its reason.
sed '3i Publié le 31/01/2022 à 21h47 - Mis à jour le 01/02/2022 à 08h00\n' "$samples/fr-mali-gao-frappes.txt" > "$out/publie.txt"
"$vigie" extract "$out/publie.txt" > "$out/publie.jsonl" 2>/dev/null
[ "$(field "$out/publie.jsonl" published)" = 2022-01-31 ] || fail "Publié le 31/01/2022: $(field "$out/publie.jsonl" published)"
python3 - "$out/publie.jsonl" <<'EOF' || fail "the date line is not removed as date_line"
import json, sys
r = json.loads(open(sys.argv[1]).readline())
assert "Publié le" not in r["text"], r["text"][:300]
assert any(x["reason"] == "date_line" and x["text"].startswith("Publié le") for x in r["removed"]), r["removed"]
EOF
sed '3i Mis à jour le 1er février 2022 à 08h00\n' "$samples/fr-mali-gao-frappes.txt" > "$out/maj.txt"
"$vigie" extract "$out/maj.txt" > "$out/maj.jsonl" 2>/dev/null
[ "$(field "$out/maj.jsonl" published)" = 2022-02-01 ] || fail "Mis à jour le 1er février 2022: $(field "$out/maj.jsonl" published)"
sed '3i Updated on March 4, 2024 10:05 GMT\n' "$samples/en-syria-aleppo-airstrikes.txt" > "$out/updated.txt"
"$vigie" extract "$out/updated.txt" > "$out/updated.jsonl" 2>/dev/null
[ "$(field "$out/updated.jsonl" published)" = 2024-03-04 ] || fail "Updated on March 4, 2024: $(field "$out/updated.jsonl" published)"

# --- Dates in JSON lines: ISO 8601 and RFC 822 (RSS); a bad one is a warning.
text=$(python3 -c 'import json,sys; print(json.dumps(open(sys.argv[1]).read()))' "$samples/en-syria-aleppo-airstrikes.txt")
{
  echo "{\"id\": \"rss\", \"published\": \"Mon, 04 Mar 2024 10:00:00 GMT\", \"text\": $text}"
  echo "{\"id\": \"iso\", \"published\": \"2024-03-05T23:30:00+01:00\", \"text\": $text}"
  echo "{\"id\": \"pubdate\", \"pubDate\": \"Tue, 5 Mar 2024 08:00 +0000\", \"text\": $text}"
  echo "{\"id\": \"bad\", \"published\": \"2024-02-30\", \"text\": $text}"
} > "$out/dated.jsonl"
"$vigie" extract "$out/dated.jsonl" > "$out/dated.out" 2>/dev/null
python3 - "$out/dated.out" <<'EOF' || fail "JSON-line dates"
import json, sys
rs = {r["id"]: r for r in map(json.loads, open(sys.argv[1]))}
assert rs["rss"]["published"] == "2024-03-04", rs["rss"]["published"]
assert rs["rss"]["published_rule"] == "input:published", rs["rss"]["published_rule"]
assert rs["iso"]["published"] == "2024-03-05", rs["iso"]["published"]
assert rs["pubdate"]["published"] == "2024-03-05", rs["pubdate"]["published"]
assert rs["bad"]["published"] is None or rs["bad"]["published_rule"] != "input:published", rs["bad"]
assert any("ignored published '2024-02-30'" in w for w in rs["bad"]["warnings"]), rs["bad"].get("warnings")
EOF

# --- The exports. ----------------------------------------------------------------
# The samples, plus two articles whose source name (their id: they have no
# byline, agency or URL) a spreadsheet would run as a formula.
as_json() { python3 -c 'import json,sys; print(json.dumps(open(sys.argv[1]).read()))' "$1"; }
{
  echo "{\"id\": \"=HYPERLINK(\\\"http://evil.example\\\")\", \"published\": \"2024-04-16\", \"text\": $(as_json "$samples/en-yemen-prisoner-swap-clean.txt")}"
  echo "{\"id\": \"-2+3\", \"published\": \"2024-10-13\", \"text\": $(as_json "$samples/fr-syrie-idleb-frappes.txt")}"
} > "$out/formula.jsonl"
db="$out/export.db"
"$vigie" ingest --db "$db" "$samples" "$out/formula.jsonl" > /dev/null 2> "$out/ingest.err" || fail "ingest: $(cat "$out/ingest.err")"
"$vigie" export --db "$db" --format jsonl > "$out/events.jsonl" 2> "$out/export.err"
grep -q 'days from:' "$out/export.err" || fail "the export does not say where its days come from: $(cat "$out/export.err")"
"$vigie" export --db "$db" --format gdelt --header > "$out/gdelt.tsv" 2>/dev/null
"$vigie" export --db "$db" --format gdelt-mentions --header > "$out/mentions.tsv" 2>/dev/null
"$vigie" export --db "$db" --format acled > "$out/acled.csv" 2> "$out/acled.err"
"$vigie" export --db "$db" --format geojson > "$out/events.geojson" 2>/dev/null
python3 "$here/check_exports.py" "$out" || fail "the exports do not load as the codebooks say"

# The formula guard is on real cells: the two ids are sources of ACLED rows.
grep -q "'=HYPERLINK" "$out/acled.csv" || fail "no guarded =HYPERLINK cell"
grep -q "'-2+3" "$out/acled.csv" || fail "no guarded -2+3 cell"
# Negative numbers are not text: a western longitude keeps its sign.
"$vigie" export --db "$db" --format acled --excel > "$out/excel.csv" 2>/dev/null
head -c 3 "$out/excel.csv" | od -An -tx1 | grep -q 'ef bb bf' || fail "--excel writes no byte-order mark"

# event_id_cnty is the same in another database that read the same articles
# in another order.
"$vigie" ingest --db "$out/reversed.db" $(ls -r "$samples"/*.txt) "$samples/html" "$samples/syndication" \
  "$samples/wire.jsonl" "$out/formula.jsonl" > /dev/null 2>&1 || fail "ingest in another order"
"$vigie" export --db "$out/reversed.db" --format acled 2>/dev/null | python3 -c 'import csv,sys; print("\n".join(sorted(r["event_id_cnty"] for r in csv.DictReader(sys.stdin))))' > "$out/ids2"
python3 -c 'import csv,sys; print("\n".join(sorted(r["event_id_cnty"] for r in csv.DictReader(open(sys.argv[1])))))' "$out/acled.csv" > "$out/ids1"
[ -s "$out/ids1" ] && cmp -s "$out/ids1" "$out/ids2" || fail "event_id_cnty depends on the order of ingestion: $(diff "$out/ids1" "$out/ids2" | head -5)"
# ... while the database's own ids differ (the test would prove nothing otherwise).
"$vigie" export --db "$out/reversed.db" --format jsonl > "$out/reversed.jsonl" 2>/dev/null
[ "$(head -1 "$out/events.jsonl")" != "$(head -1 "$out/reversed.jsonl")" ] || fail "the reversed ingest gave the same first event"

# Filters: a day range, a country, a code prefix, a bounding box; bad ones are E906.
"$vigie" export --db "$db" --format jsonl --country SY > "$out/sy.jsonl" 2>/dev/null
[ -s "$out/sy.jsonl" ] || fail "--country SY gives nothing"
python3 -c 'import json,sys; assert all(r["place"] and r["place"]["country"]=="SY" for r in map(json.loads, open(sys.argv[1])))' "$out/sy.jsonl" \
  || fail "--country SY lets other countries through"
"$vigie" export --db "$db" --format jsonl --code 19 > "$out/19.jsonl" 2>/dev/null
python3 -c 'import json,sys; rs=[json.loads(l) for l in open(sys.argv[1])]; assert rs and all(r["cameo"]["code"].startswith("19") for r in rs)' "$out/19.jsonl" \
  || fail "--code 19"
"$vigie" export --db "$db" --format jsonl --from 2024-07-21 --to 2024-07-21 > "$out/day.jsonl" 2>/dev/null
python3 -c 'import json,sys; rs=[json.loads(l) for l in open(sys.argv[1])]; assert rs and all(r["event_date"]<="2024-07-21" for r in rs)' "$out/day.jsonl" \
  || fail "--from/--to"
"$vigie" export --db "$db" --format geojson --bbox 35,32,40,37 > "$out/bbox.geojson" 2>/dev/null
python3 -c 'import json,sys; fs=json.load(open(sys.argv[1]))["features"]; assert fs and all(35<=f["geometry"]["coordinates"][0]<=40 and 32<=f["geometry"]["coordinates"][1]<=37 for f in fs)' "$out/bbox.geojson" \
  || fail "--bbox"
"$vigie" export --db "$db" --format jsonl --since 2000-01-01 > "$out/since.jsonl" 2>/dev/null
cmp -s "$out/since.jsonl" "$out/events.jsonl" || fail "--since before the ingest leaves events out"
"$vigie" export --db "$db" --format jsonl --since 2999-01-01 > "$out/none.jsonl" 2>/dev/null
[ ! -s "$out/none.jsonl" ] || fail "--since after the ingest keeps events"
for bad in "--from 2024-02-30" "--to tomorrow" "--country syria" "--code 1a" "--bbox 1,2,3" "--format xls"; do
  set +e
  # shellcheck disable=SC2086
  "$vigie" export --db "$db" $bad > /dev/null 2> "$out/bad.err"
  rc=$?
  set -e
  [ "$rc" -eq 2 ] && grep -q E906 "$out/bad.err" || fail "export $bad: exit $rc, $(cat "$out/bad.err")"
done
echo "cli export: ok"
