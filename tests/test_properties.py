"""Properties that must hold for any input: extraction, normalisation, diffs, headers and search never crash
(beyond their documented errors) and keep their promises."""
from __future__ import annotations

import html
import re
import tempfile
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alerts.diff import html_diff, paragraph_changes, text_diff
from alerts.render import one_line, safe_url
from archive.db import open_archive
from archive.search import Filters, QueryError, search
from archive.store import record_fetch, upsert_source
from crawler.extract import LayoutError, decode_html, html_fragment_to_text, html_to_text, normalise_text

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Text as pages and users produce it: any code point but lone surrogates (which no decoder yields).
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
MARKUP = st.lists(st.one_of(TEXT, st.sampled_from([
    "<p>", "</p>", "<br>", "<div class='nav'>", "</div>", "<main>", "</main>", "<script>x()</script>", "<!--",
    "-->", "<![CDATA[", "&amp;", "&#0;", "&#x1b;", "&#13;&#10;", "<table><tr><td>", "<", ">", "&", "<footer>",
    "<article>", "<h1>", "<?xml version='1.0'?>", "<html><body>", "</body></html>", "\x00", "\r\n"])), max_size=30).map("".join)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@SETTINGS
@given(TEXT)
def test_normalised_text_is_stable_and_clean(text):
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert not CONTROL.search(once) and "\r" not in once
    assert all(line and line == line.strip() for line in once.split("\n")) or once == ""
    assert once.splitlines() == once.split("\n") or once == "", "the diff and the normaliser agree on lines"


@SETTINGS
@given(MARKUP, st.sampled_from([None, "main", ".body", "#zoom p", "div > p"]))
def test_html_extraction_yields_clean_text_or_a_layout_error(markup, selector):
    try:
        text = html_to_text(markup, selector)
    except LayoutError:
        assert selector is not None
        return
    assert text == normalise_text(text)
    assert "<script" not in text.lower() or "<script" in html.unescape(markup).lower()
    assert normalise_text(html_fragment_to_text(markup)) == html_fragment_to_text(markup)


@SETTINGS
@given(st.lists(st.text(st.characters(whitelist_categories=("L", "N", "P", "Zs")), min_size=1, max_size=40),
                min_size=1, max_size=6))
def test_escaped_text_survives_extraction(paragraphs):
    page = "<html><body><main>" + "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs) + "</main></body></html>"
    assert html_to_text(page, "main") == normalise_text("\n".join(paragraphs))


@SETTINGS
@given(st.binary(max_size=400), st.sampled_from([None, "utf-8", "gbk", "gb2312", "iso-8859-1", "shift_jis",
                                                   "no-such-charset", ""]),
       st.sampled_from([None, "utf-8", "gbk", "bogus"]), st.sampled_from([None, "zh", "en", "ja", ""]))
def test_any_bytes_decode_to_text(body, declared, override, language):
    text = decode_html(body, declared, override, language)
    assert isinstance(text, str)
    text.encode("utf-8")  # no lone surrogates


@SETTINGS
@given(st.text("ab漢\n ", max_size=12).map(lambda t: "\n".join(t.split("\n"))), st.binary(max_size=0))
def test_valid_utf8_wins_over_a_wrong_declaration(text, _):
    body = ("<p>" + text + "é漢</p>").encode("utf-8")
    assert decode_html(body, "iso-8859-1") == body.decode("utf-8")


LINES = st.lists(st.one_of(TEXT.map(lambda t: t.replace("\n", " ")), st.sampled_from(["<b>", "a & b", "镓 锗"])),
                 max_size=8).map("\n".join)


@SETTINGS
@given(LINES, LINES)
def test_diffs_never_crash_and_escape_everything(old, new):
    old, new = normalise_text(old), normalise_text(new)
    text = text_diff(old, new)
    marked = str(html_diff(old, new))
    if old == new:
        assert text == "" and marked == ""
    tags = re.compile(r'<p style="[^"]*">|</p>|<ins style="[^"]*">|</ins>|<del style="[^"]*">|</del>')
    assert "<" not in tags.sub("", marked), "only the diff's own tags are markup"
    # Dropping deletions and tags gives back the new side of every changed paragraph.
    paragraphs = re.findall(r'<p style="[^"]*">(.*?)</p>', marked, flags=re.S)
    rebuilt = [html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<del [^>]*>.*?</del>", "", p, flags=re.S)))
               for p in paragraphs]
    expected = []
    for change in paragraph_changes(old, new):
        for index in range(max(len(change.old), len(change.new))):
            expected.append(change.new[index] if index < len(change.new) else "")
    assert rebuilt == expected
    added = [line[2:] for line in text.split("\n") if line.startswith("+ ")]
    assert added == [line for change in paragraph_changes(old, new) for line in change.new]


@SETTINGS
@given(TEXT)
def test_one_line_is_safe_in_any_header(value):
    line = one_line(value, 120)
    assert not re.search(r"[\x00-\x1f\x7f]", line), "no CR, LF or other C0 control reaches a header"
    assert len(line) <= 120
    message = EmailMessage()
    message["Subject"] = line or "x"
    message["To"] = "a@example.org"
    message.set_content("body")
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    assert sorted(parsed.keys()) == sorted(["Subject", "To", "Content-Type", "Content-Transfer-Encoding",
                                            "MIME-Version"])


@SETTINGS
@given(TEXT)
def test_only_plain_web_links_are_kept(url):
    kept = safe_url(url)
    assert kept in ("", url)
    if kept:
        assert re.match(r"^https?://", kept) and not re.search(r"[\s\"'<>]", kept)


def _search_archive():
    path = Path(tempfile.mkdtemp()) / "search.db"
    db = open_archive(path)
    upsert_source(db, {"id": "s", "family": "feed", "jurisdiction": "CN"})
    for number, text in enumerate(["Export controls on gallium", "镓、锗相关物项实施出口管制", "rare earth magnets"]):
        record_fetch(db, source_id="s", native_id=str(number), url=f"https://example.org/{number}",
                     title=f"Notice {number}", text=text, published=f"2026-11-2{number}")
    return db


SEARCH_DB = _search_archive()
QUERY = st.one_of(TEXT, st.lists(st.sampled_from(['"', "AND", "OR", "NOT", "NEAR(", ")", "(", "*", "^", ":", "-",
                                                  "gallium", "镓", "title:", "{", "}", "'", ",", " "]),
                                 max_size=8).map(" ".join))
DATE = st.one_of(st.none(), st.just("2026-11-21"), TEXT)


@SETTINGS
@given(QUERY, DATE, DATE, st.sampled_from(["relevance", "date"]),
       st.one_of(st.none(), st.lists(TEXT, max_size=3)))
def test_search_answers_or_raises_query_error(query, since, until, order, jurisdiction):
    try:
        results = search(SEARCH_DB, query, Filters(since=since, until=until, jurisdictions=jurisdiction),
                         order=order)
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert isinstance(results, list) and len(results) <= 20
