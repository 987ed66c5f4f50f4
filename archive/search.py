"""Full-text search over the current version of every notice, with filters, facets and a timeline.

Searches read the ``notice_search`` index (migration 030): one row per notice
holding its current version's title and text plus a ``tags`` column with one
word per label (``jurcn``, ``comgraphite``, ``ey2024`` …), under a row id that
starts with the notice's publication day. Filters become tag words inside the
full-text match and publication dates a row-id range, so the engine reads only
the posting lists it needs and can list matches newest first without sorting;
whatever a tag word cannot settle exactly (a source id with separators, a date
of effect within a year) is also checked in SQL.

Chinese and Japanese text has no spaces for the word tokenizer to split on, so
query terms in those scripts are matched as substrings of the current text
(``archive.query`` reads the query into a tree): ANDed with other words, within
whatever the index and the filters already narrowed down; under OR or NOT,
with the index answering each part of the query written in other scripts.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import sqlite_utils

from archive.db import search_key
from archive.excerpt import excerpt, without_heading
from archive.filters import (
    JURISDICTION_ALIASES,
    Compiled,
    Filters,
    QueryError,
    canonical_jurisdictions,
    checked,
    compile_parts,
    keyword_part,
    merged,
)
from archive.filters import day_number as _day_number
from archive.query import DOC as _DOC
from archive.query import normalise_query, readings, tag
from archive.store import decode_classification
from archive.taxonomy import COMMODITIES, DIRECTIONS, TOPICS

__all__ = ["JURISDICTION_ALIASES", "Filters", "QueryError", "canonical_jurisdictions", "count", "facets",
           "batch_index", "iter_search", "matching_documents", "normalise_query", "readings", "search", "timeline"]

ORDERS = ("relevance", "date")
FACETS = ("jurisdiction", "agency", "topic", "direction", "commodity", "year")
# bm25 weights for the index's columns: title, text, ids, tags (tags never count towards relevance).
_BM25 = "bm25(notice_search, 5.0, 1.0, 5.0, 0.0)"
_SEARCH_KEY = search_key("d")
NO_FILTERS = Filters()
OPENING_CHARS = 240  # a notice's opening, shown when no word of the query points into its text


def _compile(db: sqlite_utils.Database, query: str | None, filters: Filters) -> Compiled:
    """QUERY (more words, ANDed with the filters' keywords) and FILTERS as SQL; QueryError on bad input."""
    filters = checked(filters)
    if filters.jurisdictions:
        known = {row[0] for row in db.execute("SELECT DISTINCT jurisdiction FROM sources WHERE jurisdiction IS NOT NULL")}
        canonical_jurisdictions(filters.jurisdictions, known)
    parts = compile_parts(db, filters)
    if query and query.strip():
        parts.append(keyword_part(query))
    return merged(parts)


def matching_documents(db: sqlite_utils.Database, compiled: Compiled, document_ids: list[int],
                       index: str = "notice_search") -> set[int]:
    """Which of DOCUMENT_IDS a compiled search (or one part of it) matches.

    INDEX may name a copy of the index's rows for just these notices (``batch_index``): the same
    statement then reads a handful of rows instead of the whole archive's posting lists.
    """
    if not document_ids:
        return set()
    ids = json.dumps(document_ids)
    if compiled.match:
        tables = compiled.from_clause(full=False) if compiled.sql_only else "notice_search"
        sql = f"SELECT {_DOC} FROM {tables} WHERE {compiled.where_clause()}"
        if index == "notice_search":
            sql += f" AND notice_search.rowid IN (SELECT {_SEARCH_KEY} FROM documents d WHERE d.id IN " \
                   "(SELECT value FROM json_each(?)))"
            params = [*compiled.all_params(), ids]
        else:
            params = compiled.all_params()
    else:
        sql = (f"SELECT d.id FROM {compiled.from_clause(full=False)} WHERE {compiled.where_clause()} "
               "AND d.id IN (SELECT value FROM json_each(?))")
        params = [*compiled.all_params(), ids]
    return {row[0] for row in db.execute(sql.replace("notice_search", index), params)}


@contextmanager
def batch_index(db: sqlite_utils.Database, document_ids: list[int]) -> Iterator[str]:
    """A temporary copy of the index's rows for DOCUMENT_IDS (same columns, same tokenizer); yields its name.

    Matching many subscriptions' filters over a few new notices asks this copy instead of the archive's
    index: the statements are the same, the rows read are only those notices'.
    """
    name = "regwatch_batch"
    db.execute(f"DROP TABLE IF EXISTS temp.{name}")
    db.execute(f"CREATE VIRTUAL TABLE temp.{name} USING fts5(title, text, ids, tags, tokenize='unicode61')")
    try:
        db.execute(f"""INSERT INTO temp.{name} (rowid, title, text, ids, tags)
                       SELECT rowid, title, text, ids, tags FROM notice_search WHERE rowid IN
                       (SELECT {_SEARCH_KEY} FROM documents d WHERE d.id IN (SELECT value FROM json_each(?)))""",
                   [json.dumps(document_ids)])
        yield name
    finally:
        db.execute(f"DROP TABLE IF EXISTS temp.{name}")


def _run(db: sqlite_utils.Database, sql: str, params: list[Any], query: str | None) -> list[dict[str, Any]]:
    return list(db.query(sql, params))


# -- public queries -----------------------------------------------------------------


def search(
    db: sqlite_utils.Database,
    query: str | None,
    filters: Filters = NO_FILTERS,
    *,
    order: str = "relevance",
    limit: int | None = 20,
    offset: int = 0,
    highlight: tuple[str, str] = ("[", "]"),
    snippet_words: int = 24,
) -> list[dict[str, Any]]:
    """Notices whose current version matches QUERY (FTS5 syntax) and the filters, best or newest first.

    Each result has the notice's fields, ``snippet`` (matching words between the
    two ``highlight`` markers), ``rank`` (BM25, lower is better; 0 without words)
    and ``classification`` (the current version's labels, or None).
    """
    if order not in ORDERS:
        raise QueryError(f"unknown order {order!r}; use one of {', '.join(ORDERS)}")
    compiled = _compile(db, query, filters)
    by_rank = order == "relevance" and compiled.has_words
    page = [-1 if limit is None else limit, offset]
    # First the page's ids in order, reading as little as the conditions allow; snippets and
    # details only for that page (a snippet re-reads the text).
    if by_rank:
        # One match for words and tags lets the engine intersect their posting lists by seeking; BM25 then
        # also weighs the tag words, but their weight in the ranking is zero.
        tables = compiled.from_clause(full=False) if compiled.sql_only else "notice_search"
        ranked = _run(db, f"""SELECT notice_search.rowid AS key, {_DOC} AS id, {_BM25} AS rank FROM {tables}
                              WHERE {compiled.where_clause()}
                              ORDER BY rank, notice_search.rowid DESC LIMIT ? OFFSET ?""",
                      [*compiled.all_params(), *page], query)
    elif compiled.match and not compiled.sql_only:
        ranked = _run(db, f"""SELECT rowid AS key, {_DOC} AS id, 0 AS rank FROM notice_search
                              WHERE {compiled.index_clause()} ORDER BY rowid DESC LIMIT ? OFFSET ?""",
                      [*compiled.index_params(), *page], query)
    else:
        key = "notice_search.rowid" if compiled.match else "NULL"
        order_by = "notice_search.rowid DESC" if compiled.match else "d.published DESC NULLS LAST, d.id DESC"
        ranked = _run(db, f"""SELECT {key} AS key, d.id, 0 AS rank FROM {compiled.from_clause(full=False)}
                              WHERE {compiled.where_clause()} ORDER BY {order_by} LIMIT ? OFFSET ?""",
                      [*compiled.all_params(), *page], query)
    if not ranked:
        return []
    ids = [row["id"] for row in ranked]
    marks = ", ".join("?" for _ in ids)
    snippets: dict[int, str] = {}
    if compiled.has_words:
        keys = [row["key"] for row in ranked]
        rows = _run(db, f"""SELECT {_DOC} AS id, snippet(notice_search, 1, ?, ?, '…', {int(snippet_words)}) AS snippet
                            FROM notice_search WHERE notice_search MATCH ? AND rowid IN ({marks})""",
                    [*highlight, compiled.words, *keys], query)
        snippets = {row["id"]: row["snippet"] for row in rows}
    details = {row["id"]: row for row in _run(db, f"""
        SELECT d.id, d.source_id, s.jurisdiction, s.agency, d.title, d.url, d.published, d.version_count,
               d.first_seen, d.last_seen, substr(v.text, 1, 1200) AS opening, length(v.text) > 1200 AS longer,
               c.version_id AS classified, c.relevant, c.topics, c.direction, c.commodities, c.hs_codes, c.eccns,
               c.effective_date, c.doc_ids, c.gist
        FROM documents d JOIN sources s ON s.id = d.source_id
        JOIN versions v ON v.id = d.current_version_id
        LEFT JOIN classifications c ON c.version_id = d.current_version_id
        WHERE d.id IN ({marks})""", ids, query)}
    results = []
    for entry in ranked:
        row = details[entry["id"]]
        labels = decode_classification(row) if row["classified"] is not None else None
        base = {k: row[k] for k in ("id", "source_id", "jurisdiction", "agency", "title", "url", "published",
                                   "version_count", "first_seen", "last_seen")}
        snippet = without_heading(snippets[row["id"]], row["title"] or "", highlight) if row["id"] in snippets else ""
        if not snippet.strip(" …"):
            snippet = excerpt(row["opening"] or "", row["title"] or "", OPENING_CHARS, complete=not row["longer"])
        results.append({**base, "gist": row["gist"], "snippet": snippet, "rank": entry["rank"],
                        "classification": labels})
    return results


def iter_search(db: sqlite_utils.Database, query: str | None, filters: Filters = NO_FILTERS, *,
                order: str = "relevance", page_size: int = 2000, **options: Any) -> Iterator[dict[str, Any]]:
    """Every result of a search, fetched a page at a time (for exports)."""
    offset = 0
    while True:
        page = search(db, query, filters, order=order, limit=page_size, offset=offset, **options)
        yield from page
        if len(page) < page_size:
            return
        offset += page_size


def count(db: sqlite_utils.Database, query: str | None, filters: Filters = NO_FILTERS) -> int:
    """How many notices match."""
    compiled = _compile(db, query, filters)
    if compiled.match and not compiled.sql_only:
        return _run(db, f"SELECT count(*) AS n FROM notice_search WHERE {compiled.index_clause()}",
                    compiled.index_params(),
                    query)[0]["n"]
    rows = _run(db, f"SELECT count(*) AS n FROM {compiled.from_clause(full=False)} WHERE {compiled.where_clause()}",
                compiled.all_params(), query)
    return rows[0]["n"]


_FACET_SQL = {
    "jurisdiction": ("s.jurisdiction", ""),
    "agency": ("s.agency", ""),
    "direction": ("c.direction", ""),
    "year": ("substr(d.published, 1, 4)", ""),
    "topic": ("t.value", "JOIN json_each(c.topics) t"),
    "commodity": ("t.value", "JOIN json_each(c.commodities) t"),
}


# Above this many matches, facet and timeline counts are asked of the index one value at a time (each
# an intersection of posting lists) instead of grouping every matching row in SQL.
COUNT_BY_INDEX_ABOVE = 5000


def _index_count(db: sqlite_utils.Database, compiled: Compiled, tags: str | None,
                 low: int | None = None, high: int | None = None) -> int:
    """Notices matching COMPILED (which has no SQL-only conditions) and TAGS, within row ids [LOW, HIGH)."""
    for op, value in compiled.key_bounds:
        if op == ">=":
            low = value if low is None else max(low, value)
        else:
            high = value if high is None else min(high, value)
    if low is not None and high is not None and low >= high:
        return 0
    clauses = [c for c in (compiled.match and f"({compiled.match})", tags and f"tags : ({tags})") if c]
    conditions: list[str] = []
    params: list[str | int] = []
    if clauses:
        conditions.append("notice_search MATCH ?")
        params.append(" AND ".join(clauses))
    for op, bound in ((">=", low), ("<", high)):
        if bound is not None:
            conditions.append(f"rowid {op} ?")
            params.append(bound)
    return db.execute(f"SELECT count(*) FROM notice_search WHERE {' AND '.join(conditions) or '1'}",
                      params).fetchone()[0]


def _label_values(db: sqlite_utils.Database, name: str) -> list[tuple[str, str]]:
    """Every value a facet can take, with the tag expression that selects it."""
    if name == "jurisdiction":
        rows = db.execute("SELECT DISTINCT jurisdiction FROM sources WHERE jurisdiction IS NOT NULL").fetchall()
        return [(j, tag("jur", j)) for (j,) in rows]
    if name == "agency":
        agencies: dict[str, list[str]] = {}
        for agency, source_id in db.execute("SELECT agency, id FROM sources WHERE agency IS NOT NULL"):
            agencies.setdefault(agency, []).append(tag("src", source_id))
        return [(a, "(" + " OR ".join(tags) + ")") for a, tags in agencies.items()]
    slugs = {"topic": (TOPICS, "top"), "direction": (DIRECTIONS, "dir"), "commodity": (COMMODITIES, "com")}[name]
    return [(value, tag(slugs[1], value)) for value in slugs[0]]


def _periods(db: sqlite_utils.Database, period: str) -> list[tuple[str, int, int]]:
    """Each year or month from the archive's first publication date to its last, with its row-id range."""
    first, last = db.execute(
        "SELECT (SELECT min(published) FROM documents), (SELECT max(published) FROM documents)").fetchone()
    if not first:
        return []
    out = []
    year, month = int(first[:4]), int(first[5:7]) if period == "month" else 1
    while (year, month) <= (int(last[:4]), int(last[5:7]) if period == "month" else 1):
        following = (year + 1, 1) if period == "year" or month == 12 else (year, month + 1)
        label = f"{year:04d}" if period == "year" else f"{year:04d}-{month:02d}"
        out.append((label, _day_number(f"{year:04d}-{month:02d}-01") << 32,
                    _day_number(f"{following[0]:04d}-{following[1]:02d}-01") << 32))
        year, month = following
    return out


def _by_index(db: sqlite_utils.Database, compiled: Compiled) -> bool:
    if compiled.sql_only or compiled.need_text:
        return False
    if compiled.match:
        return _index_count(db, compiled, None) > COUNT_BY_INDEX_ABOVE
    return db.execute("SELECT count(*) FROM documents").fetchone()[0] > COUNT_BY_INDEX_ABOVE


def facets(db: sqlite_utils.Database, query: str | None, filters: Filters = NO_FILTERS, *,
           names: tuple[str, ...] = FACETS, limit: int = 30) -> dict[str, list[tuple[str, int]]]:
    """For each facet, its values among the matching notices with how many notices carry each."""
    compiled = _compile(db, query, filters)
    out: dict[str, list[tuple[str, int]]] = {}
    by_index = _by_index(db, compiled)
    for name in names:
        if by_index and name == "year" and not compiled.match:  # the whole archive: its date index has the answer
            rows = db.execute("SELECT substr(published, 1, 4), count(*) FROM documents WHERE published IS NOT NULL "
                              "GROUP BY 1 ORDER BY 1 DESC LIMIT ?", [limit]).fetchall()
            out[name] = [(value, n) for value, n in rows]
            continue
        if by_index and name == "year":
            counts = [(label, _index_count(db, compiled, None, low, high)) for label, low, high in _periods(db, "year")]
            out[name] = [item for item in reversed(counts) if item[1]][:limit]
            continue
        if by_index:
            counts = [(value, _index_count(db, compiled, tag)) for value, tag in _label_values(db, name)]
            out[name] = sorted((item for item in counts if item[1]), key=lambda item: (-item[1], item[0]))[:limit]
            continue
        expression, join = _FACET_SQL[name]
        sql = (f"SELECT {expression} AS value, count(*) AS n FROM {compiled.from_clause()} {join} "
               f"WHERE {compiled.where_clause()} AND {expression} IS NOT NULL "
               f"GROUP BY 1 ORDER BY {'1 DESC' if name == 'year' else '2 DESC, 1'} LIMIT ?")
        out[name] = [(row["value"], row["n"]) for row in _run(db, sql, [*compiled.all_params(), limit], query)]
    return out


def timeline(db: sqlite_utils.Database, query: str | None, filters: Filters = NO_FILTERS, *,
             by: str = "jurisdiction", period: str = "year", series_limit: int = 8
             ) -> dict[str, dict[str, int]]:
    """Matching measures per period (``year`` or ``month`` of publication), one series per jurisdiction or commodity.

    Only notices classified as relevant count; series beyond ``series_limit``
    (the smallest) are summed as ``other``.
    """
    if by not in ("jurisdiction", "commodity"):
        raise QueryError("a timeline is by jurisdiction or by commodity")
    width = {"year": 4, "month": 7}[period]
    compiled = _compile(db, query, replace(filters, relevant_only=True))
    counts: list[tuple[str, str, int]] = []  # (period, series, measures)
    if _by_index(db, compiled):
        periods = _periods(db, period)
        for value, tag in _label_values(db, by):
            if _index_count(db, compiled, tag):
                counts.extend((label, value, n) for label, low, high in periods
                              if (n := _index_count(db, compiled, tag, low, high)))
    else:
        expression, join = _FACET_SQL[by]
        sql = (f"SELECT substr(d.published, 1, {width}) AS period, {expression} AS series, count(*) AS n "
               f"FROM {compiled.from_clause()} {join} WHERE {compiled.where_clause()} "
               f"AND d.published IS NOT NULL AND {expression} IS NOT NULL GROUP BY 1, 2")
        counts = [(row["period"], row["series"], row["n"]) for row in _run(db, sql, compiled.all_params(), query)]
    totals: dict[str, int] = {}
    for _, series, n in counts:
        totals[series] = totals.get(series, 0) + n
    kept = set(sorted(totals, key=lambda s: (-totals[s], s))[:series_limit])
    out: dict[str, dict[str, int]] = {}
    for label, series, n in counts:
        bucket = out.setdefault(series if series in kept else "other", {})
        bucket[label] = bucket.get(label, 0) + n
    return out


EXPORT_COLUMNS = ("id", "jurisdiction", "agency", "source_id", "published", "effective_date", "title", "url",
                  "relevant", "topics", "direction", "commodities", "hs_codes", "eccns", "doc_ids",
                  "version_count", "first_seen", "last_seen")


def flat_row(result: dict[str, Any]) -> dict[str, Any]:
    """A search result as one flat record for CSV: lists joined with ``; ``, labels blank when unclassified."""
    labels = result.get("classification") or {}
    row = {key: result.get(key) for key in EXPORT_COLUMNS if key in result}
    for key in ("topics", "commodities", "hs_codes", "eccns", "doc_ids"):
        row[key] = "; ".join(labels.get(key, []))
    row["relevant"] = "" if not labels else ("yes" if labels.get("relevant") else "no")
    row["direction"] = labels.get("direction") or ""
    row["effective_date"] = labels.get("effective_date") or ""
    return {key: row.get(key) for key in EXPORT_COLUMNS}
