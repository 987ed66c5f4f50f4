"""The one clock: pinned by REGWATCH_NOW for a whole process tree, the system's otherwise."""
from __future__ import annotations

import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone

import pytest

from archive import clock


@pytest.fixture(autouse=True)
def _unanchored(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests set the instant alone, so the clock starts when first asked."""
    monkeypatch.delenv(clock.SET_AT_VAR, raising=False)


def test_a_pinned_clock_starts_at_the_given_instant_and_runs_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.ENV_VAR, "2031-02-03T04:05:06Z")
    first = clock.now()
    assert timedelta(0) <= first - datetime(2031, 2, 3, 4, 5, 6, tzinfo=timezone.utc) < timedelta(seconds=5)
    time.sleep(0.05)
    assert clock.now() > first
    assert clock.today() == date(2031, 2, 3)
    assert clock.utcnow().startswith("2031-02-03T04:05:")


def test_an_instant_without_an_offset_is_utc_and_a_new_value_takes_over(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.ENV_VAR, "2030-12-31T23:59:59+09:00")
    assert clock.today() == date(2030, 12, 31)
    assert clock.now().utcoffset() == timedelta(0)
    monkeypatch.setenv(clock.ENV_VAR, "2029-06-01T00:00:00")
    assert clock.today() == date(2029, 6, 1)


def test_unset_it_is_the_system_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(clock.ENV_VAR)
    assert abs(clock.now() - datetime.now(timezone.utc)) < timedelta(seconds=5)  # noqa: TID251 (the system clock is what this test compares with)


def test_a_malformed_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.ENV_VAR, "next tuesday")
    with pytest.raises(ValueError, match="REGWATCH_NOW='next tuesday' is not an ISO-8601 time"):
        clock.now()


def test_child_processes_read_the_same_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.ENV_VAR, "2032-07-08T09:10:11Z")
    child = subprocess.run([sys.executable, "-c", "from archive import clock; print(clock.today())"],
                           capture_output=True, text=True, check=True)
    assert child.stdout.strip() == "2032-07-08"


def test_a_pinned_clock_is_one_clock_for_every_process_started_later(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.ENV_VAR, "2030-01-01T00:00:00Z")
    clock.pin("2030-01-01T00:00:00Z")
    time.sleep(1.2)
    child = subprocess.run([sys.executable, "-c", "from archive import clock; print(clock.now().isoformat())"],
                           capture_output=True, text=True, check=True)
    # A child started later reads later, never the pinned instant again (so runs stay in order).
    assert datetime.fromisoformat(child.stdout.strip()) >= datetime(2030, 1, 1, 0, 0, 1, tzinfo=timezone.utc)
    assert clock.now() >= datetime(2030, 1, 1, 0, 0, 1, tzinfo=timezone.utc)


def test_the_session_clock_is_pinned() -> None:
    from tests.conftest import TEST_NOW
    assert clock.today() == clock.parse_instant(TEST_NOW).date()


def test_a_rate_runs_the_pinned_clock_faster_in_this_process_and_its_children(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.ENV_VAR, "2030-01-01T00:00:00Z")
    monkeypatch.setenv(clock.RATE_VAR, "1")
    clock.pin("2030-01-01T00:00:00Z", rate=600)
    assert clock.rate() == 600
    time.sleep(0.5)
    child = subprocess.run([sys.executable, "-c", "from archive import clock; print(clock.now().isoformat())"],
                           capture_output=True, text=True, check=True)
    start = datetime(2030, 1, 1, tzinfo=timezone.utc)
    # Half a second or more of system time is five minutes or more on a clock 600 times as fast.
    assert datetime.fromisoformat(child.stdout.strip()) - start >= timedelta(minutes=5)
    assert clock.now() - start >= timedelta(minutes=5)
    later = clock.now() + timedelta(minutes=10)
    assert abs(clock.to_system(later) - datetime.fromtimestamp(time.time(), timezone.utc) - timedelta(seconds=1)) \
        < timedelta(seconds=0.2)
    assert abs(clock.from_system(clock.to_system(later)) - later) < timedelta(milliseconds=1)


@pytest.mark.parametrize("value", ["0", "-2", "fast", "inf"])
def test_a_rate_that_is_not_a_positive_number_names_the_variable(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(clock.ENV_VAR, "2030-01-01T00:00:00Z")
    monkeypatch.setenv(clock.RATE_VAR, value)
    with pytest.raises(ValueError, match=f"REGWATCH_CLOCK_RATE='{value}' is not a positive number"):
        clock.now()


def test_a_rate_is_ignored_on_the_system_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(clock.ENV_VAR)
    monkeypatch.setenv(clock.RATE_VAR, "600")
    assert clock.rate() == 1
    assert abs(clock.now() - datetime.fromtimestamp(time.time(), timezone.utc)) < timedelta(seconds=1)
