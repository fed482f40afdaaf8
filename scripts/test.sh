#!/usr/bin/env bash
# Builds cmsim in the release and the ASan/UBSan presets and runs every test in both.
# Does its own set-up: installs missing Debian packages, configures, builds.
# Usage: scripts/test.sh            (everything)
#        CMSIM_PRESETS=release scripts/test.sh   (one preset, for a quick local loop)
set -euo pipefail
cd "$(dirname "$0")/.."

# Each stage's heading says how long the run has taken so far (CI stops at 30 minutes).
started=$SECONDS
stage() { printf '== [%dm%02ds] %s\n' $(((SECONDS - started) / 60)) $(((SECONDS - started) % 60)) "$*"; }

scripts/install-deps.sh

stage "format check (clang-format, .clang-format)"
mapfile -t sources < <(git ls-files '*.h' '*.cpp' 2>/dev/null || find sim models tests -name '*.h' -o -name '*.cpp')
if ! clang-format --dry-run --Werror "${sources[@]}" 2>/tmp/cmsim-format.log; then
  head -n 30 /tmp/cmsim-format.log
  echo "format check failed: run  clang-format -i \$(git ls-files '*.h' '*.cpp')"
  exit 1
fi

presets=${CMSIM_PRESETS:-release asan}
for preset in $presets; do
  stage "$preset: configure and build"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset"
  stage "$preset: tests"
  # Every Catch2 test case is registered once and run; nothing may be skipped.
  scripts/check_test_registration.py "build/$preset"
  ctest --preset "$preset" --output-junit ctest-junit.xml
  scripts/check_test_registration.py "build/$preset" "build/$preset/ctest-junit.xml"
done

if [[ " $presets " == *" release "* ]]; then
  stage "golden outputs (scripts/golden.sh: every scenario's output files byte for byte)"
  scripts/golden.sh check
fi

if [[ "${CMSIM_FUZZ_SECONDS:-60}" != 0 ]]; then
  stage "fuzz (scripts/fuzz.sh, ${CMSIM_FUZZ_SECONDS:-60} s; a long run: scripts/fuzz.sh 3600)"
  scripts/fuzz.sh "${CMSIM_FUZZ_SECONDS:-60}"
fi

if command -v /usr/bin/python3 >/dev/null && [[ -d tests/python ]]; then
  stage "python tests"
  # A skipped Python test fails the run (tests/python/run_all.py), as a skipped ctest test does.
  CMSIM_BIN=build/release/sim/cli/cmsim /usr/bin/python3 tests/python/run_all.py
fi
stage "all tests passed"
