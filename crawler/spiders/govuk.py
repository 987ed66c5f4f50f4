"""GOV.UK: documents of an organisation through the search API, their text through the content API.

The search API (``/api/search.json``) lists an organisation's documents newest
first (``order=-public_timestamp``; without it the order is "most viewed");
``link`` is a path, and is the notice's identity. Each new or updated document
is read from the content API (``/api/content<link>``): the body is the HTML in
``details.body``, and ``details.change_history`` (newest first) carries GOV.UK's
own change notes, which are kept at the end of the text so that an amendment's
note shows in its diff.

Entry parameters (``params``): ``organisation`` (slug, required, e.g.
``export-control-joint-unit``), ``search_url`` (default
``https://www.gov.uk/api/search.json``), ``content_url`` (default
``https://www.gov.uk/api/content``), ``site_url`` (where readers open a notice,
default ``https://www.gov.uk``), ``filters`` (extra ``filter_*`` parameters,
e.g. ``{filter_format = "publication"}``), ``title_pattern`` (a regular
expression a title must match, e.g. ``^Notice to exporters``), ``count`` (per
page, default 50, at most 1500), ``max_pages`` (default 3).
"""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode, urljoin

from scrapy.http import Response

from crawler.extract import LayoutError, html_fragment_to_text, normalise_text
from crawler.items import Notice
from crawler.spiders.base import SourceSpider

SEARCH_URL = "https://www.gov.uk/api/search.json"
CONTENT_URL = "https://www.gov.uk/api/content"
SITE_URL = "https://www.gov.uk"
FIELDS = ("title", "link", "public_timestamp", "description", "display_type", "content_store_document_type")


class GovUkSpider(SourceSpider):
    """An organisation's GOV.UK documents, with their change notes."""

    family = "govuk"

    def search_url(self, start: int) -> str:
        params = self.params
        query: list[tuple[str, Any]] = [("filter_organisations", params["organisation"])]
        query += sorted((str(k), v) for k, v in params.get("filters", {}).items())
        query += [("order", "-public_timestamp"), ("count", min(int(params.get("count", 50)), 1500)),
                  ("start", start)]
        query += [("fields", field) for field in FIELDS]
        return f"{params.get('search_url', SEARCH_URL)}?{urlencode(query)}"

    async def start(self):
        yield self.list_request(self.search_url(0), self.parse_search, cb_kwargs={"page": 1})

    def parse_search(self, response: Response, page: int):
        payload = self.json_answer(response, "the search answer")
        if not isinstance(payload, dict) or not isinstance(payload.get("results"), list) or "total" not in payload:
            raise LayoutError("the search answer lacks 'results' or 'total': the API changed shape")
        results = payload["results"]
        if not results:
            raise LayoutError(f"the search for organisation {self.params['organisation']!r} returned nothing")
        pattern = re.compile(self.params["title_pattern"]) if self.params.get("title_pattern") else None
        links = []
        for result in results:
            link, title = result.get("link"), result.get("title")
            if not link or not title:
                raise LayoutError("a search result lacks link or title")
            links.append(link)
            if pattern and not pattern.search(title):
                continue
            self.items_seen += 1
            # public_timestamp moves with every update: the publication date is read from the content API.
            if self.needs_fetch(link, result.get("public_timestamp"), title=normalise_text(title)):
                url = f"{self.params.get('content_url', CONTENT_URL).rstrip('/')}{link}"
                yield self.notice_request(url, link, self.parse_content, result=result)
        start = int(payload.get("start", 0)) + len(results)
        more = start < int(payload["total"]) and page < int(self.params.get("max_pages", 3))
        if more and not self.all_known(links):
            yield self.list_request(self.search_url(start), self.parse_search, cb_kwargs={"page": page + 1})

    def recheck_request(self, notice: Notice):
        """A known document is re-read from the content API (its identity is its path)."""
        url = f"{self.params.get('content_url', CONTENT_URL).rstrip('/')}{notice.native_id}"
        return self.notice_request(url, notice.native_id, self.parse_content, result={"link": notice.native_id},
                                   recheck=True)

    def parse_content(self, response: Response):
        result: dict[str, Any] = response.meta["result"]
        item = self.json_answer(response, "the content item")
        details = item.get("details")
        if not isinstance(details, dict) or "title" not in item:
            raise LayoutError("the content item lacks title or details")
        parts = [html_fragment_to_text(details.get("body") or "") or normalise_text(item.get("description") or "")]
        history = details.get("change_history") or []
        if history:
            parts.append("Change history")
            parts += [f"{self.date_of(entry.get('public_timestamp')) or ''}: {normalise_text(entry.get('note') or '')}"
                      for entry in history]
        published = details.get("first_public_at") or item.get("first_published_at") or result.get("public_timestamp")
        locale = item.get("locale") or "en"
        yield Notice(
            source_id=self.source_id,
            native_id=response.meta["native_id"],
            url=urljoin(self.params.get("site_url", SITE_URL), item.get("base_path") or result["link"]),
            title=normalise_text(item["title"]),
            text=normalise_text("\n".join(parts)),
            published=self.date_of(published),
            language=self.source.language or locale,
            **self.validators(response),
        )
