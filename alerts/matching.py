"""Subscriptions as saved searches, and matching classified versions against them.

Every classified version is matched once (``versions.matched_at``) against
every active subscription; a match is one outbox row, unique per
(subscription, version), so re-running the stage never queues twice.
"""
from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

import sqlite_utils

from archive.db import utcnow
from archive.store import decode_classification


def sync_subscriptions(db: sqlite_utils.Database, subscribers: Iterable[Mapping[str, Any]]) -> None:
    """Make the subscriptions table match the configuration; keep tokens and history of removed ones."""
    now = utcnow()
    configured = []
    with db.atomic():
        for sub in subscribers:
            configured.append(sub["id"])
            db.execute(
                """INSERT INTO subscriptions (id, name, email, mode, digest_time, digest_day, timezone, filters,
                                              token, active, created_at, last_digest_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
                   ON CONFLICT(id) DO UPDATE SET name=excluded.name, email=excluded.email, mode=excluded.mode,
                       digest_time=excluded.digest_time, digest_day=excluded.digest_day,
                       timezone=excluded.timezone, filters=excluded.filters, active=1""",
                [sub["id"], sub.get("name"), sub["email"], sub["mode"], sub.get("digest_time"), sub.get("digest_day"),
                 sub.get("timezone", "UTC"), json.dumps(sub.get("filters", {}), sort_keys=True),
                 secrets.token_urlsafe(24), now, now],
            )
        placeholders = ", ".join("?" for _ in configured) or "''"
        db.execute(f"UPDATE subscriptions SET active = 0 WHERE id NOT IN ({placeholders})", configured)


def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    escaped = re.escape(keyword.strip())
    if keyword.isascii():
        return re.compile(rf"(?<!\w){escaped}(?!\w)", re.I)
    return re.compile(escaped)


def matches(filters: Mapping[str, Any], notice: Mapping[str, Any]) -> bool:
    """Whether a notice (its source fields, text and classification) meets every filter of a subscription.

    Filters of different kinds must all hold; values within one filter are
    alternatives. ``relevant_only`` defaults to true: a saved search is for measures.
    """
    labels = notice["classification"]
    if filters.get("relevant_only", True) and not labels["relevant"]:
        return False

    def one_of(key: str, values: Iterable[str]) -> bool:
        wanted = {v.lower() for v in filters.get(key, [])}
        return not wanted or bool(wanted & {str(v).lower() for v in values if v})

    if not one_of("jurisdictions", [notice.get("jurisdiction")]):
        return False
    if not one_of("sources", [notice.get("source_id")]):
        return False
    if not one_of("topics", labels["topics"]) or not one_of("directions", [labels["direction"]]):
        return False
    if not one_of("commodities", labels["commodities"]):
        return False
    prefixes = [re.sub(r"\D", "", p) for p in filters.get("hs_codes", [])]
    if prefixes and not any(code.startswith(p) for code in labels["hs_codes"] for p in prefixes):
        return False
    eccns = [e.upper() for e in filters.get("eccns", [])]
    if eccns and not any(code.upper().startswith(e) for code in labels["eccns"] for e in eccns):
        return False
    keywords = filters.get("keywords", [])
    haystack = f"{notice.get('title') or ''}\n{notice.get('text') or ''}"
    if keywords and not any(_keyword_pattern(k).search(haystack) for k in keywords):
        return False
    return True


def unmatched_notices(db: sqlite_utils.Database, limit: int = 1000) -> list[dict[str, Any]]:
    """Classified versions not yet matched, with what matching reads."""
    rows = db.query(
        """SELECT v.id AS version_id, v.title, v.text, d.source_id, s.jurisdiction, c.*
           FROM versions v JOIN documents d ON d.id = v.document_id JOIN sources s ON s.id = d.source_id
           JOIN classifications c ON c.version_id = v.id
           WHERE v.matched_at IS NULL ORDER BY v.id LIMIT ?""",
        [limit],
    )
    return [{**row, "classification": decode_classification(row)} for row in rows]


def queue_matches(db: sqlite_utils.Database) -> int:
    """Match every classified, unmatched version against the active subscriptions; return rows queued."""
    subscriptions = [
        {**row, "filters": json.loads(row["filters"])}
        for row in db.query("SELECT id, filters FROM subscriptions WHERE active = 1")
    ]
    queued = 0
    while batch := unmatched_notices(db):
        now = utcnow()
        with db.atomic():
            for notice in batch:
                for sub in subscriptions:
                    if matches(sub["filters"], notice):
                        cursor = db.execute(
                            "INSERT OR IGNORE INTO outbox (subscription_id, version_id, queued_at) VALUES (?, ?, ?)",
                            [sub["id"], notice["version_id"], now],
                        )
                        queued += cursor.rowcount
                db.execute("UPDATE versions SET matched_at = ? WHERE id = ?", [now, notice["version_id"]])
    return queued
