"""Downloader middlewares: waiting longer before each retry of a failed request."""
from __future__ import annotations

import asyncio

from scrapy.http import Request


class RetryBackoffMiddleware:
    """Delay a retried request by ``RETRY_BACKOFF_BASE * 2 ** (attempt - 1)`` seconds, at most ``RETRY_BACKOFF_MAX``.

    Scrapy's retry middleware re-schedules a request at once; a site that
    reset a connection or answered 503 is better asked again a little later.
    """

    def __init__(self, base: float, cap: float) -> None:
        self.base = base
        self.cap = cap

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(settings.getfloat("RETRY_BACKOFF_BASE", 1.0), settings.getfloat("RETRY_BACKOFF_MAX", 60.0))

    async def process_request(self, request: Request) -> None:
        attempt = int(request.meta.get("retry_times", 0))
        if attempt and self.base > 0:
            await asyncio.sleep(min(self.cap, self.base * 2 ** (attempt - 1)))
        return None
