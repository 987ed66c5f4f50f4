"""How long a notice can take from publication to an immediate alert, per source (``regwatch sources --latency``).

The worst case for a source is the longest wait for the list check that
finds a notice (``regwatch.schedules.cadence``), plus the longest job the
daemon may be running when that check comes due (jobs run one at a time),
plus the source's own job: crawl, classify, match and send. Job durations
are measured: the longest of the last runs that crawled the source, from the
archive's ``runs`` table; a source never run is assumed to take
``ASSUMED_JOB_SECONDS``.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlite_utils

from crawler.dates import timezone_name
from crawler.source import Source
from regwatch.schedules import cadence

TARGET = timedelta(minutes=15)
ASSUMED_JOB_SECONDS = 60.0
RECENT_RUNS = 20


def measured_job_seconds(db: sqlite_utils.Database, source_id: str, runs: int = RECENT_RUNS) -> float | None:
    """The longest of the last RUNS finished cycles that crawled SOURCE_ID, in seconds; None when there is none."""
    rows = db.execute(
        """SELECT r.started_at, r.finished_at FROM runs r
           WHERE r.finished_at IS NOT NULL AND r.id IN (SELECT run_id FROM source_runs WHERE source_id = ?)
           ORDER BY r.id DESC LIMIT ?""", [source_id, runs]).fetchall()
    spans = [(datetime.fromisoformat(finished) - datetime.fromisoformat(started)).total_seconds()
             for started, finished in rows]
    return max(spans) if spans else None


def latency_report(sources: Sequence[Source], db: sqlite_utils.Database | None,
                   since: datetime | None = None) -> list[dict[str, Any]]:
    """One row per source: its cadence, its measured job, and the worst case in and outside working hours."""
    measured = {s.id: measured_job_seconds(db, s.id) if db is not None else None for s in sources}
    jobs = {source_id: seconds if seconds is not None else ASSUMED_JOB_SECONDS for source_id, seconds in measured.items()}
    longest = max((jobs[s.id] for s in sources if s.enabled), default=0.0)
    rows = []
    for source in sources:
        shape = cadence(source, since)
        own = jobs[source.id]
        extra = timedelta(seconds=own + longest)
        working, outside = shape.worst_gap_working + extra, shape.worst_gap_outside + extra
        rows.append({
            "id": source.id, "family": source.family, "enabled": source.enabled,
            "timezone": timezone_name(source), "working_hours": source.working_hours,
            "schedule": source.schedule, "working_minutes": source.working_minutes,
            "checks_per_day": shape.checks_per_day, "checks_busiest_day": shape.busiest_day,
            "worst_gap_working_minutes": _minutes(shape.worst_gap_working),
            "worst_gap_outside_minutes": _minutes(shape.worst_gap_outside),
            "job_seconds": round(own, 1), "job_measured": measured[source.id] is not None,
            "wait_seconds": round(longest, 1),
            "worst_case_working_minutes": _minutes(working), "worst_case_outside_minutes": _minutes(outside),
            "over_target": working > TARGET,
        })
    return rows


def _minutes(span: timedelta) -> float:
    return round(span.total_seconds() / 60, 1)


def latency_lines(rows: list[dict[str, Any]]) -> list[str]:
    """The report as text lines, a flag on every source whose working-hours worst case passes the target."""
    target = int(TARGET.total_seconds() // 60)
    lines = [f"{'SOURCE':24} {'ZONE':20} {'WORKING HOURS':20} {'CHECKS/DAY':>10} {'JOB':>8} "
             f"{'WORST (WORKING)':>16} {'WORST (OUTSIDE)':>16}"]
    for row in rows:
        job = f"{row['job_seconds']:.0f}s" + ("" if row["job_measured"] else "?")
        flag = f"  OVER {target} MIN" if row["over_target"] else ""
        lines.append(f"{row['id']:24} {row['timezone']:20} {row['working_hours'] or '-':20} "
                     f"{row['checks_per_day']:>10.0f} {job:>8} {row['worst_case_working_minutes']:>13.1f} min "
                     f"{row['worst_case_outside_minutes']:>12.1f} min{flag}")
    over = sum(row["over_target"] for row in rows)
    lines.append(f"{over} source(s) over {target} minutes in working hours" if over
                 else f"every source within {target} minutes in working hours")
    if any(not row["job_measured"] for row in rows):
        lines.append(f"?: never run here; its job is assumed to take {ASSUMED_JOB_SECONDS:.0f} s")
    return lines


def print_latency(sources: Sequence[Source], db_path: Any, as_json: bool) -> int:
    """Print the report for SOURCES, reading durations from the archive at DB_PATH if there is one; 1 when a
    source's working-hours worst case passes the target, else 0."""
    import json
    from pathlib import Path

    from archive.db import open_archive

    db = open_archive(db_path) if db_path and Path(db_path).is_file() else None
    try:
        rows = latency_report(sources, db)
    finally:
        if db is not None:
            db.close()
    if as_json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        print("\n".join(latency_lines(rows)))
    return 1 if any(row["over_target"] and row["enabled"] for row in rows) else 0
