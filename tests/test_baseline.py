"""A newly added source's first crawl archives its back catalogue without alerting; recent notices and
every later amendment still alert. Real crawls of the sample site on 127.0.0.1, a real SMTP server and
a real SQLite archive, driven through `regwatch run` as cron would."""
from __future__ import annotations

import copy
import email
import json
import tomllib
from email import policy
from pathlib import Path

import pytest

from alerts.baseline import apply_baseline, is_back_catalogue
from archive import clock
from archive.db import migrate, open_archive
from archive.store import record_fetch, record_source_run, start_run, upsert_source
from regwatch.config import parse_config
from regwatch.sample_site import (
    SampleSite,
    SampleSiteServer,
    load_notices,
    sample_sources,
)
from tests.helpers import assert_config_refused, regwatch, write_config

EVERYTHING = [{"id": "all", "email": "all@example.com", "mode": "immediate", "filters": {"relevant_only": False}}]

# The sample notices, keyed by a piece of their native id; some moved back in time (days ago).
OLD = {"2026-23141": 30, "notice-to-exporters-202622": 40, "export-control-joint-unit-at-the-2026": 20,
       "3f1c9a7e2b5d4c6f8a0e1d2c3b4a5f60": 45}
RECENT = {"2026-23390", "2026-23277", "notice-to-exporters-202621", "8b2e4d6f1a3c5e7092b4d6f8a1c3e5f7",
          "c4d5e6f708192a3b4c5d6e7f80910a1b"}
STAGE_2 = {"2026-24001", "e1f2a3b4c5d6e7f8091a2b3c4d5e6f70"}  # published by advance(): a new FR rule, a MOFCOM notice
AMENDED = "notice-to-exporters-202622"


def _key(notice: dict) -> str:
    return notice.get("document_number") or notice.get("slug") or notice["hex"]


def aged_notices() -> dict[str, list[dict]]:
    """The sample notices with four of them published weeks ago, and one more Federal Register rule at stage 2."""
    notices = copy.deepcopy(load_notices())
    for family in notices.values():
        for notice in family:
            for key, days in OLD.items():
                if _key(notice).startswith(key):
                    notice["days_ago"] = days
    rule = copy.deepcopy(notices["federal_register"][1])
    rule.update(document_number="2026-24001", days_ago=0, stage=2,
                title="Revisions to License Exception ACA: Technical Corrections")
    notices["federal_register"].append(rule)
    return notices


@pytest.fixture
def aged_site():
    with SampleSiteServer(SampleSite(today=clock.today(), notices=aged_notices())) as server:
        yield server


def _sources(site, *ids: str) -> list[dict]:
    sources = {s["id"]: s for s in sample_sources(site.base_url)}
    sources["us-fr-bis-ofac"]["params"]["lookback_days"] = 60  # so the month-old rule is listed at all
    return [sources[i] for i in ids]


ALL_IDS = ("us-fr-bis-ofac", "gb-ecju", "cn-mofcom-aqygzj")


def _short(native_id: str) -> str:
    for key in (*OLD, *RECENT, *STAGE_2):
        if key in native_id:
            return key
    raise AssertionError(f"unexpected notice {native_id}")


def queued(db, after_version: int = 0) -> set[str]:
    """The notices with a queued alert (versions after AFTER_VERSION)."""
    return {_short(row[0]) for row in db.execute(
        """SELECT d.native_id FROM outbox o JOIN versions v ON v.id = o.version_id
           JOIN documents d ON d.id = v.document_id WHERE v.id > ?""", [after_version])}


def baselined(db) -> set[str]:
    return {_short(row[0]) for row in db.execute(
        "SELECT d.native_id FROM versions v JOIN documents d ON d.id = v.document_id WHERE v.baseline = 1")}


def run(config: Path, *extra: str) -> tuple[dict, str]:
    result = regwatch("run", "--config", str(config), "--json", *extra)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout), result.stderr


def mails(sink) -> list[email.message.EmailMessage]:
    return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in sink.messages()]


def test_a_first_crawl_alerts_only_recent_notices_and_a_later_amendment_of_an_old_one_alerts_with_its_diff(
        tmp_path, aged_site, mail):
    config = write_config(tmp_path / "regwatch.toml", _sources(aged_site, *ALL_IDS), mail.port, EVERYTHING)
    summary, progress = run(config, "-v")
    db = open_archive(tmp_path / "archive.db")

    assert db.execute("SELECT count(*) FROM versions").fetchone()[0] == len(OLD) + len(RECENT)
    assert queued(db) == RECENT
    assert baselined(db) == set(OLD)
    assert db.execute("SELECT count(*) FROM versions WHERE matched_at IS NULL").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM classifications").fetchone()[0] == len(OLD) + len(RECENT)
    assert summary["baselined"] == {"us-fr-bis-ofac": 1, "gb-ecju": 2, "cn-mofcom-aqygzj": 1}
    assert {s["source_id"]: s["baselined"] for s in summary["sources"]} == summary["baselined"]
    lines = [line for line in progress.splitlines() if "archived as its baseline" in line]
    assert len(lines) == 3 and any(line.startswith("  gb-ecju: first crawl, 2 notice(s) older than 7 day(s)")
                                   for line in lines), progress
    assert len([line for line in progress.splitlines() if "classified" in line]) == 1, progress

    [first] = mails(mail)
    text = first.get_body(("plain",)).get_content()
    assert "Revisions to License Exception ACA for Advanced Computing Items" in text
    assert "Additions to the Entity List" not in text and "further export prohibitions" not in text

    # the back catalogue is still archived, classified and searchable, and says why it was not alerted
    entity = db.execute("SELECT id FROM documents WHERE native_id = '2026-23141'").fetchone()[0]
    shown = regwatch("show", str(entity), "--db", str(tmp_path / "archive.db"))
    assert shown.returncode == 0 and "archived as the source's baseline" in shown.stdout, shown.stdout
    record = json.loads(regwatch("show", str(entity), "--db", str(tmp_path / "archive.db"), "--json").stdout)
    assert record["versions"][0]["baseline"] is True and record["classification"]["relevant"]
    found = json.loads(regwatch("search", "Entity List", "--db", str(tmp_path / "archive.db"), "--json").stdout)
    assert entity in {hit["id"] for hit in found}

    # the site amends the old GOV.UK notice and publishes two new ones: all three alert
    last_version = db.execute("SELECT max(id) FROM versions").fetchone()[0]
    aged_site.site.advance()
    summary, _ = run(config)
    assert summary["baselined"] == {} and all(s["baselined"] == 0 for s in summary["sources"])
    assert queued(db, last_version) == STAGE_2 | {AMENDED}
    assert baselined(db) == set(OLD)
    second = mails(mail)[1]
    text = " ".join(second.get_body(("plain",)).get_content().split())
    assert "[amended, version 2]" in text
    assert "- The Russia (Sanctions) (EU Exit) (Amendment) Regulations 2026 extend the prohibition" in text
    assert "+ The Russia (Sanctions) (EU Exit) (Amendment) Regulations 2026 extend the prohibition" in text
    html = second.get_body(("html",)).get_content()
    assert '<ins style="' in html and '<del style="' in html
    db.close()


def test_a_source_added_later_is_baselined_while_the_existing_source_still_alerts_its_new_notices(
        tmp_path, aged_site, mail):
    config = write_config(tmp_path / "regwatch.toml", _sources(aged_site, "us-fr-bis-ofac"), mail.port, EVERYTHING)
    summary, _ = run(config)
    assert summary["baselined"] == {"us-fr-bis-ofac": 1}
    db = open_archive(tmp_path / "archive.db")
    last_version = db.execute("SELECT max(id) FROM versions").fetchone()[0]

    aged_site.site.advance()
    write_config(config, _sources(aged_site, "us-fr-bis-ofac", "cn-mofcom-aqygzj"), mail.port, EVERYTHING)
    summary, _ = run(config)
    assert summary["baselined"] == {"cn-mofcom-aqygzj": 1}
    assert {s["source_id"]: (s["new"], s["baselined"]) for s in summary["sources"]} == {
        "us-fr-bis-ofac": (1, 0), "cn-mofcom-aqygzj": (4, 1)}
    assert queued(db, last_version) == {"2026-24001", "8b2e4d6f1a3c5e7092b4d6f8a1c3e5f7",
                                        "c4d5e6f708192a3b4c5d6e7f80910a1b", "e1f2a3b4c5d6e7f8091a2b3c4d5e6f70"}
    assert baselined(db) == {"2026-23141", "3f1c9a7e2b5d4c6f8a0e1d2c3b4a5f60"}
    db.close()


def test_baselining_is_set_globally_and_per_source_and_false_alerts_the_whole_back_catalogue(
        tmp_path, aged_site, mail):
    sources = _sources(aged_site, *ALL_IDS)
    sources[0]["baseline_days"] = 60  # the month-old rule counts as recent
    sources[2]["baseline_days"] = 0  # nothing of the first crawl alerts
    config = write_config(tmp_path / "regwatch.toml", sources, mail.port, EVERYTHING)
    with config.open("a", encoding="utf-8") as handle:
        handle.write("[alerts]\nbaseline_days = false\n")  # gb-ecju follows this: no baseline at all
    summary, _ = run(config)
    db = open_archive(tmp_path / "archive.db")
    assert summary["baselined"] == {"cn-mofcom-aqygzj": 3}
    mofcom = {"3f1c9a7e2b5d4c6f8a0e1d2c3b4a5f60", "8b2e4d6f1a3c5e7092b4d6f8a1c3e5f7", "c4d5e6f708192a3b4c5d6e7f80910a1b"}
    assert baselined(db) == mofcom
    assert queued(db) == (set(OLD) | RECENT) - mofcom
    db.close()


@pytest.mark.parametrize("body, expected", [
    ("[alerts]\nbaseline_days = -1\n", "[alerts]: 'baseline_days' must be a whole number of days (0 or more), or false"),
    ("[alerts]\nbaseline_days = '7'\n", "[alerts]: 'baseline_days' must be a whole number of days"),
    ("[alerts]\nbaseline_days = true\n", "[alerts]: 'baseline_days' must be a whole number of days"),
    ("[alerts]\nbaseline_days = 7.5\n", "[alerts]: 'baseline_days' must be a whole number of days"),
    ("[alerts]\nbaseline_dayz = 7\n", "[alerts]: unknown key 'baseline_dayz'"),
    ("[[sources]]\nid = 'x'\nfamily = 'feed'\nbaseline_days = -3\n[sources.params]\nurl = 'https://a.b/'\n",
     "sources[0] (id 'x'): 'baseline_days' must be a whole number of days"),
    ("[[sources]]\nid = 'x'\nfamily = 'feed'\nbaseline_days = [7]\n[sources.params]\nurl = 'https://a.b/'\n",
     "sources[0] (id 'x'): 'baseline_days' must be a whole number of days"),
])
def test_a_bad_baseline_setting_stops_with_one_line_and_exit_code_2(tmp_path, body, expected):
    assert_config_refused(tmp_path, body, expected)


def test_the_setting_resolves_per_source_then_globally_with_a_week_by_default():
    source = {"id": "a", "family": "feed", "params": {"url": "https://a.example/feed"}}
    assert parse_config({"sources": [source]}).baseline_days_for("a") == 7
    config = parse_config(tomllib.loads(
        "[alerts]\nbaseline_days = 3\n[[sources]]\nid = 'a'\nfamily = 'feed'\nbaseline_days = false\n"
        "[sources.params]\nurl = 'https://a.example/feed'\n"
        "[[sources]]\nid = 'b'\nfamily = 'feed'\n[sources.params]\nurl = 'https://b.example/feed'\n"))
    assert (config.baseline_days_for("a"), config.baseline_days_for("b"), config.baseline_days_for("gone")) == (None, 3, 3)


@pytest.mark.parametrize("published, fetched_at, days, old", [
    ("2026-11-22", "2026-11-28T23:59:59+00:00", 7, False),  # six days before: inside the last seven days
    ("2026-11-21", "2026-11-28T00:00:00+00:00", 7, True),   # seven days before
    ("2026-11-28", "2026-11-28T08:00:00+00:00", 1, False),  # the day of the crawl
    ("2026-11-27", "2026-11-28T08:00:00+00:00", 1, True),
    ("2026-11-29", "2026-11-28T20:00:00+00:00", 1, False),  # dated ahead of UTC (a source east of Greenwich)
    ("2026-11-28", "2026-11-28T08:00:00+00:00", 0, True),   # 0: nothing alerts
    ("2026-11-28", "2026-11-29T01:00:00+08:00", 1, False),  # the crawl's day is taken in UTC
    (None, "2026-11-28T08:00:00+00:00", 7, True),           # undated: back catalogue
    ("not a date", "2026-11-28T08:00:00+00:00", 7, True),
])
def test_back_catalogue_is_decided_by_calendar_days_before_the_fetch(published, fetched_at, days, old):
    assert is_back_catalogue(published, fetched_at, days) is old


def _fetch(db, native_id: str, published: str | None, text: str = "text") -> int:
    return record_fetch(db, source_id="s", native_id=native_id, url=None, title=native_id, text=text,
                        published=published)[1]


def _close_run(db, ok: bool = True) -> None:
    record_source_run(db, source_id="s", run_id=start_run(db), started_at="2026-01-01T00:00:00+00:00",
                      items_seen=2 if ok else 0, new=2, changed=0, unchanged=0, errors=0 if ok else 1,
                      error=None if ok else "HTTP 500")


def test_undated_notices_and_failed_first_crawls_count_as_back_catalogue_and_the_baseline_ends_with_the_first_success(
        tmp_path):
    db = open_archive(tmp_path / "archive.db")
    upsert_source(db, {"id": "s", "family": "feed"})
    today = clock.today().isoformat()
    undated, fresh = _fetch(db, "undated", None), _fetch(db, "fresh", today)
    _close_run(db, ok=False)  # a first crawl that failed half-way: still the back catalogue
    assert apply_baseline(db, lambda source_id: 7) == {"s": 1}
    old = _fetch(db, "old", "2020-01-01")
    _close_run(db, ok=True)
    assert apply_baseline(db, lambda source_id: 7) == {"s": 1}
    amended = _fetch(db, "old", "2020-01-01", text="amended text")  # after the first success: alerts
    another = _fetch(db, "older", "2019-01-01")
    assert apply_baseline(db, lambda source_id: 7) == {}
    flags = dict(db.execute("SELECT id, baseline FROM versions").fetchall())
    assert flags == {undated: 1, fresh: 0, old: 1, amended: 0, another: 0}
    unmatched = {row[0] for row in db.execute("SELECT id FROM versions WHERE matched_at IS NULL")}
    assert unmatched == {fresh, amended, another}
    db.close()


def test_an_archive_upgraded_with_sources_already_crawled_holds_nothing_back(tmp_path):
    db = open_archive(tmp_path / "archive.db")
    upsert_source(db, {"id": "s", "family": "feed"})
    _fetch(db, "a", "2020-01-01")
    _close_run(db, ok=True)
    stale = _fetch(db, "b", "2020-02-01")  # archived by a run that died before matching, before the upgrade
    db.execute("UPDATE sources SET baseline_version_id = NULL")
    db.execute("DELETE FROM schema_migrations WHERE name = '040_source_baseline'")
    assert migrate(db) == ["040_source_baseline"]
    assert apply_baseline(db, lambda source_id: 7) == {}
    assert db.execute("SELECT matched_at FROM versions WHERE id = ?", [stale]).fetchone()[0] is None
    db.close()


def test_a_run_killed_after_the_crawl_leaves_the_baseline_for_the_next_run(tmp_path, aged_site, mail):
    from crawler.runner import crawl_in_child
    from regwatch.cycle import run_cycle

    config = parse_config({"sources": _sources(aged_site, "gb-ecju"), "subscribers": EVERYTHING,
                           "smtp": {"host": "127.0.0.1", "port": mail.port}}, db_override=str(tmp_path / "a.db"))
    db = open_archive(config.db)
    upsert_source(db, config.sources[0].entry())
    crawl_in_child(str(config.db), config.sources, start_run(db), None)  # the crawl completed, then the run died
    assert db.execute("SELECT ok FROM source_runs").fetchall() == [(1,)]
    db.close()
    summary = run_cycle(config)  # the next run: the source's crawl is no longer its first
    assert summary.baselined == {"gb-ecju": 2}
    db = open_archive(config.db)
    assert queued(db) == {"notice-to-exporters-202621"}
    db.close()


def test_the_web_archive_says_which_version_was_archived_as_the_baseline(tmp_path):
    import urllib.request

    from tests.helpers import ui_server

    db = open_archive(tmp_path / "archive.db")
    upsert_source(db, {"id": "s", "family": "feed"})
    _fetch(db, "old", "2020-01-01", text="The first text.")
    _close_run(db, ok=True)
    assert apply_baseline(db, lambda source_id: 7) == {"s": 1}
    _fetch(db, "old", "2020-01-01", text="The amended text.")
    document = db.execute("SELECT id FROM documents").fetchone()[0]
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    with ui_server(tmp_path / "archive.db", tmp_path / "ui.log") as base:
        with urllib.request.urlopen(f"{base}/notice/{document}", timeout=30) as response:
            html = response.read().decode("utf-8")
    first = html.split('id="version-1"')[1]
    second = html.split('id="version-2"')[1].split('id="version-1"')[0]
    assert "Archived as the source's baseline" in first and "rw-baseline" not in second
