"""India DGFT: notifications (and public notices) listed in a ``metaTable`` with PDF downloads.

The list page (``https://www.dgft.gov.in/CP/?opt=notification``) is server
rendered: each ``<tr>`` of ``table#metaTable`` has ``td[1]`` the notification
number (``22/2025-26``, the notice's identity, never put into its title),
``td[2]`` the financial year, ``td[3]`` the subject (the title, as written),
``td[4]`` the date as ``DD/MM/YYYY``, a hidden cell, and a cell linking to
the PDF on ``content.dgft.gov.in`` (sometimes an English and a Hindi one; the
English one is read). The notice's text is the PDF's text layer.

Entry parameters (``params``): ``url`` (required), ``pdf_language`` (``english``
by default: the link whose text or file name mentions it wins, else the first).
"""
from __future__ import annotations

import re
from urllib.parse import quote, urljoin

from scrapy.http import Response

from crawler.extract import LayoutError, normalise_text
from crawler.items import Notice
from crawler.spiders.base import SourceSpider

NUMBER = re.compile(r"^\d+/\d{4}-\d{2}$")


def safe_url(base: str, href: str) -> str:
    """An absolute URL with spaces and other unsafe characters in its path encoded (DGFT file names have spaces)."""
    return quote(urljoin(base, href.strip()), safe=":/?&=%#+,;@~")


class DgftSpider(SourceSpider):
    """DGFT notifications with their PDFs."""

    family = "dgft"

    async def start(self):
        yield self.list_request(self.params["url"], self.parse_list)

    def parse_list(self, response: Response):
        response = response.replace(body=self.decoded_text(response).encode("utf-8"), encoding="utf-8")
        rows = response.css("table#metaTable tbody tr") or response.css("table#metaTable tr")
        listed = 0
        for row in rows:
            cells = row.xpath("./td")
            if len(cells) < 6:
                continue
            text = [normalise_text(" ".join(cell.css("::text").getall())) for cell in cells]
            number, subject, date = text[1], text[3], text[4]
            if not NUMBER.match(number):
                raise LayoutError(f"td[1] {number!r} is not a notification number like 22/2025-26")
            links = [(normalise_text(" ".join(a.css("::text").getall())), a.attrib["href"])
                     for a in cells[5:].css("a[href]")]
            if not links:
                raise LayoutError(f"notification {number} has no download link")
            wanted = self.params.get("pdf_language", "english").lower()
            label, href = next(((name, h) for name, h in links if wanted in (name + h).lower()), links[0])
            listed += 1
            self.items_seen += 1
            notice = Notice(
                source_id=self.source_id, native_id=number, url=safe_url(response.url, href),
                title=subject or number, text="",
                published=self.date_of(date, "%d/%m/%Y"), language=self.source.language or "en",
            )
            if not self.needs_fetch(number, title=notice.title, published=notice.published):
                continue
            yield self.notice_request(notice.url, number, self.parse_pdf, notice=notice)
        if not listed:
            raise LayoutError("no notification rows in table#metaTable: the layout changed")

    def recheck_request(self, notice: Notice):
        """A known notification is re-read from its PDF."""
        return self.notice_request(notice.url, notice.native_id, self.parse_pdf, notice=notice, recheck=True)

    def parse_pdf(self, response: Response):
        notice: Notice = response.meta["notice"]
        self.fill_notice(notice, response)
        yield notice
