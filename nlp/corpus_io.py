"""Reading labelled notices (corpus and evaluation files) and turning them into spaCy examples."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import DocBin

from .lang import normalise_language
from .taxonomy import DIRECTIONS, TOPICS


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Rows of a JSONL file, skipping blank lines."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


# The title states the measure most plainly; the pipeline reads it this many times.
TITLE_WEIGHT = 2
TITLE_SEPARATOR = "\n\n"
# The text categorisers read only the head of a notice. The measure is stated in the
# title and the opening (a Federal Register summary, an announcement's first
# articles); a bag-of-words score grows with length, so pages of boilerplate below
# would otherwise outweigh it.
HEAD_CHARS = 1_800


def model_text(title: str, body: str, limit: int | None = HEAD_CHARS) -> str:
    """The text the pipeline sees: the title TITLE_WEIGHT times, then the body, cut at `limit`."""
    text = f"{title}{TITLE_SEPARATOR}" * TITLE_WEIGHT + body if title else body
    return text if limit is None else text[:limit]


def notice_text(record: dict[str, Any]) -> str:
    """model_text() of a labelled record, exactly as Classifier builds it."""
    return model_text(str(record.get("title") or "").strip(), str(record.get("text") or "").strip())


def record_language(record: dict[str, Any]) -> str:
    return normalise_language(record.get("lang"), notice_text(record))


def cats_for(gold: dict[str, Any]) -> dict[str, float]:
    """Category targets: every topic is known; direction only for relevant notices."""
    topics = set(gold.get("topics") or [])
    cats = {topic: float(topic in topics) for topic in TOPICS}
    if topics and gold.get("direction") in DIRECTIONS:
        cats.update({direction: float(direction == gold["direction"]) for direction in DIRECTIONS})
    return cats


def is_held_out(record: dict[str, Any], share: int = 10) -> bool:
    """Deterministic 1-in-`share` split used as spaCy's training dev set."""
    return int(hashlib.sha1(str(record["id"]).encode()).hexdigest(), 16) % share == 0


def write_docbin(nlp: Language, records: Iterable[dict[str, Any]], path: Path) -> int:
    """Serialise labelled records into a DocBin for `spacy train`; returns the count."""
    docbin = DocBin(store_user_data=False)
    count = 0
    for record in records:
        doc = nlp.make_doc(notice_text(record))
        doc.cats = cats_for(record["gold"])
        docbin.add(doc)
        count += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    docbin.to_disk(path)
    return count
