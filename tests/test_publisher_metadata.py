"""The publisher's metadata folded into a version's labels: its identifiers join ``doc_ids`` and its date of
effect, when it is a calendar date, is a relevant notice's ``effective_date``, the gist saying the same."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from archive.db import open_archive
from crawler.extract import publisher_effective_date
from nlp.gist import build_gist
from regwatch.cli import main
from regwatch.cycle import with_publisher_metadata
from tests.fixtures.crawl import bundled_source, write_config
from tests.fixtures.server import FIXTURES, FixtureServer
from tests.helpers import labels

FRAMES = [{"sentence": "", "action": "amending", "instrument": "the list of dual-use items", "direction": "tightening",
           "in_title": True}]


def classified(**values: Any) -> dict[str, Any]:
    """A label as the classifier gives it with its gist (version id 1)."""
    label = {**labels(**values), "id": 1, "frames": FRAMES}
    return {**label, "gist": build_gist(label, FRAMES, authority="European Commission", lang="en")}


def record(metadata: dict[str, str] | None) -> dict[str, Any]:
    return {"id": 1, "agency": "European Commission", "lang": "en",
            "metadata": json.dumps(metadata) if metadata is not None else None}


MEASURE = {"topics": ["export_control"], "direction": "tightening", "effective_date": "2025-06-13",
           "doc_ids": ["Commission Delegated Regulation (EU) 2025/1180"]}


@pytest.mark.parametrize(("label", "value", "day"), [
    ("Date of effect", "20/06/2025; Entry into force Date pub. +20 See Art 3", "2025-06-20"),
    ("Date of effect", "2025-06-20", "2025-06-20"),
    ("Entry into force", "20 June 2025", "2025-06-20"),
    ("施行日期", "2025年6月20日", "2025-06-20"),
])
def test_the_publishers_date_of_effect_wins_over_the_texts_and_the_gist_says_it(label, value, day):
    [folded] = with_publisher_metadata([classified(**MEASURE)], [record({"CELEX number": "32025R1180", label: value})])
    assert folded["effective_date"] == day
    assert folded["doc_ids"] == ["Commission Delegated Regulation (EU) 2025/1180", "32025R1180"]
    assert "from 20 Jun 2025" in folded["gist"]
    assert folded["gist"] == build_gist(folded, FRAMES, authority="European Commission", lang="en")


@pytest.mark.parametrize("value", ["See Art 3", "Pending", "31/02/2025", " "])
def test_a_date_of_effect_that_is_no_calendar_date_leaves_the_classifiers(value):
    label = classified(**MEASURE)
    [folded] = with_publisher_metadata([label], [record({"Date of effect": value})])
    assert folded == label  # nothing the gist says changed, so not even the gist is rebuilt


def test_the_first_date_of_effect_that_reads_as_a_date_is_taken():
    metadata = {"Entry into force": "Date pub. +20", "Date of effect": "02/07/2025", "Valid from": "03/07/2025"}
    assert publisher_effective_date(metadata) == "2025-07-02"
    [folded] = with_publisher_metadata([classified(**MEASURE)], [record(metadata)])
    assert folded["effective_date"] == "2025-07-02" and "from 2 Jul 2025" in folded["gist"]


def test_a_classifier_without_a_date_takes_the_publishers():
    [folded] = with_publisher_metadata([classified(**{**MEASURE, "effective_date": None})],
                                       [record({"Date of effect": "13/06/2025"})])
    assert folded["effective_date"] == "2025-06-13" and "from 13 Jun 2025" in folded["gist"]


def test_a_notice_that_is_no_measure_has_no_date_of_effect_whatever_the_metadata():
    """As the classifier's rule (taxonomy: the date a measure takes effect): not relevant, no effective date."""
    label = classified(topics=[], doc_ids=["C(2025) 3517"])
    [folded] = with_publisher_metadata([label], [record({"Date of effect": "13/06/2025"})])
    assert not folded["relevant"] and folded["effective_date"] is None
    assert folded["gist"].endswith("not a trade measure")


def test_a_version_without_metadata_keeps_its_labels():
    label = classified(**MEASURE)
    assert with_publisher_metadata([label], [record(None)]) == [label]


def test_a_notice_whose_text_states_no_date_takes_the_eurlex_pages_date_of_effect(tmp_path: Path):
    """End to end: the EUR-Lex fixture with the act's entry-into-force sentence left out of its text, crawled and
    classified by `regwatch run`; the page's "Date of effect" is the notice's effective date and its gist's."""
    folder = tmp_path / "eu-eurlex-ojl"
    shutil.copytree(FIXTURES / "eu-eurlex-ojl", folder)
    page = folder / "32025R1180.html"
    sentence = ("This Regulation shall enter into force on the day following that of its publication in the "
                "Official Journal of the European Union.")
    assert sentence in page.read_text("utf-8")
    page.write_text(page.read_text("utf-8").replace(sentence, ""), "utf-8")
    metadata = json.loads((folder / "fixture.json").read_text("utf-8"))["expect"]["notice"]["metadata"]
    with FixtureServer(folder) as server:
        config = write_config(tmp_path / "regwatch.toml",
                              [{**server.repoint(bundled_source("eu-eurlex-ojl")), "delay": 0}])
        assert main(["run", "--config", str(config)]) == 0
    db = open_archive(tmp_path / "archive.db")
    row = next(db.query("""SELECT v.text, c.* FROM classifications c JOIN versions v ON v.id = c.version_id
                           JOIN documents d ON d.id = v.document_id WHERE d.native_id = '32025R1180'"""))
    db.close()
    assert "enter into force" not in row["text"]
    assert metadata["Date of effect"].startswith("13/06/2025")
    assert row["relevant"] and row["effective_date"] == "2025-06-13"
    assert "from 13 Jun 2025" in row["gist"]


@pytest.mark.parametrize(("source", "day"), [
    ({"jurisdiction": "CN", "timezone": None}, "2025-06-21"),  # 07:30 on the 21st in Beijing
    ({"jurisdiction": "CN", "timezone": "UTC"}, "2025-06-20"),  # the entry's own zone wins over the jurisdiction's
    ({"jurisdiction": "US", "timezone": None}, "2025-06-20"),  # 19:30 on the 20th in Washington
])
def test_a_date_of_effect_given_as_an_instant_is_a_day_in_the_publishers_zone(source, day):
    [folded] = with_publisher_metadata([classified(**MEASURE)],
                                       [{**record({"Entry into force": "2025-06-20T23:30:00Z"}), **source}])
    assert folded["effective_date"] == day
