"""The web archive's bounds: numbers out of range are a 400 with one line, and no request's SQL runs unbounded."""
from __future__ import annotations

import asyncio
import re
import time
from urllib.parse import quote

import pytest

from archive.query import MAX_DEPTH, MAX_TERMS
from regwatch import ui
from regwatch.cli import main
from regwatch.ui import make_datasette
from tests.helpers import add_versions, build_sample_archive, get, many_paragraph_notice, ui_server


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ui-bounds")
    db = build_sample_archive(folder / "archive.db")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return folder / "archive.db"


@pytest.fixture(scope="module")
def served(archive, tmp_path_factory):
    with ui_server(archive, tmp_path_factory.mktemp("ui-log") / "ui.log") as base:
        yield base


@pytest.mark.parametrize(("path", "says"), [
    ("/?page=100000000000000000000", "not a page number"),
    ("/?page=10**20", "not a page number"),
    ("/?q=graphite&page=0", "not a page number"),
    ("/?page=-3", "not a page number"),
    ("/notice/12345678901234567890", "not a notice id"),
    ("/notice/99999999999999999999999999999999", "not a notice id"),
    ("/?until=9999", "reaches past the last date"),
    ("/?since=2020&until=9999-12-31", "reaches past the last date"),
])
def test_numbers_out_of_range_are_a_400_with_a_message(served, path, says):
    status, body, _ = get(served + path)
    assert status == 400, (path, status)
    assert says in body and "Traceback" not in body


@pytest.mark.parametrize("path", ["/search.csv?page=100000000000000000000", "/search.json?until=9999"])
def test_exports_refuse_them_in_one_line(served, path):
    status, body, _ = get(served + path)
    assert status == 400 and len(body.strip().splitlines()) == 1, body


def test_a_page_in_range_is_served(served):
    status, body, _ = get(served + "/?q=graphite&page=1")
    assert status == 200 and "Announcement No. 39" in body
    status, body, _ = get(served + "/?q=graphite&page=400")
    assert status == 200  # past the last page: no results, not an error


def test_the_command_line_refuses_until_9999_in_one_line(archive, capsys):
    assert main(["search", "--db", str(archive), "--until", "9999"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "reaches past the last date" in err[0]


def _get(datasette, path: str) -> tuple[int, str]:
    async def fetch() -> tuple[int, str]:
        response = await datasette.client.get(path)
        return response.status_code, response.text
    return asyncio.run(fetch())


def test_a_search_past_the_time_limit_is_stopped_with_a_message(archive, monkeypatch):
    """As many OR'd terms as a query may hold: stopped at the limit with a 400 and a line saying why; quick ones
    still answer."""
    monkeypatch.setattr(ui, "EXPORT_TIME_FACTOR", 1)  # the export's limit as short as the page's
    terms = " OR ".join(f"term{i}" for i in range(MAX_TERMS))
    quick = make_datasette(archive, sql_time_limit_ms=5000)
    assert _get(quick, "/?q=graphite")[0] == 200
    strict = make_datasette(archive, sql_time_limit_ms=1)
    status, body = _get(strict, "/?q=" + terms)
    assert status == 400 and "took longer than 0.001 s and was stopped" in body
    status, body = _get(strict, "/search.csv?q=" + terms)
    assert status == 400 and re.fullmatch(r"this request took longer than [0-9.]+ s[^\n]*\n", body)


def _cjk_terms(n: int, joiner: str = " ") -> str:
    return joiner.join(f"{'镓锗'[i % 2]}{i}" for i in range(n))


TOO_LARGE = [
    (" OR ".join(f"term{i}" for i in range(4000)), f"at most {MAX_TERMS}"),
    (_cjk_terms(3000), f"at most {MAX_TERMS}"),
    (_cjk_terms(3000, " OR "), f"at most {MAX_TERMS}"),
    ("石墨 OR " + _cjk_terms(150, " NOT "), f"more than {MAX_DEPTH} levels"),
    ("石墨 OR " + "(镓 OR x " * 30 + ")" * 30, f"more than {MAX_DEPTH} levels"),
]


@pytest.mark.parametrize(("query", "says"), TOO_LARGE, ids=["4000-or", "3000-cjk", "3000-cjk-or", "not-chain", "nested"])
def test_a_query_past_the_term_or_depth_limit_is_one_line_on_the_command_line(archive, capsys, query, says):
    assert main(["search", "--db", str(archive), query]) == 2
    captured = capsys.readouterr()
    err = captured.err.strip().splitlines()
    assert len(err) == 1 and says in err[0] and "Traceback" not in captured.err, err


@pytest.mark.parametrize(("query", "says"), TOO_LARGE, ids=["4000-or", "3000-cjk", "3000-cjk-or", "not-chain", "nested"])
def test_a_query_past_the_term_or_depth_limit_is_a_400_on_the_web(served, query, says):
    status, body, _ = get(served + "/?q=" + quote(query))
    assert status == 400 and says in body, status
    status, body, _ = get(served + "/search.csv?q=" + quote(query))
    assert status == 400 and len(body.strip().splitlines()) == 1 and says in body, body[:300]


@pytest.mark.parametrize("query", [_cjk_terms(MAX_TERMS, " OR "), " OR ".join(f"term{i}" for i in range(MAX_TERMS)),
                                   "石墨 OR " + _cjk_terms(MAX_DEPTH, " NOT ")])
def test_a_query_at_the_limits_is_searched(archive, served, capsys, query):
    assert main(["search", "--db", str(archive), query]) == 0, capsys.readouterr().err
    assert get(served + "/?q=" + quote(query))[0] == 200


@pytest.fixture(scope="module")
def heavy(tmp_path_factory):
    """An archive with a notice of five versions whose four word diffs each spend a whole diff budget."""
    path = tmp_path_factory.mktemp("ui-heavy") / "archive.db"
    db = build_sample_archive(path)
    notice = add_versions(db, "annex-1", [many_paragraph_notice(4_000, revision) for revision in range(1, 6)])
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path, notice


def test_a_costly_notice_page_does_not_hold_up_other_pages_and_its_diffs_are_kept(heavy):
    """While the notice page computes its diffs, the search page keeps answering; a second view computes nothing."""
    path, notice = heavy
    datasette = make_datasette(path, sql_time_limit_ms=60_000)

    async def timed(target: str, start: float) -> tuple[float, int]:
        response = await datasette.client.get(target)
        return time.perf_counter() - start, response.status_code

    async def together() -> tuple[tuple[float, int], list[tuple[float, int]]]:
        heavy_page = asyncio.ensure_future(timed(f"/notice/{notice}", time.perf_counter()))
        light: list[tuple[float, int]] = []
        while not heavy_page.done():
            # timed from when it is due, so a request kept waiting by a busy event loop counts the wait
            due = time.perf_counter() + 0.05
            await asyncio.sleep(0.05)
            light.append(await timed("/?q=graphite", due))
        return await heavy_page, light

    assert _get(datasette, "/?q=graphite")[0] == 200  # templates and caches warm
    computed = ui.diffs.computed
    (heavy_time, status), light = asyncio.run(together())
    assert status == 200 and ui.diffs.computed == computed + 4
    assert len(light) >= 3 and all(code == 200 for _, code in light)
    # each search page answered within a small part of the notice page's time, never after waiting for it
    assert max(t for t, _ in light) < heavy_time / 3, (heavy_time, light)

    status, body = _get(datasette, f"/notice/{notice}")
    assert status == 200 and ui.diffs.computed == computed + 4  # every diff from the cache
    assert "Clause amended 0 in revision 5" in body and "<del" in body
