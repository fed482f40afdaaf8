#!/usr/bin/env bash
# The main job: set up (packages, configure, build) and run cmsim's example.
# Until the market model lands, this runs the engine's M/M/1 validation model.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target cmsim
bin=build/release/sim/cli/cmsim

mkdir -p output/mm1
for rho in 0.5 0.8; do
  "$bin" mm1 --rho "$rho" --days 1000000 | tee "output/mm1/rho-$rho.txt"
done
echo
echo "quickstart: results written to $(pwd)/output/mm1/"
