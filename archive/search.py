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

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

import sqlite_utils

from archive.query import (
    Leaf,
    Node,
    QueryParseError,
    Tree,
    fts_word,
    has_cjk,
    to_fts,
    tree_has_cjk,
)
from archive.query import check_size as check_query_size
from archive.query import parse as parse_query
from archive.store import decode_classification
from archive.taxonomy import COMMODITIES, DIRECTIONS, DISPLAY_NAMES, TOPICS

for _slugs in (TOPICS, DIRECTIONS, COMMODITIES):  # their tag words must be distinct for filters to be exact
    assert len({re.sub(r"[_\-. ]", "", s) for s in _slugs}) == len(_slugs)

ORDERS = ("relevance", "date")
FACETS = ("jurisdiction", "agency", "topic", "direction", "commodity", "year")
# bm25 weights for the index's columns: title, text, ids, tags (tags never count towards relevance).
_BM25 = "bm25(notice_search, 5.0, 1.0, 5.0, 0.0)"
# The index's row id is the publication day (high bits) and the notice id (low 32 bits): see migration 030.
_DOC = "(notice_search.rowid & 4294967295)"
# Tag words stand in for a date range only when it spans few years; a long OR of years reads more than it saves.
_MAX_YEAR_TAGS = 4
_QUERY_TOKEN = re.compile(r'"(?:[^"]|"")*"\*?|\S+')
_OPERATORS = {"AND", "OR", "NOT"}


class QueryError(ValueError):
    """A search query or filter the archive cannot read, said in one line."""


@dataclass(frozen=True)
class SearchFilters:
    """What a search is narrowed to; values within one filter are alternatives, filters all hold.

    Dates are ISO dates (``YYYY``, ``YYYY-MM`` and ``YYYY-MM-DD`` are accepted);
    ``until`` and ``effective_until`` include the whole day, month or year given.
    """

    jurisdiction: list[str] | None = None
    source: list[str] | None = None
    agency: list[str] | None = None
    topic: list[str] | None = None
    direction: list[str] | None = None
    commodity: list[str] | None = None
    hs: list[str] | None = None
    since: str | None = None
    until: str | None = None
    effective_since: str | None = None
    effective_until: str | None = None
    relevant_only: bool = False

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


# -- checking input ------------------------------------------------------------


def _date_bound(value: str, name: str, *, upper: bool) -> str:
    """The ISO date a bound stands for: the first day given, or (``upper``) the day after the last one."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    if not match:
        raise QueryError(f"{name} {value!r} is not a date: write YYYY-MM-DD (or YYYY-MM, or YYYY)")
    year, month, day = int(match[1]), int(match[2] or 1), int(match[3] or 1)
    try:
        first = date(year, month, day)
    except ValueError:
        raise QueryError(f"{name} {value!r} is not a real date") from None
    if not upper:
        return first.isoformat()
    try:
        if match[3]:
            return date.fromordinal(first.toordinal() + 1).isoformat()
        if match[2]:
            return (date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)).isoformat()
        return date(year + 1, 1, 1).isoformat()
    except ValueError:  # the end of 9999: past the last date there is
        raise QueryError(f"{name} {value!r} reaches past the last date there is: leave it out to search to the end") from None


def _closed_set(values: list[str] | None, allowed: tuple[str, ...], name: str) -> list[str] | None:
    if not values:
        return None
    cleaned = [v.strip().lower() for v in values]
    for value in cleaned:
        if value not in allowed:
            import difflib

            near = difflib.get_close_matches(value, allowed, n=3)
            hint = f"did you mean {', '.join(near)}?" if near else f"known: {', '.join(allowed)}"
            raise QueryError(f"unknown {name} {value!r}; {hint}")
    return cleaned


# Names people write for a jurisdiction whose code is another (sources use ISO 3166 codes, and EU).
JURISDICTION_ALIASES = {"UK": "GB", "EL": "GR"}


def canonical_jurisdictions(values: list[str], known: set[str] | None = None) -> list[str]:
    """VALUES as the codes sources use (``UK`` becomes ``GB``); QueryError for a code no known source has.

    KNOWN is the set of jurisdictions that exist (the archive's or the configuration's sources);
    None checks the shape only.
    """
    codes = []
    for value in values:
        code = JURISDICTION_ALIASES.get(value.strip().upper(), value.strip().upper())
        if not re.fullmatch(r"[A-Z]{2}", code):
            raise QueryError(f"jurisdiction {value!r} is not a two-letter code such as US, CN, GB or EU")
        if known is not None and code not in known:
            import difflib

            near = difflib.get_close_matches(code, sorted(known), n=3, cutoff=0.5)
            listed = ", ".join(sorted(known)) or "none yet"
            hint = f"did you mean {', '.join(near)}? " if near else ""
            raise QueryError(f"no source has jurisdiction {value!r}; {hint}known: {listed}")
        codes.append(code)
    return codes


def checked_filters(filters: SearchFilters) -> SearchFilters:
    """FILTERS with slugs lower-cased, codes upper-cased and dates checked; QueryError on bad input."""
    hs = None
    if filters.hs:
        hs = [re.sub(r"[\s.]", "", h) for h in filters.hs]
        for given, code in zip(filters.hs, hs, strict=True):
            if not re.fullmatch(r"\d{2,10}", code):
                raise QueryError(f"HS prefix {given!r} must be 2 to 10 digits (dots and spaces are ignored)")
    for name in ("since", "until", "effective_since", "effective_until"):
        value = getattr(filters, name)
        if value is not None:
            _date_bound(value, "--" + name.replace("_", "-"), upper=False)
    return replace(
        filters,
        jurisdiction=canonical_jurisdictions(filters.jurisdiction) if filters.jurisdiction else None,
        topic=_closed_set(filters.topic, TOPICS, "topic"),
        direction=_closed_set(filters.direction, DIRECTIONS, "direction"),
        commodity=_closed_set(filters.commodity, COMMODITIES, "commodity"),
        hs=hs,
    )


def _tag(prefix: str, value: str) -> str:
    """The tag word migration 030 writes for a label (lower case, separators dropped)."""
    return prefix + re.sub(r"[_\-. ]", "", value.lower())


_WORD_COLUMNS = "{title text ids}"


def _label_words() -> dict[str, str]:
    """Query words that name a commodity or topic (slug, its words, its display names), each with the tag
    word the index holds for notices labelled with it."""
    words: dict[str, str] = {}
    for prefix, slugs in (("com", COMMODITIES), ("top", TOPICS)):
        for slug in slugs:
            english, chinese = DISPLAY_NAMES[slug]
            for name in (slug, slug.replace("_", " "), english.lower().split(" (")[0]):
                words[name] = words[name.removesuffix("s")] = _tag(prefix, slug)
    words.pop("", None)
    return words


_LABEL_WORDS = _label_words()


def _scoped(leaf: str, columns: str | None) -> str:
    """LEAF (a word or phrase) searched in COLUMNS, and, when it names a label, in the notices carrying it:
    `gallium` also finds a Chinese notice labelled gallium that never writes the English word."""
    if columns is None:
        return leaf
    name = leaf.strip('"').replace('""', '"').lower()
    tag = _LABEL_WORDS.get(name)
    return f"({columns} : {leaf} OR tags : {tag})" if tag else f"{columns} : {leaf}"


def normalise_query(query: str, columns: str | None = None) -> str | None:
    """The FTS5 expression for a user query without Chinese or Japanese terms.

    Words that FTS5 would misread (``2023-16646``, ``3A090.b``, ``EU/2021/821``)
    are quoted as phrases; quoted phrases, ``AND``/``OR``/``NOT``, parentheses,
    ``prefix*`` and ``title:``/``text:``/``ids:`` column filters pass through.
    With COLUMNS, every word without a column of its own is searched in those columns, and a word
    that names a commodity or topic also matches the notices labelled with it.
    """
    parts: list[str] = []
    for token in _QUERY_TOKEN.findall(query):
        if token in _OPERATORS:
            parts.append(token)
            continue
        if token.startswith('"'):
            star = "*" if token.endswith("*") else ""
            parts.append(_scoped(token, columns) if not star else f"{columns} : {token}" if columns else token)
            continue
        column = ""
        head = re.match(r"^(title|text|ids):", token)
        if head:
            column, token = head.group(0), token[head.end():]
        inner = token.lstrip("(")
        opening = token[: len(token) - len(inner)]
        core = inner.rstrip(")")
        closing = inner[len(core):]
        star = ""
        if core.endswith("*"):
            core, star = core[:-1], "*"
        if not core or column or columns is None:
            parts.append(f"{opening}{column}{fts_word(core) if core else ''}{star}{closing}")
        elif star:
            parts.append(f"{opening}{columns} : {fts_word(core)}{star}{closing}")
        else:
            parts.append(f"{opening}{_scoped(fts_word(core), columns)}{closing}")
    if columns is not None:  # a column-filtered term takes no implicit AND: write it out
        joined: list[str] = []
        for part in parts:
            if joined and joined[-1] not in _OPERATORS and not joined[-1].endswith("(") \
                    and part not in _OPERATORS and not part.startswith(")"):
                joined.append("AND")
            joined.append(part)
        parts = joined
    # An expression that ends in, or is only, operators is what the user typed: let FTS5 report it.
    expression = " ".join(parts).strip()
    dangling = re.sub(r"(^|\s)(AND|OR|NOT)(?=\s|$)", " ", expression).strip(" ()")
    if not dangling and expression:
        raise QueryError(f"the query {query!r} has operators but no words to search for")
    return (expression or None) if dangling else None


def _substring_condition(leaf: Leaf) -> tuple[str, list[str]]:
    """SQL finding a Chinese or Japanese term inside the current title or text (or the one column named)."""
    term = leaf.substring
    if term is None:
        raise ValueError(f"{leaf.fts!r} is not a Chinese or Japanese term")
    if leaf.column == "title":
        return "instr(d.title, ?) > 0", [term]
    if leaf.column == "text":
        return "instr(v.text, ?) > 0", [term]
    return "(instr(v.text, ?) > 0 OR instr(d.title, ?) > 0)", [term, term]


def _tree_condition(tree: Tree, query: str) -> tuple[str, list[Any]]:
    """SQL for a query whose CJK terms sit under OR or NOT: each word part asks the index, each CJK term the text."""
    if not tree_has_cjk(tree):
        expression = "{title text ids} : (" + to_fts(tree) + ")"
        _check_expression(expression, query)
        return f"d.id IN (SELECT {_DOC} FROM notice_search WHERE notice_search MATCH ?)", [expression]
    if isinstance(tree, Leaf):
        return _substring_condition(tree)
    parts = [_tree_condition(child, query) for child in tree.children]
    params = [p for _, child_params in parts for p in child_params]
    if tree.op == "NOT":
        return f"({parts[0][0]} AND NOT {parts[1][0]})", params
    return "(" + f" {tree.op} ".join(sql for sql, _ in parts) + ")", params


def _word_conditions(query: str) -> tuple[str | None, list[str], list[Any]]:
    """A query as an FTS5 expression for the index plus SQL conditions for its Chinese and Japanese terms.

    When those terms are only ANDed with the rest, the index still narrows and ranks by the other
    words; under OR or NOT, the whole query becomes SQL and results come newest first.
    """
    try:
        check_query_size(query)
    except QueryParseError as exc:
        raise QueryError(str(exc)) from None
    if not has_cjk(query):
        return normalise_query(query, _WORD_COLUMNS), [], []
    try:
        tree = parse_query(query)
    except QueryParseError as exc:
        raise QueryError(str(exc)) from None
    parts = tree.children if isinstance(tree, Node) and tree.op == "AND" else (tree,)
    if all(isinstance(part, Leaf) or not tree_has_cjk(part) for part in parts):
        words = [to_fts(part) for part in parts if not tree_has_cjk(part)]
        conditions = [_substring_condition(part) for part in parts if isinstance(part, Leaf) and tree_has_cjk(part)]
        return (f"{_WORD_COLUMNS} : (" + " AND ".join(words) + ")" if words else None, [sql for sql, _ in conditions],
                [p for _, params in conditions for p in params])
    sql, params = _tree_condition(tree, query)
    return None, [sql], params


# -- building the statement -------------------------------------------------------


@dataclass
class _Compiled:
    """A search as SQL: the full-text match, and the conditions the tag words could not settle exactly."""

    match: str | None
    words: str | None = None
    tags: str | None = None
    where: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)
    # Bounds on the index's row id, which starts with the publication day: a date range the engine
    # applies while it reads, at no cost to ranking.
    key_bounds: list[tuple[str, int]] = field(default_factory=list)
    need_text: bool = False
    has_words: bool = False

    def from_clause(self, *, full: bool = True) -> str:
        """The tables a statement reads; with ``full=False`` only those its conditions need."""
        head = f"notice_search JOIN documents d ON d.id = {_DOC}" if self.match else "documents d"
        conditions = " ".join(self.where)
        parts = [head]
        if full or re.search(r"\bs\.", conditions):
            parts.append("JOIN sources s ON s.id = d.source_id")
        if full or re.search(r"\bc\.", conditions):
            parts.append("LEFT JOIN classifications c ON c.version_id = d.current_version_id")
        if self.need_text and (full or re.search(r"\bv\.", conditions)):
            parts.append("JOIN versions v ON v.id = d.current_version_id")
        return " ".join(parts)

    def index_clause(self) -> str:
        """The conditions the full-text index answers by itself."""
        return " AND ".join(["notice_search MATCH ?"] + [f"notice_search.rowid {op} ?" for op, _ in self.key_bounds])

    def index_params(self) -> list[Any]:
        return [self.match, *(value for _, value in self.key_bounds)]

    def where_clause(self) -> str:
        conditions = ([self.index_clause()] if self.match else []) + self.where
        return " AND ".join(conditions) or "1 = 1"

    def all_params(self) -> list[Any]:
        return (self.index_params() if self.match else []) + self.params


def _year_range(db: sqlite_utils.Database, low: str | None, high: str | None, column: str) -> list[int] | None:
    """The years a date range covers, bounded by the archive's own dates; None when too many to list."""
    if not low and not high:
        return None
    table = column.split(".", 1)[0]
    if not low or not high:
        # Two subqueries, so each is answered from one end of its index instead of a scan.
        sql = {"d": "SELECT (SELECT min(published) FROM documents), (SELECT max(published) FROM documents)",
               "c": "SELECT (SELECT min(effective_date) FROM classifications), "
                    "(SELECT max(effective_date) FROM classifications)"}[table]
        first, last = db.execute(sql).fetchone()
        if first is None:
            return []
        low = low or first[:10]
        high = high or last[:10]
    start, end = int(low[:4]), int(high[:4])
    if end < start:
        return []
    return list(range(start, end + 1)) if end - start < _MAX_YEAR_TAGS else None


def _day_number(iso_day: str) -> int:
    """The whole Julian day number SQLite's julianday() gives for an ISO date (the search key's high bits)."""
    return date.fromisoformat(iso_day).toordinal() + 1721424


def _exact_tag_value(value: str) -> bool:
    """True when a value's tag word cannot be shared with another value (it has no separators to drop)."""
    return re.fullmatch(r"[A-Za-z0-9]+", value) is not None


def _compile(db: sqlite_utils.Database, query: str | None, filters: SearchFilters) -> _Compiled:
    filters = checked_filters(filters)
    if filters.jurisdiction:
        known = {row[0] for row in db.execute("SELECT DISTINCT jurisdiction FROM sources WHERE jurisdiction IS NOT NULL")}
        canonical_jurisdictions(filters.jurisdiction, known)
    expression, word_conditions, word_params = _word_conditions(query or "")
    tags: list[str] = []
    compiled = _Compiled(match=None)
    where, params = compiled.where, compiled.params

    def tag_any(prefix: str, values: list[str]) -> None:
        tags.append("(" + " OR ".join(_tag(prefix, v) for v in values) + ")")

    def any_of(column: str, values: list[str] | None, prefix: str | None, *, exact: bool = False) -> None:
        if not values:
            return
        if prefix:
            tag_any(prefix, values)
        if not (prefix and (exact or all(_exact_tag_value(v) for v in values))):
            where.append(f"{column} IN ({', '.join('?' for _ in values)})")
            params.extend(values)

    # Topic, direction and commodity slugs come from closed sets whose tag words are all distinct,
    # and HS tags are written for every prefix length searched: those filters need no SQL check.
    any_of("upper(s.jurisdiction)", filters.jurisdiction, "jur")
    any_of("d.source_id", filters.source, "src")
    any_of("s.agency", filters.agency, None)
    any_of("c.direction", filters.direction, "dir", exact=True)
    if filters.topic:
        tag_any("top", filters.topic)
    if filters.commodity:
        tag_any("com", filters.commodity)
    if filters.hs:
        tags.append("(" + " OR ".join(f"hs{p}" if len(p) in (2, 4, 6, 8) else f"hs{p}*" for p in filters.hs) + ")")
    published = [_date_bound(filters.since, "since", upper=False) if filters.since else None,
                 _date_bound(filters.until, "until", upper=True) if filters.until else None]
    low, high = filters.effective_since, filters.effective_until
    if low or high:
        low_bound = _date_bound(low, "effective_since", upper=False) if low else None
        high_bound = _date_bound(high, "effective_until", upper=True) if high else None
        last_day = date.fromordinal(date.fromisoformat(high_bound).toordinal() - 1).isoformat() if high_bound else None
        years = _year_range(db, low_bound, last_day, "c.effective_date")
        if years == []:
            where.append("0")
        elif years:
            tags.append("(" + " OR ".join(f"ey{y}" for y in years) + ")")
        # Whole years are settled by the year words; any other bound is checked on the date itself.
        if low_bound and not (years and low_bound.endswith("-01-01")):
            where.append("c.effective_date >= ?")
            params.append(low_bound)
        if high_bound and not (years and high_bound.endswith("-01-01")):
            where.append("c.effective_date < ?")
            params.append(high_bound)
    if filters.relevant_only:
        tags.append("relevant")
    if word_conditions:
        where.extend(word_conditions)
        params.extend(word_params)
        compiled.need_text = True
    if expression:
        compiled.words = expression
        compiled.has_words = True
    if tags:
        compiled.tags = "tags : (" + " AND ".join(tags) + ")"
    compiled.match = " AND ".join(c for c in (compiled.words, compiled.tags) if c) or None
    if compiled.match:
        _check_expression(compiled.match, query or "")
        for op, bound in ((">=", published[0]), ("<", published[1])):
            if bound:
                compiled.key_bounds.append((op, _day_number(bound) << 32))
    else:
        if published[0]:
            where.append("d.published >= ?")
            params.append(published[0])
        if published[1]:
            where.append("d.published < ?")
            params.append(published[1])
    return compiled


_checker: sqlite3.Connection | None = None


def _check_expression(expression: str, query: str) -> None:
    """Parse a full-text expression against an empty in-memory index, so a bad query fails before any work."""
    global _checker
    if _checker is None:
        _checker = sqlite3.connect(":memory:", check_same_thread=False)
        _checker.execute("CREATE VIRTUAL TABLE notice_search USING fts5(title, text, ids, tags)")
    try:
        _checker.execute("SELECT rowid FROM notice_search WHERE notice_search MATCH ?", [expression]).fetchall()
    except sqlite3.OperationalError as exc:
        raise QueryError(f"cannot read the query {query!r} ({exc}); put phrases in double quotes "
                         "and write AND, OR, NOT in capitals between words") from None


def _run(db: sqlite_utils.Database, sql: str, params: list[Any], query: str | None) -> list[dict[str, Any]]:
    return list(db.query(sql, params))


# -- public queries -----------------------------------------------------------------


def _check_text(query: str | None, filters: SearchFilters) -> None:
    """Reject text that is not valid Unicode (lone surrogates from a mis-set terminal), which SQLite cannot bind."""
    texts = [query or ""] + [v for f in fields(filters) if isinstance(values := getattr(filters, f.name), list)
                             for v in values]
    for text in texts:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise QueryError(f"the search {text!r} is not valid text (check the terminal's encoding)") from None


def search(
    db: sqlite_utils.Database,
    query: str | None,
    filters: SearchFilters = SearchFilters(),
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
    _check_text(query, filters)
    compiled = _compile(db, query, filters)
    by_rank = order == "relevance" and compiled.has_words
    page = [-1 if limit is None else limit, offset]
    # First the page's ids in order, reading as little as the conditions allow; snippets and
    # details only for that page (a snippet re-reads the text).
    if by_rank:
        # One match for words and tags lets the engine intersect their posting lists by seeking; BM25 then
        # also weighs the tag words, but their weight in the ranking is zero.
        tables = compiled.from_clause(full=False) if compiled.where else "notice_search"
        ranked = _run(db, f"""SELECT notice_search.rowid AS key, {_DOC} AS id, {_BM25} AS rank FROM {tables}
                              WHERE {compiled.where_clause()}
                              ORDER BY rank, notice_search.rowid DESC LIMIT ? OFFSET ?""",
                      [*compiled.all_params(), *page], query)
    elif compiled.match and not compiled.where:
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
               d.first_seen, d.last_seen, substr(v.text, 1, 240) AS opening,
               c.version_id AS classified, c.relevant, c.topics, c.direction, c.commodities, c.hs_codes, c.eccns,
               c.effective_date, c.doc_ids
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
        snippet = snippets.get(row["id"]) or row["opening"]
        results.append({**base, "snippet": snippet, "rank": entry["rank"], "classification": labels})
    return results


def iter_search(db: sqlite_utils.Database, query: str | None, filters: SearchFilters = SearchFilters(), *,
                order: str = "relevance", page_size: int = 2000, **options: Any) -> Iterator[dict[str, Any]]:
    """Every result of a search, fetched a page at a time (for exports)."""
    offset = 0
    while True:
        page = search(db, query, filters, order=order, limit=page_size, offset=offset, **options)
        yield from page
        if len(page) < page_size:
            return
        offset += page_size


def count(db: sqlite_utils.Database, query: str | None, filters: SearchFilters = SearchFilters()) -> int:
    """How many notices match."""
    compiled = _compile(db, query, filters)
    if compiled.match and not compiled.where:
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


def _index_count(db: sqlite_utils.Database, compiled: _Compiled, tags: str | None,
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
        return [(j, _tag("jur", j)) for (j,) in rows]
    if name == "agency":
        agencies: dict[str, list[str]] = {}
        for agency, source_id in db.execute("SELECT agency, id FROM sources WHERE agency IS NOT NULL"):
            agencies.setdefault(agency, []).append(_tag("src", source_id))
        return [(a, "(" + " OR ".join(tags) + ")") for a, tags in agencies.items()]
    slugs = {"topic": (TOPICS, "top"), "direction": (DIRECTIONS, "dir"), "commodity": (COMMODITIES, "com")}[name]
    return [(value, _tag(slugs[1], value)) for value in slugs[0]]


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


def _by_index(db: sqlite_utils.Database, compiled: _Compiled) -> bool:
    if compiled.where or compiled.need_text:
        return False
    if compiled.match:
        return _index_count(db, compiled, None) > COUNT_BY_INDEX_ABOVE
    return db.execute("SELECT count(*) FROM documents").fetchone()[0] > COUNT_BY_INDEX_ABOVE


def facets(db: sqlite_utils.Database, query: str | None, filters: SearchFilters = SearchFilters(), *,
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


def timeline(db: sqlite_utils.Database, query: str | None, filters: SearchFilters = SearchFilters(), *,
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
