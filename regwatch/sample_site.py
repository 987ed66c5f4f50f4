"""A small local site that speaks the real formats of three sources, for the demo and the tests.

- the US Federal Register API (``/api/v1/documents.json`` with agency and
  publication-date conditions, paging, ``next_page_url``, no ``results`` key when
  nothing matches; full text at ``raw_text_url``);
- a GOV.UK organisation Atom feed (``/government/organisations/<slug>.atom``) and
  publication pages with GOV.UK furniture around a ``govspeak`` body;
- a MOFCOM-style server-rendered announcement list (``/qdml/index.html``) with
  ``/qdml/art/YYYY/art_<32 hex>.html`` article pages in Chinese, whose visitor
  counter changes on every request.

``SampleSite.advance()`` moves to stage 2: one new notice appears and one
existing notice is amended, as happens between two real cycles.
"""
from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse
from xml.sax.saxutils import escape as xml_escape

from markupsafe import escape

from archive import clock
from regwatch.local_http import LocalHTTPServer, Response

AGENCIES = {
    "industry-and-security-bureau": {
        "raw_name": "Bureau of Industry and Security", "name": "Industry and Security Bureau", "id": 241,
        "parent_id": 54, "slug": "industry-and-security-bureau"},
    "foreign-assets-control-office": {
        "raw_name": "Office of Foreign Assets Control", "name": "Foreign Assets Control Office", "id": 203,
        "parent_id": 497, "slug": "foreign-assets-control-office"},
}
ECJU = "export-control-joint-unit"


def load_notices() -> dict[str, list[dict[str, Any]]]:
    """The bundled sample notices."""
    return json.loads(resources.files("regwatch").joinpath("demo_site/notices.json").read_text("utf-8"))


def _fr_slug(title: str) -> str:
    slug = re.sub(r"[^a-z0-9& -]", "", title.lower()).replace("&", "and")[:100]
    return slug.strip().replace(" ", "-")


@dataclass
class SampleSite:
    """The site's content at a stage, with dates counted back from ``today``."""

    today: date = field(default_factory=clock.today)
    stage: int = 1
    notices: dict[str, list[dict[str, Any]]] = field(default_factory=load_notices)
    base_url: str = "http://127.0.0.1"
    visits: itertools.count = field(default_factory=itertools.count)
    amended_at: datetime | None = None

    def advance(self) -> None:
        """Publish the stage-2 notice and amend the notice that has an amended body, as of now."""
        self.stage = 2
        self.amended_at = clock.now().replace(microsecond=0) + timedelta(seconds=1)

    def visible(self, family: str) -> list[dict[str, Any]]:
        return [n for n in self.notices[family] if n.get("stage", 1) <= self.stage]

    def day(self, days_ago: int) -> date:
        return self.today - timedelta(days=days_ago)

    # -- Federal Register --------------------------------------------------------

    def fr_document(self, notice: dict[str, Any]) -> dict[str, Any]:
        published = self.day(notice["days_ago"])
        number = notice["document_number"]
        ymd = published.strftime("%Y/%m/%d")
        agency = AGENCIES[notice["agency"]]
        effective = notice.get("effective_on_days_ago")
        return {
            "title": notice["title"], "type": notice["type"], "abstract": notice["abstract"],
            "action": notice["action"], "document_number": number,
            "html_url": f"{self.base_url}/documents/{ymd}/{number}/{_fr_slug(notice['title'])}",
            "pdf_url": f"https://www.govinfo.gov/content/pkg/FR-{published}/pdf/{number}.pdf",
            "raw_text_url": f"{self.base_url}/documents/full_text/text/{ymd}/{number}.txt",
            "body_html_url": f"{self.base_url}/documents/full_text/html/{ymd}/{number}.html",
            "publication_date": published.isoformat(),
            "effective_on": self.day(effective).isoformat() if effective is not None else None,
            "agencies": [{**agency, "url": f"https://www.federalregister.gov/agencies/{agency['slug']}",
                          "json_url": f"https://www.federalregister.gov/api/v1/agencies/{agency['id']}"}],
            "citation": None, "dates": None,
        }

    def fr_search(self, query: dict[str, list[str]]) -> dict[str, Any]:
        agencies = set(query.get("conditions[agencies][]", []))
        gte = query.get("conditions[publication_date][gte]", ["0000-01-01"])[0]
        lte = query.get("conditions[publication_date][lte]", ["9999-12-31"])[0]
        per_page = int(query.get("per_page", ["20"])[0])
        per_page = per_page if 1 < per_page <= 2000 else 20
        page = int(query.get("page", ["1"])[0])
        docs = [self.fr_document(n) for n in self.visible("federal_register")
                if (not agencies or n["agency"] in agencies)]
        docs = sorted((d for d in docs if gte <= d["publication_date"] <= lte),
                      key=lambda d: d["publication_date"], reverse=True)
        payload: dict[str, Any] = {"count": len(docs), "description": "Documents matching your search"}
        if page < 1 or page > 50 or page * per_page > 10_000:
            page = 1
        if docs:
            total_pages = -(-len(docs) // per_page)
            payload["total_pages"] = total_pages
            payload["results"] = docs[(page - 1) * per_page : page * per_page]
            if page < total_pages:
                following = {k: v for k, v in query.items()} | {"page": [str(page + 1)]}
                payload["next_page_url"] = f"{self.base_url}/api/v1/documents.json?{urlencode(following, doseq=True)}"
        return payload

    def fr_text(self, number: str) -> str | None:
        for notice in self.visible("federal_register"):
            if notice["document_number"] == number:
                effective = notice.get("effective_on_days_ago")
                effective_on = self.day(effective).strftime("%B %-d, %Y") if effective is not None else ""
                return f"{notice['title']}\n\n" + notice["body"].replace("{effective_on}", effective_on) + "\n"
        return None

    # -- GOV.UK ------------------------------------------------------------------

    def govuk_timestamp(self, notice: dict[str, Any]) -> str:
        if self.stage >= 2 and "amended_body" in notice and self.amended_at is not None:
            moment = self.amended_at
        else:
            moment = datetime.combine(self.day(notice["days_ago"]), time(9, 30), tzinfo=timezone.utc)
        return moment.isoformat().replace("+00:00", "Z")

    def govuk_feed(self) -> str:
        entries = sorted(self.visible("govuk"), key=self.govuk_timestamp, reverse=True)
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<feed xml:lang="en-GB" xmlns="http://www.w3.org/2005/Atom">',
            f"  <id>tag:www.gov.uk,2005:/government/organisations/{ECJU}</id>",
            f'  <link rel="alternate" type="text/html" href="{self.base_url}/government/organisations/{ECJU}"/>',
            f'  <link rel="self" type="application/atom+xml" href="{self.base_url}/government/organisations/{ECJU}.atom"/>',
            "  <title>Export Control Joint Unit - Activity on GOV.UK</title>",
            "  <author><name>HM Government</name></author>",
        ]
        if entries:
            parts.append(f"  <updated>{self.govuk_timestamp(entries[0])}</updated>")
        for notice in entries:
            stamp = self.govuk_timestamp(notice)
            link = f"{self.base_url}/government/publications/{notice['slug']}"
            label = notice["display_type"]
            parts += [
                "  <entry>",
                f"    <id>{link}#{stamp}</id>",
                f"    <updated>{stamp}</updated>",
                f'    <link rel="alternate" type="text/html" href="{link}"/>',
                f"    <title>{xml_escape(label)}: {xml_escape(notice['title'])}</title>",
                f'    <category label="{xml_escape(label)}" term="{xml_escape(label)}"/>',
                f"    <summary>{xml_escape(notice['description'])}</summary>",
                "  </entry>",
            ]
        parts.append("</feed>")
        return "\n".join(parts) + "\n"

    def govuk_page(self, slug: str) -> str | None:
        notice = next((n for n in self.visible("govuk") if n["slug"] == slug), None)
        if notice is None:
            return None
        amended = self.stage >= 2 and "amended_body" in notice
        body = notice["amended_body"] if amended else notice["body"]
        paragraphs = []
        for line in body.split("\n"):
            tag = "h2" if len(line) < 40 and not line.endswith(".") else "p"
            paragraphs.append(f"<{tag}>{escape(line)}</{tag}>")
        history = f'<p class="change-note">{escape(notice["change_note"])}</p>' if amended else ""
        return f"""<!DOCTYPE html>
<html lang="en" class="govuk-template"><head><meta charset="utf-8"><title>{escape(notice['title'])} - GOV.UK</title></head>
<body class="govuk-template__body">
<div id="global-cookie-message" class="gem-c-cookie-banner"><p>We use some essential cookies to make this service work. Session {next(self.visits)}</p></div>
<header class="govuk-header" role="banner"><a href="/" class="govuk-header__link">GOV.UK</a>
<nav class="govuk-header__navigation"><a href="/browse/business">Business and industry</a></nav></header>
<div class="govuk-width-container"><nav class="gem-c-breadcrumbs govuk-breadcrumbs"><ol><li>Home</li><li>Export controls</li></ol></nav>
<main class="govuk-main-wrapper" id="content" role="main">
<h1 class="gem-c-title__text">{escape(notice['title'])}</h1>
<p class="gem-c-lead-paragraph">{escape(notice['description'])}</p>
<div class="gem-c-metadata"><dl><dt>From:</dt><dd>Export Control Joint Unit</dd><dt>Published</dt><dd>{self.day(notice['days_ago']).strftime('%-d %B %Y')}</dd></dl></div>
<div class="govspeak">
{chr(10).join(paragraphs)}
</div>
{history}
</main></div>
<footer class="govuk-footer" role="contentinfo"><p>All content is available under the Open Government Licence v3.0, except where otherwise stated. Rendered {clock.now():%H:%M:%S}</p></footer>
</body></html>
"""

    # -- MOFCOM ------------------------------------------------------------------

    def mofcom_article_path(self, notice: dict[str, Any]) -> str:
        return f"/qdml/art/{self.day(notice['days_ago']).year}/art_{notice['hex']}.html"

    def mofcom_list(self) -> str:
        items = sorted(self.visible("mofcom"), key=lambda n: n["days_ago"])
        lis = "\n".join(
            f'<li><a href="{self.mofcom_article_path(n)}" target="_blank" title="{escape(n["title"])}">'
            f'{escape(n["title"])}</a><span>{self.day(n["days_ago"]).isoformat()}</span></li>'
            for n in items
        )
        return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>清单名录_安全与管制局</title></head>
<body><div class="header"><div class="nav"><a href="/">首页</a><a href="/qdml/index.html">清单名录</a><a href="/gzdt/index.html">工作动态</a></div></div>
<div class="position">当前位置：首页 &gt; 清单名录</div>
<div class="listCon"><ul class="txtList_01">
{lis}
</ul></div>
<div class="footer"><p>主办单位：中华人民共和国商务部 访问量：{next(self.visits)}</p></div></body></html>
"""

    def mofcom_article(self, path: str) -> str | None:
        notice = next((n for n in self.visible("mofcom") if self.mofcom_article_path(n) == path), None)
        if notice is None:
            return None
        published = self.day(notice["days_ago"])
        paragraphs = "\n".join(f"<p>{escape(line)}</p>" for line in notice["body"].split("\n"))
        return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{escape(notice['title'])}</title></head>
<body><div class="header"><div class="nav"><a href="/">首页</a><a href="/qdml/index.html">清单名录</a></div></div>
<div class="position">当前位置：首页 &gt; 清单名录</div>
<div class="art-title"><h1>{escape(notice['title'])}</h1>
<div class="art-source">来源：安全与管制局 发布时间：{published.year}年{published.month}月{published.day}日 <span id="visitCount">浏览次数：{next(self.visits)}</span></div></div>
<div id="zoom" class="art-con">
{paragraphs}
<p style="text-align:right">商务部 海关总署</p><p style="text-align:right">{published.year}年{published.month}月{published.day}日</p>
</div>
<div class="footer"><p>主办单位：中华人民共和国商务部</p></div></body></html>
"""

    # -- routing -----------------------------------------------------------------

    def respond(self, method: str, raw_path: str, headers: Mapping[str, str], body: bytes) -> Response:
        """The answer to a request for RAW_PATH (every method is read as a GET)."""
        url = urlparse(raw_path)
        path, query = url.path, parse_qs(url.query)
        if path == "/robots.txt":
            return _text(200, "text/plain", "User-agent: *\nAllow: /\n")
        if path in ("/api/v1/documents.json", "/api/v1/documents"):
            return _text(200, "application/json; charset=utf-8", json.dumps(self.fr_search(query)))
        match = re.fullmatch(r"/documents/full_text/text/\d{4}/\d{2}/\d{2}/([\w-]+)\.txt", path)
        if match and (text := self.fr_text(match.group(1))) is not None:
            return _text(200, "text/plain; charset=utf-8", text)
        if path == f"/government/organisations/{ECJU}.atom":
            return _text(200, "application/atom+xml; charset=utf-8", self.govuk_feed())
        match = re.fullmatch(r"/government/publications/([\w-]+)", path)
        if match and (page := self.govuk_page(match.group(1))) is not None:
            return _text(200, "text/html; charset=utf-8", page)
        if path == "/qdml/index.html":
            return _text(200, "text/html", self.mofcom_list())
        if (page := self.mofcom_article(path)) is not None:
            return _text(200, "text/html", page)
        return _text(404, "text/plain", "not found\n")


def _text(status: int, content_type: str, text: str) -> Response:
    return Response(status, {"Content-Type": content_type}, text)


class SampleSiteServer(LocalHTTPServer):
    """Serve a ``SampleSite`` on 127.0.0.1 in a background thread (a context manager)."""

    def __init__(self, site: SampleSite | None = None, port: int = 0) -> None:
        self.site = site or SampleSite()
        super().__init__(self.site.respond, port, name="sample-site")
        self.site.base_url = self.base_url


def sample_sources(base_url: str) -> list[dict[str, Any]]:
    """Source entries that point the three families at a sample site."""
    return [
        {"id": "us-fr-bis-ofac", "family": "federal_register", "name": "Federal Register: BIS and OFAC",
         "jurisdiction": "US", "agency": "BIS/OFAC", "language": "en", "expected_cadence_days": 3,
         "params": {"agencies": ["industry-and-security-bureau", "foreign-assets-control-office"],
                    "api_url": f"{base_url}/api/v1/", "lookback_days": 14}},
        {"id": "gb-ecju", "family": "feed", "name": "GOV.UK: Export Control Joint Unit", "jurisdiction": "GB",
         "agency": "ECJU", "language": "en", "expected_cadence_days": 7,
         "params": {"url": f"{base_url}/government/organisations/{ECJU}.atom", "body_selector": ".govspeak",
                    "identity": "link"}},
        {"id": "cn-mofcom-aqygzj", "family": "html_list", "name": "MOFCOM: Bureau of Industry Security, lists",
         "jurisdiction": "CN", "agency": "MOFCOM", "language": "zh", "expected_cadence_days": 14,
         "params": {"url": f"{base_url}/qdml/index.html", "item_selector": "ul.txtList_01 li",
                    "date_selector": "span::text", "body_selector": "#zoom", "encoding": "utf-8",
                    "id_pattern": r"art_([0-9a-f]{32})\.html"}},
    ]
