# Sourced by the CLI tests: a scratch folder $out, removed on exit, and fail.
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
