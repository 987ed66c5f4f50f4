"""One cycle: crawl → baseline → classify → match → deliver, each stage reading what the one before archived.

The baseline stage keeps a newly added source's back catalogue from alerting
(``alerts.baseline``): its first crawl fills the archive, and only notices of
the last ``baseline_days`` days go on to matching.

Every stage commits its own results, so a cycle that dies anywhere is simply
run again: nothing is lost and nothing is sent twice.
"""
from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlite_utils

from alerts.baseline import apply_baseline
from alerts.delivery import RetryPolicy, send_pending
from alerts.matching import queue_matches, sync_subscriptions
from alerts.operator import notify_health_changes
from alerts.prepare import prepare_deliveries
from archive.db import open_archive
from archive.store import (
    finish_run,
    save_classifications,
    start_run,
    unclassified_versions,
    upsert_source,
    versions_for_reclassification,
)
from crawler.dates import zone_name
from crawler.extract import publisher_effective_date, publisher_ids
from crawler.runner import crawl_in_pool
from regwatch.config import Config
from regwatch.corrections import overlay, regist
from regwatch.lock import cycle_lock, stages_lock
from regwatch.shards import Shard, shard_sources

Progress = Callable[[str], None]
CrawlProgress = Callable[[int, int], None]
CLASSIFY_BATCH = 256


def _publisher_zone(record: Mapping[str, Any]) -> tzinfo | None:
    """The zone of the source of RECORD (a version as ``unclassified_versions`` gives it); None when unknown."""
    try:
        return ZoneInfo(zone_name(record.get("timezone"), record.get("jurisdiction")))
    except (ZoneInfoNotFoundError, ValueError):
        return None


def with_publisher_metadata(labels: list[dict[str, Any]], records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """LABELS (``id`` = version id) with what the publisher gave beside each version's text (its ``metadata``)
    folded in: the document identifiers added to ``doc_ids``, after the classifier's own, none twice; and the
    date of effect, when it reads as a calendar date, as ``effective_date`` of a relevant notice (the
    publisher's own field wins over the date read from the text; a value that is no date, such as "See Art 3",
    leaves the classifier's). A gist is rebuilt when the fold changed what it says."""
    by_id = {record["id"]: record for record in records}
    out = []
    for label in labels:
        record = by_id.get(label["id"]) or {}
        metadata = json.loads(record["metadata"]) if record.get("metadata") else {}
        if not metadata:
            out.append(label)
            continue
        doc_ids = {"".join(doc_id.split()).casefold(): doc_id for doc_id in label["doc_ids"]}
        for doc_id in publisher_ids(metadata):
            doc_ids.setdefault("".join(doc_id.split()).casefold(), doc_id)
        folded = {**label, "doc_ids": list(doc_ids.values())}
        if label.get("relevant"):  # as the classifier's: only a measure has a date of effect
            folded["effective_date"] = (publisher_effective_date(metadata, _publisher_zone(record))
                                        or label.get("effective_date"))
        if "gist" in label and (folded["doc_ids"], folded.get("effective_date")) != (
                label["doc_ids"], label.get("effective_date")):
            folded["gist"] = regist(folded, label.get("frames") or [], record.get("agency"), record.get("lang"))
        out.append(folded)
    return out


def _label_batches(db: sqlite_utils.Database, classifier: Any, next_batch: Callable[[], list[dict[str, Any]]],
                   verb: str, progress: Progress | None) -> int:
    """Classify and store batches from NEXT_BATCH until it comes back empty; return how many versions.

    Progress is said only while more may follow (a full batch): the caller reports the total once.
    """
    done = 0
    while batch := next_batch():
        labels = with_publisher_metadata(classifier.classify(batch, gist=True), batch)
        labels = overlay(db, labels, batch)  # a person's corrections win
        done += save_classifications(db, labels, classifier.version)
        if progress and len(batch) >= CLASSIFY_BATCH:
            progress(f"{verb} {done} version(s) so far")
    return done


def classify_pending(db: sqlite_utils.Database, progress: Progress | None = None) -> int:
    """Classify every version that has no classification yet, in batches; return how many."""
    if not unclassified_versions(db, 1):
        return 0  # spaCy loads only when there is work for it
    from nlp import load_classifier

    return _label_batches(db, load_classifier(), lambda: unclassified_versions(db, CLASSIFY_BATCH),
                          "classified", progress)


def reclassify_archive(db: sqlite_utils.Database, progress: Progress | None = None) -> int:
    """Relabel every version classified by another model version than the current one; return how many.

    Alerts are not sent again: a version is matched against subscriptions once, when it is new.
    """
    from nlp import load_classifier

    classifier = load_classifier()
    return _label_batches(db, classifier,
                          lambda: versions_for_reclassification(db, classifier.version, CLASSIFY_BATCH),
                          "reclassified", progress)


@dataclass
class CycleSummary:
    run_id: int
    sources: list[dict[str, Any]] = field(default_factory=list)
    classified: int = 0
    #: Versions archived as a new source's baseline (back catalogue, no alert), per source.
    baselined: dict[str, int] = field(default_factory=dict)
    queued: int = 0
    deliveries_prepared: int = 0
    emails_sent: int = 0
    email_errors: list[str] = field(default_factory=list)
    delivery_failures: list[str] = field(default_factory=list)  # deliveries that ended 'failed' in this run
    deliveries_failed: int = 0        # how many ended 'failed' in this run
    deliveries_failed_total: int = 0  # how many wait in the failed list (`regwatch deliveries --status failed`)
    operator_notices: int = 0
    seconds: float = 0.0

    @property
    def failed_sources(self) -> list[str]:
        return [s["source_id"] for s in self.sources if not s["ok"]]

    @property
    def exit_code(self) -> int:
        """0 when every source and every delivery tried in this run succeeded, 1 otherwise.

        A delivery that failed in an earlier run and still waits in the failed
        list was reported by that run; it does not fail every later one.
        """
        return 1 if self.failed_sources or self.email_errors or self.delivery_failures else 0

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "failed_sources": self.failed_sources, "exit_code": self.exit_code}


def run_cycle(
    config: Config,
    source_ids: list[str] | None = None,
    *,
    crawl: bool = True,
    now: datetime | None = None,
    progress: Progress | None = None,
    crawl_log_level: str | None = None,
    shard: Shard | None = None,
    crawl_progress: CrawlProgress | None = None,
) -> CycleSummary:
    """Run one cycle over the chosen sources (all enabled ones by default; with SHARD, those of the shard) under
    the archive's lock (the shard's lock).

    CRAWL_PROCESS, when given, hears (sources done, sources in all) as the crawl goes.
    """
    started = time.monotonic()
    say = progress or (lambda message: None)
    sources = [config.source(i) for i in source_ids] if source_ids else [s for s in config.sources if s.enabled]
    sources = shard_sources(sources, shard)
    with cycle_lock(config.db, shard):
        db = open_archive(config.db)
        try:
            for source in sources:
                upsert_source(db, source.entry())
            for note in sync_subscriptions(db, config.subscribers):  # told once: the archive records it
                print(f"regwatch: {note}", file=sys.stderr)
            run_id = start_run(db)
            summary = CycleSummary(run_id=run_id)
            if crawl and sources:
                say(f"crawling {len(sources)} source(s)" + (f" (shard {shard})" if shard else ""))
                crawl_in_pool(str(config.db), sources, run_id, config.user_agent, log_level=crawl_log_level,
                              processes=config.crawl_processes, sources_per_process=config.crawl_sources_per_process,
                              progress=crawl_progress)
                summary.sources = [dict(row) for row in db.query(
                    """SELECT source_id, ok, items_seen, new, changed, unchanged, errors, error
                       FROM source_runs WHERE run_id = ? ORDER BY source_id""", [run_id])]
                for row in summary.sources:
                    row["ok"] = bool(row["ok"])
                    state = "ok" if row["ok"] else f"FAILED: {row['error']}"
                    if row["ok"] and row["errors"]:
                        state = f"ok, {row['errors']} error(s) recorded in the source's issues"
                    say(f"  {row['source_id']}: {row['items_seen']} listed, {row['new']} new, "
                        f"{row['changed']} changed — {state}")
            with _stages_turn(config, shard):
                _after_crawl(db, config, summary, now, say)
            summary.seconds = round(time.monotonic() - started, 2)
            finish_run(db, run_id, "ok" if summary.exit_code == 0 else "failed", summary.as_dict())
            return summary
        finally:
            db.close()


@contextmanager
def _stages_turn(config: Config, shard: Shard | None) -> Iterator[None]:
    """Sharded runs take turns at the stages after the crawl; a whole run already holds the archive alone."""
    with stages_lock(config.db) if shard is not None else nullcontext():
        yield


def _after_crawl(db: sqlite_utils.Database, config: Config, summary: CycleSummary,
                 now: datetime | None, say: Progress) -> None:
    """Baseline, classify, match, deliver and tell the operator, recording each outcome on SUMMARY."""
    summary.baselined = apply_baseline(db, config.baseline_days_for, now)
    for row in summary.sources:
        row["baselined"] = summary.baselined.get(row["source_id"], 0)
    for source_id, count in sorted(summary.baselined.items()):
        say(f"  {source_id}: first crawl, {count} notice(s) older than {config.baseline_days_for(source_id)} "
            "day(s) or undated archived as its baseline, not alerted")
    summary.classified = classify_pending(db, say)
    summary.queued = queue_matches(db, now)
    summary.deliveries_prepared = prepare_deliveries(db, now)
    policy = RetryPolicy(config.permanent_failure_attempts, timedelta(days=config.max_retry_days))
    report = send_pending(db, config.smtp, now=now, unsubscribe_url=config.unsubscribe_url, policy=policy,
                          unsubscribe_mailto=config.unsubscribe_mailto)
    summary.emails_sent, summary.email_errors = report.sent, report.errors or []
    summary.delivery_failures = report.dead_letters
    summary.deliveries_failed = len(report.dead_letters)
    summary.deliveries_failed_total = db.execute(
        "SELECT count(*) FROM deliveries WHERE status = 'failed'").fetchone()[0]
    if summary.classified or summary.queued or report.sent or report.failed:
        say(f"classified {summary.classified}, queued {summary.queued}, sent {report.sent} email(s)"
            + (f", {report.failed} delivery failure(s)" if report.failed else "")
            + (f", {summary.deliveries_failed} given up" if summary.deliveries_failed else ""))
    summary.operator_notices = notify_health_changes(db, config.smtp, config.operator_email)
