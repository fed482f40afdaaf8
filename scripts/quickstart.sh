#!/usr/bin/env bash
# The main job, from a fresh clone: installs missing packages, builds, runs the historical
# baseline and the no-2025-rule counterfactual, compares them with common random numbers,
# and writes charts and an HTML report. Prints where everything went.
# Usage: scripts/quickstart.sh            (200 paired replications)
#        CMSIM_RUNS=1000 scripts/quickstart.sh
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target cmsim
bin=build/release/sim/cli/cmsim
runs=${CMSIM_RUNS:-200}
py=/usr/bin/python3

echo; echo "== one run of the baseline (history as it happened)"
"$bin" run scenarios/baseline.yaml
echo; echo "== one run of the counterfactual without the April-2025 H20 licence rule"
"$bin" run scenarios/no-2025-rule.yaml -q
echo; echo "== $runs paired replications: baseline vs no-2025-rule"
# --force: a second quickstart replaces this earlier result (the default output/<name>/
# locations of the two runs above are replaced without it; docs/output.md)
"$bin" compare scenarios/baseline.yaml scenarios/no-2025-rule.yaml --runs "$runs" -o output/no-2025-rule-vs-baseline --force

echo; echo "== charts and reports"
$py scripts/plot.py output/baseline -o output/baseline/charts
$py scripts/plot.py output/no-2025-rule-vs-baseline -o output/no-2025-rule-vs-baseline/charts
$py scripts/report.py output/baseline -o output/baseline/report.html
$py scripts/report.py output/no-2025-rule-vs-baseline -o output/no-2025-rule-vs-baseline/report.html

echo
echo "quickstart: done. Output:"
echo "  $(pwd)/output/baseline/                      timeseries.csv products.csv ecosystems.csv events.csv"
echo "  $(pwd)/output/no-2025-rule/                  the same for the counterfactual"
echo "  $(pwd)/output/no-2025-rule-vs-baseline/      compare.csv, base/ and alt/ sweeps"
echo "  $(pwd)/output/baseline/report.html"
echo "  $(pwd)/output/no-2025-rule-vs-baseline/report.html"
echo "  charts: output/*/charts/*.png"
