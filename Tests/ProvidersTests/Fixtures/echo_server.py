#!/usr/bin/env python3
"""An HTTP server for the transport tests: answers every request with a JSON echo of what it
received. Binds 127.0.0.1 on a free port, prints that port as its first line, and exits when
its standard input closes, so it never outlives the test process that started it.

Each echo also carries `peak_in_flight`: the most requests the server has been answering at
once so far.

Query parameters it obeys:
  delay_ms=N  wait N milliseconds before answering
  status=N    answer with status N (204 and 304 get no body)
  location=U  add a Location header U (for redirect statuses)
"""

import base64
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class InFlight:
    """Counts the requests being answered at once, and the most seen so far, so a test can
    tell concurrent requests from sequential ones without timing them."""

    lock = threading.Lock()
    now = 0
    peak = 0

    @classmethod
    def enter(cls):
        with cls.lock:
            cls.now += 1
            cls.peak = max(cls.peak, cls.now)

    @classmethod
    def leave(cls):
        with cls.lock:
            cls.now -= 1
            return cls.peak


class EchoHandler(BaseHTTPRequestHandler):
    # HTTP/1.1 keeps connections open, so the tests can see the client reuse them.
    protocol_version = "HTTP/1.1"

    def echo(self):
        url = urlsplit(self.path)
        params = parse_qs(url.query)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""

        delay_ms = int(params.get("delay_ms", ["0"])[0])
        InFlight.enter()
        if delay_ms:
            time.sleep(delay_ms / 1000)
        peak_in_flight = InFlight.leave()
        status = int(params.get("status", ["200"])[0])

        payload = json.dumps({
            "method": self.command,
            "path": url.path,
            "query": url.query,
            "headers": [[name, value] for name, value in self.headers.items()],
            "body": base64.b64encode(body).decode("ascii"),
            "client_port": self.client_address[1],
            "peak_in_flight": peak_in_flight,
        }).encode("utf-8")

        self.send_response(status)
        self.send_header("X-Echo-Method", self.command)
        self.send_header("X-Echo-Repeated", "first")
        self.send_header("X-Echo-Repeated", "second")
        if "location" in params:
            self.send_header("Location", params["location"][0])
        if status in (204, 304):
            self.end_headers()
            return
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = echo

    def log_message(self, format, *args):
        pass


class EchoServer(ThreadingHTTPServer):
    daemon_threads = True
    # The concurrency test opens dozens of connections at once; the default backlog of 5 would
    # make the kernel drop connection attempts and the client retry them a second later.
    request_queue_size = 256


def exit_when_stdin_closes():
    sys.stdin.buffer.read()
    os._exit(0)


def main():
    server = EchoServer(("127.0.0.1", 0), EchoHandler)
    print(server.server_address[1], flush=True)
    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
