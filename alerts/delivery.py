"""Delivering queued items exactly once, by email, webhook and chat (Apprise).

1. ``prepare_deliveries`` groups each due subscription's queued outbox rows
   into deliveries — one email, plus one per webhook or Apprise URL — whose
   Message-ID is derived from the subscription and its items, committed
   before anything is sent. A notice already carried to the same email
   address by another of that person's subscriptions is not emailed again.
2. ``send_pending`` sends every pending delivery whose retry time has come;
   only after the server accepted it is the delivery (and its outbox rows)
   marked sent. A crash between acceptance and that commit re-sends the same
   Message-ID; a server that is down leaves everything queued, and a failed
   delivery waits an increasing interval (``next_attempt_at``) before the
   next try. Every attempt is logged in ``delivery_attempts``, written before
   the send so that even an attempt interrupted by a crash shows.
3. A delivery that can never go out ends as ``failed`` (a dead letter) instead
   of being retried for ever: at once when the server refuses the recipient
   or the message with a 5xx reply (after ``permanent_failure_attempts``
   such refusals), or when the message cannot be built from the archive;
   after ``max_retry_age`` of transient failures (4xx, no connection).
   ``retry_failed`` puts a failed delivery back in the queue.
"""
from __future__ import annotations

import hashlib
import http.client
import json
import re
import smtplib
import sqlite3
import ssl
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from email.message import Message
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import sqlite_utils

from alerts.render import ItemCache, one_line, render_digest, subject_for
from archive import clock
from archive.clock import utcnow

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)
INTERRUPTED = "no outcome recorded: the process stopped while sending"


@dataclass(frozen=True)
class RetryPolicy:
    """When a delivery stops being retried and becomes ``failed``.

    ``permanent_failure_attempts``: how many 5xx refusals of the recipient or
    the message it takes (1: the first, as RFC 5321 asks of a client; more
    for a server known to refuse with 5xx what it later accepts).
    ``max_retry_age``: how long transient failures are retried, counted from
    the delivery's creation or its last manual retry.
    """

    permanent_failure_attempts: int = 1
    max_retry_age: timedelta = timedelta(days=7)


@dataclass(frozen=True)
class Failure:
    """What one failed attempt means for its delivery.

    ``outcome`` is ``transient`` (try again later), ``permanent`` (the server
    refused this recipient or message for good) or ``build`` (the message
    could not be made from the archive, and would fail the same way again).
    ``server_wide`` says the server itself is unusable now (down, refusing
    our login or our sender), so the rest of the pass's email waits.
    """

    outcome: str
    reason: str
    reply_code: int | None = None
    server_wide: bool = False


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


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def last_slot(now: datetime, mode: str, digest_time: str, digest_day: str, tz: str) -> datetime:
    """The most recent scheduled digest time at or before NOW, in UTC."""
    local_now = now.astimezone(ZoneInfo(tz))
    hour, minute = (int(part) for part in digest_time.split(":"))
    slot = datetime.combine(local_now.date(), time(hour, minute), tzinfo=local_now.tzinfo)
    if mode == "weekly":
        slot -= timedelta(days=(local_now.weekday() - WEEKDAYS.index(digest_day)) % 7)
        if slot > local_now:
            slot -= timedelta(days=7)
    elif slot > local_now:
        slot -= timedelta(days=1)
    return slot.astimezone(timezone.utc)


def due_cutoff(subscription: Mapping[str, Any], now: datetime) -> datetime:
    """Items queued at or before this moment are due: NOW for immediate alerts, else the last digest slot.

    An item queued after this morning's slot waits for tomorrow's, so a daily
    digest never goes out at an unscheduled hour.
    """
    if subscription["mode"] == "immediate":
        return now
    return last_slot(now, subscription["mode"], subscription["digest_time"] or "07:00",
                     subscription["digest_day"] or "mon", subscription["timezone"] or "UTC")


def is_due(subscription: Mapping[str, Any], now: datetime, oldest_queued: str | None) -> bool:
    """Whether the subscription has an item that was waiting when its last slot came."""
    return oldest_queued is not None and datetime.fromisoformat(oldest_queued) <= due_cutoff(subscription, now)


def message_id_for(subscription_id: str, version_ids: Sequence[int], channel: str = "email") -> str:
    """A Message-ID that is the same whenever the same items go to the same subscription on the same channel."""
    key = f"{subscription_id}:{','.join(map(str, sorted(version_ids)))}"
    if channel != "email":
        key += f":{channel}"
    digest = hashlib.sha256(key.encode()).hexdigest()
    suffix = "" if channel == "email" else f".{channel.split(':')[0]}"
    return f"<{digest[:32]}.{subscription_id}{suffix}@regwatch>"


def backoff(attempts: int) -> timedelta:
    """How long a delivery waits after its ATTEMPTS-th consecutive failure: 1, 2, 4 … minutes, at most 6 hours."""
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)


def _create_delivery(db: sqlite_utils.Database, subscription_id: str, version_ids: Sequence[int], kind: str,
                     channel: str, target: str | None, created_at: str) -> int:
    message_id = message_id_for(subscription_id, version_ids, channel)
    db.execute(
        """INSERT INTO deliveries (subscription_id, message_id, kind, created_at, channel, target)
           VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(message_id) DO NOTHING""",
        [subscription_id, message_id, kind, created_at, channel.split(":")[0], target],
    )
    delivery_id = db.execute("SELECT id FROM deliveries WHERE message_id = ?", [message_id]).fetchone()[0]
    db.conn.executemany("INSERT OR IGNORE INTO delivery_items (delivery_id, version_id) VALUES (?, ?)",
                        [(delivery_id, v) for v in version_ids])
    return delivery_id


def _emailed(db: sqlite_utils.Database) -> dict[tuple[str, int], tuple[int, str | None]]:
    """(address, version) → (email delivery, sent_at) for every queued version some address already has or will get."""
    rows = db.execute(
        """SELECT lower(s.email), o.version_id, o.delivery_id, o.sent_at FROM outbox o
           JOIN subscriptions s ON s.id = o.subscription_id JOIN deliveries d ON d.id = o.delivery_id
           WHERE d.status IN ('pending', 'sent')
             AND o.version_id IN (SELECT DISTINCT version_id FROM outbox WHERE delivery_id IS NULL)""")
    return {(address, version_id): (delivery_id, sent_at) for address, version_id, delivery_id, sent_at in rows}


def prepare_deliveries(db: sqlite_utils.Database, now: datetime | None = None, chunk: int = 500) -> int:
    """Group the queued items of every due subscription into pending deliveries; return how many were created.

    Subscriptions are handled in transactions of ``chunk``; a crash between
    two leaves every subscription either fully prepared or untouched.
    """
    now = now or clock.now()
    stamp = _iso(now)
    created = 0
    due = [sub for sub in db.query(
        """SELECT s.*, min(o.queued_at) AS oldest_queued FROM subscriptions s
           JOIN outbox o ON o.subscription_id = s.id AND o.delivery_id IS NULL
           WHERE s.active = 1 GROUP BY s.id
           ORDER BY lower(s.email), CASE s.mode WHEN 'immediate' THEN 0 WHEN 'daily' THEN 1 ELSE 2 END, s.id"""
    ) if is_due(sub, now, sub["oldest_queued"])]
    if not due:
        return 0
    emailed = _emailed(db)
    for start in range(0, len(due), chunk):
        with db.atomic():
            for sub in due[start:start + chunk]:
                created += _prepare_one(db, sub, emailed, stamp)
    return created


def _prepare_one(db: sqlite_utils.Database, sub: Mapping[str, Any],
                 emailed: dict[tuple[str, int], tuple[int, str | None]], stamp: str) -> int:
    rows = db.execute(
        "SELECT id, version_id FROM outbox WHERE subscription_id = ? AND delivery_id IS NULL ORDER BY version_id",
        [sub["id"]]).fetchall()
    address = sub["email"].lower()
    all_versions = [version_id for _, version_id in rows]
    # a notice this address already has (or is about to get) from another saved search is not repeated
    covered = [(outbox_id, *emailed[(address, v)]) for outbox_id, v in rows if (address, v) in emailed]
    db.conn.executemany("UPDATE outbox SET delivery_id = ?, sent_at = ? WHERE id = ?",
                        [(delivery_id, sent_at, outbox_id) for outbox_id, delivery_id, sent_at in covered])
    fresh = [v for v in all_versions if (address, v) not in emailed]
    created = 0
    if fresh:
        delivery_id = _create_delivery(db, sub["id"], fresh, sub["mode"], "email", sub["email"], stamp)
        db.execute("UPDATE outbox SET delivery_id = ? WHERE subscription_id = ? AND delivery_id IS NULL",
                   [delivery_id, sub["id"]])
        emailed.update({(address, v): (delivery_id, None) for v in fresh})
        created += 1
    # machine channels belong to the saved search, so they carry all of its items
    if sub["webhook_url"]:
        _create_delivery(db, sub["id"], all_versions, sub["mode"], "webhook", sub["webhook_url"], stamp)
        created += 1
    for index, url in enumerate(json.loads(sub["apprise_urls"] or "[]")):
        _create_delivery(db, sub["id"], all_versions, sub["mode"], f"apprise:{index}", url, stamp)
        created += 1
    db.execute("UPDATE subscriptions SET last_digest_at = ? WHERE id = ?", [stamp, sub["id"]])
    return created


def cancel_deliveries(db: sqlite_utils.Database, subscription_id: str) -> int:
    """Cancel the subscription's unsent deliveries; items other searches had left to them are queued again."""
    with db.atomic():
        ids = [row[0] for row in db.execute(
            "SELECT id FROM deliveries WHERE subscription_id = ? AND status = 'pending'", [subscription_id])]
        if ids:
            id_list = json.dumps(ids)
            db.execute("""UPDATE deliveries SET status = 'cancelled', last_error = 'unsubscribed'
                          WHERE id IN (SELECT value FROM json_each(?))""", [id_list])
            # the same person's other saved searches still want these notices
            db.execute("""UPDATE outbox SET delivery_id = NULL, sent_at = NULL
                          WHERE delivery_id IN (SELECT value FROM json_each(?)) AND subscription_id != ?""",
                       [id_list, subscription_id])
    return len(ids)


# -- channels -------------------------------------------------------------------


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


# -- sending --------------------------------------------------------------------


@dataclass
class SendReport:
    """One pass: ``failed`` counts failed attempts; ``errors`` has one line per delivery that will be retried,
    ``dead_letters`` one per delivery that ended ``failed`` in this pass."""

    sent: int = 0
    failed: int = 0
    deferred: int = 0
    errors: list[str] = field(default_factory=list)
    dead_letters: list[str] = field(default_factory=list)


@dataclass
class Channels:
    """How each channel sends; tests and the benchmark swap in their own."""

    send: Callable[[SmtpSettings, Message], None] = field(default_factory=SmtpSession)
    post: Callable[[str, Mapping[str, Any], Mapping[str, str]], None] = post_json
    notify: Callable[[str, str, str], None] = apprise_notify


_CONNECTION_ERRORS = (ConnectionError, TimeoutError, smtplib.SMTPConnectError, smtplib.SMTPServerDisconnected,
                      smtplib.SMTPHeloError)


def _reply(code: int, text: bytes | str) -> str:
    """A server's reply as one untrusted line: the code and its text."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return one_line(f"{code} {text}", 300)


def classify_send_error(exc: BaseException) -> Failure:
    """What an exception raised while handing a built message to its channel means for the delivery.

    5xx refusals of the recipient (RCPT) or of the message (DATA, or 552 for
    its size at MAIL) are permanent; 4xx replies, dropped or refused
    connections and webhook or chat errors are transient. A refused login
    or sender address is the server's verdict on us, not on this message:
    transient, and the rest of the pass's mail waits. Anything else comes
    from the message itself (say, it cannot be encoded) and fails it like a build failure.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        address, (code, text) = next(iter(exc.recipients.items()))
        outcome = "permanent" if 500 <= code < 600 else "transient"
        return Failure(outcome, f"recipient {one_line(address, 120)} refused: {_reply(code, text)}", code)
    if isinstance(exc, smtplib.SMTPSenderRefused):
        if exc.smtp_code == 552:  # RFC 1870: the declared size exceeds what this server ever takes
            return Failure("permanent", f"message refused: {_reply(exc.smtp_code, exc.smtp_error)}", 552)
        return Failure("transient", f"sender {one_line(str(exc.sender), 120)} refused: "
                       f"{_reply(exc.smtp_code, exc.smtp_error)} (check [smtp] sender)", exc.smtp_code, True)
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return Failure("transient", f"login refused: {_reply(exc.smtp_code, exc.smtp_error)} "
                       "(check [smtp] username and password_env)", exc.smtp_code, True)
    if isinstance(exc, smtplib.SMTPDataError):
        outcome = "permanent" if 500 <= exc.smtp_code < 600 else "transient"
        return Failure(outcome, f"message refused: {_reply(exc.smtp_code, exc.smtp_error)}", exc.smtp_code)
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return Failure("permanent", one_line(f"the server cannot take this message: {exc}", 300))
    reason = one_line(f"{type(exc).__name__}: {exc}", 500)
    if isinstance(exc, smtplib.SMTPResponseException):
        return Failure("transient", reason, exc.smtp_code, isinstance(exc, _CONNECTION_ERRORS))
    if isinstance(exc, (*_CONNECTION_ERRORS, ssl.SSLError)):
        return Failure("transient", reason, server_wide=True)
    if isinstance(exc, (OSError, smtplib.SMTPException, DeliveryError, http.client.HTTPException)):
        return Failure("transient", reason)
    return Failure("build", f"could not send this message: {reason}")


def classify_build_error(exc: BaseException) -> Failure:
    """What an exception raised while building a delivery's items or message means.

    Building reads only the archive and the templates, so the same delivery
    fails the same way next time (a damaged row, a template error): that is a
    build failure, ended at once, and ``regwatch deliveries retry`` sends it
    after the cause is mended. A busy or unreadable archive file is transient.
    """
    reason = one_line(f"{type(exc).__name__}: {exc}", 400)
    if isinstance(exc, (sqlite3.OperationalError, OSError, MemoryError)):
        return Failure("transient", f"could not read the archive: {reason}")
    return Failure("build", f"could not build the message: {reason}")


def send_pending(
    db: sqlite_utils.Database, settings: SmtpSettings, send: Callable[[SmtpSettings, Message], None] | None = None,
    *, now: datetime | None = None, unsubscribe_url: str | None = None, channels: Channels | None = None,
    policy: RetryPolicy | None = None, unsubscribe_mailto: str | None = None,
) -> SendReport:
    """Send every pending delivery whose time has come; mark each sent only after it was accepted.

    When the mail server cannot be reached, the remaining emails of this pass
    are left for the next one without an attempt (one outage, one error). A
    delivery that fails is retried later or, by ``policy``, ends ``failed``;
    either way the rest of the pass goes on.
    """
    channels = channels or Channels()
    if send is not None:
        channels.send = send
    now = now or clock.now()
    stamp = _iso(now)
    report = SendReport()
    pending = list(db.query(
        """SELECT id, message_id, subscription_id, channel, target, created_at, attempts, refusals,
                  coalesce(retry_since, created_at) AS window_start, last_error FROM deliveries
           WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY id""",
        [stamp]))
    if not pending:
        return report
    # one read each for the subscriptions and the items of every due delivery, not one per delivery
    subscriptions = {row["id"]: row for row in db.query(
        """SELECT * FROM subscriptions WHERE id IN
           (SELECT subscription_id FROM deliveries WHERE status = 'pending')""")}
    carried: dict[int, list[int]] = defaultdict(list)
    for delivery_id, version_id in db.execute(
            """SELECT i.delivery_id, i.version_id FROM delivery_items i JOIN deliveries d ON d.id = i.delivery_id
               WHERE d.status = 'pending' ORDER BY i.delivery_id, i.version_id"""):
        carried[delivery_id].append(version_id)
    pass_ = _Pass(db, settings, channels, now, unsubscribe_url, policy or RetryPolicy(), report)
    pass_.unsubscribe_mailto = unsubscribe_mailto
    try:
        for delivery in pending:
            pass_.deliver(delivery, subscriptions.get(delivery["subscription_id"]),
                          carried.get(delivery["id"], []))
    finally:
        if isinstance(channels.send, SmtpSession):
            channels.send.close()
    return report


class _Pass:
    """One pass over the due deliveries; each delivery's failure is recorded and never stops the others."""

    def __init__(self, db: sqlite_utils.Database, settings: SmtpSettings, channels: Channels, now: datetime,
                 unsubscribe_url: str | None, policy: RetryPolicy, report: SendReport) -> None:
        self.db, self.settings, self.channels, self.now = db, settings, channels, now
        self.unsubscribe_url, self.policy, self.report = unsubscribe_url, policy, report
        self.cache = ItemCache()
        self.unsubscribe_mailto: str | None = None  # a mailbox someone reads, offered beside the link
        self.outage: Failure | None = None  # why the mail server is unusable for the rest of this pass

    def deliver(self, delivery: Mapping[str, Any], subscription: Mapping[str, Any] | None,
                version_ids: Sequence[int]) -> None:
        """Try one delivery and record its outcome."""
        db, channel = self.db, delivery["channel"]
        if subscription is None or not subscription["active"]:
            cancel_deliveries(db, delivery["subscription_id"])
            return
        if channel == "email" and self.outage is not None:
            self.report.deferred += 1
            if self._too_old(delivery):  # not even tried: the server has been unusable all this time
                self._give_up(delivery, subscription, None, self.outage)
            return
        try:
            items = self.cache.items(db, version_ids)
        except Exception as exc:  # noqa: BLE001 — one unbuildable delivery must not stop the rest
            self._failed(delivery, subscription, self._attempt(delivery), classify_build_error(exc))
            return
        if not items:
            db.execute("UPDATE deliveries SET status = 'empty' WHERE id = ?", [delivery["id"]])
            return
        attempt_id = self._attempt(delivery)
        try:
            send = self._prepare(delivery, subscription, items)
        except Exception as exc:  # noqa: BLE001
            self._failed(delivery, subscription, attempt_id, classify_build_error(exc))
            return
        try:
            send()
        except Exception as exc:  # noqa: BLE001 — refused, unreachable, unencodable: recorded, the pass goes on
            failure = classify_send_error(exc)
            self._failed(delivery, subscription, attempt_id, failure)
            if channel == "email" and failure.server_wide:
                self.outage = failure
            return
        sent_at = utcnow()
        with db.atomic():
            db.execute("UPDATE delivery_attempts SET ok = 1, error = NULL, outcome = 'sent' WHERE id = ?",
                       [attempt_id])
            db.execute("""UPDATE deliveries SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL,
                          next_attempt_at = NULL WHERE id = ?""", [sent_at, delivery["id"]])
            if channel == "email":
                db.execute("UPDATE outbox SET sent_at = ? WHERE delivery_id = ?", [sent_at, delivery["id"]])
        self.report.sent += 1

    def _prepare(self, delivery: Mapping[str, Any], subscription: Mapping[str, Any],
                 items: Sequence[Mapping[str, Any]]) -> Callable[[], None]:
        """Build the message (or payload) now; return what hands it to its channel."""
        channel, target, message_id = delivery["channel"], delivery["target"], delivery["message_id"]
        if channel == "email":
            message = render_digest(subscription, items, sender=self.settings.sender, message_id=message_id,
                                    date=datetime.fromisoformat(delivery["created_at"]),
                                    unsubscribe_url=self.unsubscribe_url, unsubscribe_mailto=self.unsubscribe_mailto)
            return lambda: self.channels.send(self.settings, message)
        if channel == "webhook":
            payload = webhook_payload(subscription, items, message_id, delivery["created_at"])
            headers = {"Idempotency-Key": message_id, "X-Regwatch-Delivery": message_id}
            return lambda: self.channels.post(target, payload, headers)
        title, body = subject_for(items), chat_text(items)
        return lambda: self.channels.notify(target, title, body)

    def _attempt(self, delivery: Mapping[str, Any]) -> int:
        """Log an attempt before it is made, so one cut short by a crash still shows."""
        attempt_id = self.db.execute(
            "INSERT INTO delivery_attempts (delivery_id, attempted_at, ok, error) VALUES (?, ?, 0, ?)",
            [delivery["id"], utcnow(), INTERRUPTED]).lastrowid
        assert attempt_id is not None  # set by every INSERT
        return attempt_id

    def _too_old(self, delivery: Mapping[str, Any]) -> bool:
        return self.now - datetime.fromisoformat(delivery["window_start"]) >= self.policy.max_retry_age

    def _failed(self, delivery: Mapping[str, Any], subscription: Mapping[str, Any], attempt_id: int,
                failure: Failure) -> None:
        """Record a failed attempt; end the delivery as ``failed`` when the policy says it will never go out."""
        self.report.failed += 1
        refusals = delivery["refusals"] + (failure.outcome == "permanent")
        if failure.outcome == "build" or (failure.outcome == "permanent"
                                          and refusals >= self.policy.permanent_failure_attempts):
            self._give_up(delivery, subscription, attempt_id, failure)
            return
        if self._too_old(delivery):
            self._give_up(delivery, subscription, attempt_id, failure)
            return
        retry_at = _iso(self.now + backoff(delivery["attempts"] + 1))
        with self.db.atomic():
            self._log(attempt_id, failure)
            self.db.execute("""UPDATE deliveries SET attempts = attempts + 1, refusals = ?, last_error = ?,
                               next_attempt_at = ? WHERE id = ?""",
                            [refusals, failure.reason, retry_at, delivery["id"]])
        self.report.errors.append(f"{_delivery_name(delivery)}: {_impersonal(failure.reason, delivery, subscription)}"
                                  f" (next try after {retry_at})")

    def _give_up(self, delivery: Mapping[str, Any], subscription: Mapping[str, Any], attempt_id: int | None,
                 failure: Failure) -> None:
        """Mark the delivery ``failed`` with the reason; its items stay unsent until a manual retry."""
        if failure.outcome in ("permanent", "build"):
            reason = failure.reason
        else:
            days = self.policy.max_retry_age / timedelta(days=1)
            reason = f"gave up after {days:g} day(s) of retrying: {failure.reason}"
        with self.db.atomic():
            if attempt_id is not None:
                self._log(attempt_id, failure)
            self.db.execute(
                f"""UPDATE deliveries SET status = 'failed', failed_at = ?, last_error = ?, next_attempt_at = NULL,
                    attempts = attempts + {int(attempt_id is not None)},
                    refusals = refusals + {int(failure.outcome == 'permanent')} WHERE id = ?""",
                [_iso(self.now), reason, delivery["id"]])
        self.report.dead_letters.append(
            f"{_delivery_name(delivery)} failed: {_impersonal(reason, delivery, subscription)}")

    def _log(self, attempt_id: int, failure: Failure) -> None:
        self.db.execute("UPDATE delivery_attempts SET error = ?, reply_code = ?, outcome = ? WHERE id = ?",
                        [failure.reason, failure.reply_code, failure.outcome, attempt_id])


def _delivery_name(delivery: Mapping[str, Any]) -> str:
    """How run reports name a delivery: by id and channel, never by its recipient (reports are public)."""
    return f"delivery {delivery['id']} ({delivery['channel']})"


_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)


def _impersonal(reason: str, delivery: Mapping[str, Any], subscription: Mapping[str, Any]) -> str:
    """REASON without the recipient: servers echo addresses and URLs (tokens included) back in errors.

    The full reason stays in the private ``deliveries`` and ``delivery_attempts`` rows.
    """
    for secret in (delivery.get("target"), subscription.get("email"), subscription.get("webhook_url"),
                   subscription.get("token"), subscription.get("name")):
        if secret and len(str(secret)) >= 3:
            reason = reason.replace(str(secret), "<recipient>")
    return _URL.sub("<url>", _ADDRESS.sub("<address>", reason))
