#!/usr/bin/env bash
# Installs every Debian package vigie needs to build and test (Debian 12,
# as root; chromium is only for the browser test of the web page, the sqlite3
# shell for the test that compares databases after killed ingests; PostgreSQL
# and Redis, servers and client libraries, for the shared store and the queue
# of `vigie worker` and its test, which starts its own servers; clang, its
# sanitizer and libFuzzer runtimes and llvm-symbolizer for scripts/sanitize.sh),
# then the npm packages of package-lock.json (GeoNames cities500; us-atlas
# counties; Leaflet,
# Leaflet.markercluster, d3, Tom Select, world-atlas and topojson-client
# served by `vigie serve`; playwright-core for the browser tests).
# Safe to run again: apt-get skips what is there.
set -euo pipefail
PACKAGES=(
  g++ cmake ninja-build pkg-config
  libicu-dev libcld2-dev libhunspell-dev hunspell-fr hunspell-en-us libstemmer-dev
  libre2-dev libsimdjson-dev nlohmann-json3-dev libcli11-dev libxxhash-dev
  libgeonames-common libgumbo-dev zlib1g-dev
  libgtest-dev libbenchmark-dev
  libsqlite3-dev libcpp-httplib-dev sqlite3
  libpq-dev libhiredis-dev postgresql redis-server
  chromium
  clang libclang-rt-14-dev llvm
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}"
fi
command -v npm >/dev/null || {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq nodejs npm
}
(cd "$(dirname "$0")/.." && npm ci --no-audit --no-fund --loglevel=error)
