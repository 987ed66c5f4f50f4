"""The one clock every stage reads.

Everything that asks "what time is it?" (archive timestamps, the crawler's
look-back windows and re-check cadence, baselines, staleness, digest slots,
retry back-off) asks this module, so that a test can set the time for a whole
process, child processes included, with one environment variable:

    REGWATCH_NOW=2026-11-25T09:00:00Z

The clock then runs on from that instant at the normal rate, so durations and
the order of events stay real. It starts when the process first asks, unless
REGWATCH_NOW_SET_AT gives the system time (Unix seconds) at which the instant
was meant: then every process that inherits both variables reads one and the
same clock, and a later process never sees an earlier time. ``pin()`` sets
both. Unset, it is the system clock. Operators never need it.

For tests and benchmarks only, REGWATCH_CLOCK_RATE (a positive number, 1 by
default, read only while REGWATCH_NOW is set) makes the pinned clock run that
many times faster than the system's: at 60 an hour of schedule passes in a
minute. Everything that reads this clock speeds up with it, the daemon's
scheduler included (``regwatch.clock_trigger``); what takes real time (a
process starting, a request, a download delay) does not shrink, so measured
durations come out multiplied by the rate. ``to_system()`` and
``from_system()`` convert between this clock and the system's.
"""
from __future__ import annotations

import os
import time
from collections.abc import MutableMapping
from datetime import date, datetime, timezone

ENV_VAR = "REGWATCH_NOW"
SET_AT_VAR = "REGWATCH_NOW_SET_AT"
RATE_VAR = "REGWATCH_CLOCK_RATE"

# ((ENV_VAR, SET_AT_VAR, RATE_VAR) values, the pinned instant, the system time it stands for, the rate)
_origin: tuple[tuple[str, str | None, str | None], datetime, datetime, float] | None = None


def parse_instant(value: str) -> datetime:
    """Parse an ISO-8601 instant; one without an offset is taken as UTC."""
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as error:
        raise ValueError(f"{ENV_VAR}={value!r} is not an ISO-8601 time (e.g. 2026-11-25T09:00:00Z)") from error
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _system_now() -> datetime:
    return datetime.fromtimestamp(time.time(), timezone.utc)


def _parse_rate(value: str | None) -> float:
    if not value:
        return 1.0
    try:
        rate = float(value)
    except ValueError:
        rate = 0.0
    if not rate > 0 or rate == float("inf"):
        raise ValueError(f"{RATE_VAR}={value!r} is not a positive number (e.g. 60)")
    return rate


def _anchor() -> tuple[datetime, datetime, float] | None:
    """(pinned instant, the system time it stands for, rate), or None when the clock is the system's."""
    global _origin
    frozen = os.environ.get(ENV_VAR)
    if not frozen:
        return None
    key = (frozen, os.environ.get(SET_AT_VAR), os.environ.get(RATE_VAR))
    if _origin is None or _origin[0] != key:
        base = datetime.fromtimestamp(float(key[1]), timezone.utc) if key[1] else _system_now()
        _origin = (key, parse_instant(frozen).astimezone(timezone.utc), base, _parse_rate(key[2]))
    return _origin[1], _origin[2], _origin[3]


def rate() -> float:
    """How many times faster than the system's this clock runs (1 unless REGWATCH_CLOCK_RATE says otherwise)."""
    anchor = _anchor()
    return anchor[2] if anchor else 1.0


def from_system(moment: datetime) -> datetime:
    """The time on this clock when the system clock reads MOMENT (aware)."""
    anchor = _anchor()
    if anchor is None:
        return moment.astimezone(timezone.utc)
    pinned, base, speed = anchor
    return pinned + (moment - base) * speed


def to_system(moment: datetime) -> datetime:
    """The system time at which this clock reads MOMENT (aware)."""
    anchor = _anchor()
    if anchor is None:
        return moment.astimezone(timezone.utc)
    pinned, base, speed = anchor
    return base + (moment - pinned) / speed


def now() -> datetime:
    """The current time, timezone-aware, in UTC."""
    _anchor()  # an unanchored clock starts now, before the system time below is read
    return from_system(_system_now())


def pin(instant: str, environ: MutableMapping[str, str] = os.environ, rate: float | None = None) -> None:
    """Set the clock of this process and of every child it starts to INSTANT, as of now (running RATE times
    faster than the system's, when given)."""
    parse_instant(instant)
    if rate is not None:
        environ[RATE_VAR] = repr(float(rate))
        _parse_rate(environ[RATE_VAR])
    environ[ENV_VAR] = instant
    environ[SET_AT_VAR] = repr(time.time())


def today() -> date:
    """Today's date in UTC."""
    return now().date()


def utcnow() -> str:
    """The current UTC time as an ISO-8601 string, second precision."""
    return now().replace(microsecond=0).isoformat()
