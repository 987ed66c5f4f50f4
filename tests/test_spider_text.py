"""A notice's text: its main text in the right charset, never the page's furniture."""
from __future__ import annotations

from typing import Any

from archive.db import open_archive
from crawler.extract import decode_html, html_to_text
from tests.fixtures.crawl import bundled_source, crawl_once
from tests.fixtures.server import FIXTURES, FixtureServer

GBK_SOURCE: dict[str, Any] = {
    "id": "cn-gbk-list", "family": "html_list", "jurisdiction": "CN", "agency": "MOFCOM", "language": "zh",
    "params": {"url": "http://placeholder/gg/index.html", "item_selector": "ul.txtList_01 li",
               "date_selector": "span::text", "body_selector": "#zoom", "id_pattern": r"art_([0-9a-f]{32})\.html"},
}


def texts(db_path, source_id: str) -> dict[str, tuple[str, str]]:
    db = open_archive(db_path)
    try:
        return {r["native_id"]: (r["title"], r["text"]) for r in db.query(
            """SELECT d.native_id, d.title, v.text FROM documents d JOIN versions v ON v.id = d.current_version_id
               WHERE d.source_id = ?""", [source_id])}
    finally:
        db.close()


def test_gbk_pages_without_a_declaration_or_with_a_wrong_one_are_read_correctly(db_path):
    with FixtureServer(FIXTURES / "charsets") as server:
        source = {**GBK_SOURCE, "params": {**GBK_SOURCE["params"], "url": f"{server.base_url}/gg/index.html"}}
        run = crawl_once(db_path, server, source)
    assert run["ok"] == 1 and run["new"] == 2, run["error"]
    notices = texts(db_path, "cn-gbk-list")
    title, text = notices["0a1b2c3d4e5f60718293a4b5c6d7e8f9"]  # GBK, no charset anywhere
    assert title == "商务部公告2025年第30号 关于锑相关物项出口管制的公告"
    assert text == "根据《中华人民共和国出口管制法》有关规定，对锑相关物项实施出口管制。\n本公告自2025年7月1日起正式实施。"
    title, text = notices["1b2c3d4e5f60718293a4b5c6d7e8f90a"]  # GBK labelled ISO-8859-1 in header and meta
    assert text == "现将调整后的《两用物项和技术进出口许可证管理目录》予以公布，自2025年7月1日起执行。"


def test_a_per_source_encoding_overrides_what_the_server_declares(db_path):
    with FixtureServer(FIXTURES / "cn-mofcom-aqygzj") as server:
        for route in server.spec["routes"]:
            route["type"] = "text/html; charset=gbk"  # wrong: the pages are UTF-8
        source = {**server.repoint(bundled_source("cn-mofcom-aqygzj")), "delay": 0}
        assert source["params"]["encoding"] == "utf-8"
        crawl_once(db_path, server, source)
    title, text = texts(db_path, "cn-mofcom-aqygzj")["商务部公告2025年第21号"]
    assert title.startswith("商务部公告2025年第21号") and "出口管制管控名单" in text


def test_decoding_order_override_then_declaration_then_detection():
    page = "<p>两用物项出口许可证管理目录予以公布，自2025年7月1日起执行。</p>".encode("gbk")
    assert decode_html(page, None, "gbk") == page.decode("gbk")
    assert decode_html(page, "windows-1252") == page.decode("gbk")
    assert decode_html("<p>Ausfuhr – Genehmigung</p>".encode("cp1252"), "windows-1252") == "<p>Ausfuhr – Genehmigung</p>"


def test_furniture_changes_create_no_new_version(db_path, tmp_path):
    with FixtureServer(FIXTURES / "cn-mofcom-zcfb") as server:
        for route in server.spec["routes"]:
            route.pop("headers", None)  # no validators: every re-check reads the whole page
        source = {**server.repoint(bundled_source("cn-mofcom-zcfb")), "delay": 0, "recheck_hours": 0}
        first = crawl_once(db_path, server, source)
        page = (server.folder / "art-2025-18.html").read_text("utf-8")
        changed = (page.replace("浏览次数：18342", "浏览次数：18999")
                   .replace("京ICP备05004976号", "京ICP备05004976号-1 技术支持：信息化司")
                   .replace('<a href="#">微信</a>', '<a href="#">微信</a><a href="#">抖音</a>')
                   .replace('<form class="search">', '<div class="nav">新增栏目</div><form class="search">'))
        assert changed != page
        (tmp_path / "art.html").write_text(changed, "utf-8")
        server.overrides["art-2025-18.html"] = tmp_path / "art.html"
        second = crawl_once(db_path, server, source)
    assert first["new"] == 3
    assert second["ok"] == 1 and second["changed"] == 0 and second["unchanged"] == 3


def test_main_text_leaves_out_menus_footers_and_counters():
    page = (FIXTURES / "gb-ofsi" / "notice-russia.html").read_text("utf-8")
    text = html_to_text(page)
    assert text.startswith("Notice\nFinancial sanctions notice: Russia (12 June 2025)")
    for furniture in ("cookies", "Business and industry", "Is this page useful", "Open Government Licence",
                      "Print this page"):
        assert furniture not in text
