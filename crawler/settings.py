"""Scrapy settings for every crawl; per-source politeness comes from the source entries."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

DEFAULT_USER_AGENT = "regwatch/0.1 (+https://github.com/regwatch/regwatch)"

BASE_SETTINGS: dict[str, Any] = {
    "ROBOTSTXT_OBEY": True,
    "COOKIES_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False,
    "LOG_ENABLED": False,
    "LOG_LEVEL": "ERROR",
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
    "DOWNLOAD_TIMEOUT": 30,
    "DOWNLOAD_MAXSIZE": 20 * 1024 * 1024,
    "DOWNLOAD_WARNSIZE": 0,
    "RETRY_ENABLED": True,
    "RETRY_TIMES": 2,
    "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
    "REDIRECT_MAX_TIMES": 5,
    "AUTOTHROTTLE_ENABLED": False,
    "ITEM_PIPELINES": {"crawler.pipelines.ArchivePipeline": 300},
    # Before robots.txt (100) and the download itself; redirected requests come back through it.
    "DOWNLOADER_MIDDLEWARES": {"crawler.middlewares.AllowedHostsMiddleware": 50,
                               "crawler.middlewares.SourceLimitsMiddleware": 51},
}


def crawl_settings(db_path: str, sources: list[dict[str, Any]], user_agent: str | None = None) -> dict[str, Any]:
    """Settings for one crawl: the archive path, the User-Agent, and a download slot per source domain."""
    slots: dict[str, dict[str, Any]] = {}
    for source in sources:
        for url in _source_urls(source):
            host = urlparse(url).hostname
            if not host:
                continue
            slot = slots.setdefault(host, {})
            if "delay" in source:
                slot["delay"] = max(slot.get("delay", 0), float(source["delay"]))
            if "concurrency" in source:
                slot["concurrency"] = min(slot.get("concurrency", 99), int(source["concurrency"]))
    return {
        **BASE_SETTINGS,
        "REGWATCH_DB": str(db_path),
        "USER_AGENT": user_agent or DEFAULT_USER_AGENT,
        "DOWNLOAD_SLOTS": {host: slot for host, slot in slots.items() if slot},
    }


def _source_urls(source: dict[str, Any]) -> list[str]:
    params = source.get("params", {})
    return [value for key, value in params.items() if isinstance(value, str) and key.endswith("url")]
