"""The web archive's own messages: one log line per error, a busy port refused before anything is announced,
page furniture that says what it means."""
from __future__ import annotations

import re
import socket

import pytest

from tests.helpers import build_sample_archive, document_id, get, regwatch, ui_server


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ui-errors")
    db_path = folder / "archive.db"
    db = build_sample_archive(db_path)
    notice_id = document_id(db, "2023-39")
    db.close()
    log = folder / "ui.log"
    with ui_server(db_path, log) as base:
        yield base, log, notice_id


ERRORS = ["/no-such-page", "/archive/no_such_table.json", "/archive/documents/999999", "/notice/99999999",
          "/archive/documents?_sort=no_such_column"]


def test_each_failed_request_is_one_line_in_the_log_and_a_page_for_the_reader(served):
    base, log, _ = served
    statuses = [get(base + path)[0] for path in ERRORS]
    assert statuses[:4] == [404, 404, 404, 404] and all(status >= 400 for status in statuses)
    status, page, _ = get(base + "/no-such-page")
    assert status == 404 and "<html" in page.lower()
    before = log.read_text()
    get(base + "/no-such-page")
    added = log.read_text()[len(before):].splitlines()
    assert added == ["regwatch ui: 404 GET /no-such-page: 404"] or (len(added) == 1 and "404 GET /no-such-page" in added[0])
    text = log.read_text()
    assert "Traceback" not in text and "│" not in text and "RuntimeWarning" not in text, text
    for path in ERRORS:
        if path.startswith("/notice/"):
            continue  # the notice page answers its own 404, with a link to the search
        assert any(f" GET {path.split('?')[0]}" in line for line in text.splitlines()), (path, text)


def test_order_is_offered_only_for_a_query_and_the_notice_breadcrumb_names_the_notice(served):
    base, _, notice_id = served
    _, browse, _ = get(base + "/")
    def tools(page: str) -> str:
        return re.sub(r"<[^>]+>", "", re.search(r'<p class="rw-tools">(.*?)</p>', page, re.S).group(1))

    assert "order" not in tools(browse) and "relevance" not in tools(browse)  # without words there is no rank
    assert "order: relevance" in tools(get(base + "/?q=graphite")[1])
    _, notice, _ = get(f"{base}/notice/{notice_id}")
    crumbs = re.search(r'<p class="crumbs">(.*?)</p>', notice, re.S).group(1)
    assert ">row<" not in crumbs and f"notice #{notice_id}" in crumbs


def test_a_busy_port_is_refused_before_any_address_is_announced(tmp_path):
    build_sample_archive(tmp_path / "archive.db").close()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = regwatch("ui", "--db", str(tmp_path / "archive.db"), "--port", str(port))
    assert result.returncode == 2
    assert result.stdout == "" and "http://" not in result.stderr
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
