"""US Federal Register API: rules and notices of chosen agencies (BIS, OFAC, …).

The API answers page 1 for any page beyond 50 or beyond 10,000 results, so
the spider walks publication-date windows and halves a window whose hits
cannot all be paged. A search with no hits omits ``results``, ``total_pages``
and ``next_page_url``. Identity is ``document_number``; change is decided on
the full text, because responses are cached for a day and carry no validators.
The text is read from the first place that gives it, in order of trust:
``raw_text_url``, ``body_html_url``, then the PDF (``pdf_url``, on govinfo.gov);
the hosts the API names for them are allowed by their site domain.

Entry parameters (``params``): ``agencies`` (slugs, required), ``types``
(RULE, PRORULE, NOTICE, PRESDOCU), ``lookback_days`` (default 7),
``per_page`` (default 100), ``api_url`` (default the public API root),
``end_date`` (the window's last day, default today; for replays and tests).
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from scrapy.http import Request, Response

from crawler.extract import LayoutError, normalise_text
from crawler.items import Notice
from crawler.spiders.base import SourceSpider

API_URL = "https://www.federalregister.gov/api/v1/"
MAX_PAGES = 50
MAX_RESULTS = 10_000
#: Where a document's text can be read, in order of trust: the plain text, the body's HTML, the printed PDF.
TEXT_FIELDS = ("raw_text_url", "body_html_url", "pdf_url")
FIELDS = (
    "title", "type", "abstract", "action", "document_number", "html_url", "pdf_url", "raw_text_url",
    "body_html_url", "publication_date", "effective_on", "agencies", "citation", "dates",
)


class FederalRegisterSpider(SourceSpider):
    """Documents published in the Federal Register by the entry's agencies."""

    family = "federal_register"
    empty_list_is_error = False
    default_urls = (API_URL,)

    def search_url(self, start: date, end: date, page: int = 1) -> str:
        """The documents search URL for one publication-date window."""
        params = self.params
        query: list[tuple[str, Any]] = [("conditions[agencies][]", slug) for slug in params["agencies"]]
        query += [("conditions[type][]", kind) for kind in params.get("types", [])]
        query += [
            ("conditions[publication_date][gte]", start.isoformat()),
            ("conditions[publication_date][lte]", end.isoformat()),
            ("order", "newest"),
            ("per_page", int(params.get("per_page", 100))),
            ("page", page),
        ]
        query += [("fields[]", field) for field in FIELDS]
        return f"{params.get('api_url', API_URL).rstrip('/')}/documents.json?{urlencode(query)}"

    async def start(self):
        end = self.today()
        start = end - timedelta(days=int(self.params.get("lookback_days", 7)))
        yield self.window_request(start, end)

    def window_request(self, start: date, end: date):
        return self.list_request(self.search_url(start, end), self.parse_search, cb_kwargs={"window": (start, end)})

    def parse_search(self, response: Response, window: tuple[date, date]):
        payload = self.json_answer(response, "the search answer")
        if not isinstance(payload, dict) or "count" not in payload:
            raise LayoutError("the search answer has no 'count': the API changed shape")
        count = int(payload["count"])
        per_page = int(self.params.get("per_page", 100))
        start, end = window
        if count > min(MAX_RESULTS, MAX_PAGES * per_page) and start < end:
            middle = start + (end - start) // 2
            yield self.window_request(start, middle)
            yield self.window_request(middle + timedelta(days=1), end)
            return
        results = payload.get("results", [])
        if count == 0:
            self.listed_empty_ok = True
            return
        if not results:
            raise LayoutError(f"count is {count} but the page holds no results")
        numbers = []
        for result in results:
            number = result.get("document_number")
            if not number or not result.get("title"):
                raise LayoutError("a result lacks document_number or title")
            numbers.append(number)
            self.items_seen += 1
            if not self.needs_fetch(number, title=normalise_text(result["title"]),
                                    published=result.get("publication_date")):
                continue
            yield self.text_request(result)
        next_page = payload.get("next_page_url")
        if next_page and not self.all_known(numbers):
            yield self.list_request(next_page, self.parse_search, cb_kwargs={"window": window})

    def text_request(self, result: dict[str, Any], **meta: Any) -> Request:
        """The request for a listed document's text, from the first of its places that answers."""
        number = result["document_number"]
        places = [url for url in (result.get(key) for key in TEXT_FIELDS) if url] or [result.get("html_url")]
        if not places[0]:
            raise LayoutError(f"document {number} names no URL for its text")
        self.trust_named_urls(places)
        return self.notice_request(places[0], number, self.parse_full_text, fallbacks=places[1:], result=result,
                                   **meta)

    def recheck_request(self, notice: Notice):
        """A known document is looked up by number (``documents/<number>.json``), then its text re-read."""
        url = f"{self.params.get('api_url', API_URL).rstrip('/')}/documents/{notice.native_id}.json?" + urlencode(
            [("fields[]", field) for field in FIELDS])
        return Request(url, callback=self.parse_document, errback=self.on_notice_error,
                       meta={**self.source_meta(), "native_id": notice.native_id, "recheck": True})

    def parse_document(self, response: Response):
        result = self.json_answer(response, "the document answer")
        if not isinstance(result, dict) or result.get("document_number") != response.meta["native_id"]:
            raise LayoutError(f"the answer for document {response.meta['native_id']} is not that document")
        yield self.text_request(result, recheck=True)

    def parse_full_text(self, response: Response):
        result: dict[str, Any] = response.meta["result"]
        body = self.read_body(response)
        text = body.text
        if not text:
            fallback = self.fallback_request(response.request, "no text in the answer")
            if fallback is not None:
                yield fallback
                return
            text = normalise_text(result.get("abstract") or "")
        yield Notice(
            source_id=self.source_id,
            native_id=result["document_number"],
            url=result.get("html_url") or response.url,
            title=normalise_text(result["title"]),
            text=text,
            published=result.get("publication_date"),
            language=self.source.language or "en",
            metadata=body.metadata,
            **self.validators(response),
        )
