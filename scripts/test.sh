#!/usr/bin/env bash
# Runs every test. The whole output is kept in .build/test-output.log; when a test fails, its
# issues are repeated at the end, since a CI log is often read from its tail and the failure
# itself may be thousands of lines above it.
set -uo pipefail
cd "$(dirname "$0")/.."
log=.build/test-output.log
mkdir -p .build
PROV_TEST_PYTHON="$(scripts/python.sh)" swift test "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ]; then
    echo
    echo "==== failed tests (whole output in $log) ===="
    # Swift Testing marks failures with ✘ and continues their messages on lines starting
    # with ↳; XCTest writes "error:" lines.
    grep -E '✘|^[[:space:]]*↳|: error: ' "$log" | grep -v -E '^✘ Test run with|↳ (Testing Library Version|Target Platform):' | head -200
fi
exit "$status"
