"""What every source spider shares: its entry, what it knows, and its health record.

A spider is built from one source (``crawler.source.Source``). It
never opens the archive: the archive pipeline (``crawler.pipelines``) hands it
the source's known notices before the first request (``begin``), so it can
skip notices checked recently, send conditional requests for the others, and
stop paging at the first page with nothing new; everything it has to record
(notices, 304 answers, issues, and at the end its run, ``run_record``) goes
back through that pipeline.

Built with ``check=True`` it only tries the source out (``regwatch sources
check``): nothing is archived; it reads the first list page, fetches the
first listed notice alone, hands what it yields to the collecting pipeline, and
on closing writes a report of what it found (``check_report``) instead.
"""
from __future__ import annotations

import json
import re
import time
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from typing import Any, Protocol, TypedDict
from urllib.parse import urlparse

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, DownloadCancelledError
from scrapy.http import Request, Response
from scrapy.selector import Selector
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

from archive import clock
from archive.clock import utcnow
from archive.store import KnownDocument
from crawler.dates import parse_date, source_timezone
from crawler.extract import Extracted, LayoutError, decode_html, extract, is_pdf, normalise_text, pdf_text
from crawler.items import Notice, NotModified
from crawler.recheck import rolling_share
from crawler.settings import source_urls
from crawler.source import Source

# Second-level labels under which a country's sites register (gov.uk, mofcom.gov.cn, meti.go.jp, gc.ca, …).
_REGISTRY_LABELS = {"gov", "go", "gc", "co", "com", "ac", "org", "net", "edu", "or", "ne", "gouv", "gob", "govt",
                    "mil", "nic"}


def site_domain(host: str) -> str:
    """The domain a host's site lives under: ``feeds.rijksoverheid.nl`` → ``rijksoverheid.nl``,
    ``aqygzj.mofcom.gov.cn`` → ``mofcom.gov.cn``, ``www.gov.uk`` → ``www.gov.uk``; an IP address stays whole."""
    labels = host.lower().rstrip(".").split(".")
    if len(labels) <= 2 or all(label.isdigit() for label in labels):
        return ".".join(labels)
    keep = 3 if labels[-2] in _REGISTRY_LABELS and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def source_hosts(source: Source, default_urls: tuple[str, ...] = ()) -> frozenset[str]:
    """The domains a source may fetch from (each with its subdomains): its ``allowed_hosts``, else the
    site domains of the URLs in its entry (or of its family's default URLs)."""
    if source.allowed_hosts:
        return frozenset(host.lower().rstrip(".") for host in source.allowed_hosts)
    urls = [value for value in source.params.values() if isinstance(value, str) and re.match(r"(?i)^https?://", value)]
    hosts = (urlparse(url).hostname for url in urls or default_urls)
    return frozenset(site_domain(host) for host in hosts if host)


def host_allowed(host: str, allowed: frozenset[str]) -> bool:
    """Whether HOST is one of the allowed domains or a subdomain of one."""
    host = host.lower().rstrip(".")
    return any(host == domain or host.endswith("." + domain) for domain in allowed)


class Validators(TypedDict):
    """What a fetched notice's response says for the archive: its HTTP validators and status."""

    etag: str | None
    last_modified: str | None
    http_status: int


class IssueLog(Protocol):
    """Where a spider notes the problems of its source (the archive pipeline)."""

    def log_issue(self, message: str, url: str | None) -> None: ...


class SourceSpider(scrapy.Spider):
    """Base class for all source families; subclasses set ``family`` and implement ``start``."""

    family: str = ""
    #: When a valid list answers with zero items, is that "no news" (an API with a date window)
    #: or a sign that the layout changed (a list page)?
    empty_list_is_error: bool = True
    #: The charset a family's site uses whatever it declares (None: believe the declaration, else detect).
    default_encoding: str | None = None
    #: URLs the family fetches when the entry gives none (their hosts are allowed by default).
    default_urls: tuple[str, ...] = ()

    def __init__(self, source: Source, run_id: int | None = None, check: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(name=source.id, **kwargs)
        #: Check mode: nothing archived, only the first list page and its first notice are fetched.
        self.check = check
        #: In check mode, what the list named (id, title, date as listed), the notices yielded, and the problems met.
        self.listing: list[dict[str, str | None]] = []
        self.checked: list[Notice] = []
        self.check_issues: list[str] = []
        self.source: Source = source
        self.params: Mapping[str, Any] = source.params
        self.source_id: str = source.id
        self.run_id = run_id
        self.started_at = utcnow()
        self.started_clock = time.monotonic()
        self.items_seen = 0
        self.outcomes = {"new": 0, "changed": 0, "unchanged": 0}
        self.errors = 0
        self.fatal_error: str | None = None
        self.disk_full = False  # set by the archive pipeline: the runner then ends the whole crawl
        self.layout_changed = False
        self.notices_requested = 0
        self.listed_empty_ok = False
        self.recheck_after = timedelta(hours=float(source.recheck_hours))
        hosts = [urlparse(url).hostname for url in source_urls(source)]
        self.slot = next((host for host in hosts if host), None)
        self.allowed_hosts = source_hosts(source, self.default_urls)
        #: The publisher's time zone: every date stored is the calendar date there.
        self.timezone = source_timezone(source)
        self._listed = False
        #: Native ids the list named this run; known notices it no longer reaches are re-checked at the end.
        self.listed_ids: set[str] = set()
        self.recheck_per_run = source.recheck_per_run
        self._rechecks_scheduled = False
        #: Per-source caps, put on every request of this spider (robots.txt too) by ``SourceLimitsMiddleware``.
        self.download_meta: dict[str, Any] = {}
        if source.timeout is not None:
            self.download_meta["download_timeout"] = float(source.timeout)
        if source.max_bytes is not None:
            self.download_meta["download_maxsize"] = int(source.max_bytes)
        #: The source's archived notices by native id, as they were when the crawl began (read-only).
        self.known: dict[str, KnownDocument] = {}
        self.issue_log: IssueLog | None = None
        self.last_run_started: str | None = None

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._on_closed, signal=signals.spider_closed)
        crawler.signals.connect(spider._on_error, signal=signals.spider_error)
        crawler.signals.connect(spider._on_item_error, signal=signals.item_error)
        crawler.signals.connect(spider._on_idle, signal=signals.spider_idle)
        return spider

    # -- what the subclasses call -------------------------------------------------

    def count(self, outcome: str) -> None:
        """Count one archived notice by outcome (called by the archive pipeline)."""
        self.outcomes[outcome] += 1

    def begin(self, known: dict[str, KnownDocument], issue_log: IssueLog, last_run_started: str | None = None) -> None:
        """Take the source's KNOWN notices, where to note issues, and when its previous run started (called
        once, before the first request)."""
        self.known = known
        self.issue_log = issue_log
        self.last_run_started = last_run_started

    def needs_fetch(self, native_id: str, updated: str | None = None, *, title: str | None = None,
                    published: str | None = None) -> bool:
        """Whether a listed notice must be fetched now; every family calls it once per listed notice, with
        the TITLE and PUBLISHED day the list gives when it gives them.

        Yes when it is new, when the list says it was updated (``updated``, an
        ISO timestamp) after we last checked it, or when its re-check is due.
        In check mode, yes for the first listed notice only.
        """
        if self.check:
            first = not self.listing
            if native_id not in self.listed_ids:
                self.listing.append({"id": native_id, "title": title, "published": published})
            self.listed_ids.add(native_id)
            return first
        self.listed_ids.add(native_id)
        known = self.known.get(native_id)
        if known is None or not known.last_checked:
            return True
        checked = datetime.fromisoformat(known.last_checked)
        if updated and (moment := _moment(updated)) is not None and moment > checked:
            return True
        return clock.now() - checked >= self.recheck_after

    def notice_request(self, url: str, native_id: str, callback, fallbacks: list[str] | tuple[str, ...] = (),
                       **meta: Any) -> Request:
        """A request for a notice page, conditional when its validators are known.

        ``fallbacks`` are further places the same text can be read from, in order of trust: when URL fails
        (or its callback finds no text and yields ``fallback_request``), the next one is tried, and the
        notice counts as failed only when every place has.
        """
        headers = {}
        if not meta.get("recheck"):
            self.notices_requested += 1
        known = self.known.get(native_id)
        if known is not None:
            if known.etag:
                headers["If-None-Match"] = known.etag
            if known.last_modified:
                headers["If-Modified-Since"] = known.last_modified
        return Request(
            url,
            callback=self._not_modified_guard(callback),
            errback=self.on_notice_error,
            headers=headers,
            meta={**self.source_meta(), **meta, "native_id": native_id, "handle_httpstatus_list": [304],
                  "fallbacks": [u for u in dict.fromkeys(fallbacks) if u and u != url], "failures": []},
        )

    def fallback_request(self, request: Request | None, problem: str) -> Request | None:
        """The request for the next place a notice's text can be read from, after REQUEST's PROBLEM; None
        when no place is left."""
        fallbacks = request.meta.get("fallbacks") if request is not None else None
        if request is None or not fallbacks:
            return None
        meta = {**request.meta, "fallbacks": fallbacks[1:],
                "failures": [*request.meta.get("failures", []), f"{request.url[:200]}: {problem}"]}
        for key in ("retry_times", "redirect_times", "redirect_urls", "redirect_ttl", "redirect_reasons"):
            meta.pop(key, None)
        # The validators belong to the first place: another URL is asked unconditionally.
        return request.replace(url=fallbacks[0], meta=meta, headers={}, dont_filter=True)

    def trust_named_urls(self, urls: list[str | None]) -> None:
        """Allow the hosts of URLS, named by the source's own API answer, when the entry sets no
        ``allowed_hosts``: a publisher serves its texts from sibling hosts (``public-inspection.…``, a
        printing office's PDF host) that its API names, and each is allowed by its site domain."""
        if self.source.allowed_hosts:
            return
        hosts = {urlparse(url).hostname for url in urls if isinstance(url, str) and re.match(r"(?i)^https?://", url)}
        self.allowed_hosts = self.allowed_hosts | {site_domain(host) for host in hosts if host}

    def list_request(self, url: str, callback, meta: dict[str, Any] | None = None, **kwargs: Any) -> Request:
        """A request for a list page or API page; its failure fails the source's run."""
        # The first list request bypasses the duplicate filter: when it redirects to itself it must fail as a
        # redirect loop, not vanish and pass for an empty list. Later pages keep the filter against paging loops.
        kwargs.setdefault("dont_filter", not self._listed)
        self._listed = True
        return Request(url, callback=callback, errback=self.on_list_error,
                       meta={**self.source_meta(), **(meta or {}), "is_list": True}, **kwargs)

    def source_meta(self) -> dict[str, Any]:
        """Request meta every request of this source carries: its site's download slot, so PDFs and
        attachments on other hosts wait as long as the site's own pages (size cap and timeout are put on
        every request by ``SourceLimitsMiddleware``)."""
        return {"download_slot": self.slot} if self.slot else {}

    def date_of(self, text: str | None, fmt: str | None = None) -> str | None:
        """The ISO date written in TEXT, as a day in the publisher's time zone (``crawler.dates.parse_date``)."""
        return parse_date(text, fmt, self.timezone)

    def today(self) -> date:
        """The end of date windows: the entry's ``end_date`` (a frozen day, for replays and tests), else today
        in the publisher's time zone."""
        end = self.params.get("end_date")
        return date.fromisoformat(end) if end else clock.now().astimezone(self.timezone).date()

    def read_body(self, response: Response, selector: str | None = None) -> Extracted:
        """The main text of a fetched document with the publisher's metadata beside it: the HTML's main text
        and metadata (``crawler.extract.extract``), else the PDF's text layer or a plain text as it is, which
        carry no metadata."""
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1").lower()
        if is_pdf(response.body, content_type):
            return Extracted(self.pdf_text(response), {})
        if content_type.startswith("text/plain"):
            return Extracted(normalise_text(self.decoded_text(response)), {})
        return extract(self.decoded_text(response), selector, self.params.get("strip_selectors", ()))

    def fill_notice(self, notice: Notice, response: Response, selector: str | None = None) -> None:
        """Fill NOTICE from its fetched document: the text and metadata (``read_body``), the validators, and the
        metadata's date of publication when the family gave the notice no date of its own."""
        body = self.read_body(response, selector)
        notice.text, notice.metadata = body.text, body.metadata
        notice.published = notice.published or self.date_of(body.published())
        for key, value in self.validators(response).items():
            setattr(notice, key, value)

    def pdf_text(self, response: Response) -> str:
        """A PDF's text within the source's budget (``pdf_max_bytes``, ``pdf_max_pages``); a PDF cut short is
        an issue on the source, and what was read is kept."""
        read = pdf_text(response.body, self.params.get("pdf_max_bytes"), self.params.get("pdf_max_pages"))
        if read.cut:
            self._log_issue(read.cut, response.url)
        return read.text

    def pdf_links(self, response: Response) -> list[str]:
        """Links to PDF attachments inside the notice's body, when the entry sets ``attachments = true``."""
        if not self.params.get("attachments") or is_pdf(response.body[:1024]):
            return []
        page = Selector(text=self.decoded_text(response))
        scope = page.css(self.params["body_selector"]) if self.params.get("body_selector") else page
        hrefs = scope.css("a::attr(href)").getall()
        return [response.urljoin(h) for h in hrefs if h.lower().split("?")[0].split("#")[0].endswith(".pdf")]

    def with_attachments(self, notice: Notice, links: list[str]):
        """Yield NOTICE once the text of each linked PDF attachment has been appended to it.

        Attachments are fetched one after another; one that fails is logged and
        skipped, so the notice is never lost for want of an attachment.
        """
        pending = [link for link in dict.fromkeys(links)][: int(self.params.get("max_attachments", 5))]
        if not pending:
            yield notice
            return
        yield self._attachment_request(notice, pending)

    def _attachment_request(self, notice: Notice, pending: list[str]) -> Request:
        return Request(pending[0], callback=self._on_attachment, errback=self._on_attachment_error,
                       meta={**self.source_meta(), "notice": notice, "pending": pending[1:]}, dont_filter=True)

    def _on_attachment(self, response: Response):
        notice: Notice = response.meta["notice"]
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1").lower()
        if is_pdf(response.body, content_type):
            try:
                text = self.pdf_text(response)
            except Exception as exc:  # noqa: BLE001 (a broken attachment must not lose the notice)
                self._log_issue(f"attachment unreadable: {type(exc).__name__}: {exc}", response.url)
                text = ""
            if text:
                notice.text = f"{notice.text}\n{text}"
        yield from self._after_attachment(notice, response.meta["pending"])

    def _on_attachment_error(self, failure: Failure):
        request = _request_of(failure)
        self._log_issue(f"attachment could not be fetched: {failure.getErrorMessage()}", request.url)
        yield from self._after_attachment(request.meta["notice"], request.meta["pending"])

    def _after_attachment(self, notice: Notice, pending: list[str]):
        if pending:
            yield self._attachment_request(notice, pending)
        else:
            yield notice

    def validators(self, response: Response) -> Validators:
        """The HTTP validators of a response, for the next conditional request."""
        def header(name: str) -> str | None:
            value = response.headers.get(name)
            return value.decode("latin-1") if value else None

        return {"etag": header("ETag"), "last_modified": header("Last-Modified"), "http_status": response.status}

    def decoded_text(self, response: Response) -> str:
        """The body decoded with the entry's ``encoding`` override, else as ``extract.decode_html`` decides."""
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        declared = http_content_type_encoding(content_type) or html_body_declared_encoding(response.body)
        return decode_html(response.body, declared, self.params.get("encoding", self.default_encoding),
                           self.source.language)

    def json_answer(self, response: Response, what: str) -> Any:
        """The response's JSON; a ``LayoutError`` naming WHAT when it is not JSON."""
        try:
            return json.loads(self.decoded_text(response))
        except json.JSONDecodeError as exc:
            raise LayoutError(f"{what} is not JSON: {exc}") from exc

    def all_known(self, native_ids: list[str]) -> bool:
        """True when paging can stop: every notice of a list page is already archived, or the spider only
        checks the source (one page is enough)."""
        if self.check:
            return True
        return bool(native_ids) and all(native_id in self.known for native_id in native_ids)

    # -- re-checking notices the list no longer reaches -----------------------------

    def recheck_request(self, notice: Notice) -> Request | None:
        """A request that fetches a known NOTICE (its title and date as archived) again and yields it, or None
        when the family cannot reach it without its list. Families override this."""
        return None

    def unlisted_due(self) -> list[Notice]:
        """Known notices this run's list did not name that are this run's share of the rolling re-check
        (``crawler.recheck``), longest unchecked first, as archived (title, date, URL)."""
        due = rolling_share([doc for native_id, doc in self.known.items() if native_id not in self.listed_ids],
                            clock.now(), self.recheck_after, self._since_last_run(), self.recheck_per_run)
        return [Notice(source_id=self.source_id, native_id=doc.native_id, url=doc.url, text="",
                       title=doc.title or "", published=doc.published, language=doc.language)
                for doc in due if doc.url]

    def _since_last_run(self) -> timedelta | None:
        """Time since this source's previous run started (None when it has none)."""
        started = self.last_run_started
        return clock.now() - datetime.fromisoformat(started) if started else None

    def _on_idle(self, spider: scrapy.Spider) -> None:
        """Once the list is done, re-check the due known notices it no longer reaches (once per run)."""
        if self._rechecks_scheduled or self.fatal_error or not self._listed or self.check:
            return
        self._rechecks_scheduled = True
        requests = [request for request in map(self.recheck_request, self.unlisted_due()) if request is not None]
        for request in requests:
            self.crawler.engine.crawl(request)
        if requests:
            raise DontCloseSpider

    # -- bookkeeping --------------------------------------------------------------

    def _not_modified_guard(self, callback):
        def guarded(response: Response, **kwargs: Any):
            if response.status == 304:
                return [] if self.check else [NotModified(self.source_id, response.meta["native_id"])]
            return callback(response, **kwargs)

        return guarded

    @staticmethod
    def describe_failure(failure: Failure) -> str:
        """A download failure in a few words: the HTTP status, or the network error."""
        if isinstance(failure.value, HttpError):
            return f"HTTP {failure.value.response.status}"
        if failure.check(DownloadCancelledError) and not failure.getErrorMessage():
            return "DownloadCancelledError: the body grew past the size cap (the source's max_bytes)"
        return f"{type(failure.value).__name__}: {failure.getErrorMessage()}".rstrip(": ")

    def on_list_error(self, failure: Failure) -> None:
        self.fatal_error = f"{_request_of(failure).url}: {self.describe_failure(failure)}"
        self.errors += 1

    def on_notice_error(self, failure: Failure):
        request = _request_of(failure)
        problem = self.describe_failure(failure)
        fallback = self.fallback_request(request, problem)
        if fallback is not None:
            yield fallback
            return
        if request.meta.get("recheck"):
            # A notice the list no longer reaches may have been withdrawn: noted, but the source is not failing.
            self._log_issue(f"re-check of a notice no longer listed failed: {problem}", request.url)
            return
        self.errors += 1
        tried = "; ".join([*request.meta.get("failures", []), f"{request.url[:200]}: {problem}"])
        self._log_issue(f"notice could not be fetched: {problem}" if not request.meta.get("failures")
                        else f"notice could not be fetched from any place: {tried}", request.url)

    def _on_error(self, failure: Failure, response: Response, spider: scrapy.Spider) -> None:
        message = f"{type(failure.value).__name__}: {failure.getErrorMessage()}"
        self.errors += 1
        if response.meta.get("is_list"):
            self.fatal_error = f"{response.url}: {message}"
            self.layout_changed = self.layout_changed or isinstance(failure.value, LayoutError)
        else:
            self._log_issue(message, response.url)

    def _on_item_error(self, item: Any, response: Response | None, spider: scrapy.Spider, failure: Failure) -> None:
        # Scrapy only logs an exception raised while archiving an item: it is counted and recorded on the source.
        self.errors += 1
        message = f"notice could not be archived: {type(failure.value).__name__}: {failure.getErrorMessage()}"
        self._log_issue(message, getattr(item, "url", None) or (response.url if response is not None else None))

    def _log_issue(self, message: str, url: str | None) -> None:
        if self.check:
            self.check_issues.append(f"{url}: {message}" if url else message)
            return
        if self.issue_log is not None:
            self.issue_log.log_issue(message, url)

    def check_report(self, error: str | None) -> dict[str, Any]:
        """What a check found (``error``: the run's fatal problem, if any): the notices listed, the first few as
        listed, the first notice as it would be archived, and the problems that would make the source unhealthy."""
        layout_error = error if error and self.layout_changed else None
        first = None
        if self.listing:
            notice = self.checked[0] if self.checked else None
            text = notice.text.strip() if notice else ""
            first = {
                "id": notice.native_id if notice else self.listing[0]["id"],
                "title": notice.title if notice else self.listing[0]["title"],
                "published": notice.published if notice else self.listing[0]["published"],
                "url": notice.url if notice else None,
                "text_extracted": bool(text),
                "text_chars": len(text),
                "error": None if text else "; ".join(self.check_issues) or (
                    "no text could be extracted" if notice else "the notice was not fetched"),
            }
        problems = []
        if error:
            problems.append(f"layout error: {error}" if layout_error else error)
        elif not self.items_seen:
            problems.append("the list answered but names no notice (nothing in its date window?)"
                            if self.listed_empty_ok else "no notice listed")
        if first is not None and not first["text_extracted"]:
            problems.append(f"the first notice's text could not be extracted: {first['error']}")
        return {
            "source": self.source_id, "family": self.family, "healthy": not problems,
            "items_found": self.items_seen, "items": self.listing[:CHECK_SAMPLE], "first_notice": first,
            "layout_error": layout_error, "error": None if layout_error else error, "problems": problems,
        }

    def _run_error(self, reason: str) -> str | None:
        """The run's fatal problem, if any, once it closed for REASON."""
        error = self.fatal_error
        if error is None and reason not in ("finished",):
            error = f"crawl ended early: {reason}"
        return error

    def _on_closed(self, spider: scrapy.Spider, reason: str) -> None:
        if self.check:
            path = self.settings.get("REGWATCH_CHECK_REPORT")
            if path:
                with open(path, "a", encoding="utf-8") as out:
                    out.write(json.dumps(self.check_report(self._run_error(reason)), ensure_ascii=False) + "\n")

    def run_record(self, reason: str) -> dict[str, Any]:
        """The run's outcome once the spider closed for REASON, as ``archive.store.record_source_run`` takes it
        (asked by the archive pipeline after its last batch, so every outcome is counted)."""
        error = self._run_error(reason)
        if error is None and self.errors and self.notices_requested and not any(self.outcomes.values()):
            error = f"{self.errors} error(s) and not one of {self.notices_requested} notice(s) could be archived"
        return {
            "source_id": self.source_id,
            "run_id": self.run_id,
            "started_at": self.started_at,
            "items_seen": self.items_seen,
            "new": self.outcomes["new"],
            "changed": self.outcomes["changed"],
            "unchanged": self.outcomes["unchanged"],
            "errors": self.errors,
            "error": error,
            "empty_ok": self.listed_empty_ok and not self.empty_list_is_error,
            "layout_changed": self.layout_changed,
            "duration_seconds": round(time.monotonic() - self.started_clock, 3),
        }


def _request_of(failure: Failure) -> Request:
    """The request an errback's failure is about (Scrapy sets it on the failure; Twisted's types don't say so)."""
    return failure.request  # type: ignore[attr-defined]


CHECK_SAMPLE = 3  # listed notices shown by a check


def _moment(stamp: str) -> datetime | None:
    """An ISO timestamp as an aware datetime (UTC when it names no zone), or None when it is not one."""
    try:
        moment = datetime.fromisoformat(stamp.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
