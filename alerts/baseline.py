"""A newly added source's back catalogue is archived without alerting anyone (its "baseline").

A source's first crawl archives every notice its list shows, most of them old.
Versions archived up to and including the source's first successful crawl
(``sources.baseline_version_id``; every version while it has never succeeded)
form its baseline period. Of those, the ones published before the last
``baseline_days`` calendar days (UTC, counting the day they were fetched) are
marked matched without queuing an alert: they stay archived, classified and
searchable, and ``versions.baseline`` records why nobody was told. The rest
are matched as usual. Later versions (amendments) always alert with their diff.

A notice with no readable publication date counts as back catalogue: on a first
crawl nothing tells it apart from years of archive, and it is still searchable.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone

import sqlite_utils

from archive.clock import utcnow

#: Days of a first crawl's notices that still alert: one week, the longest digest period and about the
#: cadence of a busy source, so a subscriber hears of this week's news but not of the archive.
DEFAULT_BASELINE_DAYS = 7


def is_back_catalogue(published: str | None, fetched_at: str, days: int) -> bool:
    """Whether a notice fetched at FETCHED_AT was published before the last DAYS days (the day of
    fetching counts as one); a notice without a readable publication date is back catalogue too."""
    if days <= 0 or not published:
        return True
    try:
        day = date.fromisoformat(published.strip()[:10])
        fetched = datetime.fromisoformat(fetched_at)
    except ValueError:
        return True
    fetched_day = (fetched if fetched.tzinfo else fetched.replace(tzinfo=timezone.utc)).astimezone(timezone.utc).date()
    return day <= fetched_day - timedelta(days=days)


def apply_baseline(db: sqlite_utils.Database, days_for: Callable[[str], int | None],
                   now: datetime | None = None) -> dict[str, int]:
    """Mark the unmatched back-catalogue versions of sources still in their baseline period as matched,
    queuing nothing; return how many per source.

    ``days_for(source_id)`` gives the source's ``baseline_days`` (None: no
    baseline, everything alerts). Run it before matching; it is idempotent, and
    one that a crash skipped is caught up by the next run, since the baseline
    period is bounded by version id, not by which run looks at it.
    """
    rows = db.query(
        """SELECT v.id, v.fetched_at, d.published, d.source_id
           FROM versions v JOIN documents d ON d.id = v.document_id JOIN sources s ON s.id = d.source_id
           WHERE v.matched_at IS NULL AND (s.baseline_version_id IS NULL OR v.id <= s.baseline_version_id)
           ORDER BY v.id""")
    policies: dict[str, int | None] = {}
    held: list[tuple[int, str]] = []
    for row in rows:
        source_id = row["source_id"]
        if source_id not in policies:
            policies[source_id] = days_for(source_id)
        days = policies[source_id]
        if days is not None and is_back_catalogue(row["published"], row["fetched_at"], days):
            held.append((row["id"], source_id))
    if not held:
        return {}
    stamp = now.replace(microsecond=0).isoformat() if now else utcnow()
    with db.atomic():
        db.conn.executemany("UPDATE versions SET matched_at = ?, baseline = 1 WHERE id = ? AND matched_at IS NULL",
                            [(stamp, version_id) for version_id, _ in held])
    return dict(Counter(source_id for _, source_id in held))
