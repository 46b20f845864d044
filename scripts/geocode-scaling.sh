#!/usr/bin/env bash
# Times `vigie code` over generated one-article texts of growing size (one
# paragraph naming towns and countries, repeated without a break: repeated
# paragraphs would be dropped as boilerplate), to check that geocoding
# stays linear in the number of place-name matches (issue 17). Prints the
# size, the seconds and the seconds per MB.
#   bash scripts/geocode-scaling.sh [build/vigie] [sizes in kB...]
set -euo pipefail
vigie=${1:-build/vigie}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(500 1000 2000 5000)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
paragraph="Fighting was reported near Aleppo and Homs in Syria on Tuesday, while aid convoys left \
Damascus for Idlib and Hama. In Mali, the army said militants attacked a post outside Gao, and \
officials in Bamako confirmed the toll. Protesters gathered in Paris and Lyon, in France, and police \
in Marseille made arrests. Nigerian troops moved from Maiduguri toward Kano, and Niger reported an \
ambush near Tillaberi and Niamey. Ships off Hodeidah in Yemen were warned by the navy in Aden."
for kb in "${sizes[@]}"; do
  f="$dir/article-$kb.txt"
  : > "$f"
  while [ "$(stat -c %s "$f")" -lt $((kb * 1000)) ]; do
    for _ in $(seq 50); do printf "%s " "$paragraph"; done >> "$f"
  done
  bytes=$(stat -c %s "$f")
  start=$(date +%s.%N)
  "$vigie" code --max-bytes 20000000 "$f" > "$dir/out.jsonl" 2> "$dir/err.txt" || true
  end=$(date +%s.%N)
  awk -v b="$bytes" -v s="$start" -v e="$end" -v out="$(md5sum < "$dir/out.jsonl" | cut -c1-12)" \
    'BEGIN { t = e - s; printf "%8.2f MB  %7.2f s  %6.2f s/MB  (output md5 %s)\n", b / 1e6, t, t / (b / 1e6), out }'
done
