"""An HTTP server with bounded work: a fixed number of workers, socket timeouts and a cap on open connections.

Every server the project runs (the unsubscribe endpoint, the demo's sample
site and the test sites) is one of these. A connection gets a worker only
once it has sent something, and only for one request: between requests, and
before the first, it waits in the accepting thread's selector, so idle or
kept-alive connections never take the workers from real requests. A
connection that stays silent past ``idle_timeout`` is closed, as is the
longest-waiting one when ``max_connections`` are open (so the process never
runs out of file descriptors and spins on ``accept``). A worker waits at most
``request_timeout`` for each read or write of a slow client.
"""
from __future__ import annotations

import errno
import queue
import resource
import selectors
import socket
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

_STOP = None


class BoundedHandler(BaseHTTPRequestHandler):
    """Handles one request per turn; a connection kept alive goes back to wait without a worker."""

    server: BoundedHTTPServer

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.request_timeout)

    def handle(self) -> None:
        self.close_connection = True
        try:
            self.handle_one_request()
        except TimeoutError:
            self.close_connection = True

    def content_length(self) -> int | None:
        """The request's Content-Length (0 when absent); a malformed one is answered 400 and gives None."""
        values = self.headers.get_all("Content-Length") or []
        if not values:
            return 0
        if len(set(values)) == 1 and values[0].strip().isascii() and values[0].strip().isdigit():
            return int(values[0].strip())
        self.close_connection = True
        self.send_error(HTTPStatus.BAD_REQUEST, "malformed Content-Length")
        return None


class BoundedHTTPServer(HTTPServer):
    """Serve with WORKERS threads; see the module's description for how connections wait and end."""

    workers = 8
    request_timeout = 10.0
    idle_timeout = 30.0
    max_connections = 256
    request_queue_size = 128  # the listen backlog: connections arriving in a burst wait in the kernel, not refused

    def __init__(self, address: tuple[str, int], handler: type[BoundedHandler], *, workers: int | None = None,
                 request_timeout: float | None = None, idle_timeout: float | None = None,
                 max_connections: int | None = None) -> None:
        self.workers = workers or self.workers
        self.request_timeout = request_timeout or self.request_timeout
        self.idle_timeout = idle_timeout or self.idle_timeout
        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
        # leave room below the descriptor limit for the archive, logs and the workers' own files
        room = max(8, soft - 64) if soft != resource.RLIM_INFINITY else 1 << 16
        self.max_connections = min(max_connections or self.max_connections, room)
        super().__init__(address, handler)
        self._handler = handler
        self.socket.setblocking(False)
        self._jobs: queue.Queue[tuple[socket.socket, Any] | None] = queue.Queue()
        self._returned: queue.Queue[tuple[socket.socket, Any]] = queue.Queue()
        self._waiting: dict[socket.socket, tuple[Any, float]] = {}  # connection → (address, waiting since)
        self._busy = 0
        self._lock = threading.Lock()
        self._wake_read, self._wake_write = socket.socketpair()
        self._stop = threading.Event()
        self._stopped = threading.Event()
        self._stopped.set()
        self._threads = [threading.Thread(target=self._work, name=f"http-worker-{i}", daemon=True)
                         for i in range(self.workers)]
        for thread in self._threads:
            thread.start()

    # -- the accepting thread -------------------------------------------------------

    def serve_forever(self, poll_interval: float = 0.5) -> None:
        """Accept and dispatch until ``shutdown``."""
        self._stop.clear()
        self._stopped.clear()
        with selectors.DefaultSelector() as selector:
            self.selector = selector
            try:
                selector.register(self.socket, selectors.EVENT_READ, "accept")
                selector.register(self._wake_read, selectors.EVENT_READ, "wake")
                while not self._stop.is_set():
                    for key, _ in selector.select(min(poll_interval, self.idle_timeout)):
                        if key.data == "accept":
                            self._accept()
                        elif key.data == "wake":
                            self._wake_read.recv(4096)
                        elif key.fileobj in self._waiting:
                            # not closed earlier in this batch to make room for a new connection
                            self._dispatch(key.fileobj)
                    self._take_back()
                    self._expire()
            finally:
                for connection in list(self._waiting):
                    self._drop(connection)
                self._stopped.set()

    def shutdown(self) -> None:
        """Stop ``serve_forever`` and wait until it has returned."""
        self._stop.set()
        self._wake()
        self._stopped.wait()

    def server_close(self) -> None:
        super().server_close()
        for _ in self._threads:
            self._jobs.put(_STOP)
        self._wake_read.close()
        self._wake_write.close()

    def _wake(self) -> None:
        try:
            self._wake_write.send(b"\0")
        except OSError:
            pass

    def _accept(self) -> None:
        if self._open() >= self.max_connections:
            self._drop_oldest()
        try:
            connection, address = self.socket.accept()
        except BlockingIOError:
            return
        except OSError as exc:
            if exc.errno in (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM):
                # out of descriptors: make room rather than spin on a listening socket that stays readable
                if not self._drop_oldest():
                    time.sleep(0.05)
            return
        self._wait(connection, address)

    def _open(self) -> int:
        with self._lock:
            return len(self._waiting) + self._busy

    def _wait(self, connection: socket.socket, address: Any) -> None:
        connection.setblocking(True)
        self._waiting[connection] = (address, time.monotonic())
        self.selector.register(connection, selectors.EVENT_READ, "connection")

    def _dispatch(self, connection: socket.socket) -> None:
        self.selector.unregister(connection)
        address, _ = self._waiting.pop(connection)
        with self._lock:
            self._busy += 1
        self._jobs.put((connection, address))

    def _take_back(self) -> None:
        while True:
            try:
                connection, address = self._returned.get_nowait()
            except queue.Empty:
                return
            self._wait(connection, address)

    def _expire(self) -> None:
        cutoff = time.monotonic() - self.idle_timeout
        for connection in [c for c, (_, since) in self._waiting.items() if since < cutoff]:
            self._drop(connection)

    def _drop_oldest(self) -> bool:
        if not self._waiting:
            return False
        self._drop(min(self._waiting, key=lambda c: self._waiting[c][1]))
        return True

    def _drop(self, connection: socket.socket) -> None:
        self._waiting.pop(connection, None)
        try:
            self.selector.unregister(connection)
        except (KeyError, ValueError):
            pass
        self.shutdown_request(connection)

    # -- the workers ----------------------------------------------------------------

    def _work(self) -> None:
        while (job := self._jobs.get()) is not _STOP:
            connection, address = job
            keep = False
            try:
                handler = self._handler(connection, address, self)
                keep = not getattr(handler, "close_connection", True)
            except Exception:  # noqa: BLE001 (one broken request must not end a worker)
                self.handle_error(connection, address)
            finally:
                with self._lock:
                    self._busy -= 1
            if keep and not self._stop.is_set():
                self._returned.put((connection, address))
                self._wake()
            else:
                self.shutdown_request(connection)
