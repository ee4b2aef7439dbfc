"""The AWS emulator for the benchmark: moto_server on a free loopback port, started by the
test suite's launcher (which stops it when our end of its stdin closes)."""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LAUNCHER = os.path.join(ROOT, "Tests", "TestSupport", "moto_launcher.py")


class Emulator:
    def __init__(self):
        self.process = subprocess.Popen(
            [sys.executable, LAUNCHER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("moto_server did not start: is moto[server] installed in %s?" % sys.executable)
        info = json.loads(line)
        self.port = info["port"]
        self.access_key_id = info["access_key_id"]
        self.secret_access_key = info["secret_access_key"]

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def stop(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            self.process.wait(10)

    def warm_up(self):
        """Makes one call to each service the benchmark uses: the emulator sets up a service's
        data for a region on its first call, which takes seconds and must not be timed."""
        import boto3

        for service, call in (("ec2", "describe_vpcs"), ("secretsmanager", "list_secrets"), ("sts", "get_caller_identity")):
            client = boto3.client(service, endpoint_url=self.url, region_name="eu-west-1",
                                  aws_access_key_id=self.access_key_id, aws_secret_access_key=self.secret_access_key)
            getattr(client, call)()
