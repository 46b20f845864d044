#!/usr/bin/env bash
# The scale-out set-up against real servers on 127.0.0.1: a Redis server
# and a PostgreSQL cluster started here, in a folder under the current
# (build) directory, and stopped at the end whatever happens (trap).
#   scale_test.sh path/to/vigie path/to/samples [ARTICLES [WORKERS]]
# The input is the samples and generated copies of their texts (JSON lines,
# each with its own id, date and closing sentence), ARTICLES in all
# (default 300), and one more without a date. With VIGIE_SCALE_FEED=FILE
# the ARTICLES are FILE's first lines instead (a feed of
# bench/make_corpus.py: about 27 articles a day, as a live feed has them,
# where the copies put ARTICLES / 60 copies of a few texts on each of 60
# days, the worst case for fusion). It checks:
#  1. one `vigie ingest` into PostgreSQL gives the articles, events,
#     stories and fused events of one into SQLite, and the same fused
#     records, byte for byte; `vigie export --store postgresql://...` gives
#     SQLite's export in every format, and `vigie serve --store ...` the
#     same API answers as `vigie serve --db` (lists with every kind of
#     filter, text search with and without accents, timeline, places,
#     facets, actors, one event, one article with its evidence);
#  2. WORKERS workers (default 3) over a stream of the same input, one
#     SIGKILLed in the middle of a batch (holding entries it has read and
#     not acked) and one that exits after its
#     store commit but before its XACK (--exit-before-ack), store every
#     article exactly once, with the counts of the SQLite ingest;
#  3. Redis and PostgreSQL restarted while workers run: they wait,
#     reconnect and finish, with the same counts;
#  4. a poisoned article (over --max-article-memory on every try) ends on
#     the dead-letter stream after --max-tries with E702, and the articles
#     behind it are stored;
#  5. a worker stops cleanly on SIGTERM (exit 0), and `vigie status`
#     reports the stream.
# PostgreSQL refuses to run as root: as root the cluster runs as the
# `postgres` user (Debian's package creates it), else as `nobody`.
# Exit 77 (skipped) when redis-server or PostgreSQL's server is missing.
set -euo pipefail
vigie="$(realpath "$1")"
samples="$(realpath "$2")"
articles="${3:-300}"
nworkers="${4:-3}"
command -v redis-server > /dev/null || { echo "SKIP: redis-server is needed (scripts/install-deps.sh)"; exit 77; }
pgbin="$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -1)"
[ -x "$pgbin/initdb" ] && [ -x "$pgbin/pg_ctl" ] || { echo "SKIP: PostgreSQL is needed (scripts/install-deps.sh)"; exit 77; }
command -v psql > /dev/null || { echo "SKIP: psql is needed"; exit 77; }
command -v sqlite3 > /dev/null || { echo "SKIP: sqlite3 is needed"; exit 77; }

out="$(mktemp -d "$PWD/scale_test.XXXXXX")"
chmod 755 "$out"
pids=()
pg_as=()
if [ "$(id -u)" = 0 ]; then
  pguser=postgres
  id postgres > /dev/null 2>&1 || pguser=nobody
  pg_as=(runuser -u "$pguser" --)
fi
pgdir="$out/pg"
if [ ${#pg_as[@]} -gt 0 ]; then
  mkdir -p "$pgdir"
  chown "$pguser" "$pgdir"
  # A build tree the server's user cannot reach (under /root): /tmp then.
  "${pg_as[@]}" test -w "$pgdir" || pgdir="$(mktemp -d /tmp/vigie-scale-pg.XXXXXX)"
  chown "$pguser" "$pgdir"
fi
pgdata="$pgdir/data"
cleanup() {
  set +e
  for p in "${pids[@]}"; do kill -9 "$p" 2> /dev/null; done
  [ -f "$pgdata/postmaster.pid" ] && "${pg_as[@]}" "$pgbin/pg_ctl" -D "$pgdata" -m immediate stop > /dev/null 2>&1
  [ -n "${redis_pid:-}" ] && kill -9 "$redis_pid" 2> /dev/null
  wait 2> /dev/null
  rm -rf "$out"
  case "$pgdir" in /tmp/vigie-scale-pg.*) rm -rf "$pgdir";; esac
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  for f in "$out"/*.log; do echo "--- $f"; tail -n 15 "$f"; done
  exit 1
}
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# The servers.
redis_port=$(free_port)
mkdir "$out/redis"
start_redis() {
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$out/redis" \
    > "$out/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 100); do redis-cli -p "$redis_port" ping > /dev/null 2>&1 && return; sleep 0.1; done
  fail "redis-server did not start"
}
start_redis
redis="redis://127.0.0.1:$redis_port"
rcli() { redis-cli -p "$redis_port" "$@"; }

pg_port=$(free_port)
mkdir -p "$pgdir"
"${pg_as[@]}" "$pgbin/initdb" -D "$pgdata" -A trust -U vigie --no-sync > "$out/initdb.log" 2>&1 || fail "initdb"
pg_ctl() {
  "${pg_as[@]}" "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdir/server.log" \
    -o "-p $pg_port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50" "$@"
}
pg_ctl -w start > /dev/null || fail "PostgreSQL did not start: $(cat "$pgdir/server.log")"
pg() { echo "postgresql://vigie@127.0.0.1:$pg_port/$1"; }
sql() { psql -X -A -t -q "$(pg "$1")" -c "$2"; }
# The store the exports and the API read sorts text by a linguistic
# collation that ignores punctuation (ICU, "Al-Fashir" after "Aleppo"):
# their answers must still follow SQLite's byte order. Plain when this
# PostgreSQL has no ICU.
sql postgres "CREATE DATABASE one TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'und-u-ka-shifted'" \
  2> /dev/null || sql postgres "CREATE DATABASE one"
for db in multi restart poison; do sql postgres "CREATE DATABASE $db"; done

# The input.
mkdir "$out/in"
. "$(dirname "$0")/sample_texts.sh"
sample_texts "$samples"
if [ -n "${VIGIE_SCALE_FEED:-}" ]; then
  head -n "$articles" "$VIGIE_SCALE_FEED" > "$out/in/copies.jsonl"
  [ "$(wc -l < "$out/in/copies.jsonl")" = "$articles" ] || fail "$VIGIE_SCALE_FEED has fewer than $articles lines"
else
  # Some with a link, whose words text search finds in both stores.
  for ((i = 0; i < articles; i++)); do
    link=""
    [ $((i % 7)) = 0 ] && link=" Voir https://exemple.org/dossiers/convoi-tessalit-$i.html"
    printf '{"id":"copy-%05d","published":"%s","text":"%s\\n\\nDépêche complémentaire numéro %d.%s"}\n' \
      "$i" "${dates[$((i % ${#dates[@]}))]}" "${texts[$((i % ${#texts[@]}))]}" "$i" "$link"
  done > "$out/in/copies.jsonl"
fi
# And one without a day (its events undated: they sort last either way).
printf '{"id":"undated","text":"%s"}\n' "${texts[0]}" >> "$out/in/copies.jsonl"
articles=$((articles + 1))

counts_sqlite() {
  sqlite3 "$1" "SELECT (SELECT count(*) FROM articles) || ' ' || (SELECT count(*) FROM events) || ' ' ||
                       (SELECT count(*) FROM stories) || ' ' || (SELECT count(*) FROM fused_events)"
}
counts_pg() {
  sql "$1" "SELECT (SELECT count(*) FROM articles) || ' ' || (SELECT count(*) FROM events) || ' ' ||
                   (SELECT count(*) FROM stories) || ' ' || (SELECT count(*) FROM fused_events)"
}

# 1. One ingest into each store.
start=$(date +%s.%N)
"$vigie" ingest --no-progress --threads 1 --db "$out/ref.db" "$out/in" 2> "$out/ref.log" || fail "SQLite ingest"
echo "sqlite ingest (1 thread): $(elapsed "$start") s"
ref=$(counts_sqlite "$out/ref.db")
echo "reference (articles events stories fused): $ref"
[ "$(echo "$ref" | cut -d' ' -f1)" = "$articles" ] || fail "the SQLite ingest stored $ref"
"$vigie" ingest --no-progress --threads 1 --store "$(pg one)" "$out/in" 2> "$out/one.log" || fail "PostgreSQL ingest"
[ "$(counts_pg one)" = "$ref" ] || fail "PostgreSQL ingest: $(counts_pg one), SQLite: $ref"
sqlite3 "$out/ref.db" "SELECT id, record FROM fused_records ORDER BY id" > "$out/ref.records"
sql one "SELECT id || '|' || record FROM fused_records ORDER BY id" > "$out/one.records"
cmp -s "$out/ref.records" "$out/one.records" || fail "fused records differ: $(diff "$out/ref.records" "$out/one.records" | head -5)"
sqlite3 "$out/ref.db" "SELECT doc_id FROM articles ORDER BY doc_id" > "$out/ref.ids"
# A second ingest adds nothing (idempotent on the article hash).
"$vigie" ingest --no-progress --threads 1 --store "$(pg one)" "$out/in" 2> "$out/one2.log" || fail "second ingest"
[ "$(counts_pg one)" = "$ref" ] || fail "a second ingest changed $(counts_pg one)"
echo "ok 1: PostgreSQL ingest = SQLite ingest ($ref), same fused records"

# 1b. `vigie export` and `vigie serve` read PostgreSQL as they read SQLite.
# The one legitimate difference of the two stores is when each ingest ran
# (articles.ingested_at, read by GDELT's DATEADDED and the JSON lines'
# first-ingested time): PostgreSQL's copy is given SQLite's times first.
sqlite3 "$out/ref.db" "SELECT 'UPDATE articles SET ingested_at = ''' || ingested_at || ''' WHERE raw_hash = ''' ||
                       raw_hash || ''';' FROM articles" | psql -X -q "$(pg one)" > /dev/null || fail "ingested_at"
for format in jsonl gdelt gdelt-mentions acled geojson; do
  "$vigie" export --db "$out/ref.db" --format "$format" --header > "$out/ref.$format" 2> "$out/export.log" \
    || fail "SQLite export $format"
  "$vigie" export --store "$(pg one)" --format "$format" --header > "$out/one.$format" 2> "$out/export.log" \
    || fail "PostgreSQL export $format"
  [ "$(wc -l < "$out/ref.$format")" -gt 2 ] || fail "a $format export of $(wc -l < "$out/ref.$format") lines"
  cmp -s "$out/ref.$format" "$out/one.$format" \
    || fail "$format exports differ: $(diff "$out/ref.$format" "$out/one.$format" | head -4)"
done
start=$(date +%s.%N)
serve_pids=()
serve() {  # name store-options...: starts a server on a free port; sets served
  local name="$1"
  shift
  "$vigie" serve "$@" --port 0 --no-cache --threads 2 > "$out/$name.url" 2> "$out/$name.log" &
  serve_pids+=($!)
  pids+=($!)
  for _ in $(seq 100); do
    served=$(grep -o 'http://[^ ]*' "$out/$name.url" 2> /dev/null) && return
    kill -0 "${serve_pids[-1]}" 2> /dev/null || fail "vigie serve $*: $(cat "$out/$name.log")"
    sleep 0.1
  done
  fail "vigie serve $* did not listen within 10 s"
}
serve serve-sqlite --db "$out/ref.db"
sqlite_url=$served
serve serve-pg --store "$(pg one)"
pg_url=$served
# Filters taken from the data, so that each selects some events and not all.
read -r lat lon <<< "$(sqlite3 -separator ' ' "$out/ref.db" "SELECT lat, lon FROM fused_events WHERE lat IS NOT NULL
                                                             GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1")"
bbox=$(awk -v a="$lat" -v o="$lon" 'BEGIN { printf "%.4f,%.4f,%.4f,%.4f", o - 2, a - 2, o + 2, a + 2 }')
read -r root country <<< "$(sqlite3 -separator ' ' "$out/ref.db" "SELECT root, place_country FROM fused_events
                              WHERE place_country IS NOT NULL GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1")"
# From the earliest of their days to the middle of the run of days.
read -r from to <<< "$(sqlite3 -separator ' ' "$out/ref.db" "SELECT min(earliest),
                         date(julianday(min(earliest)) + (julianday(max(earliest)) - julianday(min(earliest))) / 2)
                         FROM fused_events WHERE root = '$root' AND place_country = '$country'")"
actor=$(sqlite3 "$out/ref.db" "SELECT source_country FROM fused_events WHERE source_country IS NOT NULL
                               GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
name_part=$(sqlite3 "$out/ref.db" "SELECT lower(substr(source_name, 1, 5)) FROM events WHERE length(source_name) > 5
                                   GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
event_id=$(sqlite3 "$out/ref.db" "SELECT id FROM fused_events ORDER BY articles DESC, id LIMIT 1")
article_id=$(sqlite3 "$out/ref.db" "SELECT min(e.article_id) FROM fused_members m JOIN events e ON e.id = m.event_id
                                    WHERE m.fused_id = $event_id")
# Text search, with and without accents (the copies are French).
if [ -n "${VIGIE_SCALE_FEED:-}" ]; then
  words=("api/events?q=forces&limit=40")
else
  words=("api/events?q=convoi&limit=40" "api/events?q=tessalit&limit=40" "api/events?q=D%C3%A9p%C3%AAche+num%C3%A9ro&sort=-sources&limit=20"
         "api/events?q=depeche+complementaire&limit=20")
fi
answered=0
queries=(
  "api/events?limit=30"
  "api/events?bbox=$bbox&limit=50"
  "api/events?code=$root&country=$country&from=$from&to=$to&sort=date"
  "api/events?actor=$actor&sort=-fatalities&limit=40"
  "api/events?actor=$name_part&sort=place"
  "api/events?sort=place&limit=200"
  "${words[@]}"
  "api/events?q=attack&format=csv&limit=200"
  "api/timeline?country=$country"
  "api/places?code=$root"
  "api/facets"
  "api/actors?q=$name_part"
  "api/stats"
  "api/events/$event_id"
  "api/articles/$article_id"
)
for q in "${queries[@]}"; do
  curl -sS --max-time 20 -o "$out/a.json" -w '%{http_code}' "$sqlite_url$q" > "$out/a.code" || fail "curl $q (SQLite)"
  curl -sS --max-time 20 -o "$out/b.json" -w '%{http_code}' "$pg_url$q" > "$out/b.code" || fail "curl $q (PostgreSQL)"
  [ "$(cat "$out/a.code")" = 200 ] || fail "$q: SQLite answered $(cat "$out/a.code"): $(head -c 300 "$out/a.json")"
  [ "$(cat "$out/b.code")" = 200 ] || fail "$q: PostgreSQL answered $(cat "$out/b.code"): $(head -c 300 "$out/b.json")"
  if grep -q '^{"count":0,' "$out/a.json"; then fail "$q selects nothing: pick another filter"; fi
  cmp -s "$out/a.json" "$out/b.json" || fail "$q: the answers differ: $(cmp "$out/a.json" "$out/b.json")"
  answered=$((answered + $(wc -c < "$out/a.json")))
done
for p in "${serve_pids[@]}"; do kill -TERM "$p"; done
for p in "${serve_pids[@]}"; do
  for _ in $(seq 100); do kill -0 "$p" 2> /dev/null || break; sleep 0.1; done
  kill -0 "$p" 2> /dev/null && fail "vigie serve $p did not stop within 10 s on SIGTERM"
  wait "$p" || fail "vigie serve $p exited with $?"
done
echo "ok 1b: exports (5 formats) and ${#queries[@]} API answers ($answered bytes) from PostgreSQL = SQLite's ($(elapsed "$start") s)"

worker() {  # db log [options]: starts a worker in the background
  local db="$1" log="$2"
  shift 2
  "$vigie" worker --redis "$redis" --store "$(pg "$db")" --batch 10 "$@" >> "$out/$log.log" 2>&1 &
  pids+=($!)
  last_pid=$!
}
stored() { rcli GET vigie:articles:stored; }
wait_for() {  # seconds condition...: polls until the condition holds
  local limit=$1
  shift
  for _ in $(seq $((limit * 10))); do "$@" && return 0; sleep 0.1; done
  return 1
}
more_than() { [ "$(stored)" -gt "$1" ] 2> /dev/null; }
# Bounded waits for the workers: 300 s, or 50 ms per article for large
# runs (20,000: 1,000 s), against a hang, not a measure of speed.
worker_limit=$(( articles / 20 > 300 ? articles / 20 : 300 ))
finish_workers() {  # pids...: they exit once the queue is empty
  for p in "$@"; do
    for _ in $(seq $((worker_limit * 10))); do kill -0 "$p" 2> /dev/null || break; sleep 0.1; done
    kill -0 "$p" 2> /dev/null && fail "worker $p did not finish within $worker_limit s"
    wait "$p" || fail "worker $p exited with $?"
  done
}
same_articles() {  # db
  [ "$(counts_pg "$1")" = "$ref" ] || fail "$1: $(counts_pg "$1"), SQLite: $ref"
  sql "$1" "SELECT doc_id FROM articles ORDER BY doc_id" | cmp -s - "$out/ref.ids" || fail "$1: other articles"
  [ "$(sql "$1" "SELECT count(DISTINCT raw_hash) FROM articles")" = "$articles" ] || fail "$1: duplicates"
  [ "$(sql "$1" "SELECT count(*) FROM (SELECT article_id, ordinal FROM events GROUP BY 1, 2 HAVING count(*) > 1) d")" = 0 ] \
    || fail "$1: an event stored twice"
  [ "$(sql "$1" "SELECT count(*) FROM articles WHERE story_id IS NULL")" = 0 ] || fail "$1: articles left unfused"
}

# 2. Workers, one killed mid-batch, one gone between commit and ack.
start=$(date +%s.%N)
"$vigie" enqueue --redis "$redis" --max-length 100 "$out/in" 2> "$out/enqueue.log" &
enqueue_pid=$!
pids+=($enqueue_pid)
worker multi w0 --exit-before-ack --claim-idle 3000
before_ack=$last_pid
worker multi w1 --claim-idle 3000 --consumer victim
victim=$last_pid
others=()
for ((w = 2; w <= nworkers; w++)); do worker multi "w$w" --exit-when-idle --claim-idle 3000; others+=("$last_pid"); done
wait_for "$worker_limit" more_than $((articles / 4)) || fail "no progress: $(stored) stored"
# In the middle of a batch: while the victim holds entries it has read
# and not acked (it runs the pipeline on them, or writes them).
# Stopped (SIGSTOP) to look, so that it cannot ack in between; killed if
# it holds some, let go on and looked at again if not.
held() { rcli XPENDING vigie:articles vigie - + 1000 victim | grep -c '^victim$' || true; }
in_batch=0
for _ in $(seq 600); do
  kill -STOP "$victim"
  in_batch=$(held)
  [ "$in_batch" -gt 0 ] && break
  kill -CONT "$victim"
  sleep 0.1
done
[ "$in_batch" -gt 0 ] || fail "the victim never held a batch in 60 s"
kill -9 "$victim"
echo "killed worker $victim in the middle of a batch: $in_batch entries read, not acked"
wait "$before_ack" 2> /dev/null || true
grep -q "exiting before the ack" "$out/w0.log" || fail "the --exit-before-ack worker did not commit"
wait "$enqueue_pid" || fail "enqueue"
finish_workers "${others[@]}"
echo "$nworkers workers (one killed, one gone before its ack): $(elapsed "$start") s"
same_articles multi
grep -q "already stored" "$out"/w*.log || true
echo "ok 2: $nworkers workers, one SIGKILLed, one exited before its ack: $(counts_pg multi), each article once"

# 3. Redis and PostgreSQL restarted during a run.
rcli DEL vigie:articles vigie:articles:stored vigie:articles:errors vigie:articles:dead > /dev/null
# All of it on the stream before the workers start (its bound above the
# input: enqueue would wait for them at the default 10,000).
"$vigie" enqueue --redis "$redis" --max-length $((articles + 100)) "$out/in" 2> "$out/enqueue3.log" || fail "enqueue"
# Without persistence a restarted Redis is empty: save the stream first.
rcli CONFIG SET dir "$out/redis" > /dev/null
worker restart r1 --exit-when-idle --claim-idle 2000
r1=$last_pid
worker restart r2 --exit-when-idle --claim-idle 2000
r2=$last_pid
wait_for "$worker_limit" more_than $((articles / 5)) || fail "no progress before the restarts"
rcli SAVE > /dev/null
kill -9 "$redis_pid"
wait "$redis_pid" 2> /dev/null || true
sleep 1
start_redis
pg_ctl -m fast restart > /dev/null 2>&1 || fail "PostgreSQL restart"
finish_workers "$r1" "$r2"
grep -q "reconnecting" "$out/r1.log" "$out/r2.log" || fail "the workers never lost their connections"
same_articles restart
echo "ok 3: Redis and PostgreSQL restarted mid-run: $(counts_pg restart)"

# 4. A poisoned article: over --max-article-memory 1 (MiB) on every try.
rcli DEL vigie:articles vigie:articles:stored vigie:articles:errors vigie:articles:dead > /dev/null
python3 -c 'import json; print(json.dumps({"id": "poison", "text": "Le convoi est reparti. " * 100000}))' \
  > "$out/poison.jsonl"
head -n 20 "$out/in/copies.jsonl" > "$out/twenty.jsonl"
"$vigie" enqueue --redis "$redis" "$out/poison.jsonl" "$out/twenty.jsonl" 2> "$out/enqueue4.log" || fail "enqueue"
worker poison p1 --exit-when-idle --claim-idle 300 --max-tries 3 --max-article-memory 1
finish_workers "$last_pid"
[ "$(rcli XLEN vigie:articles:dead)" = 1 ] || fail "dead letters: $(rcli XLEN vigie:articles:dead)"
rcli --raw XRANGE vigie:articles:dead - + > "$out/dead.txt"
field() { awk -v k="$1" 'found { print; exit } $0 == k { found = 1 }' "$out/dead.txt"; }
[ "$(field code)" = over_memory_budget ] || fail "dead letter without E702: $(field error)"
[ "$(field article_id)" = poison ] || fail "dead letter of another article: $(field article_id)"
[ "$(field deliveries)" = 4 ] || fail "dead-lettered after $(field deliveries) deliveries, not 3 tries and the 4th"
case "$(field error)" in "E702 over_memory_budget: the article's layers hold"*) ;; *) fail "error: $(field error)";; esac
[ "$(sql poison "SELECT count(*) FROM articles")" = 20 ] || fail "poison: $(sql poison "SELECT count(*) FROM articles") stored"
echo "ok 4: the poisoned article is on the dead-letter stream after 3 tries (E702); 20 others stored"

# 5. SIGTERM, and the status.
"$vigie" status --redis "$redis" --sample 0.2 > "$out/status.txt" || fail "status"
grep -q "dead letters vigie:articles:dead: 1" "$out/status.txt" || fail "status: $(cat "$out/status.txt")"
grep -q "^stored: 20 articles" "$out/status.txt" || fail "status: $(cat "$out/status.txt")"
worker poison term --claim-idle 3000
term=$last_pid
sleep 2
kill -TERM "$term"
wait "$term" || fail "a worker stopped by SIGTERM exited with $?"
grep -q "stopped by a signal" "$out/term.log" || fail "SIGTERM: $(cat "$out/term.log")"
echo "ok 5: status; SIGTERM stops a worker cleanly"
