"""Item pipelines: the crawler's only way into the archive.

``ArchivePipeline`` is the one component of a crawl that opens the archive. When
a spider opens, it reads what the spider may know (its source's archived
notices, their validators and last-checked times) and hands it over, read-only.
Everything the spider reports afterwards (notices, 304 answers, issues, the
run's outcome) is queued here and written in batches: one transaction per
``REGWATCH_WRITE_BATCH`` records, or sooner when the oldest has waited
``REGWATCH_WRITE_WAIT`` seconds, and the rest when the spider closes. A crash
loses at most the batch not yet written, never part of one: each record in it
is a notice not yet archived (unknown, so fetched again whenever a later run
lists it, as a notice the crash kept the crawler from reaching would be), a
check time left as it was (the re-check stays due), or an issue note.
"""
from __future__ import annotations

import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro

from archive.reader import is_disk_full
from archive.store import known_documents, log_source_issue, record_fetch, record_source_run, touch_document
from crawler.connection import process_archive
from crawler.items import Notice, NotModified
from crawler.spiders.base import SourceSpider

# A notice's link is shown and mailed as a link: only plain web URLs are kept (an API answer could carry
# javascript: or data: URLs that were never fetched).
WEB_URL = re.compile(r"(?i)^https?://[^\s\"'<>]+$")

DEFAULT_WRITE_BATCH = 200
DEFAULT_WRITE_WAIT = 5.0


@dataclass
class _Issue:
    source_id: str
    message: str
    url: str | None


class ArchivePipeline:
    """The crawler's door to the archive: loads each spider's known notices at its start, and writes what it
    yields (a new version only when a notice's normalised text changed), its issues and its run, in batches."""

    crawler: Crawler  # set by from_crawler

    def __init__(self, db_path: str, batch_size: int = DEFAULT_WRITE_BATCH,
                 max_wait: float = DEFAULT_WRITE_WAIT) -> None:
        self.db_path = db_path
        self.batch_size = max(1, batch_size)
        self.max_wait = max_wait
        self.db: sqlite_utils.Database | None = None
        self.pending: list[Notice | NotModified | _Issue] = []
        self.oldest = 0.0
        self.closing = False

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        pipeline = cls(settings.get("REGWATCH_DB"), settings.getint("REGWATCH_WRITE_BATCH", DEFAULT_WRITE_BATCH),
                       settings.getfloat("REGWATCH_WRITE_WAIT", DEFAULT_WRITE_WAIT))
        pipeline.crawler = crawler
        # The run is recorded on spider_closed, which carries the reason (close_spider comes earlier, without it).
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    @property
    def spider(self) -> SourceSpider:
        spider = self.crawler.spider
        assert isinstance(spider, SourceSpider)  # every spider of ours is one
        return spider

    def open_spider(self) -> None:
        self.db = process_archive(self.db_path)  # one per crawl process, shared by its spiders; the runner closes it
        spider = self.spider
        last_run = self.db.execute("SELECT max(started_at) FROM source_runs WHERE source_id = ?",
                                   [spider.source_id]).fetchone()[0]
        spider.begin(known_documents(self.db, spider.source_id), self, last_run)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Notice) and not item.text.strip():
            raise DropItem(f"{item.url}: no text could be extracted")
        if isinstance(item, (Notice, NotModified)):
            self._queue(item)
        return item

    def log_issue(self, message: str, url: str | None) -> None:
        """Note a problem on the spider's source (written with the next batch)."""
        self._queue(_Issue(self.spider.source_id, message, url))

    def _queue(self, record: Notice | NotModified | _Issue) -> None:
        if not self.pending:
            self.oldest = time.monotonic()
        self.pending.append(record)
        if len(self.pending) >= self.batch_size or time.monotonic() - self.oldest >= self.max_wait:
            self.flush()

    def flush(self) -> None:
        """Write every queued record in one transaction; a record that fails is noted, the others are kept."""
        if not self.pending or self.db is None:
            return
        batch, self.pending = self.pending, []
        outcomes: list[str] = []
        db = self.db
        try:
            with db.atomic():
                for record in batch:
                    outcome = self._write_one(db, record)
                    if outcome is not None:
                        outcomes.append(outcome)
        except (sqlite3.Error, OSError) as exc:
            if not is_disk_full(exc, Path(self.db_path)):
                raise
            self._stop_on_full_disk(exc)
            return
        for outcome in outcomes:
            self.spider.count(outcome)

    def _write_one(self, db: sqlite_utils.Database, record: Notice | NotModified | _Issue) -> str | None:
        """Write RECORD in its own savepoint; a record that fails is noted on its source, unless the disk is full."""
        try:
            with db.atomic():
                return self._write(db, record)
        except Exception as exc:  # noqa: BLE001 (one bad record must not lose the batch)
            if is_disk_full(exc, Path(self.db_path)):
                raise
            self.spider.errors += 1
            log_source_issue(db, self.spider.source_id, f"notice could not be archived: {type(exc).__name__}: {exc}",
                             level="warning", url=getattr(record, "url", None))
            return None

    def _stop_on_full_disk(self, exc: BaseException) -> None:
        """Write nothing more and close the spider; the runner sees ``disk_full`` and ends the crawl."""
        self.db = None
        self.pending = []
        spider = self.spider
        spider.disk_full = True
        spider.fatal_error = f"the disk is full: {exc}"
        if not self.closing and self.crawler.engine is not None:
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="disk_full"))

    @staticmethod
    def _write(db: sqlite_utils.Database, record: Notice | NotModified | _Issue) -> str | None:
        if isinstance(record, _Issue):
            log_source_issue(db, record.source_id, record.message, level="warning", url=record.url)
            return None
        if isinstance(record, NotModified):
            touch_document(db, record.source_id, record.native_id)
            return "unchanged"
        outcome, _ = record_fetch(
            db,
            source_id=record.source_id,
            native_id=record.native_id,
            url=record.url if record.url and WEB_URL.match(record.url) else None,
            title=record.title,
            text=record.text,
            published=record.published,
            language=record.language,
            http_status=record.http_status,
            etag=record.etag,
            last_modified=record.last_modified,
            metadata=record.metadata or None,
        )
        return outcome

    def spider_closed(self, spider: Any, reason: str) -> None:
        """Write what is queued, then the run's outcome and the source's new health."""
        if self.db is None:
            return
        self.closing = True
        try:
            self.flush()
            if self.db is not None:
                record_source_run(self.db, **self.spider.run_record(reason))
        except (sqlite3.Error, OSError) as exc:
            if not is_disk_full(exc, Path(self.db_path)):
                raise
            self.spider.disk_full = True
        finally:
            self.db = None


class CheckPipeline:
    """Keep each notice on its spider for the check's report (``regwatch sources check``): nothing is archived."""

    crawler: Crawler  # set by from_crawler

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls()
        pipeline.crawler = crawler
        return pipeline

    def process_item(self, item: Any) -> Any:
        spider = self.crawler.spider
        assert isinstance(spider, SourceSpider)
        if isinstance(item, Notice):
            spider.checked.append(item)
        return item
