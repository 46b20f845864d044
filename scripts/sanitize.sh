#!/usr/bin/env bash
# The sanitizer part of the tests (issue 17): a clang build with
# AddressSanitizer and UndefinedBehaviorSanitizer (every error fatal) in
# build-sanitize/, the whole CTest suite run on it, then every libFuzzer
# target for a short while on a scratch copy of its corpus in fuzz/corpus/.
# Any sanitizer report, from a test or from a process a test started (whose
# output the test may keep to itself), fails the script: reports go to files
# in build-sanitize/sanitizer-logs/, printed at the end.
#   bash scripts/sanitize.sh [SECONDS_PER_FUZZ_TARGET [TARGET...]]
# SECONDS: default 30, 0 for no fuzzing; TARGETs (json_line...): only those.
# VIGIE_SANITIZE_TESTS=0 skips the test suite (fuzzing only).
# scripts/test.sh runs it after the normal tests (VIGIE_SANITIZE=0 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."
fuzz_seconds="${1:-30}"
shift || true
only=("$@")
build=build-sanitize
start=$SECONDS

CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DVIGIE_SANITIZE=ON -DVIGIE_BUILD_FUZZERS=ON -DVIGIE_BUILD_BENCHMARKS=OFF > /dev/null
cmake --build "$build"
echo "sanitize: built in $((SECONDS - start)) s"

logs="$PWD/$build/sanitizer-logs"
rm -rf "$logs"
mkdir -p "$logs"
chmod 1777 "$logs"  # tests run some commands as another user (nobody)
# exitcode 86: a test expecting a failing exit status (1) still fails when a
# sanitizer stops the process.
common="exitcode=86:log_path=$logs/report:print_stacktrace=1:symbolize=1"
export ASAN_OPTIONS="$common:detect_leaks=1:strict_init_order=1:check_initialization_order=1"
export UBSAN_OPTIONS="$common:halt_on_error=1"
export LSAN_OPTIONS="$common"
command -v llvm-symbolizer > /dev/null && export ASAN_SYMBOLIZER_PATH="$(command -v llvm-symbolizer)"

reports() {
  local found=0 f
  for f in "$logs"/report*; do
    [ -e "$f" ] || continue
    found=1
    echo "=== sanitizer report $f"
    cat "$f"
  done
  return $found
}

if [ "${VIGIE_SANITIZE_TESTS:-1}" != 0 ]; then
"$build/vigie" gazetteer > /dev/null
set +e
ctest --test-dir "$build" --output-on-failure -j2
tests_rc=$?
set -e
echo "sanitize: tests done at $((SECONDS - start)) s (ctest exit status $tests_rc)"
if ! reports; then
  echo "sanitize: sanitizer reports from the tests (above)"
  exit 1
fi
[ "$tests_rc" -eq 0 ] || { echo "sanitize: tests failed under the sanitizers"; exit 1; }
fi

# libFuzzer prints its own reports: no log files for the fuzzers.
export ASAN_OPTIONS="detect_leaks=1:print_stacktrace=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
unset LSAN_OPTIONS
if [ "$fuzz_seconds" -gt 0 ]; then
  work="$build/fuzz-runs"
  rm -rf "$work"
  failed=()
  for src in fuzz/fuzz_*.cc; do
    name="$(basename "$src" .cc)"
    name="${name#fuzz_}"
    if [ "${#only[@]}" -gt 0 ] && [[ " ${only[*]} " != *" $name "* ]]; then continue; fi
    mkdir -p "$work/$name"
    seeds=(fuzz/corpus/"$name")
    [ "$name" = html_extract ] && seeds+=(tests/data/html)
    # New inputs go to the scratch folder; the kept corpus is only read.
    if "$build/fuzz/fuzz_$name" "$work/$name" "${seeds[@]}" -max_total_time="$fuzz_seconds" \
         -timeout=25 -rss_limit_mb=2560 -print_final_stats=1 -artifact_prefix="$work/$name-" \
         > "$work/$name.log" 2>&1; then
      echo "sanitize: fuzz_$name: $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$name.log" \
        | grep -o '[0-9]*$') runs in ${fuzz_seconds} s, corpus $(ls "$work/$name" | wc -l) new inputs"
    else
      echo "sanitize: fuzz_$name FAILED; its log:"
      tail -n 80 "$work/$name.log"
      failed+=("$name")
    fi
  done
  if [ "${#failed[@]}" -gt 0 ]; then
    echo "sanitize: fuzz targets that failed: ${failed[*]} (inputs in $work/)"
    exit 1
  fi
fi
echo "sanitize: ok in $((SECONDS - start)) s"
