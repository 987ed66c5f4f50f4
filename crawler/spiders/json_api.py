"""Any JSON API that lists notices, described by field paths (no Python needed).

A path is dotted keys and list indexes (``value``, ``data.items``,
``organisations.0.title``); an empty path means the document itself.

Entry parameters (``params``): ``url`` (the list, required), ``items_path``
(where the list of items is, required; empty for a bare array), ``id_field``
(required; a list of paths when sites vary, the first present wins), ``title_field``
(required), ``date_field``, ``url_field`` or ``url_template`` (``{field}``
placeholders filled from the item, ``{id}`` the item's id; e.g. ``https://www.legislation.gov.au/{titleId}/asmade/text``),
``body_field`` (the text, HTML or plain, in the item itself) or, without it,
the linked page is fetched and its main text taken (``body_selector`` picks it;
PDFs are read too); ``next_path`` (the next page's URL, e.g. ``@odata.nextLink``),
``max_pages`` (default 3), ``updated_field`` (an ISO timestamp: an item updated
since our last check is fetched again), ``headers`` (a table of extra request
headers, e.g. an API key read by the API).
"""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

from scrapy.http import Response

from crawler.extract import LayoutError, html_fragment_to_text, normalise_text
from crawler.items import Notice
from crawler.spiders.base import SourceSpider

_MISSING = object()


def at_path(value: Any, path: str | None) -> Any:
    """The value at a dotted PATH inside VALUE, or a sentinel when any step is missing.

    Keys may hold dots themselves (OData's ``@odata.nextLink``): at each level the
    longest run of steps that names a key wins.
    """
    if not path:
        return value
    steps = path.split(".")
    for size in range(len(steps), 0, -1):
        head, rest = ".".join(steps[:size]), ".".join(steps[size:])
        if isinstance(value, dict) and head in value:
            found = value[head]
        elif isinstance(value, list) and size == 1 and head.lstrip("-").isdigit() and -len(value) <= int(head) < len(value):
            found = value[int(head)]
        else:
            continue
        result = at_path(found, rest) if rest else found
        if result is not _MISSING:
            return result
    return _MISSING


def field(item: Any, path: str | None) -> Any:
    """The value at PATH in ITEM, None when it is absent."""
    value = at_path(item, path) if path else None
    return None if value is _MISSING else value


class JsonApiSpider(SourceSpider):
    """Notices listed by a JSON API."""

    family = "json_api"

    async def start(self):
        yield self.list_request(self.params["url"], self.parse_list, headers=self.params.get("headers"),
                                cb_kwargs={"page": 1})

    def parse_list(self, response: Response, page: int):
        params = self.params
        payload = self.json_answer(response, "the list")
        items = at_path(payload, params["items_path"])
        if not isinstance(items, list):
            raise LayoutError(f"no list at {params['items_path']!r}: the API changed shape")
        if not items:
            raise LayoutError(f"the list at {params['items_path']!r} is empty")
        ids = []
        for item in items:
            native_id, title = self.item_id(item), field(item, params["title_field"])
            if native_id in (None, "") or not title:
                raise LayoutError(f"an item lacks {params['id_field']!r} or {params['title_field']!r}")
            native_id = str(native_id)
            ids.append(native_id)
            self.items_seen += 1
            url = self.item_url(item, response.url, native_id)
            notice = Notice(
                source_id=self.source_id, native_id=native_id, url=url or response.url,
                title=normalise_text(str(title)), text="",
                published=self.date_of(str(field(item, params.get("date_field")) or "")),
                language=self.source.language,
            )
            updated = field(item, params.get("updated_field"))
            if not self.needs_fetch(native_id, str(updated) if updated else None, title=notice.title,
                                    published=notice.published):
                continue
            if params.get("body_field"):
                notice.text = html_fragment_to_text(str(field(item, params["body_field"]) or ""))
                yield notice
            elif url:
                yield self.notice_request(url, native_id, self.parse_detail, notice=notice)
            else:
                raise LayoutError("an item has neither a body field nor a URL to fetch it from")
        next_url = field(payload, params.get("next_path"))
        if next_url and page < int(params.get("max_pages", 3)) and not self.all_known(ids):
            yield self.list_request(urljoin(response.url, str(next_url)), self.parse_list,
                                    headers=params.get("headers"), cb_kwargs={"page": page + 1})

    def item_id(self, item: Any) -> Any:
        """The item's id: the first of the ``id_field`` paths (one, or a list of alternatives) present."""
        paths = self.params["id_field"]
        for path in [paths] if isinstance(paths, str) else paths:
            value = field(item, path)
            if value not in (None, ""):
                return value
        return None

    def item_url(self, item: Any, base: str, native_id: str) -> str | None:
        template = self.params.get("url_template")
        if template:
            def fill(match: re.Match) -> str:
                value = native_id if match.group(1) == "id" else field(item, match.group(1))
                if value is None:
                    raise LayoutError(f"url_template needs {match.group(1)!r}, which the item lacks")
                return str(value)

            return re.sub(r"\{([^{}]+)\}", fill, template)
        value = field(item, self.params.get("url_field"))
        return urljoin(base, str(value)) if value else None

    def recheck_request(self, notice: Notice):
        """A known notice is re-read from its page."""
        if self.params.get("body_field"):
            return None  # its text lives only in the list
        return self.notice_request(notice.url, notice.native_id, self.parse_detail, notice=notice, recheck=True)

    def parse_detail(self, response: Response):
        notice: Notice = response.meta["notice"]
        self.fill_notice(notice, response, self.params.get("body_selector"))
        yield notice
