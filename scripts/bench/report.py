"""The benchmark's table: one row per figure the performance issue names, with its target."""


class Row:
    def __init__(self, figure, measured, target, ratio="", met=None):
        self.figure = figure
        self.measured = measured
        self.target = target
        self.ratio = ratio
        # True, False, or None for figures that are reported without a target.
        self.met = met

    @property
    def verdict(self):
        return {True: "met", False: "NOT MET", None: "-"}[self.met]


def seconds(value):
    return "%.3f s" % value


def table(rows):
    header = ["figure", "median", "target", "ratio", "met"]
    cells = [[r.figure, r.measured, r.target, r.ratio, r.verdict] for r in rows]
    widths = [max(len(str(c[i])) for c in cells + [header]) for i in range(len(header))]

    def line(values):
        return "| " + " | ".join(str(v).ljust(w) for v, w in zip(values, widths)) + " |"

    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [line(c) for c in cells])


def markdown(machine, rows, details, notes):
    parts = [
        "# Benchmarks",
        "",
        "Output of one `make bench` run (`scripts/bench.py`): medians of several runs, ratios "
        "measured side by side in the same run. The machine is shared with other work, so "
        "timings are noisy; the load average shows how busy it was.",
        "",
        "- date: %s" % machine["date"],
        "- machine: `%s`" % machine["uname"],
        "- processors: %s (`nproc`), %s" % (machine["nproc"], machine["cpu"]),
        "- load average at start: %s; at end: %s" % (machine["load_start"], machine.get("load_end", "?")),
        "",
        table(rows),
        "",
    ]
    if notes:
        parts += ["## How each figure is measured", ""] + ["- " + n for n in notes] + [""]
    if details:
        parts += ["## Details", ""] + details + [""]
    return "\n".join(parts)
