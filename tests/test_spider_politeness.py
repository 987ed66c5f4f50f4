"""Politeness: robots.txt, per-site delay and concurrency, retries, an identifying User-Agent, a size cap."""
from __future__ import annotations

from typing import Any

from archive.db import open_archive
from crawler.settings import crawl_settings, user_agent_for
from regwatch.config import parse_config
from tests.fixtures.crawl import bundled_source, crawl_once, requested
from tests.fixtures.server import FIXTURES, FixtureServer


def issues(db_path, source_id: str) -> list[str]:
    db = open_archive(db_path)
    try:
        return [r["message"] for r in db.query("SELECT message FROM source_issues WHERE source_id = ?", [source_id])]
    finally:
        db.close()


def test_robots_txt_is_obeyed(db_path):
    with FixtureServer(FIXTURES / "gb-ofsi") as server:
        server.spec["robots"] = "User-agent: *\nDisallow: /government/news/\n"
        source = {**server.repoint(bundled_source("gb-ofsi")), "delay": 0}
        run = crawl_once(db_path, server, source)
        paths = requested(server)
    assert not [p for p in paths if p.startswith("/government/news/")]
    assert run["new"] == 1 and run["errors"] == 1
    assert any("robots.txt" in message for message in issues(db_path, "gb-ofsi"))


def test_a_reset_connection_and_a_503_are_retried(db_path):
    with FixtureServer(FIXTURES / "gb-ecju-notices") as server:
        server.fail_next["/api/search.json"] = 1
        server.status_next["/api/content/guidance/"] = [503]
        source = {**server.repoint(bundled_source("gb-ecju-notices")), "delay": 0}
        run = crawl_once(db_path, server, source)
        paths = requested(server)
    assert run["ok"] == 1 and run["new"] == 2 and run["errors"] == 0
    assert len([p for p in paths if p.startswith("/api/search.json")]) == 2
    assert len([p for p in paths if p.startswith("/api/content/guidance/")]) == 2


def test_the_user_agent_names_the_operators_contact_address(db_path):
    config = parse_config({"contact": "export-desk@example.org"})
    assert "mailto:export-desk@example.org" in config.user_agent and config.user_agent.startswith("regwatch/")
    with FixtureServer(FIXTURES / "tw-trade-news") as server:
        source = {**server.repoint(bundled_source("tw-trade-news")), "delay": 0}
        crawl_once(db_path, server, source, user_agent=config.user_agent)
        agents = {r["headers"].get("User-Agent") for r in server.requests}
    assert agents == {user_agent_for("export-desk@example.org")}


def test_a_download_over_the_sources_size_cap_is_refused_and_logged(db_path):
    with FixtureServer(FIXTURES / "gb-ecju-notices") as server:
        source = {**server.repoint(bundled_source("gb-ecju-notices")), "delay": 0, "max_bytes": 2000}
        run = crawl_once(db_path, server, source)
    db = open_archive(db_path)
    archived = [r["native_id"] for r in db.query("SELECT native_id FROM documents")]
    assert archived == ["/guidance/open-general-export-licence-critical-minerals"]  # 1,043 bytes; the other is 2,350
    assert run["errors"] == 1
    assert any("max size" in message or "maxsize" in message for message in issues(db_path, "gb-ecju-notices"))


def test_delay_and_concurrency_are_set_per_site():
    sources = [
        {"id": "a", "family": "mofcom", "delay": 5, "concurrency": 2, "params": {"url": "https://www.mofcom.gov.cn/x/"}},
        {"id": "b", "family": "mofcom", "delay": 3, "concurrency": 1, "params": {"url": "https://www.mofcom.gov.cn/y/"}},
        {"id": "c", "family": "govuk", "delay": 1, "params": {"organisation": "export-control-joint-unit"}},
    ]
    settings = crawl_settings("/tmp/x.db", sources)
    slots = settings["DOWNLOAD_SLOTS"]
    assert slots["www.mofcom.gov.cn"] == {"delay": 5.0, "concurrency": 1}
    assert slots["www.gov.uk"] == {"delay": 1.0, "concurrency": 4}  # the default, named
    assert settings["CONCURRENT_REQUESTS_PER_DOMAIN"] == 4
    bundled = parse_config({"include_bundled_sources": True}).sources
    assert crawl_settings("/tmp/x.db", bundled)["DOWNLOAD_SLOTS"]["www.dgft.gov.in"] == {"delay": 10.0, "concurrency": 1}


def test_the_connection_pool_holds_as_many_connections_per_site_as_the_busiest_source_uses():
    """Scrapy keeps CONCURRENT_REQUESTS_PER_DOMAIN idle connections per host: a smaller pool than a source's
    concurrency reopens connections all through a crawl; the other sites keep their own caps."""
    sources: list[dict[str, Any]] = [
        {"id": "a", "family": "feed", "concurrency": 10, "params": {"url": "https://fast.example/feed"}},
        {"id": "b", "family": "feed", "params": {"url": "https://slow.example/feed"}},
    ]
    settings = crawl_settings("/tmp/x.db", sources)
    assert settings["CONCURRENT_REQUESTS_PER_DOMAIN"] == 10
    assert settings["DOWNLOAD_SLOTS"] == {"fast.example": {"concurrency": 10}, "slow.example": {"concurrency": 4}}


def test_every_request_of_a_source_waits_in_its_sites_slot_even_on_another_host(db_path):
    from crawler.spiders.dgft import DgftSpider

    source = parse_config({"include_bundled_sources": True}).source("in-dgft-notifications")
    spider = DgftSpider(source=source)
    assert spider.source_meta() == {"download_slot": "www.dgft.gov.in"}
    pdf = spider.notice_request("https://content.dgft.gov.in/Website/x.pdf", "22/2025-26", lambda r: None)
    assert pdf.meta["download_slot"] == "www.dgft.gov.in"  # PDFs on the content host keep DGFT's 10 s pace
