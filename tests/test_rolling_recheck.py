"""The rolling re-check: each run re-checks a share of the known notices proportional to the time since the
source's previous run, longest unchecked first, so over one re-check period every notice is re-validated once,
at an even pace, never in one burst."""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from archive.db import open_archive
from archive.store import KnownDocument
from crawler.recheck import rolling_share
from tests.fixtures.crawl import crawl_once, requested
from tests.fixtures.server import FixtureServer

NOTICES = 40
PERIOD_HOURS = 24
RUN_EVERY_HOURS = 6  # four runs a period: a quarter of the notices each


def rss(names: list[str]) -> str:
    entries = "".join(f"<item><title>Notice {n}</title><link>https://pub.example/n/{n}.html</link><guid>{n}</guid>"
                      f"<pubDate>Fri, 20 Nov 2026 10:00:00 +0100</pubDate></item>" for n in names)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://pub.example/</link>'
            f"<description>d</description>{entries}</channel></rss>")


@pytest.fixture
def site(tmp_path: Path):
    folder = tmp_path / "site"
    folder.mkdir()
    names = [f"a{n}" for n in range(NOTICES)]
    (folder / "feed-all.xml").write_text(rss(names), "utf-8")
    (folder / "feed-new.xml").write_text(rss(["new"]), "utf-8")
    routes: list[dict[str, Any]] = [{"path": "/feed.xml", "file": "feed-all.xml", "type": "application/rss+xml"}]
    for n in [*names, "new"]:
        (folder / f"{n}.html").write_text(f"<html><body><main><p>Text of notice {n}.</p></main></body></html>", "utf-8")
        routes.append({"path": f"/n/{n}.html", "file": f"{n}.html", "headers": {"ETag": f'"{n}"'}})
    (folder / "fixture.json").write_text(json.dumps({"hosts": ["https://pub.example"], "routes": routes}), "utf-8")
    with FixtureServer(folder) as server:
        yield server


def time_passes(db_path: Path, hours: float) -> None:
    """Move the archive's record of the past HOURS back (the session's clock is pinned)."""
    db = open_archive(db_path)
    shift = f"-{hours} hours"
    db.execute("UPDATE documents SET last_checked = strftime('%Y-%m-%dT%H:%M:%S+00:00', last_checked, ?)", [shift])
    db.execute("UPDATE source_runs SET started_at = strftime('%Y-%m-%dT%H:%M:%S+00:00', started_at, ?)", [shift])
    db.close()


def test_every_known_notice_is_rechecked_once_per_period_a_share_each_run(site, tmp_path):
    db_path = tmp_path / "archive.db"
    source = {"id": "pub", "family": "feed", "recheck_hours": PERIOD_HOURS,
              "params": {"url": f"{site.base_url}/feed.xml", "body_selector": "main"}}
    assert crawl_once(db_path, site, source)["new"] == NOTICES
    site.overrides["feed-all.xml"] = site.folder / "feed-new.xml"  # the list moves on: all forty drop off it
    per_run = []
    for _ in range(PERIOD_HOURS // RUN_EVERY_HOURS):
        time_passes(db_path, RUN_EVERY_HOURS)
        since = len(site.requests)
        run = crawl_once(db_path, site, source)
        assert run["ok"] and run["errors"] == 0, run
        per_run.append(sorted(p for p in requested(site, since) if p.startswith("/n/a")))
    # Before, nothing was re-checked until the period was up, then the due ones all at once (up to the cap).
    assert [len(paths) for paths in per_run] == [10, 10, 10, 10]
    rechecked = [path for paths in per_run for path in paths]
    assert sorted(rechecked) == sorted(f"/n/a{n}.html" for n in range(NOTICES))  # each once, none twice
    conditional = [r for r in site.requests if r["path"].startswith("/n/a") and r["headers"].get("If-None-Match")]
    assert len(conditional) == NOTICES  # every re-check asked with the notice's validator


def doc(name: str, checked: str | None) -> KnownDocument:
    return KnownDocument(native_id=name, url=f"https://pub.example/{name}", etag=None, last_modified=None,
                         last_checked=checked, content_hash=None)


def test_the_share_grows_with_the_time_since_the_last_run_and_overdue_notices_drain_bounded():
    now = datetime.fromisoformat("2026-11-25T10:00:00+00:00")
    fresh = [doc(f"n{i}", (now - timedelta(hours=1)).isoformat()) for i in range(100)]
    period = timedelta(hours=24)
    assert rolling_share(fresh, now, period, None, 10) == []  # a first run fetched everything just now
    assert len(rolling_share(fresh, now, period, timedelta(hours=6), 10)) == 25
    assert len(rolling_share(fresh, now, period, timedelta(minutes=1), 10)) == 0  # under one a run: none yet
    assert len(rolling_share(fresh, now, period, timedelta(days=3), 10)) == 100  # at most the whole period
    old = [doc(f"o{i}", (now - timedelta(days=2)).isoformat()) for i in range(30)]
    picked = rolling_share(fresh + old, now, period, timedelta(minutes=1), 10)
    assert [d.native_id for d in picked] == [f"o{i}" for i in range(10)]  # overdue first, ten a run
    assert rolling_share(fresh + old, now, period, timedelta(hours=6), 0) == []  # recheck_per_run = 0: off
