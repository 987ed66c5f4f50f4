"""Downloader middlewares: a source's own limits on every request, and patience before retries.

``SourceLimitsMiddleware`` gives each request (robots.txt included) the
source's ``timeout`` and ``max_bytes`` when the entry sets them; the global
``DOWNLOAD_TIMEOUT`` and ``DOWNLOAD_MAXSIZE`` apply otherwise. When the
source's crawl has a deadline (its time budget, set by the runner), no request
may outlive it: its timeout is cut to the time left, and once the budget is
spent requests are refused.

``AllowedHostsMiddleware`` keeps every request on the domains a source allows
(``allowed_hosts``, each with its subdomains; by default the site domains of
the source's own URLs, so ``feeds.example.gov.uk`` lets ``www.example.gov.uk``
through but not another site).

A hostile or broken page can link or redirect anywhere: to ``file:`` URLs on
the crawling machine, to ``ftp:`` or ``data:`` URLs, or to another site. Only
``http`` and ``https`` requests to the source's allowed hosts are fetched;
anything else is refused with ``IgnoreRequest`` before it is downloaded, and
the refusal reaches the request's errback like any other download failure.
Redirected requests pass through here again, so a redirect to another host is
checked too; a redirect to another scheme, which Scrapy leaves unfollowed, is
reported as refused.

``RetryBackoffMiddleware`` waits longer before each retry of a failed request.
"""
from __future__ import annotations

import asyncio
import time
from typing import Any
from urllib.parse import urljoin, urlparse

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.utils.httpobj import urlparse_cached

from crawler.spiders.base import host_allowed

FETCHED_SCHEMES = ("http", "https")


class _SpiderAware:
    """A middleware that reads the running spider's per-source attributes through its crawler."""

    crawler: Any

    @classmethod
    def from_crawler(cls, crawler: Any):
        middleware = cls()
        middleware.crawler = crawler
        return middleware


def time_left(spider: Any) -> float | None:
    """Seconds left in the spider's time budget (its ``deadline``, a ``time.monotonic`` moment), or None."""
    deadline = getattr(spider, "deadline", None)
    return None if deadline is None else deadline - time.monotonic()


class SourceLimitsMiddleware(_SpiderAware):
    """Copy the spider's ``download_meta`` (per-source timeout and size cap) onto each request, and keep each
    request inside the source's time budget."""

    def process_request(self, request: Request) -> None:
        spider = self.crawler.spider
        for key, value in getattr(spider, "download_meta", {}).items():
            request.meta.setdefault(key, value)
        left = time_left(spider)
        if left is not None:
            if left <= 0:
                raise IgnoreRequest(f"not fetched {request.url[:200]}: the source's time budget is spent")
            timeout = float(request.meta.get("download_timeout", self.crawler.settings.getfloat("DOWNLOAD_TIMEOUT")))
            request.meta["download_timeout"] = min(timeout, left)
        return None


class AllowedHostsMiddleware(_SpiderAware):
    """Refuse requests to non-HTTP schemes, and to hosts outside the spider's ``allowed_hosts``."""

    def process_request(self, request: Request) -> None:
        url = urlparse_cached(request)
        if url.scheme not in FETCHED_SCHEMES:
            raise IgnoreRequest(f"refused {request.url[:200]}: only http and https URLs are fetched")
        allowed = getattr(self.crawler.spider, "allowed_hosts", None)
        host = (url.hostname or "").lower()
        if allowed and not host_allowed(host, allowed):
            raise IgnoreRequest(f"refused {request.url[:200]}: host {host!r} is not one the source allows "
                                f"({', '.join(sorted(allowed))}; add it to the source's allowed_hosts)")
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        """Name a redirect to a non-HTTP URL (which Scrapy does not follow) as refused, not as a bare HTTP 3xx."""
        location = response.headers.get("Location")
        if 300 <= response.status < 400 and location:
            target = urljoin(request.url, location.decode("latin-1"))
            if urlparse(target).scheme not in FETCHED_SCHEMES:
                raise IgnoreRequest(f"refused the redirect from {request.url[:200]} to {target[:200]}: "
                                    "only http and https URLs are fetched")
        return response


class RetryBackoffMiddleware:
    """Delay a retried request by ``RETRY_BACKOFF_BASE * 2 ** (attempt - 1)`` seconds, at most ``RETRY_BACKOFF_MAX``.

    Scrapy's retry middleware re-schedules a request at once; a site that
    reset a connection or answered 503 is better asked again a little later.
    """

    crawler: Any = None

    def __init__(self, base: float, cap: float) -> None:
        self.base = base
        self.cap = cap

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        middleware = cls(settings.getfloat("RETRY_BACKOFF_BASE", 1.0), settings.getfloat("RETRY_BACKOFF_MAX", 60.0))
        middleware.crawler = crawler
        return middleware

    async def process_request(self, request: Request) -> None:
        attempt = int(request.meta.get("retry_times", 0))
        if attempt and self.base > 0:
            pause = min(self.cap, self.base * 2 ** (attempt - 1))
            left = time_left(self.crawler.spider) if self.crawler is not None else None
            await asyncio.sleep(pause if left is None else max(0.0, min(pause, left)))
        return None
