#!/usr/bin/env bash
# vigie eval end to end, on gold and events written here for the test, and
# on ../shared/gold/seed when it is there (skipped otherwise).
#   eval_test.sh path/to/vigie path/to/shared
set -euo pipefail
vigie="$1"
shared="$2"
source "$(dirname "${BASH_SOURCE[0]}")/scratch.sh"

# Two made-up articles in vigie's JSON-lines gold format.
cat > "$out/gold.gold.jsonl" <<'JSONL'
{"id":"a1","text":"Russian jets struck the old town of Tadmor on Saturday night, the ministry said.","published":"2016-12-11","lang":"en","events":[{"id":"E1","cameo":"195","plover":"ASSAULT","required":true,"source":{"country":"RUS","sector":"MIL"},"target":{"group":"ISIL"},"place":{"geonames_id":163808,"lat":34.5584,"lon":38.284},"date":{"earliest":"2016-12-10","latest":"2016-12-11"}},{"id":"E2","cameo":"0874","plover":"RETREAT","source":{"group":"ISIL"},"place":{"geonames_id":163808},"date":"2016-12-11"}]}
{"id":"a2","text":"Les manifestants ont réclamé la libération des détenus à Paris.","published":"2024-03-17","lang":"fr","events":[{"plover":"DEMAND"}]}
JSONL
# What some system said about them: E1 found (not strictly: 190), one extra event.
cat > "$out/events.jsonl" <<'JSONL'
{"id":"x1","article_ids":["a1"],"cameo":{"code":"190"},"plover":"ASSAULT","source":{"country":"RUS","sector":"MIL"},"target":{"group":"ISIL"},"place":{"geonames_id":999,"lat":34.60,"lon":38.30},"date":{"earliest":"2016-12-10","latest":"2016-12-10"}}
{"id":"x2","article_ids":["a1"],"cameo":{"code":"040"},"plover":"CONSULT","date":{"earliest":"2016-12-11","latest":"2016-12-11"}}
{"id":"x3","article_ids":["a2"],"cameo":{"code":"1053"},"plover":"REQUEST"}
JSONL

"$vigie" eval --gold "$out/gold.gold.jsonl" --events "$out/events.jsonl" > "$out/report.txt" 2> "$out/err.txt" \
  || fail "eval --events: exit $? $(cat "$out/err.txt")"
grep -q 'matched 1   precision 0.500   recall 0.500   F1 0.500' "$out/report.txt" || fail "figures: $(cat "$out/report.txt")"
grep -q 'required recall 1.000 (1/1)' "$out/report.txt" || fail "required recall"
grep -q 'strict: matched 0' "$out/report.txt" || fail "strict"
grep -q 'not strict: CAMEO code 190, gold 195' "$out/report.txt" || fail "why not strict"
grep -q 'missed    E2' "$out/report.txt" || fail "missed E2"
grep -q 'spurious  #x2' "$out/report.txt" || fail "spurious x2"
grep -qF 'PLOVER labels per sentence (events told as done: neither negated nor hypothetical): 1 sentences' "$out/report.txt" || fail "labels"
grep -Eq '^  REQUEST +1 +1 +1 +1.000' "$out/report.txt" || fail "REQUEST row"

"$vigie" eval --gold "$out/gold.gold.jsonl" --events "$out/events.jsonl" --format json > "$out/report.json"
grep -q '"required_recall": 1.0' "$out/report.json" || fail "json report"

# The pipeline itself (no coding stage yet: the figures may be 0; it must run).
"$vigie" eval --gold "$out" > "$out/pipeline.txt" 2> "$out/err.txt" || fail "eval pipeline: $(cat "$out/err.txt")"
grep -q '^events: 1 article, 2 gold (1 required)' "$out/pipeline.txt" || fail "pipeline run: $(cat "$out/pipeline.txt")"

# A malformed gold line: reported with file and line, the rest still scored, exit 1.
{ head -1 "$out/gold.gold.jsonl"; echo '{"id":"a3","text":"x",'; } > "$out/bad.gold.jsonl"
set +e
"$vigie" eval --gold "$out/bad.gold.jsonl" --events "$out/events.jsonl" > "$out/bad.txt" 2> "$out/err.txt"
rc=$?
set -e
[ $rc -eq 1 ] || fail "malformed gold: exit $rc"
grep -q "E110 malformed_json: $out/bad.gold.jsonl:2:" "$out/err.txt" || fail "malformed gold message: $(cat "$out/err.txt")"
grep -q '^events: 1 article' "$out/bad.txt" || fail "the good line is still scored"

set +e
"$vigie" eval --gold "$out/nothing-here.jsonl" > /dev/null 2>&1
[ $? -eq 2 ] || fail "missing gold: exit 2"
"$vigie" eval --gold "$out/gold.gold.jsonl" --format xml > /dev/null 2>&1
[ $? -eq 2 ] || fail "bad --format: exit 2"
set -e

# A PETRARCH validation file (self-closing <Sentence/> tags, as the real one)
# with a record cut short, and a CASE 2021 task 2 TSV, both made up here.
cat > "$out/up.xml" <<'XML'
<?xml version='1.0' encoding='utf-8'?>
<Validation><Sentences>
<Sentence category="T" date="20200102" id="S1" evaluate="true"/>
<EventCoding eventcode="042" sourcecode="USAGOV" targetcode="CHN" />
<Text>The US president visited China.</Text>
</Sentence>
<Sentence category="T" date="20200102" id="S2" evaluate="true"/>
<EventCoding eventcode="190" sourcecode="---REB
<Text>Rebels attacked.</Text>
</Sentence>
</Sentences></Validation>
XML
printf 'id\tEventSnippet\tSubType\n1\tPolice arrested two men in the capital.\tARREST\n2\tJets bombed the depot.\tAIR_STRIKE\n' > "$out/case.tsv"
cat > "$out/sets-events.jsonl" <<'JSONL'
{"id":"y1","article_ids":["S1"],"cameo":{"code":"040"},"source":{"country":"USA"},"target":{"country":"CHN"}}
{"id":"y2","article_ids":["1"],"cameo":{"code":"173"},"acled":{"event_type":"Strategic developments","sub_event_type":"Arrests"},"confidence":0.7}
JSONL
set +e
"$vigie" eval --gold "$out/up.xml" --gold "$out/case.tsv" --events "$out/sets-events.jsonl" > "$out/sets.txt" 2> "$out/err.txt"
rc=$?
set -e
[ $rc -eq 1 ] || fail "garbled PETRARCH record: exit $rc"
grep -q "E117 malformed_record: $out/up.xml:7: record 2 (id S2)" "$out/err.txt" || fail "E117 message: $(cat "$out/err.txt")"
grep -q '^CAMEO per sentence: 1 sentences, 1 gold events, 1 system events' "$out/sets.txt" || fail "cameo: $(cat "$out/sets.txt")"
grep -Eq '^  root F1 .*F1 1.000$' "$out/sets.txt" || fail "root F1"
grep -Eq '^  triple F1 .*F1 1.000$' "$out/sets.txt" || fail "triple F1"
grep -q 'weighted F1 0.500 (by gold support)   macro F1 0.500 (over 2 gold labels)' "$out/sets.txt" \
  || fail "CASE figures: $(cat "$out/sets.txt")"
grep -q '  2: AIR_STRIKE / (none): Jets bombed' "$out/sets.txt" || fail "CASE difference"
"$vigie" eval --gold "$out/case.tsv" --format json > "$out/case.json" 2> "$out/err.txt" || fail "CASE pipeline: $(cat "$out/err.txt")"
grep -q '"case2021"' "$out/case.json" && grep -q '"weighted_f1"' "$out/case.json" || fail "CASE json"

# eval-geo on a gzip file in the shape of GeoVirus (our own text): spans in
# code points ("é" is one), both towns found and placed.
cat > "$out/geo.xml" <<'XML'
<articles>
  <article>
    <source>https://example.org/floods</source>
    <text>Flooding closed roads in Lyon and Grenoble on Tuesday, the préfecture said.</text>
    <locations>
      <location><name>Lyon</name><start>25</start><end>29</end><lat>45.76</lat><lon>4.83</lon></location>
      <location><name>Grenoble</name><start>34</start><end>42</end><lat>45.17</lat><lon>5.72</lon></location>
    </locations>
  </article>
</articles>
XML
gzip -c "$out/geo.xml" > "$out/geo.xml.gz"
"$vigie" eval-geo --gold "$out/geo.xml.gz" > "$out/geo.txt" 2> "$out/err.txt" || fail "eval-geo: $(cat "$out/err.txt")"
grep -q '^geoparsing geo.xml.gz: 1 articles, 2 resolvable toponyms' "$out/geo.txt" || fail "eval-geo head: $(cat "$out/geo.txt")"
grep -q 'precision 1.000   recall 1.000   F1 1.000' "$out/geo.txt" || fail "eval-geo recognition: $(cat "$out/geo.txt")"
grep -Eq '^    vigie +1.000 ' "$out/geo.txt" || fail "eval-geo vigie: $(cat "$out/geo.txt")"
grep -Eq '^    population +1.000 ' "$out/geo.txt" || fail "eval-geo baseline: $(cat "$out/geo.txt")"
"$vigie" eval-geo --gold "$out/geo.xml" --format json > "$out/geo.json" || fail "eval-geo json"
grep -q '"population_baseline"' "$out/geo.json" || fail "eval-geo json: $(cat "$out/geo.json")"

if [ -d "$shared/gold/seed" ]; then
  "$vigie" eval --gold "$shared/gold/seed" > "$out/seed.txt" 2> "$out/err.txt" || fail "seed: $(cat "$out/err.txt")"
  grep -q '^events: 1 article, 8 gold (3 required)' "$out/seed.txt" || fail "seed figures: $(cat "$out/seed.txt")"
  grep -q 'required recall' "$out/seed.txt" || fail "seed required recall"
  echo "seed: $(grep -E 'matched [0-9]+ +precision' "$out/seed.txt" | head -1)"
else
  echo "seed gold not present: skipped"
fi
echo "cli eval: ok"
