"""Snippets and excerpts: after the title, cut between words, with an ellipsis when cut."""
from __future__ import annotations

import re

from archive.excerpt import excerpt, without_heading
from archive.search import search
from archive.store import record_fetch
from tests.helpers import build_sample_archive

TITLE = "Notice to exporters 2026/22: Russia sanctions"
TEXT = TITLE + "\n\nThe export of machine tools under commodity codes 8457100000 and 845811 to Russia is prohibited " * 6


def test_an_excerpt_skips_the_title_and_ends_on_a_whole_word_with_an_ellipsis():
    for limit in range(40, 200, 7):
        cut = excerpt(TEXT, TITLE, limit)
        assert not cut.startswith("Notice") and cut.startswith("The export")
        assert cut.endswith("…") and len(cut) <= limit + 1
        last = cut[:-1].split()[-1]
        assert last in TEXT.split(), (limit, cut)  # a whole word (or number), never a piece of one
    assert excerpt("Short text.", "") == "Short text."
    assert excerpt("Short text", "", complete=False) == "Short text…"
    chinese = "商务部公告 " + "对镓、锗相关物项实施出口管制，海关商品编号2825600001。" * 10
    cut = excerpt(chinese, "商务部公告", 50)
    number = re.search(r"(\d+)…$", cut)
    assert cut.endswith("…") and (number is None or number.group(1) == "2825600001")


def test_a_snippet_does_not_repeat_the_title_it_opens_with():
    marks = ("[", "]")
    assert without_heading("Export [controls] on gallium\nThe ministry decided", "Export controls on gallium",
                           marks) == "The ministry decided"
    assert without_heading("…the ministry decided on [gallium]", "Export controls on gallium", marks) \
        == "…the ministry decided on [gallium]"


def test_search_results_open_after_the_title_and_are_cut_between_words(db_path):
    db = build_sample_archive(db_path)
    # as many sites publish it: the text opens with the title, then runs on
    record_fetch(db, source_id="gb-ecju", native_id="nte-2026-22", url=None, title=TITLE, text=TEXT,
                 published="2026-11-24")
    texts = {row["id"]: row["text"] for row in db.query(
        "SELECT d.id, v.text FROM documents d JOIN versions v ON v.id = d.current_version_id")}
    for query in (None, "graphite", "licence", "exporters", "Russia"):
        results = search(db, query, highlight=("[", "]"))
        assert results
        for result in results:
            plain = result["snippet"].replace("[", "").replace("]", "")
            title = " ".join(result["title"].split())
            assert not plain.startswith(title), (query, plain)
            if query is None and plain.endswith("…"):
                words = " ".join(texts[result["id"]].split())
                assert plain[:-1].rstrip() in words
                assert plain[:-1].split()[-1] in words.split()  # a whole word
