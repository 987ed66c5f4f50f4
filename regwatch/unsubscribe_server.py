"""The endpoint behind the https one-click unsubscribe link of every email (RFC 8058).

Mail providers POST ``List-Unsubscribe=One-Click`` to the URL in an email's
``List-Unsubscribe`` header; a person following the link from the footer gets
a page with one button that does the same. A GET never unsubscribes, because
link scanners fetch every URL in a message. The server listens on 127.0.0.1 by
default: a TLS-terminating proxy in front of it answers the https URL given as
``[alerts] unsubscribe_url``, and this server serves that URL's path. Its work
is bounded (``regwatch.bounded_http``): a few workers, socket timeouts, and idle
connections that wait without a worker and are closed to make room.
"""
from __future__ import annotations

import html
import re
import socket
import threading
from collections.abc import Callable
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from alerts.subscriptions import unsubscribe
from archive.db import open_archive
from regwatch.bounded_http import BoundedHandler, BoundedHTTPServer

# Tokens are secrets.token_urlsafe() strings; anything else in their place is not looked up.
_TOKEN = r"(?P<token>[A-Za-z0-9_-]{8,128})"
_MAX_BODY = 4096
_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>{title}</title></head>
<body style="font-family: sans-serif; max-width: 36em; margin: 3em auto; padding: 0 1em; line-height: 1.5">
<h1 style="font-size: 1.4em">{title}</h1>
{body}
</body></html>
"""


def token_pattern(unsubscribe_url: str) -> re.Pattern[str]:
    """The request paths that carry a token, read off the configured https URL (``{token}`` or ``…/TOKEN``)."""
    path = urlsplit(unsubscribe_url).path or "/"
    if "{token}" in path:
        head, _, tail = path.partition("{token}")
        return re.compile("^" + re.escape(head) + _TOKEN + re.escape(tail) + "$")
    return re.compile("^" + re.escape(path.rstrip("/")) + "/" + _TOKEN + "/?$")


class _Handler(BoundedHandler):
    server: UnsubscribeServer
    server_version = "regwatch"
    sys_version = ""

    def _token(self) -> str | None:
        match = self.server.pattern.match(urlsplit(self.path).path)
        return match.group("token") if match else None

    def _page(self, status: HTTPStatus, title: str, body: str) -> None:
        payload = _PAGE.format(title=html.escape(title), body=body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def _subscription(self, token: str) -> dict[str, Any] | None:
        db = open_archive(self.server.db_path)
        try:
            return next(db.query("SELECT id, name, active FROM subscriptions WHERE token = ?", [token]), None)
        finally:
            db.conn.close()

    def _not_found(self) -> None:
        mailbox = self.server.mailbox
        by_mail = (f', or write to <a href="mailto:{html.escape(mailbox)}?subject=unsubscribe">'
                   f"{html.escape(mailbox)}</a> with the word unsubscribe") if mailbox else ""
        self._page(HTTPStatus.NOT_FOUND, "Link not recognised",
                   "<p>This unsubscribe link does not belong to any subscription. Copy the whole link from the "
                   f"email{by_mail}.</p>")

    def _answer(self, handle: Callable[[], None]) -> None:
        """Run HANDLE; an archive that cannot be read gets a page saying to try again, never a dropped connection."""
        try:
            handle()
        except Exception as exc:  # noqa: BLE001 (whatever broke, the request gets an answer)
            self.server.say(f"unsubscribe link not handled: {type(exc).__name__}: {exc}")
            self._page(HTTPStatus.SERVICE_UNAVAILABLE, "Try again shortly",
                       "<p>The subscription could not be looked up just now. Nothing was changed; "
                       "please open the link again in a few minutes.</p>")

    def do_GET(self) -> None:
        self._answer(self._show)

    do_HEAD = do_GET

    def do_POST(self) -> None:
        self._answer(self._end)

    def _show(self) -> None:
        token = self._token()
        subscription = self._subscription(token) if token else None
        if subscription is None:
            self._not_found()
            return
        name = html.escape(subscription["name"] or subscription["id"])
        if not subscription["active"]:
            self._page(HTTPStatus.OK, "Already unsubscribed", f"<p>You no longer receive <b>{name}</b>.</p>")
            return
        self._page(HTTPStatus.OK, "Unsubscribe",
                   f"<p>Stop receiving <b>{name}</b>?</p>"
                   '<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">'
                   '<button type="submit" style="font-size: 1em; padding: .5em 1.2em">Unsubscribe</button></form>')

    def _end(self) -> None:
        length = self.content_length()
        if length is None:
            return
        if length > _MAX_BODY:
            self._page(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "Request too large", "<p>Nothing was changed.</p>")
            return
        self.rfile.read(length)  # the body only says One-Click; the token in the path decides
        token = self._token()
        if token is None:
            self._not_found()
            return
        db = open_archive(self.server.db_path)
        try:
            subscription = unsubscribe(db, token)
        finally:
            db.conn.close()
        if subscription is None:
            self._not_found()
            return
        self.server.say(f"unsubscribed {subscription['id']} by its one-click link")
        name = html.escape(subscription["name"] or subscription["id"])
        self._page(HTTPStatus.OK, "Unsubscribed",
                   f"<p>You will receive no more of <b>{name}</b>. Emails already queued for it are cancelled.</p>")

    def log_message(self, format: str, *args: Any) -> None:
        pass  # requests carry tokens: they are not logged


class UnsubscribeServer(BoundedHTTPServer):
    """An HTTP server answering the unsubscribe URL's path for the archive at DB_PATH (bounded: see bounded_http)."""

    def __init__(self, db_path: Path, unsubscribe_url: str, address: tuple[str, int],
                 say: Callable[[str], None] = lambda message: None, mailbox: str | None = None,
                 **bounds: Any) -> None:
        """MAILBOX: the read mailbox offered for unsubscribing by mail, if any.
        BOUNDS: ``workers``, ``request_timeout``, ``idle_timeout``, ``max_connections`` (see BoundedHTTPServer)."""
        self.db_path = db_path
        self.mailbox = mailbox  # [alerts] unsubscribe_mailto: mentioned only when someone reads it
        self.pattern = token_pattern(unsubscribe_url)
        self.say = say
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, _Handler, **bounds)


def start_in_thread(server: UnsubscribeServer) -> threading.Thread:
    """Serve in a daemon thread (beside ``regwatch serve``'s scheduler); ``server.shutdown()`` stops it."""
    thread = threading.Thread(target=server.serve_forever, name="unsubscribe", daemon=True)
    thread.start()
    return thread
