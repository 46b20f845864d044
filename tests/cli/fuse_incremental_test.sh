#!/usr/bin/env bash
# Incremental fusion equals the full rebuild: a feed ingested in batches
# (each ingest adding its articles to the stored fused layer) gives the
# stories, story members, fused events, records, members and map index
# that `vigie fuse --rebuild` computes from the same database.
#   fuse_incremental_test.sh path/to/vigie path/to/samples path/to/make_corpus.py
# The feed: bench/make_corpus.py's synthetic articles with its built-in
# background sentences (unrelated articles share many 5-grams: many LSH
# candidates), in batches out of date order, plus the samples (French and
# English, syndicated copies joined by shared events) and a few articles
# without a date (compared with every other).
set -euo pipefail
vigie="$1"
samples="$2"
corpus="$3"
source "$(dirname "${BASH_SOURCE[0]}")/scratch.sh"
[ -z "${KEEP_OUT:-}" ] || { trap - EXIT; echo "scratch: $out"; }  # KEEP_OUT=1: keep it to look at
command -v sqlite3 > /dev/null || { echo "SKIP: sqlite3 is needed (scripts/install-deps.sh)"; exit 77; }
command -v python3 > /dev/null || { echo "SKIP: python3 is needed"; exit 77; }

python3 "$corpus" 1000 > "$out/feed.jsonl"
# Undated: the first lines again without "published" (other raw bytes).
head -40 "$out/feed.jsonl" | sed -e 's/"published": "[0-9-]*", //' -e 's/"id": "feed-/"id": "undated-/' \
  > "$out/undated.jsonl"
# Batches: the second half of the feed before the first, each cut in pieces.
mkdir "$out/b"
sed -n '451,900p' "$out/feed.jsonl" | split -l 150 --additional-suffix=.jsonl - "$out/b/1-"
sed -n '1,450p' "$out/feed.jsonl" | split -l 110 --additional-suffix=.jsonl - "$out/b/2-"
db="$out/inc.db"
n=0
for f in "$out"/b/1-* "$samples/syndication/fr-palmyre-courrier-du-soir.jsonl" "$out/undated.jsonl" \
         "$out"/b/2-* "$samples"; do
  dated=()
  [ "$f" != "$samples" ] || dated=(--published 2024-01-10)  # the .txt samples have no date
  "$vigie" ingest --no-progress --db "$db" "${dated[@]}" "$f" 2> "$out/err.txt" \
    || [ $? -eq 1 ] || fail "ingest $f: $(cat "$out/err.txt")"
  n=$((n + 1))
  if [ "$n" -gt 1 ]; then
    grep -q 'fusion: .* new articles added to the fused layer' "$out/err.txt" \
      || fail "batch $n was not fused incrementally: $(cat "$out/err.txt")"
  fi
done

dump() {
  sqlite3 -batch -bail "$1" <<'SQL'
.mode quote
SELECT 'article', id, story_id, day FROM articles ORDER BY id;
SELECT 'event', * FROM event_days ORDER BY event_id;
SELECT 'story', * FROM stories ORDER BY id;
SELECT 'member', * FROM story_members ORDER BY story_id, article_id;
SELECT 'fused', * FROM fused_events ORDER BY id;
SELECT 'record', * FROM fused_records ORDER BY id;
SELECT 'fused_member', * FROM fused_members ORDER BY fused_id, event_id;
SELECT 'geo', * FROM fused_geo ORDER BY id;
SELECT 'copy', * FROM copy_links ORDER BY a, b;
SELECT 'meta', * FROM meta ORDER BY key;
SQL
}
dump "$db" > "$out/inc.dump"
cp "$db" "$out/full.db"
"$vigie" fuse --rebuild --db "$out/full.db" 2> "$out/err.txt" || fail "fuse --rebuild: $(cat "$out/err.txt")"
grep -q 'fusion: .* articles in .* stories' "$out/err.txt" || fail "no rebuild: $(cat "$out/err.txt")"
dump "$out/full.db" > "$out/full.dump"
if ! cmp -s "$out/inc.dump" "$out/full.dump"; then
  diff <(cut -c1-240 "$out/full.dump") <(cut -c1-240 "$out/inc.dump") | head -20
  fail "the layer fused in batches differs from the full rebuild"
fi
# What is compared is not trivial: copies, stories of several articles,
# fused events of several articles.
[ "$(sqlite3 "$db" 'SELECT count(*) FROM copy_links')" -gt 20 ] || fail "too few copies to compare"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM stories WHERE article_count > 2')" -gt 5 ] || fail "too few stories"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM fused_events WHERE articles > 2')" -gt 20 ] || fail "too few fused events"
[ "$(sqlite3 "$db" "SELECT count(*) FROM story_members WHERE reason = 'same_events'")" -gt 0 ] \
  || fail "no story joined by shared events"

# Killed while it adds a batch to the layer (once its articles are
# written; or just after, if fusion was quicker), the same ingest run
# again gives the rebuilt layer too.
sed -n '901,1000p' "$out/feed.jsonl" > "$out/last.jsonl"
"$vigie" ingest --no-progress --db "$db" "$out/last.jsonl" 2> "$out/kill.err" &
pid=$!
while kill -0 "$pid" 2> /dev/null && ! grep -q ' added (' "$out/kill.err"; do sleep 0.002; done
kill -9 "$pid" 2> /dev/null || true
wait "$pid" 2> /dev/null || true
"$vigie" ingest --no-progress --db "$db" "$out/last.jsonl" 2> "$out/err.txt" || [ $? -eq 1 ] \
  || fail "re-run: $(cat "$out/err.txt")"
dump "$db" > "$out/inc.dump"
cp "$db" "$out/full.db"
"$vigie" fuse --rebuild --db "$out/full.db" 2> "$out/err.txt" || fail "fuse --rebuild: $(cat "$out/err.txt")"
dump "$out/full.db" > "$out/full.dump"
cmp -s "$out/inc.dump" "$out/full.dump" || fail "after a kill during fusion the layer differs from the rebuild"

# Other options cannot continue the layer: it is rebuilt.
sed -n '1p' "$out/feed.jsonl" | sed 's/"id": "feed-/"id": "other-/; s/"text": "/"text": "Other. /' > "$out/other.jsonl"
"$vigie" ingest --no-progress --db "$db" --max-days 5 "$out/other.jsonl" 2> "$out/err.txt" || true
grep -q 'fusion: .* articles in .* stories' "$out/err.txt" || fail "other options did not rebuild: $(cat "$out/err.txt")"
# Up to date: `vigie fuse` has nothing to do.
"$vigie" fuse --db "$db" --max-days 5 2> "$out/err.txt" || fail "vigie fuse: $(cat "$out/err.txt")"
grep -q 'is up to date' "$out/err.txt" || fail "vigie fuse on a fresh layer: $(cat "$out/err.txt")"
echo "cli fuse incremental: ok"
