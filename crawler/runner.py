"""Running the spiders of chosen sources, once, in a child process.

Each source arrives as a ``crawler.source.Source`` (an entry as a table, as the configuration file gives it,
is read into one) and is handed to its family's spider.

Twisted's reactor cannot be restarted within one process, so every crawl runs
in a fresh child process: a daemon or a test can crawl as often as it likes,
and a crash inside the crawler cannot take the caller down with it.
"""
from __future__ import annotations

import json
import multiprocessing
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess

from archive.clock import utcnow
from archive.db import open_archive
from archive.store import record_source_run, upsert_source
from crawler.families import spider_class
from crawler.logfilter import log_one_line_per_problem
from crawler.settings import check_settings, crawl_settings
from crawler.source import Source


def crawl(
    db_path: str, sources: Sequence[Source | Mapping[str, Any]], run_id: int | None = None, user_agent: str | None = None,
    log_level: str | None = None,
) -> None:
    """Crawl SOURCES into the archive at DB_PATH in this process (which must not have run a reactor).

    Scrapy's own log is off unless ``log_level`` is given: outcomes are recorded per source instead. Below
    DEBUG, each log record is one line and a repeated one is dropped.
    """
    chosen = [Source.of(source) for source in sources]
    db = open_archive(db_path)
    try:
        for source in chosen:
            upsert_source(db, source.entry())
    finally:
        db.close()
    settings = crawl_settings(db_path, chosen, user_agent)
    if log_level == "DEBUG":
        settings.update(LOG_ENABLED=True, LOG_LEVEL=log_level)  # Scrapy's whole log, tracebacks included
    process = CrawlerProcess(settings)
    if log_level and log_level != "DEBUG":
        log_one_line_per_problem(log_level)
    for source in chosen:
        process.crawl(spider_class(source.family), source=source, run_id=run_id)
    process.start()


def crawl_in_child(
    db_path: str, sources: Sequence[Source | Mapping[str, Any]], run_id: int | None = None, user_agent: str | None = None,
    timeout: float | None = None, log_level: str | None = None,
) -> int:
    """Crawl in a child process and return its exit code.

    A source whose spider never reported (the child died or timed out) is
    recorded as failed, so no source is ever silently skipped.
    """
    chosen = [Source.of(source) for source in sources]
    context = multiprocessing.get_context("spawn")
    child = context.Process(target=crawl, args=(str(db_path), chosen, run_id, user_agent, log_level), name="regwatch-crawl")
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.terminate()
        child.join(10)
        if child.is_alive():
            child.kill()
            child.join()
    code = child.exitcode if child.exitcode is not None else -1
    db = open_archive(db_path)
    try:
        reported = {
            row["source_id"] for row in db.query("SELECT source_id FROM source_runs WHERE run_id = ?", [run_id])
        } if run_id is not None else set()
        for source in chosen:
            if source.id in reported:
                continue
            upsert_source(db, source.entry())
            record_source_run(
                db, source_id=source.id, run_id=run_id, started_at=utcnow(),
                items_seen=0, new=0, changed=0, unchanged=0, errors=1,
                error=f"the crawler process ended with code {code} before this source finished",
            )
    finally:
        db.close()
    return code


def check(sources: Sequence[Source | Mapping[str, Any]], report_path: str, user_agent: str | None = None,
          log_level: str | None = None) -> None:
    """Try SOURCES out in this process (which must not have run a reactor): each spider reads its first list page
    and first notice and appends its report to REPORT_PATH; nothing is archived."""
    chosen = [Source.of(source) for source in sources]
    settings = check_settings(chosen, report_path, user_agent)
    if log_level == "DEBUG":
        settings.update(LOG_ENABLED=True, LOG_LEVEL=log_level)  # Scrapy's whole log, tracebacks included
    process = CrawlerProcess(settings)
    if log_level and log_level != "DEBUG":
        log_one_line_per_problem(log_level)
    for source in chosen:
        process.crawl(spider_class(source.family), source=source, check=True)
    process.start()


def check_in_child(
    sources: Sequence[Source | Mapping[str, Any]], user_agent: str | None = None, timeout: float | None = None,
    log_level: str | None = None,
) -> list[dict[str, Any]]:
    """Check SOURCES in a child process; one report per source, in the order given (``SourceSpider.check_report``).

    A source whose spider never reported (the child died or timed out) gets a report naming that.
    """
    chosen = [Source.of(source) for source in sources]
    with tempfile.TemporaryDirectory(prefix="regwatch-check-") as folder:
        report_path = Path(folder) / "reports.jsonl"
        context = multiprocessing.get_context("spawn")
        child = context.Process(target=check, args=(chosen, str(report_path), user_agent, log_level),
                                name="regwatch-check")
        child.start()
        child.join(timeout)
        if child.is_alive():
            child.terminate()
            child.join(10)
            if child.is_alive():
                child.kill()
                child.join()
        code = child.exitcode if child.exitcode is not None else -1
        lines = report_path.read_text("utf-8").splitlines() if report_path.is_file() else []
    reports = {report["source"]: report for report in map(json.loads, lines)}
    missing = f"the checking process ended with code {code} before this source finished"
    return [reports.get(source.id) or {
        "source": source.id, "family": source.family, "healthy": False, "items_found": 0, "items": [],
        "first_notice": None, "layout_error": None, "error": missing, "problems": [missing],
    } for source in chosen]
