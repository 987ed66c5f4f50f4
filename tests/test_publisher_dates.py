"""Dates in the publisher's day: a stamp with any offset is stored as the calendar date where the publisher is."""
from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from archive.db import open_archive
from crawler.dates import JURISDICTION_TIMEZONES, from_struct_time, parse_date, source_timezone
from crawler.source import Source
from regwatch.config import ConfigError, parse_config
from tests.fixtures.crawl import crawl_once
from tests.fixtures.server import FixtureServer
from tests.helpers import assert_config_refused

# Each offset with a publisher's zone that uses it on 27 November 2026 (winter time in both hemispheres' north).
OFFSETS = {
    "+01:00": "Europe/Brussels", "+08:00": "Asia/Shanghai", "+09:00": "Asia/Tokyo", "+05:30": "Asia/Kolkata",
    "-05:00": "America/New_York",
}
DAY = "2026-11-27"


def stamps(offset: str, clock: str) -> dict[str, str]:
    """One local moment on DAY in OFFSET, written as RSS, Atom and the same instant in UTC."""
    local = datetime.fromisoformat(f"{DAY}T{clock}:00{offset}")
    utc = local.astimezone(timezone.utc)
    return {
        "rfc822": local.strftime("%a, %d %b %Y %H:%M:%S ") + offset.replace(":", ""),
        "rfc3339": local.isoformat(),
        "rfc822_utc": utc.strftime("%a, %d %b %Y %H:%M:%S +0000"),
        "rfc3339_utc": utc.isoformat().replace("+00:00", "Z"),
    }


@pytest.mark.parametrize("clock", ["00:00", "23:30"])
@pytest.mark.parametrize("offset", OFFSETS)
def test_a_stamp_in_any_offset_is_the_publishers_calendar_date(offset, clock):
    tz = ZoneInfo(OFFSETS[offset])
    for form, stamp in stamps(offset, clock).items():
        assert parse_date(stamp, tz=tz) == DAY, (form, stamp)


def test_the_same_instant_is_a_different_day_for_publishers_either_side_of_it():
    stamp = "2026-11-26T23:30:00Z"
    assert parse_date(stamp, tz=ZoneInfo("Asia/Tokyo")) == "2026-11-27"
    assert parse_date(stamp, tz=ZoneInfo("Europe/London")) == "2026-11-26"
    assert parse_date(stamp, tz=ZoneInfo("America/New_York")) == "2026-11-26"
    # Summer time: London is +01:00, so 23:30 UTC is already the next day there.
    assert parse_date("2025-06-12T23:30:00Z", tz=ZoneInfo("Europe/London")) == "2025-06-13"


def test_a_stamp_without_offset_is_already_the_publishers_wall_clock():
    tz = ZoneInfo("Asia/Tokyo")
    assert parse_date("2026-11-27", tz=tz) == "2026-11-27"
    assert parse_date("2026-11-27T23:30:00", tz=tz) == "2026-11-27"
    assert parse_date("27/11/2026", "%d/%m/%Y", tz) == "2026-11-27"
    assert parse_date("2026年11月27日", tz=tz) == "2026-11-27"
    assert parse_date("Fri, 27 Nov 2026 23:30:00 -0000", tz=tz) == "2026-11-27"  # "-0000": offset unknown


@pytest.mark.parametrize("written", ["10 June 2025", "10th Jun. 2025", "June 10, 2025", "Jun 10 2025",
                                     "Published 10 June 2025", "10 June 2025 — See all updates"])
def test_an_english_date_with_the_month_in_words_is_read(written):
    assert parse_date(written, tz=ZoneInfo("Europe/London")) == "2025-06-10"


def test_words_that_only_look_like_a_month_are_no_date():
    assert parse_date("maybe 12 2025") is None
    assert parse_date("31 Feb 2025") is None
    assert parse_date("12/06/2025 (10 June 2025 in the draft)") == "2025-06-12"  # the numeric date comes first


def test_feedparsers_utc_times_are_moved_into_the_publishers_zone():
    parsed = time.strptime("2026-11-26 23:00:00", "%Y-%m-%d %H:%M:%S")  # 00:00 in Brussels, as UTC
    assert from_struct_time(parsed, ZoneInfo("Europe/Brussels")) == DAY
    assert from_struct_time(parsed) == "2026-11-26"


def test_the_zone_comes_from_the_source_else_its_jurisdiction_else_utc():
    assert source_timezone(Source(id="x", family="feed", jurisdiction="JP")) == ZoneInfo("Asia/Tokyo")
    assert source_timezone(Source(id="x", family="feed", jurisdiction="in")) == ZoneInfo("Asia/Kolkata")
    assert source_timezone(Source(id="x", family="feed", jurisdiction="JP", timezone="Asia/Seoul")) == ZoneInfo("Asia/Seoul")
    assert source_timezone(Source(id="x", family="feed", jurisdiction="ZZ")) == ZoneInfo("UTC")
    for name in JURISDICTION_TIMEZONES.values():
        ZoneInfo(name)
    bundled = parse_config({"include_bundled_sources": True}).sources
    assert {s.jurisdiction for s in bundled} <= set(JURISDICTION_TIMEZONES)


def test_a_source_timezone_that_is_no_zone_is_a_clear_config_error(tmp_path):
    body = """[[sources]]
id = "x"
family = "feed"
timezone = "Europe/Atlantis"
[sources.params]
url = "https://example.org/feed.xml"
"""
    assert_config_refused(tmp_path, body, "timezone 'Europe/Atlantis' is not a known IANA time zone")
    with pytest.raises(ConfigError, match="'timezone' must be a string"):
        parse_config({"sources": [{"id": "x", "family": "feed", "timezone": 9, "params": {"url": "https://e.org/"}}]})
    loaded = parse_config({"sources": [{"id": "x", "family": "feed", "timezone": "Asia/Kolkata",
                                        "params": {"url": "https://e.org/"}}]})
    assert loaded.sources[0].timezone == "Asia/Kolkata"


def write_feeds(folder: Path) -> dict[str, dict[str, str]]:
    """An RSS and an Atom feed per offset, each entry stamped at 00:00 or 23:30 on DAY; return native id → form."""
    routes, expected = [], {}
    for number, (offset, _zone) in enumerate(OFFSETS.items()):
        items, entries = [], []
        for clock in ("00:00", "23:30"):
            for form, stamp in stamps(offset, clock).items():
                native = f"n{number}-{clock.replace(':', '')}-{form}"
                expected[native] = {"offset": offset, "stamp": stamp}
                if form.startswith("rfc822"):
                    items.append(f"<item><title>Notice {native}</title><link>https://pub.example/{native}</link>"
                                 f"<guid isPermaLink=\"false\">{native}</guid><pubDate>{stamp}</pubDate>"
                                 f"<description>Text of {native}.</description></item>")
                else:
                    entries.append(f"<entry><title>Notice {native}</title><id>{native}</id>"
                                   f"<link href=\"https://pub.example/{native}\"/><updated>{stamp}</updated>"
                                   f"<published>{stamp}</published><summary>Text of {native}.</summary></entry>")
        (folder / f"feed{number}.rss").write_text(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><link>https://pub.example/</link>"
            f"<description>d</description>{''.join(items)}</channel></rss>", "utf-8")
        (folder / f"feed{number}.atom").write_text(
            "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><id>f</id>"
            f"<updated>{DAY}T00:00:00Z</updated>{''.join(entries)}</feed>", "utf-8")
        routes += [{"path": f"/feed{number}.rss", "file": f"feed{number}.rss", "type": "application/rss+xml"},
                   {"path": f"/feed{number}.atom", "file": f"feed{number}.atom", "type": "application/atom+xml"}]
    (folder / "fixture.json").write_text(json.dumps({"hosts": ["https://pub.example"], "routes": routes}), "utf-8")
    return expected


def test_a_real_crawl_of_feeds_in_five_offsets_stores_each_publishers_day(tmp_path):
    folder = tmp_path / "feeds"
    folder.mkdir()
    expected = write_feeds(folder)
    db_path = tmp_path / "archive.db"
    with FixtureServer(folder) as server:
        for number, zone in enumerate(OFFSETS.values()):
            for kind in ("rss", "atom"):
                source = {"id": f"pub-{number}-{kind}", "family": "feed", "timezone": zone,
                          "params": {"url": f"{server.base_url}/feed{number}.{kind}", "fetch_detail": False}}
                run = crawl_once(db_path, server, source)
                assert run["ok"] == 1 and run["new"] == 4, run
    db = open_archive(db_path)
    stored = {row["native_id"]: row["published"] for row in db.query("SELECT native_id, published FROM documents")}
    db.close()
    assert set(stored) == set(expected)
    wrong = {native: (expected[native]["stamp"], day) for native, day in stored.items() if day != DAY}
    assert not wrong


def test_a_jurisdictions_zone_applies_without_a_timezone(tmp_path):
    folder = tmp_path / "feeds"
    folder.mkdir()
    write_feeds(folder)
    db_path = tmp_path / "archive.db"
    with FixtureServer(folder) as server:
        # feed1 is stamped in +08:00; a CN source reads it in Asia/Shanghai, a US one in New York.
        for jurisdiction in ("CN", "US"):
            source = {"id": f"pub-{jurisdiction.lower()}", "family": "feed", "jurisdiction": jurisdiction,
                      "params": {"url": f"{server.base_url}/feed1.rss", "fetch_detail": False}}
            assert crawl_once(db_path, server, source)["ok"] == 1
    db = open_archive(db_path)
    days = {(r["source_id"], r["native_id"].split("-")[1]): r["published"] for r in db.query(
        "SELECT source_id, native_id, published FROM documents WHERE native_id LIKE '%-rfc822'")}
    db.close()
    assert days[("pub-cn", "0000")] == days[("pub-cn", "2330")] == DAY
    assert days[("pub-us", "0000")] == (datetime.fromisoformat(DAY) - timedelta(days=1)).date().isoformat()
    assert days[("pub-us", "2330")] == DAY
