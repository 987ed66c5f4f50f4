"""Server-rendered list pages with detail pages, described by CSS selectors.

Enough for a MOFCOM-style announcement list: ``<li><a href=…>title</a><span>date</span></li>``.

Entry parameters (``params``): ``url`` (the list page, required),
``item_selector`` (required), ``link_selector`` (default ``a::attr(href)``),
``title_selector`` (default ``a::text``), ``date_selector``, ``date_format``
(strptime; ISO, ``YYYY年M月D日`` and RFC 822 are read without it),
``body_selector`` (the notice text on the detail page), ``id_pattern`` (a regular
expression with one group taking the notice id from its URL; default the URL),
``next_selector`` (the next-page link), ``max_pages`` (default 5), ``encoding``
(override the pages' charset, e.g. ``gbk``), ``attachments`` (default false: when
true, the text of PDFs linked from the notice's body is appended). A detail
link that leads to a PDF is read as one.
"""
from __future__ import annotations

import re

from scrapy.http import Response

from crawler.extract import LayoutError, normalise_text
from crawler.items import Notice
from crawler.spiders.base import SourceSpider


class HtmlListSpider(SourceSpider):
    """Notices listed on an HTML page."""

    family = "html_list"

    async def start(self):
        yield self.list_request(self.params["url"], self.parse_list, cb_kwargs={"page": 1})

    def native_id(self, url: str) -> str:
        pattern = self.params.get("id_pattern")
        if pattern:
            match = re.search(pattern, url)
            if match:
                return match.group(1)
        return url

    def parse_list(self, response: Response, page: int):
        response = response.replace(body=self.decoded_text(response).encode("utf-8"), encoding="utf-8")
        params = self.params
        ids = []
        for item in response.css(params["item_selector"]):
            href = item.css(params.get("link_selector", "a::attr(href)")).get()
            title = normalise_text(" ".join(item.css(params.get("title_selector", "a::text")).getall()))
            if not href or not title:
                continue
            url = response.urljoin(href)
            native_id = self.native_id(url)
            ids.append(native_id)
            self.items_seen += 1
            date_selector = params.get("date_selector")
            published = self.date_of(" ".join(item.css(date_selector).getall()), params.get("date_format")) if date_selector else None
            if self.needs_fetch(native_id, title=title, published=published):
                notice = Notice(source_id=self.source_id, native_id=native_id, url=url, title=title, text="",
                                published=published, language=self.source.language)
                yield self.notice_request(url, native_id, self.parse_detail, notice=notice)
        if not ids:
            raise LayoutError(f"no item matches {params['item_selector']!r} on the list page")
        next_selector = params.get("next_selector")
        if next_selector and page < int(params.get("max_pages", 5)) and not self.all_known(ids):
            next_href = response.css(next_selector).get()
            if next_href:
                yield self.list_request(response.urljoin(next_href), self.parse_list, cb_kwargs={"page": page + 1})

    def recheck_request(self, notice: Notice):
        """A known notice is re-read from its page."""
        return self.notice_request(notice.url, notice.native_id, self.parse_detail, notice=notice, recheck=True)

    def parse_detail(self, response: Response):
        notice: Notice = response.meta["notice"]
        self.fill_notice(notice, response, self.params.get("body_selector"))
        notice.published = notice.published or self.date_of(notice.text[:400])
        yield from self.with_attachments(notice, self.pdf_links(response))
