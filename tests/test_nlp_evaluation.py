"""The evaluation's honesty: intervals, events kept together, a direction confusion matrix, rule literals audited."""
from __future__ import annotations

import ast
import json
from pathlib import Path

from nlp.eval.audit_literals import fragments, rule_literals, suspects
from nlp.evaluate import format_report, score
from nlp.splits import event_groups, grouped_split
from nlp.stats import bootstrap_f1, wilson
from tests.helpers import CHALLENGE, DEV_SET, REPO, require_dev_set

REVIEWED = REPO / "nlp/eval/reviewed_literals.tsv"


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_wilson_interval_matches_the_formula() -> None:
    low, high = wilson(77, 82)
    assert (round(low, 3), round(high, 3)) == (0.865, 0.974)
    assert wilson(0, 0) == (0.0, 1.0)
    low, high = wilson(10, 10)
    assert round(high, 9) == 1.0 and 0.69 < low < 0.73


def test_bootstrap_draws_an_event_as_one() -> None:
    counts = [(1, 0, 0)] * 16 + [(0, 1, 1)] * 4
    separate = bootstrap_f1(counts)
    # the misses are two events written twice each: they come and go together, so the spread is wider
    together = bootstrap_f1(counts, groups=[*range(16), 16, 16, 17, 17])
    assert separate == bootstrap_f1(counts)  # seeded: the same interval every time
    assert separate[0] <= 0.8 <= separate[1]
    assert together[1] - together[0] > separate[1] - separate[0]


def _notice(id_: str, title: str, text: str) -> dict:
    return {"id": id_, "lang": "en", "title": title, "text": text}


def test_the_same_event_in_other_words_is_one_group_and_stays_on_one_side() -> None:
    event = ("The Bureau adds Quantix Photonics of Shenzhen, Helio-Arc Devices and Norrland Ferrites to the "
             "Entity List for supplying gallium nitride wafers to the Meridian drone programme.")
    rows = [
        _notice("a", "Additions to the Entity List", event),
        _notice("b", "Entity List: three additions",
                "Three firms, Quantix Photonics of Shenzhen, Helio-Arc Devices and Norrland Ferrites, are added to the "
                "Entity List for supplying gallium nitride wafers to the Meridian drone programme."),
        _notice("c", "Steel safeguard extended", "The safeguard on hot-rolled coil from all origins is extended by "
                                                 "two years on the advice of the Trade Remedies Authority."),
    ]
    groups = event_groups(rows)
    assert groups[0] == groups[1] != groups[2]
    train, test = grouped_split(rows, lambda row: row["id"] == "a")
    assert [r["id"] for r in test] == ["a", "b"] and [r["id"] for r in train] == ["c"]


def test_report_gives_counts_intervals_and_a_direction_confusion_matrix() -> None:
    gold = [{"id": i, "gold": {"relevant": True, "topics": ["export_controls"], "direction": d}}
            for i, d in enumerate(["tightening", "tightening", "easing", "procedural"])]
    gold.append({"id": 9, "gold": {"relevant": False, "topics": [], "direction": None}})
    predictions = [{"id": 0, "relevant": True, "topics": ["export_controls"], "direction": "tightening"},
                   {"id": 1, "relevant": True, "topics": ["export_controls"], "direction": "easing"},
                   {"id": 2, "relevant": False, "topics": [], "direction": None},
                   {"id": 3, "relevant": True, "topics": ["export_controls"], "direction": "procedural"},
                   {"id": 9, "relevant": False, "topics": [], "direction": None}]
    metrics = score(gold, predictions)
    assert metrics["direction"]["right"] == 2 and metrics["direction"]["n"] == 4
    assert metrics["direction"]["confusion"]["tightening"] == {"tightening": 1, "easing": 1, "procedural": 0, "none": 0}
    assert metrics["direction"]["confusion"]["easing"]["none"] == 1
    report = format_report(metrics)
    assert "accuracy=0.500 [0.150, 0.850]  (2/4 relevant documents)" in report
    assert "direction confusion" in report
    assert "F1=0.857 [" in report and "(tp=3 fp=0 fn=1)" in report


def test_patterns_are_spelled_into_their_phrases() -> None:
    assert {"export licence", "export licences", "export license"} <= fragments(r"\bexport\s+licen[cs]es?\b")
    assert "removal from" in fragments(r"remov(?:al|ed)\s+from")
    assert not any(f.isdigit() for f in fragments(r"No\.\s*\d{4}"))


def test_audit_finds_a_literal_only_one_evaluation_notice_explains() -> None:
    evaluation = [_notice("e1", "Quarterly licence statistics", "The zorblatt protocol ends."),
                  _notice("e2", "Ban", "Exports of zinc are banned.")]
    corpus = [_notice("c1", "Ban on exports", "Exports of copper are banned from today.")]
    found = suspects(evaluation, corpus, [("rules.py", "zorblatt protocol"), ("rules.py", "banned"),
                                          ("rules.py", "licence statistics")])
    assert [(s.literal, s.notice_id) for s in found] == [("zorblatt protocol", "e1"), ("licence statistics", "e1")]


def test_no_rule_literal_rests_on_one_evaluation_notice_unreviewed() -> None:
    """Every literal the audit flags was reviewed (nlp/README.md, "An honest evaluation"); a new one fails here."""
    require_dev_set()
    reviewed = {(source, ast.literal_eval(literal))
                for source, literal, _ in (line.split("\t") for line in REVIEWED.read_text(encoding="utf-8").splitlines())}
    corpus = _rows(REPO / "nlp/corpus/notices.jsonl")
    found = {(s.source, s.literal) for s in suspects(_rows(CHALLENGE) + _rows(DEV_SET), corpus, list(rule_literals()))}
    assert found <= reviewed, sorted(found - reviewed)
