"""Subscriptions as saved searches, and matching classified versions against them.

Every classified version is matched once (``versions.matched_at``) against
every active subscription; a match is one outbox row, unique per
(subscription, version), so re-running the stage never queues twice.

Keyword filters are full-text queries in the archive's FTS5 syntax (the same
as ``regwatch search``); Chinese and Japanese terms in them match as
substrings, since the word index keeps a run of such characters as one token. Each distinct query is run once per batch of
versions, restricted to the batch's row ids, so matching costs one FTS lookup
per distinct query rather than one per (version, subscription).
"""
from __future__ import annotations

import json
import re
import secrets
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlite_utils

from archive.clock import utcnow
from archive.query import Leaf, QueryParseError, Tree, has_cjk, to_fts, tree_has_cjk
from archive.query import parse as parse_query
from archive.store import decode_classification

MATCH_BATCH = 500


class FilterError(ValueError):
    """A subscription filter that cannot be used (for example an unreadable full-text query)."""


def _index_parts(tree: Tree) -> list[str]:
    """The FTS5 expressions of the largest parts of TREE written without Chinese or Japanese terms."""
    if not tree_has_cjk(tree):
        return [to_fts(tree)]
    return [] if isinstance(tree, Leaf) else [part for child in tree.children for part in _index_parts(child)]


def fts_query_problem(query: str) -> str | None:
    """Why QUERY is not a valid keyword query, or None when it is.

    A query with Chinese or Japanese terms is read into a tree (they match as
    substrings); the rest of it, and every other query, must be valid FTS5.
    """
    if not query.strip():
        return "a keyword query must not be empty"
    expressions = [query]
    if has_cjk(query):
        try:
            expressions = _index_parts(parse_query(query))
        except QueryParseError as exc:
            return str(exc).replace("the query", "the keyword query", 1)
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE VIRTUAL TABLE probe USING fts5(title, text, tokenize='unicode61')")
        for expression in expressions:
            conn.execute("SELECT rowid FROM probe WHERE probe MATCH ?", [expression]).fetchall()
    except sqlite3.OperationalError as exc:
        return (f"cannot read the keyword query {query!r} ({exc}); put phrases in double quotes "
                "and use AND, OR, NOT in capitals")
    finally:
        conn.close()
    return None


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


@dataclass(frozen=True)
class CompiledFilters:
    """A subscription's filters prepared for fast repeated matching (lower-cased sets, digit prefixes)."""

    subscription_id: str
    email: str
    relevant_only: bool
    jurisdictions: frozenset[str]
    sources: frozenset[str]
    topics: frozenset[str]
    directions: frozenset[str]
    commodities: frozenset[str]
    hs_prefixes: tuple[str, ...]
    eccns: tuple[str, ...]
    keywords: tuple[str, ...]


def compile_filters(subscription_id: str, email: str, filters: Mapping[str, Any]) -> CompiledFilters:
    """Prepare one subscription's filters for matching."""
    def lowered(key: str) -> frozenset[str]:
        return frozenset(str(v).lower() for v in filters.get(key, []) if str(v).strip())

    return CompiledFilters(
        subscription_id=subscription_id,
        email=email.lower(),
        relevant_only=bool(filters.get("relevant_only", True)),
        jurisdictions=lowered("jurisdictions"),
        sources=lowered("sources"),
        topics=lowered("topics"),
        directions=lowered("directions"),
        commodities=lowered("commodities"),
        hs_prefixes=tuple(p for p in (_digits(v) for v in filters.get("hs_codes", [])) if p),
        eccns=tuple(e.strip().upper() for e in filters.get("eccns", []) if e.strip()),
        keywords=tuple(k for k in filters.get("keywords", []) if k.strip()),
    )


def _hs_match(prefixes: Sequence[str], codes: Iterable[str]) -> bool:
    """A subscribed prefix covers a listed code (``8112`` covers ``8112929010``); a listed heading of
    four digits or more also covers a narrower subscribed code (a notice on ``8112`` concerns ``811292``)."""
    for code in codes:
        code = _digits(code)
        if not code:
            continue
        for prefix in prefixes:
            if code.startswith(prefix) or (len(code) >= 4 and prefix.startswith(code)):
                return True
    return False


def matches_compiled(f: CompiledFilters, notice: Mapping[str, Any], keyword_hits: Mapping[str, set[int]]) -> bool:
    """Whether a notice meets every filter; ``keyword_hits`` maps each query to the version ids it matched."""
    labels = notice["classification"]
    if f.relevant_only and not labels["relevant"]:
        return False
    if f.jurisdictions and (notice.get("jurisdiction") or "").lower() not in f.jurisdictions:
        return False
    if f.sources and (notice.get("source_id") or "").lower() not in f.sources:
        return False
    if f.topics and not f.topics.intersection(labels["topics"]):
        return False
    if f.directions and (labels["direction"] or "") not in f.directions:
        return False
    if f.commodities and not f.commodities.intersection(labels["commodities"]):
        return False
    if f.hs_prefixes and not _hs_match(f.hs_prefixes, labels["hs_codes"]):
        return False
    if f.eccns and not any(code.upper().startswith(e) for code in labels["eccns"] for e in f.eccns):
        return False
    if f.keywords:
        version_id = notice["version_id"]
        if not any(version_id in keyword_hits.get(k, ()) for k in f.keywords):
            return False
    return True


def keyword_hits(db: sqlite_utils.Database, queries: Iterable[str], version_ids: Sequence[int]) -> dict[str, set[int]]:
    """Run each distinct full-text query once over the given versions; map it to the ids it matched.

    A query the engine cannot read matches nothing (queries are checked when a
    subscription is added, so this only guards against hand-edited archives).
    """
    hits: dict[str, set[int]] = {}
    if not version_ids:
        return hits
    id_list = json.dumps(list(version_ids))
    for query in set(queries):
        try:
            hits[query] = (_tree_hits(db, parse_query(query), id_list) if has_cjk(query)
                           else _index_hits(db, query, id_list))
        except (sqlite3.OperationalError, QueryParseError):
            hits[query] = set()
    return hits


def _index_hits(db: sqlite_utils.Database, expression: str, id_list: str) -> set[int]:
    rows = db.execute(
        "SELECT rowid FROM versions_fts WHERE versions_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))",
        [expression, id_list]).fetchall()
    return {row[0] for row in rows}


def _tree_hits(db: sqlite_utils.Database, tree: Tree, id_list: str) -> set[int]:
    """The versions among ID_LIST a query tree matches: index lookups for its word parts, substrings for CJK terms."""
    if not tree_has_cjk(tree):
        return _index_hits(db, to_fts(tree), id_list)
    if isinstance(tree, Leaf):
        where = {"title": "instr(coalesce(title, ''), :term) > 0", "text": "instr(text, :term) > 0"}.get(
            tree.column or "", "(instr(text, :term) > 0 OR instr(coalesce(title, ''), :term) > 0)")
        rows = db.execute(f"SELECT id FROM versions WHERE id IN (SELECT value FROM json_each(:ids)) AND {where}",
                          {"ids": id_list, "term": tree.substring}).fetchall()
        return {row[0] for row in rows}
    parts = [_tree_hits(db, child, id_list) for child in tree.children]
    if tree.op == "NOT":
        return parts[0] - parts[1]
    if tree.op == "AND":
        return set.intersection(*parts)
    return set.union(*parts)


def matches(filters: Mapping[str, Any], notice: Mapping[str, Any], db: sqlite_utils.Database | None = None) -> bool:
    """Whether one notice meets every filter of a subscription (a convenience over ``matches_compiled``).

    Filters of different kinds must all hold; values within one filter are
    alternatives. ``relevant_only`` defaults to true: a saved search is for
    measures. Keyword filters need the archive (``db``) holding the notice.
    """
    compiled = compile_filters("", "", filters)
    hits = keyword_hits(db, compiled.keywords, [notice["version_id"]]) if compiled.keywords and db else {}
    return matches_compiled(compiled, notice, hits)


def sync_subscriptions(db: sqlite_utils.Database, subscribers: Iterable[Mapping[str, Any]]) -> None:
    """Make the configured subscriptions in the archive match the configuration.

    Subscriptions added with ``regwatch subscribers add`` (origin ``cli``) are
    left alone, unless the configuration now defines the same id, in which case
    the configuration takes it over. A configured subscription that was
    unsubscribed stays unsubscribed; one removed from the file is deactivated,
    keeping its token and history.
    """
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
                 sub.get("timezone", "UTC"), json.dumps(sub.get("filters", {}), sort_keys=True),
                 secrets.token_urlsafe(24), now, now, sub.get("webhook_url"),
                 json.dumps(sub.get("apprise_urls", []))],
            )
        db.execute(
            "UPDATE subscriptions SET active = 0 WHERE origin = 'config' AND id NOT IN (SELECT value FROM json_each(?))",
            [json.dumps(configured)],
        )


def active_filters(db: sqlite_utils.Database) -> list[CompiledFilters]:
    """The compiled filters of every active subscription."""
    return [
        compile_filters(row["id"], row["email"], json.loads(row["filters"]))
        for row in db.query("SELECT id, email, filters FROM subscriptions WHERE active = 1 ORDER BY id")
    ]


def unmatched_notices(db: sqlite_utils.Database, limit: int = MATCH_BATCH) -> list[dict[str, Any]]:
    """Classified versions not yet matched, with what matching reads."""
    rows = db.query(
        """SELECT v.id AS version_id, v.title, d.source_id, s.jurisdiction, c.*
           FROM versions v JOIN documents d ON d.id = v.document_id JOIN sources s ON s.id = d.source_id
           JOIN classifications c ON c.version_id = v.id
           WHERE v.matched_at IS NULL ORDER BY v.id LIMIT ?""",
        [limit],
    )
    return [{**row, "classification": decode_classification(row)} for row in rows]


def queue_matches(db: sqlite_utils.Database, now: datetime | None = None) -> int:
    """Match every classified, unmatched version against the active subscriptions; return rows queued.

    Each batch of versions is matched and marked matched in one transaction,
    so a crash re-matches the whole batch and the unique outbox key keeps the
    rows it had already queued from being queued twice.
    """
    subscriptions = active_filters(db)
    queries = {k for sub in subscriptions for k in sub.keywords}
    stamp = now.replace(microsecond=0).isoformat() if now else None
    queued = 0
    while batch := unmatched_notices(db):
        at = stamp or utcnow()
        hits = keyword_hits(db, queries, [n["version_id"] for n in batch])
        rows = [
            (sub.subscription_id, notice["version_id"], at)
            for notice in batch
            for sub in subscriptions
            if matches_compiled(sub, notice, hits)
        ]
        with db.atomic():
            before = db.execute("SELECT total_changes()").fetchone()[0]
            db.conn.executemany(
                "INSERT OR IGNORE INTO outbox (subscription_id, version_id, queued_at) VALUES (?, ?, ?)", rows)
            queued += db.execute("SELECT total_changes()").fetchone()[0] - before
            db.conn.executemany("UPDATE versions SET matched_at = ? WHERE id = ?",
                                [(at, n["version_id"]) for n in batch])
    return queued
