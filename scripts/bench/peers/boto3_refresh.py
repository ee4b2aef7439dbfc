"""Peer: what Terraform's refresh does, one read per resource, 10 at a time (its default
parallelism): DescribeSubnets, DescribeSecurityGroups or DescribeRouteTables for one id each.
Usage: boto3_refresh.py ENDPOINT IDS_FILE (lines "type id"). Prints the seconds its calls took."""
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
import botocore.config

endpoint, ids_file = sys.argv[1], sys.argv[2]
objects = [line.split() for line in open(ids_file) if line.strip()]
ec2 = boto3.client("ec2", endpoint_url=endpoint, region_name="eu-west-1",
                   config=botocore.config.Config(max_pool_connections=10))

READS = {
    "aws_subnet": lambda id: ec2.describe_subnets(SubnetIds=[id])["Subnets"],
    "aws_security_group": lambda id: ec2.describe_security_groups(GroupIds=[id])["SecurityGroups"],
    "aws_route_table": lambda id: ec2.describe_route_tables(RouteTableIds=[id])["RouteTables"],
}

started = time.perf_counter()
with ThreadPoolExecutor(max_workers=10) as pool:
    found = list(pool.map(lambda o: READS[o[0]](o[1]), objects))
assert all(len(items) == 1 for items in found), "every object exists"
print("calls %.3f" % (time.perf_counter() - started))
