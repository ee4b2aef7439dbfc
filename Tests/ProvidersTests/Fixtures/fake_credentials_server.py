#!/usr/bin/env python3
"""Stands in for the local credential endpoints in the credential chain tests.

  PUT  /latest/api/token                          IMDSv2 session token (needs the TTL header)
  GET  /latest/meta-data/iam/security-credentials/        the instance role's name (needs the token)
  GET  /latest/meta-data/iam/security-credentials/<role>  the role's credentials (needs the token)
  GET  /container/credentials                     container credentials (needs the Authorization token)
  POST /sts/                                      STS AssumeRoleWithWebIdentity (needs the web identity token)
  GET  /_requests                                 what was received so far, as JSON

Paths may start with /norole (the instance has no role) or /blackhole (never answer in time).
Prints its port on the first line and exits when standard input closes.
"""

import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

IMDS_TOKEN = "imds-session-token"
CONTAINER_TOKEN = "container-auth-token"
WEB_IDENTITY_TOKEN = "web-identity-jwt"
ROLE = "prov-instance-role"
EXPIRATION = "2030-01-01T00:00:00Z"

received = []
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        path = self.path
        if path == "/_requests":
            with lock:
                self.answer(200, "application/json", json.dumps(received))
            return
        with lock:
            received.append({
                "method": self.command, "path": path, "body": body,
                "headers": {k.lower(): v for k, v in self.headers.items()},
            })
        mode = ""
        for prefix in ("/norole", "/blackhole"):
            if path.startswith(prefix):
                mode, path = prefix[1:], path[len(prefix):]
        if mode == "blackhole":
            time.sleep(10)
            return
        token = self.headers.get("X-aws-ec2-metadata-token")
        if path == "/latest/api/token" and self.command == "PUT":
            if not self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
                return self.answer(400, "text/plain", "missing TTL")
            return self.answer(200, "text/plain", IMDS_TOKEN)
        if path.startswith("/latest/meta-data/iam/security-credentials/"):
            if token != IMDS_TOKEN:
                return self.answer(401, "text/plain", "")
            if mode == "norole":
                return self.answer(404, "text/plain", "")
            role = path[len("/latest/meta-data/iam/security-credentials/"):]
            if role == "":
                return self.answer(200, "text/plain", ROLE + "\n")
            if role == ROLE:
                return self.answer(200, "application/json", json.dumps({
                    "Code": "Success", "Type": "AWS-HMAC", "AccessKeyId": "ASIAIMDS",
                    "SecretAccessKey": "imds-secret", "Token": "imds-token", "Expiration": EXPIRATION}))
            return self.answer(404, "text/plain", "")
        if path == "/container/credentials":
            if self.headers.get("Authorization") != CONTAINER_TOKEN:
                return self.answer(401, "application/json", json.dumps({"message": "bad token"}))
            return self.answer(200, "application/json", json.dumps({
                "AccessKeyId": "ASIACONTAINER", "SecretAccessKey": "container-secret",
                "Token": "container-token", "Expiration": EXPIRATION}))
        if path == "/sts/" and self.command == "POST":
            form = {k: v[0] for k, v in parse_qs(body).items()}
            if form.get("Action") != "AssumeRoleWithWebIdentity" or form.get("WebIdentityToken") != WEB_IDENTITY_TOKEN:
                return self.answer(400, "text/xml",
                    "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code>"
                    "<Message>Couldn't retrieve verification key from your identity provider</Message></Error>"
                    "<RequestId>sts-1</RequestId></ErrorResponse>")
            return self.answer(200, "text/xml",
                "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>"
                "<AccessKeyId>ASIAWEBIDENTITY</AccessKeyId><SecretAccessKey>web-secret</SecretAccessKey>"
                "<SessionToken>web-token</SessionToken><Expiration>2030-01-01T00:00:00.123Z</Expiration>"
                "</Credentials><SubjectFromWebIdentityToken>system:serviceaccount:prov</SubjectFromWebIdentityToken>"
                "</AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>")
        self.answer(404, "text/plain", "no such fake endpoint")

    do_GET = do_PUT = do_POST = handle_any

    def answer(self, status, content_type, text):
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True


def exit_when_stdin_closes():
    sys.stdin.buffer.read()
    os._exit(0)


def main():
    server = Server(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
