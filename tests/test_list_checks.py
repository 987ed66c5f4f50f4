"""A list check is one conditional request: the list's validators are sent back, and a 304 reads as the
same list, healthy and with nothing new; a site that sends no validators is asked plainly."""
from __future__ import annotations

from tests.fixtures.crawl import bundled_source, crawl_once, requested
from tests.fixtures.server import FIXTURES, FixtureServer

FEED = "/government/organisations/office-of-financial-sanctions-implementation.atom"


def _list_requests(server: FixtureServer, since: int = 0) -> list[dict]:
    return [r for r in server.requests[since:] if r["path"] == FEED]


def test_the_second_list_check_is_conditional_and_a_304_is_the_same_healthy_list(db_path):
    with FixtureServer(FIXTURES / "gb-ofsi") as server:
        server.spec["routes"][0]["headers"] = {"ETag": '"feed-1"', "Last-Modified": "Thu, 12 Jun 2025 11:15:02 GMT"}
        source = {**server.repoint(bundled_source("gb-ofsi")), "delay": 0}
        first = crawl_once(db_path, server, source)
        mark = len(server.requests)
        second = crawl_once(db_path, server, source)
        checks = _list_requests(server, mark)
        later = requested(server, mark)
    assert first["ok"] == 1 and first["new"] == 2
    assert len(checks) == 1
    assert checks[0]["headers"].get("If-None-Match") == '"feed-1"'
    assert checks[0]["headers"].get("If-Modified-Since") == "Thu, 12 Jun 2025 11:15:02 GMT"
    assert second["ok"] == 1 and second["items_seen"] == first["items_seen"] and second["errors"] == 0
    assert second["new"] == 0 and second["changed"] == 0
    # Nothing but the list was asked for: the notices were checked recently.
    assert later == [FEED]


def test_a_changed_list_is_read_afresh_and_a_list_without_validators_is_asked_plainly(db_path):
    with FixtureServer(FIXTURES / "gb-ofsi") as server:
        source = {**server.repoint(bundled_source("gb-ofsi")), "delay": 0}
        crawl_once(db_path, server, source)
        mark = len(server.requests)
        crawl_once(db_path, server, source)
        plain = _list_requests(server, mark)
        server.spec["routes"][0]["headers"] = {"ETag": '"feed-1"'}
        crawl_once(db_path, server, source)
        server.spec["routes"][0]["headers"] = {"ETag": '"feed-2"'}
        mark = len(server.requests)
        third = crawl_once(db_path, server, source)
        changed = _list_requests(server, mark)
    assert [r["headers"].get("If-None-Match") for r in plain] == [None]
    assert [r["headers"].get("If-None-Match") for r in changed] == ['"feed-1"']
    assert third["ok"] == 1 and third["items_seen"] == 2
