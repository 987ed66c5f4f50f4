"""The one clock every stage reads.

Everything that asks "what time is it?" (archive timestamps, the crawler's
look-back windows and re-check cadence, baselines, staleness, digest slots,
retry back-off) asks this module, so that a test can set the time for a whole
process, child processes included, with one environment variable:

    REGWATCH_NOW=2026-11-25T09:00:00Z

The clock then reads that instant when it is first asked and runs on from
there at the normal rate, so durations and the order of events stay real.
Unset, it is the system clock. Operators never need it.
"""
from __future__ import annotations

import os
import time
from datetime import date, datetime, timedelta, timezone

ENV_VAR = "REGWATCH_NOW"

# (value of ENV_VAR, its instant minus the system time when first read)
_offset: tuple[str, timedelta] | None = None


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
    if _offset is None or _offset[0] != frozen:
        _offset = (frozen, parse_instant(frozen) - _system_now())
    return _system_now() + _offset[1]


def today() -> date:
    """Today's date in UTC."""
    return now().date()


def utcnow() -> str:
    """The current UTC time as an ISO-8601 string, second precision."""
    return now().replace(microsecond=0).isoformat()
