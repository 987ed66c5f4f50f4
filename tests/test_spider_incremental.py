"""Incremental crawling: lists every run, notices only when new or due, conditional re-checks, paging stops."""
from __future__ import annotations

import json

from archive import clock
from archive.db import open_archive
from tests.fixtures.crawl import bundled_source, crawl_once, requested
from tests.fixtures.server import FIXTURES, FixtureServer

ZCFB = FIXTURES / "cn-mofcom-zcfb"
ART_18 = "/zwgk/zcfb/art/2025/art_3b8e6d0f1c2a4e7b9f5d2c8a6e4b1d03.html"


def versions(db_path) -> int:
    db = open_archive(db_path)
    try:
        return db.execute("SELECT count(*) FROM versions").fetchone()[0]
    finally:
        db.close()


def test_a_second_run_lists_again_but_fetches_no_known_notice(db_path):
    with FixtureServer(ZCFB) as server:
        source = {**server.repoint(bundled_source("cn-mofcom-zcfb")), "delay": 0}
        first = crawl_once(db_path, server, source)
        assert first["new"] == 3
        mark = len(server.requests)
        second = crawl_once(db_path, server, source)
        paths = requested(server, mark)
    assert second["ok"] == 1 and second["items_seen"] == 3 and second["new"] == 0
    assert any(p.startswith("/zwgk/zcfb/index.html") for p in paths)
    assert any(p.startswith("/api-gateway/") for p in paths)
    assert not [p for p in paths if "/art/" in p or p.endswith(".pdf")], paths


def test_a_due_recheck_is_conditional_and_a_304_stores_nothing(db_path):
    with FixtureServer(ZCFB) as server:
        source = {**server.repoint(bundled_source("cn-mofcom-zcfb")), "delay": 0, "recheck_hours": 0}
        crawl_once(db_path, server, source)
        before = versions(db_path)
        mark = len(server.requests)
        run = crawl_once(db_path, server, source)
        article = [r for r in server.requests[mark:] if r["path"] == ART_18]
    assert len(article) == 1
    assert article[0]["headers"].get("If-None-Match") == '"684950f0-2c1a"'
    assert article[0]["headers"].get("If-Modified-Since") == "Wed, 11 Jun 2025 09:31:12 GMT"
    assert run["ok"] == 1 and run["new"] == 0 and run["changed"] == 0 and run["unchanged"] == 3
    assert versions(db_path) == before


def test_an_identical_text_without_validators_stores_no_version(db_path):
    with FixtureServer(FIXTURES / "us-fr-bis") as server:
        source = {**server.repoint(bundled_source("us-fr-bis")), "delay": 0, "recheck_hours": 0}
        crawl_once(db_path, server, source)
        before = versions(db_path)
        mark = len(server.requests)
        run = crawl_once(db_path, server, source)
        refetched = [p for p in requested(server, mark) if p.endswith(".txt")]
    assert len(refetched) == 2  # the API sends no validators: the full text is read again ...
    assert run["unchanged"] == 2 and run["new"] == 0 and run["changed"] == 0
    assert versions(db_path) == before  # ... and, being the same text, stored nothing


def test_a_recrawl_with_the_same_text_and_other_metadata_writes_no_version(db_path, tmp_path):
    with FixtureServer(FIXTURES / "eu-eurlex-ojl") as server:
        source = {**server.repoint(bundled_source("eu-eurlex-ojl")), "delay": 0, "recheck_hours": 0}
        crawl_once(db_path, server, source)
        before = versions(db_path)
        again = crawl_once(db_path, server, source)
        page = (server.folder / "32025R1180.html").read_text("utf-8")
        repealed = page.replace("<dd>Yes</dd>", "<dd>No</dd><dt>Date of end of validity: </dt><dd>01/01/2026</dd>")
        assert repealed != page
        (tmp_path / "32025R1180.html").write_text(repealed, "utf-8")
        server.overrides["32025R1180.html"] = tmp_path / "32025R1180.html"
        changed_metadata = crawl_once(db_path, server, source)
    assert again["unchanged"] == 2 and changed_metadata["unchanged"] == 2
    assert again["new"] == again["changed"] == changed_metadata["changed"] == 0
    assert versions(db_path) == before == 2
    db = open_archive(db_path)
    try:
        stored = db.execute("""SELECT v.metadata FROM versions v JOIN documents d ON d.id = v.document_id
                               WHERE d.native_id = '32025R1180'""").fetchone()[0]
    finally:
        db.close()
    assert json.loads(stored)["In force"] == "Yes"  # the version keeps the metadata it was archived with


def test_paging_stops_at_the_first_page_of_known_notices(db_path):
    with FixtureServer(ZCFB) as server:
        source = server.repoint(bundled_source("cn-mofcom-zcfb"))
        source = {**source, "delay": 0, "params": {**source["params"], "page_size": 2}}
        first = crawl_once(db_path, server, source)
        pages_first = [p for p in requested(server) if p.startswith("/api-gateway/")]
        mark = len(server.requests)
        crawl_once(db_path, server, source)
        pages_second = [p for p in requested(server, mark) if p.startswith("/api-gateway/")]
    assert first["new"] == 3 and len(pages_first) == 2
    assert len(pages_second) == 1 and "pageNo%22%3A1" in pages_second[0]


def test_a_changed_notice_is_a_new_version_of_the_same_notice(db_path, tmp_path):
    with FixtureServer(FIXTURES / "us-fr-bis") as server:
        source = {**server.repoint(bundled_source("us-fr-bis")), "delay": 0, "recheck_hours": 0}
        crawl_once(db_path, server, source)
        amended = tmp_path / "amended.txt"
        amended.write_text((server.folder / "2025-11012.txt").read_text().replace("eleven entities", "twelve entities"))
        server.overrides["2025-11012.txt"] = amended
        run = crawl_once(db_path, server, source)
    db = open_archive(db_path)
    row = next(db.query("SELECT version_count FROM documents WHERE native_id = '2025-11012'"))
    assert run["changed"] == 1 and run["unchanged"] == 1 and row["version_count"] == 2


def test_a_public_inspection_pdf_reissued_under_the_same_number_is_read_again(db_path, tmp_path):
    from datetime import timedelta

    with FixtureServer(FIXTURES / "us-fr-public-inspection") as server:
        source = {**server.repoint(bundled_source("us-fr-public-inspection")), "delay": 0}
        crawl_once(db_path, server, source)
        later = (clock.now() + timedelta(minutes=5)).isoformat(timespec="milliseconds")
        listing = (server.folder / "current.json").read_text().replace("2025-06-13T08:42:11.000-04:00", later)
        (tmp_path / "current.json").write_text(listing)
        server.overrides["current.json"] = tmp_path / "current.json"
        mark = len(server.requests)
        run = crawl_once(db_path, server, source)
        texts = [p for p in requested(server, mark) if p.endswith((".pdf", ".txt"))]
    assert texts == ["/public-inspection/raw_text/2025-11130.txt"]  # the re-issued one only; the other is not due
    assert run["unchanged"] == 1 and run["new"] == 0


def test_federal_register_follows_next_page_url_and_stops_once_a_page_is_known(db_path):
    with FixtureServer(FIXTURES / "us-fr-bis") as server:
        source = server.repoint(bundled_source("us-fr-bis"))
        source = {**source, "delay": 0, "params": {**source["params"], "per_page": 1}}
        first = crawl_once(db_path, server, source)
        pages_first = [p for p in requested(server) if p.startswith("/api/v1/documents")]
        mark = len(server.requests)
        second = crawl_once(db_path, server, source)
        pages_second = [p for p in requested(server, mark) if p.startswith("/api/v1/documents")]
    assert first["new"] == 2 and len(pages_first) == 2 and pages_first[1].endswith("&page=2")
    assert second["items_seen"] == 1 and len(pages_second) == 1


def test_govuk_pages_with_start_and_stops_once_a_page_is_known(db_path):
    with FixtureServer(FIXTURES / "gb-ecju-notices") as server:
        source = server.repoint(bundled_source("gb-ecju-notices"))
        source = {**source, "delay": 0, "params": {**source["params"], "count": 1}}
        first = crawl_once(db_path, server, source)
        searches_first = [p for p in requested(server) if p.startswith("/api/search.json")]
        mark = len(server.requests)
        crawl_once(db_path, server, source)
        searches_second = [p for p in requested(server, mark) if p.startswith("/api/search.json")]
    assert first["new"] == 2 and len(searches_first) == 2 and "start=1" in searches_first[1]
    assert len(searches_second) == 1 and "start=0" in searches_second[0]
