"""The archive for people: a notice's history on the terminal, and a read-only web archive.

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

import io
import json
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import sqlite_utils
from datasette import hookimpl
from markupsafe import Markup, escape

from alerts.changes import fact_changes
from alerts.diff import html_diff, text_diff
from archive import clock, corrections
from archive.search import (
    FACETS,
    QueryError,
    SearchFilters,
    count,
    facets,
    iter_search,
    search,
    timeline,
)
from archive.store import notice
from archive.taxonomy import display_name, display_names
from regwatch.output import write_search_csv

DB_NAME = "archive"
PAGE_SIZE = 25
MAX_EXPORT = 200_000
# The only tables the web archive serves (an allow-list: a table added later stays private until it is
# named here). None of their columns names a person; tests/test_privacy.py holds every column to that.
PUBLIC_TABLES = ("documents", "versions", "classifications", "sources", "source_runs", "source_issues", "runs")
TEMPLATES = Path(__file__).with_name("ui_templates")
# Highlight markers from the search engine; swapped for <mark> only after the snippet is escaped.
_OPEN, _CLOSE = "\ue000", "\ue001"
_PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f")


class UiError(ValueError):
    """The web archive cannot start (no archive file, port taken): one line for the user."""


# -- a notice and its history --------------------------------------------------------


def notice_history(db: sqlite_utils.Database, document_id: int) -> dict[str, Any] | None:
    """A notice with its source, current labels and every version (oldest first).

    Each version carries ``diff`` (the changed paragraphs against the version
    before, as ``- ``/``+ `` lines; None for the first), ``label_changes`` and
    ``baseline`` (archived as its source's back catalogue, so never alerted).
    """
    record = notice(db, document_id)
    if record is None:
        return None
    previous = None
    for version in record["versions"]:
        version["diff"] = text_diff(previous["text"], version["text"]) if previous else None
        version["baseline"] = bool(version.get("baseline"))
        version["label_changes"] = fact_changes(previous and previous["classification"],
                                                version["classification"])
        previous = version
    current = record["versions"][-1] if record["versions"] else {}
    record["classification"] = current.get("classification")
    record["gist"], record["frames"] = current.get("gist"), current.get("frames") or []
    record["corrections"] = corrections.of_notice(db, document_id)
    return record


def _labels_line(labels: dict[str, Any] | None) -> str:
    if labels is None:
        return "not classified yet"
    if not labels["relevant"]:
        return "not a measure"
    measure = display_names(labels["topics"]) + (f" ({display_name(labels['direction'])})" if labels["direction"] else "")
    return measure


def print_notice(record: dict[str, Any], *, full_text: bool = False, out: Callable[[str], None] = print) -> None:
    """A notice and its history as plain text: labels, then each version's changes (or text)."""
    labels = record["classification"]
    if record.get("gist"):
        out(record["gist"])
    out(f"#{record['id']}  {record['title']}")
    out(f"    {record['jurisdiction']} · {record['agency']} · source {record['source_id']} · "
        f"published {(record['published'] or 'unknown')[:10]} · {record['version_count']} version(s)")
    out(f"    first seen {record['first_seen']} · last seen {record['last_seen']}")
    if record["url"]:
        out(f"    {record['url']}")
    out(f"\nMeasure: {_labels_line(labels)}")
    if labels:
        for key, name in (("effective_date", "takes effect"), ("commodities", "commodities"),
                          ("hs_codes", "HS codes"), ("eccns", "ECCNs"), ("doc_ids", "document ids")):
            value = labels[key]
            if value:
                shown = display_names(value) if key == "commodities" else ", ".join(value) if isinstance(value, list) else value
                out(f"    {name}: {shown}")
    for made in record.get("corrections") or []:
        out(f"    corrected by {made['who']} at {made['at']}: {json.dumps(made['changes'], ensure_ascii=False)}")
    for frame in record.get("frames") or []:
        out(f"    frame: {frame['action']} · {frame['instrument']} → {frame['direction']}: {frame['sentence']}")
    for version in record["versions"]:
        out(f"\n=== version {version['number']} · fetched {version['fetched_at']}"
            + (f" · {version['url']}" if version["url"] and version["url"] != record["url"] else ""))
        if version.get("baseline"):
            out("    archived as the source's baseline (back catalogue of its first crawl): no alert was sent")
        for change in version["label_changes"]:
            out(f"    {change}")
        if version["diff"] is None or full_text:
            out(version["text"])
        else:
            out(version["diff"] or "(no change in the text)")


# -- the web archive: request parsing ----------------------------------------------


def _state(request: Any) -> dict[str, Any]:
    """The search the request asks for, as plain values (also used to build links)."""
    args = request.args
    multi = {name: [v for v in args.getlist(name) if v.strip()] for name in
             ("jurisdiction", "source", "agency", "topic", "direction", "commodity", "hs")}
    single = {name: (args.get(name) or "").strip() for name in
              ("q", "since", "until", "effective_since", "effective_until", "order", "timeline")}
    try:
        page = max(1, int(args.get("page") or 1))
    except ValueError:
        page = 1
    return {**multi, **single, "relevant": args.get("relevant") == "1", "page": page}


def _filters(state: dict[str, Any]) -> SearchFilters:
    return SearchFilters(
        jurisdiction=state["jurisdiction"] or None, source=state["source"] or None, agency=state["agency"] or None,
        topic=state["topic"] or None, direction=state["direction"] or None, commodity=state["commodity"] or None,
        hs=state["hs"] or None, since=state["since"] or None, until=state["until"] or None,
        effective_since=state["effective_since"] or None, effective_until=state["effective_until"] or None,
        relevant_only=state["relevant"],
    )


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
        out.append({"name": name, "items": items})
    return out


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
    filters = _filters(state)
    by = state["timeline"] if state["timeline"] in ("jurisdiction", "commodity") else "jurisdiction"
    order = state["order"] if state["order"] in ("relevance", "date") else "relevance"

    def work(conn: Any) -> dict[str, Any]:
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
        return {
            "results": search(db, state["q"], filters, order=order, limit=PAGE_SIZE,
                              offset=(state["page"] - 1) * PAGE_SIZE, highlight=(_OPEN, _CLOSE)),
            **summary,
        }

    error, status = None, 200
    try:
        found = await datasette.get_database(DB_NAME).execute_fn(work)
    except QueryError as exc:
        error, status = str(exc), 400
        found = {"results": [], "total": 0, "facets": {}, "chart": Markup("")}
    for result in found["results"]:
        result["snippet_html"] = highlighted(result["snippet"])
        result["measure"] = _labels_line(result["classification"])
    pages = max(1, -(-found["total"] // PAGE_SIZE))
    context = {
        "state": state, "error": error, "order": order, "by": by, **found,
        "facet_groups": _facet_links(state, found["facets"]),
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
    filters = _filters(state)
    order = state["order"] if state["order"] in ("relevance", "date") else "relevance"

    def work(conn: Any) -> list[dict[str, Any]]:
        rows = []
        for result in iter_search(_archive_db(conn), state["q"], filters, order=order, highlight=("[", "]")):
            rows.append(result)
            if len(rows) >= MAX_EXPORT:
                break
        return rows

    try:
        rows = await datasette.get_database(DB_NAME).execute_fn(work)
    except QueryError as exc:
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


async def notice_page(datasette: Any, request: Any) -> Any:
    """One notice: metadata, current labels, and every version with its changes marked inline."""
    from datasette.utils.asgi import Response

    document_id = int(request.url_vars["id"])
    record = await datasette.get_database(DB_NAME).execute_fn(lambda conn: notice_history(_archive_db(conn),
                                                                                         document_id))
    if record is None:
        html = await datasette.render_template(
            "error.html", {"title": "No such notice", "status": 404,
                           "error": f"There is no notice with id {document_id}; search for it from the home page."},
            request=request)
        return Response.html(html, status=404)
    previous = None
    for version in record["versions"]:
        version["diff_html"] = html_diff(previous["text"], version["text"]) if previous else None
        version["paragraphs"] = [line for line in version["text"].splitlines() if line.strip()]
        previous = version
    context = {"notice": record, "labels": record["classification"], "measure": _labels_line(record["classification"]),
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


def make_datasette(db_path: str | Path) -> Any:
    """A Datasette instance serving the archive read-only with the regwatch pages."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    if pm.get_plugin("regwatch-ui") is None:
        pm.register(sys.modules[__name__], name="regwatch-ui")
    path = Path(db_path)
    # Datasette names a database after its file; the pages expect DB_NAME.
    datasette = Datasette(files=[], metadata=metadata(), template_dir=str(TEMPLATES),
                          settings={"default_page_size": 50, "sql_time_limit_ms": 3000,
                                    "allow_download": False, "suggest_facets": False})
    from datasette.database import Database

    datasette.add_database(Database(datasette, path=str(path), is_mutable=True), name=DB_NAME)
    return datasette


def serve_ui(db_path: str | Path, *, host: str = "127.0.0.1", port: int = 8001,
             progress: Callable[[str], None] | None = None) -> int:
    """Bring the archive's schema up to date, then serve it read-only until interrupted."""
    import uvicorn

    from archive.db import open_archive

    path = Path(db_path)
    if not path.is_file():
        raise UiError(f"no archive at {path}: run `regwatch run` (or `regwatch demo`) first, or pass --db")
    open_archive(path).close()  # applies pending migrations; the server itself only reads
    app = make_datasette(path).app()
    if progress:
        progress(f"regwatch archive on http://{host}:{port}/ (read-only; Ctrl-C stops)")
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    try:
        server.run()
    except SystemExit as exc:  # uvicorn exits when it cannot bind the port
        raise UiError(f"cannot listen on {host}:{port}; choose another --port") from exc
    return 0

