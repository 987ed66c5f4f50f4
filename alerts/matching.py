"""Subscriptions as saved searches, and matching classified versions against them.

A subscription's filters are an ``archive.filters.Filters``, the very type
``regwatch search`` and the web archive use, compiled by the same compiler to
SQL over the same full-text index: what a subscription matches is what
``regwatch search --subscription ID`` lists. Every classified version is
matched once (``versions.matched_at``) against every active subscription; a
match is one outbox row, unique per (subscription, version), so re-running the
stage never queues twice.

A batch of new versions is matched one filter at a time: each distinct
compiled filter (a keyword query, a set of commodities, an HS prefix list …)
is run once over the batch's notices, and a subscription matches a version
when every one of its filters selected the version's notice. So matching costs
one lookup per distinct filter, not one per (version, subscription). The index
holds each notice as it now stands: a version superseded before it was matched
is matched as its notice now reads.
"""
from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlite_utils

from alerts.tokens import new_token
from archive.clock import utcnow
from archive.filters import Compiled, Filters, QueryError, checked, compile_parts, keyword_part
from archive.query import readings
from archive.search import batch_index, matching_documents

MATCH_BATCH = 500
FILTERS_VERSION = 2  # subscriptions.filters_version of filters read with today's meanings
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Subscription:
    """An active subscription's filters, compiled: every part must hold, and one of the keywords (if any)."""

    subscription_id: str
    email: str
    filters: Filters
    parts: tuple[Compiled, ...]
    keywords: tuple[Compiled, ...]


def subscription_filters(stored: str | Mapping[str, Any]) -> Filters:
    """A stored subscription's filters as the one filter model (QueryError if they cannot be read)."""
    return _read_filters(stored if isinstance(stored, str) else json.dumps(stored, sort_keys=True))


@functools.lru_cache(maxsize=65536)
def _read_filters(stored: str) -> Filters:  # many subscriptions, read every cycle: each text is read once
    # Filters are stored checked (``stored_filters``), so reading them back needs no second check.
    return Filters.from_mapping(json.loads(stored))


def stored_filters(filters: Mapping[str, Any]) -> str:
    """FILTERS checked and in the form subscriptions store (QueryError for filters that cannot be used)."""
    return json.dumps(checked(Filters.from_mapping(filters)).to_mapping(), sort_keys=True)


def compiled_subscription(db: sqlite_utils.Database, subscription_id: str, email: str,
                          filters: Filters) -> Subscription:
    return Subscription(subscription_id, email.lower(), filters,
                        tuple(compile_parts(db, filters, with_keywords=False)),
                        tuple(keyword_part(k) for k in filters.keywords))


def active_subscriptions(db: sqlite_utils.Database) -> list[Subscription]:
    """Every active subscription, compiled; one whose stored filters cannot be read is logged and skipped."""
    out = []
    parts: dict[Filters, tuple[tuple[Compiled, ...], tuple[Compiled, ...]]] = {}
    for row in db.query("SELECT id, email, filters FROM subscriptions WHERE active = 1 ORDER BY id"):
        try:
            filters = subscription_filters(row["filters"])
            if filters not in parts:
                parts[filters] = (tuple(compile_parts(db, filters, with_keywords=False)),
                                  tuple(_keyword_part(k) for k in filters.keywords))
        except QueryError as exc:
            log.warning("subscription %s matches nothing: %s", row["id"], exc)
            continue
        out.append(Subscription(row["id"], row["email"].lower(), filters, *parts[filters]))
    return out


@functools.lru_cache(maxsize=4096)
def _keyword_part(query: str) -> Compiled:
    return keyword_part(query)


def _key(part: Compiled) -> tuple[Any, ...]:
    return (part.words, tuple(part.tags), tuple(part.where), tuple(part.params), part.published, part.need_text)


def select_matching(db: sqlite_utils.Database, subscriptions: Iterable[Subscription],
                    notices: Sequence[Mapping[str, Any]]) -> list[tuple[str, int]]:
    """(subscription id, version id) for every notice (with ``version_id``, ``document_id``) each subscription
    matches; each distinct filter runs once over the batch."""
    documents = sorted({n["document_id"] for n in notices})
    found: dict[tuple[Any, ...], set[int]] = {}
    with batch_index(db, documents) as index:
        def hits(part: Compiled) -> set[int]:
            key = _key(part)
            if key not in found:
                found[key] = matching_documents(db, part, documents, index)
            return found[key]

        return _select(subscriptions, notices, documents, hits)


def _select(subscriptions: Iterable[Subscription], notices: Sequence[Mapping[str, Any]], documents: list[int],
            hits: Callable[[Compiled], set[int]]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for sub in subscriptions:
        selected = set(documents)
        for part in sub.parts:
            selected &= hits(part)
            if not selected:
                break
        if selected and sub.keywords:
            selected &= set().union(*(hits(k) for k in sub.keywords))
        out.extend((sub.subscription_id, n["version_id"]) for n in notices if n["document_id"] in selected)
    return out


def keyword_hits(db: sqlite_utils.Database, queries: Iterable[str], document_ids: list[int]) -> dict[str, set[int]]:
    """Run each distinct keyword query once over the given notices; map it to the notice ids it matched."""
    with batch_index(db, document_ids) as index:
        return {query: matching_documents(db, _keyword_part(query), document_ids, index) for query in set(queries)}


def unmatched_notices(db: sqlite_utils.Database, limit: int = MATCH_BATCH) -> list[dict[str, Any]]:
    """Classified versions not yet matched, with their notice's id."""
    return list(db.query(
        """SELECT v.id AS version_id, v.document_id FROM versions v
           JOIN classifications c ON c.version_id = v.id
           WHERE v.matched_at IS NULL ORDER BY v.id LIMIT ?""", [limit]))


def queue_matches(db: sqlite_utils.Database, now: datetime | None = None) -> int:
    """Match every classified, unmatched version against the active subscriptions; return rows queued.

    Each batch of versions is matched and marked matched in one transaction,
    so a crash re-matches the whole batch and the unique outbox key keeps the
    rows it had already queued from being queued twice.
    """
    subscriptions = active_subscriptions(db)
    stamp = now.replace(microsecond=0).isoformat() if now else None
    queued = 0
    while batch := unmatched_notices(db):
        at = stamp or utcnow()
        rows = [(sub_id, version_id, at) for sub_id, version_id in select_matching(db, subscriptions, batch)]
        with db.atomic():
            before = db.execute("SELECT total_changes()").fetchone()[0]
            db.conn.executemany(
                "INSERT OR IGNORE INTO outbox (subscription_id, version_id, queued_at) VALUES (?, ?, ?)", rows)
            queued += db.execute("SELECT total_changes()").fetchone()[0] - before
            db.conn.executemany("UPDATE versions SET matched_at = ? WHERE id = ?",
                                [(at, n["version_id"]) for n in batch])
    return queued


# -- filters stored before they had one meaning ----------------------------------------


def _changes(stored: Mapping[str, Any], origin: str) -> tuple[list[str], dict[str, Any]]:
    """What a subscription stored with the old meanings now matches differently, and the filters that keep
    what can be kept (a subscription added on the command line keeps its old default of measures only)."""
    notes: list[str] = []
    kept = dict(stored)
    if "relevant_only" not in stored:
        if origin == "cli":
            kept["relevant_only"] = True
        else:
            notes.append("it now also matches notices that announce no measure (relevant_only is off unless "
                         "set, as in search); add relevant_only = true to its filters to keep the old matches")
    for query in stored.get("keywords", []):
        for word, kind, slug in readings(query):
            notes.append(f"its keyword {query!r} now also matches notices labelled {kind} {slug} "
                         f"(the word {word!r} names it), as search does")
    return notes, kept


def migrate_subscription_filters(db: sqlite_utils.Database) -> list[str]:
    """Bring subscriptions stored with the old filter meanings to today's; return a note for each whose
    matches change, each told once (recorded in ``subscription_notes``)."""
    told: list[str] = []
    now = utcnow()
    with db.atomic():
        rows = list(db.query("SELECT id, origin, filters FROM subscriptions WHERE filters_version < ?",
                             [FILTERS_VERSION]))
        for row in rows:
            notes, kept = _changes(json.loads(row["filters"]), row["origin"])
            try:
                kept_text = stored_filters(kept)
            except QueryError as exc:  # kept as it was: matching skips it and says why
                notes, kept_text = [*notes, f"its filters cannot be used ({exc}); it matches nothing"], row["filters"]
            db.execute("UPDATE subscriptions SET filters = ?, filters_version = ? WHERE id = ?",
                       [kept_text, FILTERS_VERSION, row["id"]])
            for note in notes:
                fresh = db.execute("INSERT OR IGNORE INTO subscription_notes (subscription_id, note, noted_at) "
                                   "VALUES (?, ?, ?)", [row["id"], note, now]).rowcount
                if fresh:
                    told.append(f"subscription {row['id']}: {note}")
    return told


def sync_subscriptions(db: sqlite_utils.Database, subscribers: Iterable[Mapping[str, Any]]) -> list[str]:
    """Make the configured subscriptions in the archive match the configuration; return migration notes.

    Subscriptions stored before filters had one meaning are first brought to it
    (``migrate_subscription_filters``): the notes say, once each, which now match differently.

    Subscriptions added with ``regwatch subscribers add`` (origin ``cli``) are
    left alone, unless the configuration now defines the same id, in which case
    the configuration takes it over. A configured subscription that was
    unsubscribed stays unsubscribed; one removed from the file is deactivated,
    keeping its token and history.
    """
    notes = migrate_subscription_filters(db)
    now = utcnow()
    configured = []
    with db.atomic():
        for sub in subscribers:
            configured.append(sub["id"])
            db.execute(
                """INSERT INTO subscriptions (id, name, email, mode, digest_time, digest_day, timezone, filters,
                                              token, active, created_at, last_digest_at, origin, webhook_url,
                                              apprise_urls)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, 'config', ?, ?)
                   ON CONFLICT(id) DO UPDATE SET name=excluded.name, email=excluded.email, mode=excluded.mode,
                       digest_time=excluded.digest_time, digest_day=excluded.digest_day,
                       timezone=excluded.timezone, filters=excluded.filters, origin='config',
                       webhook_url=excluded.webhook_url, apprise_urls=excluded.apprise_urls,
                       active=CASE WHEN unsubscribed_at IS NULL THEN 1 ELSE 0 END""",
                [sub["id"], sub.get("name"), sub["email"], sub["mode"], sub.get("digest_time"), sub.get("digest_day"),
                 sub.get("timezone", "UTC"), stored_filters(sub.get("filters", {})),
                 new_token(), now, now, sub.get("webhook_url"),
                 json.dumps(sub.get("apprise_urls", []))],
            )
        db.execute(
            "UPDATE subscriptions SET active = 0 WHERE origin = 'config' AND id NOT IN (SELECT value FROM json_each(?))",
            [json.dumps(configured)],
        )
    return notes
