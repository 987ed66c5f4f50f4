"""China MOFCOM (商务部): announcements from the jpaas CMS, in Chinese and English.

Two kinds of list page, chosen by ``mode``:

- ``jpaas`` (default): the column page (``…/<column>/index.html``) is a shell
  whose list is filled from ``/api-gateway/jpaas-publish-server/front/page/build/unit``;
  the column's ``webId``, ``tplSetId``, ``tagId`` and ``pageId`` are read from the
  ``queryData="{…}"`` attribute of the page's ``unitbuild.js`` element (a
  Python-literal dict; ``<meta name="ColId">`` stands in for ``pageId``). The
  answer is JSON whose ``data.html`` holds ``<li><a href>title</a><span>YYYY-MM-DD</span></li>``
  items and the pager's ``count="N"``.
- ``static``: a server-rendered page (the aqygzj bureau's home page) whose
  links to ``/art/YYYY/art_<32 hex>.html`` articles are listed with their dates.

Article pages are static UTF-8 HTML: the title is the ``<h1>`` (else
``<title>``), the text is the largest block of paragraphs (or ``body_selector``),
and PDF attachments linked from it are read too. Pages are decoded as UTF-8
unless ``encoding`` says otherwise, whatever they declare.

A notice's identity is its announcement number when the title carries one
(``商务部 海关总署公告2023年第23号``, ``MOFCOM Announcement No. 18 [2025]``),
else its ``art_<hex>`` id.

Entry parameters (``params``): ``url`` (required), ``mode``, ``page_size``
(default 20), ``max_pages`` (default 3), ``body_selector``, ``encoding``
(default ``utf-8``), ``attachments`` (default true).
"""
from __future__ import annotations

import ast
import html
import json
import re
from typing import Any
from urllib.parse import urlencode, urljoin, urlparse

from scrapy.http import Response
from scrapy.selector import Selector

from archive.store import KnownDocument
from crawler.extract import LayoutError, extract, largest_block_text, normalise_text, parse_html
from crawler.items import Notice
from crawler.spiders.base import IssueLog, SourceSpider

API_PATH = "/api-gateway/jpaas-publish-server/front/page/build/unit"
ART_ID = re.compile(r"art_([0-9a-f]{32})\.html")
LEGACY_ID = re.compile(r"/(\d{14,})\.shtml")
ISSUERS = (
    "商务部", "海关总署", "工业和信息化部", "国家密码管理局", "国家原子能机构", "国家国防科技工业局",
    "中央军委装备发展部", "外交部", "公安部", "生态环境部", "财政部", "科学技术部", "国务院关税税则委员会",
    "国家发展和改革委员会", "国家市场监督管理总局", "不可靠实体清单工作机制",
)
_ISSUER = "|".join(ISSUERS)
ZH_NUMBER = re.compile(rf"((?:{_ISSUER})(?:[ \u3000、，,]*(?:{_ISSUER}))*)\s*公告\s*(\d{{4}})\s*年\s*第\s*(\d+)\s*号")
EN_NUMBER = re.compile(r"MOFCOM\s+Announcement\s+No\.\s*(\d+)\s*(?:\[\s*(\d{4})\s*\]|of\s+(\d{4}))", re.I)
EN_NUMBER_YEAR_FIRST = re.compile(r"MOFCOM\s+Announcement\s+(\d{4})\s+No\.\s*(\d+)", re.I)
DATE = re.compile(r"20\d{2}-\d{2}-\d{2}")


def announcement_number(text: str, leading: bool = False) -> str | None:
    """The announcement number in TEXT in one canonical form, or None.

    With ``leading``, only a number that opens TEXT counts: a title that opens
    with the number is the announcement itself, one that quotes it later (an
    interpretation, a Q&A) is not.
    """
    text = text.strip()
    for pattern in (ZH_NUMBER, EN_NUMBER, EN_NUMBER_YEAR_FIRST):
        match = pattern.search(text)
        if match and leading and match.start() > 0:
            return None
        if match:
            break
    match = ZH_NUMBER.search(text)
    if match:
        issuers = " ".join(re.split(r"[ \u3000、，,]+", match.group(1).strip()))
        return f"{issuers}公告{match.group(2)}年第{int(match.group(3))}号"
    match = EN_NUMBER.search(text)
    if match:
        return f"MOFCOM Announcement No. {int(match.group(1))} [{match.group(2) or match.group(3)}]"
    match = EN_NUMBER_YEAR_FIRST.search(text)
    if match:
        return f"MOFCOM Announcement No. {int(match.group(2))} [{match.group(1)}]"
    return None


def article_key(url: str) -> str:
    """The CMS's own id of an article URL: ``art_<hex>``, a legacy numeric file name, else the path."""
    for pattern, prefix in ((ART_ID, "art_"), (LEGACY_ID, "")):
        match = pattern.search(url)
        if match:
            return prefix + match.group(1)
    return urlparse(url).path


def query_data(page: str) -> dict[str, Any]:
    """The jpaas list parameters embedded in a column page."""
    match = re.search(r"""queryData\s*=\s*(["'])(\{.*?\})\1""", page, re.S)
    data: dict[str, Any] = {}
    if match:
        try:
            data = ast.literal_eval(html.unescape(match.group(2)))
        except (ValueError, SyntaxError) as exc:
            raise LayoutError(f"the column page's queryData is not readable: {exc}") from exc
    col = re.search(r"""<meta\s+name=["']ColId["']\s+content=["']([^"']+)""", page, re.I)
    if "pageId" not in data and col:
        data["pageId"] = col.group(1)
    missing = [key for key in ("webId", "tplSetId", "pageId") if not data.get(key)]
    if missing:
        raise LayoutError(f"the column page has no jpaas {', '.join(missing)}: the CMS changed")
    return data


class MofcomSpider(SourceSpider):
    """MOFCOM announcement columns."""

    family = "mofcom"
    default_encoding = "utf-8"  # MOFCOM pages are UTF-8 whatever they declare

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.id_by_key: dict[str, str] = {}
        self.key_by_id: dict[str, str] = {}

    def begin(self, known: dict[str, KnownDocument], issue_log: IssueLog, last_run_started: str | None = None) -> None:
        super().begin(known, issue_log, last_run_started)
        self.id_by_key = {article_key(doc.url or ""): native_id for native_id, doc in self.known.items()}
        self.key_by_id = {native_id: key for key, native_id in self.id_by_key.items()}

    def identity(self, title: str, key: str) -> str:
        """The notice's id: as archived before, else the number its title opens with, else the CMS id.

        A number already claimed by another article (in the archive or earlier in
        this run) is not taken twice: that article keeps its CMS id.
        """
        if key in self.id_by_key:
            return self.id_by_key[key]
        number = announcement_number(title, leading=True)
        if number and self.key_by_id.get(number, key) == key:
            self.key_by_id[number] = key
            self.id_by_key[key] = number
            return number
        return key

    async def start(self):
        callback = self.parse_static if self.params.get("mode") == "static" else self.parse_column
        yield self.list_request(self.params["url"], callback)

    # -- lists ---------------------------------------------------------------------

    def parse_column(self, response: Response):
        data = query_data(self.decoded_text(response))
        yield self.unit_request(response.url, data, 1)

    def unit_request(self, column_url: str, data: dict[str, Any], page: int):
        query = {
            "parseType": "bulidstatic", "webId": data["webId"], "tplSetId": data["tplSetId"],
            "pageType": data.get("pageType", "column"), "tagId": data.get("tagId", "信息列表"),
            "editType": data.get("editType", "null"), "pageId": data["pageId"],
            "paramJson": json.dumps({"pageNo": page, "pageSize": int(self.params.get("page_size", 20))},
                                    separators=(",", ":")),
        }
        url = urljoin(column_url, API_PATH) + "?" + urlencode(query)
        return self.list_request(url, self.parse_unit, headers={"Referer": column_url},
                                 cb_kwargs={"column_url": column_url, "data": data, "page": page})

    def parse_unit(self, response: Response, column_url: str, data: dict[str, Any], page: int):
        answer = self.json_answer(response, "the jpaas list answer")
        fragment = answer.get("data", {}).get("html") if isinstance(answer, dict) else None
        if not isinstance(fragment, str):
            raise LayoutError("the jpaas list answer has no data.html: the CMS changed")
        keys = yield from self.parse_items(Selector(text=fragment), column_url)
        total = re.search(r"""count\s*=\s*["']?(\d+)""", fragment)
        page_size = int(self.params.get("page_size", 20))
        more = total is not None and page * page_size < int(total.group(1))
        if more and page < int(self.params.get("max_pages", 3)) and not self.all_known(keys):
            yield self.unit_request(column_url, data, page + 1)

    def parse_static(self, response: Response):
        yield from self.parse_items(Selector(text=self.decoded_text(response)), response.url)

    def parse_items(self, selector: Selector, base_url: str):
        """Yield requests for the listed articles that need fetching; return the native ids listed."""
        ids: list[str] = []
        for link in selector.css("li a[href]"):
            href = link.attrib["href"]
            if not (ART_ID.search(href) or LEGACY_ID.search(href)):
                continue
            url = urljoin(base_url, href)
            title = normalise_text(link.attrib.get("title") or " ".join(link.css("::text").getall()))
            item_text = " ".join(link.xpath("ancestor::li[1]//text()").getall())
            date = DATE.search(item_text)
            key = article_key(url)
            native_id = self.identity(title, key)
            ids.append(native_id)
            self.items_seen += 1
            if self.needs_fetch(native_id, title=title, published=self.date_of(date.group(0)) if date else None):
                yield self.notice_request(url, native_id, self.parse_article, title=title, key=key,
                                          listed_date=date.group(0) if date else None)
        if not ids:
            raise LayoutError("no article links (/art/YYYY/art_<hex>.html) on the list: the layout changed")
        return ids

    # -- articles ------------------------------------------------------------------

    def recheck_request(self, notice: Notice):
        """A known article is re-read from its page."""
        return self.notice_request(notice.url, notice.native_id, self.parse_article, title=notice.title,
                                   key=article_key(notice.url), listed_date=notice.published, recheck=True)

    def parse_article(self, response: Response):
        page = self.decoded_text(response)
        root = parse_html(page)
        headings = root.xpath("(//h1)[1] | (//title)[1]") if root is not None else []
        heading = next((h for h in headings if h.tag == "h1"), headings[0] if headings else None)
        title = (normalise_text(" ".join(heading.itertext())) if heading is not None else "") or response.meta["title"]
        selector = self.params.get("body_selector")
        strip = self.params.get("strip_selectors", [])
        extracted = extract(page, selector, strip) if selector else largest_block_text(page, strip)
        text = extracted.text
        if not text:
            raise LayoutError("the article page holds no text")
        meta = response.meta
        native_id = meta["native_id"]
        if native_id == meta["key"] and meta["key"] not in self.known:
            native_id = self.identity(title, meta["key"])  # the page's title may carry the number the list cut
        published = (meta["listed_date"] or self.date_of(extracted.published()) or self.date_of(text[:300])
                     or self.date_of(page))
        notice = Notice(
            source_id=self.source_id, native_id=native_id, url=response.url, title=title, text=text,
            published=self.date_of(published), language=self.source.language, **self.validators(response),
            metadata=extracted.metadata,
        )
        attachments = []
        if self.params.get("attachments", True) and root is not None:
            hrefs = root.xpath("//a/@href", smart_strings=False)
            attachments = [urljoin(response.url, href) for href in hrefs if href.lower().split("?")[0].endswith(".pdf")]
        yield from self.with_attachments(notice, attachments)
