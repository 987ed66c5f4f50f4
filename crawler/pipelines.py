"""Item pipelines: the crawler's only way into the archive."""
from __future__ import annotations

import re

import sqlite_utils
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from archive.store import record_fetch
from crawler.connection import process_archive
from crawler.items import Notice
from crawler.spiders.base import SourceSpider

# A notice's link is shown and mailed as a link: only plain web URLs are kept (an API answer could carry
# javascript: or data: URLs that were never fetched).
WEB_URL = re.compile(r"(?i)^https?://[^\s\"'<>]+$")


class ArchivePipeline:
    """Write each notice to the archive; a new version only when its normalised text changed."""

    crawler: Crawler  # set by from_crawler

    def __init__(self, db_path: str) -> None:
        self.db_path = db_path
        self.db: sqlite_utils.Database | None = None

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler.settings.get("REGWATCH_DB"))
        pipeline.crawler = crawler
        return pipeline

    def open_spider(self) -> None:
        self.db = process_archive(self.db_path)  # shared by every spider of the process, closed by the runner

    def process_item(self, item: Notice) -> Notice:
        if not item.text.strip():
            raise DropItem(f"{item.url}: no text could be extracted")
        assert self.db is not None  # Scrapy opens the spider before it sends items
        outcome, _ = record_fetch(
            self.db,
            source_id=item.source_id,
            native_id=item.native_id,
            url=item.url if item.url and WEB_URL.match(item.url) else None,
            title=item.title,
            text=item.text,
            published=item.published,
            language=item.language,
            http_status=item.http_status,
            etag=item.etag,
            last_modified=item.last_modified,
        )
        spider = self.crawler.spider
        assert isinstance(spider, SourceSpider)  # every spider of ours is one
        spider.count(outcome)
        return item


class CheckPipeline:
    """Keep each notice on its spider for the check's report (``regwatch sources check``): nothing is archived."""

    crawler: Crawler  # set by from_crawler

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls()
        pipeline.crawler = crawler
        return pipeline

    def process_item(self, item: Notice) -> Notice:
        spider = self.crawler.spider
        assert isinstance(spider, SourceSpider)
        spider.checked.append(item)
        return item
