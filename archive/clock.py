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
"""
from __future__ import annotations

import os
import time
from collections.abc import MutableMapping
from datetime import date, datetime, timedelta, timezone

ENV_VAR = "REGWATCH_NOW"
SET_AT_VAR = "REGWATCH_NOW_SET_AT"

# ((ENV_VAR, SET_AT_VAR) values, the pinned instant minus the system time it stands for)
_offset: tuple[tuple[str, str | None], timedelta] | None = None


def parse_instant(value: str) -> datetime:
    """Parse an ISO-8601 instant; one without an offset is taken as UTC."""
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as error:
        raise ValueError(f"{ENV_VAR}={value!r} is not an ISO-8601 time (e.g. 2026-11-25T09:00:00Z)") from error
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _system_now() -> datetime:
    return datetime.fromtimestamp(time.time(), timezone.utc)


def now() -> datetime:
    """The current time, timezone-aware, in UTC."""
    global _offset
    frozen = os.environ.get(ENV_VAR)
    if not frozen:
        return _system_now()
    key = (frozen, os.environ.get(SET_AT_VAR))
    if _offset is None or _offset[0] != key:
        base = datetime.fromtimestamp(float(key[1]), timezone.utc) if key[1] else _system_now()
        _offset = (key, parse_instant(frozen) - base)
    return _system_now() + _offset[1]


def pin(instant: str, environ: MutableMapping[str, str] = os.environ) -> None:
    """Set the clock of this process and of every child it starts to INSTANT, as of now."""
    parse_instant(instant)
    environ[ENV_VAR] = instant
    environ[SET_AT_VAR] = repr(time.time())


def today() -> date:
    """Today's date in UTC."""
    return now().date()


def utcnow() -> str:
    """The current UTC time as an ISO-8601 string, second precision."""
    return now().replace(microsecond=0).isoformat()
