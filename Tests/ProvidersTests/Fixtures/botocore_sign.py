#!/usr/bin/env python3
"""Signs requests with botocore's SigV4 signers, as a reference for prov's own signer.

Reads a JSON array from stdin; each element:
    {"name": ..., "method": ..., "url": ..., "headers": [[name, value], ...],
     "body": <base64>, "region": ..., "service": ...,
     "credentials": {"access_key_id": ..., "secret_access_key": ..., "token": <optional>},
     "timestamp": "YYYYMMDDTHHMMSSZ", "unsigned_payload": <bool>}
Writes a JSON object to stdout mapping each name to
    {"authorization": <Authorization header>, "canonical_request": <botocore's canonical request>}.

Exits with status 3 and a message on stderr when botocore cannot be imported.
"""

import base64
import datetime
import json
import sys

try:
    import botocore.auth
    from botocore.awsrequest import AWSRequest
    from botocore.config import Config
    from botocore.credentials import Credentials
except ImportError as error:
    print(
        f"botocore is not importable by {sys.executable} ({error}): run `pip install botocore`",
        file=sys.stderr,
    )
    sys.exit(3)


def sign(spec):
    timestamp = datetime.datetime.strptime(spec["timestamp"], "%Y%m%dT%H%M%SZ")
    # add_auth reads the clock through this module-level name; botocore's own tests fix the
    # time the same way.
    botocore.auth.get_current_datetime = lambda *args, **kwargs: timestamp

    request = AWSRequest(method=spec["method"], url=spec["url"], data=base64.b64decode(spec["body"]))
    for name, value in spec["headers"]:
        # HTTPHeaders appends on assignment, so repeated names stay repeated.
        request.headers[name] = value
    if spec.get("unsigned_payload"):
        request.context["payload_signing_enabled"] = False
        request.context["client_config"] = Config(s3={"payload_signing_enabled": False})

    keys = spec["credentials"]
    credentials = Credentials(keys["access_key_id"], keys["secret_access_key"], keys.get("token"))
    signer_class = botocore.auth.S3SigV4Auth if spec["service"] == "s3" else botocore.auth.SigV4Auth
    signer = signer_class(credentials, spec["service"], spec["region"])

    recorded = {}
    compute_canonical_request = signer.canonical_request

    def recording_canonical_request(request):
        recorded["canonical_request"] = compute_canonical_request(request)
        return recorded["canonical_request"]

    signer.canonical_request = recording_canonical_request
    signer.add_auth(request)
    return {
        "authorization": request.headers["Authorization"],
        "canonical_request": recorded["canonical_request"],
    }


def main():
    specs = json.load(sys.stdin)
    json.dump({spec["name"]: sign(spec) for spec in specs}, sys.stdout)


if __name__ == "__main__":
    main()
