#!/usr/bin/env bash
# Installs what prov needs to build and test on Debian: the C libraries it links, and the AWS
# emulator (PyPI moto[server]) the demo and the tests run against. Safe to run again: it only
# installs what is missing. With --bench, also what `make bench` needs: python-hcl2 (the parser
# prov is compared with) in the same Python environment.
set -euo pipefail
cd "$(dirname "$0")/.."
bench=false
[ "${1:-}" = "--bench" ] && bench=true

packages=(libcurl4-openssl-dev libssl-dev libsqlite3-dev)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ! python3 -m venv --help >/dev/null 2>&1; then missing+=(python3-venv); fi
if ((${#missing[@]})); then
  echo "Installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The emulator: the system Python's if it has it, otherwise a virtual environment in .venv
# (Debian's Python refuses system-wide pip installs).
if ! python3 -c 'import moto.server, flask_cors, boto3' >/dev/null 2>&1; then
  if ! [ -x .venv/bin/python3 ] || ! .venv/bin/python3 -c 'import moto.server, flask_cors, boto3' >/dev/null 2>&1; then
    echo "Installing the AWS emulator (moto[server]) into .venv"
    python3 -m venv .venv
    .venv/bin/python3 -m pip install --quiet --disable-pip-version-check 'moto[server]'
  fi
fi

if $bench; then
  python="$(scripts/python.sh)"
  if ! "$python" -c 'import hcl2' >/dev/null 2>&1; then
    echo "Installing python-hcl2 (the benchmark's parsing peer) for $python"
    if ! "$python" -m pip install --quiet --disable-pip-version-check python-hcl2; then
      # A system Python that refuses pip installs: the benchmark gets its own environment.
      echo "Installing the emulator and python-hcl2 into .venv instead"
      python3 -m venv .venv
      .venv/bin/python3 -m pip install --quiet --disable-pip-version-check 'moto[server]' python-hcl2
    fi
  fi
fi
