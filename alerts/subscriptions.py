"""Subscriptions kept in the archive: adding, listing, removing, unsubscribing by token.

Two kinds coexist in the ``subscriptions`` table, told apart by ``origin``:
``config`` ones mirror the configuration file (``sync_subscriptions`` keeps
them in step each run), ``cli`` ones were added with ``regwatch subscribers
add`` and live only in the archive. Ids are shared: adding an id that exists
fails; a configuration that later defines a CLI id takes it over.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import sqlite_utils

from alerts.tokens import new_token
from archive.clock import utcnow


class SubscriptionError(ValueError):
    """A subscription request that cannot be carried out, as one line saying what to do instead."""


def add_subscription(db: sqlite_utils.Database, sub: Mapping[str, Any]) -> dict[str, Any]:
    """Store a checked subscription (origin ``cli``) and return it with its unsubscribe token."""
    from alerts.matching import stored_filters

    existing = db.execute("SELECT origin, active FROM subscriptions WHERE id = ?", [sub["id"]]).fetchone()
    if existing:
        origin, active = existing
        where = "the configuration file" if origin == "config" else "`regwatch subscribers add`"
        state = "active" if active else "inactive"
        raise SubscriptionError(f"a subscription with id {sub['id']!r} already exists ({state}, from {where}); "
                                "choose another id")
    now = utcnow()
    db.execute(
        """INSERT INTO subscriptions (id, name, email, mode, digest_time, digest_day, timezone, filters, token,
                                      active, created_at, last_digest_at, origin, webhook_url, apprise_urls)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, 'cli', ?, ?)""",
        [sub["id"], sub.get("name") or sub["id"], sub["email"], sub["mode"], sub.get("digest_time"),
         sub.get("digest_day"), sub.get("timezone", "UTC"), stored_filters(sub.get("filters", {})),
         new_token(), now, now, sub.get("webhook_url"), json.dumps(sub.get("apprise_urls", []))],
    )
    return get_subscription(db, sub["id"]) or {}


def get_subscription(db: sqlite_utils.Database, subscription_id: str) -> dict[str, Any] | None:
    """One subscription with its filters and chat URLs decoded, or None."""
    row = next(db.query("SELECT * FROM subscriptions WHERE id = ?", [subscription_id]), None)
    return _decoded(row) if row else None


def _decoded(row: Mapping[str, Any]) -> dict[str, Any]:
    return {**row, "filters": json.loads(row["filters"]), "apprise_urls": json.loads(row["apprise_urls"] or "[]"),
            "active": bool(row["active"])}


def list_subscriptions(db: sqlite_utils.Database, include_inactive: bool = False) -> list[dict[str, Any]]:
    """Every (active) subscription with its delivery counts: queued items; sent, failing (being retried) and
    failed deliveries."""
    rows = db.query(
        f"""SELECT s.*,
               (SELECT count(*) FROM outbox o WHERE o.subscription_id = s.id AND o.sent_at IS NULL) AS queued,
               (SELECT count(*) FROM deliveries d WHERE d.subscription_id = s.id AND d.status = 'sent') AS sent,
               (SELECT count(*) FROM deliveries d WHERE d.subscription_id = s.id AND d.status = 'pending'
                  AND d.attempts > 0) AS failing,
               (SELECT count(*) FROM deliveries d WHERE d.subscription_id = s.id AND d.status = 'failed') AS failed,
               (SELECT max(sent_at) FROM deliveries d WHERE d.subscription_id = s.id) AS last_sent_at
           FROM subscriptions s {'' if include_inactive else 'WHERE s.active = 1'} ORDER BY s.id"""
    )
    return [_decoded(row) for row in rows]


def remove_subscription(db: sqlite_utils.Database, subscription_id: str) -> None:
    """Deactivate a subscription added by the CLI, keeping its history; configured ones are removed in the file."""
    row = db.execute("SELECT origin, active FROM subscriptions WHERE id = ?", [subscription_id]).fetchone()
    if row is None:
        raise SubscriptionError(f"no subscription with id {subscription_id!r} (see `regwatch subscribers list`)")
    if row[0] == "config":
        raise SubscriptionError(f"subscription {subscription_id!r} comes from the configuration file: "
                                "delete its [[subscribers]] entry there")
    _end(db, "id = ?", subscription_id)


def unsubscribe(db: sqlite_utils.Database, token: str) -> dict[str, Any] | None:
    """End the subscription whose unsubscribe token is TOKEN; return it, or None when no subscription has it.

    Ending is permanent for configured subscriptions too: the next sync keeps
    them inactive although the file still lists them.
    """
    row = next(db.query("SELECT * FROM subscriptions WHERE token = ?", [token.strip()]), None)
    if row is None:
        return None
    _end(db, "id = ?", row["id"])
    return get_subscription(db, row["id"])


def _end(db: sqlite_utils.Database, where: str, value: str) -> None:
    from alerts.prepare import cancel_deliveries

    now = utcnow()
    with db.atomic():
        ids = [row[0] for row in db.execute(f"SELECT id FROM subscriptions WHERE {where}", [value])]
        db.execute(f"UPDATE subscriptions SET active = 0, unsubscribed_at = coalesce(unsubscribed_at, ?) WHERE {where}",
                   [now, value])
        for subscription_id in ids:  # what is queued and not yet sent will not be sent
            cancel_deliveries(db, subscription_id)


def sample_items(db: sqlite_utils.Database, subscription: Mapping[str, Any], limit: int = 5) -> tuple[list[int], bool]:
    """Version ids for a sample digest: the newest archived notices the subscription matches.

    Returns the ids and whether they match; when nothing archived matches yet,
    the newest classified notices stand in so the layout can still be checked.
    """
    from alerts.matching import subscription_filters
    from archive.search import search

    found = search(db, None, subscription_filters(subscription["filters"]), order="date", limit=limit)
    matching = _current_versions(db, [r["id"] for r in found])
    if matching:
        return matching, True
    rows = db.execute("""SELECT v.id FROM documents d JOIN versions v ON v.id = d.current_version_id
                         JOIN classifications c ON c.version_id = v.id
                         ORDER BY coalesce(d.published, '') DESC, v.id DESC LIMIT 3""").fetchall()
    return [row[0] for row in rows], False


def _current_versions(db: sqlite_utils.Database, document_ids: list[int]) -> list[int]:
    """The classified current version of each notice, in the order given."""
    rows = dict(db.execute(
        """SELECT d.id, d.current_version_id FROM documents d JOIN classifications c ON c.version_id = d.current_version_id
           WHERE d.id IN (SELECT value FROM json_each(?))""", [json.dumps(document_ids)]).fetchall())
    return [rows[i] for i in document_ids if i in rows]
