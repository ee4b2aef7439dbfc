"""Answers questions about the emulator's state through boto3, independently of prov's own AWS
code, so end-to-end tests check what really exists rather than what prov believes.

Reads a JSON array of calls from stdin: [{"service": "ec2", "operation": "describe_vpcs",
"params": {...}, "region": "eu-west-1"}], and prints a JSON array with one result per call:
{"ok": response} or {"error": {"code": ..., "message": ...}}. A streamed body (get_object's
Body) is read and given as base64.
"""
import base64
import json
import os
import sys

import boto3
import botocore.exceptions


def main():
    calls = json.load(sys.stdin)
    endpoint = os.environ["ORACLE_ENDPOINT"]
    session = boto3.session.Session(
        aws_access_key_id=os.environ["ORACLE_ACCESS_KEY_ID"],
        aws_secret_access_key=os.environ["ORACLE_SECRET_ACCESS_KEY"])
    results = []
    for call in calls:
        client = session.client(call["service"], endpoint_url=endpoint, region_name=call.get("region", "eu-west-1"))
        try:
            response = getattr(client, call["operation"])(**call.get("params", {}))
            response.pop("ResponseMetadata", None)
            if hasattr(response.get("Body"), "read"):
                response["Body"] = base64.b64encode(response["Body"].read()).decode()
            results.append({"ok": response})
        except botocore.exceptions.ClientError as error:
            results.append({"error": {"code": error.response["Error"].get("Code"), "message": error.response["Error"].get("Message")}})
    print(json.dumps(results, default=str))


if __name__ == "__main__":
    main()
