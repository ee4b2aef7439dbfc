"""Runs commands and measures them: wall time, CPU time and peak memory of the child itself,
from wait4's resource usage (not the benchmark's own)."""
import os
import statistics
import subprocess
import tempfile
import threading
import time


class RunFailed(Exception):
    pass


class Sample:
    def __init__(self, wall, cpu, max_rss_mib, returncode, output):
        self.wall = wall
        self.cpu = cpu
        self.max_rss_mib = max_rss_mib
        self.returncode = returncode
        self.output = output


def run(command, cwd=None, env=None, accept=(0,), timeout=3600):
    """Runs `command` once, output (stdout and stderr) captured to a file so the child never
    blocks on a full pipe while we wait for it with wait4."""
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        # A watchdog kills a run that hangs; wait4 then returns at once.
        watchdog = threading.Timer(timeout, process.kill)
        watchdog.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            watchdog.cancel()
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    if process.returncode < 0:
        raise RunFailed("%s (in %s) was killed (signal %d) after %.0f s" % (" ".join(command), cwd or ".", -process.returncode, wall))
    if process.returncode not in accept:
        raise RunFailed("%s (in %s) exited with %d:\n%s" % (" ".join(command), cwd or ".", process.returncode, output[-4000:]))
    # ru_maxrss is in KiB on Linux.
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode, output)


def repeat(command, runs, **options):
    """`runs` samples of the same command."""
    return [run(command, **options) for _ in range(runs)]


def median(values):
    return statistics.median(values)
