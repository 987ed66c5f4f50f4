"""Preparing deliveries: queued outbox rows grouped, per due subscription, into deliveries.

Each due subscription's queued items become one email, plus one delivery
per webhook or Apprise URL, whose Message-ID is derived from the
subscription and its items and committed before anything is sent. A notice
already carried to the same email address by another of that person's
subscriptions is not emailed again.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlite_utils

from alerts.schedule import _iso, is_due
from archive import clock


def message_id_for(subscription_id: str, version_ids: Sequence[int], channel: str = "email") -> str:
    """A Message-ID that is the same whenever the same items go to the same subscription on the same channel."""
    key = f"{subscription_id}:{','.join(map(str, sorted(version_ids)))}"
    if channel != "email":
        key += f":{channel}"
    digest = hashlib.sha256(key.encode()).hexdigest()
    suffix = "" if channel == "email" else f".{channel.split(':')[0]}"
    return f"<{digest[:32]}.{subscription_id}{suffix}@regwatch>"


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
