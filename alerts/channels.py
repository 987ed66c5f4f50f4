"""The channels a delivery goes out on: SMTP (one message or a session of many), webhooks and Apprise chat."""
from __future__ import annotations

import json
import smtplib
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from email.message import Message
from typing import Any, Protocol

from alerts.render import one_line, subject_for


class SmtpSettings(Protocol):
    """What sending mail reads from the SMTP settings (read-only, so frozen configs qualify)."""

    @property
    def host(self) -> str: ...
    @property
    def port(self) -> int: ...
    @property
    def tls(self) -> str: ...
    @property
    def sender(self) -> str: ...
    @property
    def username(self) -> str | None: ...
    @property
    def timeout(self) -> float: ...
    @property
    def password(self) -> str | None: ...


class DeliveryError(RuntimeError):
    """A webhook or chat service refused or could not take a delivery."""


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if settings.tls == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout, context=context)
    else:
        client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    try:
        if settings.tls == "starttls":
            client.starttls(context=context)
        if settings.username:
            client.login(settings.username, settings.password or "")
    except BaseException:
        client.close()
        raise
    return client


def smtp_send(settings: SmtpSettings, message: Message) -> None:
    """Send one message on its own connection; raises on any refusal so the caller keeps it queued."""
    with _connect(settings) as client:
        client.send_message(message)


# one message refused by a server that still talks to us (after which smtplib sends RSET)
_REFUSALS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


class SmtpSession:
    """Send many messages over one connection (one TLS handshake and login per ``per_connection`` messages).

    A connection the server dropped while idle is reopened once; any other
    error closes it, so the next message starts afresh.
    """

    def __init__(self, per_connection: int = 100) -> None:
        self.per_connection = per_connection
        self.client: smtplib.SMTP | None = None
        self.used = 0

    def __call__(self, settings: SmtpSettings, message: Message) -> None:
        if self.client is not None and self.used >= self.per_connection:
            self.close()
        reused = self.client is not None
        if self.client is None:
            self.client, self.used = _connect(settings), 0
        try:
            self.client.send_message(message)
        except smtplib.SMTPServerDisconnected:
            self.close()
            if not reused:
                raise
            self.client, self.used = _connect(settings), 0
            self.client.send_message(message)
        except _REFUSALS:
            self.used += 1  # smtplib reset the transaction: the connection carries on with the next message
            raise
        except (OSError, smtplib.SMTPException):
            self.close()
            raise
        self.used += 1

    def close(self) -> None:
        """Say QUIT (or just drop a broken connection)."""
        if self.client is None:
            return
        try:
            self.client.quit()
        except (OSError, smtplib.SMTPException):
            self.client.close()
        self.client = None


def post_json(url: str, payload: Mapping[str, Any], headers: Mapping[str, str], timeout: float = 30.0) -> None:
    """POST PAYLOAD as JSON to URL; any answer but 2xx raises ``DeliveryError``."""
    if not url.startswith(("http://", "https://")):
        raise DeliveryError(f"webhook URL {url!r} is not http(s)")
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "User-Agent": "regwatch", **headers})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"webhook answered HTTP {exc.code}") from None
    except urllib.error.URLError as exc:
        raise DeliveryError(f"webhook unreachable: {exc.reason}") from None


def apprise_notify(url: str, title: str, body: str) -> None:
    """Send TITLE and BODY through one Apprise URL (Slack, Teams, Matrix, a generic json:// endpoint …)."""
    import apprise  # only needed by subscriptions that use chat services

    notifier = apprise.Apprise()
    if not notifier.add(url):
        raise DeliveryError(f"Apprise does not understand the URL {one_line(url, 80)!r}")
    if not notifier.notify(title=title, body=body, body_format=apprise.NotifyFormat.TEXT):
        raise DeliveryError("the chat service did not accept the message (see Apprise's log)")


def webhook_payload(subscription: Mapping[str, Any], items: Sequence[Mapping[str, Any]], message_id: str,
                    created_at: str) -> dict[str, Any]:
    """The JSON body of a webhook delivery: the digest's items with their labels and, if amended, text diff."""
    keys = ("version_id", "number", "title", "url", "jurisdiction", "agency", "published", "relevant", "topics",
            "direction", "commodities", "hs_codes", "eccns", "effective_date", "doc_ids", "excerpt", "amended")
    return {
        "message_id": message_id,
        "created_at": created_at,
        "subscription": {"id": subscription["id"], "name": subscription["name"], "mode": subscription["mode"]},
        "subject": subject_for(items),
        "count": len(items),
        "items": [{**{k: item.get(k) for k in keys}, "diff": item.get("text_diff")} for item in items],
    }


def chat_text(items: Sequence[Mapping[str, Any]]) -> str:
    """A compact plain-text digest for chat services: one short block per notice."""
    blocks = []
    for item in items:
        labels = ", ".join(item["topics"]) + (f" ({item['direction']})" if item["direction"] else "")
        head = f"[{item['jurisdiction']}] {item['title']}" + (" [amended]" if item["amended"] else "")
        lines = [head, item["url"] or "(no link)"]
        if labels:
            lines.append(labels)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


@dataclass
class Channels:
    """How each channel sends; tests and the benchmark swap in their own."""

    send: Callable[[SmtpSettings, Message], None] = field(default_factory=SmtpSession)
    post: Callable[[str, Mapping[str, Any], Mapping[str, str]], None] = post_json
    notify: Callable[[str, str, str], None] = apprise_notify
