"""Peer: a sequential boto3 script making only the create calls for COUNT subnets of a VPC.
Usage: boto3_create.py ENDPOINT VPC_ID COUNT. Prints the seconds its calls took."""
import sys
import time

import boto3

endpoint, vpc_id, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
ec2 = boto3.client("ec2", endpoint_url=endpoint, region_name="eu-west-1")
started = time.perf_counter()
for i in range(count):
    ec2.create_subnet(
        VpcId=vpc_id, CidrBlock="10.3.%d.0/24" % i,
        TagSpecifications=[{"ResourceType": "subnet", "Tags": [{"Key": "Name", "Value": "peer-%d" % i}]}])
print("calls %.3f" % (time.perf_counter() - started))
