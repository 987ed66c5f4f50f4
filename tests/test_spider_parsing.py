"""The small parsers the families rely on: announcement numbers, jpaas parameters, JSON field paths."""
from __future__ import annotations

import pytest

from crawler.extract import LayoutError
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
