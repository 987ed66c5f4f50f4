"""Page furniture that no class names still never reaches the archived text; what a source names goes too."""
from __future__ import annotations

import pytest

from crawler.extract import extract, html_to_text, publisher_ids
from regwatch.config import ConfigError, parse_config

BODY = "<p>Exports of gallium compounds need a licence from 1 August 2026 under the amended regulation.</p>"


@pytest.mark.parametrize("furniture, gone", [
    ('<div class="l-tools">Share: <a href="https://twitter.com/intent/tweet?url=x">X</a> '
     '<a href="https://www.facebook.com/sharer/sharer.php?u=x">Facebook</a> <a href="mailto:?subject=n">E-mail</a> '
     '<a href="javascript:window.print()">Print page</a></div>', ["Share", "Facebook", "E-mail", "Print page"]),
    ('<p><a href="#" onclick="window.print(); return false">印刷</a></p>', ["印刷"]),
    ('<div class="w1"><a href="/">Home</a> &gt; <a href="/news/">News</a> &gt; Gallium licences</div>',
     ["Home", "News >", "Gallium licences"]),
    ('<div>当前位置：<a href="/">首页</a> &gt; <a href="/zcfb/">政策发布</a></div>', ["当前位置", "首页"]),
])
def test_share_print_links_and_breadcrumbs_are_cut_inside_the_chosen_block(furniture, gone):
    for page in (f"<html><body><main>{furniture}{BODY}</main></body></html>",
                 f"<html><body><div id='x'>{BODY}{furniture}</div></body></html>"):
        for selector in (None, "main, #x"):
            text = html_to_text(page, selector)
            assert text == "Exports of gallium compounds need a licence from 1 August 2026 under the amended regulation."
            assert not any(word in text for word in gone)


def test_links_in_the_notices_own_sentences_stay():
    page = ('<main><p>See <a href="/reg">Regulation 2021/821</a> and <a href="/annex">its Annex I</a> / '
            '<a href="https://twitter.com/tradeagency">our account</a> for the list of dual-use items.</p></main>')
    assert html_to_text(page) == ("See Regulation 2021/821 and its Annex I / our account for the list of "
                                  "dual-use items.")


#: A GOV.UK publication page as served: the metadata list and the body sit in grid rows styled for print.
GOVUK_PAGE = (
    '<main><div class="govuk-grid-row gem-print-columns-none"><div class="gem-c-metadata"><dl>'
    '<dt>From:</dt><dd><a href="/government/organisations/ecju">Export Control Joint Unit</a></dd>'
    '<dt>Published</dt><dd>10 June 2025</dd></dl></div></div>'
    '<div class="govuk-grid-row gem-print-columns-none"><div class="govspeak">' + BODY + '</div>'
    '<div class="gem-c-print-link"><button>Print this page</button> <a href="/print">Printable version</a></div>'
    '</div></main>')


@pytest.mark.parametrize("selector", [None, ".govspeak"])
def test_the_publishers_metadata_is_found_beside_the_selected_text_and_cut_from_it(selector):
    found = extract(GOVUK_PAGE, selector)
    assert found.text == "Exports of gallium compounds need a licence from 1 August 2026 under the amended regulation."
    assert found.metadata == {"From": "Export Control Joint Unit", "Published": "10 June 2025"}
    assert found.published() == "10 June 2025"


def test_a_class_that_styles_printing_is_no_furniture_but_a_print_control_is():
    page = ('<main><div class="row print-columns-none"><p>Licences are needed for gallium nitride wafers.</p></div>'
            '<div class="article-print"><a href="/print/123">Printable version of this notice</a></div></main>')
    assert html_to_text(page) == "Licences are needed for gallium nitride wafers."


def test_the_documents_own_identifiers_are_told_from_the_rest_of_its_metadata():
    metadata = {"Document number": "C(2025)  3517", "ELI": "http://data.europa.eu/eli/reg_del/2025/1180/oj",
                "CELEX number": "32025R1180", "OJ reference": "OJ L, 2025/1180, 12.6.2025", "Docket No.": "250612-0101",
                "Case number": "AD-123", "Date of document": "06/06/2025", "Status": "In force", "发文字号": "商务部公告2025年第18号",
                "Author": "European Commission", "ELI ": "http://data.europa.eu/eli/reg_del/2025/1180/oj"}
    assert publisher_ids(metadata) == ["C(2025) 3517", "http://data.europa.eu/eli/reg_del/2025/1180/oj", "32025R1180",
                                       "OJ L, 2025/1180, 12.6.2025", "商务部公告2025年第18号"]


def test_strip_selectors_remove_what_a_source_names():
    page = f"<main>{BODY}<div class='disclaimer'>This translation is for information only.</div></main>"
    assert "translation" in html_to_text(page)
    assert "translation" not in html_to_text(page, None, [".disclaimer"])
    assert "translation" not in html_to_text(page, "main", [".disclaimer"])


def test_strip_selectors_must_be_a_list_of_css_selectors():
    def source(strip: object) -> dict[str, object]:
        return {"sources": [{"id": "x", "family": "feed",
                             "params": {"url": "https://example.gov/f.xml", "strip_selectors": strip}}]}

    parse_config(source([".a", "div > p"]))
    for bad in (".a", ["p["]):
        with pytest.raises(ConfigError):
            parse_config(source(bad))
