"""Telling the operator when a source turns unhealthy or recovers: once per change, not every run."""
from __future__ import annotations

import hashlib
import secrets
import smtplib
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import formatdate

import sqlite_utils

from alerts.channels import SmtpSettings, smtp_send
from alerts.render import one_line
from archive.clock import utcnow


def health_changes(db: sqlite_utils.Database) -> list[dict]:
    """Sources whose health differs from what the operator was last told (never told counts as healthy)."""
    return list(db.query(
        """SELECT id, name, jurisdiction, healthy, consecutive_failures, last_error, last_success_at,
                  stale, last_new_at FROM sources
           WHERE (CASE WHEN healthy = 1 THEN 'healthy' ELSE 'unhealthy' END) != coalesce(health_notified, 'healthy')
           ORDER BY id"""))


def notify_health_changes(
    db: sqlite_utils.Database, settings: SmtpSettings, operator_email: str | None,
    send: Callable[[SmtpSettings, EmailMessage], None] = smtp_send,
) -> int:
    """Email the operator one message listing every source that changed health; return how many changed.

    The change is marked notified only once the server accepted the message,
    so an outage delays the message but never loses or repeats it.
    """
    if not operator_email:
        return 0
    changes = health_changes(db)
    events = health_events(db, changes)  # also forgets a change that undid itself before it was told
    if not changes:
        return 0
    down = [c for c in changes if not c["healthy"]]
    up = [c for c in changes if c["healthy"]]
    lines = []
    for change in down:
        lines.append(f"UNHEALTHY  {change['id']} ({change['jurisdiction']}): {one_line(change['last_error'], 300)}")
        if change.get("stale") and not change["consecutive_failures"]:
            lines.append(f"           it still answers, but its last new notice came {change['last_new_at'] or 'never'}. "
                         "Check that the source has not moved; see `regwatch sources`.")
        else:
            lines.append(f"           {change['consecutive_failures']} failed run(s) in a row; last success "
                         f"{change['last_success_at'] or 'never'}. See `regwatch sources` and its issues log.")
    for change in up:
        lines.append(f"RECOVERED  {change['id']} ({change['jurisdiction']})")
    message = EmailMessage()
    summary = ", ".join(f"{c['id']} {'unhealthy' if not c['healthy'] else 'recovered'}" for c in changes)
    message["Subject"] = one_line(f"regwatch sources: {summary}", 180)
    message["From"] = settings.sender
    message["To"] = operator_email
    message["Date"] = formatdate()
    message["Message-ID"] = health_message_id(events)
    message.set_content("\n".join(lines) + "\n")
    try:
        send(settings, message)
    except (OSError, smtplib.SMTPException):
        return 0
    with db.atomic():
        for change in changes:
            db.execute("UPDATE sources SET health_notified = ?, health_event = NULL WHERE id = ?",
                       [_state(change), change["id"]])
    return len(changes)


def _state(change: dict) -> str:
    return "healthy" if change["healthy"] else "unhealthy"


def health_events(db: sqlite_utils.Database, changes: list[dict]) -> list[str]:
    """One key per change, the same for as long as that change waits to be told: source, new state, when first seen.

    The key is stored (``sources.health_event``) before the message is sent,
    so a message re-sent after a crash or an outage carries the same key,
    however many failed runs came in between; a later change of the same
    source (it recovered, or failed again after recovering) gets a new one.
    """
    stamp = utcnow()
    keys = []
    with db.atomic():
        pending = dict(db.execute("SELECT id, health_event FROM sources WHERE health_event IS NOT NULL").fetchall())
        changed = {change["id"] for change in changes}
        # a change that undid itself before the operator was told is no event any more
        db.conn.executemany("UPDATE sources SET health_event = NULL WHERE id = ?",
                            [(source_id,) for source_id in pending if source_id not in changed])
        for change in changes:
            key = pending.get(change["id"])
            if key is None or not key.startswith(f"{change['id']}:{_state(change)}:"):
                # stored, not derived: a random part keeps two events in one second apart
                key = f"{change['id']}:{_state(change)}:{stamp}:{secrets.token_hex(6)}"
                db.execute("UPDATE sources SET health_event = ? WHERE id = ?", [key, change["id"]])
            keys.append(key)
    return keys


def health_message_id(event_keys: list[str]) -> str:
    """The Message-ID of the operator email that reports exactly these health events."""
    digest = hashlib.sha256("\n".join(sorted(event_keys)).encode()).hexdigest()
    return f"<health.{digest[:32]}@regwatch>"
