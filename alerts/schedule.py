"""When deliveries are due: digest slots in each subscriber's time zone, and the back-off between retries."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def last_slot(now: datetime, mode: str, digest_time: str, digest_day: str, tz: str) -> datetime:
    """The most recent scheduled digest time at or before NOW, in UTC."""
    local_now = now.astimezone(ZoneInfo(tz))
    hour, minute = (int(part) for part in digest_time.split(":"))
    slot = datetime.combine(local_now.date(), time(hour, minute), tzinfo=local_now.tzinfo)
    if mode == "weekly":
        slot -= timedelta(days=(local_now.weekday() - WEEKDAYS.index(digest_day)) % 7)
        if slot > local_now:
            slot -= timedelta(days=7)
    elif slot > local_now:
        slot -= timedelta(days=1)
    return slot.astimezone(timezone.utc)


def due_cutoff(subscription: Mapping[str, Any], now: datetime) -> datetime:
    """Items queued at or before this moment are due: NOW for immediate alerts, else the last digest slot.

    An item queued after this morning's slot waits for tomorrow's, so a daily
    digest never goes out at an unscheduled hour.
    """
    if subscription["mode"] == "immediate":
        return now
    return last_slot(now, subscription["mode"], subscription["digest_time"] or "07:00",
                     subscription["digest_day"] or "mon", subscription["timezone"] or "UTC")


def is_due(subscription: Mapping[str, Any], now: datetime, oldest_queued: str | None) -> bool:
    """Whether the subscription has an item that was waiting when its last slot came."""
    return oldest_queued is not None and datetime.fromisoformat(oldest_queued) <= due_cutoff(subscription, now)


def backoff(attempts: int) -> timedelta:
    """How long a delivery waits after its ATTEMPTS-th consecutive failure: 1, 2, 4 … minutes, at most 6 hours."""
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)
