"""How much one crawl may hold and how long a source may take: the defaults, importable without Scrapy."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crawler.source import Source

#: Sources one crawler child runs at once. Each running source holds at most a few sockets (its site's
#: concurrency, robots.txt, an attachment host): 50 of them stay far inside the default 1024 open files.
DEFAULT_SOURCES_PER_PROCESS = 50
#: Crawler children working side by side; each takes every n-th source.
DEFAULT_CRAWL_PROCESSES = 1
#: A source's wall-clock budget for one crawl, unless its entry sets ``timeout_minutes``.
DEFAULT_TIMEOUT_MINUTES = 30.0


def budget_seconds(source: Source) -> float:
    """The source's wall-clock budget for one crawl, in seconds (its ``timeout_minutes``)."""
    minutes = source.timeout_minutes
    return 60.0 * float(DEFAULT_TIMEOUT_MINUTES if minutes is None else minutes)
