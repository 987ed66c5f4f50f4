"""What a search or a saved search is narrowed to: one set of names, one check, one compiler to SQL.

``Filters`` is the one filter model. ``regwatch search``, the web archive, its
facet links and stored subscriptions all hold one; ``checked`` is its one
validation and ``compile_parts`` its one compiler, to SQL over the one
full-text index (``notice_search``), one part per filter: search runs the
parts ``merged`` into one statement, alert matching runs each distinct part
once over a batch of new versions and combines them per subscription.

What each filter means (README.md, "What a filter matches", says it for users):

- values within one filter are alternatives; different filters must all hold;
- ``keywords``: full-text queries (``archive.query``), any may match; a word
  naming a commodity or topic also matches the notices labelled with it;
- ``hs_codes``: a code covers every longer code it begins (``8112`` covers
  ``8112929010``), and a notice listing a heading of four digits or more
  covers the narrower codes inside it (a notice on ``8112`` concerns ``811292``);
- ``eccns``: control codes by prefix, ignoring case and separators;
- ``relevant_only``: only notices that announce a measure; off unless asked for.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

import sqlite_utils

from archive.query import DOC, INDEX, QueryParseError, hs_tags, tag, word_conditions
from archive.query import check_size as check_query_size
from archive.taxonomy import COMMODITIES, DIRECTIONS, TOPICS, unknown_label

for _slugs in (TOPICS, DIRECTIONS, COMMODITIES):  # their tag words must be distinct for filters to be exact
    assert len({re.sub(r"[_\-. ]", "", s) for s in _slugs}) == len(_slugs)


class QueryError(ValueError):
    """A query or filter that cannot be used, said in one line."""


LIST_NAMES = ("keywords", "jurisdictions", "sources", "agencies", "topics", "directions", "commodities",
              "hs_codes", "eccns")
DATE_NAMES = ("since", "until", "effective_since", "effective_until")
# Other spellings accepted when filters are read (configuration files, URLs, older archives).
ALIASES = {"keyword": "keywords", "query": "keywords", "q": "keywords", "jurisdiction": "jurisdictions",
           "source": "sources", "agency": "agencies", "topic": "topics", "direction": "directions",
           "commodity": "commodities", "hs": "hs_codes", "hs_code": "hs_codes", "eccn": "eccns",
           "relevant": "relevant_only"}
# The command-line option of each filter (one spelling everywhere; ALIASES' singular forms are accepted too).
OPTIONS = {"keywords": "--keyword", "jurisdictions": "--jurisdiction", "sources": "--source",
           "agencies": "--agency", "topics": "--topic", "directions": "--direction", "commodities": "--commodity",
           "hs_codes": "--hs", "eccns": "--eccn", "since": "--since", "until": "--until",
           "effective_since": "--effective-since", "effective_until": "--effective-until",
           "relevant_only": "--relevant-only"}


@dataclass(frozen=True)
class Filters:
    """What a search is narrowed to; values within one filter are alternatives, filters all hold.

    Dates are ISO dates (``YYYY``, ``YYYY-MM`` and ``YYYY-MM-DD`` are accepted);
    ``until`` and ``effective_until`` include the whole day, month or year given.
    """

    # Lists are accepted and kept as tuples, so filters compare and hash by value.
    keywords: Sequence[str] = ()
    jurisdictions: Sequence[str] = ()
    sources: Sequence[str] = ()
    agencies: Sequence[str] = ()
    topics: Sequence[str] = ()
    directions: Sequence[str] = ()
    commodities: Sequence[str] = ()
    hs_codes: Sequence[str] = ()
    eccns: Sequence[str] = ()
    since: str | None = None
    until: str | None = None
    effective_since: str | None = None
    effective_until: str | None = None
    relevant_only: bool = False

    def __post_init__(self) -> None:
        for name in LIST_NAMES:  # lists and None are accepted for convenience; blanks are dropped
            value = getattr(self, name) or ()
            object.__setattr__(self, name, tuple(v for v in ((value,) if isinstance(value, str) else value)
                                                 if isinstance(v, str) and v.strip()))
        for name in DATE_NAMES:
            object.__setattr__(self, name, getattr(self, name) or None)

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Any]) -> Filters:
        """Filters from stored or configured values, under their names or ALIASES; QueryError for unknown names."""
        values: dict[str, Any] = {}
        known = {f.name for f in fields(cls)}
        for key, value in mapping.items():
            name = ALIASES.get(key, key)
            if name not in known:
                near = difflib.get_close_matches(key, sorted(known), n=1)
                raise QueryError(f"unknown filter {key!r}" + (f"; did you mean {near[0]}?" if near else ""))
            if name in LIST_NAMES:
                values[name] = [*values.get(name, []), *([value] if isinstance(value, str) else value or [])]
            elif name == "relevant_only":
                values[name] = value in (True, 1, "1", "true", "yes")
            else:
                values[name] = value
        return cls(**values)

    def to_mapping(self) -> dict[str, Any]:
        """The stored form: only the filters that are set, lists as lists."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value:
                out[f.name] = list(value) if isinstance(value, tuple) else value
        return out

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))

    def query(self) -> str | None:
        """The keywords as one full-text query (alternatives joined with OR)."""
        if len(self.keywords) <= 1:
            return self.keywords[0] if self.keywords else None
        return " OR ".join(f"( {k} )" for k in self.keywords)

    def options(self) -> list[str]:
        """The command-line options that give these filters (as `search` and `subscribers add` take them)."""
        out: list[str] = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "relevant_only":
                out += [OPTIONS[f.name]] if value else []
            elif isinstance(value, tuple):
                for item in value:
                    out += [OPTIONS[f.name], item]
            elif value:
                out += [OPTIONS[f.name], value]
        return out

    def replace(self, **changes: Any) -> Filters:
        return replace(self, **changes)


# -- checking -----------------------------------------------------------------------


def date_bound(value: str, name: str, *, upper: bool) -> str:
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


def _closed_set(values: Sequence[str], allowed: tuple[str, ...], name: str) -> tuple[str, ...]:
    cleaned = tuple(v.strip().lower().replace("-", "_").replace(" ", "_") for v in values)
    for value in cleaned:
        if value not in allowed:
            raise QueryError(unknown_label(name, value, allowed))
    return cleaned


# Names people write for a jurisdiction whose code is another (sources use ISO 3166 codes, and EU).
JURISDICTION_ALIASES = {"UK": "GB", "EL": "GR"}


def canonical_jurisdictions(values: Iterable[str], known: set[str] | None = None) -> list[str]:
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
            near = difflib.get_close_matches(code, sorted(known), n=3, cutoff=0.5)
            listed = ", ".join(sorted(known)) or "none yet"
            hint = f"did you mean {', '.join(near)}? " if near else ""
            raise QueryError(f"no source has jurisdiction {value!r}; {hint}known: {listed}")
        codes.append(code)
    return codes


_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "i": "1", "S": "5", "s": "5", "B": "8"})


def _hs_code(given: str) -> str:
    code = re.sub(r"[\s.]", "", given)
    if re.fullmatch(r"\d{2,10}", code):
        return code
    fixed = code.translate(_LOOKALIKES)
    hint = f"; did you mean {fixed}?" if re.fullmatch(r"\d{2,10}", fixed) else ""
    raise QueryError(f"HS prefix {given!r} must be 2 to 10 digits (dots and spaces are ignored){hint}")


_ECCN = re.compile(r"\d(?:[A-E](?:\d{1,3}(?:[.\-]?[A-Z0-9.\-]*)?)?)?|EAR99")


def _eccn(given: str) -> str:
    code = given.strip().upper().replace(" ", "")
    if _ECCN.fullmatch(code):
        return code
    # a letter O written for a zero, or a zero for the letter O, in the digit positions
    fixed = code[:1].replace("O", "0") + code[1:2] + code[2:5].replace("O", "0") + code[5:]
    hint = f"; did you mean {fixed}?" if _ECCN.fullmatch(fixed) else ""
    raise QueryError(f"control code {given!r} is not an ECCN or its prefix such as 3A090, 3A or 5A002.a{hint}")


def checked(filters: Filters, *, jurisdictions: set[str] | None = None, sources: set[str] | None = None) -> Filters:
    """FILTERS with slugs lower-cased, codes upper-cased, queries and dates checked; QueryError on bad input.

    JURISDICTIONS and SOURCES, when given, are the ones that exist: a value outside them could never match.
    """
    for text in (*(v for name in LIST_NAMES for v in getattr(filters, name)),
                 *(getattr(filters, name) or "" for name in DATE_NAMES)):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates from a mis-set terminal, which SQLite cannot bind
            raise QueryError(f"the search {text!r} is not valid text (check the terminal's encoding)") from None
    for query in filters.keywords:
        try:
            word_conditions(query)
        except QueryParseError as exc:
            raise QueryError(str(exc)) from None
    for name in DATE_NAMES:
        value = getattr(filters, name)
        if value is not None:
            date_bound(value, "--" + name.replace("_", "-"), upper=False)
    if sources is not None:
        for source in filters.sources:
            if source not in sources:
                near = difflib.get_close_matches(source, sorted(sources), n=3)
                hint = f"did you mean {', '.join(near)}? " if near else ""
                raise QueryError(f"no source with id {source!r}; {hint}known: {', '.join(sorted(sources))}")
    return replace(
        filters,
        jurisdictions=tuple(canonical_jurisdictions(filters.jurisdictions, jurisdictions)),
        topics=_closed_set(filters.topics, TOPICS, "topic"),
        directions=_closed_set(filters.directions, DIRECTIONS, "direction"),
        commodities=_closed_set(filters.commodities, COMMODITIES, "commodity"),
        hs_codes=tuple(_hs_code(h) for h in filters.hs_codes),
        eccns=tuple(_eccn(e) for e in filters.eccns),
    )


# -- compiling to SQL over the index ---------------------------------------------------

# Tag words stand in for a date range only when it spans few years; a long OR of years reads more than it saves.
_MAX_YEAR_TAGS = 4


def day_number(iso_day: str) -> int:
    """The whole Julian day number SQLite's julianday() gives for an ISO date (the search key's high bits)."""
    return date.fromisoformat(iso_day).toordinal() + 1721424


@dataclass
class Compiled:
    """Filters as SQL: a full-text match (query words and tag words) and the conditions tags cannot settle."""

    words: str | None = None
    tags: list[str] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)
    published: tuple[str | None, str | None] = (None, None)  # [since, until) as ISO days
    need_text: bool = False

    @property
    def has_words(self) -> bool:
        return self.words is not None

    @property
    def tag_match(self) -> str | None:
        return "tags : (" + " AND ".join(self.tags) + ")" if self.tags else None

    @property
    def match(self) -> str | None:
        return " AND ".join(c for c in (self.words and f"({self.words})", self.tag_match) if c) or None

    @property
    def key_bounds(self) -> list[tuple[str, int]]:
        """Bounds on the index's row id, which starts with the publication day: a date range the engine
        applies while it reads (only when there is a match to read)."""
        if not self.match:
            return []
        low, high = self.published
        return [(op, day_number(bound) << 32) for op, bound in ((">=", low), ("<", high)) if bound]

    def _date_where(self) -> tuple[list[str], list[Any]]:
        if self.match:
            return [], []
        low, high = self.published
        out = [(f"d.published {op} ?", bound) for op, bound in ((">=", low), ("<", high)) if bound]
        return [sql for sql, _ in out], [value for _, value in out]

    def from_clause(self, *, full: bool = True) -> str:
        """The tables a statement reads; with ``full=False`` only those its conditions need."""
        head = f"{INDEX} JOIN documents d ON d.id = {DOC}" if self.match else "documents d"
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
        return " AND ".join([f"{INDEX} MATCH ?"] + [f"{INDEX}.rowid {op} ?" for op, _ in self.key_bounds])

    def index_params(self) -> list[Any]:
        return [self.match, *(value for _, value in self.key_bounds)]

    @property
    def sql_only(self) -> bool:
        """Whether some condition is settled in SQL rather than by the index."""
        return bool(self.where or self._date_where()[0])

    def where_clause(self) -> str:
        conditions = ([self.index_clause()] if self.match else []) + self.where + self._date_where()[0]
        return " AND ".join(conditions) or "1 = 1"

    def all_params(self) -> list[Any]:
        return (self.index_params() if self.match else []) + self.params + self._date_where()[1]


def merged(parts: Iterable[Compiled]) -> Compiled:
    """All PARTS at once (every one must hold)."""
    out = Compiled()
    for part in parts:
        if part.words:
            out.words = f"({out.words}) AND ({part.words})" if out.words else part.words
        out.tags += part.tags
        out.where += part.where
        out.params += part.params
        lows = [b for b in (out.published[0], part.published[0]) if b]
        highs = [b for b in (out.published[1], part.published[1]) if b]
        out.published = (max(lows) if lows else None, min(highs) if highs else None)
        out.need_text = out.need_text or part.need_text
    return out


def _exact_tag_value(value: str) -> bool:
    """True when a value's tag word cannot be shared with another value (it has no separators to drop)."""
    return re.fullmatch(r"[A-Za-z0-9]+", value) is not None


def _any_tag(prefix: str, values: Iterable[str]) -> str:
    return "(" + " OR ".join(tag(prefix, v) for v in values) + ")"


def _year_range(db: sqlite_utils.Database, low: str | None, high: str | None) -> list[int] | None:
    """The years a range of dates of effect covers, bounded by the archive's own; None when too many to list."""
    if not low and not high:
        return None
    if not low or not high:
        # Two subqueries, so each is answered from one end of its index instead of a scan.
        first, last = db.execute("SELECT (SELECT min(effective_date) FROM classifications), "
                                 "(SELECT max(effective_date) FROM classifications)").fetchone()
        if first is None:
            return []
        low = low or first[:10]
        high = high or last[:10]
    start, end = int(low[:4]), int(high[:4])
    if end < start:
        return []
    return list(range(start, end + 1)) if end - start < _MAX_YEAR_TAGS else None


def keyword_part(query: str) -> Compiled:
    """One full-text query as a part of a compiled search."""
    try:
        check_query_size(query)
        expression, conditions, params = word_conditions(query)
    except QueryParseError as exc:
        raise QueryError(str(exc)) from None
    return Compiled(words=expression, where=list(conditions), params=list(params), need_text=bool(conditions))


def compile_parts(db: sqlite_utils.Database, filters: Filters, *, with_keywords: bool = True) -> list[Compiled]:
    """FILTERS (checked) as one compiled part per filter, each of which must hold.

    The keywords are one part (their query joined with OR); ``with_keywords=False`` leaves them out for a
    caller that runs each keyword on its own.
    """
    parts: list[Compiled] = []
    query = filters.query() if with_keywords else None
    if query:
        parts.append(keyword_part(query))

    def any_of(column: str, values: Sequence[str], prefix: str | None, *, exact: bool = False) -> None:
        if not values:
            return
        part = Compiled(tags=[_any_tag(prefix, values)] if prefix else [])
        if not (prefix and (exact or all(_exact_tag_value(v) for v in values))):
            part.where.append(f"{column} IN ({', '.join('?' for _ in values)})")
            part.params.extend(values)
        parts.append(part)

    # Topic, direction and commodity slugs come from closed sets whose tag words are all distinct,
    # and HS tags are written for every prefix length searched: those filters need no SQL check.
    any_of("upper(s.jurisdiction)", filters.jurisdictions, "jur")
    any_of("d.source_id", filters.sources, "src")
    any_of("s.agency", filters.agencies, None)
    any_of("c.direction", filters.directions, "dir", exact=True)
    if filters.topics:
        parts.append(Compiled(tags=[_any_tag("top", filters.topics)]))
    if filters.commodities:
        parts.append(Compiled(tags=[_any_tag("com", filters.commodities)]))
    if filters.hs_codes:
        parts.append(Compiled(tags=["(" + " OR ".join(t for h in filters.hs_codes for t in hs_tags(h)) + ")"]))
    if filters.eccns:
        parts.append(Compiled(tags=["(" + " OR ".join(tag("ec", e) + "*" for e in filters.eccns) + ")"]))
    if filters.since or filters.until:
        parts.append(Compiled(published=(date_bound(filters.since, "since", upper=False) if filters.since else None,
                                         date_bound(filters.until, "until", upper=True) if filters.until else None)))
    low, high = filters.effective_since, filters.effective_until
    if low or high:
        part = Compiled()
        low_bound = date_bound(low, "effective_since", upper=False) if low else None
        high_bound = date_bound(high, "effective_until", upper=True) if high else None
        last_day = date.fromordinal(date.fromisoformat(high_bound).toordinal() - 1).isoformat() if high_bound else None
        years = _year_range(db, low_bound, last_day)
        if years == []:
            part.where.append("0")
        elif years:
            part.tags.append("(" + " OR ".join(f"ey{y}" for y in years) + ")")
        # Whole years are settled by the year words; any other bound is checked on the date itself.
        if low_bound and not (years and low_bound.endswith("-01-01")):
            part.where.append("c.effective_date >= ?")
            part.params.append(low_bound)
        if high_bound and not (years and high_bound.endswith("-01-01")):
            part.where.append("c.effective_date < ?")
            part.params.append(high_bound)
        parts.append(part)
    if filters.relevant_only:
        parts.append(Compiled(tags=["relevant"]))
    return parts
