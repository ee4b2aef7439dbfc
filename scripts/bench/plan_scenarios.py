"""Engine figures, without network: plan times of generated graphs, their growth, peak memory,
and python-hcl2 parsing the same file."""
import os
import sys

from . import configs
from .measure import median, repeat, run
from .report import Row, seconds

HERE = os.path.dirname(os.path.abspath(__file__))


def hcl2_installed():
    try:
        import hcl2  # noqa: F401
        return True
    except ImportError:
        return False


def plan_command(bench):
    return [bench.prov, "plan", "-refresh=false", "-no-color", "-detailed-exitcode"]


def plan_figures(bench, sizes):
    """Plans each size against an empty state; returns rows and the samples by size."""
    small, medium, large = sizes
    samples = {}
    for size in sizes:
        directory = os.path.join(bench.work, "plan-%d" % size)
        configs.write(directory, configs.graph(size))
        run([bench.prov, "init", "-no-color"], cwd=directory, env=bench.offline_env())
        runs = bench.runs if size != large else max(1, bench.runs // 2)
        samples[size] = repeat(plan_command(bench), runs, cwd=directory, env=bench.offline_env(), accept=(2,))
        bench.progress("plan %d resources: %s" % (size, ", ".join("%.3f" % s.wall for s in samples[size])))

    rows = []
    wall = {size: median([s.wall for s in samples[size]]) for size in sizes}
    cpu = {size: median([s.cpu for s in samples[size]]) for size in sizes}
    rows.append(Row("plan %d resources, empty state (wall)" % small, seconds(wall[small]), "-"))
    rows.append(Row("plan %d resources, empty state (wall)" % medium, seconds(wall[medium]), "<= 0.5 s",
                    met=wall[medium] <= 0.5))
    rows.append(Row("plan %d resources, empty state (CPU user+sys)" % medium, seconds(cpu[medium]), "-"))
    rows.append(Row("plan %d resources, empty state (wall)" % large, seconds(wall[large]), "must plan",
                    met=all(s.returncode == 2 for s in samples[large])))
    growth = wall[medium] / wall[small]
    rows.append(Row("growth %d -> %d resources (wall)" % (small, medium), "%.1fx" % growth, "<= 11x", "%.1f" % growth,
                    met=growth <= 11))
    rss = max(s.max_rss_mib for s in samples[medium])
    rows.append(Row("peak memory, plan of %d resources" % medium, "%.0f MiB" % rss, "<= 200 MiB", met=rss <= 200))
    return rows, wall


def hcl2_figure(bench, size, prov_wall):
    """python-hcl2 parsing the same file prov planned, as a whole process like prov."""
    path = os.path.join(bench.work, "plan-%d" % size, "main.tf")
    if bench.quick and not hcl2_installed():
        return [Row("python-hcl2 parsing the %d-resource file (parse alone)" % size, "not installed", "-")]
    samples = repeat([sys.executable, os.path.join(HERE, "peers", "hcl2_parse.py"), path], max(1, min(bench.runs, 3)))
    parse_only = [float(s.output.split("parse ", 1)[1].split()[0]) for s in samples]
    bench.progress("python-hcl2 on %d resources: whole process %s; parse alone %s" % (
        size, ", ".join("%.3f" % s.wall for s in samples), ", ".join("%.3f" % p for p in parse_only)))
    whole, parse = median([s.wall for s in samples]), median(parse_only)
    # The ratio takes the parse alone (without Python's start and hcl2's import): the
    # comparison least favourable to prov, whose figure is its whole process.
    ratio = parse / prov_wall
    return [
        Row("python-hcl2 parsing the %d-resource file (whole process)" % size, seconds(whole), "-"),
        Row("python-hcl2 parsing the %d-resource file (parse alone)" % size, seconds(parse), "-"),
        Row("prov plan vs python-hcl2 parse alone, %d resources" % size, "%.1fx faster" % ratio, ">= 18x", "%.1f" % ratio,
            met=ratio >= 18),
    ]


def full_state_figure(bench, size):
    """Applies the graph on the emulator, then plans it again with nothing to change."""
    directory = os.path.join(bench.work, "plan-%d" % size)
    env = bench.cloud_env(bench.emulator.url)
    bench.progress("applying %d resources on the emulator for the full-state plan (a few minutes)" % size)
    # One operation at a time: the emulator answers concurrent CreateSecret calls on a store of
    # thousands of secrets with an occasional HTTP 500 (a race inside it), and it serves one
    # call at a time anyway, so this costs little. Not timed: only its state writes are.
    applied = run([bench.prov, "apply", "-auto-approve", "-no-color", "-parallelism=1"], cwd=directory, env=env, timeout=7200)
    bench.progress("applied in %.1f s" % applied.wall)
    samples = repeat(plan_command(bench), bench.runs, cwd=directory, env=bench.offline_env(), accept=(0,))
    bench.progress("plan %d resources, full state: %s" % (size, ", ".join("%.3f" % s.wall for s in samples)))
    wall = median([s.wall for s in samples])
    rss = max(s.max_rss_mib for s in samples)
    return [
        Row("plan %d resources in state, no changes (wall)" % size, seconds(wall), "<= 1 s", met=wall <= 1),
        Row("peak memory, plan of %d resources in state" % size, "%.0f MiB" % rss, "-"),
    ]
