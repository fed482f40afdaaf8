#!/usr/bin/env bash
# Builds the libFuzzer harnesses (preset fuzz: clang++-14, ASan + UBSan) and runs both.
# Usage: scripts/fuzz.sh [SECONDS]     total time, split between the two harnesses (default 600)
#        CMSIM_FUZZ_PRESET=fuzz-release scripts/fuzz.sh 600   the optimised code, no sanitizers
# Findings are written to build/fuzz/findings/ (crash-*, timeout-*, oom-*); each one becomes a
# regression file in tests/data/bad/ (or an accepted-file test) and a fix (docs/testing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
half=$(( seconds > 1 ? seconds / 2 : 1 ))

preset=${CMSIM_FUZZ_PRESET:-fuzz}
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"

work=build/$preset/work
findings=build/$preset/findings
rm -rf "$findings"  # a finding of an earlier run was reported then; this run starts clean
mkdir -p "$work/scenario" "$work/set" "$findings"
# Seed corpus: every scenario in the repository and the loader's test files.
cp scenarios/*.yaml tests/data/scenario/*.yaml tests/data/bad/*.yaml "$work/scenario/" 2>/dev/null || true
cp tests/fuzz/corpus/set-* "$work/set/" 2>/dev/null || true

export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
run() {  # harness corpus-dir
  local log="$work/$1.log" rc=0
  build/$preset/tests/fuzz/"$1" "$2" -dict=tests/fuzz/scenario.dict -max_total_time="$half" -timeout=10 \
    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" >"$log" 2>&1 || rc=$?
  grep -E '^(#[0-9]+ +DONE|stat::|==[0-9]+==|SUMMARY|INFO: Seed|Done [0-9]+ runs)' "$log" || true
  return "$rc"
}
run fuzz_scenario "$work/scenario" || status=$?
run fuzz_set "$work/set" || status=$?
# A finding is a non-zero exit or any artifact (crash-, timeout-, oom-, leak-) left behind.
if [[ $status -ne 0 ]] || compgen -G "$findings/*-*" >/dev/null; then
  echo "fuzz: a finding; see $findings/"
  exit 1
fi
echo "fuzz: no finding in ${seconds}s"
