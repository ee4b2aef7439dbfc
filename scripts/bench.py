#!/usr/bin/env python3
"""prov's benchmark (`make bench`): generates its inputs, starts its own AWS emulator and a
proxy adding 100 ms to every call, runs the peers beside prov (python-hcl2 parsing, a
sequential boto3 script, one read per resource ten at a time), and prints every figure of the
performance issue with its target. With --output, writes the table to a Markdown file.

    scripts/bench.py [--prov PATH] [--runs N] [--output BENCHMARKS.md]
    scripts/bench.py --quick     # tiny sizes, one run: checks the pieces work, times mean nothing
    scripts/bench.py --only apply,refresh   # some groups of figures, while working on them
"""
import argparse
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench import cloud_scenarios, machine, plan_scenarios, state_writes  # noqa: E402
from bench.emulator import Emulator  # noqa: E402
from bench.proxy import LatencyProxy  # noqa: E402
from bench.report import markdown, table  # noqa: E402

NOTES = [
    "Every prov figure is one whole `prov` process (start, load, plan, render, exit), timed by "
    "the wall clock; CPU and peak memory come from the child's own resource usage (wait4).",
    "Plan graphs: `aws_secretsmanager_secret` blocks with `count = 5`; each block after the "
    "first 20 refers to the block 20 places before it, instance by instance (by name in its "
    "description, by id in a tag), so the graph is 20 wide and blocks/20 deep. The provider "
    "skips the identity call, so planning with `-refresh=false` needs no network.",
    "Peers run as whole processes too (python3 with boto3 or python-hcl2), against the same "
    "proxy: python-hcl2 only parses the file; the boto3 script makes only the CreateSubnet "
    "calls, one after the other; the refresh peer makes one Describe call per object, ten "
    "at a time (Terraform's default parallelism).",
    "The proxy adds 100 ms before forwarding each call to the emulator and counts calls by "
    "operation; the emulator itself serves one call at a time in a few milliseconds.",
]


class Bench:
    def __init__(self, prov, work, runs, quick=False, verbose=True):
        self.prov = prov
        self.work = work
        self.runs = runs
        self.quick = quick
        # The delay the proxy adds to each call: a realistic 100 ms, or 10 ms for a quick run.
        self.delay = 0.01 if quick else 0.1
        self.verbose = verbose
        self.details = []
        self.emulator = None
        self.proxy = None

    def progress(self, text):
        if self.verbose:
            print("  " + text, file=sys.stderr, flush=True)

    def offline_env(self):
        env = dict(os.environ)
        env.update({
            "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
        })
        return env

    def cloud_env(self, endpoint):
        env = self.offline_env()
        env.update({
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": self.emulator.access_key_id,
            "AWS_SECRET_ACCESS_KEY": self.emulator.secret_access_key,
            "AWS_DEFAULT_REGION": "eu-west-1",
        })
        return env


# What follows this line in the output file is written by hand (what the figures mean, what the
# profile shows) and kept when the table above it is regenerated.
ANALYSIS_MARKER = "<!-- analysis: kept when the benchmark rewrites this file -->"


# The groups of figures, in the order they run.
GROUPS = ["plan", "state", "apply", "refresh", "calls"]


def kept_analysis(path):
    try:
        with open(path) as f:
            text = f.read()
    except FileNotFoundError:
        return ""
    index = text.find(ANALYSIS_MARKER)
    return "\n" + text[index:] if index >= 0 else ""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prov", default=".build/release/prov", help="the prov binary (default: the release build)")
    parser.add_argument("--runs", type=int, default=5, help="runs per timed figure (median reported)")
    parser.add_argument("--output", help="write the table and details as Markdown to this file")
    parser.add_argument("--quick", action="store_true", help="tiny sizes and one run, to check the pieces work")
    parser.add_argument("--keep", action="store_true", help="keep the generated working directories")
    parser.add_argument("--only", help="comma-separated groups to run: " + ", ".join(GROUPS) + " (default: all)")
    args = parser.parse_args()
    groups = set(args.only.split(",")) if args.only else set(GROUPS)
    if groups - set(GROUPS):
        sys.exit("Unknown groups: %s (choose from %s)" % (", ".join(sorted(groups - set(GROUPS))), ", ".join(GROUPS)))

    prov = os.path.abspath(args.prov)
    if not os.access(prov, os.X_OK):
        sys.exit("No prov binary at %s: build it with `swift build -c release --product prov` (or `make bench`)." % prov)
    quick = args.quick
    runs = 1 if quick else max(1, args.runs)
    sizes = (50, 100, 200) if quick else (1_000, 10_000, 100_000)
    full_state_size = 100 if quick else 10_000

    info = machine.describe()
    work = tempfile.mkdtemp(prefix="prov-bench-")
    bench = Bench(prov, work, runs, quick=quick)
    rows = []
    try:
        if "plan" in groups:
            print("Engine (no network)", file=sys.stderr)
            plan_rows, plan_wall = plan_scenarios.plan_figures(bench, sizes)
            rows += plan_rows
            rows += plan_scenarios.hcl2_figure(bench, sizes[1], plan_wall[sizes[1]])

        if groups & {"state", "apply", "refresh", "calls"}:
            print("Emulator and latency proxy", file=sys.stderr)
            bench.emulator = Emulator()
            bench.emulator.warm_up()
            bench.proxy = LatencyProxy(bench.emulator.port).start()
        if "state" in groups:
            rows += state_writes.full_state_with_write_cost(bench, full_state_size)
        if "apply" in groups:
            rows += cloud_scenarios.apply_figures(bench, 10 if quick else 100)
        if "refresh" in groups:
            rows += cloud_scenarios.refresh_figures(bench, (4, 3, 3) if quick else (34, 33, 33))
        if "calls" in groups:
            rows += cloud_scenarios.per_type_figures(bench, 2 if quick else 5)
    finally:
        if bench.proxy:
            bench.proxy.stop()
        if bench.emulator:
            bench.emulator.stop()
        if args.keep:
            print("Working directories kept in %s" % work, file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)

    info["load_end"] = machine.load_average()
    print()
    print("%s, %s processors (%s), load average %s at start, %s at end" % (info["date"], info["nproc"], info["cpu"], info["load_start"], info["load_end"]))
    print(table(rows))
    if args.output:
        kept = kept_analysis(args.output)
        with open(args.output, "w") as f:
            f.write(markdown(info, rows, bench.details, NOTES) + kept)
        print("\nWritten to %s" % args.output)
    not_met = [r.figure for r in rows if r.met is False]
    if not_met:
        print("\nNot met: " + "; ".join(not_met))


if __name__ == "__main__":
    main()
