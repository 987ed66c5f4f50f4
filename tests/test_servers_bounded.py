"""Servers with bounded work: idle connections never shut real requests out, and a bad Content-Length is a 400."""
from __future__ import annotations

import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest

from regwatch.local_http import LocalHTTPServer
from regwatch.unsubscribe_server import UnsubscribeServer, start_in_thread
from tests.golden.fixtures import build_archive
from tests.helpers import REPO

URL = "https://alerts.example.org/u/{token}"


def _answer(port: int, raw: bytes, timeout: float = 15.0) -> bytes:
    """Send RAW as one request on a fresh connection; return the status line (empty if none came in time)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as client:
        client.sendall(raw)
        try:
            return client.makefile("rb").readline().strip()
        except TimeoutError:
            return b""


def _idle(port: int, count: int) -> list[socket.socket]:
    """COUNT connections that never send a byte (as many as the server lets open within a few seconds)."""
    opened = []
    for _ in range(count):
        try:
            opened.append(socket.create_connection(("127.0.0.1", port), timeout=2))
        except OSError:
            break
    return opened


@pytest.fixture
def unsubscribe_server(db_path) -> Iterator[UnsubscribeServer]:
    build_archive(db_path)
    server = UnsubscribeServer(db_path, URL, ("127.0.0.1", 0), workers=2, idle_timeout=60)
    start_in_thread(server)
    yield server
    server.shutdown()
    server.server_close()


GET_UNKNOWN = b"GET /u/unknown-token-0000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"


def test_idle_connections_beyond_the_workers_leave_requests_answered(unsubscribe_server):
    port = unsubscribe_server.server_address[1]
    idle = _idle(port, 40)  # twenty times the workers
    try:
        assert len(idle) == 40
        started = time.monotonic()
        assert _answer(port, GET_UNKNOWN).startswith(b"HTTP/1.0 404")
        assert time.monotonic() - started < 5
        assert threading.active_count() < 40, "a thread per connection is not a bounded worker count"
    finally:
        for connection in idle:
            connection.close()


@pytest.mark.parametrize("length", [b"abc", b"-5", b"1e3", b"12, 13", b"99999999999999999999999999x"])
def test_a_malformed_content_length_is_a_400(unsubscribe_server, length):
    port = unsubscribe_server.server_address[1]
    raw = b"POST /u/unknown-token-0000 HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + b"\r\n\r\n"
    assert _answer(port, raw).startswith(b"HTTP/1.0 400")


def test_the_local_site_answers_400_to_a_malformed_content_length_and_goes_on():
    with LocalHTTPServer(lambda method, path, headers, body: (200, {}, "ok")) as site:
        raw = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n"
        assert _answer(site.port, raw).startswith(b"HTTP/1.1 400")
        assert _answer(site.port, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").startswith(b"HTTP/1.1 200")
        assert [r["path"] for r in site.requests] == ["/"]


def test_the_local_site_serves_past_many_idle_connections():
    with LocalHTTPServer(lambda method, path, headers, body: (200, {}, "ok")) as site:
        idle = _idle(site.port, site.httpd.workers * 3)
        try:
            assert _answer(site.port, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").startswith(b"HTTP/1.1 200")
        finally:
            for connection in idle:
                connection.close()


def _file_limit(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))
    return apply


def test_the_unsubscribe_server_answers_with_more_idle_connections_than_it_has_files(config):
    """Under a 256-file limit, 300 idle connections: the server makes room and a real request is answered."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen([sys.executable, "-m", "regwatch.cli", "unsubscribe-server", "--config", config,
                                "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env, preexec_fn=_file_limit(256))
    idle: list[socket.socket] = []
    try:
        line = process.stderr.readline()
        port = int(line.split("127.0.0.1:")[1].split("/")[0])
        idle = _idle(port, 300)
        assert _answer(port, GET_UNKNOWN).startswith(b"HTTP/1.0 404")
    finally:
        for connection in idle:
            connection.close()
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)
    assert process.returncode == 0


def test_a_connection_closed_to_make_room_is_not_served_in_the_same_batch(monkeypatch):
    """At the connection cap, a new connection closes the oldest waiting one; when that one had also sent
    a request in the same wake-up of the selector, the server goes on instead of dying on its closed socket."""
    import selectors

    real_selector = selectors.DefaultSelector

    class AcceptFirst(real_selector):  # type: ignore[misc,valid-type]
        """The selector's ready list with the listening socket first: the order that closes before serving."""

        def select(self, timeout=None):
            return sorted(super().select(timeout), key=lambda ready: ready[0].data != "accept")

    monkeypatch.setattr(selectors, "DefaultSelector", AcceptFirst)
    with LocalHTTPServer(lambda method, path, headers, body: (200, {}, "ok")) as site:
        server = site.httpd
        server.max_connections = 1
        oldest = socket.create_connection(("127.0.0.1", site.port), timeout=5)
        deadline = time.monotonic() + 5
        while not server._waiting and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server._waiting, "the first connection was never accepted"
        # Hold the accepting thread between two wake-ups while the oldest connection sends and a new one
        # arrives, so both are ready in its next one.
        held, release = threading.Event(), threading.Event()
        take_back = server._take_back

        def hold_once() -> None:
            take_back()
            if not release.is_set():
                held.set()
                release.wait(5)

        monkeypatch.setattr(server, "_take_back", hold_once)
        server._wake()
        assert held.wait(5)
        oldest.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        newest = socket.create_connection(("127.0.0.1", site.port), timeout=5)
        time.sleep(0.2)  # lets the request's bytes arrive before the selector looks
        release.set()
        try:
            newest.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            assert newest.makefile("rb").readline().startswith(b"HTTP/1.1 200")
            assert site._thread.is_alive()
        finally:
            oldest.close()
            newest.close()
