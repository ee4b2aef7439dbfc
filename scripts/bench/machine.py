"""What the benchmark ran on, for the report."""
import datetime
import os
import platform
import subprocess


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load_average():
    one, five, fifteen = os.getloadavg()
    return "%.2f, %.2f, %.2f" % (one, five, fifteen)


def describe():
    uname = subprocess.run(["uname", "-a"], capture_output=True, text=True).stdout.strip()
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "uname": uname,
        "nproc": str(os.cpu_count()),
        "cpu": cpu_model(),
        "load_start": load_average(),
    }
