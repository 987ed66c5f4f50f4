"""The web archive over HTTP: search page, facets, notice page with diffs, exports, escaping, read-only."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from archive.db import open_archive
from archive.store import record_fetch
from regwatch.ui import timeline_svg
from tests.helpers import build_sample_archive, document_id, get, ui_server


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ui")
    db_path = folder / "archive.db"
    db = build_sample_archive(db_path)
    ids = {native: document_id(db, native) for native in ("2023-39", "2023-16646", "sb-2025")}
    db.execute("UPDATE versions SET metadata = ? WHERE id = (SELECT current_version_id FROM documents WHERE id = ?)",
               [json.dumps({"Document number": "2023-16646", "Agency": "<script>alert(2)</script>"}), ids["2023-16646"]])
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    with ui_server(db_path, folder / "ui.log") as base:
        yield base, db_path, ids



def test_search_page_shows_results_snippets_facets_and_a_timeline(served):
    base, _, ids = served
    status, html, _ = get(base + "/?" + urllib.parse.urlencode({"q": "graphite", "jurisdiction": "CN"}))
    assert status == 200
    assert re.search(r'id="result-count">3 notices<', html)  # two say graphite; one is labelled it, in Chinese
    assert f'href="/notice/{ids["2023-39"]}"' in html
    assert "<mark>graphite</mark>" in html.lower()
    facet = re.search(r'<ul class="facet-direction">(.*?)</ul>', html, re.S).group(1)
    assert "tightening" in facet and '<span class="n">2</span>' in facet
    assert "<svg" in html and "CN, 2023: 1 measure(s)" in html  # three years: by year


def test_facet_links_narrow_the_search_and_a_chosen_value_can_be_removed(served):
    base, _, _ = served
    _, html, _ = get(base + "/?commodity=graphite")
    link = re.search(r'<a href="([^"]+)" data-facet="jurisdiction" data-value="US">', html).group(1)
    status, narrowed, _ = get(base + link.replace("&amp;", "&"))
    assert status == 200 and 'id="result-count">1 notice<' in narrowed
    chosen = re.search(r'<li class="chosen"><a href="([^"]+)" data-facet="jurisdiction"', narrowed).group(1)
    assert "jurisdiction" not in chosen


def test_scraped_text_is_escaped_everywhere_it_is_shown(served):
    base, _, ids = served
    _, results, _ = get(base + "/?q=anode")
    _, page, _ = get(base + f"/notice/{ids['2023-16646']}")
    for html in (results, page):
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;within&lt;/b&gt;" in page
    metadata = re.search(r'<table class="rw-props" id="publisher-metadata">(.*?)</table>', page, re.S).group(1)
    assert "<th>Document number</th><td>2023-16646</td>" in metadata  # the publisher's metadata, escaped too
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in metadata and "<script>alert(2)" not in page


def test_notice_page_shows_labels_every_version_and_the_changes_inline(served):
    base, _, ids = served
    status, html, _ = get(base + f"/notice/{ids['2023-39']}")
    assert status == 200
    assert "Announcement No. 39 of 2023" in html and "2023-12-01" in html
    assert 'id="version-1"' in html and 'id="version-2"' in html
    diff = re.search(r'<div class="rw-diff" id="diff-2">(.*?)</div>', html, re.S).group(1)
    assert re.search(r"<ins[^>]*>[^<]*spherical", diff)
    assert "HS code added: 380110" in html
    assert '<span class="rw-tag">Graphite</span>' in html and "Export control" in html  # names, not slugs
    assert get(base + "/notice/99999")[0] == 404


def test_any_result_set_exports_as_csv_and_json(served):
    base, _, _ = served
    query = urllib.parse.urlencode({"commodity": "graphite", "since": "2023"})
    status, body, headers = get(base + "/search.csv?" + query)
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert "attachment" in headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert {r["jurisdiction"] for r in rows} == {"CN", "US"}
    assert sorted(r["effective_date"] for r in rows) == ["2023-08-15", "2023-12-01", "2024-12-03", "2025-11-10"]
    status, body, _ = get(base + "/search.json?" + query)
    data = json.loads(body)
    assert status == 200 and data["count"] == 4 and len(data["results"]) == 4
    assert data["filters"] == {"commodity": ["graphite"], "since": ["2023"]}


def test_a_malformed_query_or_filter_is_a_message_on_the_page(served):
    base, _, _ = served
    status, html, _ = get(base + "/?q=" + urllib.parse.quote('graphite AND "open'))
    assert status == 400 and 'id="search-error"' in html and "cannot read the query" in html
    status, html, _ = get(base + "/?commodity=graphit")
    assert status == 400 and "did you mean graphite" in html
    assert get(base + "/search.csv?since=tomorrow")[0] == 400


def test_subscribers_and_arbitrary_sql_are_not_served_and_the_archive_is_not_written(served):
    base, db_path, _ = served
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    assert get(base + "/archive/subscriptions")[0] == 403
    assert get(base + "/archive/outbox.json")[0] == 403
    assert get(base + "/archive?sql=select+*+from+subscriptions")[0] == 403
    assert get(base + "/archive.db")[0] in (403, 404)
    status, body, _ = get(base + "/archive/measures.json?_shape=array")
    assert status == 200 and len(json.loads(body)) == 5
    assert get(base + "/archive/documents?_facet=source_id")[0] == 200
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


def test_timeline_svg_escapes_series_names_and_fills_empty_periods():
    svg = str(timeline_svg({"<X>": {"2021": 2, "2023": 1}}, "year"))
    assert "&lt;X&gt;" in svg and "<X>" not in svg
    assert ">2022<" in svg  # the year without measures is on the axis


def test_a_notice_archived_while_the_page_is_served_appears_in_results_and_counts(served):
    base, db_path, _ = served
    _, before, _ = get(base + "/?q=tungsten")
    assert 'id="result-count">0 notices<' in before
    db = open_archive(db_path)
    try:
        record_fetch(db, source_id="gb-ecju", native_id="nte-2026-01", url=None, published="2026-01-05",
                     title="Notice to exporters 2026/01: tungsten", text="Tungsten carbide tools need a licence.")
    finally:
        db.close()
    _, after, _ = get(base + "/?q=tungsten")
    assert 'id="result-count">1 notice<' in after and "Notice to exporters 2026/01" in after


def test_the_page_says_what_a_word_was_read_as_and_the_command_that_saves_the_search(served):
    base, _, _ = served
    status, html, _ = get(base + "/?" + urllib.parse.urlencode({"q": "graphite", "jurisdiction": "CN", "hs": "2504"}))
    assert status == 200
    assert "graphite: also matched as commodity Graphite" in html
    command = re.search(r'<code id="subscribe-command">(.*?)</code>', html).group(1)
    assert command == "regwatch subscribers add ID --email ADDRESS --keyword graphite --jurisdiction CN --hs 2504"


def test_a_search_that_finds_nothing_keeps_its_facets_and_suggests_filters_that_would_match(served):
    base, _, _ = served
    # graphite notices exist in CN and US, but none in GB: the chosen GB stays visible and removable
    status, html, _ = get(base + "/?" + urllib.parse.urlencode({"commodity": "graphite", "jurisdiction": "GB"}))
    assert status == 200 and 'id="result-count">0 notices<' in html
    assert re.search(r'<li class="chosen"><a href="[^"]+" data-facet="jurisdiction" data-value="GB">', html)
    assert re.search(r'<li class="chosen"><a href="[^"]+" data-facet="commodity" data-value="graphite">', html)
    suggestions = re.search(r'<ul id="suggestions">(.*?)</ul>', html, re.S).group(1)
    assert "without jurisdiction GB" in suggestions and '<span class="n">4</span>' in suggestions
    # a word nearly naming a commodity: that commodity, as a filter
    _, html, _ = get(base + "/?q=grafite")
    suggestions = re.search(r'<ul id="suggestions">(.*?)</ul>', html, re.S).group(1)
    link = re.search(r'<a href="([^"]+)">commodity Graphite instead of the word', suggestions).group(1)
    _, followed, _ = get(base + link.replace("&amp;", "&"))
    assert 'id="result-count">4 notices<' in followed
