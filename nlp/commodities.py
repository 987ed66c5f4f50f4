"""Commodity slugs from phrase patterns over the tokenised notice."""
from __future__ import annotations

import bisect
import json
import re
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .taxonomy import COMMODITIES, RARE_EARTH_ELEMENTS, SPECIFIC_COMMODITIES

IGNORE = "_ignore"

# A mention in a sentence that only describes other, unchanged or earlier measures
# or the reasons for a listing does not say which goods this measure covers.
# Matched on lower-cased sentences; no leading assertion, so the engine can skip ahead.
_BACKGROUND_SENTENCE = re.compile(
    r"(?:existing|already|previously|remains?\s+in\s+place|remain\s+unchanged|continues?\s+to\s+apply|"
    r"involved\s+in|contrary\s+to|diverted?|diversion|procure(?:d|ment)?|acquir(?:e|ed|ing)|"
    r"unchanged|unaffected|not\s+(?:be\s+)?(?:changed|affected))\b"
    r"|此前|已于|原有|继续有效|保持不变|涉嫌|参与|不变|不改变"
)
# A sentence ends after one of these characters, but a full stop, "!" or "?" only before
# a capital, a digit or the end ("U.S.-origin" does not). One pattern opening with the
# character class finds exactly those ends.
_SENTENCE_END = re.compile(r"[.!?。！？；;\n](?:(?<=[.!?])(?=\s+[A-Z0-9\"“(]|\s*$)|(?<![.!?]))")


# Metals named as elements: in a chain that names an alloy or compound, only the first is covered.
ELEMENT_SLUGS = frozenset(RARE_EARTH_ELEMENTS + (
    "gallium", "germanium", "antimony", "tungsten", "tellurium", "bismuth", "molybdenum", "indium", "lithium",
    "cobalt", "nickel", "copper", "aluminium",
))
_COMPOUND_WORDS_EN = frozenset(("alloy", "alloys", "compound", "compounds", "oxide", "oxides", "hydroxide", "hydroxides",
                                "precursor", "precursors"))
_COMPOUND_WORDS_ZH = ("合金", "化合物", "氧化物", "氢氧化物", "前驱体")


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
        """Slugs named in `doc` after the taxonomy's implications (see `slugs`)."""
        return normalise_commodities(self.slugs(doc, body_start, text))

    def slugs(self, doc: Doc, body_start: int = 0, text: str | None = None) -> set[str]:
        """Slugs named in `doc`; characters before `body_start` are the title.

        Capitalised English terms inside a run of capitalised words in the body
        ("Copper Mountain Mining", "Nickel Industries") are names, not goods.
        Pass `text` (equal to doc.text) when the caller has it: rebuilding it is slow.
        """
        matches = self.matcher(doc)
        if not matches:
            return set()
        text = doc.text if text is None else text
        strings = doc.vocab.strings
        found: set[str] = set()
        background: dict[tuple[int, int], bool] = {}
        sentence_ends: list[int] | None = None
        chosen = sorted(_longest_first(matches), key=lambda m: m[1])
        partners = self._alloy_partners(doc, chosen, text) if len(chosen) > 1 else set()
        # In order of position, so that the title's mentions come first: a mention whose
        # slugs are all found already cannot change the result and is not checked again.
        for match_id, start, end in chosen:
            slugs = self.slugs_by_term.get(strings[match_id], set())
            if IGNORE in slugs or not slugs or slugs <= found or start in partners:
                continue
            start_char = doc[start].idx
            if start_char >= body_start:
                if self.lang == "en" and _looks_like_name(doc, start, end):
                    continue
                if sentence_ends is None:
                    sentence_ends = _sentence_ends(text)
                bounds = _sentence_bounds(sentence_ends, len(text), start_char)
                if bounds not in background:
                    background[bounds] = bool(_BACKGROUND_SENTENCE.search(text[bounds[0]:bounds[1]].lower()))
                if background[bounds]:
                    continue
            found.update(slugs)
        return found


    def _alloy_partners(self, doc: Doc, chosen: list[tuple[int, int, int]], text: str) -> set[int]:
        """Token starts of the elements that only alloy or compound the first one of a chain.

        "samarium-aluminium alloy", 钐铝合金: the measure covers the samarium alloy, not
        aluminium. A chain is two or more element names, joined by hyphens in English and
        written together in Chinese, followed by a word for an alloy or compound.
        """
        strings = doc.vocab.strings
        partners: set[int] = set()
        chain: list[tuple[int, int]] = []
        for match_id, start, end in chosen + [(0, -1, -1)]:
            is_element = start >= 0 and self.slugs_by_term.get(strings[match_id], set()) <= ELEMENT_SLUGS
            if is_element and chain and self._joined(doc, chain[-1][1], start):
                chain.append((start, end))
                continue
            if len(chain) > 1 and self._names_compound(doc, chain[-1][1], text):
                partners.update(first for first, _ in chain[1:])
            chain = [(start, end)] if is_element else []
        return partners

    def _joined(self, doc: Doc, previous_end: int, start: int) -> bool:
        if self.lang == "zh":
            return start == previous_end
        return start == previous_end + 1 and doc[previous_end].text == "-" and not doc[previous_end - 1].whitespace_

    def _names_compound(self, doc: Doc, end: int, text: str) -> bool:
        if end >= len(doc):
            return False
        if self.lang == "zh":
            return text.startswith(_COMPOUND_WORDS_ZH, doc[end].idx)
        return doc[end].lower_ in _COMPOUND_WORDS_EN


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


def _longest_first(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Non-overlapping matches, preferring the longest (as spacy.util.filter_spans)."""
    chosen: list[tuple[int, int, int]] = []
    taken: set[int] = set()
    for match in sorted(matches, key=lambda m: (m[1] - m[2], m[1])):
        if not taken.intersection(range(match[1], match[2])):
            chosen.append(match)
            taken.update(range(match[1], match[2]))
    return chosen


def _sentence_ends(text: str) -> list[int]:
    """Offsets just past each sentence-ending character, in order."""
    return [match.end() for match in _SENTENCE_END.finditer(text)]


def _sentence_bounds(ends: list[int], length: int, position: int) -> tuple[int, int]:
    """(start, end) of the sentence holding `position`, at most 400 characters either side."""
    index = bisect.bisect_right(ends, position)
    left = ends[index - 1] if index else 0
    right = ends[index] - 1 if index < len(ends) else length
    return max(left, position - 400), min(right, position + 400)


def normalise_commodities(slugs: set[str]) -> list[str]:
    """Apply the taxonomy's implications: elements imply rare_earths; dual_use only alone."""
    result = set(slugs) & COMMODITIES
    if result & set(RARE_EARTH_ELEMENTS):
        result.add("rare_earths")
    if result & (SPECIFIC_COMMODITIES):
        result.discard("dual_use")
    return sorted(result)
