"""Local sites for the fault suite: one that changes at every cycle, one that fails on purpose."""
from __future__ import annotations

import random
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from archive import clock
from regwatch.local_http import LocalHTTPServer, Response
from regwatch.sample_site import SampleSite, sample_sources

FAMILIES = ("federal_register", "govuk", "mofcom")
TOKEN_PATTERN = r"RW-(\d{3})-(\d+)"


def token(number: int, revision: int) -> str:
    """The mark of one version of one notice; it is in the title only, so each email item names its version."""
    return f"RW-{number:03d}-{revision}"


@dataclass
class EvolvingSite(SampleSite):
    """The sample site with generated notices that can publish and amend at every cycle.

    Every notice's title carries ``RW-<notice>-<revision>``, so the archive and
    the received mail can be checked version by version. ``published`` keeps
    every version the site ever showed.
    """

    notices: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {f: [] for f in FAMILIES})
    counter: int = 0
    published: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        for family in FAMILIES:
            self.publish(family)

    def publish(self, family: str) -> dict[str, Any]:
        """A new notice in FAMILY, visible from now on."""
        self.counter += 1
        number = self.counter
        notice: dict[str, Any] = {"number": number, "revision": 1, "family": family, "days_ago": 1,
                                  "updated_at": clock.now().replace(microsecond=0)}
        if family == "federal_register":
            notice.update(document_number=f"2026-{20000 + number}", type="Rule", action="Final rule.",
                          agency="industry-and-security-bureau", abstract=f"Rule number {number} on export controls.")
        elif family == "govuk":
            notice.update(slug=f"notice-to-exporters-{number}", display_type="Notice",
                          description=f"Notice to exporters number {number}.")
        else:
            notice.update(hex=f"{number:032x}")
        self._write(notice)
        self.notices[family].append(notice)
        return notice

    def amend(self, notice: dict[str, Any]) -> None:
        """A new revision of NOTICE: a new title mark and one more paragraph."""
        notice["revision"] += 1
        notice["updated_at"] = clock.now().replace(microsecond=0) + timedelta(seconds=1)
        self._write(notice)

    def _write(self, notice: dict[str, Any]) -> None:
        mark = token(notice["number"], notice["revision"])
        paragraphs = [f"Paragraph {i}: exporters of item {notice['number']}-{i} need a licence for gallium "
                      f"and germanium shipments." for i in range(1, 4)]
        paragraphs += [f"Amendment {r}: the requirement now also covers item {notice['number']}-A{r}."
                       for r in range(2, notice["revision"] + 1)]
        if notice["family"] == "mofcom":
            notice["title"] = f"商务部公告 {mark} 关于出口管制的公告"
            paragraphs.insert(0, "根据《中华人民共和国出口管制法》有关规定，现将有关事项公告如下。")
        else:
            notice["title"] = f"Export controls notice {mark}"
        notice["body"] = "\n".join(paragraphs)
        self.published.add(mark)

    def current(self) -> set[str]:
        """The marks of the versions visible right now."""
        return {token(n["number"], n["revision"]) for family in FAMILIES for n in self.notices[family]}

    def all_notices(self) -> list[dict[str, Any]]:
        return [n for family in FAMILIES for n in self.notices[family]]

    def visible(self, family: str) -> list[dict[str, Any]]:
        return list(self.notices[family])

    def govuk_timestamp(self, notice: dict[str, Any]) -> str:
        return notice["updated_at"].isoformat().replace("+00:00", "Z")

    def fr_text(self, number: str) -> str | None:
        """The full text without the title, so that a version's mark appears in its title only."""
        notice = next((n for n in self.notices["federal_register"] if n["document_number"] == number), None)
        return notice["body"] + "\n" if notice else None


def evolving_sources(base_url: str) -> list[dict[str, Any]]:
    """The sample sources, re-checking every notice at every run so that amendments are seen at once."""
    return [{**source, "recheck_hours": 0} for source in sample_sources(base_url)]


# -- a server that fails in chosen ways ------------------------------------------

FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>tag:example,2026:{name}</id><title>{name}</title>
<updated>2026-11-20T09:00:00Z</updated>
{entries}</feed>
"""
ENTRY = """<entry><id>tag:example,2026:{name}:{i}</id><updated>2026-11-2{i}T09:00:00Z</updated>
<link rel="alternate" href="{base}/{name}/notice/{i}"/><title>{title}</title><summary>Summary {i}.</summary></entry>
"""
PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>x</title></head><body>
<main><h1>{title}</h1><div class="body"><p>{text}</p></div></main></body></html>"""
LIST = """<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head>
<body><ul class="list">{items}</ul></body></html>"""


@dataclass
class Fault:
    """How one source path misbehaves: ``kind`` is one of ``FAULTS`` (or ``None`` for healthy)."""

    kind: str | None = None


FAULTS = ("http_500", "timeout", "connection_reset", "garbage", "zero_items", "wrong_charset", "huge_body",
          "redirect_loop")
HUGE_BYTES = 100 * 1024 * 1024
#: Ways a list never finishes answering (not in ``FAULTS``: a source's time budget, not its request timeout,
#: is what ends them): ``silent`` accepts the connection and says nothing, ``trickle`` sends a byte a second.
STUCK = ("silent", "trickle")


class FaultyServer(LocalHTTPServer):
    """An HTTP server on 127.0.0.1 where ``/<name>/...`` is one source; ``faults[name]`` decides how it fails.

    Sources whose name starts with ``feed`` are Atom feeds, the others HTML lists;
    each lists two notices with their own detail pages.
    """

    def __init__(self) -> None:
        self.faults: dict[str, str | None] = {}
        self.huge_bytes_sent = 0
        super().__init__(self.answer, name="faulty-sources")

    def answer(self, method: str, raw_path: str, headers: Mapping[str, str], body: bytes) -> Response:
        path = raw_path.split("?")[0]
        if path == "/robots.txt":
            return _answer(200, b"User-agent: *\nAllow: /\n", "text/plain")
        name, _, rest = path.strip("/").partition("/")
        fault = self.faults.get(name)
        is_list = rest in ("feed.atom", "index.html")
        if fault and (is_list or fault == "wrong_charset"):
            return self.misbehave(raw_path, name, fault, is_list)
        if rest == "feed.atom":
            entries = "".join(ENTRY.format(name=name, i=i, base=self.base_url, title=f"{name} notice {i}")
                              for i in (1, 2))
            return _answer(200, FEED.format(name=name, entries=entries).encode(), "application/atom+xml")
        if rest == "index.html":
            items = "".join(f'<li><a href="/{name}/notice/{i}">{name} notice {i}</a><span>2026-11-2{i}</span></li>'
                            for i in (1, 2))
            return _answer(200, LIST.format(charset="utf-8", items=items).encode(), "text/html")
        if rest.startswith("notice/"):
            number = rest.rsplit("/", 1)[1]
            page = PAGE.format(charset="utf-8", title=f"{name} notice {number}",
                               text=f"Export licence requirements for {name} notice {number} apply to gallium.")
            return _answer(200, page.encode(), "text/html; charset=utf-8")
        return _answer(404, b"not found\n", "text/plain")

    def misbehave(self, raw_path: str, name: str, fault: str, is_list: bool) -> Response:
        if fault == "http_500":
            return _answer(500, b"internal error\n", "text/plain")
        if fault == "timeout":
            return Response(delay=6, reset=True)
        if fault == "connection_reset":
            return Response(reset=True)
        if fault == "garbage":
            noise = random.Random(name).randbytes(4096)
            return _answer(200, noise, "application/atom+xml" if name.startswith("feed") else "text/html")
        if fault == "zero_items":
            if name.startswith("feed"):
                return _answer(200, FEED.format(name=name, entries="").encode(), "application/atom+xml")
            return _answer(200, LIST.format(charset="utf-8", items="").encode(), "text/html")
        if fault == "wrong_charset":
            return self.wrong_charset(raw_path, name, is_list)
        if fault == "huge_body":
            return Response(200, {"Content-Type": "text/html"}, self.huge())
        if fault == "redirect_loop":
            return _answer(302, b"", "text/plain", {"Location": raw_path})
        if fault == "silent":
            return Response(delay=24 * 3600)
        if fault == "trickle":
            return Response(200, {"Content-Type": "text/html"}, _trickle())
        raise ValueError(fault)

    def wrong_charset(self, raw_path: str, name: str, is_list: bool) -> Response:
        """GBK bytes on a page that declares UTF-8, in the header and the markup (a known MOFCOM habit)."""
        if is_list:
            items = "".join(f'<li><a href="/{name}/notice/{i}">出口管制公告第{i}号</a><span>2026-11-2{i}</span></li>'
                            for i in (1, 2))
            page = LIST.format(charset="utf-8", items=items)
        else:
            number = raw_path.rstrip("/").rsplit("/", 1)[1]
            page = PAGE.format(charset="utf-8", title=f"出口管制公告第{number}号",
                               text=f"根据出口管制法，对镓、锗相关物项实施出口管制（第{number}号）。")
        return _answer(200, page.encode("gbk"), "text/html; charset=utf-8")

    def huge(self) -> Iterator[bytes]:
        """A 100 MB body, streamed without a Content-Length so the client must count as it reads."""
        chunk = b"<p>" + b"x" * 65530 + b"</p>"
        while self.huge_bytes_sent < HUGE_BYTES:
            yield chunk
            self.huge_bytes_sent += len(chunk)  # counted once written: the server asks for more only then


def _trickle() -> Iterator[bytes]:
    """A body that never ends: one byte a second, for as long as the client listens."""
    yield b"<html><body>"
    while True:
        time.sleep(1)
        yield b" "


def _answer(status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> Response:
    return Response(status, {"Content-Type": content_type, **(headers or {})}, body)


def faulty_sources(base_url: str, count: int = 10) -> list[dict[str, Any]]:
    """COUNT sources on a FaultyServer: even ones English Atom feeds, odd ones Chinese-language HTML lists
    (as MOFCOM's); short timeouts and size caps."""
    sources = []
    for index in range(count):
        if index % 2 == 0:
            name = f"feed{index}"
            params = {"url": f"{base_url}/{name}/feed.atom", "body_selector": ".body"}
            family = "feed"
        else:
            name = f"list{index}"
            params = {"url": f"{base_url}/{name}/index.html", "item_selector": "ul.list li",
                      "date_selector": "span::text", "body_selector": ".body"}
            family = "html_list"
        sources.append({"id": name, "family": family, "name": f"Source {name}", "jurisdiction": "XX",
                        "agency": name.upper(), "language": "en" if family == "feed" else "zh", "timeout": 2, "max_bytes": 1_000_000,
                        "recheck_hours": 0, "params": params})
    return sources
