#!/usr/bin/env bash
# vigie ingest and export end to end on the bundled samples.
#   store_test.sh path/to/vigie path/to/samples [path/to/shared]
set -euo pipefail
vigie="$1"
samples="$2"
shared="${3:-}"
source "$(dirname "${BASH_SOURCE[0]}")/scratch.sh"
db="$out/test.db"

started=$SECONDS
"$vigie" ingest --db "$db" "$samples" 2> "$out/err1.txt" || fail "ingest: $(cat "$out/err1.txt")"
took=$((SECONDS - started))
grep -q 'articles, [0-9]* ok, 0 failed; [0-9]* added' "$out/err1.txt" || fail "ingest summary: $(cat "$out/err1.txt")"
grep -q 'fusion: .* stories' "$out/err1.txt" || fail "no fusion line"
# No progress line in a short run whose stderr is a file (one shorter than
# the 2 s after which progress shows; a sanitized build can take longer).
if [ "$took" -lt 2 ] && grep -q 'ETA' "$out/err1.txt"; then fail "progress shown in a short run"; fi

# Idempotent: the same input again leaves the file byte for byte as it was.
cp "$db" "$out/before.db"
"$vigie" ingest --db "$db" "$samples" 2> "$out/err2.txt"
grep -q ' 0 added (0 events), [1-9][0-9]* already stored' "$out/err2.txt" || fail "second ingest: $(cat "$out/err2.txt")"
cmp -s "$db" "$out/before.db" || fail "the second ingest changed the database"

# The syndicated variants: one story, the raids fused with their counts.
"$vigie" export --db "$db" --format jsonl > "$out/events.jsonl" 2>/dev/null
grep '"code":"195"' "$out/events.jsonl" | grep '"name":"Palmyra"' \
  | grep -c '"counts":{"mentions":3,"articles":3,"sources":3}' >/dev/null || fail "the raids are not fused across 3 copies"

# GDELT: 61 tab-separated columns; the header names them in GDELT's order.
"$vigie" export --db "$db" --format gdelt --header > "$out/gdelt.tsv" 2>/dev/null
awk -F'\t' 'NF != 61 { exit 1 }' "$out/gdelt.tsv" || fail "a GDELT row without 61 columns"
head -1 "$out/gdelt.tsv" | grep -c '^GLOBALEVENTID	SQLDATE	MonthYear	Year	FractionDate	Actor1Code' >/dev/null || fail "GDELT header"
head -1 "$out/gdelt.tsv" | grep -c 'ActionGeo_FeatureID	DATEADDED	SOURCEURL$' >/dev/null || fail "GDELT header end"
grep -P '\t195\t195\t19\t4\t-10.0\t3\t3\t3\t' "$out/gdelt.tsv" | grep -c 'Palmyra' >/dev/null || fail "GDELT row of the raids"

# ACLED: the header and a row for the raids.
"$vigie" export --db "$db" --format acled > "$out/acled.csv" 2>/dev/null
head -1 "$out/acled.csv" | tr -d '\r' | grep -xc 'event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp' >/dev/null \
  || fail "ACLED header"
grep -q '^SYR[0-9]*,2016-12-1[01],2016,[12],Political violence,Explosions/Remote violence,Air/drone strike,.*,760,Middle East,Syria,.*Palmyra,34.5' "$out/acled.csv" || fail "ACLED row"

# With ../shared: two other outlets' copies of the seed made here (another
# title and byline with a paragraph dropped; the first paragraphs only) are
# near-duplicates of it, the English version joins through shared events,
# and the raids are one event told by four articles from four sources.
seed="$shared/gold/seed/palmyre-20minutes-afp.txt"
if [ -n "$shared" ] && [ -f "$seed" ]; then
  sed -e "s/Syrie: Daesh se retire de Palmyre après de violents raids russes/Palmyre : l'EI chassé de la cité antique/" \
      -e 's/20 Minutes/Le Courrier du Soir/g' "$seed" \
    | awk 'BEGIN{RS="";ORS="\n\n"} !/^Daesh avait pris le contrôle/' > "$out/courrier.txt"
  sed -e 's/20 Minutes/La Gazette du Parvis/g' "$seed" | awk 'BEGIN{RS="";ORS="\n\n"} NR<=7' > "$out/gazette.txt"
  "$vigie" ingest --db "$out/seed.db" --published 2016-12-11 "$seed" "$out/courrier.txt" "$out/gazette.txt" \
    "$samples/syndication/en-palmyra-northern-herald.jsonl" 2> "$out/seed-err.txt"
  grep -q 'fusion: 4 articles in 1 stories (1 with several articles: 3 copies, 1 joined by shared events)' \
    "$out/seed-err.txt" || fail "seed copies: $(cat "$out/seed-err.txt")"
  "$vigie" export --db "$out/seed.db" --format jsonl 2>/dev/null | grep '"code":"195"' \
    | grep -c '"counts":{"mentions":4,"articles":4,"sources":4}' >/dev/null || fail "the seed's raids are not one event of 4 sources"
fi

set +e
"$vigie" export --db "$db" --format xml > /dev/null 2>&1
[ $? -eq 2 ] || fail "an unknown format is a usage error"
"$vigie" export --db "$out/none.db" > /dev/null 2>&1
[ $? -eq 2 ] || fail "a missing database is an error"
"$vigie" serve --db "$out/none.db" --port 0 > /dev/null 2>&1
[ $? -eq 2 ] || fail "serve without a database is an error"
echo "not sqlite" > "$out/bad.db"
"$vigie" ingest --db "$out/bad.db" "$samples" > /dev/null 2>&1
[ $? -eq 2 ] || fail "ingest into a file that is not a database"
set -e
echo "cli store: ok"
