"""RSS and Atom feeds (GOV.UK organisation feeds, EUR-Lex, METI, Council press releases, …).

Entry parameters (``params``): ``url`` (the feed, required); ``fetch_detail``
(default true: the notice text comes from the linked page, since most feeds
carry only a lead); ``body_selector`` (CSS selector of the notice text on the
linked page; without it the page's main container is found); ``encoding``
(override a page's declared charset); ``identity`` (``id``, the default, or
``link``: GOV.UK entry ids carry the update time, so its notices are known by link);
``id_pattern`` (a regular expression whose first group, found in the link, is the
notice's id: e.g. the CELEX number of an EUR-Lex link); ``attachments`` (default
false: when true, the text of PDFs linked from the notice's body is appended).
A linked page that is a PDF is read as one.
"""
from __future__ import annotations

import calendar
import re
import time
from datetime import datetime, timezone

import feedparser
from scrapy.http import Response

from crawler.dates import from_struct_time
from crawler.extract import LayoutError, html_fragment_to_text, normalise_text
from crawler.items import Notice
from crawler.spiders.base import SourceSpider


def entry_title(entry: feedparser.FeedParserDict) -> str:
    """The entry title without a leading ``<category>: `` label, as GOV.UK feeds prefix the display type."""
    title = normalise_text(entry.get("title", ""))
    for tag in entry.get("tags", []):
        label = tag.get("label") or tag.get("term")
        if label and title.startswith(f"{label}: "):
            return title[len(label) + 2 :]
    return title


def _iso_timestamp(value: time.struct_time | None) -> str | None:
    return datetime.fromtimestamp(calendar.timegm(value), timezone.utc).isoformat() if value else None


class FeedSpider(SourceSpider):
    """Notices announced in an RSS or Atom feed."""

    family = "feed"

    async def start(self):
        yield self.list_request(self.params["url"], self.parse_feed)

    def parse_feed(self, response: Response):
        feed = feedparser.parse(response.body)
        if not feed.entries:
            if not feed.get("version"):
                raise LayoutError("the answer is not an RSS or Atom feed: the feed moved or the site changed")
            if feed.bozo:
                raise LayoutError(f"not a readable feed: {feed.bozo_exception}")
            return
        fetch_detail = self.params.get("fetch_detail", True)
        for entry in feed.entries:
            link = entry.get("link")
            native_id = link if self.params.get("identity") == "link" else entry.get("id") or link
            pattern = self.params.get("id_pattern")
            found = re.search(pattern, link or "") if pattern else None
            if found:
                native_id = found.group(1)
            if not native_id or not link:
                raise LayoutError("a feed entry has neither id nor link")
            self.items_seen += 1
            # Without <published> the only date is <updated>, which moves with every amendment (GOV.UK):
            # it dates a notice when first seen, and is not taken again for a known one.
            key = "published" if entry.get("published") else None if native_id in self.known else "updated"
            notice = Notice(
                source_id=self.source["id"],
                native_id=native_id,
                url=link,
                title=entry_title(entry),
                text=html_fragment_to_text(entry.get("summary", "")),
                published=self.entry_date(entry, key) if key else None,
                language=self.source.get("language"),
            )
            if not self.needs_fetch(native_id, _iso_timestamp(entry.get("updated_parsed")), title=notice.title,
                                    published=notice.published):
                continue
            if fetch_detail:
                yield self.notice_request(link, native_id, self.parse_detail, notice=notice)
            else:
                yield notice

    def entry_date(self, entry: feedparser.FeedParserDict, key: str) -> str | None:
        """The entry's date KEY as a day in the publisher's zone: read from the feed's own text, since
        feedparser's ``*_parsed`` values are UTC (and a date without a time would shift a day west of UTC)."""
        return self.date_of(entry.get(key)) or from_struct_time(entry.get(f"{key}_parsed"), self.timezone)

    def recheck_request(self, notice: Notice):
        """A known notice is re-read from its page."""
        return self.notice_request(notice.url, notice.native_id, self.parse_detail, notice=notice, recheck=True)

    def parse_detail(self, response: Response):
        notice: Notice = response.meta["notice"]
        notice.text = self.body_text(response, self.params.get("body_selector")) or notice.text
        notice.url = response.url
        for key, value in self.validators(response).items():
            setattr(notice, key, value)
        yield from self.with_attachments(notice, self.pdf_links(response))
