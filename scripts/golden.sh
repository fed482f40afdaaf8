#!/usr/bin/env bash
# Golden outputs: the safety net for refactoring. Runs every scenario in scenarios/ (one
# replication), a small sweep and a small comparison, and records or checks the SHA-256 of
# every output file except manifest.json (which holds times and paths).
#
# Usage: scripts/golden.sh check [--keep DIR]   compare with tests/golden/outputs.sha256 (exit 1 on a difference)
#        scripts/golden.sh record               rewrite tests/golden/outputs.sha256
#
# A refactoring leaves every hash unchanged. A commit that changes behaviour on purpose says
# so in its message and records the new hashes in the same commit. To see what changed,
# run `check --keep /tmp/new` here and on the previous commit, and diff the two folders.
set -euo pipefail
cd "$(dirname "$0")/.."
CMSIM=${CMSIM:-build/release/sim/cli/cmsim}
SUMS=tests/golden/outputs.sha256
mode=${1:-check}
keep=""
if [[ "${2:-}" == "--keep" ]]; then keep=${3:?--keep needs a folder}; fi
case "$mode" in check | record) ;; *) echo "usage: scripts/golden.sh check [--keep DIR] | record" >&2; exit 2 ;; esac
[[ -x "$CMSIM" ]] || { echo "golden: $CMSIM is not built (cmake --build --preset release)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work" "$work.sums" "$work.diff" "$work.log"' EXIT
quiet() { "$@" >"$work.log" 2>&1 || { cat "$work.log" >&2; echo "golden: failed: $*" >&2; exit 2; }; }
for f in scenarios/*.yaml; do
  quiet "$CMSIM" run "$f" -q -o "$work/run-$(basename "$f" .yaml)"
done
quiet "$CMSIM" sweep scenarios/baseline.yaml --runs 8 --threads 2 --log-level warn -o "$work/sweep-baseline"
quiet "$CMSIM" compare scenarios/baseline.yaml scenarios/no-2025-rule.yaml --runs 8 --threads 2 --log-level warn \
  -o "$work/compare-no-2025-rule"

(cd "$work" && find . -type f ! -name manifest.json | LC_ALL=C sort | xargs sha256sum) >"$work.sums"
if [[ -n "$keep" ]]; then rm -rf "$keep" && cp -r "$work" "$keep"; fi
if [[ "$mode" == record ]]; then
  mkdir -p "$(dirname "$SUMS")"
  cp "$work.sums" "$SUMS"
  echo "golden: recorded $(wc -l <"$SUMS") files in $SUMS"
  exit 0
fi
if diff -u "$SUMS" "$work.sums" >"$work.diff"; then
  echo "golden: $(wc -l <"$SUMS") output files byte-identical"
else
  echo "golden: outputs differ from $SUMS (a behaviour change must say so and run scripts/golden.sh record):"
  grep '^[-+][0-9a-f]' "$work.diff" | awk '{print $1 " " $2}' | sed 's/^-\([0-9a-f]*\)/  was /; s/^+\([0-9a-f]*\)/  now /' | sort -k3 | head -40
  exit 1
fi
