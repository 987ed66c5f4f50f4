"""Generality: the classifier on the challenge set, notices written in the register of real bulletins.

`nlp/eval/challenge.jsonl` is never trained on. Its floors sit a little below the
scores the classifier reaches today, so a change that makes it fit its own corpus
better but real-world notices worse fails here even when the dev set still passes.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp import load_classifier
from nlp.evaluate import evaluate, format_report
from nlp.taxonomy import COMMODITIES, DIRECTIONS, TOPICS
from tests.helpers import CHALLENGE, DEV_SET, require_dev_set

GOLD_KEYS = {"relevant", "topics", "direction", "commodities", "hs_codes", "eccns", "effective_date", "doc_ids"}

# Measured with the corpus and rules of this commit, minus a margin of two or three
# notices per key (nlp/README.md, "Generality", has the figures and the command).
FLOORS = {
    ("relevant", "f1"): 0.95, ("topics", "f1"): 0.93, ("direction", "accuracy"): 0.85, ("commodities", "f1"): 0.89,
    ("hs_codes", "f1"): 0.95, ("eccns", "f1"): 0.95, ("effective_date", "accuracy"): 0.88, ("doc_ids", "f1"): 0.96,
}


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _sentences(rows: list[dict]) -> set[str]:
    return {s.strip() for row in rows for s in row["text"].replace("。", ".").split(".") if len(s.strip()) > 40}


def _joined(rows: list[dict]) -> str:
    return "\n".join(row["text"].replace("。", ".") for row in rows)


@pytest.fixture(scope="module")
def classifier():
    return load_classifier()


def test_challenge_set_is_well_formed() -> None:
    rows = _rows(CHALLENGE)
    assert len(rows) >= 100
    assert len({row["id"] for row in rows}) == len(rows)
    for row in rows:
        assert {"id", "lang", "jurisdiction", "source", "title", "published", "text", "gold"} <= set(row), row["id"]
        gold = row["gold"]
        assert set(gold) == GOLD_KEYS, row["id"]
        assert gold["relevant"] == bool(gold["topics"]), row["id"]
        assert set(gold["topics"]) <= set(TOPICS), row["id"]
        assert (gold["direction"] in DIRECTIONS) if gold["relevant"] else gold["direction"] is None, row["id"]
        assert set(gold["commodities"]) <= COMMODITIES, row["id"]
        assert all(code.isdigit() for code in gold["hs_codes"]), row["id"]


def test_challenge_set_shares_no_sentence_with_dev_set() -> None:
    """The two evaluation sets stay apart (the corpus is kept apart from both by
    test_nlp_training.test_corpus_has_no_near_duplicate_of_an_evaluation_notice)."""
    require_dev_set()
    challenge, dev = _rows(CHALLENGE), _rows(DEV_SET)
    copied = [s for s in _sentences(challenge) if s in _joined(dev)] + [s for s in _sentences(dev) if s in _joined(challenge)]
    assert not copied, copied[:3]


def test_challenge_set_scores_stay_above_floors(classifier) -> None:
    metrics = evaluate(CHALLENGE, classifier)
    below = [f"{key} {measure}={metrics[key][measure]:.3f} < {floor}"
             for (key, measure), floor in FLOORS.items() if metrics[key][measure] < floor]
    assert not below, "\n".join(below) + "\n" + format_report(metrics)


# Phrasings of real bulletins that the challenge set showed the extractors missing.

@pytest.mark.parametrize(("text", "published", "expected"), [
    ("The higher rate applies to goods entered for consumption on or after 12:01 a.m. eastern standard time on March 4, 2025.",
     "2025-03-01", "2025-03-04"),
    ("This notification shall come into force on the 1st day of October, 2023.", "2023-09-28", "2023-10-01"),
    ("The amended schedule applies from today.", "2024-05-02", "2024-05-02"),
    ("The order will be promulgated on May 2 and will come into force on May 20, 2024.", "2024-04-26", "2024-05-20"),
    ("自本公告公布之日起，上述措施停止执行。", "2025-03-03", "2025-03-03"),
    ("附件所列商品，自2024年9月17日至2025年2月28日，继续不加征相关关税。", "2024-09-13", "2024-09-17"),
])
def test_effective_date_phrasings(text: str, published: str, expected: str) -> None:
    from nlp.dates import extract_effective_date

    assert extract_effective_date(text, published) == expected


def test_hs_code_cues_in_mofcom_and_taiwan_notices() -> None:
    from nlp.codes import extract_hs_codes

    assert extract_hs_codes("该产品归在《中华人民共和国进出口税则》：29051200。") == ["29051200"]
    assert extract_hs_codes("上開貨物稅則號別為7219.33.00、7219.34.00。") == ["72193300", "72193400"]


def test_document_identifier_formats() -> None:
    from nlp.doc_ids import extract_doc_ids

    assert extract_doc_ids("Anti-Dumping Notice No. 2023/041: aluminium extrusions", "Notice under section 269ZHG.") == [
        "Anti-Dumping Notice No. 2023/041"]
    assert extract_doc_ids("General licence issued", "OFSI has issued General Licence INT/2023/3340456 today.") == ["INT/2023/3340456"]
    assert extract_doc_ids("CSMS # 61234567 - Entry guidance", "Filers should follow this message.") == ["CSMS # 61234567"]
    cited = extract_doc_ids("商务部公告2025年第9号 关于暂停实施商务部公告2024年第3号的公告", "现将有关事项公告如下。")
    assert cited == ["商务部公告2025年第9号"]


def test_gate_knows_anti_subsidy_and_traditional_script() -> None:
    from nlp.rules import has_measure_vocabulary

    assert has_measure_vocabulary("Imports of e-bikes are made subject to registration in the anti-subsidy proceeding.")
    assert has_measure_vocabulary("財政部決定對上開貨物課徵反傾銷稅。")
