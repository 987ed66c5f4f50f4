"""Schedules: a denser cadence in each publisher's working hours, read on the project's clock, and the
worst case from publication to an immediate alert (`regwatch sources --latency`)."""
from __future__ import annotations

import json
import time
import tomllib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from archive import clock
from archive.db import open_archive
from archive.store import finish_run, record_source_run, start_run, upsert_source
from regwatch.config import BUNDLED_SOURCES
from regwatch.schedules import ClockTrigger, cadence, source_trigger, working_hours
from tests.helpers import assert_config_refused, regwatch

MONDAY = datetime(2026, 11, 23, tzinfo=timezone.utc)
BUNDLED = tomllib.loads(BUNDLED_SOURCES.read_text("utf-8"))["sources"]


def test_working_hours_are_read_on_the_publishers_wall_clock():
    hours = working_hours({"id": "x", "family": "feed", "jurisdiction": "CN", "working_hours": "Mon-Fri 08:30-18:00"})
    assert hours is not None
    assert hours.contains(datetime(2026, 11, 23, 1, 0, tzinfo=timezone.utc))       # 09:00 in Beijing
    assert not hours.contains(datetime(2026, 11, 23, 10, 30, tzinfo=timezone.utc))  # 18:30 in Beijing
    assert not hours.contains(datetime(2026, 11, 22, 3, 0, tzinfo=timezone.utc))    # a Sunday


def test_the_working_cadence_bounds_the_wait_in_hours_and_the_schedule_outside():
    source = {"id": "x", "family": "feed", "jurisdiction": "CN", "schedule": "0 * * * *", "working_hours": "Mon-Fri 08:30-18:00",
              "working_minutes": "*/10"}
    shape = cadence(source, MONDAY)
    assert shape.worst_gap_working == timedelta(minutes=10)
    assert shape.worst_gap_outside == timedelta(hours=1)
    # The old two-hourly schedule alone left a notice two hours in the working day.
    assert cadence({"id": "x", "family": "feed", "jurisdiction": "CN", "schedule": "0 */2 * * *"}, MONDAY).worst_gap_working == timedelta(hours=2)


def test_a_zone_half_an_hour_off_utc_is_not_left_for_the_hourly_check_when_work_ends():
    # 19:55 in Delhi is 14:25 UTC; the hourly check at minute 3 UTC comes at 20:33 Delhi time.
    source = {"id": "x", "family": "feed", "jurisdiction": "IN", "schedule": "3 * * * *", "working_hours": "Mon-Fri 09:00-20:00",
              "working_minutes": "3-59/10"}
    assert cadence(source, MONDAY).worst_gap_working == timedelta(minutes=10)


@pytest.mark.parametrize(("entry", "expected"), [
    ('working_hours = "weekdays 9-5"', "working_hours 'weekdays 9-5' is not like 'Mon-Fri 09:00-18:00'"),
    ('working_hours = "Mon-Fri 18:00-09:00"', "working_hours 'Mon-Fri 18:00-09:00' ends before it starts"),
    ('working_hours = "Mon-Fri 09:00-18:00"\nworking_minutes = "*/90"', "working_minutes '*/90' is not a cron"),
    ('working_minutes = "*/10"', "working_minutes needs working_hours"),
])
def test_a_malformed_working_schedule_is_refused_in_one_line(tmp_path: Path, entry: str, expected: str):
    assert_config_refused(tmp_path, f'[[sources]]\nid = "x"\nfamily = "feed"\n{entry}\n[sources.params]\n'
                                    'url = "https://example.org/feed"\n', expected)


def test_every_bundled_source_is_checked_every_quarter_hour_at_work_and_hourly_outside():
    for source in BUNDLED:
        shape = cadence(source, MONDAY)
        assert shape.worst_gap_working <= timedelta(minutes=15), source["id"]
        assert shape.worst_gap_outside <= timedelta(hours=1), source["id"]
        assert shape.busiest_day <= 96, source["id"]  # never more than one list check a quarter hour on average


def test_the_daemon_fires_on_the_projects_clock_when_it_runs_faster(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(clock.ENV_VAR, "2026-11-23T02:00:00Z")  # 10:00 in Beijing, a Monday
    monkeypatch.setenv(clock.RATE_VAR, "1")
    clock.pin("2026-11-23T02:00:00Z", rate=60)
    trigger = ClockTrigger(source_trigger({"id": "x", "family": "feed", "jurisdiction": "CN", "schedule": "0 * * * *",
                                           "working_hours": "Mon-Fri 08:30-18:00", "working_minutes": "5-59/10"}))
    system_now = datetime.fromtimestamp(time.time(), timezone.utc)
    first = trigger.get_next_fire_time(None, system_now)
    assert first is not None
    # 10:05 on the project's clock is five clock minutes away: five system seconds at 60 times.
    assert timedelta(seconds=4) < first - system_now <= timedelta(seconds=5)
    assert clock.from_system(first).replace(microsecond=0) == datetime(2026, 11, 23, 2, 5, tzinfo=timezone.utc)
    second = trigger.get_next_fire_time(first, first)
    assert second is not None and timedelta(seconds=9.9) < second - first < timedelta(seconds=10.1)


def _latency(tmp_path: Path, extra: str = "") -> tuple[int, list[dict]]:
    config = tmp_path / "regwatch.toml"
    config.write_text(f'db = "{tmp_path / "archive.db"}"\ninclude_bundled_sources = true\n{extra}')
    result = regwatch("sources", "--latency", "--json", "--config", str(config))
    return result.returncode, json.loads(result.stdout)


def test_sources_latency_lists_every_bundled_source_within_15_minutes_in_working_hours(tmp_path: Path):
    code, rows = _latency(tmp_path)
    assert code == 0
    assert [row["id"] for row in rows] == [source["id"] for source in BUNDLED]
    for row in rows:
        assert row["worst_case_working_minutes"] <= 15, row
        assert row["worst_case_outside_minutes"] <= 75, row
        assert not row["over_target"]


def test_sources_latency_flags_a_slow_schedule_and_a_slow_measured_job(tmp_path: Path):
    db = open_archive(tmp_path / "archive.db")
    source = next(s for s in BUNDLED if s["id"] == "in-dgft-notifications")
    upsert_source(db, source)
    run_id = start_run(db)
    record_source_run(db, source_id=source["id"], run_id=run_id, started_at=clock.utcnow(), items_seen=3, new=0,
                      changed=0, unchanged=3, errors=0, error=None)
    finish_run(db, run_id, "ok", {})
    # The crawl took eight minutes.
    db.execute("UPDATE runs SET started_at = ?, finished_at = ? WHERE id = ?",
               ["2026-11-20T10:00:00+00:00", "2026-11-20T10:08:00+00:00", run_id])
    db.close()
    slow = ('[[sources]]\nid = "cn-mofcom-en"\nfamily = "mofcom"\njurisdiction = "CN"\nschedule = "30 */4 * * *"\n'
            '[sources.params]\nurl = "https://english.mofcom.gov.cn/Policies/AnnouncementsOrders/index.html"\n')
    code, rows = _latency(tmp_path, slow)
    assert code == 1
    by_id = {row["id"]: row for row in rows}
    assert by_id["cn-mofcom-en"]["over_target"] and by_id["cn-mofcom-en"]["worst_case_working_minutes"] > 240
    dgft = by_id["in-dgft-notifications"]
    assert dgft["job_measured"] and dgft["job_seconds"] == 480 and dgft["over_target"]
    # Every other source may have to wait for that job to finish.
    assert by_id["gb-ofsi"]["wait_seconds"] == 480 and by_id["gb-ofsi"]["over_target"]
