"""Running the spiders of chosen sources, once, in a bounded pool of child processes.

Each source arrives as a ``crawler.source.Source`` (an entry as a table, as the configuration file gives it,
is read into one) and is handed to its family's spider.

Twisted's reactor cannot be restarted within one process, so every crawl runs
in fresh child processes: a daemon or a test can crawl as often as it likes,
and a crash inside the crawler cannot take the caller down with it.

Each child crawls its share of the sources a few at a time
(``sources_per_process``, default ``DEFAULT_SOURCES_PER_PROCESS``): when one
source finishes the next starts, so open connections and file descriptors stay
bounded however many sources there are, and the child holds one archive
connection (``crawler.connection``).

Every source has a wall-clock budget (its ``timeout_minutes``, default
``DEFAULT_TIMEOUT_MINUTES``). Past it the source's crawl is closed, its
in-flight downloads end with it (``SourceLimitsMiddleware`` caps each request's
timeout at the time left) and it is recorded as failed with the reason; the
other sources go on. A child that outlives the sum of its sources' budgets
(something held its reactor) is killed and its unfinished sources are recorded
as failed, so a crawl never runs longer than that sum.

A full disk ends the whole crawl: the child that met it stops its other
sources and exits with ``EXIT_DISK_FULL``, and the pool raises ``OSError``
(ENOSPC) so the command says so in one line; what was committed is kept.
"""
from __future__ import annotations

import errno
import json
import multiprocessing
import os
import resource
import tempfile
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.utils.defer import deferred_from_coro
from twisted.python.failure import Failure

from archive.clock import utcnow
from archive.db import open_archive
from archive.store import record_source_run, upsert_source
from crawler.connection import close_process_archives, process_archive
from crawler.families import spider_class
from crawler.limits import DEFAULT_CRAWL_PROCESSES, DEFAULT_SOURCES_PER_PROCESS, budget_seconds
from crawler.logfilter import log_one_line_per_problem
from crawler.settings import check_settings, crawl_settings
from crawler.source import Source
from crawler.spiders.base import SourceSpider

#: Files a child keeps for itself (Python, Scrapy, the archive) and the most one running source may hold;
#: the number run at once is lowered to fit the child's own open-file limit.
RESERVED_FILES = 100
FILES_PER_SOURCE = 16
#: Time for a child to start its reactor and to close, on top of its sources' budgets.
START_AND_CLOSE_SECONDS = 60.0
#: A crawler child's exit code when its writes met a full disk (ENOSPC's number).
EXIT_DISK_FULL = errno.ENOSPC

Progress = Callable[[int, int], None]


def fitting_sources_per_process(wanted: int) -> int:
    """WANTED lowered, if need be, so that many running sources fit this process's open-file limit."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return max(1, wanted)
    return max(1, min(wanted, (soft - RESERVED_FILES) // FILES_PER_SOURCE))


def crawl(
    db_path: str, sources: Sequence[Source | Mapping[str, Any]], run_id: int | None = None,
    user_agent: str | None = None, log_level: str | None = None, sources_per_process: int = DEFAULT_SOURCES_PER_PROCESS,
    report: Connection | None = None,
) -> None:
    """Crawl SOURCES into the archive at DB_PATH in this process (which must not have run a reactor), at most
    SOURCES_PER_PROCESS at a time, each within its budget; the id of each source done is sent on REPORT.

    Scrapy's own log is off unless ``log_level`` is given: outcomes are recorded per source instead. Below
    DEBUG, each log record is one line and a repeated one is dropped.
    """
    chosen = [Source.of(source) for source in sources]
    db = process_archive(db_path)
    for source in chosen:
        upsert_source(db, source.entry())
    process = _crawler_process(crawl_settings(db_path, chosen, user_agent), log_level)
    at_once = fitting_sources_per_process(sources_per_process)
    waiting = deque(chosen)
    running = 0
    disk_full = False

    def start_next() -> None:
        nonlocal running
        while waiting and running < at_once:
            source = waiting.popleft()
            running += 1
            budget = budget_seconds(source)
            crawler = process.create_crawler(spider_class(source.family))
            try:
                done = process.crawl(crawler, source=source, run_id=run_id, deadline=time.monotonic() + budget)
            except Exception as exc:  # noqa: BLE001 (a spider that cannot even be built fails its source only)
                finished(Failure(exc), source, None)
                continue
            # The first crawl installs the reactor Scrapy's settings ask for: it is looked up only now.
            timer = _reactor().callLater(budget, _stop_overdue, crawler, source)
            done.addBoth(finished, source, timer, crawler)

    def finished(result: Any, source: Source, timer: Any, crawler: Crawler | None = None) -> None:
        nonlocal running, disk_full
        running -= 1
        if timer is not None and timer.active():
            timer.cancel()
        if crawler is not None and getattr(crawler.spider, "disk_full", False) and not disk_full:
            # Every other source would meet the same disk: stop them all, keeping what is committed.
            disk_full = True
            waiting.clear()
            process.stop()
        if isinstance(result, Failure):
            _record_unfinished(db, source, run_id, f"the crawl could not run: {result.getErrorMessage()}")
        if report is not None:
            report.send(source.id)
        if waiting:
            start_next()
        elif not running:
            _reactor().stop()

    if not chosen:
        return
    start_next()
    try:
        process.start(stop_after_crawl=False)
    finally:
        close_process_archives()
    if disk_full:
        raise SystemExit(EXIT_DISK_FULL)


def _crawler_process(settings: dict[str, Any], log_level: str | None) -> CrawlerProcess:
    """A Scrapy process on SETTINGS: its own whole log at DEBUG, else one line per problem at LOG_LEVEL."""
    if log_level == "DEBUG":
        settings = {**settings, "LOG_ENABLED": True, "LOG_LEVEL": log_level}  # tracebacks included
    process = CrawlerProcess(settings)
    if log_level and log_level != "DEBUG":
        log_one_line_per_problem(log_level)
    return process


def _reactor() -> Any:
    """The reactor Scrapy installed (looked up late: importing it earlier would install the default one)."""
    from twisted.internet import reactor

    return reactor


def _stop_overdue(crawler: Crawler, source: Source) -> None:
    """Close a source's crawl that ran past its budget, recording why."""
    spider, engine = crawler.spider, crawler.engine
    if not isinstance(spider, SourceSpider) or engine is None:
        return
    minutes = budget_seconds(source) / 60
    spider.fatal_error = (f"stopped after its time budget of {minutes:g} minute(s) (timeout_minutes); "
                          "what it had archived is kept")
    spider.errors += 1
    deferred_from_coro(engine.close_spider_async(reason="deadline"))


def _record_unfinished(db: Any, source: Source, run_id: int | None, error: str) -> None:
    """Record SOURCE as failed with ERROR unless its spider already reported on this run."""
    if run_id is not None and db.execute("SELECT 1 FROM source_runs WHERE run_id = ? AND source_id = ?",
                                         [run_id, source.id]).fetchone():
        return
    upsert_source(db, source.entry())
    record_source_run(db, source_id=source.id, run_id=run_id, started_at=utcnow(), items_seen=0, new=0,
                      changed=0, unchanged=0, errors=1, error=error)


def crawl_in_pool(
    db_path: str, sources: Sequence[Source | Mapping[str, Any]], run_id: int | None = None,
    user_agent: str | None = None, *, processes: int = DEFAULT_CRAWL_PROCESSES, sources_per_process: int = DEFAULT_SOURCES_PER_PROCESS,
    timeout: float | None = None, log_level: str | None = None, progress: Progress | None = None,
) -> int:
    """Crawl SOURCES in up to PROCESSES child processes, SOURCES_PER_PROCESS at a time in each; return the worst
    exit code (0 when every child ended normally).

    PROGRESS, when given, is called with (sources done, sources in all) as sources finish. Each child is killed
    once it has run for the sum of its sources' budgets (plus ``START_AND_CLOSE_SECONDS``), or for TIMEOUT
    seconds when that is shorter. A source whose spider never reported is recorded as failed, so no source is
    ever silently skipped.
    """
    chosen = [Source.of(source) for source in sources]
    context = multiprocessing.get_context("spawn")
    shares = [share for share in (chosen[i::max(1, processes)] for i in range(max(1, processes))) if share]
    children = []
    for number, share in enumerate(shares):
        receive, send = context.Pipe(duplex=False)
        limit = sum(map(budget_seconds, share)) + START_AND_CLOSE_SECONDS
        if timeout is not None:
            limit = min(limit, timeout)
        process = context.Process(target=crawl, name=f"regwatch-crawl-{number + 1}",
                                  args=(str(db_path), share, run_id, user_agent, log_level, sources_per_process, send))
        process.start()
        send.close()
        children.append(_Child(process, receive, share, limit, time.monotonic() + limit))
    done, total = 0, len(chosen)
    live = list(children)
    while live:
        next_end = min(child.ends for child in live)
        ready = wait([child.pipe for child in live] + [child.process.sentinel for child in live],
                     timeout=max(0.0, min(1.0, next_end - time.monotonic())))
        for child in live:
            if child.pipe in ready:
                try:
                    while child.pipe.poll():
                        child.pipe.recv()
                        done += 1
                        if progress:
                            progress(done, total)
                except (EOFError, OSError):
                    pass  # the child has gone: its sentinel says so below
        for child in list(live):
            if not child.process.is_alive():
                child.process.join()
                live.remove(child)
            elif time.monotonic() >= child.ends:
                child.overdue = True
                _end(child.process)
                live.remove(child)
    if any(child.process.exitcode == EXIT_DISK_FULL for child in children):
        raise OSError(errno.ENOSPC, f"{os.strerror(errno.ENOSPC)} while the crawl wrote the archive")
    codes = []
    db = open_archive(db_path)
    try:
        for child in children:
            code = child.process.exitcode if child.process.exitcode is not None else -1
            codes.append(code)
            why = (f"the crawl ran out of its time ({child.limit / 60:g} minute(s): the sum of its sources' "
                   "budgets) before this source finished" if child.overdue
                   else f"the crawler process ended with code {code} before this source finished")
            for source in child.share:
                _record_unfinished(db, source, run_id, why)
            child.pipe.close()
    finally:
        db.close()
    return next((code for code in codes if code != 0), 0)


@dataclass
class _Child:
    """One crawler child as the pool sees it: its process, the pipe it reports on, its sources and its time."""

    process: Any
    pipe: Connection
    share: list[Source]
    limit: float
    ends: float
    overdue: bool = False


def _end(child: Any) -> None:
    """Stop CHILD: politely, then for good."""
    child.terminate()
    child.join(5)
    if child.is_alive():
        child.kill()
        child.join()


def crawl_in_child(
    db_path: str, sources: Sequence[Source | Mapping[str, Any]], run_id: int | None = None, user_agent: str | None = None,
    timeout: float | None = None, log_level: str | None = None,
) -> int:
    """Crawl SOURCES in one child process (``crawl_in_pool`` with one process) and return its exit code."""
    return crawl_in_pool(db_path, sources, run_id, user_agent, timeout=timeout, log_level=log_level)


def check(sources: Sequence[Source | Mapping[str, Any]], report_path: str, user_agent: str | None = None,
          log_level: str | None = None) -> None:
    """Try SOURCES out in this process (which must not have run a reactor): each spider reads its first list page
    and first notice and appends its report to REPORT_PATH; nothing is archived."""
    chosen = [Source.of(source) for source in sources]
    process = _crawler_process(check_settings(chosen, report_path, user_agent), log_level)
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
            _end(child)
        code = child.exitcode if child.exitcode is not None else -1
        lines = report_path.read_text("utf-8").splitlines() if report_path.is_file() else []
    reports = {report["source"]: report for report in map(json.loads, lines)}
    missing = f"the checking process ended with code {code} before this source finished"
    return [reports.get(source.id) or {
        "source": source.id, "family": source.family, "healthy": False, "items_found": 0, "items": [],
        "first_notice": None, "layout_error": None, "error": missing, "problems": [missing],
    } for source in chosen]
