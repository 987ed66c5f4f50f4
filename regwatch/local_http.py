"""A small HTTP server on 127.0.0.1 whose answers come from one callable: the demo's sample site and test sites.

The server parses requests, logs them and writes answers; what to answer is
decided by ``respond(method, path, headers, body)``, which returns a
``Response`` or a plain ``(status, headers, body)`` tuple. Answers can also
arrive late (``delay``), never arrive (``reset``) or stream without a length,
as misbehaving sites do.
"""
from __future__ import annotations

import socket
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple, Self

from regwatch.bounded_http import BoundedHandler, BoundedHTTPServer

Body = bytes | str | Iterable[bytes]


class Response(NamedTuple):
    """One answer; a plain ``(status, headers, body)`` tuple is read as one too.

    A ``bytes`` or ``str`` (sent as UTF-8) body goes out with its Content-Length.
    Any other iterable of bytes is streamed without one and the connection closed
    after it, so the client must count as it reads; the stream stops when the
    client hangs up. ``delay`` waits that many seconds before answering. ``reset``
    answers nothing and resets the connection (after the delay).
    """

    status: int = 200
    headers: Mapping[str, str] = {}
    body: Body = b""
    delay: float = 0.0
    reset: bool = False


Responder = Callable[[str, str, Mapping[str, str], bytes], "Response | tuple[int, Mapping[str, str], Body]"]


class LocalHTTPServer:
    """Serve RESPOND on 127.0.0.1:PORT (0 picks a free port) from a background thread; a context manager.

    HTTP/1.1 with keep-alive, served with bounded work (``regwatch.bounded_http``). GET,
    HEAD and POST reach RESPOND (a HEAD answer's body is not sent); a malformed
    Content-Length is answered 400 without asking it. Every request is logged in ``requests`` as a dict with
    ``method``, ``path`` (with the query), ``headers`` and ``body``.
    """

    def __init__(self, respond: Responder, port: int = 0, name: str = "local-http") -> None:
        self.respond = respond
        self.requests: list[dict[str, Any]] = []
        self.httpd = _Server(("127.0.0.1", port), _Handler)
        self.httpd.owner = self
        self.port: int = self.httpd.server_port
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, name=name, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._thread.is_alive():
            self.httpd.shutdown()
        self.httpd.server_close()


class _Server(BoundedHTTPServer):
    owner: LocalHTTPServer
    # test sites answer crawls of many concurrent requests, some of them slow on purpose
    workers = 64
    idle_timeout = 120.0

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # a client hanging up or resetting is ordinary here
        super().handle_error(request, client_address)


class _Handler(BoundedHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes: without TCP_NODELAY, Nagle's algorithm holds the body back
    # until the client's delayed ACK (~40 ms) on every answer over a kept-alive connection.
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        owner = self.server.owner
        length = self.content_length()
        if length is None:
            return
        body = self.rfile.read(length) if length else b""
        headers = dict(self.headers.items())
        owner.requests.append({"method": self.command, "path": self.path, "headers": headers, "body": body})
        answer = Response(*owner.respond(self.command, self.path, headers, body))
        if answer.delay:
            time.sleep(answer.delay)
        if answer.reset:
            # Linger 0: closing sends a TCP reset, not an orderly end.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        payload = answer.body.encode("utf-8") if isinstance(answer.body, str) else answer.body
        if isinstance(payload, bytes):
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)
            return
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self._stream(payload)

    do_HEAD = do_POST = do_GET  # noqa: N815

    def _stream(self, chunks: Iterable[bytes]) -> None:
        try:
            for chunk in chunks:
                self.wfile.write(chunk)
        except OSError:
            pass  # the client stopped reading, as it may
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()

    def log_message(self, format: str, *args: Any) -> None:
        pass
