"""When each source's list is checked: its cron ``schedule`` plus a denser cadence in its publisher's working hours.

A source entry may name the hours its publisher works, in the publisher's own
time zone (``crawler.dates.source_timezone``), and the minutes of each such
hour at which its list is checked::

    schedule = "7 * * * *"                 # at all times, in UTC (here: hourly)
    working_hours = "Mon-Fri 09:00-18:00"  # the publisher's wall clock
    working_minutes = "*/10"               # cron minute field: every 10 minutes in those hours

The daemon fires at every moment either part names (``source_trigger``), on
the project's clock (``ClockTrigger``), so a test or benchmark that runs the
clock faster runs the schedules faster too. ``worst_latency`` reads the
schedule back: the longest a notice published at the worst moment can wait
for the list check that finds it.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone, tzinfo
from typing import Any

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger

from archive import clock
from crawler.dates import source_timezone
from crawler.source import Source

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HOURS = re.compile(r"^\s*(?P<days>[A-Za-z]{3}(?:\s*[-,]\s*[A-Za-z]{3})*)\s+"
                    r"(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})\s*$")


@dataclass(frozen=True)
class WorkingHours:
    """The days (0 = Monday) and the hours [start, end) of a publisher's working week, on its own wall clock."""

    days: frozenset[int]
    start: time
    end: time
    zone: tzinfo

    def contains(self, moment: datetime) -> bool:
        """Whether MOMENT (aware) falls in these hours."""
        local = moment.astimezone(self.zone)
        return local.weekday() in self.days and self.start <= local.time() < self.end

    def intervals(self, since: datetime, until: datetime) -> list[tuple[datetime, datetime]]:
        """The working stretches that overlap [SINCE, UNTIL), in UTC, clipped to it."""
        stretches = []
        day = since.astimezone(self.zone).date() - timedelta(days=1)
        while datetime.combine(day, time(0), self.zone) < until:
            if day.weekday() in self.days:
                begin = datetime.combine(day, self.start, self.zone).astimezone(timezone.utc)
                end = datetime.combine(day, self.end, self.zone).astimezone(timezone.utc)
                if end > since and begin < until:
                    stretches.append((max(begin, since), min(end, until)))
            day += timedelta(days=1)
        return stretches


def _day_set(spec: str) -> frozenset[int]:
    days: set[int] = set()
    for part in spec.lower().replace(" ", "").split(","):
        first, _, last = part.partition("-")
        if first not in DAYS or (last and last not in DAYS):
            raise ValueError(f"{part!r} is not a day or range of days (mon … sun)")
        a, b = DAYS.index(first), DAYS.index(last or first)
        days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
    return frozenset(days)


def _clock_time(text: str) -> time:
    hour, minute = (int(part) for part in text.split(":"))
    if hour == 24 and minute == 0:
        return time.max
    return time(hour, minute)


def working_hours(source: Source | Mapping[str, Any]) -> WorkingHours | None:
    """The source's ``working_hours`` read in its time zone; None when it names none; ValueError when malformed."""
    source = Source.of(source)
    spec = source.working_hours
    if spec is None:
        return None
    match = _HOURS.match(str(spec))
    if not match:
        raise ValueError(f"working_hours {spec!r} is not like 'Mon-Fri 09:00-18:00'")
    try:
        start, end = _clock_time(match["start"]), _clock_time(match["end"])
    except ValueError:
        raise ValueError(f"working_hours {spec!r} has a time that is not HH:MM") from None
    if end <= start:
        raise ValueError(f"working_hours {spec!r} ends before it starts")
    return WorkingHours(_day_set(match["days"]), start, end, source_timezone(source))


def _working_cron(source: Source, hours: WorkingHours) -> CronTrigger:
    # Through the hour in which work ends, so that a notice published in its last minutes is not left for the
    # hourly check (which, in a zone half an hour off UTC, comes half an hour late).
    last = hours.end.hour
    days = ",".join(DAYS[day] for day in sorted(hours.days))
    return CronTrigger(minute=source.working_minutes or "*/15", hour=f"{hours.start.hour}-{last}",
                       day_of_week=days, timezone=hours.zone)


def source_trigger(source: Source | Mapping[str, Any]) -> BaseTrigger:
    """The source's checks on the clock's own time: its ``schedule`` (UTC) or-ed with its working-hours cadence.

    A ``ValueError`` names what is wrong with the entry.
    """
    source = Source.of(source)
    try:
        base = CronTrigger.from_crontab(source.schedule, timezone=timezone.utc)
    except ValueError as exc:
        raise ValueError(f"schedule {source.schedule!r} is not a valid cron expression ({exc})") from None
    hours = working_hours(source)
    if hours is None:
        if source.working_minutes is not None:
            raise ValueError("working_minutes needs working_hours")
        return base
    try:
        busy = _working_cron(source, hours)
    except ValueError as exc:
        raise ValueError(f"working_minutes {source.working_minutes!r} is not a cron minute field ({exc})") \
            from None
    return OrTrigger([base, busy])


def fire_times(trigger: BaseTrigger, since: datetime, until: datetime) -> list[datetime]:
    """Every moment in [SINCE, UNTIL) at which TRIGGER fires."""
    moments: list[datetime] = []
    previous = None
    moment = trigger.get_next_fire_time(None, since)
    while moment is not None and moment < until:
        moments.append(moment)
        previous = moment
        moment = trigger.get_next_fire_time(previous, previous + timedelta(microseconds=1))
    return moments


@dataclass(frozen=True)
class Cadence:
    """What a source's schedule implies over one week from a given moment."""

    #: The longest wait from a publication to the next list check, in working hours and outside them.
    worst_gap_working: timedelta
    worst_gap_outside: timedelta
    #: List checks per day, on average over the week, and on the busiest day.
    checks_per_day: float
    busiest_day: int


def cadence(source: Source | Mapping[str, Any], since: datetime | None = None) -> Cadence:
    """Read the source's schedule over the week from SINCE (the clock's now by default)."""
    since = since or clock.now()
    until = since + timedelta(days=7)
    trigger = source_trigger(source)
    fires = fire_times(trigger, since - timedelta(days=1), until + timedelta(days=1))
    hours = working_hours(source)
    working = hours.intervals(since, until) if hours else []
    worst_in = worst_out = timedelta(0)
    for earlier, later in zip(fires, fires[1:], strict=False):
        if later <= since or earlier >= until:
            continue
        start, end = max(earlier, since), min(later, until)
        # The worst moment to publish is just after a check; in working hours, just after one or when they begin.
        in_hours = [max(start, begin) for begin, finish in working if begin < end and finish > start]
        if in_hours:
            worst_in = max(worst_in, later - min(in_hours))
        outside = _first_outside(start, end, working)
        if outside < end:
            worst_out = max(worst_out, later - outside)
    per_day: dict[Any, int] = {}
    for moment in fires:
        if since <= moment < until:
            per_day[moment.date()] = per_day.get(moment.date(), 0) + 1
    if not working:
        worst_in = worst_out
    return Cadence(worst_in, worst_out, round(sum(per_day.values()) / 7, 1), max(per_day.values(), default=0))


def _first_outside(start: datetime, end: datetime, working: list[tuple[datetime, datetime]]) -> datetime:
    moment = start
    for begin, finish in sorted(working):
        if begin <= moment < finish:
            moment = finish
    return min(moment, end)


class ClockTrigger(BaseTrigger):
    """Fire INNER's moments as read on the project's clock (``archive.clock``), whatever its rate.

    APScheduler reads the system clock; this trigger converts the system's
    "now" to the project's clock, asks INNER for its next moment there, and
    converts the answer back. With an ordinary clock both conversions are the
    identity (give or take an offset).
    """

    def __init__(self, inner: BaseTrigger) -> None:
        self.inner = inner

    def get_next_fire_time(self, previous_fire_time: datetime | None, now: datetime) -> datetime | None:
        # Fire times are whole seconds on the project's clock; rounding undoes the float error of converting
        # there and back, so a slot is never fired twice.
        previous = _whole_second(clock.from_system(previous_fire_time)) if previous_fire_time else None
        moment = self.inner.get_next_fire_time(previous, clock.from_system(now))
        return clock.to_system(moment) if moment is not None else None

    def __str__(self) -> str:
        return f"{self.inner} on the project's clock"

    def __repr__(self) -> str:
        return f"<ClockTrigger ({self.inner!r})>"


def _whole_second(moment: datetime) -> datetime:
    return (moment + timedelta(microseconds=500_000)).replace(microsecond=0)
