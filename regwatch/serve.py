"""``regwatch serve``: a daemon that runs each source on its own cron schedule and sends digests on time.

Each crawl runs in a child process (see ``crawler.runner``), so the daemon
keeps no reactor of its own. Jobs run one at a time on a single worker thread
and share the cron lock with ``regwatch run``, so they never overlap each
other or a cron-started cycle. A failing source is logged and retried at its
next slot; it never stops the daemon. SIGTERM and SIGINT stop it cleanly. At start it crawls every source once.

A source's job is the whole path for what it finds (crawl → classify → match
→ send), so an immediate alert leaves in the job that found its notice; the
digest check only sends daily and weekly digests that came due meanwhile.
Sources that come due while another job runs are crawled together in the
next job, in one crawler process. Schedules (``regwatch.schedules``) are read
on the project's clock, so a test that runs the clock faster runs them faster.
With ``[alerts] unsubscribe_listen`` set it also answers the emails' one-click
unsubscribe links (``regwatch.unsubscribe_server``).
"""
from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from datetime import datetime, timezone
from urllib.parse import urlsplit

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.job import Job
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from archive import clock
from regwatch.config import Config, ConfigError
from regwatch.cycle import run_cycle
from regwatch.lock import RunLocked
from regwatch.schedules import ClockTrigger, source_trigger
from regwatch.unsubscribe_server import UnsubscribeServer, start_in_thread

log = logging.getLogger("regwatch.serve")
DIGEST_CHECK = "*/5 * * * *"


def _job(config: Config, source_ids: list[str] | None, crawl: bool, say: Callable[[str], None]) -> None:
    label = ", ".join(source_ids) if source_ids else "digests"
    try:
        summary = run_cycle(config, source_ids, crawl=crawl)
    except RunLocked as exc:
        say(f"{label}: skipped: {exc}")
        return
    except Exception as exc:  # one failing job must never stop the daemon
        log.exception("job %s failed", label)
        say(f"{label}: failed: {type(exc).__name__}: {exc}")
        return
    for source in summary.sources:
        state = "ok" if source["ok"] else f"FAILED: {source['error']}"
        say(f"{source['source_id']}: {source['new']} new, {source['changed']} changed, {state}")
    if summary.emails_sent or summary.email_errors or summary.delivery_failures:
        say(f"{label}: sent {summary.emails_sent} email(s), {len(summary.email_errors)} failure(s)"
            + (f", {summary.deliveries_failed} delivery(ies) given up" if summary.deliveries_failed else ""))
    for line in summary.delivery_failures:
        say(f"{label}: {line} (see `regwatch deliveries --status failed`)")


class _DueSources:
    """The sources whose slot has come and whose crawl has not started yet."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids: list[str] = []

    def add(self, source_id: str) -> None:
        with self._lock:
            if source_id not in self._ids:
                self._ids.append(source_id)

    def take(self) -> list[str]:
        with self._lock:
            ids, self._ids = self._ids, []
            return ids


class _NotingExecutor(ThreadPoolExecutor):
    """One worker thread; a source's slot is noted as due when its job is handed over, before it can start, so
    that sources queued behind a long job are crawled together."""

    def __init__(self, due: _DueSources) -> None:
        super().__init__(1)
        self.due = due

    def submit_job(self, job: Job, run_times: list[datetime]) -> None:
        if job.id.startswith("source:"):
            self.due.add(job.id.removeprefix("source:"))
        super().submit_job(job, run_times)


def _crawl_due(config: Config, due: _DueSources, say: Callable[[str], None]) -> None:
    # A job whose source an earlier job already took finds nothing left to do.
    ids = due.take()
    if ids:
        _job(config, ids, True, say)


def build_scheduler(config: Config, say: Callable[[str], None]) -> BlockingScheduler:
    """A scheduler with one job per enabled source and one that sends due digests."""
    due = _DueSources()
    scheduler = BlockingScheduler(executors={"default": _NotingExecutor(due)}, timezone=timezone.utc,
                                  job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 600})
    for source in config.sources:
        if not source.enabled:
            continue
        scheduler.add_job(_crawl_due, ClockTrigger(source_trigger(source)), args=[config, due, say],
                          id=f"source:{source.id}", name=f"crawl {source.id}")
    scheduler.add_job(_job, ClockTrigger(CronTrigger.from_crontab(DIGEST_CHECK, timezone=timezone.utc)),
                      args=[config, None, False, say], id="digests", name="send due digests")
    enabled = [source.id for source in config.sources if source.enabled]
    if enabled:
        # Catch up at start rather than waiting for each source's first slot.
        # No trigger: the scheduler runs it once, at once, by its own (the system's) clock.
        scheduler.add_job(_job, args=[config, enabled, True, say], id="startup", name="crawl all sources at start")
    return scheduler


def listen_for_unsubscribes(config: Config, say: Callable[[str], None]) -> UnsubscribeServer:
    """Start answering the one-click unsubscribe URL on ``[alerts] unsubscribe_listen``, in a thread."""
    host, port = config.unsubscribe_listen or ("127.0.0.1", 8026)
    try:
        server = UnsubscribeServer(config.db, config.unsubscribe_url or "", (host, port), say=say,
                                   mailbox=config.unsubscribe_mailto)
    except OSError as exc:
        raise ConfigError(f"cannot listen on {host}:{port} for unsubscribe links ({exc.strerror or exc}); "
                          "free the port or change [alerts] unsubscribe_listen") from None
    start_in_thread(server)
    bound_host, bound_port = server.socket.getsockname()[:2]
    say(f"answering unsubscribe links at {bound_host}:{bound_port}{urlsplit(config.unsubscribe_url or '').path}")
    return server


def serve(config: Config, progress: Callable[[str], None] | None = None) -> int:
    """Run until SIGTERM or SIGINT; return the exit code."""
    say = progress or (lambda message: None)

    def stamped(message: str) -> None:
        say(f"{clock.now():%Y-%m-%d %H:%M:%S} {message}")

    scheduler = build_scheduler(config, stamped)
    links = listen_for_unsubscribes(config, stamped) if config.unsubscribe_listen else None

    def stop(signum: int, _frame) -> None:
        stamped(f"received {signal.Signals(signum).name}, stopping after the current job")
        if links is not None:
            links.shutdown()
        scheduler.shutdown(wait=True)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    sources = sum(job.id.startswith("source:") for job in scheduler.get_jobs())
    stamped(f"serving {sources} source(s); archive {config.db}")
    scheduler.start()
    stamped("stopped")
    return 0
