"""The bounded-work shapes of extraction, timed at 1× and 4× their reported size in one process.

Rows: a notice of 30,000 sibling paragraphs; 12,000 unclosed ``<div>``; an Atom feed whose entry summary is
100,000 nested xhtml ``<div>`` (the whole feed parsed by the feed spider, as in a run); a 17.5 KB PDF whose 100
pages draw one content stream of 200,000 text operations (4×: 400 pages). Best of two runs each.

    PYTHONPATH=. python benchmarks/extract_bounds.py
"""
from __future__ import annotations

import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scrapy.http import Request, TextResponse  # noqa: E402

from crawler.extract import html_to_text, pdf_text  # noqa: E402
from crawler.source import Source  # noqa: E402
from crawler.spiders.feed import FeedSpider  # noqa: E402
from tests.fixtures.pdfwriter import shared_stream_pdf  # noqa: E402
from tests.fixtures.shapes import atom_feed, nested_summary, sibling_paragraphs, unclosed_divs  # noqa: E402


def atom(count: int) -> TextResponse:
    body = atom_feed([("1", nested_summary(count))])
    return TextResponse("http://127.0.0.1/feed.atom", body=body.encode(), encoding="utf-8",
                        request=Request("http://127.0.0.1/feed.atom"))


def best(work: Callable[[], Any], runs: int = 2) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    spider = FeedSpider(Source.of({"id": "xx", "family": "feed", "params": {"url": "http://127.0.0.1/feed.atom",
                                                                 "fetch_detail": False}}), check=True)
    rows: list[tuple[str, Callable[[int], Any], Callable[[Any], Any], int]] = [
        ("30,000 sibling paragraphs (html_to_text)", sibling_paragraphs, html_to_text, 30_000),
        ("12,000 unclosed <div> (html_to_text)", unclosed_divs, html_to_text, 12_000),
        ("Atom summary of 100,000 nested <div> (feed spider, summary used)", atom,
         lambda response: list(spider.parse_feed(response)), 100_000),
        ("PDF: 100 pages x one stream of 200,000 text ops (pdf_text)", lambda n: shared_stream_pdf(n, 200_000),
         pdf_text, 100),
    ]
    print("| input | size 1× | time 1× (s) | time 4× (s) | 4×/1× |")
    print("|---|---|---|---|---|")
    for name, make, work, size in rows:
        one, four = make(size), make(size * 4)
        length = len(one.body) if isinstance(one, TextResponse) else len(one)
        t1, t4 = best(partial(work, one)), best(partial(work, four))
        print(f"| {name} | {length / 1000:,.1f} KB | {t1:.2f} | {t4:.2f} | {t4 / t1:.1f} |", flush=True)


if __name__ == "__main__":
    main()
