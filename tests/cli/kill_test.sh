#!/usr/bin/env bash
# Crash safety of `vigie ingest`: whatever point it is killed at (SIGKILL:
# loading, writing article batches, fusing), running the same ingest again
# gives exactly the database of one uninterrupted run: articles, actors,
# places, events, claims, evidence, stories, fused events, fused records
# and members, the freshness counters; and the same `vigie export`.
#   kill_test.sh path/to/vigie path/to/samples [ARTICLES [TRIALS [SEED]]]
# The input is the samples folder and generated copies of its texts (JSON
# lines, each with its own id, date and closing sentence) made here, ARTICLES
# in all (default 300). First, deterministically, a database whose fusion
# never committed (the state a kill during the first fusion leaves) is
# repaired by a re-run that adds nothing, and by `vigie fuse`. Then TRIALS
# real kills (default 3): the first as soon as the ingest has written its
# articles (so during fusion), the others after a random delay within the
# duration of an uninterrupted run (one in each of TRIALS-1 slices of it). `bash scripts/kill-trials.sh` runs 20
# trials over 3,000 articles.
set -euo pipefail
vigie="$1"
samples="$2"
articles="${3:-300}"
trials="${4:-3}"
seed="${5:-$$}"
command -v sqlite3 > /dev/null || { echo "SKIP: sqlite3 is needed (scripts/install-deps.sh)"; exit 77; }
out="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2> /dev/null || true; done
  rm -rf "$out"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
RANDOM=$seed

# The generated input: copies of each sample text, one JSON line each.
mkdir "$out/in"
. "$(dirname "$0")/sample_texts.sh"
sample_texts "$samples"
sample_count=$(find "$samples" -name '*.txt' -o -name '*.jsonl' -o -name '*.html' | wc -l)
copies=$((articles > sample_count ? articles - sample_count : 1))
for ((i = 0; i < copies; i++)); do
  printf '{"id":"copy-%05d","published":"%s","text":"%s\\n\\nDépêche complémentaire numéro %d."}\n' \
    "$i" "${dates[$((i % ${#dates[@]}))]}" "${texts[$((i % ${#texts[@]}))]}" "$i"
done > "$out/in/copies.jsonl"

ingest() { "$vigie" ingest --no-progress --db "$1" "$samples" "$out/in"; }

. "$(dirname "$0")/dump_db.sh"
snapshot() {  # db name: the dump, the export and the integrity check beside it
  dump_db "$1" > "$out/$2.dump"
  "$vigie" export --db "$1" --format jsonl 2> /dev/null | sort > "$out/$2.export"
  [ "$(sqlite3 "$1" 'PRAGMA integrity_check')" = ok ] || fail "$2: integrity_check"
}
same_as_reference() {  # name
  cmp -s "$out/ref.dump" "$out/$1.dump" && cmp -s "$out/ref.export" "$out/$1.export"
}
count() { sqlite3 "$1" "SELECT count(*) FROM $2"; }

# The uninterrupted run.
start=$(date +%s%N)
set +e
ingest "$out/ref.db" 2> "$out/ref.err"
ref_status=$?
set -e
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
[ "$ref_status" -le 1 ] || fail "reference ingest: $(cat "$out/ref.err")"
snapshot "$out/ref.db" ref
ref_articles=$(count "$out/ref.db" articles)
ref_stories=$(count "$out/ref.db" stories)
[ "$ref_articles" -ge "$copies" ] && [ "$ref_stories" -gt 0 ] && [ "$(count "$out/ref.db" fused_events)" -gt 0 ] \
  || fail "reference: $ref_articles articles, $ref_stories stories: $(cat "$out/ref.err")"
echo "reference: $ref_articles articles, $ref_stories stories in ${elapsed_ms} ms (seed $seed)"

# A fusion that never committed: the articles are there, the fused layer and
# its generation are not. The same ingest, adding nothing, repairs it.
cp "$out/ref.db" "$out/unfused.db"
sqlite3 "$out/unfused.db" "DELETE FROM story_members; DELETE FROM stories; DELETE FROM fused_members;
  DELETE FROM fused_events; DELETE FROM fused_records; DELETE FROM fused_geo;
  UPDATE articles SET story_id = NULL; UPDATE meta SET value = 0 WHERE key = 'fused_generation'"
cp "$out/unfused.db" "$out/unfused2.db"
ingest "$out/unfused.db" 2> "$out/unfused.err" || [ $? -eq "$ref_status" ] || fail "re-run: $(cat "$out/unfused.err")"
grep -q ' 0 added (0 events)' "$out/unfused.err" || fail "the re-run added articles: $(cat "$out/unfused.err")"
snapshot "$out/unfused.db" unfused
same_as_reference unfused || fail "an ingest after an unfinished fusion does not repair the fused layer" \
  "($(count "$out/unfused.db" stories) stories): $(cat "$out/unfused.err")"
grep -q 'fused layer is stale or missing.*rebuilding' "$out/unfused.err" || fail "no repair said: $(cat "$out/unfused.err")"
# So does `vigie fuse`, and a later ingest then has nothing to do.
"$vigie" fuse --db "$out/unfused2.db" 2> "$out/fuse.err" || fail "vigie fuse: $(cat "$out/fuse.err")"
snapshot "$out/unfused2.db" fused
same_as_reference fused || fail "vigie fuse does not give the reference database"
grep -q 'the fused layer was stale or missing; rebuilding it' "$out/fuse.err" || fail "vigie fuse: $(cat "$out/fuse.err")"
cp "$out/unfused2.db" "$out/before.db"
ingest "$out/unfused2.db" 2> "$out/again.err" || true
if grep -q 'fusion:' "$out/again.err"; then fail "fused again although up to date: $(cat "$out/again.err")"; fi
cmp -s "$out/unfused2.db" "$out/before.db" || fail "an ingest with nothing to do changed the file"
"$vigie" fuse --db "$out/unfused2.db" 2> "$out/fuse.err" || fail "vigie fuse on a fresh layer"
grep -q 'the fused layer is up to date' "$out/fuse.err" || fail "vigie fuse: $(cat "$out/fuse.err")"
cmp -s "$out/unfused2.db" "$out/before.db" || fail "vigie fuse with nothing to do changed the file"
"$vigie" fuse --rebuild --db "$out/unfused2.db" 2> "$out/fuse.err" || fail "vigie fuse --rebuild on a fresh layer"
grep -q 'the fused layer was up to date; rebuilding it' "$out/fuse.err" || fail "vigie fuse --rebuild: $(cat "$out/fuse.err")"
snapshot "$out/unfused2.db" rebuilt
same_as_reference rebuilt || fail "vigie fuse --rebuild does not give the reference database"
set +e
"$vigie" fuse --db "$out/none.db" 2> /dev/null
[ $? -eq 2 ] || fail "vigie fuse without a database is an error"
set -e
[ ! -e "$out/none.db" ] || fail "vigie fuse created a database"

# Real kills.
equal=0
killed=0
for ((t = 1; t <= trials; t++)); do
  db="$out/trial-$t.db"
  # A simple command, not the ingest function: `f &` runs f in a subshell
  # whose child is vigie, so kill -9 of $! killed the subshell and left
  # vigie writing beside the re-run (a "database is locked" in the dump).
  "$vigie" ingest --no-progress --db "$db" "$samples" "$out/in" 2> "$out/trial.err" &
  pid=$!
  pids=("$pid")
  if [ "$t" -eq 1 ]; then
    # Once the summary line is out, every article is written and fusion runs.
    while kill -0 "$pid" 2> /dev/null && ! grep -q ' added (' "$out/trial.err"; do sleep 0.005; done
    when="after the articles"
  else
    # Stratified: trial t at a random point of the (t-1)-th of trials-1
    # equal slices of the reference run, so the kills spread over start-up,
    # article batches and fusion.
    slice=$(((elapsed_ms > 0 ? elapsed_ms : 1) * 1000 / (trials - 1)))
    delay_ms=$((((t - 2) * slice + (RANDOM * 32768 + RANDOM) % slice) / 1000))
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    when="at ${delay_ms} ms"
  fi
  kill -9 "$pid" 2> /dev/null || true
  set +e
  wait "$pid" 2> /dev/null  # not bash's "Killed" notice
  status=$?
  set -e
  pids=()
  if [ "$status" -eq 137 ]; then
    killed=$((killed + 1))
    state="killed $when"
    if [ -e "$db" ]; then
      n=$(count "$db" articles 2> /dev/null || echo 0)
      stale=$(sqlite3 "$db" "SELECT (SELECT value FROM meta WHERE key = 'articles_generation')
                             != (SELECT value FROM meta WHERE key = 'fused_generation')" 2> /dev/null || echo '?')
      state="$state: $n of $ref_articles articles, fused layer $([ "$stale" = 1 ] && echo stale || echo fresh)"
    fi
  else
    state="finished before the kill ($when)"
  fi
  set +e
  ingest "$db" 2> "$out/rerun.err"
  status=$?
  set -e
  [ "$status" -eq "$ref_status" ] || fail "trial $t: re-run exit $status: $(cat "$out/rerun.err")"
  snapshot "$db" "trial-$t"
  if same_as_reference "trial-$t"; then
    equal=$((equal + 1))
    echo "trial $t: $state; equal after the re-run"
  else
    echo "trial $t: $state; DIFFERENT after the re-run"
    diff <(cut -c1-200 "$out/ref.dump") <(cut -c1-200 "$out/trial-$t.dump") | head -5 || true
  fi
  rm -f "$db" "$db-wal" "$db-shm"
done
echo "$equal/$trials databases equal to the uninterrupted one after a re-run ($killed of the $trials ingests killed, the others finished first)"
[ "$equal" -eq "$trials" ] || fail "$((trials - equal)) of $trials databases differ"
echo "cli kill: ok"
