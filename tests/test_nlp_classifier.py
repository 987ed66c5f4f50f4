"""The classifier's contract: keys, closed label sets, order, and dev-set quality."""
from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest

from nlp import load_classifier
from nlp.evaluate import evaluate, format_report
from nlp.taxonomy import COMMODITIES, DIRECTIONS, OUTPUT_KEYS, TOPICS
from tests.helpers import DEV_SET, require_dev_set

SAMPLES: list[dict[str, Any]] = [
    {"id": "a", "lang": "en", "published": "2024-09-06", "title": "Export controls on quantum computers",
     "text": "The Bureau of Industry and Security adds ECCN 4A906 for quantum computers. A licence is required for exports "
             "to all destinations. This rule is effective September 6, 2024. 89 FR 72926."},
    {"id": "b", "published": "2023-07-03", "title": "商务部 海关总署公告2023年第23号 关于对镓、锗相关物项实施出口管制的公告",
     "text": "根据《中华人民共和国出口管制法》，经国务院批准，决定对镓、锗相关物项实施出口管制。未经许可，不得出口。"
             "出口经营者应当向商务部申请许可，税则号列 2805301000。本公告自2023年8月1日起正式实施。"},
    {"id": 3, "title": "Trade ministers meet in Osaka", "text": "Ministers discussed supply chains and economic security. No measures were announced."},
    {"id": "d", "title": "", "text": ""},
    {"id": "e", "title": "Exports of steel rose 4% in May", "text": "Customs statistics show steel exports rose by 4 percent."},
]


@pytest.fixture(scope="module")
def classifier():
    return load_classifier()


def test_load_classifier_is_cached_and_versioned(classifier) -> None:
    assert load_classifier() is classifier
    assert re.fullmatch(r"regwatch-nlp \d+\.\d+\.\d+\+[0-9a-f]{10}", classifier.version)


def test_pipelines_are_trained(classifier) -> None:
    for lang in ("en", "zh"):
        assert classifier.is_trained(lang), lang


def test_output_keys_and_closed_label_sets(classifier) -> None:
    results = classifier.classify(SAMPLES)
    assert [r["id"] for r in results] == [s["id"] for s in SAMPLES]
    for result in results:
        assert tuple(result) == OUTPUT_KEYS
        assert isinstance(result["relevant"], bool)
        assert result["relevant"] == bool(result["topics"])
        assert set(result["topics"]) <= set(TOPICS)
        assert set(result["commodities"]) <= COMMODITIES
        for key in ("topics", "commodities", "hs_codes", "eccns", "doc_ids"):
            assert isinstance(result[key], list)
            assert result[key] == sorted(set(result[key])), key
        assert all(code.isdigit() for code in result["hs_codes"])
        if result["relevant"]:
            assert result["direction"] in DIRECTIONS
        else:
            assert result["direction"] is None
            assert result["commodities"] == [] and result["effective_date"] is None
        if result["effective_date"] is not None:
            dt.date.fromisoformat(result["effective_date"])


def test_sample_labels(classifier) -> None:
    a, b, meeting, empty, stats = classifier.classify(SAMPLES)
    assert a["relevant"] and "export_control" in a["topics"] and a["direction"] == "tightening"
    assert a["eccns"] == ["4A906"] and a["commodities"] == ["quantum"] and a["effective_date"] == "2024-09-06"
    assert a["doc_ids"] == ["89 FR 72926"]
    assert b["relevant"] and {"export_control", "licensing"} <= set(b["topics"]) and b["direction"] == "tightening"
    assert b["commodities"] == ["gallium", "germanium"] and b["hs_codes"] == ["2805301000"]
    assert b["effective_date"] == "2023-08-01" and b["doc_ids"] == ["商务部 海关总署公告2023年第23号"]
    for news in (meeting, empty, stats):
        assert not news["relevant"] and news["topics"] == []


def test_classify_accepts_generators_and_empty_input(classifier) -> None:
    assert classifier.classify([]) == []
    assert len(classifier.classify(iter(SAMPLES))) == len(SAMPLES)


THRESHOLDS = {
    ("relevant", "f1"): 0.95, ("topics", "f1"): 0.90, ("direction", "accuracy"): 0.85, ("commodities", "f1"): 0.95,
    ("hs_codes", "f1"): 0.95, ("eccns", "f1"): 0.95, ("effective_date", "accuracy"): 0.90,
}


def test_dev_set_meets_thresholds(classifier) -> None:
    require_dev_set()
    metrics = evaluate(DEV_SET, classifier)
    report = format_report(metrics)
    below = [f"{key} {measure}={metrics[key][measure]:.3f} < {floor}"
             for (key, measure), floor in THRESHOLDS.items() if metrics[key][measure] < floor]
    assert not below, "\n".join(below) + "\n" + report


def test_dev_set_predictions_are_deterministic(classifier) -> None:
    require_dev_set()
    rows = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert classifier.classify(rows) == classifier.classify(list(reversed(rows)))[::-1]


def test_very_long_notice_is_classified(classifier) -> None:
    # ~1.3M characters of words the corpus never uses: length alone must not matter,
    # spaCy's 1M-character limit must not be hit, and codes at the very end still count.
    filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 23_000
    record = {"id": "long", "lang": "en", "published": "2024-01-02", "title": "Additional tariff on steel products",
              "text": "An additional duty of 25 percent applies to steel products from 1 March 2024. " + filler
              + " Goods under HS code 7208.10 are covered."}
    result = classifier.classify([record])[0]
    assert result["relevant"] and "tariff" in result["topics"]
    assert result["hs_codes"] == ["720810"]


def test_dev_set_survives_page_boilerplate(classifier) -> None:
    """Footers and legal boilerplate below the notice must not change what it announces."""
    require_dev_set()
    rows = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    footer = {
        "en": "\n\nFederalism: this action has no substantial direct effects on the States. Information collection burdens "
              "are estimated at thirty minutes per response. Send comments regarding this estimate to the agency. "
              "Printed page references follow. Accessibility statement. Privacy notice. Cookie settings.",
        "zh": "\n\n附件：相关清单（略）\n联系电话：010-12345678\n本页面仅供参考，以正式文本为准。网站地图 | 联系我们 | 版权声明",
    }
    padded = [dict(row, text=row["text"] + footer[row["lang"]] * 2) for row in rows]
    from nlp.evaluate import score

    metrics = score(rows, classifier.classify(padded))
    assert metrics["relevant"]["f1"] >= 0.9, format_report(metrics)
    assert metrics["topics"]["f1"] >= 0.85, format_report(metrics)


def _corpus_texts(lang: str, limit: int) -> list[str]:
    from nlp.corpus_io import notice_text, read_jsonl
    from nlp.paths import corpus_files

    rows = [r for path in corpus_files() for r in read_jsonl(path) if r["lang"] == lang]
    # Short and long notices, and one of a single token.
    step = max(1, len(rows) // limit)  # spread over the corpus: measures and hard negatives
    return [notice_text(r) for r in rows[::step][:limit]] + (["Tariff"] if lang == "en" else ["关"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_shared_ngram_features_equal_spacys(classifier, lang: str) -> None:
    """The categorisers' shared n-gram extraction returns exactly spaCy's arrays, batch after batch."""
    from spacy.ml.extract_ngrams import forward as spacy_forward

    from nlp.features import SharedNgramFeatures

    nlp = classifier.pipelines[lang]
    layers = [layer for name in ("topics", "direction") for layer in nlp.get_pipe(name).model.walk()
              if layer.name == "extract_ngrams"]
    assert len(layers) == 2 and all(isinstance(layer._func, SharedNgramFeatures) for layer in layers)
    assert layers[0].attrs["ngram_size"] != layers[1].attrs["ngram_size"]
    docs = [nlp.make_doc(text) for text in _corpus_texts(lang, 300)]
    shared = SharedNgramFeatures()
    for start in range(0, len(docs), 64):
        batch = docs[start:start + 64]
        for layer in layers:  # the second layer reuses the first one's work on the same batch
            expected, _ = spacy_forward(layer, batch, False)
            got, _ = shared(layer, batch, False)
            for want, have in zip(expected, got, strict=True):
                assert have.dtype == want.dtype and have.shape == want.shape
                assert (have == want).all()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_categories_equal_those_of_a_plain_pipeline(classifier, lang: str) -> None:
    """doc.cats from the classifier's pipelines equal those of the same pipeline loaded afresh."""
    import spacy

    from nlp.model import ensure_model
    from nlp.train import train

    plain = spacy.load(ensure_model(train) / lang)
    texts = _corpus_texts(lang, 400)
    nlp = classifier.pipelines[lang]
    shared = next(layer._func for layer in nlp.get_pipe("topics").model.walk() if layer.name == "extract_ngrams")
    shared.clear()
    fast = [doc.cats for doc in nlp.pipe(texts, batch_size=100)]
    assert shared._last is not None, "the pipeline did not go through the shared extraction"
    shared.clear()
    assert fast == [doc.cats for doc in plain.pipe(texts, batch_size=100)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_direction_scored_where_topics_make_a_notice_relevant(classifier, lang: str) -> None:
    """The classifier's own batching gives the plain pipeline's scores, and the doc, wherever _label reads them."""
    import spacy

    from nlp.classifier import TOPIC_THRESHOLD, Classifier
    from nlp.model import ensure_model
    from nlp.train import train

    plain = spacy.load(ensure_model(train) / lang)
    texts = _corpus_texts(lang, 400)
    relevant = 0
    nlp = classifier.pipelines[lang]
    for (cats, doc), slow in zip(Classifier._categorised(nlp, iter(texts)), plain.pipe(texts), strict=True):
        assert {t: cats[t] for t in TOPICS} == {t: slow.cats[t] for t in TOPICS}
        if any(slow.cats[t] >= TOPIC_THRESHOLD for t in TOPICS):
            relevant += 1
            assert {d: cats[d] for d in DIRECTIONS} == {d: slow.cats[d] for d in DIRECTIONS}
            assert doc is not None and doc.text == slow.text and doc.cats is cats
        else:
            assert doc is None and not set(DIRECTIONS) & set(cats)
    assert 0 < relevant < len(texts)
