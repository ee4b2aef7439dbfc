#!/usr/bin/env python3
"""An AWS-like server for the retry tests: it fails a given number of times, then succeeds.

The request path says what to do: /<scenario>/<mode>/<failures>/<style>/...
  scenario  any name; attempts are counted per scenario
  mode      throttle   answer with a throttling error
            error500   answer 500 InternalError
            drop       read the request, then close the connection without answering
            forever    throttle every time (failures is ignored)
  failures  how many attempts fail before one succeeds
  style     query or json: the protocol of the error and success bodies

GET /<scenario>/count answers with the number of attempts seen for the scenario.
Prints its port on the first line and exits when standard input closes.
"""

import json
import os
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

counts = {}
lock = threading.Lock()


class FlakyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        parts = self.path.strip("/").split("/")
        if len(parts) == 2 and parts[1] == "count":
            with lock:
                body = str(counts.get(parts[0], 0)).encode()
            self.answer(200, "text/plain", body)
        else:
            self.do_POST()

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        parts = self.path.strip("/").split("/")
        scenario, mode, failures, style = parts[0], parts[1], int(parts[2]), parts[3]
        with lock:
            counts[scenario] = counts.get(scenario, 0) + 1
            attempt = counts[scenario]
        request_id = "%s-%d" % (scenario, attempt)
        if mode == "forever" or attempt <= failures:
            if mode == "drop":
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
                return
            status, code, message = (500, "InternalError", "Internal failure") if mode == "error500" \
                else (400, "Throttling", "Rate exceeded")
            if style == "json":
                body = json.dumps({"__type": code, "message": message}).encode()
                self.answer(status, "application/x-amz-json-1.1", body, request_id)
            else:
                body = ("<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>"
                        "<RequestId>%s</RequestId></ErrorResponse>" % (code, message, request_id)).encode()
                self.answer(status, "text/xml", body)
            return
        if style == "json":
            self.answer(200, "application/x-amz-json-1.1", json.dumps({"attempt": attempt}).encode(), request_id)
        else:
            body = ("<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account>"
                    "<Attempt>%d</Attempt></GetCallerIdentityResult></GetCallerIdentityResponse>" % attempt).encode()
            self.answer(200, "text/xml", body)

    def answer(self, status, content_type, body, request_id=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if request_id:
            self.send_header("x-amzn-RequestId", request_id)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64


def exit_when_stdin_closes():
    sys.stdin.buffer.read()
    os._exit(0)


def main():
    server = Server(("127.0.0.1", 0), FlakyHandler)
    print(server.server_address[1], flush=True)
    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
