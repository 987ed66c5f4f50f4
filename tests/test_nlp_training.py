"""Corpus and training machinery: closed labels, split, reproducible training."""
from __future__ import annotations

import json
from collections import Counter

import spacy

from nlp.corpus_io import cats_for, is_held_out, read_jsonl
from nlp.model import corpus_files, model_key
from nlp.rules import has_measure_vocabulary
from nlp.taxonomy import DIRECTIONS, TOPICS


def _records() -> list[dict]:
    return [record for path in corpus_files() for record in read_jsonl(path)]


def test_corpus_size_and_coverage() -> None:
    records = _records()
    assert len(records) >= 400
    langs = Counter(r["lang"] for r in records)
    assert langs["en"] >= 150 and langs["zh"] >= 100
    topics = Counter(t for r in records for t in r["gold"]["topics"])
    directions = Counter(r["gold"]["direction"] for r in records)
    assert all(topics[t] >= 30 for t in TOPICS), topics
    assert all(directions[d] >= 30 for d in DIRECTIONS), directions
    negatives = sum(not r["gold"]["relevant"] for r in records)
    assert negatives >= 0.25 * len(records)
    assert len({r["jurisdiction"] for r in records}) >= 10


def test_corpus_labels_are_closed_and_consistent() -> None:
    ids = set()
    for record in _records():
        gold = record["gold"]
        assert record["id"] not in ids
        ids.add(record["id"])
        assert set(gold["topics"]) <= set(TOPICS)
        assert gold["relevant"] == bool(gold["topics"])
        assert (gold["direction"] in DIRECTIONS) if gold["relevant"] else gold["direction"] is None
        assert record["text"].strip() and record["title"].strip()


def test_corpus_is_not_copied_from_the_dev_set() -> None:
    from tests.helpers import DEV_SET

    if not DEV_SET.exists():
        return
    dev_sentences = {s.strip() for row in read_jsonl(DEV_SET) for s in row["text"].replace("。", ".").split(".") if len(s.strip()) > 40}
    corpus_text = "\n".join(r["text"].replace("。", ".") for r in _records())
    copied = [s for s in dev_sentences if s in corpus_text]
    assert not copied, copied[:3]


def test_cats_mask_direction_for_irrelevant_notices() -> None:
    assert cats_for({"topics": [], "direction": None}) == {t: 0.0 for t in TOPICS}
    cats = cats_for({"topics": ["tariff"], "direction": "easing"})
    assert cats["tariff"] == 1.0 and cats["easing"] == 1.0 and cats["tightening"] == 0.0


def test_held_out_split_is_stable() -> None:
    records = _records()
    held = [r["id"] for r in records if is_held_out(r)]
    assert 0.05 * len(records) < len(held) < 0.2 * len(records)
    assert held == [r["id"] for r in records if is_held_out(r)]


def test_model_key_tracks_corpus_and_config() -> None:
    key = model_key()
    assert key == model_key() and key.startswith("0.")


def test_relevance_gate() -> None:
    assert not has_measure_vocabulary("The minister opened a new factory and praised local workers.")
    assert has_measure_vocabulary("Exports of coal are banned.")
    assert has_measure_vocabulary("对原产于美国的进口商品加征关税")
    assert not has_measure_vocabulary("第八届中国国际进口博览会在上海开幕")


def test_training_is_reproducible(tmp_path, monkeypatch) -> None:
    """Train twice on a small slice with the same seed; the models must score identically."""
    import nlp.train as training

    records = _records()
    small = [r for r in records if r["lang"] == "en"][:60] + [r for r in records if r["lang"] == "zh"][:40]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in small), encoding="utf-8")
    monkeypatch.setattr(training, "corpus_files", lambda: [corpus])
    first = training.train(tmp_path / "one", seed=3)
    second = training.train(tmp_path / "two", seed=3)
    text = "Commerce adds twelve entities to the Entity List; a licence is required."
    scores = [spacy.load(path / "en")(text).cats for path in (first, second)]
    assert scores[0] == scores[1]
    assert set(scores[0]) == set(TOPICS) | set(DIRECTIONS)


def test_direction_cues() -> None:
    from nlp.rules import direction_cue_scores

    easing = direction_cue_scores("Export ban on rice lifted", "Exporters may resume shipments without a licence.")
    assert max(easing, key=easing.get) == "easing"
    tight = direction_cue_scores("Additional duties imposed on steel", "A surtax of 25 per cent applies.")
    assert max(tight, key=tight.get) == "tightening"
    procedural = direction_cue_scores("Licence applications move online", "Use the new portal and the revised form; the scope is unchanged.")
    assert max(procedural, key=procedural.get) == "procedural"
    zh = direction_cue_scores("关于暂停实施有关出口管制措施的公告", "决定暂停实施，移出管控名单。", "zh")
    assert max(zh, key=zh.get) == "easing"
    assert direction_cue_scores("Weather report", "Sunny.") == {"easing": 0.0, "tightening": 0.0, "procedural": 0.0}
    # "urban" and "bank" are not "ban"
    assert direction_cue_scores("Urban banks", "Bankers met.")["tightening"] == 0.0


def test_licence_requirement_implies_licensing() -> None:
    from nlp.rules import implied_topics

    text = "Exports of these items to all destinations now require an export licence."
    assert implied_topics(["export_control"], text) == ["export_control", "licensing"]
    assert implied_topics(["export_control"], "Exports of coal are banned until March.") == ["export_control"]
    assert implied_topics(["sanctions"], text) == ["sanctions"]
    assert implied_topics(["export_control"], "未经许可，不得出口。") == ["export_control", "licensing"]


def test_entity_listing_implies_sanctions() -> None:
    from nlp.rules import implied_topics

    assert implied_topics(["export_control"], "The rule adds 140 entries to the Entity List.") == ["export_control", "sanctions"]
    assert implied_topics(["export_control", "licensing"], "决定将12家美国实体列入出口管制管控名单。") == [
        "export_control", "licensing", "sanctions"]
    assert implied_topics(["tariff"], "The duty applies to listed goods.") == ["tariff"]
    assert implied_topics([], "The rule adds 140 entries to the Entity List.") == []
