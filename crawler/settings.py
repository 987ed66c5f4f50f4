"""Scrapy settings for every crawl; per-source politeness comes from the source entries."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlparse

from crawler.listcache import list_cache_settings
from crawler.source import Source

DEFAULT_USER_AGENT = "regwatch/0.1 (+https://github.com/regwatch/regwatch)"


def user_agent_for(contact: str | None) -> str:
    """The identifying User-Agent, naming a contact address so a site's operator can reach the crawler's."""
    if not contact:
        return DEFAULT_USER_AGENT
    return f"regwatch/0.1 (+https://github.com/regwatch/regwatch; mailto:{contact})"


#: Parallel requests to one site when its source names no ``concurrency``.
DEFAULT_SITE_CONCURRENCY = 4

BASE_SETTINGS: dict[str, Any] = {
    "ROBOTSTXT_OBEY": True,
    "COOKIES_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False,
    "LOG_ENABLED": False,
    "LOG_LEVEL": "ERROR",
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_ITEMS": 8,             # each callback yields few items: 100 parallel slots only cost tasks
    # Also the connection pool's size per host: raised to the largest source concurrency (``polite_settings``),
    # while each source's site keeps its own cap in its download slot.
    "CONCURRENT_REQUESTS_PER_DOMAIN": DEFAULT_SITE_CONCURRENCY,
    "DOWNLOAD_TIMEOUT": 30,
    "DOWNLOAD_MAXSIZE": 20 * 1024 * 1024,
    "DOWNLOAD_WARNSIZE": 0,
    "RETRY_ENABLED": True,
    "RETRY_TIMES": 2,
    "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
    "RETRY_BACKOFF_BASE": 2.0,
    "RETRY_BACKOFF_MAX": 60.0,
    "REDIRECT_MAX_TIMES": 5,
    "AUTOTHROTTLE_ENABLED": False,
    "ITEM_PIPELINES": {"crawler.pipelines.ArchivePipeline": 300},
    # Costs without use here: parsing each callback's source for a generator's return value, Scrapy's stats
    # (outcomes are recorded per source in the archive instead) and the extensions that only feed or read them.
    "WARN_ON_GENERATOR_RETURN_VALUE": False,
    "STATS_CLASS": "scrapy.statscollectors.DummyStatsCollector",
    "DOWNLOADER_STATS": False,
    "EXTENSIONS": {f"scrapy.extensions.{name}": None for name in (
        "corestats.CoreStats", "logcount.LogCount", "telnet.TelnetConsole", "memusage.MemoryUsage",
        "memdebug.MemoryDebugger", "closespider.CloseSpider", "feedexport.FeedExporter", "logstats.LogStats",
        "spiderstate.SpiderState", "throttle.AutoThrottle")},
    # Host and limit checks come before robots.txt (100) and the download itself, and redirected requests
    # come back through them; the back-off sits just after the retry middleware (550) re-schedules a request.
    "DOWNLOADER_MIDDLEWARES": {"crawler.middlewares.AllowedHostsMiddleware": 50,
                               "crawler.middlewares.SourceLimitsMiddleware": 51,
                               "crawler.middlewares.RetryBackoffMiddleware": 560},
}


def crawl_settings(db_path: str, sources: Sequence[Source | Mapping[str, Any]],
                   user_agent: str | None = None) -> dict[str, Any]:
    """Settings for one crawl: the archive path, the User-Agent, and a download slot per source domain."""
    return {**polite_settings(sources, user_agent), **list_cache_settings(str(db_path)), "REGWATCH_DB": str(db_path)}


def check_settings(sources: Sequence[Source | Mapping[str, Any]], report_path: str,
                   user_agent: str | None = None) -> dict[str, Any]:
    """Settings for a check of SOURCES (``regwatch sources check``): a crawl's User-Agent, politeness and limits,
    but no archive: notices go to the collecting pipeline, and each spider's report is appended to REPORT_PATH."""
    return {**polite_settings(sources, user_agent), "ITEM_PIPELINES": {"crawler.pipelines.CheckPipeline": 300},
            "REGWATCH_CHECK_REPORT": str(report_path)}


def polite_settings(sources: Sequence[Source | Mapping[str, Any]], user_agent: str | None = None) -> dict[str, Any]:
    """The base settings with the User-Agent and a download slot per source domain (its delay and concurrency).

    Every slot names its concurrency, so the per-domain default can follow the largest one: Scrapy keeps that
    many idle connections per host, and a pool smaller than a site's concurrency closes and reopens
    connections all through a crawl."""
    slots: dict[str, dict[str, Any]] = {}
    for source in map(Source.of, sources):
        for url in source_urls(source):
            host = urlparse(url).hostname
            if not host:
                continue
            slot = slots.setdefault(host, {})
            if source.delay is not None:
                slot["delay"] = max(slot.get("delay", 0), float(source.delay))
            if source.concurrency is not None:
                slot["concurrency"] = min(slot.get("concurrency", 99), int(source.concurrency))
    for slot in slots.values():
        slot.setdefault("concurrency", DEFAULT_SITE_CONCURRENCY)
    return {
        **BASE_SETTINGS,
        "USER_AGENT": user_agent or DEFAULT_USER_AGENT,
        "DOWNLOAD_SLOTS": slots,
        "CONCURRENT_REQUESTS_PER_DOMAIN": max([DEFAULT_SITE_CONCURRENCY,
                                               *(slot["concurrency"] for slot in slots.values())]),
    }


def source_urls(source: Source) -> list[str]:
    """The URLs a source's entry names (or its family's default), whose hosts get its politeness settings."""
    from crawler.families import FAMILIES

    urls = [value for key, value in source.params.items() if isinstance(value, str) and key.endswith("url")]
    family = FAMILIES.get(source.family)
    return urls or list(family.default_urls if family else ())
