"""Running the spiders of chosen sources, once, in a child process.

Twisted's reactor cannot be restarted within one process, so every crawl runs
in a fresh child process: a daemon or a test can crawl as often as it likes,
and a crash inside the crawler cannot take the caller down with it.
"""
from __future__ import annotations

import multiprocessing
from typing import Any

from scrapy.crawler import CrawlerProcess

from archive.clock import utcnow
from archive.db import open_archive
from archive.store import record_source_run, upsert_source
from crawler.settings import crawl_settings
from crawler.spiders import FAMILIES


def crawl(
    db_path: str, sources: list[dict[str, Any]], run_id: int | None = None, user_agent: str | None = None,
    log_level: str | None = None,
) -> None:
    """Crawl SOURCES into the archive at DB_PATH in this process (which must not have run a reactor).

    Scrapy's own log is off unless ``log_level`` is given: outcomes are recorded per source instead.
    """
    db = open_archive(db_path)
    try:
        for source in sources:
            upsert_source(db, source)
    finally:
        db.close()
    settings = crawl_settings(db_path, sources, user_agent)
    if log_level:
        settings.update(LOG_ENABLED=True, LOG_LEVEL=log_level)
    process = CrawlerProcess(settings)
    for source in sources:
        process.crawl(FAMILIES[source["family"]], source=source, db_path=str(db_path), run_id=run_id)
    process.start()


def crawl_in_child(
    db_path: str, sources: list[dict[str, Any]], run_id: int | None = None, user_agent: str | None = None,
    timeout: float | None = None, log_level: str | None = None,
) -> int:
    """Crawl in a child process and return its exit code.

    A source whose spider never reported (the child died or timed out) is
    recorded as failed, so no source is ever silently skipped.
    """
    context = multiprocessing.get_context("spawn")
    child = context.Process(target=crawl, args=(str(db_path), sources, run_id, user_agent, log_level), name="regwatch-crawl")
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
        for source in sources:
            if source["id"] in reported:
                continue
            upsert_source(db, source)
            record_source_run(
                db, source_id=source["id"], run_id=run_id, started_at=utcnow(),
                items_seen=0, new=0, changed=0, unchanged=0, errors=1,
                error=f"the crawler process ended with code {code} before this source finished",
            )
    finally:
        db.close()
    return code
