# Sourced by the tests and benches that generate articles from the samples:
# sample_texts DIR fills `texts` with each DIR/*.txt as the body of a JSON
# string (backslashes, quotes, tabs, CRs and newlines escaped) and `dates`
# with 60 days five days apart from 2024-01-01.
sample_texts() {
  texts=()
  local f d
  for f in "$1"/*.txt; do
    texts+=("$(sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' -e 's/\r/\\r/g' "$f" \
               | awk 'BEGIN { ORS = "" } NR > 1 { print "\\n" } { print }')")
  done
  dates=()
  for d in $(seq 0 59); do dates+=("$(date -u -d "2024-01-01 + $((d * 5)) days" +%F)"); done
}
