"""The small parsers the families rely on: announcement numbers, jpaas parameters, JSON field paths, and a
fetched notice's text, metadata and date."""
from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse

from crawler.extract import LayoutError
from crawler.items import Notice
from crawler.source import Source
from crawler.spiders.html_list import HtmlListSpider
from crawler.spiders.json_api import _MISSING, at_path
from crawler.spiders.mofcom import announcement_number, article_key, query_data


@pytest.mark.parametrize("text, number", [
    ("商务部 海关总署公告2023年第23号 关于对镓、锗相关物项实施出口管制的公告", "商务部 海关总署公告2023年第23号"),
    ("商务部、海关总署公告2023年第23号", "商务部 海关总署公告2023年第23号"),
    ("商务部公告2024年第46号 关于加强相关两用物项对美国出口管制的公告", "商务部公告2024年第46号"),
    ("商务部 海关总署 国家密码管理局公告 2024 年 第 5 号", "商务部 海关总署 国家密码管理局公告2024年第5号"),
    ("MOFCOM Announcement No. 18 [2025] on export control", "MOFCOM Announcement No. 18 [2025]"),
    ("MOFCOM Announcement No. 7 of 2024", "MOFCOM Announcement No. 7 [2024]"),
    ("MOFCOM Announcement 2025 No. 18", "MOFCOM Announcement No. 18 [2025]"),
    ("商务部办公厅关于做好两用物项出口许可工作的通知", None),
])
def test_announcement_numbers_in_one_canonical_form(text, number):
    assert announcement_number(text) == number


def test_only_a_title_that_opens_with_the_number_is_the_announcement_itself():
    assert announcement_number("《商务部 海关总署公告2025年第18号》政策解读", leading=True) is None
    assert announcement_number("商务部公告2025年第21号 关于…", leading=True) == "商务部公告2025年第21号"


def test_article_keys_and_jpaas_parameters():
    assert article_key("https://www.mofcom.gov.cn/zwgk/zcfb/art/2025/art_e623090907fc4e1092f0a4db72f57b95.html") \
        == "art_e623090907fc4e1092f0a4db72f57b95"
    assert article_key("http://www.mofcom.gov.cn/article/b/c/201804/20180402733178.shtml") == "20180402733178"
    page = """<script src="/module/jslib/unitbuild.js" queryData="{'webId':'a1','pageId':'p9','tplSetId':'t3','tagId':'信息列表'}"></script>"""
    assert query_data(page) == {"webId": "a1", "pageId": "p9", "tplSetId": "t3", "tagId": "信息列表"}
    fallback = """<meta name="ColId" content="p7"><script queryData="{'webId':'a1','tplSetId':'t3'}"></script>"""
    assert query_data(fallback)["pageId"] == "p7"
    with pytest.raises(LayoutError):
        query_data("<html><body>redesigned</body></html>")


def test_json_paths_with_indexes_and_dotted_keys():
    doc = {"value": [{"a": {"b": 1}}], "@odata.nextLink": "next", "data": {"items": []}}
    assert at_path(doc, "value.0.a.b") == 1
    assert at_path(doc, "value.-1.a") == {"b": 1}
    assert at_path(doc, "@odata.nextLink") == "next"
    assert at_path(doc, "data.items") == []
    assert at_path(doc, "") is doc
    assert at_path(doc, "value.3") is _MISSING and at_path(doc, "nope.x") is _MISSING


NOTICE_PAGE = ("<html><body><main><table><tr><th>Notice No.</th><td>NTE 2025/09</td></tr>"
               "<tr><th>Date of publication</th><td>10 June 2025</td></tr></table>"
               "<p>Exporters of quantum computers need a standard individual export licence from 1 July 2025.</p>"
               "</main></body></html>")


def detail(body: str, content_type: str = "text/html; charset=utf-8") -> TextResponse:
    cls = HtmlResponse if content_type.startswith("text/html") else TextResponse
    return cls("https://example.gov/n/1", body=body.encode("utf-8"), headers={"Content-Type": content_type},
               request=Request("https://example.gov/n/1"))


@pytest.mark.parametrize("listed, published", [(None, "2025-06-10"), ("2025-06-12", "2025-06-12")])
def test_a_notice_the_family_left_undated_takes_the_publishers_date_and_keeps_its_metadata(listed, published):
    spider = HtmlListSpider(Source.of({"id": "xx-notices", "family": "html_list", "jurisdiction": "GB",
                                       "params": {"url": "https://example.gov/", "item_selector": "li"}}))
    notice = Notice(source_id="xx-notices", native_id="1", url="https://example.gov/n/1", title="NTE 2025/09",
                    text="", published=listed)
    spider.fill_notice(notice, detail(NOTICE_PAGE))
    assert notice.published == published  # the family's own date, when it has one, wins
    assert notice.metadata == {"Notice No.": "NTE 2025/09", "Date of publication": "10 June 2025"}
    assert notice.text == "Exporters of quantum computers need a standard individual export licence from 1 July 2025."
    plain = Notice(source_id="xx-notices", native_id="2", url="https://example.gov/n/2", title="t", text="")
    spider.fill_notice(plain, detail("Notice No. 7: text as it is.", "text/plain; charset=utf-8"))
    assert plain.metadata == {} and plain.text == "Notice No. 7: text as it is." and plain.published is None
