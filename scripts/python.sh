#!/usr/bin/env bash
# Prints the Python that has the AWS emulator: the project's .venv if install-dependencies.sh
# made one, otherwise the system's python3.
cd "$(dirname "$0")/.."
if [ -x .venv/bin/python3 ]; then echo "$PWD/.venv/bin/python3"; else command -v python3; fi
