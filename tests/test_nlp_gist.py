"""The English gist: one line from a notice's facts, stored with its classification, shown first by show and search."""
from __future__ import annotations

import json

import pytest

from archive.db import open_archive
from archive.search import search
from archive.store import save_classifications
from nlp import load_classifier
from nlp.gist import build_gist, english_doc_id
from nlp.taxonomy import OUTPUT_KEYS
from regwatch.history import notice_history, print_notice
from tests.helpers import build_sample_archive, document_id, labels, regwatch


@pytest.fixture(scope="module")
def classifier():
    return load_classifier()


@pytest.mark.parametrize(("chinese", "english"), [
    ("商务部 海关总署公告2026年第41号", "MOFCOM/GACC Announcement 2026 No. 41"),
    ("商务部公告2025年第9号", "MOFCOM Announcement 2025 No. 9"),
    ("税委会〔2026〕7号", "SCTC 2026 No. 7"),
    ("外交部令第3号", "MFA Order No. 3"),
    ("Notice to exporters 2026/30", "Notice to exporters 2026/30"),
])
def test_chinese_document_ids_are_written_in_english(chinese: str, english: str) -> None:
    assert english_doc_id(chinese) == english


def test_the_gist_reads_the_facts_in_order() -> None:
    facts = labels(topics=["export_control"], direction="tightening", commodities=["antimony", "rare_earths"],
                   hs_codes=["8110101000", "8110102000", "2825800000", "8110200000"], eccns=["1C999"],
                   effective_date="2026-12-15", doc_ids=["商务部 海关总署公告2026年第70号"])
    frames = [{"sentence": "…", "action": "实施", "instrument": "出口管制", "direction": "tightening", "in_title": True}]
    assert build_gist(facts, frames, authority="MOFCOM", lang="zh") == (
        "MOFCOM/GACC Announcement 2026 No. 70 — imposes export controls on antimony, rare earths "
        "(HS 8110101000, 8110102000, 2825800000 and 1 more; ECCN 1C999), from 15 Dec 2026 — tightening")
    removal = [{"sentence": "…", "action": "removes", "instrument": "Entity List", "direction": "easing",
                "in_title": True}]
    assert build_gist(labels(topics=["export_control"], direction="easing"), removal, authority="BIS") == (
        "BIS — removes from the Entity List — easing")
    assert build_gist(labels(relevant=False), [], authority="DBT") == "DBT — not a trade measure"
    # without a frame the topics say what kind of measure it is
    assert build_gist(labels(topics=["tariff"], direction="easing", effective_date="2027-01-01")) == (
        "Notice — tariff measure, from 1 Jan 2027 — easing")


def test_classify_gives_the_gist_only_when_asked_and_never_translates(classifier) -> None:
    records = [
        {"id": "zh", "lang": "zh", "agency": "MOFCOM", "published": "2026-10-09",
         "title": "商务部公告2026年第88号 关于将部分外国实体移出出口管制管控名单的公告",
         "text": "根据《中华人民共和国出口管制法》有关规定，商务部决定将3家外国实体移出出口管制管控名单。本公告自公布之日起施行。"},
        {"id": "en", "lang": "en", "agency": "ECJU", "published": "2026-09-01",
         "title": "Notice to exporters 2026/31: export licence requirement lifted for civil drone parts",
         "text": "The export licence requirement for civil drone parts is lifted from 1 October 2026."},
    ]
    plain = classifier.classify(records)
    assert [list(label) for label in plain] == [list(OUTPUT_KEYS)] * 2
    zh, en = classifier.classify(records, gist=True)
    assert zh["gist"] == ("MOFCOM Announcement 2026 No. 88 — removes from the export control list, "
                          "from 9 Oct 2026 — easing")
    assert en["gist"] == ("ECJU Notice to exporters 2026/31 — lifts export licence requirement on drones, "
                          "from 1 Oct 2026 — easing")
    assert zh["frames"][0]["in_title"] and zh["frames"][0]["direction"] == "easing"
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in label["gist"]) for label in (zh, en))


def test_regwatch_classify_adds_only_gist_with_the_flag() -> None:
    line = json.dumps({"id": "a", "title": "Export ban on scrap copper lifted",
                       "text": "The temporary export ban on copper scrap is lifted from 1 May 2026."}) + "\n"
    plain = regwatch("classify", stdin=line)
    assert plain.returncode == 0, plain.stderr
    assert list(json.loads(plain.stdout)) == list(OUTPUT_KEYS)
    with_gist = regwatch("classify", "--gist", stdin=line)
    assert list(json.loads(with_gist.stdout)) == [*OUTPUT_KEYS, "gist"]


def test_the_gist_and_frames_are_stored_and_shown_first(db_path, classifier) -> None:
    db = build_sample_archive(db_path)
    doc = document_id(db, "nte-2024-05")
    version = db.execute("SELECT current_version_id FROM documents WHERE id = ?", [doc]).fetchone()[0]
    [label] = classifier.classify([{"id": version, "lang": "en", "agency": "ECJU",
                                    "title": "Notice to exporters 2024/05: export ban on germanium wafers lifted",
                                    "text": "The export ban on germanium wafers is lifted."}], gist=True)
    save_classifications(db, [label], "test")
    record = notice_history(db, doc)
    assert record["gist"] == label["gist"] and record["frames"] == label["frames"]
    lines: list[str] = []
    print_notice(record, out=lines.append)
    assert lines[0] == label["gist"]
    assert any(line.startswith("    frame: ") and "lifted" in line for line in lines)
    [result] = [r for r in search(db, "germanium") if r["id"] == doc]
    assert result["gist"] == label["gist"]
    reopened = open_archive(db_path)  # the migration is applied once and keeps what was stored
    assert reopened.execute("SELECT gist FROM classifications WHERE version_id = ?", [version]).fetchone()[0]
