"""Corrections that teach: recorded in the archive, winning over the model at once and after reclassification,
alerted once when a notice becomes relevant, and learnt by the next training."""
from __future__ import annotations

import email
import json
from email import policy
from pathlib import Path

import pytest
import sqlite_utils

from alerts.delivery import send_pending
from alerts.matching import queue_matches, sync_subscriptions
from alerts.prepare import prepare_deliveries
from archive import corrections
from archive.db import open_archive
from archive.filters import Filters
from archive.search import search
from archive.store import record_fetch, save_classifications, upsert_source
from nlp.classifier import Classifier
from nlp.corpus_io import read_jsonl
from nlp.model import load_pipelines
from regwatch import cli
from regwatch.config import load_config
from regwatch.cycle import classify_pending, reclassify_archive
from regwatch.history import notice_history, print_notice
from tests.helpers import labels

# Written for this test: a measure (restrictive measures that refuse timber at the border) that the model
# reads as not relevant; its vocabulary passes the relevance gate, so a model can learn it.
TITLE = "Timber from Myanmar"
TEXT = "Timber and timber products originating in Myanmar will be refused at the border as part of restrictive " \
       "measures from 1 March 2027."


def test_a_correction_is_applied_in_order_and_keeps_relevance_with_topics() -> None:
    model = labels(relevant=False, topics=[], direction=None)
    made = corrections.apply_all(model, [{"relevant": True, "add_topics": ["sanctions"], "direction": "tightening"},
                                         {"add_topics": ["tariff"], "remove_topics": ["sanctions"]}])
    assert made["relevant"] and made["topics"] == ["tariff"] and made["direction"] == "tightening"
    dropped = corrections.apply(made, {"relevant": False})
    assert not dropped["relevant"] and dropped["topics"] == [] and dropped["direction"] is None
    with pytest.raises(corrections.CorrectionError, match="direction must be one of"):
        corrections.validate({"direction": "looser"})
    with pytest.raises(corrections.CorrectionError, match="unknown topic embargo"):
        corrections.validate({"add_topics": ["embargo"]})
    with pytest.raises(corrections.CorrectionError, match="not YYYY-MM-DD"):
        corrections.validate({"effective_date": "1 March"})


def test_the_publishers_ids_join_the_stored_labels_but_not_the_gold_the_model_is_scored_on(tmp_path: Path) -> None:
    from regwatch.corrections import correct

    db = open_archive(tmp_path / "archive.db")
    upsert_source(db, {"id": "gb-ecju", "family": "feed", "jurisdiction": "GB", "agency": "ECJU", "language": "en"})
    record_fetch(db, source_id="gb-ecju", native_id="nte-2025-09", url=None,
                 title="Notice to exporters 2025/09: timber from Myanmar", text=TEXT, published="2026-11-20",
                 metadata={"Notice number": "Notice to exporters 2025/09", "Document number": "DBT-2025-0917",
                           "Published": "20 November 2026"})
    assert classify_pending(db) == 1
    stored = json.loads(db.execute("SELECT doc_ids FROM classifications").fetchone()[0])
    assert stored == ["Notice to exporters 2025/09", "DBT-2025-0917"]  # the title's id once, then the publisher's
    document_id = db.execute("SELECT id FROM documents").fetchone()[0]
    correct(db, document_id, "ana", {"add_topics": ["sanctions"]})
    [row] = corrections.corrected_notices(db)
    assert row["gold"]["doc_ids"] == ["Notice to exporters 2025/09"]  # the text cannot give the other


@pytest.fixture
def archive_config(tmp_path: Path, mail) -> tuple[sqlite_utils.Database, Path, int]:
    db_path = tmp_path / "archive.db"
    db = open_archive(db_path)
    upsert_source(db, {"id": "gb-ecju", "family": "feed", "name": "GOV.UK: Export Control Joint Unit",
                       "jurisdiction": "GB", "agency": "ECJU", "language": "en"})
    db.execute("UPDATE sources SET baseline_version_id = 0")  # an established source: its notices are new
    record_fetch(db, source_id="gb-ecju", native_id="myanmar-timber", url=None, title=TITLE, text=TEXT,
                 published="2026-11-20")
    document_id = db.execute("SELECT id FROM documents WHERE native_id = 'myanmar-timber'").fetchone()[0]
    config = tmp_path / "regwatch.toml"
    config.write_text(f"""
db = "{db_path}"
[smtp]
host = "127.0.0.1"
port = {mail.port}
sender = "regwatch <alerts@example.org>"
[[subscribers]]
id = "sanctions"
email = "legal@example.com"
mode = "immediate"
[subscribers.filters]
topics = ["sanctions"]
""", encoding="utf-8")
    sync_subscriptions(db, [{"id": "sanctions", "email": "legal@example.com", "mode": "immediate",
                             "filters": {"topics": ["sanctions"]}}])
    return db, config, document_id


def _deliver(db: sqlite_utils.Database, config: Path) -> None:
    settings = load_config(config)
    queue_matches(db)
    prepare_deliveries(db)
    send_pending(db, settings.smtp)


def test_correct_search_alert_once_retrain_and_the_model_agrees(archive_config, mail, tmp_path, monkeypatch) -> None:
    db, config, document_id = archive_config
    assert classify_pending(db) == 1
    _deliver(db, config)
    assert not search(db, None, Filters(topics=["sanctions"]))  # the model: not sanctions
    assert mail.messages() == []

    assert cli.main(["nlp", "correct", str(document_id), "--relevant", "yes", "--add-topic", "sanctions",
                     "--remove-topic", "tariff", "--direction", "tightening", "--by", "analyst@example.com",
                     "--config", str(config)]) == 0
    [made] = corrections.of_notice(db, document_id)
    assert made["who"] == "analyst@example.com" and made["at"].startswith("2026-11-25")
    assert made["changes"] == {"relevant": True, "add_topics": ["sanctions"], "remove_topics": ["tariff"],
                               "direction": "tightening"}
    shown: list[str] = []
    print_notice(notice_history(db, document_id), out=shown.append)
    assert any(line.startswith("    corrected by analyst@example.com at 2026-11-25") for line in shown)
    # wins at once: search, its facets and the gist
    [found] = search(db, None, Filters(topics=["sanctions"], directions=["tightening"]))
    assert found["id"] == document_id and found["gist"].endswith("— tightening")

    _deliver(db, config)
    _deliver(db, config)  # a second cycle (and a second correction) sends nothing more
    assert cli.main(["nlp", "correct", str(document_id), "--add-topic", "sanctions", "--by", "analyst",
                     "--config", str(config)]) == 0
    _deliver(db, config)
    sent = mail.messages()
    assert len(sent) == 1
    body = email.message_from_bytes(sent[0].read_bytes(), policy=policy.default).get_body(("plain",)).get_content()
    assert TITLE in body and "— tightening" in body

    # survives reclassification by another model version
    db.execute("UPDATE classifications SET model_version = 'an older model'")
    assert reclassify_archive(db) == 1
    [again] = search(db, None, Filters(topics=["sanctions"]))
    assert again["classification"]["direction"] == "tightening"

    # the current model disagrees on the corrected notice; nlp evaluate --corrections says so
    monkeypatch.setenv("REGWATCH_NLP_CACHE", str(tmp_path / "nlp-cache"))
    from regwatch.corrections import evaluate_corrections
    assert evaluate_corrections(db)["topics"]["fn"] == 1  # sanctions

    # retrain on a slice of the corpus (for speed) and the corrections: the new model agrees
    import nlp.paths as model
    corpus = [r for path in model.corpus_files() for r in read_jsonl(path)]
    small = tmp_path / "small.jsonl"
    small.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in
                             [r for r in corpus if r["lang"] == "en"][:150] + [r for r in corpus if r["lang"] == "zh"][:30]),
                     encoding="utf-8")
    monkeypatch.setattr(model, "corpus_files", lambda: [small])
    assert cli.main(["nlp", "train", "--config", str(config), "--output", str(tmp_path / "model")]) == 0
    exported = list(read_jsonl(model.corrections_file()))
    assert [(r["title"], r["gold"]["topics"]) for r in exported] == [(TITLE, ["sanctions"])]
    retrained = Classifier(load_pipelines(tmp_path / "model"), "retrained")
    [label] = retrained.classify([{"id": 1, "title": TITLE, "text": TEXT, "lang": "en", "published": "2026-11-20"}])
    assert label["relevant"] and "sanctions" in label["topics"]


def test_a_correction_that_adds_a_topic_to_a_relevant_notice_alerts_the_subscriptions_it_now_meets_once(
        archive_config, mail) -> None:
    """The model found a measure but not that it is sanctions: once corrected, the sanctions subscription gets it,
    once, like a new notice."""
    db, config, document_id = archive_config
    version_id = db.execute("SELECT current_version_id FROM documents WHERE id = ?", [document_id]).fetchone()[0]
    save_classifications(db, [{**labels(relevant=True, topics=["tariff"], direction="tightening"), "id": version_id}],
                         "a model")
    _deliver(db, config)
    assert mail.messages() == []  # the subscription is for sanctions
    assert cli.main(["nlp", "correct", str(document_id), "--add-topic", "sanctions", "--by", "analyst",
                     "--config", str(config)]) == 0
    _deliver(db, config)
    assert cli.main(["nlp", "correct", str(document_id), "--direction", "tightening", "--by", "analyst",
                     "--config", str(config)]) == 0  # labels unchanged: nothing to match again
    _deliver(db, config)
    assert len(mail.messages()) == 1
