#!/usr/bin/env python3
"""Compares two prov binaries on one configuration: `prov plan -refresh=false` with each,
alternating, RUNS times each, as whole processes; prints median wall and CPU time and peak
memory. On a machine whose speed drifts, only runs side by side like these compare builds.

    scripts/bench/compare_plans.py BEFORE_PROV AFTER_PROV DIRECTORY [RUNS]

DIRECTORY holds the configuration (already `prov init`-ed), for example one `scripts/bench.py
--keep` left behind."""
import os
import statistics
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    before, after, directory = sys.argv[1:4]
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 10
    env = dict(os.environ, AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench",
               AWS_EC2_METADATA_DISABLED="true", AWS_ENDPOINT_URL="http://127.0.0.1:9")
    samples = {before: [], after: []}
    for i in range(runs):
        # Alternate which goes first, so neither always runs on a warmer machine.
        for binary in (before, after) if i % 2 == 0 else (after, before):
            started = time.perf_counter()
            process = subprocess.Popen([binary, "plan", "-refresh=false", "-no-color", "-detailed-exitcode"], cwd=directory,
                                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(process.pid, 0)
            if os.waitstatus_to_exitcode(status) not in (0, 2):
                sys.exit("%s failed to plan in %s" % (binary, directory))
            samples[binary].append((time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024))
    for label, binary in (("before", before), ("after", after)):
        runs_of = samples[binary]
        print("%-6s wall median %.3f s (min %.3f s), CPU median %.3f s, peak memory %.0f MiB" % (
            label, statistics.median(s[0] for s in runs_of), min(s[0] for s in runs_of),
            statistics.median(s[1] for s in runs_of), max(s[2] for s in runs_of)))
    ratio = statistics.median(s[0] for s in samples[before]) / statistics.median(s[0] for s in samples[after])
    print("after is %.2f times as fast (median wall)" % ratio)


if __name__ == "__main__":
    main()
