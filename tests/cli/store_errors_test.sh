#!/usr/bin/env bash
# vigie ingest when the database fails during the run (issue 17): a file that
# cannot grow, a lock held by another process, a read-only file. Each ends
# the run with its numbered E6xx error and exit status 3 (2 when it fails
# while opening), never an abort, and the batches committed before it stay.
# Then a read-only WAL database (a folder another user cannot write) is
# served and exported.
#   store_errors_test.sh path/to/vigie path/to/samples
set -euo pipefail
vigie="$1"
samples="$2"
source "$(dirname "${BASH_SOURCE[0]}")/scratch.sh"
inputs=("$samples"/*.txt "$samples"/wire.jsonl)

# 1. The file cannot grow past 600 kB (ulimit -f, SIGXFSZ ignored: writes
# fail with EFBIG, which SQLite reports as an I/O error; ENOSPC, a really
# full disk, is E601 disk_full, tested in store_test). Before the fix this
# ended in SIGABRT (exit 134): ROLLBACK of a transaction SQLite had already
# rolled back threw from the command's catch block.
db="$out/small.db"
set +e
(trap '' XFSZ; ulimit -f 600; exec "$vigie" ingest --db "$db" --batch 1 --no-progress "${inputs[@]}") \
  > /dev/null 2> "$out/full.txt"
rc=$?
set -e
[ "$rc" -eq 3 ] || fail "file size limit: exit $rc, not 3: $(cat "$out/full.txt")"
grep -q 'E60[14] ' "$out/full.txt" || fail "file size limit: no E601/E604: $(cat "$out/full.txt")"
grep -q 'articles added by this run in committed batches are kept' "$out/full.txt" \
  || fail "file size limit: nothing said about the committed batches: $(cat "$out/full.txt")"
if grep -q 'terminate called' "$out/full.txt"; then fail "file size limit: aborted"; fi
# What was committed is there: the same ingest without the limit finds it.
"$vigie" ingest --db "$db" --no-progress "${inputs[@]}" > /dev/null 2> "$out/again.txt" \
  || fail "ingest after the limit: $(cat "$out/again.txt")"
grep -q ' [1-9][0-9]* already stored' "$out/again.txt" || fail "the committed batches were lost: $(cat "$out/again.txt")"

# 2. Another process holds the write lock: a bounded wait, then E603.
if command -v sqlite3 > /dev/null; then
  db="$out/locked.db"
  "$vigie" ingest --db "$db" --no-progress "$samples"/en-nigeria-abduction.txt > /dev/null 2>&1
  # The holder keeps the lock until vigie is done, however slow the machine:
  # its input is a pipe this script closes after the ingest.
  mkfifo "$out/hold"
  sqlite3 "$db" < "$out/hold" > /dev/null &
  holder=$!
  exec 9> "$out/hold"
  echo "BEGIN IMMEDIATE;" >&9
  for _ in $(seq 100); do  # until the lock is held (at most 10 s)
    sqlite3 "$db" "PRAGMA busy_timeout = 0; BEGIN IMMEDIATE; ROLLBACK;" > /dev/null 2>&1 || break
    sleep 0.1
  done
  set +e
  "$vigie" ingest --db "$db" --no-progress --busy-timeout 0.5 "${inputs[@]}" > /dev/null 2> "$out/locked.txt"
  rc=$?
  set -e
  echo "COMMIT;" >&9
  exec 9>&-
  wait "$holder"
  [ "$rc" -eq 3 ] || fail "locked: exit $rc, not 3: $(cat "$out/locked.txt")"
  grep -q 'E603 database_locked' "$out/locked.txt" || fail "locked: no E603: $(cat "$out/locked.txt")"
  grep -q 'the database is locked by another process' "$out/locked.txt" || fail "locked: no explanation"
else
  echo "skipped: the lock test needs the sqlite3 shell"
fi

# 3. A read-only file. chmod does not stop root, so this part only runs for
# another user.
if [ "$(id -u)" -ne 0 ]; then
  db="$out/ro.db"
  "$vigie" ingest --db "$db" --no-progress "$samples"/en-nigeria-abduction.txt > /dev/null 2>&1
  chmod 444 "$db"
  set +e
  "$vigie" ingest --db "$db" --no-progress "${inputs[@]}" > /dev/null 2> "$out/ro.txt"
  rc=$?
  set -e
  chmod 644 "$db"
  [ "$rc" -eq 2 ] || [ "$rc" -eq 3 ] || fail "read-only: exit $rc: $(cat "$out/ro.txt")"
  grep -q 'E602 read_only' "$out/ro.txt" || fail "read-only: no E602: $(cat "$out/ro.txt")"
else
  echo "skipped: the read-only file test (running as root, whom chmod does not stop; store_test covers E602 with PRAGMA query_only)"
fi

# 4. A WAL database in a folder this user cannot write, its file read-only,
# no -wal or -shm beside it (a copy on read-only media, another user's
# files): `vigie export` and `vigie serve` read it. Before, both failed
# with "unable to open database file": a WAL reader must create the -shm.
# Under root (whom chmod does not stop) they run as nobody.
as_other=()
if [ "$(id -u)" -eq 0 ]; then as_other=(setpriv --reuid=65534 --regid=65534 --clear-groups); fi
ro="$out/ro-dir"
mkdir "$ro"
"$vigie" ingest --db "$ro/events.db" --no-progress "${inputs[@]}" > /dev/null 2> "$out/ro-ingest.txt" \
  || fail "ingest for the read-only test: $(cat "$out/ro-ingest.txt")"
if command -v sqlite3 > /dev/null; then
  [ "$(sqlite3 "$ro/events.db" 'PRAGMA journal_mode')" = wal ] || fail "the database is not in WAL mode"
fi
[ "$(ls "$ro")" = events.db ] || fail "files beside the database: $(ls "$ro")"
chmod 755 "$out"
chmod 444 "$ro/events.db"
chmod 555 "$ro"
restore() { chmod 755 "$ro"; chmod 644 "$ro/events.db"; }
if "${as_other[@]}" touch "$ro/probe" 2> /dev/null; then restore; fail "the folder is still writable"; fi
"${as_other[@]}" "$vigie" export --db "$ro/events.db" --format acled > "$out/ro.csv" 2> "$out/ro-export.txt" \
  || { restore; fail "export of a read-only database: $(cat "$out/ro-export.txt")"; }
[ "$(wc -l < "$out/ro.csv")" -gt 1 ] || { restore; fail "export of a read-only database: no rows"; }
"${as_other[@]}" "$vigie" serve --db "$ro/events.db" --port 0 > "$out/ro-serve.txt" 2>&1 &
server=$!
address=""
for _ in $(seq 1 100); do  # up to 10 s for the server to listen
  address="$(grep -o 'http://127.0.0.1:[0-9]*/' "$out/ro-serve.txt" || true)"
  [ -n "$address" ] && break
  kill -0 "$server" 2> /dev/null || break
  sleep 0.1
done
[ -n "$address" ] || { restore; fail "serve of a read-only database: $(cat "$out/ro-serve.txt")"; }
stats="$(curl -s --max-time 30 "${address}api/stats")"
events="$(curl -s --max-time 30 "${address}api/events?limit=5")"
kill "$server"
wait "$server" || true
restore
echo "$stats" | grep -q '"fused_events":[1-9]' || fail "serve of a read-only database: /api/stats said $stats"
echo "$events" | grep -q '"events":\[{' || fail "serve of a read-only database: /api/events said $events"
[ "$(ls "$ro")" = events.db ] || fail "files left beside the read-only database: $(ls "$ro")"

# 5. The same with a write-ahead log that holds changes (a writer killed
# before its checkpoint): not read as if the file were complete (immutable
# would ignore the log) but refused with E602 and what to do.
if command -v sqlite3 > /dev/null; then
  # The insert commits into the log, then a long count keeps the writer
  # busy until it is killed.
  sqlite3 "$ro/events.db" "PRAGMA wal_autocheckpoint=0; INSERT INTO meta VALUES ('probe', '1');
    WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000000) SELECT count(*) FROM c;" \
    > /dev/null 2>&1 &
  writer=$!
  for _ in $(seq 1 100); do [ -s "$ro/events.db-wal" ] && break; sleep 0.1; done
  kill -9 "$writer"
  wait "$writer" 2> /dev/null || true
  [ -s "$ro/events.db-wal" ] || fail "no write-ahead log left by the killed writer"
  rm -f "$ro/events.db-shm"
  chmod 644 "$ro/events.db-wal"
  chmod 555 "$ro"
  set +e
  "${as_other[@]}" "$vigie" export --db "$ro/events.db" --format acled > /dev/null 2> "$out/ro-wal.txt"
  rc=$?
  set -e
  restore
  [ "$rc" -eq 2 ] || fail "a read-only database with a live log: exit $rc: $(cat "$out/ro-wal.txt")"
  grep -q 'E602 read_only.*write-ahead log' "$out/ro-wal.txt" || fail "no E602 about the log: $(cat "$out/ro-wal.txt")"
fi
echo "ok"
