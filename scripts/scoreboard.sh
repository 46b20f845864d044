#!/usr/bin/env bash
# Every score vigie has against the gold sets of ../shared, in one table:
#   set, metric, value, previous value, change.
#
#   bash scripts/scoreboard.sh            (after bash scripts/build.sh)
#
# The sets: the seed article (event F1, strict F1, required recall), the
# PLOVER GSR (micro F1 of PLOVER labels per sentence), UniversalPetrarch's
# validation sentences (CAMEO root F1, root+country triple F1; for both, the
# share of gold actors named by country, and by country and sector), CASE 2021
# task 2 (weighted and macro F1, accuracy), geoparsing on LGL and GeoVirus
# (toponym recall, accuracy@161 km of vigie and of the population
# baseline), and the parsers on the UD test
# sets (UPOS, UAS, LAS of English EWT, French Sequoia and GSD). A set that is
# not under ../shared (or $VIGIE_SHARED) is shown with '-'.
#
# Each run's figures go to build/scoreboard/<commit>.tsv (<commit>-dirty when
# tracked files have changes) and to build/scoreboard/last.tsv. The previous
# figures are those of the newest file of another commit there, or, when
# there is none, last.tsv (the run before, whatever its commit). Result files
# stay under build/: never commit them.
set -uo pipefail
cd "$(dirname "$0")/.."
vigie=build/vigie
shared="${VIGIE_SHARED:-../shared}"
board=build/scoreboard
[ -x "$vigie" ] || { echo "scoreboard: no $vigie: run bash scripts/build.sh first" >&2; exit 2; }
mkdir -p "$board"

commit="$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
if [ "$commit" != unknown ] && [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  commit="$commit-dirty"
fi
current="$board/$commit.tsv"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
results="$work/results.tsv"
: > "$results"

row() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >> "$results"; }
# The value after a word (or words, "macro F1") on the first line matching a
# pattern that has them ("-" if none).
after() {  # after FILE PATTERN WORDS
  awk -v pat="$2" -v words="$3" '
    BEGIN { n = split(words, w, " ") }
    $0 ~ pat {
      for (i = 1; i + n <= NF; i++) {
        ok = 1
        for (k = 1; k <= n; k++) if ($(i + k - 1) != w[k]) { ok = 0; break }
        if (ok) { print $(i + n); found = 1; exit }
      }
    }
    END { if (!found) print "-" }' "$1"
}

# The last field of the first line matching a pattern ("-" if none).
last() {  # last FILE PATTERN
  awk -v pat="$2" '$0 ~ pat { print $NF; found = 1; exit } END { if (!found) print "-" }' "$1"
}

# vigie eval on one gold file or folder; its text report in $work/$1.txt.
# Exit 1 (some records unreadable) still gives figures; 2 gives none.
evaluate() {  # evaluate NAME GOLD
  local name="$1" gold="$2"
  if [ ! -e "$gold" ]; then
    echo "scoreboard: $name: $gold not found" >&2
    : > "$work/$name.txt"
    return 1
  fi
  "$vigie" eval --gold "$gold" > "$work/$name.txt" 2> "$work/$name.err"
  local rc=$?
  if [ $rc -ge 2 ]; then
    echo "scoreboard: $name: vigie eval failed (exit $rc): $(tail -1 "$work/$name.err")" >&2
  elif [ $rc -eq 1 ]; then
    echo "scoreboard: $name: $(grep -c ' E[0-9]' "$work/$name.err") unreadable record(s) or failed article(s); see vigie eval --gold $gold" >&2
  fi
}

evaluate seed "$shared/gold/seed"
row seed "event F1" "$(after "$work/seed.txt" '^  matched ' F1)"
row seed "strict F1" "$(after "$work/seed.txt" '^  strict: matched ' F1)"
row seed "required recall" "$(after "$work/seed.txt" '^  required recall ' recall)"

plover="$(find "$shared/gold/plover" -maxdepth 2 -name 'PLOVER_GSR*.txt' 2>/dev/null | sort | head -1)"
# The share of gold actors named (eval's "actors named:" line): its first
# "share" is the country's, its second the country and sector's.
actor_share() {  # actor_share FILE 1|2
  awk -v n="$2" '/^actors named: / { for (i = 1; i <= NF; ++i) if ($i == "share" && ++k == n) { print $(i + 1); f = 1; exit } } END { if (!f) print "-" }' "$1"
}
evaluate plover-gsr "${plover:-$shared/gold/plover/PLOVER_GSR_CAMEO.txt}"
row plover-gsr "label micro F1" "$(awk '/^PLOVER labels per sentence/ { on = 1 } on && /^  all \(micro\)/ { print $NF; f = 1; exit } END { if (!f) print "-" }' "$work/plover-gsr.txt")"
row plover-gsr "actor country" "$(actor_share "$work/plover-gsr.txt" 1)"
row plover-gsr "actor country+sector" "$(actor_share "$work/plover-gsr.txt" 2)"

evaluate petrarch-gsr "$shared/gold/universal-petrarch/PETR2_GSR_validation.xml"
row petrarch-gsr "root F1" "$(last "$work/petrarch-gsr.txt" '^  root F1 ')"
row petrarch-gsr "triple F1" "$(last "$work/petrarch-gsr.txt" '^  triple F1 ')"
row petrarch-gsr "actor country" "$(actor_share "$work/petrarch-gsr.txt" 1)"
row petrarch-gsr "actor country+sector" "$(actor_share "$work/petrarch-gsr.txt" 2)"

evaluate case2021 "$shared/gold/case2021-task2/test_set_final_release_with_labels.tsv"
row case2021 "weighted F1" "$(after "$work/case2021.txt" '^  weighted F1 ' F1)"
row case2021 "macro F1" "$(after "$work/case2021.txt" '^  weighted F1 ' 'macro F1')"
row case2021 "accuracy" "$(after "$work/case2021.txt" '^  weighted F1 ' accuracy)"

# Geoparsing (LGL, GeoVirus): toponym recall, accuracy@161 km of the
# recognised toponyms for vigie and for the population baseline.
geoparse() {  # geoparse NAME FILE
  local name="$1" file="$2"
  if [ -e "$file" ] && "$vigie" eval-geo --gold "$file" > "$work/$name.txt" 2> "$work/$name.err"; then
    :
  else
    [ -e "$file" ] && echo "scoreboard: $name: $(tail -1 "$work/$name.err")" >&2 || echo "scoreboard: $name: $file not found" >&2
    : > "$work/$name.txt"
  fi
  row "$name" "toponym recall" "$(after "$work/$name.txt" '^  recognition:' recall)"
  row "$name" "acc@161 vigie" "$(awk '$1 == "vigie" { print $2; f = 1; exit } END { if (!f) print "-" }' "$work/$name.txt")"
  row "$name" "acc@161 baseline" "$(awk '$1 == "population" { print $2; f = 1; exit } END { if (!f) print "-" }' "$work/$name.txt")"
}
geoparse geo-lgl "$shared/gold/geoparsing/lgl.xml.gz"
geoparse geo-geovirus "$shared/gold/geoparsing/GeoVirus.xml.gz"

# Parsers: UPOS, UAS, LAS per treebank.
parser() {  # parser NAME LANG FILE
  local name="$1" lang="$2" file="$3"
  if [ -e "$file" ] && "$vigie" eval-parser --lang "$lang" --gold "$file" > "$work/$name.txt" 2> "$work/$name.err"; then
    :
  else
    [ -e "$file" ] && echo "scoreboard: $name: $(tail -1 "$work/$name.err")" >&2 || echo "scoreboard: $name: $file not found" >&2
    : > "$work/$name.txt"
  fi
  for m in UPOS UAS LAS; do row "$name" "$m" "$(after "$work/$name.txt" 'words; UPOS' "$m")"; done
}
parser ud-en-ewt en "$shared/ud/en/en_ewt-ud-test.conllu.gz"
parser ud-fr-sequoia fr "$shared/ud/fr/fr_sequoia-ud-test.conllu.gz"
parser ud-fr-gsd fr "$shared/ud/fr/fr_gsd-ud-test.conllu.gz"

# The previous figures: the newest file of another commit, else last.tsv.
previous=""
for f in $(ls -t "$board"/*.tsv 2>/dev/null); do
  case "$f" in "$current" | "$board/last.tsv") continue ;; esac
  previous="$f"
  break
done
[ -z "$previous" ] && [ -f "$board/last.tsv" ] && previous="$board/last.tsv"

echo "scoreboard of $commit$( [ -n "$previous" ] && echo ", previous: $(basename "$previous" .tsv)$( [ "$previous" = "$board/last.tsv" ] && echo " (the last run)")")"
awk -F'\t' -v prev="${previous:-/dev/null}" '
  BEGIN {
    while ((getline line < prev) > 0) { split(line, f, "\t"); old[f[1] "\t" f[2]] = f[3] }
    printf "%-14s %-16s %8s %9s %8s\n", "set", "metric", "value", "previous", "change"
  }
  {
    p = (($1 "\t" $2) in old) ? old[$1 "\t" $2] : "-"
    change = "-"
    if ($3 ~ /^-?[0-9.]+$/ && p ~ /^-?[0-9.]+$/) {
      d = $3 - p
      change = (d == 0) ? "0" : sprintf("%+.3f", d)
      if (d != 0 && $3 ~ /\.[0-9][0-9]$/) change = sprintf("%+.2f", d)
    }
    printf "%-14s %-16s %8s %9s %8s\n", $1, $2, $3, p, change
  }' "$results"

cp "$results" "$current"
cp "$results" "$board/last.tsv"
