#!/usr/bin/env bash
# The syntax commands end to end: parse (CoNLL-U and JSON), eval-parser on a
# small treebank written here, a damaged model refused with E905.
#   parse_test.sh path/to/vigie path/to/samples
set -euo pipefail
vigie="$1"
samples="$2"
source "$(dirname "${BASH_SOURCE[0]}")/scratch.sh"

# CoNLL-U: ten columns on every word line, one root per sentence, heads in
# range, contractions as ranges with their words.
"$vigie" parse "$samples/fr-syrie-idleb-frappes.txt" > "$out/fr.conllu" 2> "$out/err.txt"
grep -q '1 article, 1 ok, 0 failed' "$out/err.txt" || fail "parse summary: $(cat "$out/err.txt")"
awk -F'\t' '
  /^# text = / { sentences++ }
  /^[0-9]+\t/ { if (NF != 10) { print "columns: " $0; bad = 1 }
                if ($7 == 0) roots++
                if ($7 !~ /^[0-9]+$/) { print "head: " $0; bad = 1 } }
  /^$/ { if (sentences > 0 && roots != 1) { print "roots: " roots; bad = 1 }; roots = 0 }
  END { if (sentences < 3) { print "sentences: " sentences; bad = 1 }; exit bad }
' "$out/fr.conllu" || fail "malformed CoNLL-U"
printf 'Les frappes du régime ont visé des positions près du village.\n' > "$out/du.txt"
"$vigie" parse --lang fr "$out/du.txt" > "$out/du.conllu" 2>/dev/null
grep -qP '^3-4\tdu\t' "$out/du.conllu" || fail "no contraction range for 'du': $(cat "$out/du.conllu")"
grep -qP '^3\tde\tde\tADP\t' "$out/du.conllu" || fail "'du' not split into 'de'"
grep -qP '^[0-9]+\tdes\t[^\t]*\tDET\t' "$out/du.conllu" || fail "'des' after a verb is one word, an article"

# JSON: one object per article with its sentences and words.
"$vigie" parse --format json "$samples/en-nigeria-abduction.txt" > "$out/en.json" 2>/dev/null
grep -q '"deprel":"nsubj"' "$out/en.json" || fail "json: no subject"
grep -q '"sentences":\[' "$out/en.json" || fail "json: no sentences"

# eval-parser on a treebank of our own: the figures are printed.
cat > "$out/gold.conllu" <<'GOLD'
# sent_id = g1
1	Rebels	rebel	NOUN	_	_	2	nsubj	_	_
2	seized	seize	VERB	_	_	0	root	_	_
3	the	the	DET	_	_	4	det	_	_
4	town	town	NOUN	_	_	2	obj	_	SpaceAfter=No
5	.	.	PUNCT	_	_	2	punct	_	_

GOLD
"$vigie" eval-parser --lang en --gold "$out/gold.conllu" --per-relation > "$out/eval.txt"
grep -q 'gold.conllu: 1 sentences, 5 words; UPOS [0-9.]* UAS [0-9.]* LAS [0-9.]*' "$out/eval.txt" \
  || fail "eval-parser: $(cat "$out/eval.txt")"
grep -q '^  nsubj ' "$out/eval.txt" || fail "eval-parser: no per-relation line"

# A damaged model is a numbered error at start-up, exit 2.
mkdir -p "$out/models/parse"
head -c 1000 "$(dirname "$samples")/models/parse/en.model" > "$out/models/parse/en.model"
cp "$(dirname "$samples")/models/parse/fr.model" "$out/models/parse/fr.model"
set +e
"$vigie" code --models "$out/models" "$out/du.txt" > /dev/null 2> "$out/bad.txt"
status=$?
set -e
[ "$status" -eq 2 ] || fail "damaged model: exit $status"
grep -q 'E905 bad_model' "$out/bad.txt" || fail "damaged model: $(cat "$out/bad.txt")"
echo ok
