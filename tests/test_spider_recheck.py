"""Older notices stay checked: a known notice the list no longer reaches is re-checked on its own cadence,
oldest check first, a bounded number per run."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive.db import open_archive
from regwatch.config import ConfigError, parse_config
from tests.fixtures.crawl import crawl_once, requested
from tests.fixtures.server import FixtureServer


def rss(items: list[str]) -> str:
    entries = "".join(f"<item><title>Notice {n}</title><link>https://pub.example/n/{n}.html</link><guid>{n}</guid>"
                      f"<pubDate>Fri, 2{i} Nov 2026 10:00:00 +0100</pubDate></item>" for i, n in enumerate(items))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://pub.example/</link>'
            f"<description>d</description>{entries}</channel></rss>")


def page(n: str, sentence: str) -> str:
    return f"<html><body><main><h1>Notice {n}</h1><p>{sentence}</p></main></body></html>"


@pytest.fixture
def site(tmp_path: Path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "feed-ab.xml").write_text(rss(["a", "b"]), "utf-8")
    (folder / "feed-c.xml").write_text(rss(["c"]), "utf-8")
    for n in "abc":
        (folder / f"{n}.html").write_text(page(n, f"The first text of notice {n}."), "utf-8")
    (folder / "a-amended.html").write_text(page("a", "The amended text of notice a."), "utf-8")
    (folder / "b-amended.html").write_text(page("b", "The amended text of notice b."), "utf-8")
    routes = [{"path": "/feed.xml", "file": "feed-ab.xml", "type": "application/rss+xml"}]
    routes += [{"path": f"/n/{n}.html", "file": f"{n}.html"} for n in "abc"]
    (folder / "fixture.json").write_text(json.dumps({"hosts": ["https://pub.example"], "routes": routes}), "utf-8")
    with FixtureServer(folder) as server:
        yield server


def age(db_path: Path, checks: dict[str, str]) -> None:
    db = open_archive(db_path)
    for native_id, when in checks.items():
        db.execute("UPDATE documents SET last_checked = ? WHERE native_id = ?", [when, native_id])
    db.close()


def versions(db_path: Path) -> dict[str, int]:
    db = open_archive(db_path)
    try:
        return {r["native_id"]: r["version_count"] for r in db.query("SELECT native_id, version_count FROM documents")}
    finally:
        db.close()


def test_notices_the_list_no_longer_reaches_are_rechecked_oldest_first_and_bounded(site, tmp_path):
    db_path = tmp_path / "archive.db"
    source = {"id": "pub", "family": "feed", "jurisdiction": "EU", "recheck_per_run": 1,
              "params": {"url": f"{site.base_url}/feed.xml", "body_selector": "main"}}
    assert crawl_once(db_path, site, source)["new"] == 2
    # The feed moves on: only c is listed now; a and b are amended where they stand.
    site.overrides["feed-ab.xml"] = site.folder / "feed-c.xml"
    site.overrides["a.html"] = site.folder / "a-amended.html"
    site.overrides["b.html"] = site.folder / "b-amended.html"
    age(db_path, {"a": "2026-01-01T00:00:00+00:00", "b": "2026-02-01T00:00:00+00:00"})
    since = len(site.requests)
    run = crawl_once(db_path, site, source)
    assert (run["ok"], run["new"], run["changed"], run["errors"]) == (1, 1, 1, 0), run
    assert "/n/a.html" in requested(site, since) and "/n/b.html" not in requested(site, since)
    assert versions(db_path) == {"a": 2, "b": 1, "c": 1}
    # Next run: a was just checked, b is now the oldest due.
    age(db_path, {"c": "2099-01-01T00:00:00+00:00"})
    since = len(site.requests)
    run = crawl_once(db_path, site, source)
    assert (run["ok"], run["changed"]) == (1, 1), run
    assert "/n/b.html" in requested(site, since) and "/n/a.html" not in requested(site, since)
    db = open_archive(db_path)
    b = next(db.query("SELECT title, published FROM documents WHERE native_id = 'b'"))
    db.close()
    assert (b["title"], b["published"]) == ("Notice b", "2026-11-21")  # kept as the list gave them


def test_a_notice_not_due_is_not_rechecked_and_a_withdrawn_one_does_not_fail_the_source(site, tmp_path):
    db_path = tmp_path / "archive.db"
    source = {"id": "pub", "family": "feed", "params": {"url": f"{site.base_url}/feed.xml", "body_selector": "main"}}
    crawl_once(db_path, site, source)
    site.overrides["feed-ab.xml"] = site.folder / "feed-c.xml"
    since = len(site.requests)
    crawl_once(db_path, site, source)
    assert requested(site, since) == ["/feed.xml", "/n/c.html"]  # a and b were checked just now
    age(db_path, {"a": "2026-01-01T00:00:00+00:00", "b": "2026-01-01T00:00:00+00:00"})
    site.spec["routes"] = [r for r in site.spec["routes"] if r["path"] != "/n/a.html"]  # a is withdrawn: 404
    run = crawl_once(db_path, site, source)
    assert run["ok"] == 1 and run["errors"] == 0, run
    db = open_archive(db_path)
    issue = next(db.query("SELECT message FROM source_issues WHERE source_id = 'pub'"))["message"]
    db.close()
    assert "re-check" in issue and "HTTP 404" in issue


def test_recheck_per_run_is_checked():
    entry = {"id": "x", "family": "feed", "params": {"url": "https://e.org/"}}
    with pytest.raises(ConfigError, match="'recheck_per_run' must not be negative"):
        parse_config({"sources": [{**entry, "recheck_per_run": -1}]})
    with pytest.raises(ConfigError, match="'recheck_per_run' must be a whole number"):
        parse_config({"sources": [{**entry, "recheck_per_run": 2.5}]})
