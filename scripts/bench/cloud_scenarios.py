"""Figures that talk to the emulator through the latency proxy: apply speed against a
sequential boto3 script, refresh speed and calls against one read per resource, and calls per
resource type for create, read and delete."""
import json
import os
import re
import sys

import boto3

from . import configs
from .measure import median, run
from .report import Row, seconds

HERE = os.path.dirname(os.path.abspath(__file__))


def ec2(bench):
    return boto3.client("ec2", endpoint_url=bench.emulator.url, region_name="eu-west-1",
                        aws_access_key_id=bench.emulator.access_key_id,
                        aws_secret_access_key=bench.emulator.secret_access_key)


def new_vpc(bench, cidr):
    return ec2(bench).create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]


def calls_text(counts):
    return ", ".join("%s %d" % (op.split(":", 1)[1], n) for op, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def apply_figures(bench, count):
    """prov applying `count` independent subnets, against boto3 creating as many one by one."""
    prov_vpc, peer_vpc = new_vpc(bench, "10.0.0.0/16"), new_vpc(bench, "10.3.0.0/16")
    directory = os.path.join(bench.work, "apply")
    configs.write(directory, configs.subnets(count, prov_vpc))
    run([bench.prov, "init", "-no-color"], cwd=directory, env=bench.offline_env())
    prov_samples, peer_samples, calls, busy = [], [], None, []
    for _ in range(bench.runs):
        bench.proxy.reset(bench.delay)
        prov_samples.append(run([bench.prov, "apply", "-auto-approve", "-no-color"], cwd=directory, env=bench.cloud_env(bench.proxy.url)))
        busy.append(bench.proxy.emulator_busy_seconds())
        calls = calls or bench.proxy.counts()
        run([bench.prov, "destroy", "-auto-approve", "-no-color"], cwd=directory, env=bench.cloud_env(bench.emulator.url))
    bench.progress("prov apply %d subnets: %s" % (count, ", ".join("%.3f" % s.wall for s in prov_samples)))
    bench.details.append("prov apply of %d subnets, calls: %s" % (count, calls_text(calls)))
    client = ec2(bench)
    for _ in range(max(1, min(bench.runs, 3))):
        bench.proxy.reset(bench.delay)
        peer_samples.append(run([sys.executable, os.path.join(HERE, "peers", "boto3_create.py"), bench.proxy.url, peer_vpc, str(count)],
                                env=bench.cloud_env(bench.proxy.url)))
        for subnet in client.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [peer_vpc]}])["Subnets"]:
            client.delete_subnet(SubnetId=subnet["SubnetId"])
    bench.progress("boto3 sequential creates: %s" % ", ".join("%.3f" % s.wall for s in peer_samples))
    prov, peer = median([s.wall for s in prov_samples]), median([s.wall for s in peer_samples])
    ratio = peer / prov
    serial = median(busy)
    return [
        Row("apply %d independent subnets, +%d ms/call (wall)" % (count, bench.delay * 1000), seconds(prov), "-"),
        Row("sequential boto3 create calls, %d subnets (wall)" % count, seconds(peer), "-"),
        Row("apply speed vs sequential boto3", "%.1fx faster" % ratio, ">= 20x", "%.1f" % ratio, met=ratio >= 20),
        Row("emulator busy during prov apply (serves one call at a time)", seconds(serial), "-"),
        Row("prov apply without the emulator's serial time", seconds(prov - serial), "-"),
        Row("calls per subnet, prov apply", "%.2f" % (sum(calls.values()) / count), "-"),
    ]


def state_ids(bench, directory):
    shown = run([bench.prov, "show", "-json", "-no-color"], cwd=directory, env=bench.offline_env())
    document = json.loads(shown.output[shown.output.index("{"):])
    resources = document.get("values", {}).get("root_module", {}).get("resources", [])
    return [(r["type"], r["values"]["id"]) for r in resources]


def refresh_figures(bench, counts):
    """prov's refresh (batched reads, all types at once) against one read per resource, 10 at
    a time, for objects of three types."""
    total = sum(counts)
    vpc = new_vpc(bench, "10.1.0.0/16")
    directory = os.path.join(bench.work, "refresh")
    configs.write(directory, configs.three_types(counts, vpc))
    run([bench.prov, "init", "-no-color"], cwd=directory, env=bench.offline_env())
    run([bench.prov, "apply", "-auto-approve", "-no-color"], cwd=directory, env=bench.cloud_env(bench.emulator.url))
    ids_file = os.path.join(directory, "ids.txt")
    with open(ids_file, "w") as f:
        f.writelines("%s %s\n" % pair for pair in state_ids(bench, directory))

    prov_samples, peer_samples, calls, busy = [], [], [], []
    command = [bench.prov, "plan", "-no-color", "-detailed-exitcode"]
    for _ in range(bench.runs):
        bench.proxy.reset(bench.delay)
        prov_samples.append(run(command, cwd=directory, env=bench.cloud_env(bench.proxy.url), accept=(0,)))
        calls.append(bench.proxy.counts())
        busy.append(bench.proxy.emulator_busy_seconds())
    bench.progress("prov refresh of %d objects: %s" % (total, ", ".join("%.3f" % s.wall for s in prov_samples)))
    bench.details.append("prov refresh of %d objects (%s), calls: %s" % (total, "/".join(map(str, counts)), calls_text(calls[0])))
    for _ in range(bench.runs):
        bench.proxy.reset(bench.delay)
        peer_samples.append(run([sys.executable, os.path.join(HERE, "peers", "boto3_refresh.py"), bench.proxy.url, ids_file],
                                env=bench.cloud_env(bench.proxy.url)))
    peer_calls = bench.proxy.counts()
    bench.progress("one read per resource, 10 at a time: %s" % ", ".join("%.3f" % s.wall for s in peer_samples))
    bench.details.append("one read per resource (last run), calls: %s" % calls_text(peer_calls))
    prov, peer = median([s.wall for s in prov_samples]), median([s.wall for s in peer_samples])
    call_count = median([sum(c.values()) for c in calls])
    ratio = peer / prov
    return [
        Row("refresh %d objects of 3 types, +%d ms/call (wall)" % (total, bench.delay * 1000), seconds(prov), "-"),
        Row("one read per object, 10 at a time (wall)", seconds(peer), "-"),
        Row("refresh calls for %d objects of 3 types" % total, "%d" % call_count, "<= 20", met=call_count <= 20),
        Row("refresh speed vs one read per object", "%.1fx faster" % ratio, ">= 10x", "%.1f" % ratio, met=ratio >= 10),
        Row("emulator busy during prov refresh (serves one call at a time)", seconds(median(busy)), "-"),
    ]


def per_type_figures(bench, count):
    """Calls each create, refresh read and delete makes, per object, type by type."""
    vpc = new_vpc(bench, "10.2.0.0/16")
    rows = []
    for type_name in configs.PER_TYPE:
        directory = os.path.join(bench.work, "calls-" + type_name)
        configs.write(directory, configs.per_type(type_name, count, vpc))
        run([bench.prov, "init", "-no-color"], cwd=directory, env=bench.offline_env())
        phases = {}
        for phase, command, accept in [
            ("create", [bench.prov, "apply", "-auto-approve", "-no-color"], (0,)),
            ("read", [bench.prov, "plan", "-no-color", "-detailed-exitcode"], (0,)),
            ("delete", [bench.prov, "destroy", "-auto-approve", "-no-color"], (0,)),
        ]:
            bench.proxy.reset(0)
            run(command, cwd=directory, env=bench.cloud_env(bench.proxy.url), accept=accept)
            phases[phase] = bench.proxy.counts()
            bench.details.append("%s %s x%d: %s" % (type_name, phase, count, calls_text(phases[phase])))
        per_object = ["%.1f" % (sum(phases[p].values()) / count) for p in ("create", "read", "delete")]
        rows.append(Row("calls per %s: create / read / delete" % type_name, " / ".join(per_object), "-"))
    return rows
