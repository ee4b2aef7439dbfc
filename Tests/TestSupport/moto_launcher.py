"""Starts moto_server on a free loopback port for the test suite and stops it when the test
process goes away.

Prints one JSON line on stdout: {"port": ..., "access_key_id": ..., "secret_access_key": ...,
"recording_path": ...}. The emulator's request recorder (off until a test starts it through
/moto-api/recorder/start-recording) writes to recording_path, a file of this server's own.
With --enforce-signatures, it first creates an IAM user with an allow-all policy and an access
key (those are the emulator's only unauthenticated calls), then switches the emulator to check
every request's SigV4 signature against that key. With --aws-managed-policies, IAM loads AWS's
managed policies, so they can be attached. The emulator runs until this script's stdin
closes, which happens when the test process exits for any reason, so no server outlives a run.
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_ready(url, process, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit("moto_server exited during start-up")
        try:
            urllib.request.urlopen(url + "/moto-api/", timeout=1).read()
            return
        except Exception:
            time.sleep(0.05)
    raise SystemExit("moto_server did not answer within %d seconds" % seconds)


def create_signing_identity(url):
    import boto3

    iam = boto3.client(
        "iam", endpoint_url=url, region_name="us-east-1",
        aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
    iam.create_user(UserName="prov-test")
    iam.put_user_policy(
        UserName="prov-test", PolicyName="allow-all",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    key = iam.create_access_key(UserName="prov-test")["AccessKey"]
    # A form content type would make the emulator read an empty body.
    request = urllib.request.Request(
        url + "/moto-api/reset-auth", data=b"0", method="POST", headers={"Content-Type": "text/plain"})
    urllib.request.urlopen(request, timeout=5).read()
    return key["AccessKeyId"], key["SecretAccessKey"]


def main():
    enforce = "--enforce-signatures" in sys.argv
    env = dict(os.environ)
    env.pop("INITIAL_NO_AUTH_ACTION_COUNT", None)
    if "--aws-managed-policies" in sys.argv:
        env["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"
    env.setdefault("MOTO_ALLOW_NONEXISTENT_REGION", "true")
    recording, recording_path = tempfile.mkstemp(prefix="prov-moto-recording-", suffix=".jsonl")
    os.close(recording)
    env["MOTO_RECORDER_FILEPATH"] = recording_path
    for attempt in range(5):
        port = free_port()
        # moto_server, run with this same Python so it is the one that has moto installed.
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        url = "http://127.0.0.1:%d" % port
        try:
            wait_until_ready(url, process)
            break
        except SystemExit:
            process.kill()
            if attempt == 4:
                raise
    try:
        if enforce:
            key_id, secret = create_signing_identity(url)
        else:
            key_id, secret = "AKIDPROVTEST", "prov-test-secret"
        print(json.dumps({
            "port": port, "access_key_id": key_id, "secret_access_key": secret,
            "recording_path": recording_path}), flush=True)
        sys.stdin.read()
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
        os.unlink(recording_path)


if __name__ == "__main__":
    main()
