#!/usr/bin/env bash
# The main job, from a fresh clone: installs missing packages, builds, installs cmsim and
# its Python module into a prefix (printed; CMSIM_PREFIX overrides it), runs the historical
# baseline and the no-2025-rule counterfactual, compares them with common random numbers,
# and writes charts and an HTML report. Prints where everything went.
# Usage: scripts/quickstart.sh            (200 paired replications)
#        CMSIM_RUNS=1000 scripts/quickstart.sh
#        CMSIM_PREFIX=$HOME/opt/cmsim scripts/quickstart.sh
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target cmsim cmsim_python
# Root installs into /usr/local (bin/ is on every PATH), a user into ~/.local (bin/ is on
# Debian's default PATH once it exists, from the next login).
if [[ $(id -u) -eq 0 ]]; then default_prefix=/usr/local; else default_prefix=$HOME/.local; fi
prefix=${CMSIM_PREFIX:-$default_prefix}
cmake --install build/release --prefix "$prefix" >/dev/null
bin=$prefix/bin/cmsim
runs=${CMSIM_RUNS:-200}
py=/usr/bin/python3
"$bin" --version

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
echo "quickstart: done. Installed:"
printf '  %-40s %s\n' "$bin" "the program (cmsim --help)"
printf '  %-40s %s\n' "$prefix/lib/cmsim/python/" \
  "the Python module: PYTHONPATH=$prefix/lib/cmsim/python /usr/bin/python3 -c 'import cmsim'"
if [[ "$(command -v cmsim || true)" != "$bin" ]]; then
  echo "  $prefix/bin is not on this shell's PATH (or another cmsim comes first); add it:"
  echo "    export PATH=\"$prefix/bin:\$PATH\""
fi
echo "Output:"
echo "  $(pwd)/output/baseline/                      timeseries.csv products.csv ecosystems.csv events.csv"
echo "  $(pwd)/output/no-2025-rule/                  the same for the counterfactual"
echo "  $(pwd)/output/no-2025-rule-vs-baseline/      compare.csv, base/ and alt/ sweeps"
echo "  $(pwd)/output/baseline/report.html"
echo "  $(pwd)/output/no-2025-rule-vs-baseline/report.html"
echo "  charts: output/*/charts/*.png"
