"""Looking at deliveries and putting failed ones back in the queue (``regwatch deliveries``)."""
from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

import sqlite_utils

from alerts.render import one_line
from archive import clock

STATUSES = ("open", "pending", "failed", "sent", "cancelled", "empty", "all")
_STATUS_SQL = {"open": ("pending", "failed"), "all": ()}


class DeliveryAdminError(ValueError):
    """A delivery that does not exist or cannot be retried: reported as one line."""


def list_deliveries(db: sqlite_utils.Database, status: str = "open", limit: int = 50) -> list[dict[str, Any]]:
    """Deliveries with STATUS (``open`` = pending or failed), newest first, each with its reason and last reply.

    ``subject`` names the newest notice the delivery carries; it is scraped
    text, so it comes out on one line with control characters removed.
    """
    if status not in STATUSES:
        raise DeliveryAdminError(f"unknown status {status!r}: use one of {', '.join(STATUSES)}")
    statuses = _STATUS_SQL.get(status, (status,))
    where = "WHERE d.status IN (SELECT value FROM json_each(?))" if statuses else ""
    params: list[Any] = [json.dumps(statuses)] if statuses else []
    if limit:
        params.append(limit)
    rows = db.query(
        f"""SELECT d.id, d.status, d.channel, d.subscription_id,
                   CASE d.channel WHEN 'email' THEN s.email ELSE d.channel END AS recipient,
                   d.created_at, d.sent_at, d.failed_at, d.next_attempt_at, d.attempts, d.refusals,
                   d.last_error AS reason,
                   (SELECT a.reply_code FROM delivery_attempts a WHERE a.delivery_id = d.id
                    ORDER BY a.id DESC LIMIT 1) AS last_reply_code,
                   (SELECT count(*) FROM delivery_items i WHERE i.delivery_id = d.id) AS notices,
                   (SELECT v.title FROM delivery_items i JOIN versions v ON v.id = i.version_id
                    WHERE i.delivery_id = d.id ORDER BY v.id DESC LIMIT 1) AS newest_title
            FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id
            {where} ORDER BY d.id DESC {'LIMIT ?' if limit else ''}""",
        params)
    out = []
    for row in rows:
        title = one_line(row.pop("newest_title"), 120) or "(untitled notice)"
        more = f" (+{row['notices'] - 1} more)" if row["notices"] > 1 else ""
        row["subject"] = f"{title}{more}" if row["notices"] else ""
        row["reason"] = one_line(row["reason"], 500) or None
        row["recipient"] = one_line(row["recipient"], 200)
        out.append(row)
    return out


def retry_failed(db: sqlite_utils.Database, delivery_ids: Sequence[int] | None = None,
                 now: datetime | None = None) -> list[int]:
    """Put failed deliveries (these ids, or every failed one) back in the queue, due now; return their ids.

    The retry window starts afresh, and the refusals counted so far are
    forgotten. The history in ``delivery_attempts`` is kept. Nothing is
    changed unless every given id can be retried.
    """
    stamp = (now or clock.now()).astimezone(timezone.utc).replace(microsecond=0).isoformat()
    with db.atomic():
        if delivery_ids is None:
            ids = [row[0] for row in db.execute(
                """SELECT d.id FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id
                   WHERE d.status = 'failed' AND s.active = 1 ORDER BY d.id""")]
        else:
            ids = list(dict.fromkeys(delivery_ids))
            for delivery_id in ids:
                _check_retryable(db, delivery_id)
        db.conn.executemany(
            """UPDATE deliveries SET status = 'pending', failed_at = NULL, next_attempt_at = NULL, refusals = 0,
                      retry_since = ? WHERE id = ? AND status = 'failed'""", [(stamp, i) for i in ids])
    return ids


def _check_retryable(db: sqlite_utils.Database, delivery_id: int) -> None:
    row = db.execute(
        """SELECT d.status, d.subscription_id, s.active FROM deliveries d
           JOIN subscriptions s ON s.id = d.subscription_id WHERE d.id = ?""", [delivery_id]).fetchone()
    if row is None:
        raise DeliveryAdminError(f"no delivery with id {delivery_id} (see `regwatch deliveries --status all`)")
    status, subscription_id, active = row
    if status != "failed":
        raise DeliveryAdminError(f"delivery {delivery_id} is {status}, not failed: only failed ones can be retried")
    if not active:
        raise DeliveryAdminError(f"delivery {delivery_id} belongs to the ended subscription {subscription_id!r}; "
                                 "nothing to retry")
