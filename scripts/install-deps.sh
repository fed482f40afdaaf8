#!/usr/bin/env bash
# Installs cmsim's build, test and plotting dependencies from Debian 12 packages.
# Idempotent: only packages that are missing are installed. Runs apt-get directly as
# root, else through sudo. Nothing is downloaded at build time; this is the only step
# that touches the network (Debian's archive).
set -euo pipefail

packages=(
  clang-14 libclang-rt-14-dev   # libFuzzer harnesses (scripts/fuzz.sh, preset fuzz)
  cmake g++ make pkg-config git clang-format
  libboost-dev libboost-graph-dev libboost-program-options-dev libboost-iostreams-dev
  libeigen3-dev libnlopt-cxx-dev libspdlog-dev libfmt-dev catch2 libyaml-cpp-dev librandom123-dev zlib1g-dev
  python3 python3-pandas python3-matplotlib
  pybind11-dev python3-dev   # the Python module `cmsim` (python/, docs/python.md)
  chromium jupyter-nbconvert python3-nbconvert python3-ipykernel
)
# chromium: the headless browser test of scripts/report.py (tests/python); ~20 s to install
# with --no-install-recommends on Debian 12.
# jupyter-nbconvert, python3-ipykernel: the Python tests execute scripts/notebooks/explore.ipynb
# headless (~45 s to install); a missing package fails that test, it never skips.
# OpenMPI is optional for the build (CMake detects it) but installed by default so that the
# MPI byte-identity test runs in CI; CMSIM_WITH_MPI=0 leaves it out.
if [[ "${CMSIM_WITH_MPI:-1}" == 1 ]]; then packages+=(libopenmpi-dev openmpi-bin); fi
if [[ -n "${CMSIM_EXTRA_PACKAGES:-}" ]]; then read -r -a extra <<<"$CMSIM_EXTRA_PACKAGES"; packages+=("${extra[@]}"); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then sudo=(); else sudo=(sudo); fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
