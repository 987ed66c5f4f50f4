"""One taxonomy: the label sets every stage uses are the ones ../shared/taxonomy.md defines."""
from __future__ import annotations

import re
from pathlib import Path

import nlp.taxonomy
from archive import taxonomy
from tests.helpers import require

TAXONOMY_MD = Path(__file__).resolve().parents[2] / "shared" / "taxonomy.md"


def _slugs(section: str) -> list[str]:
    return re.findall(r"`([a-z_]+)`", section)


def test_the_label_sets_are_the_documented_ones():
    require(TAXONOMY_MD.exists(), f"the taxonomy at {TAXONOMY_MD} (check out shared/ beside the repository)")
    text = TAXONOMY_MD.read_text("utf-8")
    keys = re.findall(r"^\| `([a-z_]+)` \|", text.split("## Topics")[0], re.M)
    assert tuple(keys) == taxonomy.KEYS
    topics = re.findall(r"^\| `([a-z_]+)` \|", text.split("## Topics")[1].split("## Direction")[0], re.M)
    assert tuple(topics) == taxonomy.TOPICS
    directions = re.findall(r"^- `([a-z_]+)`:", text.split("## Direction")[1], re.M)
    assert tuple(directions) == taxonomy.DIRECTIONS
    commodities = _slugs(text.split("## Commodity slugs")[1].split("## Conventions")[0])
    assert set(commodities) == set(taxonomy.COMMODITIES) and len(commodities) == len(taxonomy.COMMODITIES)


def test_the_classifier_uses_the_archive_sets_not_copies():
    assert nlp.taxonomy.TOPICS is taxonomy.TOPICS and nlp.taxonomy.DIRECTIONS is taxonomy.DIRECTIONS
    assert nlp.taxonomy.COMMODITIES == frozenset(taxonomy.COMMODITIES)
    assert nlp.taxonomy.OUTPUT_KEYS == ("id", *taxonomy.KEYS)


def test_every_label_has_an_english_and_a_chinese_display_name():
    labels = (*taxonomy.TOPICS, *taxonomy.DIRECTIONS, *taxonomy.COMMODITIES)
    assert set(taxonomy.DISPLAY_NAMES) == set(labels)
    for slug in labels:
        english, chinese = taxonomy.DISPLAY_NAMES[slug]
        assert "_" not in english and english.strip() == english and chinese
    assert taxonomy.display_names(["export_control", "rare_earths"]) == "Export control, Rare earths"
    assert taxonomy.display_name("gallium", "zh") == "镓"
