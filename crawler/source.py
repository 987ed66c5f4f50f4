"""A source: one entry of the configuration, typed; what the runner hands each spider (importable without Scrapy)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

#: How often a source is crawled when its entry names no ``schedule``.
DEFAULT_SCHEDULE = "*/15 * * * *"
#: How many known notices the list no longer reaches are re-checked per run (``recheck_per_run``).
DEFAULT_RECHECK_PER_RUN = 10


@dataclass(frozen=True)
class Source:
    """One source: a spider family and its parameters, with its politeness, limits and schedule.

    An optional setting left out of the entry is None here (the crawler then uses its own default), so
    ``entry()`` gives back what the entry said.
    """

    id: str
    family: str
    params: Mapping[str, Any] = field(default_factory=dict)
    name: str | None = None
    jurisdiction: str | None = None
    agency: str | None = None
    language: str | None = None
    #: The publisher's IANA time zone, when not its jurisdiction's.
    timezone: str | None = None
    schedule: str = DEFAULT_SCHEDULE
    #: The publisher's working hours in its own zone (``Mon-Fri 08:30-18:00``) and the minutes of each such
    #: hour its list is checked (a cron minute field): see ``regwatch.schedules``.
    working_hours: str | None = None
    working_minutes: str | None = None
    enabled: bool = True
    expected_cadence_days: float | None = None
    #: Hours after which a known notice is fetched again (conditionally).
    recheck_hours: float = 24.0
    recheck_per_run: int = DEFAULT_RECHECK_PER_RUN
    #: Seconds between two requests to the source's site, and requests to it at once.
    delay: float | None = None
    concurrency: int | None = None
    #: Per-request caps: the largest body accepted, and seconds to wait for one.
    max_bytes: int | None = None
    timeout: float | None = None
    #: Minutes one crawl of the source may take before it is stopped and recorded as failed.
    timeout_minutes: float | None = None
    #: Domains the source may fetch from (with their subdomains); empty: those of the URLs it names.
    allowed_hosts: tuple[str, ...] = ()
    #: Days of back catalogue that do not alert (False: all alert); None: the ``[alerts]`` setting.
    baseline_days: int | bool | None = None

    @classmethod
    def from_entry(cls, entry: Mapping[str, Any]) -> Source:
        """The source an entry describes (the configuration's loader checks the values first); a ``ValueError``
        naming the key when the entry has one no source has."""
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(entry) - names)
        if unknown:
            raise ValueError(f"source {entry.get('id')!r}: unknown key {unknown[0]!r}")
        values = dict(entry)
        if "allowed_hosts" in values:
            values["allowed_hosts"] = tuple(values["allowed_hosts"])
        values["params"] = dict(values.get("params") or {})
        return cls(**values)

    @classmethod
    def of(cls, source: Source | Mapping[str, Any]) -> Source:
        """SOURCE itself, or the source its entry describes."""
        return source if isinstance(source, Source) else cls.from_entry(source)

    def entry(self) -> dict[str, Any]:
        """The source as a configuration entry: the settings it was given, the optional ones it was not left out."""
        entry = {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}
        entry["params"] = dict(self.params)
        if self.allowed_hosts:
            entry["allowed_hosts"] = list(self.allowed_hosts)
        else:
            del entry["allowed_hosts"]
        return entry
