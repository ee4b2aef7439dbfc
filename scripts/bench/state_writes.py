"""The cost of each state write, measured inside prov while it applies the large graph: with
PROV_STATE_WRITE_TIMINGS=FILE, prov appends one line per write (the address and the seconds
the write's transaction took, commit included)."""
import os

from . import plan_scenarios
from .measure import median
from .report import Row


def full_state_with_write_cost(bench, size):
    timings = os.path.join(bench.work, "state-write-timings.txt")
    if os.path.exists(timings):
        os.remove(timings)
    os.environ["PROV_STATE_WRITE_TIMINGS"] = timings
    try:
        rows = plan_scenarios.full_state_figure(bench, size)
    finally:
        del os.environ["PROV_STATE_WRITE_TIMINGS"]
    with open(timings) as f:
        costs = sorted(float(line.split()[-1]) for line in f if line.strip())
    if not costs:
        raise SystemExit("prov recorded no state write timings in %s" % timings)
    typical = median(costs)
    p99 = costs[min(len(costs) - 1, int(len(costs) * 0.99))]
    bench.details.append("state writes during the apply of %d resources: %d writes, median %.3f ms, 99th percentile %.3f ms, max %.3f ms"
                         % (size, len(costs), typical * 1000, p99 * 1000, costs[-1] * 1000))
    return rows + [
        Row("state write per change (median of %d)" % len(costs), "%.3f ms" % (typical * 1000), "< 1 ms", met=typical < 0.001),
        Row("state write per change, 99th percentile", "%.3f ms" % (p99 * 1000), "-"),
    ]
