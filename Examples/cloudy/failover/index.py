"""Routes the database's virtual IP to one healthy database server.

EventBridge runs this every minute. It keeps the route to VIRTUAL_IP/32 in the route table
tagged TAG_KEY=true pointing at a running instance tagged TAG_KEY=true whose status checks
pass, and moves the route to another such instance when that one fails or goes away.
"""
import logging
import os

import boto3

logger = logging.getLogger()
logger.setLevel(logging.INFO)
ec2 = boto3.client("ec2")


def healthy_servers(tag_key):
    """The ids of the running, tagged instances whose status checks pass, in a stable order."""
    reservations = ec2.describe_instances(Filters=[
        {"Name": "tag:" + tag_key, "Values": ["true"]},
        {"Name": "instance-state-name", "Values": ["running"]},
    ])["Reservations"]
    ids = [instance["InstanceId"] for reservation in reservations for instance in reservation["Instances"]]
    if not ids:
        return []
    statuses = ec2.describe_instance_status(InstanceIds=ids)["InstanceStatuses"]
    return sorted(
        status["InstanceId"] for status in statuses
        if status["InstanceStatus"]["Status"] == "ok" and status["SystemStatus"]["Status"] == "ok")


def lambda_handler(event, context):
    tag_key = os.environ["TAG_KEY"]
    destination = os.environ["VIRTUAL_IP"] + "/32"
    tables = ec2.describe_route_tables(Filters=[{"Name": "tag:" + tag_key, "Values": ["true"]}])["RouteTables"]
    if not tables:
        logger.error("No route table is tagged %s=true", tag_key)
        return
    table_id = tables[0]["RouteTableId"]
    current = next(
        (route.get("InstanceId") for route in tables[0]["Routes"] if route.get("DestinationCidrBlock") == destination),
        None)
    candidates = healthy_servers(tag_key)
    if current in candidates:
        logger.info("Route on %s already pointing to %s via %s", table_id, destination, current)
        return
    if not candidates:
        logger.error("No healthy database server for %s", destination)
        return
    target = candidates[0]
    # The server receives packets addressed to the virtual IP, not to its own address.
    ec2.modify_instance_attribute(InstanceId=target, SourceDestCheck={"Value": False})
    if current is None:
        ec2.create_route(RouteTableId=table_id, DestinationCidrBlock=destination, InstanceId=target)
    else:
        ec2.replace_route(RouteTableId=table_id, DestinationCidrBlock=destination, InstanceId=target)
    logger.info("Updated route on %s to %s via %s", table_id, destination, target)
