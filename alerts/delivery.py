"""Delivering queued items exactly once.

1. ``prepare_deliveries`` groups each due subscription's queued outbox rows
   into a delivery whose Message-ID is derived from the subscription and its
   items, committed before anything is sent.
2. ``send_pending`` sends every pending delivery; only after the server
   accepted it is the delivery (and its outbox rows) marked sent. A crash
   between acceptance and that commit re-sends the same Message-ID, which a
   receiver recognises as the same message; a server that is down leaves
   everything queued for the next cycle. Every attempt is logged.
"""
from __future__ import annotations

import hashlib
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from email.message import EmailMessage
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import sqlite_utils

from alerts.render import delivery_items, render_digest
from archive.db import utcnow

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class SmtpSettings(Protocol):
    host: str
    port: int
    tls: str
    sender: str
    username: str | None
    timeout: float

    @property
    def password(self) -> str | None: ...


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


def is_due(subscription: dict[str, Any], now: datetime) -> bool:
    """Immediate subscriptions are always due; digests once their slot has passed since the last one."""
    if subscription["mode"] == "immediate":
        return True
    slot = last_slot(now, subscription["mode"], subscription["digest_time"] or "07:00",
                     subscription["digest_day"] or "mon", subscription["timezone"] or "UTC")
    last = subscription["last_digest_at"]
    return last is None or datetime.fromisoformat(last) < slot


def message_id_for(subscription_id: str, version_ids: list[int]) -> str:
    """A Message-ID that is the same whenever the same items go to the same subscription."""
    digest = hashlib.sha256(f"{subscription_id}:{','.join(map(str, sorted(version_ids)))}".encode()).hexdigest()
    return f"<{digest[:32]}.{subscription_id}@regwatch>"


def prepare_deliveries(db: sqlite_utils.Database, now: datetime | None = None) -> int:
    """Group the queued items of every due subscription into a pending delivery; return how many."""
    now = now or datetime.now(timezone.utc)
    created = 0
    subscriptions = db.query(
        """SELECT s.* FROM subscriptions s WHERE s.active = 1 AND EXISTS
           (SELECT 1 FROM outbox o WHERE o.subscription_id = s.id AND o.delivery_id IS NULL)"""
    )
    for sub in list(subscriptions):
        if not is_due(sub, now):
            continue
        with db.atomic():
            version_ids = [row[0] for row in db.execute(
                "SELECT version_id FROM outbox WHERE subscription_id = ? AND delivery_id IS NULL", [sub["id"]])]
            message_id = message_id_for(sub["id"], version_ids)
            cursor = db.execute(
                """INSERT INTO deliveries (subscription_id, message_id, kind, created_at) VALUES (?, ?, ?, ?)
                   ON CONFLICT(message_id) DO NOTHING""",
                [sub["id"], message_id, sub["mode"], utcnow()],
            )
            delivery_id = db.execute("SELECT id FROM deliveries WHERE message_id = ?", [message_id]).fetchone()[0]
            db.execute(
                "UPDATE outbox SET delivery_id = ? WHERE subscription_id = ? AND delivery_id IS NULL",
                [delivery_id, sub["id"]],
            )
            db.execute("UPDATE subscriptions SET last_digest_at = ? WHERE id = ?", [now.isoformat(), sub["id"]])
            created += cursor.rowcount
    return created


def smtp_send(settings: SmtpSettings, message: EmailMessage) -> None:
    """Send one message; raises on any refusal so the caller keeps it queued."""
    context = ssl.create_default_context()
    if settings.tls == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout, context=context)
    else:
        client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    with client:
        if settings.tls == "starttls":
            client.starttls(context=context)
        if settings.username:
            client.login(settings.username, settings.password or "")
        client.send_message(message)


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    errors: list[str] | None = None


def send_pending(
    db: sqlite_utils.Database, settings: SmtpSettings, send: Callable[[SmtpSettings, EmailMessage], None] = smtp_send
) -> SendReport:
    """Send every pending delivery; mark each sent only after the server accepted it."""
    report = SendReport(errors=[])
    pending = list(db.query("SELECT id, message_id, subscription_id FROM deliveries WHERE status = 'pending' ORDER BY id"))
    for row in pending:
        delivery_id, message_id = row["id"], row["message_id"]
        subscription = dict(db["subscriptions"].get(row["subscription_id"]))
        items = delivery_items(db, delivery_id)
        if not items:
            db.execute("UPDATE deliveries SET status = 'empty' WHERE id = ?", [delivery_id])
            continue
        message = render_digest(subscription, items, sender=settings.sender, message_id=message_id)
        try:
            send(settings, message)
        except (OSError, smtplib.SMTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"
            with db.atomic():
                db.execute("INSERT INTO delivery_attempts (delivery_id, attempted_at, ok, error) VALUES (?, ?, 0, ?)",
                           [delivery_id, utcnow(), error[:500]])
                db.execute("UPDATE deliveries SET attempts = attempts + 1, last_error = ? WHERE id = ?",
                           [error[:500], delivery_id])
            report.failed += 1
            report.errors.append(f"{subscription['email']}: {error}")
            continue
        now = utcnow()
        with db.atomic():
            db.execute("INSERT INTO delivery_attempts (delivery_id, attempted_at, ok) VALUES (?, ?, 1)", [delivery_id, now])
            db.execute("UPDATE deliveries SET status = 'sent', sent_at = ?, attempts = attempts + 1 WHERE id = ?",
                       [now, delivery_id])
            db.execute("UPDATE outbox SET sent_at = ? WHERE delivery_id = ?", [now, delivery_id])
        report.sent += 1
    return report

