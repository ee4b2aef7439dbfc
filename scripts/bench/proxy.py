"""A forwarding HTTP proxy that adds a fixed delay to every call and counts calls per AWS
operation, so that parallel speed-ups and call counts can be measured against the emulator
(which answers in a few milliseconds and serves one request at a time).

Clients talk plain HTTP/1.1 to it (as they would to an AWS endpoint); each request goes to the
emulator on a new connection after the delay, and the answer comes back on the client's
connection, which stays open for the next request.
"""
import asyncio
import threading
import time
import urllib.parse
from collections import Counter


class LatencyProxy:
    def __init__(self, upstream_port, delay_seconds=0.1):
        self.upstream_port = upstream_port
        self.delay_seconds = delay_seconds
        self.port = None
        self._counts = Counter()
        self._intervals = []
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="latency-proxy", daemon=True)

    # Control, from the benchmark's thread.

    def start(self):
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the latency proxy did not start")
        return self

    def stop(self):
        async def shutdown():
            self._server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            self._loop.stop()

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop)
        self._thread.join(5)

    def reset(self, delay_seconds=None):
        """Forgets the counts so far; optionally changes the delay for the calls that follow."""
        with self._lock:
            self._counts = Counter()
            self._intervals = []
            if delay_seconds is not None:
                self.delay_seconds = delay_seconds

    def counts(self):
        """Calls per operation since the last reset, e.g. {"ec2:DescribeSubnets": 3}."""
        with self._lock:
            return dict(self._counts)

    def emulator_busy_seconds(self):
        """How long, since the last reset, at least one forwarded call was with the emulator
        (the union of the calls' intervals): the emulator serves one call at a time, so this is
        time a client cannot win back by sending calls in parallel."""
        with self._lock:
            intervals = sorted(self._intervals)
        busy, end = 0.0, None
        for start, stop in intervals:
            if end is None or start > end:
                busy += stop - start
                end = stop
            elif stop > end:
                busy += stop - end
                end = stop
        return busy

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    # The server, on its own thread and event loop.

    def _serve(self):
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(asyncio.start_server(self._client, "127.0.0.1", 0, backlog=512))
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _client(self, reader, writer):
        try:
            while True:
                request = await _read_request(reader, writer)
                if request is None:
                    return
                head, headers, body = request
                with self._lock:
                    self._counts[_operation(head, headers, body)] += 1
                    delay = self.delay_seconds
                if delay:
                    await asyncio.sleep(delay)
                started = time.perf_counter()
                answer = await self._forward(head, headers, body)
                with self._lock:
                    self._intervals.append((started, time.perf_counter()))
                writer.write(answer)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            return
        finally:
            writer.close()

    async def _forward(self, head, headers, body):
        reader, writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        try:
            kept = [(k, v) for k, v in headers if k.lower() not in ("connection", "expect", "content-length", "transfer-encoding")]
            lines = [head] + ["%s: %s" % kv for kv in kept] + ["Content-Length: %d" % len(body), "Connection: close"]
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
            await writer.drain()
            answer = await reader.read()
        finally:
            writer.close()
        status_and_headers, _, payload = answer.partition(b"\r\n\r\n")
        status, *header_lines = status_and_headers.decode("latin-1").split("\r\n")
        response_headers = [line.split(":", 1) for line in header_lines if ":" in line]
        if any(k.strip().lower() == "transfer-encoding" and "chunked" in v.lower() for k, v in response_headers):
            payload = _unchunk(payload)
        kept = [(k.strip(), v.strip()) for k, v in response_headers
                if k.strip().lower() not in ("connection", "content-length", "transfer-encoding", "keep-alive")]
        lines = [status] + ["%s: %s" % kv for kv in kept] + ["Content-Length: %d" % len(payload), "Connection: keep-alive"]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + payload


async def _read_request(reader, writer):
    """One request from a client connection: (request line, headers, body), or None at EOF."""
    try:
        raw = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    head, *header_lines = raw.decode("latin-1").rstrip("\r\n").split("\r\n")
    headers = []
    for line in header_lines:
        name, _, value = line.partition(":")
        headers.append((name.strip(), value.strip()))
    lookup = {k.lower(): v for k, v in headers}
    if lookup.get("expect", "").lower() == "100-continue":
        writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        await writer.drain()
    if "chunked" in lookup.get("transfer-encoding", "").lower():
        body = await _read_chunked(reader)
    else:
        body = await reader.readexactly(int(lookup.get("content-length", "0") or 0))
    return head, headers, body


async def _read_chunked(reader):
    body = b""
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0].strip(), 16)
        if size == 0:
            await reader.readuntil(b"\r\n")
            return body
        body += await reader.readexactly(size)
        await reader.readexactly(2)


def _unchunk(payload):
    body, rest = b"", payload
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0].strip() or b"0", 16)
        if size == 0:
            break
        body, rest = body + rest[:size], rest[size + 2:]
    return body


def _operation(head, headers, body):
    """The AWS operation a request calls, prefixed with the service from its signature's
    credential scope: "ec2:DescribeSubnets", "secretsmanager:CreateSecret"."""
    lookup = {k.lower(): v for k, v in headers}
    service = "?"
    authorization = lookup.get("authorization", "")
    if "Credential=" in authorization:
        scope = authorization.split("Credential=", 1)[1].split(",", 1)[0].split("/")
        if len(scope) >= 4:
            service = scope[3]
    target = lookup.get("x-amz-target")
    if target:
        return "%s:%s" % (service, target.rsplit(".", 1)[-1])
    if body:
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        if "Action" in form:
            return "%s:%s" % (service, form["Action"][0])
    method, path = (head.split(" ") + ["", ""])[:2]
    return "%s:%s %s" % (service, method, path.split("?", 1)[0])
