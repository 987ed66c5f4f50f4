"""Scrapy settings for every crawl; per-source politeness comes from the source entries."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from crawler.listcache import list_cache_settings

DEFAULT_USER_AGENT = "regwatch/0.1 (+https://github.com/regwatch/regwatch)"


def user_agent_for(contact: str | None) -> str:
    """The identifying User-Agent, naming a contact address so a site's operator can reach the crawler's."""
    if not contact:
        return DEFAULT_USER_AGENT
    return f"regwatch/0.1 (+https://github.com/regwatch/regwatch; mailto:{contact})"

BASE_SETTINGS: dict[str, Any] = {
    "ROBOTSTXT_OBEY": True,
    "COOKIES_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False,
    "LOG_ENABLED": False,
    "LOG_LEVEL": "ERROR",
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_ITEMS": 8,             # each callback yields few items: 100 parallel slots only cost tasks
    "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
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
    # Host and limit checks come before robots.txt (100) and the download itself, and redirected requests
    # come back through them; the back-off sits just after the retry middleware (550) re-schedules a request.
    "DOWNLOADER_MIDDLEWARES": {"crawler.middlewares.AllowedHostsMiddleware": 50,
                               "crawler.middlewares.SourceLimitsMiddleware": 51,
                               "crawler.middlewares.RetryBackoffMiddleware": 560},
}


def crawl_settings(db_path: str, sources: list[dict[str, Any]], user_agent: str | None = None) -> dict[str, Any]:
    """Settings for one crawl: the archive path, the User-Agent, and a download slot per source domain."""
    return {**polite_settings(sources, user_agent), **list_cache_settings(str(db_path)), "REGWATCH_DB": str(db_path)}


def check_settings(sources: list[dict[str, Any]], report_path: str, user_agent: str | None = None) -> dict[str, Any]:
    """Settings for a check of SOURCES (``regwatch sources check``): a crawl's User-Agent, politeness and limits,
    but no archive: notices go to the collecting pipeline, and each spider's report is appended to REPORT_PATH."""
    return {**polite_settings(sources, user_agent), "ITEM_PIPELINES": {"crawler.pipelines.CheckPipeline": 300},
            "REGWATCH_CHECK_REPORT": str(report_path)}


def polite_settings(sources: list[dict[str, Any]], user_agent: str | None = None) -> dict[str, Any]:
    """The base settings with the User-Agent and a download slot per source domain (its delay and concurrency)."""
    slots: dict[str, dict[str, Any]] = {}
    for source in sources:
        for url in source_urls(source):
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
        "USER_AGENT": user_agent or DEFAULT_USER_AGENT,
        "DOWNLOAD_SLOTS": {host: slot for host, slot in slots.items() if slot},
    }


def source_urls(source: dict[str, Any]) -> list[str]:
    """The URLs a source's entry names (or its family's default), whose hosts get its politeness settings."""
    from crawler.families import DEFAULT_URLS

    params = source.get("params", {})
    urls = [value for key, value in params.items() if isinstance(value, str) and key.endswith("url")]
    return urls or list(DEFAULT_URLS.get(source.get("family", ""), ()))
