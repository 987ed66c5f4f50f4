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
A linked page that is a PDF is read as one. An entry without ``<published>`` is
dated by the linked page's metadata (its date of publication), else, when first
seen, by its ``<updated>``.
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


# The prolog, token by token: what is kept (byte order mark, spaces, processing instructions, comments) and the
# declarations that are cut (DOCTYPE with its internal subset, quoted strings skipped whole; ENTITY). Every
# quantifier is possessive and every token is tried once per position, so the scan is linear in the feed.
_PROLOG_TOKEN = re.compile(
    rb"""(?P<keep>\xef\xbb\xbf|\s++|<\?(?:[^?]++|\?(?!>))*+\?>|<!--(?:[^-]++|-(?!->))*+-->)"""
    rb"""|(?P<cut><!DOCTYPE(?:[^\[>"']++|"[^"]*+"|'[^']*+')*+(?:\[(?:[^\]"'<]++|<|"[^"]*+"|'[^']*+')*+\]\s*+)?>"""
    rb"""|<!ENTITY(?:[^>"']++|"[^"]*+"|'[^']*+')*+>)""",
)
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")
_UTF16_32 = {b"\xff\xfe\x00\x00": "utf-32-le", b"\x00\x00\xfe\xff": "utf-32-be", b"\xff\xfe": "utf-16-le",
             b"\xfe\xff": "utf-16-be", b"<\x00\x00\x00": "utf-32-le", b"\x00\x00\x00<": "utf-32-be",
             b"<\x00?\x00": "utf-16-le", b"\x00<\x00?": "utf-16-be"}
_XML_ENCODING = re.compile(rb"""^(<\?xml[^>]*?encoding\s*=\s*)["'][^"']*["']""")


def without_declarations(body: bytes) -> tuple[bytes, int]:
    """BODY with its DOCTYPE and ENTITY declarations removed, and how many entities were declared.

    Entities a feed declares itself are what expands a small feed into gigabytes in a parser's lenient
    mode; no feed needs them (HTML's named entities are known to the parser without a declaration).
    A UTF-16 or UTF-32 feed is returned as UTF-8, so that its declarations cannot hide between NUL bytes.
    A declaration that cannot be cut cleanly (unterminated, or after other text) is a ``LayoutError``.
    """
    for mark, encoding in _UTF16_32.items():
        if body.startswith(mark):
            text = body.decode(encoding, "replace").lstrip("\ufeff")
            body = _XML_ENCODING.sub(rb'\1"utf-8"', text.encode("utf-8"))
            break
    kept, entities, at = [], 0, 0
    # Positions, not slices: the declarations are never copied, however large.
    while (token := _PROLOG_TOKEN.match(body, at)) is not None:
        if token.lastgroup == "keep":
            kept.append(token.group())
        else:
            entities += body.count(b"<!ENTITY", token.start(), token.end())
        at = token.end()
    first = _FIRST_ELEMENT.search(body, at)
    if body.find(b"<!DOCTYPE", at, first.start() if first else len(body)) != -1 or \
            body.find(b"<!ENTITY", at, first.start() if first else len(body)) != -1:
        raise LayoutError("the feed has a DOCTYPE or ENTITY declaration that cannot be read safely: refused")
    if len(kept) == 0 and at == 0:
        return body, 0
    return b"".join([*kept, body[at:]]), entities


def _iso_timestamp(value: time.struct_time | None) -> str | None:
    return datetime.fromtimestamp(calendar.timegm(value), timezone.utc).isoformat() if value else None


class FeedSpider(SourceSpider):
    """Notices announced in an RSS or Atom feed."""

    family = "feed"

    async def start(self):
        yield self.list_request(self.params["url"], self.parse_feed)

    def parse_feed(self, response: Response):
        body, removed = without_declarations(response.body)
        if removed:
            self._log_issue(f"the feed declares {removed} entities of its own; they were not expanded", response.url)
        feed = feedparser.parse(body)
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
            # Without <published> the only date is <updated>, which moves with every amendment (GOV.UK): the
            # page's own date of publication is taken before it; it dates a notice only when first seen.
            published = self.entry_date(entry, "published") if entry.get("published") else None
            updated = None if published or native_id in self.known else self.entry_date(entry, "updated")
            notice = Notice(
                source_id=self.source_id,
                native_id=native_id,
                url=link,
                title=entry_title(entry),
                text="",  # the summary is converted only for an entry that is used, and only when needed
                published=published,
                language=self.source.language,
            )
            if not self.needs_fetch(native_id, _iso_timestamp(entry.get("updated_parsed")), title=notice.title,
                                    published=published or updated):
                continue
            summary = entry.get("summary", "")
            if fetch_detail:
                yield self.notice_request(link, native_id, self.parse_detail, notice=notice, summary=summary,
                                          updated=updated)
            else:
                notice.text, notice.published = html_fragment_to_text(summary), published or updated
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
        self.fill_notice(notice, response, self.params.get("body_selector"))
        notice.text = notice.text or html_fragment_to_text(response.meta.get("summary", ""))
        notice.published = notice.published or response.meta.get("updated")
        notice.url = response.url
        yield from self.with_attachments(notice, self.pdf_links(response))
