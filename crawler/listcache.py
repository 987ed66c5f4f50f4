"""List checks are conditional requests: a source's list pages are kept, with their validators, between crawls.

The requests a spider starts with (its list pages, feeds and API searches)
go through Scrapy's HTTP cache with ``ListCheckPolicy``: a kept answer is
never reused without asking, but the request carries its ``ETag`` and
``Last-Modified`` (``If-None-Match``, ``If-Modified-Since``), and a 304 is
read as the kept page, so the spider parses the list as usual and finds
nothing new. Only answers that carry a validator are kept; a site that sends
none is asked plainly every time. Notice pages keep their own validators in
the archive (``SourceSpider.notice_request``) and never pass through here.
"""
from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.extensions.httpcache import RFC2616Policy
from scrapy.http import Response

LIST_CHECK = "regwatch_list_check"


class MarkListChecks:
    """Spider middleware: the requests a spider starts with are its list checks."""

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for item_or_request in start:
            if isinstance(item_or_request, Request):
                item_or_request.meta.setdefault(LIST_CHECK, True)
            yield item_or_request


class ListCheckPolicy(RFC2616Policy):
    """Keep list checks only, always revalidate them, and take only a 304 as "unchanged"."""

    def should_cache_request(self, request: Request) -> bool:
        return bool(request.meta.get(LIST_CHECK)) and super().should_cache_request(request)

    def is_cached_response_fresh(self, cachedresponse: Response, request: Request) -> bool:
        # However long the site says its answer stays fresh, a list check asks: a notice may appear any minute.
        self._set_conditional_validators(request, cachedresponse)
        return False

    def is_cached_response_valid(self, cachedresponse: Response, response: Response, request: Request) -> bool:
        # A server error is a failed check, never the last good list in disguise.
        return response.status == 304


def list_cache_settings(db_path: str) -> dict[str, Any]:
    """Scrapy settings that keep list answers beside the archive at DB_PATH."""
    return {
        "HTTPCACHE_ENABLED": True,
        "HTTPCACHE_POLICY": "crawler.listcache.ListCheckPolicy",
        "HTTPCACHE_STORAGE": "scrapy.extensions.httpcache.FilesystemCacheStorage",
        # Absolute: Scrapy would put a relative one under a project's .scrapy folder.
        "HTTPCACHE_DIR": f"{Path(db_path).resolve()}.lists",
        "HTTPCACHE_EXPIRATION_SECS": 0,
        "SPIDER_MIDDLEWARES": {"crawler.listcache.MarkListChecks": 10},
    }
