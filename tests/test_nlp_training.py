"""Corpus and training machinery: closed labels, split, reproducible training."""
from __future__ import annotations

import json
import os
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import spacy

from nlp.corpus_io import read_jsonl
from nlp.overlap import near_duplicates
from nlp.paths import corpus_files, model_key
from nlp.rules import has_measure_vocabulary
from nlp.taxonomy import DIRECTIONS, TOPICS

REPO = Path(__file__).resolve().parents[1]


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


def test_corpus_has_no_near_duplicate_of_an_evaluation_notice() -> None:
    """No evaluation set (dev, challenge, blind) has a title or a notice the corpus repeats in other words."""
    from tests.helpers import BLIND, CHALLENGE, DEV_SET, require_dev_set

    require_dev_set()
    evaluation = list(read_jsonl(DEV_SET)) + list(read_jsonl(CHALLENGE)) + list(read_jsonl(BLIND))
    found = near_duplicates(evaluation, _records())
    assert not found, "\n".join(f"{o.eval_id} ~ {o.corpus_id} ({o.field}, {o.similarity:.2f})" for o in found[:20])


def test_near_duplicate_check_catches_copies_rewrites_and_templated_titles() -> None:
    """The guard itself: a copy, the same event in other words and a template's verbatim title are caught;
    a different notice in the same register is not."""
    evaluation = [{"id": "e1", "title": "Export ban on rice lifted",
                   "text": "The Ministry of Commerce lifted the ban on exports of non-basmati white rice from 28 September 2024, "
                           "subject to a minimum export price of USD 490 per tonne, after a record kharif harvest."}]
    copy = {"id": "copy", "title": "Rice exports", "text": evaluation[0]["text"]}
    rewrite = {"id": "rewrite", "title": "India lifts its ban on white rice exports",
               "text": "From 28 September 2024 the ban on exports of non-basmati white rice is lifted; a minimum export "
                       "price of USD 490 per tonne applies after the record kharif harvest."}
    templated = {"id": "title", "title": "Export ban on rice lifted", "text": "Shipments may resume."}
    unrelated = {"id": "other", "title": "Additional duties on steel",
                 "text": "The Ministry of Finance imposes an additional duty of 25 per cent on flat-rolled steel from 1 March 2025."}
    filler = [{"id": f"f{i}", "title": f"Notice {i}", "text": f"The ministry published notice {i} on exports and imports."}
              for i in range(60)]
    for notice, field in ((copy, "notice"), (rewrite, "notice"), (templated, "title")):
        found = near_duplicates(evaluation, [notice, unrelated, *filler])
        assert [(o.corpus_id, o.field) for o in found] == [(notice["id"], field)], (notice["id"], found)


@pytest.fixture
def package_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the model's inputs (config, training code, corpus) that nlp.paths reads instead of the package."""
    import nlp.paths as paths

    package = tmp_path / "nlp"
    (package / "corpus").mkdir(parents=True)
    for name in paths._MODEL_INPUTS:
        shutil.copy(paths.PACKAGE_DIR / name, package / name)
    (package / "corpus" / "notices.jsonl").write_text('{"id": "c1"}\n', encoding="utf-8")
    monkeypatch.setattr(paths, "PACKAGE_DIR", package)
    monkeypatch.setattr(paths, "CORPUS_DIR", package / "corpus")
    monkeypatch.setenv("REGWATCH_NLP_CACHE", str(tmp_path / "cache"))
    return package


def test_model_key_tracks_corpus_and_config(package_copy: Path) -> None:
    key = model_key()
    assert re.fullmatch(r"\d+\.\d+\.\d+-[0-9a-f]{12}", key)
    corpus = package_copy / "corpus" / "notices.jsonl"
    changes = {
        "corpus": lambda: corpus.write_text('{"id": "c2"}\n', encoding="utf-8"),
        "another corpus file": lambda: (package_copy / "corpus" / "more.jsonl").write_text("{}\n", encoding="utf-8"),
        "config": lambda: (package_copy / "config.cfg").write_text("[nlp]\n", encoding="utf-8"),
        "training code": lambda: (package_copy / "train.py").write_text("# changed\n", encoding="utf-8"),
    }
    keys = {key}
    for what, change in changes.items():
        change()
        assert model_key() not in keys, f"model_key() ignores a change of the {what}"
        keys.add(model_key())
    (package_copy / "README.md").write_text("notes\n", encoding="utf-8")
    (package_copy / "corpus" / "generate.py").write_text("# generator\n", encoding="utf-8")
    assert model_key() in keys, "files the model is not trained from must not change its key"


def test_a_changed_corpus_is_trained_afresh_and_an_unchanged_one_is_reused(package_copy: Path) -> None:
    import nlp.model as model
    import nlp.paths as paths

    trained: list[Path] = []

    def fake_train(directory: Path) -> Path:
        trained.append(directory)
        for lang in ("en", "zh"):
            (directory / lang).mkdir(parents=True, exist_ok=True)
            (directory / lang / "meta.json").write_text("{}", encoding="utf-8")
        return directory

    first = model.ensure_model(fake_train)
    assert trained == [first] and first == paths.cache_root() / model_key()
    assert model.ensure_model(fake_train) == first and len(trained) == 1, "a complete build is reused"
    (first / "zh" / "meta.json").unlink()
    assert model.ensure_model(fake_train) == first and len(trained) == 2, "an incomplete build is trained again"
    (package_copy / "corpus" / "notices.jsonl").write_text('{"id": "c9"}\n', encoding="utf-8")
    second = model.ensure_model(fake_train)
    assert second != first and trained[-1] == second, "a changed corpus must not reuse the old build"


def test_prune_cache_keeps_the_newest_builds_and_the_current_one(package_copy: Path) -> None:
    import nlp.paths as paths

    root = paths.cache_root()
    builds = [root / f"0.1.0-{i:012x}" for i in range(5)]
    for age, build in enumerate(builds):
        build.mkdir(parents=True)
        os.utime(build, (1_000_000 - age * 1000, 1_000_000 - age * 1000))  # builds[0] is the newest
    current = paths.model_dir()
    current.mkdir()
    os.utime(current, (1, 1))  # the oldest of all, but in use
    other = root / "not-a-build"
    other.mkdir()
    removed = paths.prune_cache(keep=3)
    assert sorted(removed) == sorted(builds[3:])
    assert [b.exists() for b in builds] == [True, True, True, False, False]
    assert current.exists() and other.exists()


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
    monkeypatch.setattr(training, "training_files", lambda: [corpus])
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
