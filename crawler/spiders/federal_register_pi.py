"""US Federal Register public inspection: documents filed for publication, before they are published.

BIS and OFAC rules appear on public inspection a day or more before their
publication date; this family watches the current public-inspection list
(``/api/v1/public-inspection-documents/current.json``) and, for each day of a
look-back window, ``public-inspection-documents.json?conditions[available_on]=…``
(the current list only holds today's filings). The documents of the entry's
agencies are kept (by agency slug); each notice's text is its ``raw_text_url``,
else the text layer of its PDF (``pdf_url``, on the sibling host
``public-inspection.federalregister.gov``, allowed because the API names it).
Its ``published`` date is the scheduled ``publication_date`` (the filing day
until one is set); the filing time opens the text. Identity is ``document_number``, the same number the
document keeps once published. A PDF re-issued under the same number (its
``pdf_updated_at`` later than our last check) is fetched again.

Entry parameters (``params``): ``agencies`` (slugs, required), ``api_url``
(default the public API root), ``lookback_days`` (default 3; 0 reads only the
current list), ``end_date`` (default today).
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from scrapy.http import Response

from crawler.extract import LayoutError, normalise_text
from crawler.items import Notice
from crawler.spiders.base import SourceSpider
from crawler.spiders.federal_register import API_URL

#: Where a filed document's text can be read, in order of trust: the plain text, then the PDF.
TEXT_FIELDS = ("raw_text_url", "pdf_url")


def document_title(document: dict[str, Any]) -> str:
    """A public-inspection document's title: its own, else its table-of-contents subject and heading."""
    title = document.get("title") or " ".join(
        part for part in (document.get("toc_subject"), document.get("toc_doc")) if part)
    return normalise_text(title)


class FederalRegisterPublicInspectionSpider(SourceSpider):
    """Public-inspection documents of the entry's agencies."""

    family = "federal_register_pi"
    empty_list_is_error = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seen_this_run: set[str] = set()  # the current list and the day lists overlap

    def api(self, path: str, query: list[tuple[str, Any]] | None = None) -> str:
        root = self.params.get("api_url", API_URL).rstrip("/")
        return f"{root}/{path}" + (f"?{urlencode(query)}" if query else "")

    async def start(self):
        yield self.list_request(self.api("public-inspection-documents/current.json"), self.parse_list)
        end = self.today()
        for offset in range(int(self.params.get("lookback_days", 3))):
            day = end - timedelta(days=offset)
            query = [("conditions[available_on]", day.isoformat()), ("per_page", 1000)]
            yield self.list_request(self.api("public-inspection-documents.json", query), self.parse_list)

    def wanted(self, document: dict[str, Any]) -> bool:
        slugs = set(self.params["agencies"])
        return any(isinstance(a, dict) and a.get("slug") in slugs for a in document.get("agencies") or [])

    def parse_list(self, response: Response):
        payload = self.json_answer(response, "the public-inspection answer")
        if not isinstance(payload, dict) or "count" not in payload:
            raise LayoutError("the public-inspection answer has no 'count': the API changed shape")
        results = payload.get("results", [])
        if int(payload["count"]) and not results:
            raise LayoutError(f"count is {payload['count']} but the answer holds no results")
        self.listed_empty_ok = True
        for document in results:
            number = document.get("document_number")
            if not number or "agencies" not in document:
                raise LayoutError("a public-inspection document lacks document_number or agencies")
            if not self.wanted(document):
                continue
            self.items_seen += 1
            if number in self.seen_this_run:
                continue
            self.seen_this_run.add(number)
            if not self.needs_fetch(number, document.get("pdf_updated_at"), title=document_title(document),
                                    published=self.scheduled_day(document)):
                continue
            places = [document.get(key) for key in TEXT_FIELDS if document.get(key)]
            if not places:
                raise LayoutError(f"public-inspection document {number} has neither raw_text_url nor pdf_url")
            self.trust_named_urls(places)
            yield self.notice_request(places[0], number, self.parse_text, fallbacks=places[1:], document=document)

    def scheduled_day(self, document: dict[str, Any]) -> str | None:
        """The day a document is scheduled to appear in the Federal Register (else the day it was filed); the
        filing time goes into the text's header."""
        return self.date_of(document.get("publication_date")) or self.date_of(document.get("filed_at"))

    def parse_text(self, response: Response):
        document: dict[str, Any] = response.meta["document"]
        body = self.read_body(response)
        if not body.text:
            fallback = self.fallback_request(response.request, "no text in the answer")
            if fallback is not None:
                yield fallback
                return
        header = [f"Filed for public inspection: {document.get('filed_at') or 'unknown'}",
                  f"Scheduled for publication: {document.get('publication_date') or 'not yet scheduled'}"]
        if document.get("editorial_note"):
            header.append(f"Editorial note: {document['editorial_note']}")
        yield Notice(
            source_id=self.source_id,
            native_id=document["document_number"],
            url=document.get("html_url") or response.url,
            title=document_title(document),
            text=normalise_text("\n".join(header) + "\n" + body.text),
            published=self.scheduled_day(document),
            language=self.source.language or "en",
            metadata=body.metadata,
            **self.validators(response),
        )
