"""Commodity slugs from phrase patterns over the tokenised notice."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from .taxonomy import COMMODITIES, RARE_EARTH_ELEMENTS, SPECIFIC_COMMODITIES

IGNORE = "_ignore"

# A mention in a sentence that only describes other, unchanged or earlier measures
# or the reasons for a listing does not say which goods this measure covers.
_BACKGROUND_SENTENCE = re.compile(
    r"(?i)\b(?:existing|already|previously|remains?\s+in\s+place|remain\s+unchanged|continues?\s+to\s+apply|"
    r"involved\s+in|contrary\s+to|diverted?|diversion|procure(?:d|ment)?|acquir(?:e|ed|ing))\b"
    r"|此前|已于|原有|继续有效|保持不变|涉嫌|参与"
)
# A full stop ends a sentence only before a capital, a digit or the end ("U.S.-origin" does not).
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z0-9\"“(]|\s*$)|[。！？；;\n]")


@lru_cache(maxsize=1)
def load_terms() -> dict[str, dict[str, list[str]]]:
    """Slug -> {"en": [...], "zh": [...]} from commodity_terms.json."""
    raw = json.loads(resources.files(__package__).joinpath("commodity_terms.json").read_text("utf-8"))
    terms = {slug: value for slug, value in raw.items() if not slug.startswith("_") or slug == IGNORE}
    unknown = set(terms) - COMMODITIES - {IGNORE}
    if unknown:
        raise ValueError(f"commodity_terms.json has slugs outside the taxonomy: {sorted(unknown)}")
    return terms


class CommodityMatcher:
    """Finds commodity terms in a Doc and maps them to taxonomy slugs."""

    def __init__(self, nlp: Language, lang: str) -> None:
        self.lang = lang
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.slugs_by_term: dict[str, set[str]] = {}
        for slug, by_lang in load_terms().items():
            for term in by_lang.get(lang, []) + (by_lang.get("en", []) if lang == "zh" else []):
                self.slugs_by_term.setdefault(term.lower(), set()).add(slug)
        tokenizer = nlp.tokenizer
        for term in self.slugs_by_term:
            self.matcher.add(term, [tokenizer(term)])

    def __call__(self, doc: Doc, body_start: int = 0, text: str | None = None) -> list[str]:
        """Slugs named in `doc`; characters before `body_start` are the title.

        Capitalised English terms inside a run of capitalised words in the body
        ("Copper Mountain Mining", "Nickel Industries") are names, not goods.
        Pass `text` (equal to doc.text) when the caller has it: rebuilding it is slow.
        """
        spans = filter_spans(self.matcher(doc, as_spans=True))
        if not spans:
            return []
        text = doc.text if text is None else text
        found: set[str] = set()
        for span in spans:
            slugs = self.slugs_by_term.get(span.label_.lower(), set())
            if IGNORE in slugs or not slugs:
                continue
            in_body = span.start_char >= body_start
            if in_body and self.lang == "en" and _looks_like_name(doc, span.start, span.end):
                continue
            if in_body and _BACKGROUND_SENTENCE.search(_sentence_around(text, span.start_char, span.end_char)):
                continue
            found.update(slugs)
        return normalise_commodities(found)


def _looks_like_name(doc: Doc, start: int, end: int) -> bool:
    if end - start != 1:
        return False
    token = doc[start]
    if not token.is_title:
        return False
    following = doc[end] if end < len(doc) else None
    previous = doc[start - 1] if start > 0 else None
    following_title = following is not None and following.is_title and not following.is_stop
    previous_title = previous is not None and previous.is_title and not previous.is_stop
    return following_title or previous_title


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 400), start)), default=max(0, start - 400))
    right_match = _SENTENCE_END.search(text, end, end + 400)
    right = right_match.start() if right_match else min(len(text), end + 400)
    return text[left:right]


def normalise_commodities(slugs: set[str]) -> list[str]:
    """Apply the taxonomy's implications: elements imply rare_earths; dual_use only alone."""
    result = set(slugs) & COMMODITIES
    if result & set(RARE_EARTH_ELEMENTS):
        result.add("rare_earths")
    if result & (SPECIFIC_COMMODITIES):
        result.discard("dual_use")
    return sorted(result)
