"""The archive on the web: a read-only Datasette archive with search, facets, timelines and notice pages.

The web archive is a Datasette plugin. Datasette serves the archive file
read-only (SQLite ``mode=ro``: a cron job may be writing new versions while
people read, so the file is not declared immutable), browses its tables with
facets and offers CSV/JSON of any table or canned query; this module adds the
pages a compliance officer starts from: a search page with facets, a timeline
and exports, and a notice page with every version and what changed.
Tables that hold subscribers' addresses and tokens are not served, and
arbitrary SQL is off.
"""
from __future__ import annotations

import difflib
import hashlib
import io
import json
import sqlite3
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import sqlite_utils
from datasette import hookimpl
from markupsafe import Markup, escape

from alerts.diff import html_diff
from archive import clock
from archive.filters import Filters
from archive.query import LABEL_WORDS
from archive.search import (
    FACETS,
    QueryError,
    count,
    facets,
    iter_search,
    readings,
    search,
    timeline,
)
from archive.taxonomy import display_name
from regwatch.filter_options import subscribe_command
from regwatch.history import labels_line, notice_history
from regwatch.output import write_search_csv

DB_NAME = "archive"
PAGE_SIZE = 25
MAX_EXPORT = 200_000
MAX_PAGE = 40_000  # a million results deep; beyond it, narrow the search
MAX_ID = 2**63 - 1  # the largest row id SQLite stores
SQL_TIME_LIMIT_MS = 3000  # per request, for the regwatch pages as for Datasette's own
EXPORT_TIME_FACTOR = 10  # an export reads every match, so it may take this many times longer
# The only tables the web archive serves (an allow-list: a table added later stays private until it is
# named here). None of their columns names a person; tests/test_privacy.py holds every column to that.
PUBLIC_TABLES = ("documents", "versions", "classifications", "sources", "source_runs", "source_issues", "runs")
TEMPLATES = Path(__file__).with_name("ui_templates")
# Highlight markers from the search engine; swapped for <mark> only after the snippet is escaped.
_OPEN, _CLOSE = "\ue000", "\ue001"
_PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f")


class UiError(ValueError):
    """The web archive cannot start (no archive file, port taken): one line for the user."""


# -- the web archive: request parsing ----------------------------------------------


def _state(request: Any) -> dict[str, Any]:
    """The search the request asks for, as plain values (also used to build links)."""
    args = request.args
    multi = {name: [v for v in args.getlist(name) if v.strip()] for name in
             FILTER_PARAMS}
    single = {name: (args.get(name) or "").strip() for name in
              ("q", "since", "until", "effective_since", "effective_until", "order", "timeline")}
    page = int(args["page"]) if _page_problem(request) is None and args.get("page") else 1
    return {**multi, **single, "relevant": args.get("relevant") == "1", "page": page}


def _page_problem(request: Any) -> str | None:
    """Why the request's ``page`` is not a page number (one line), or None."""
    raw = request.args.get("page")
    if raw is None or raw == "" or (raw.isascii() and raw.isdigit() and len(raw) <= 6 and 1 <= int(raw) <= MAX_PAGE):
        return None
    return f"page {raw[:40]!r} is not a page number: use a whole number from 1 to {MAX_PAGE:,}"


class TooSlow(Exception):
    """A request's SQL ran past its time limit and was stopped."""


@contextmanager
def time_limit(conn: sqlite3.Connection, milliseconds: int) -> Iterator[None]:
    """Stop any statement on CONN still running MILLISECONDS after entering: ``TooSlow`` is raised instead."""
    deadline = time.monotonic() + milliseconds / 1000

    def over() -> bool:
        return time.monotonic() > deadline

    conn.set_progress_handler(over, 1000)
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "interrupted" not in str(exc):
            raise
        raise TooSlow(f"this request took longer than {milliseconds / 1000:g} s and was stopped: "
                      "narrow the search with filters or fewer terms") from None
    finally:
        conn.set_progress_handler(None, 0)


def _limit(datasette: Any, factor: int = 1) -> int:
    return int(datasette.setting("sql_time_limit_ms") or SQL_TIME_LIMIT_MS) * factor


# The page's query parameters: the filters' names in the singular (archive.filters.ALIASES reads them).
FILTER_PARAMS = ("jurisdiction", "source", "agency", "topic", "direction", "commodity", "hs", "eccn")


def _filters(state: dict[str, Any]) -> Filters:
    given = {name: state[name] for name in (*FILTER_PARAMS, "since", "until", "effective_since", "effective_until",
                                             "relevant") if state[name]}
    return Filters.from_mapping(given)


def _pairs(state: dict[str, Any]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for key, value in state.items():
        if key == "page" and value == 1:
            continue
        if isinstance(value, list):
            pairs.extend((key, v) for v in value)
        elif isinstance(value, bool):
            if value:
                pairs.append((key, "1"))
        elif value:
            pairs.append((key, str(value)))
    return pairs


def _link(path: str, state: dict[str, Any], **changes: Any) -> str:
    new = {**state, "page": 1, **changes}
    query = urlencode(_pairs(new))
    return path + ("?" + query if query else "")


def _facet_links(state: dict[str, Any], found: dict[str, list[tuple[str, int]]]) -> list[dict[str, Any]]:
    """Each facet's values with counts and a link that adds (or, when chosen, removes) the value."""
    out = []
    for name in FACETS:
        items = []
        for value, n in found.get(name, []):
            value = str(value)
            if name == "year":
                chosen = state["since"] == value and state["until"] == value
                href = _link("/", state, since="" if chosen else value, until="" if chosen else value)
            else:
                current = state[name]
                chosen = value in current
                href = _link("/", state, **{name: [v for v in current if v != value] if chosen else [*current, value]})
            items.append({"value": value, "count": n, "chosen": chosen, "href": href})
        if name != "year":  # a chosen value stays visible (and removable) when nothing matches it any more
            shown = {item["value"] for item in items}
            items += [{"value": value, "count": 0, "chosen": True,
                       "href": _link("/", state, **{name: [v for v in state[name] if v != value]})}
                      for value in state[name] if value not in shown]
        out.append({"name": name, "items": items})
    return out


def _suggestions(db: sqlite_utils.Database, state: dict[str, Any]) -> list[dict[str, Any]]:
    """For a search that finds nothing: changes that would find something, each with a link and a count."""
    out: list[dict[str, Any]] = []

    def consider(text: str, changed: dict[str, Any]) -> None:
        try:
            n = count(db, changed["q"], _filters(changed))
        except QueryError:
            return
        if n:
            out.append({"text": text, "count": n, "href": _link("/", changed)})

    for name in FILTER_PARAMS:
        for value in state[name]:
            consider(f"without {name} {display_name(value)}", {**state, name: [v for v in state[name] if v != value]})
    for name in ("since", "until", "effective_since", "effective_until"):
        if state[name]:
            consider(f"without {name.replace('_', ' ')} {state[name]}", {**state, name: ""})
    if state["relevant"]:
        consider("notices that announce no measure too", {**state, "relevant": False})
    words = [w for w in state["q"].split() if w not in ("AND", "OR", "NOT")]
    for word in words:  # a word that is nearly a commodity or topic: that filter instead of the word
        for near in difflib.get_close_matches(word.lower().strip('"'), list(LABEL_WORDS), n=2, cutoff=0.75):
            kind, slug, _ = LABEL_WORDS[near]
            name = {"commodity": "commodity", "topic": "topic"}[kind]
            rest = " ".join(w for w in words if w != word)
            if slug not in state[name]:
                consider(f"{kind} {display_name(slug)} instead of the word {word!r}",
                         {**state, "q": rest, name: [*state[name], slug]})
    if len(out) > 1 and any(state[name] for name in FILTER_PARAMS):
        consider("the words alone, without any filter",
                 {**state, **{name: [] for name in FILTER_PARAMS}, "since": "", "until": "",
                  "effective_since": "", "effective_until": "", "relevant": False})
    unique: dict[str, dict[str, Any]] = {}
    for item in out:
        unique.setdefault(item["href"], item)
    return list(unique.values())[:8]


def highlighted(snippet: str | None) -> Markup:
    """An escaped snippet with the matched words in <mark>."""
    text = str(escape(snippet or ""))
    if text.count(_OPEN) != text.count(_CLOSE):
        return Markup(text.replace(_OPEN, "").replace(_CLOSE, ""))
    return Markup(text.replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>"))


# -- the timeline chart ---------------------------------------------------------------


def _periods(series: dict[str, dict[str, int]], period: str) -> list[str]:
    keys = sorted({p for values in series.values() for p in values})
    if not keys:
        return []
    if period == "year":
        return [str(y) for y in range(int(keys[0]), int(keys[-1]) + 1)]
    year, month = int(keys[0][:4]), int(keys[0][5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= keys[-1]:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def timeline_svg(series: dict[str, dict[str, int]], period: str, *, width: int = 760, height: int = 240) -> Markup:
    """Measures per period as an inline SVG line chart, one coloured line per series, with a legend."""
    periods = _periods(series, period)
    if not periods:
        return Markup('<p class="rw-empty">No measures with a publication date match.</p>')
    left, right, top, bottom = 40, 130, 12, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(max(values.values()) for values in series.values())
    step = plot_w / max(1, len(periods) - 1)
    x_of = {p: left + (i * step if len(periods) > 1 else plot_w / 2) for i, p in enumerate(periods)}

    def y_of(n: int) -> float:
        return top + plot_h - plot_h * n / peak

    parts = [Markup('<svg class="rw-timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
                    'width="{}" height="{}" role="img" aria-label="Measures over time">').format(
        width, height, width, height)]
    for fraction in (0, 0.5, 1):
        value = round(peak * fraction)
        parts.append(Markup('<line x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}" stroke="#ddd"/>'
                            '<text x="{}" y="{:.1f}" font-size="10" text-anchor="end">{}</text>').format(
            left, left + plot_w, y_of(value), y_of(value), left - 4, y_of(value) + 3, value))
    label_every = max(1, len(periods) // 10)
    for i, p in enumerate(periods):
        if i % label_every == 0:
            parts.append(Markup('<text x="{:.1f}" y="{}" font-size="10" text-anchor="middle">{}</text>').format(
                x_of[p], height - bottom + 14, p))
    ordered = sorted(series, key=lambda s: (s == "other", -sum(series[s].values()), s))
    for index, name in enumerate(ordered):
        colour = _PALETTE[index % len(_PALETTE)]
        values = series[name]
        points = " ".join(f"{x_of[p]:.1f},{y_of(values.get(p, 0)):.1f}" for p in periods)
        parts.append(Markup('<polyline fill="none" stroke="{}" stroke-width="2" points="{}"/>').format(colour, points))
        for p in periods:
            if values.get(p):
                parts.append(Markup('<circle cx="{:.1f}" cy="{:.1f}" r="3" fill="{}">'
                                    '<title>{}, {}: {} measure(s)</title></circle>').format(
                    x_of[p], y_of(values[p]), colour, name, p, values[p]))
        legend_y = top + 14 * index + 8
        parts.append(Markup('<rect x="{}" y="{}" width="10" height="10" fill="{}"/>'
                            '<text x="{}" y="{}" font-size="11">{} ({})</text>').format(
            width - right + 10, legend_y - 8, colour, width - right + 24, legend_y + 1, name, sum(values.values())))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


# -- the web archive: pages ------------------------------------------------------------


_summaries: dict[tuple[Any, ...], dict[str, Any]] = {}
_summaries_lock = threading.Lock()


def _archive_stamp(datasette: Any) -> tuple[int, ...]:
    """Changes whenever a writer commits to the archive (the file or its write-ahead log is modified)."""
    path = Path(datasette.get_database(DB_NAME).path)
    stamps: list[int] = []
    for candidate in (path, Path(f"{path}-wal")):
        try:
            info = candidate.stat()
            stamps.extend((info.st_mtime_ns, info.st_size))
        except FileNotFoundError:
            stamps.extend((0, 0))
    return tuple(stamps)


def _archive_db(conn: Any) -> sqlite_utils.Database:
    return sqlite_utils.Database(conn, recursive_triggers=False)


async def search_page(datasette: Any, request: Any) -> Any:
    """The home page: search box, facets with counts, results with snippets, timeline, exports."""
    from datasette.utils.asgi import Response

    state = _state(request)
    filters = Filters()
    by = state["timeline"] if state["timeline"] in ("jurisdiction", "commodity") else "jurisdiction"
    order = state["order"] if state["order"] in ("relevance", "date") else "relevance"

    def work(conn: Any) -> dict[str, Any]:
        with time_limit(conn, _limit(datasette)):
            return summarise(conn)

    def summarise(conn: Any) -> dict[str, Any]:
        db = _archive_db(conn)
        # Facets and the timeline read every match: on a large archive they are kept until it changes.
        summary_key = (_archive_stamp(datasette), state["q"], repr(filters), by)
        with _summaries_lock:
            summary = _summaries.get(summary_key)
        if summary is None:
            found = facets(db, state["q"], filters)
            years = [y for y, _ in found["year"]]
            period = "month" if 0 < len(years) <= 2 else "year"
            summary = {"total": count(db, state["q"], filters), "facets": found,
                       "chart": timeline_svg(timeline(db, state["q"], filters, by=by, period=period), period)}
            with _summaries_lock:
                _summaries[summary_key] = summary
                while len(_summaries) > 128:
                    _summaries.pop(next(iter(_summaries)))
        results = search(db, state["q"], filters, order=order, limit=PAGE_SIZE,
                         offset=(state["page"] - 1) * PAGE_SIZE, highlight=(_OPEN, _CLOSE))
        suggestions = _suggestions(db, state) if not summary["total"] else []
        return {"results": results, "suggestions": suggestions, **summary}

    error, status = _page_problem(request), 400
    found: dict[str, Any] = {"results": [], "total": 0, "facets": {}, "chart": Markup(""), "suggestions": []}
    if error is None:
        try:
            filters = _filters(state)
            found = await datasette.get_database(DB_NAME).execute_fn(work)
            status = 200
        except (QueryError, TooSlow) as exc:
            error = str(exc)
    for result in found["results"]:
        result["snippet_html"] = highlighted(result["snippet"])
        result["measure"] = labels_line(result["classification"])
    pages = max(1, -(-found["total"] // PAGE_SIZE))
    context = {
        "state": state, "error": error, "order": order, "by": by, **found,
        "facet_groups": _facet_links(state, found["facets"]),
        "readings": [f"{word}: also matched as {kind} {display_name(slug)}" for word, kind, slug in readings(state["q"])],
        "subscribe_command": "" if error else subscribe_command(filters, state["q"]),
        "page": state["page"], "pages": pages,
        "prev_href": _link("/", state, page=state["page"] - 1) if state["page"] > 1 else None,
        "next_href": _link("/", state, page=state["page"] + 1) if state["page"] < pages else None,
        "csv_href": _link("/search.csv", state), "json_href": _link("/search.json", state),
        "timeline_hrefs": {name: _link("/", state, timeline=name) for name in ("jurisdiction", "commodity")},
        "order_hrefs": {name: _link("/", state, order=name) for name in ("relevance", "date")},
        "clear_href": _link("/", {key: ([] if isinstance(v, list) else "" if isinstance(v, str) else v)
                                  for key, v in state.items()} | {"relevant": False}),
        "database": DB_NAME,
    }
    html = await datasette.render_template("regwatch_search.html", context, request=request)
    return Response.html(html, status=status)


async def export(datasette: Any, request: Any) -> Any:
    """Every notice a search matches, as CSV (for a spreadsheet or an audit file) or JSON."""
    from datasette.utils.asgi import Response

    fmt = request.url_vars["format"]
    state = _state(request)
    try:
        filters = _filters(state)
    except QueryError as exc:
        return Response.text(str(exc) + "\n", status=400)
    order = state["order"] if state["order"] in ("relevance", "date") else "relevance"

    def work(conn: Any) -> list[dict[str, Any]]:
        rows = []
        with time_limit(conn, _limit(datasette, EXPORT_TIME_FACTOR)):
            for result in iter_search(_archive_db(conn), state["q"], filters, order=order, highlight=("[", "]")):
                rows.append(result)
                if len(rows) >= MAX_EXPORT:
                    break
        return rows

    problem = _page_problem(request)
    if problem:
        return Response.text(problem + "\n", status=400)
    try:
        rows = await datasette.get_database(DB_NAME).execute_fn(work)
    except (QueryError, TooSlow) as exc:
        return Response.text(str(exc) + "\n", status=400)
    stamp = clock.today().isoformat()
    if fmt == "json":
        given: dict[str, list[str]] = {}
        for key, value in _pairs(state):
            if key not in ("q", "timeline", "page"):
                given.setdefault(key, []).append(value)
        body = json.dumps({"query": state["q"], "filters": given, "count": len(rows),
                           "results": rows}, ensure_ascii=False, indent=1)
        return Response(body, content_type="application/json; charset=utf-8",
                        headers={"content-disposition": f'attachment; filename="regwatch-search-{stamp}.json"'})
    buffer = io.StringIO()
    buffer.write("\ufeff")  # spreadsheets read the file as UTF-8 (Chinese titles) only with this mark
    write_search_csv(buffer, rows)
    return Response(buffer.getvalue(), content_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="regwatch-search-{stamp}.csv"'})


async def _error_page(datasette: Any, request: Any, status: int, title: str, message: str) -> Any:
    from datasette.utils.asgi import Response

    html = await datasette.render_template("error.html", {"title": title, "status": status, "error": message},
                                           request=request)
    return Response.html(html, status=status)


class DiffCache:
    """The notice page's word diffs, kept by the pair of texts they compare (an archived text never changes).

    A diff costs up to about a second (``alerts.diff.WORK_BUDGET``); it is computed in the request's
    worker thread, never on the event loop, and once per pair of texts while it stays among the
    ``size`` most recently used."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self.computed = 0  # how many diffs were computed rather than found
        self._items: OrderedDict[tuple[bytes, bytes], Markup] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _digest(text: str) -> bytes:
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()

    def html(self, old: str, new: str) -> Markup:
        """``html_diff(old, new)``, from the cache when it holds it."""
        key = (self._digest(old), self._digest(new))
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        made = html_diff(old, new)
        with self._lock:
            self.computed += 1
            self._items[key] = made
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return made


diffs = DiffCache()


async def notice_page(datasette: Any, request: Any) -> Any:
    """One notice: metadata, current labels, and every version with its changes marked inline."""
    from datasette.utils.asgi import Response

    raw = request.url_vars["id"]
    if len(raw) > len(str(MAX_ID)) or int(raw) > MAX_ID:
        return await _error_page(datasette, request, 400, "No such notice",
                                 f"{raw[:40]} is not a notice id: ids are whole numbers up to {MAX_ID}.")
    document_id = int(raw)

    def work(conn: Any) -> dict[str, Any] | None:
        # in Datasette's worker thread: the diffs, like the SQL, keep the event loop free for other requests
        with time_limit(conn, _limit(datasette)):
            return notice_history(_archive_db(conn), document_id, diff=diffs.html)

    try:
        record = await datasette.get_database(DB_NAME).execute_fn(work)
    except TooSlow as exc:
        return await _error_page(datasette, request, 503, "Too slow", str(exc))
    if record is None:
        return await _error_page(datasette, request, 404, "No such notice",
                                 f"There is no notice with id {document_id}; search for it from the home page.")
    for version in record["versions"]:
        version["diff_html"] = version["diff"]
        version["paragraphs"] = [line for line in version["text"].splitlines() if line.strip()]
    context = {"notice": record, "labels": record["classification"], "measure": labels_line(record["classification"]),
               "versions": list(reversed(record["versions"])), "database": DB_NAME}
    return Response.html(await datasette.render_template("regwatch_notice.html", context, request=request))


# -- the Datasette plugin ----------------------------------------------------------------


# These hooks make this module a Datasette plugin: the archive's own pages, and no access to
# subscribers' data or to arbitrary SQL.


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Any]]:
    return [
        (r"^/$", search_page),
        (r"^/search\.(?P<format>csv|json)$", export),
        (r"^/notice/(?P<id>\d+)$", notice_page),
    ]


@hookimpl
def permission_allowed(datasette: Any, actor: Any, action: str, resource: Any) -> bool | None:
    if action in ("execute-sql", "view-database-download", "create-table", "insert-row", "update-row",
                  "delete-row", "drop-table", "alter-table"):
        return False
    if action == "view-table" and isinstance(resource, tuple) and resource[1] not in PUBLIC_TABLES:
        return False
    return None


@hookimpl
def prepare_jinja2_environment(env: Any, datasette: Any) -> None:
    env.filters["label"] = display_name


@hookimpl
def menu_links(datasette: Any, actor: Any) -> list[dict[str, str]]:
    return [{"href": "/", "label": "Search notices"},
            {"href": f"/{DB_NAME}", "label": "Browse the archive's tables"}]


def metadata() -> dict[str, Any]:
    """Datasette metadata: titles, table facets and canned queries with CSV/JSON export."""
    return {
        "title": "regwatch archive",
        "description": "Trade-regulation notices: every version, classified.",
        "databases": {DB_NAME: {
            "tables": {
                "documents": {"facets": ["source_id", "language"], "sort_desc": "published",
                              "label_column": "title"},
                "classifications": {"facets": ["direction", "relevant", {"array": "topics"},
                                               {"array": "commodities"}]},
                "sources": {"label_column": "name"},
            },
            "queries": {
                "measures": {
                    "title": "Measures in force: current labels of every relevant notice",
                    "sql": """SELECT d.id, s.jurisdiction, s.agency, d.published, c.effective_date, d.title,
                                     c.topics, c.direction, c.commodities, c.hs_codes, c.eccns, d.url
                              FROM documents d JOIN sources s ON s.id = d.source_id
                              JOIN classifications c ON c.version_id = d.current_version_id
                              WHERE c.relevant = 1 ORDER BY d.published DESC""",
                },
                "measures_per_year": {
                    "title": "Measures per year and jurisdiction",
                    "sql": """SELECT substr(d.published, 1, 4) AS year, s.jurisdiction, count(*) AS measures
                              FROM documents d JOIN sources s ON s.id = d.source_id
                              JOIN classifications c ON c.version_id = d.current_version_id
                              WHERE c.relevant = 1 AND d.published IS NOT NULL
                              GROUP BY 1, 2 ORDER BY 1 DESC, 3 DESC""",
                },
            },
        }},
    }


def make_datasette(db_path: str | Path, *, immutable: bool = False, sql_time_limit_ms: int = SQL_TIME_LIMIT_MS,
                   debug: bool = False) -> Any:
    """A Datasette instance serving the archive read-only with the regwatch pages.

    IMMUTABLE: the file lies where nobody can write (``archive.reader.read_only_uri``).
    SQL_TIME_LIMIT_MS: how long one request's SQL may run before it is stopped with a message.
    DEBUG: errors are logged one line each; with DEBUG a server error's traceback follows.
    """
    from datasette.app import Datasette
    from datasette.plugins import pm

    from regwatch import ui_errors

    if pm.get_plugin("regwatch-ui") is None:
        pm.register(sys.modules[__name__], name="regwatch-ui")
    ui_errors.install(pm)
    path = Path(db_path)
    # Datasette names a database after its file; the pages expect DB_NAME.
    datasette = Datasette(files=[], metadata=metadata(), template_dir=str(TEMPLATES),
                          settings={"default_page_size": 50, "sql_time_limit_ms": sql_time_limit_ms,
                                    "allow_download": False, "suggest_facets": False})
    from datasette.database import Database

    datasette.add_database(Database(datasette, path=str(path), is_mutable=not immutable), name=DB_NAME)
    datasette.regwatch_debug = debug
    return datasette


def serve_ui(db_path: str | Path, *, host: str = "127.0.0.1", port: int = 8001,
             progress: Callable[[str], None] | None = None, debug: bool = False) -> int:
    """Check that the file is a current archive, then serve it read-only until interrupted (it is never written).

    The port is bound before the address is announced, so a busy port is the only thing said.
    """
    import socket

    import uvicorn

    from archive.reader import ArchiveUnreadable, open_reader, read_only_uri

    path = Path(db_path)
    if not path.exists():
        raise UiError(f"no archive at {path}: run `regwatch run` (or `regwatch demo`) first, or pass --db")
    try:
        open_reader(path).close()
    except ArchiveUnreadable as exc:
        raise UiError(str(exc)) from None
    try:
        listener = socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET)
    except OSError as exc:
        raise UiError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose another --port") from None
    with listener:
        app = make_datasette(path, immutable="immutable=1" in read_only_uri(path), debug=debug).app()
        if progress:
            bound = listener.getsockname()[1]
            progress(f"regwatch archive on http://{host}:{bound}/ (read-only; Ctrl-C stops)")
        config = uvicorn.Config(app, log_level="warning", lifespan="on")
        uvicorn.Server(config).run(sockets=[listener])
    return 0
