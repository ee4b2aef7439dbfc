#!/usr/bin/env python3
"""A proxy for the reliability tests: it sits between prov and the emulator, forwards every
request unchanged (the Host header too, so SigV4 signatures still verify), and injects the
faults it is told to, at exact points of an apply:

  kill_after N       on the N-th create call: forward it, let the emulator act, then kill -9
                     the prov process before it sees the answer
  interrupt_after N  on the N-th create call: send SIGINT to prov `interrupts` times (1 or 2),
                     then answer after `interrupt_delay_ms`, so the call is in flight
  drop_every K       forward every K-th create call and drop the connection instead of
                     answering (the emulator acted; prov never hears of it)
  kill_after_delete N  as kill_after, on the N-th delete call (destroying)

A create call is one whose action (form `Action=`, or the `X-Amz-Target` operation) starts
with Create, Allocate, Authorize, Associate, Attach, Put or Register. Calls that carry an
idempotency token (ClientToken, ClientRequestToken) are never dropped: the emulator ignores
tokens, where AWS answers a repeat with the first call's result.

Calls in flight (read from prov and not yet answered by the emulator) are counted: a test
waits for none before it looks at the emulator, since a call forwarded after prov was killed
or interrupted still acts, as a call AWS has received does.

Control: each line on standard input is a JSON object; {"configure": {...}} replaces the
settings above and resets the counters, {"pid": N} names the process to signal (prov, once
started); every line is
answered with one line holding the counters. Prints its port on the first line and exits
when standard input closes.
"""

import http.client
import json
import os
import signal
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CREATE_PREFIXES = ("Create", "Allocate", "Authorize", "Associate", "Attach", "Put", "Register")
DELETE_PREFIXES = ("Delete", "Release", "Revoke", "Disassociate", "Detach", "Deregister")
lock = threading.Lock()
settings = {}
stats = {"forwarded": 0, "creates": 0, "deletes": 0, "killed": 0, "interrupted": 0, "in_flight": 0, "dropped": 0, "dropped_actions": []}
target = ("127.0.0.1", 0)


def action_of(headers, body):
    amz_target = headers.get("X-Amz-Target")
    if amz_target:
        return amz_target.split(".")[-1]
    if body:
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        if "Action" in form:
            return form["Action"][0]
    return ""


def carries_token(body):
    text = body.decode("utf-8", "replace") if body else ""
    return "ClientToken" in text or "ClientRequestToken" in text


def wait_for_pid():
    # prov starts calling a moment after the test learns its pid: wait for it.
    for _ in range(500):
        with lock:
            pid = settings.get("pid")
        if pid:
            return pid
        time.sleep(0.01)
    return None


class ProxyHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.handle_request()

    def do_POST(self):
        self.handle_request()

    def do_PUT(self):
        self.handle_request()

    def do_DELETE(self):
        self.handle_request()

    def do_HEAD(self):
        self.handle_request()

    def handle_request(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        action = action_of(self.headers, body)
        fault = None
        with lock:
            stats["forwarded"] += 1
            stats["in_flight"] += 1
            if action.startswith(CREATE_PREFIXES):
                stats["creates"] += 1
                n = stats["creates"]
                if settings.get("kill_after") == n:
                    fault = "kill"
                elif settings.get("interrupt_after") == n:
                    fault = "interrupt"
                elif settings.get("drop_every") and n % settings["drop_every"] == 0 and not carries_token(body):
                    fault = "drop"
                    stats["dropped"] += 1
                    stats["dropped_actions"].append(action)
            elif action.startswith(DELETE_PREFIXES):
                stats["deletes"] += 1
                if settings.get("kill_after_delete") == stats["deletes"]:
                    fault = "kill"
        if fault == "interrupt":
            pid = wait_for_pid()
            for _ in range(settings.get("interrupts", 1)):
                if pid:
                    os.kill(pid, signal.SIGINT)
                time.sleep(0.05)
            with lock:
                stats["interrupted"] += 1
            time.sleep(settings.get("interrupt_delay_ms", 300) / 1000)
        try:
            status, headers, answer = self.forward(body)
        finally:
            with lock:
                stats["in_flight"] -= 1
        if fault == "kill":
            pid = wait_for_pid()
            if pid:
                os.kill(pid, signal.SIGKILL)
            with lock:
                stats["killed"] += 1
            return self.hang_up()
        if fault == "drop":
            return self.hang_up()
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def forward(self, body):
        connection = http.client.HTTPConnection(*target, timeout=60)
        connection.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
        for name, value in self.headers.items():
            if name.lower() not in ("connection", "keep-alive"):
                connection.putheader(name, value)
        connection.endheaders(body)
        response = connection.getresponse()
        answer = response.read()
        connection.close()
        return response.status, response.getheaders(), answer

    def hang_up(self):
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


class ProxyServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # prov killed with requests in flight: their answers have nowhere to go.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def main():
    global target
    endpoint = urllib.parse.urlparse(sys.argv[1])
    target = (endpoint.hostname, endpoint.port)
    server = ProxyServer(("127.0.0.1", 0), ProxyHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps({"port": server.server_address[1]}), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        with lock:
            if "configure" in command:
                settings.clear()
                settings.update(command["configure"])
                # Calls in flight are not reset: they are still in flight.
                for key in ("creates", "deletes", "killed", "interrupted", "dropped"):
                    stats[key] = 0
                stats["dropped_actions"] = []
            if "pid" in command:
                settings["pid"] = command["pid"]
            answer = json.dumps(stats)
        print(answer, flush=True)
    server.shutdown()


if __name__ == "__main__":
    main()
