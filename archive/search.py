"""Full-text search over the current version of every notice, with filters."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlite_utils

from archive.store import decode_classification


class QueryError(ValueError):
    """A search query the full-text engine cannot read."""


@dataclass(frozen=True)
class SearchFilters:
    jurisdiction: list[str] | None = None
    source: list[str] | None = None
    topic: list[str] | None = None
    direction: list[str] | None = None
    commodity: list[str] | None = None
    since: str | None = None
    until: str | None = None
    relevant_only: bool = False


def _check_input(query: str | None, filters: SearchFilters) -> None:
    """Reject what SQLite would choke on or silently misread: text that is not valid Unicode, dates that are not dates."""
    texts = [query or ""] + [v for values in (filters.jurisdiction, filters.source, filters.topic, filters.direction,
                                              filters.commodity) for v in values or []]
    for text in texts:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise QueryError(f"the search {text!r} is not valid text (check the terminal's encoding)") from None
    for name, value in (("since", filters.since), ("until", filters.until)):
        if value:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise QueryError(f"--{name} {value!r} is not a date; give it as YYYY-MM-DD") from None


def search(
    db: sqlite_utils.Database,
    query: str | None,
    filters: SearchFilters = SearchFilters(),
    *,
    order: str = "relevance",
    limit: int = 20,
) -> list[dict[str, Any]]:
    """Notices whose current version matches QUERY (FTS5 syntax) and the filters, best or newest first.

    Raises ``QueryError`` for a query or filter the archive cannot read.
    """
    _check_input(query, filters)
    where, params = ["1 = 1"], []
    select_rank = "0 AS rank, substr(v.text, 1, 200) AS snippet"
    join_fts = ""
    if query and query.strip():
        join_fts = "JOIN versions_fts f ON f.rowid = v.id"
        where.append("versions_fts MATCH ?")
        params.append(query)
        select_rank = "bm25(versions_fts) AS rank, snippet(versions_fts, 1, '[', ']', '…', 16) AS snippet"

    def any_of(column: str, values: list[str] | None) -> None:
        if values:
            where.append(f"{column} IN ({', '.join('?' for _ in values)})")
            params.extend(values)

    def json_any(column: str, values: list[str] | None) -> None:
        if values:
            where.append(f"EXISTS (SELECT 1 FROM json_each({column}) WHERE value IN ({', '.join('?' for _ in values)}))")
            params.extend(values)

    any_of("s.jurisdiction", filters.jurisdiction)
    any_of("d.source_id", filters.source)
    any_of("c.direction", filters.direction)
    json_any("c.topics", filters.topic)
    json_any("c.commodities", filters.commodity)
    if filters.since:
        where.append("d.published >= ?")
        params.append(filters.since)
    if filters.until:
        where.append("d.published <= ?")
        params.append(filters.until)
    if filters.relevant_only:
        where.append("c.relevant = 1")
    order_by = "rank, d.published DESC" if order == "relevance" and join_fts else "d.published DESC, d.id DESC"
    sql = f"""
        SELECT d.id, d.source_id, s.jurisdiction, s.agency, d.title, d.url, d.published, d.version_count,
               {select_rank}, c.relevant, c.topics, c.direction, c.commodities, c.hs_codes, c.eccns,
               c.effective_date, c.doc_ids
        FROM documents d JOIN versions v ON v.id = d.current_version_id
        JOIN sources s ON s.id = d.source_id
        LEFT JOIN classifications c ON c.version_id = v.id
        {join_fts}
        WHERE {' AND '.join(where)}
        ORDER BY {order_by} LIMIT ?"""
    try:
        rows = list(db.query(sql, [*params, limit]))
    except sqlite3.OperationalError as exc:
        if join_fts:  # the only user text in the statement is the MATCH expression
            raise QueryError(f"cannot read the query {query!r} ({exc}); put phrases in double quotes "
                             "and use AND, OR, NOT in capitals") from None
        raise
    results = []
    for row in rows:
        labels = decode_classification(row) if row["topics"] is not None else None
        base = {k: row[k] for k in ("id", "source_id", "jurisdiction", "agency", "title", "url", "published",
                                   "version_count", "snippet")}
        results.append({**base, "rank": row["rank"], "classification": labels})
    return results
