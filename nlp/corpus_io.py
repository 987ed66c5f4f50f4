"""Reading labelled notices (corpus and evaluation files) and turning them into spaCy examples."""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import DocBin

from .lang import normalise_language
from .rules import has_measure_vocabulary
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
# The text categorisers read only the operative part of a notice. The measure is
# stated in the title and the sentences that say what is done (a Federal Register
# summary, an announcement's articles); a bag-of-words score drifts with length, so
# pages of boilerplate below, or the list of goods an announcement annexes, would
# otherwise outweigh them. They read the head of the body, up to HEAD_CHARS with the
# title, without its list lines (see `is_list_line`).
HEAD_CHARS = 1_800

# A goods code in a line: a run of six or more digits, or a dotted heading (8505.11, 2805.30.00).
_CODE_IN_LINE = re.compile(r"\d{6}|\d{4}\.\d{2}")


def is_list_line(line: str) -> bool:
    """True for an item of a list or table of goods: a line that holds a goods code and
    says nothing about a measure (no control, licence, sanction or tariff word).

    Numbered lines without a code are kept: in announcements they are the articles
    that say what is done ("1. Items ... shall not be exported without permission").
    """
    return bool(_CODE_IN_LINE.search(line)) and not has_measure_vocabulary(line)


def operative_body(body: str, limit: int | None) -> tuple[str, str]:
    """(what the categorisers read of `body`, the rest): the body's lines in order, up to
    `limit` characters, without its list lines, which go to the rest with what follows."""
    if limit is None:
        limit = len(body)
    # Without a line break or a code before the cut, no list line is left out before it.
    if "\n" not in body[:limit] or not _CODE_IN_LINE.search(body, 0, limit):
        return body[:limit], body[limit:]
    kept: list[str] = []
    dropped: list[str] = []
    used = 0
    position = 0
    while position < len(body) and used < limit:
        end = body.find("\n", position)
        end = len(body) if end == -1 else end
        line = body[position:end]
        if line.strip() and is_list_line(line):
            dropped.append(line)
        else:
            kept.append(line)
            used += len(line) + 1
        position = end + 1
    head = "\n".join(kept)[:limit]
    rest = "\n".join(kept)[limit:]
    tail = body[position:] if position < len(body) else ""
    return head, "\n".join(part for part in (rest, *dropped, tail) if part)


def model_text(title: str, body: str, limit: int | None = HEAD_CHARS) -> str:
    """The text the pipeline sees: the title TITLE_WEIGHT times, then the operative body, cut at `limit`."""
    return model_text_and_rest(title, body, limit)[0]


def model_text_and_rest(title: str, body: str, limit: int | None = HEAD_CHARS) -> tuple[str, str]:
    """model_text(), and the text of the body it leaves out (list lines and what lies past `limit`)."""
    head = f"{title}{TITLE_SEPARATOR}" * TITLE_WEIGHT if title else ""
    if limit is not None and len(head) >= limit:
        return head[:limit], body
    text, rest = operative_body(body, None if limit is None else limit - len(head))
    return head + text, rest


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
    """Deterministic 1-in-`share` split used as spaCy's training dev set; a person's correction always trains."""
    if record.get("kind") == "correction":
        return False
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
