"""Near-duplicate notices between an evaluation set and the training corpus.

Two notices are compared as sets of character shingles (5-grams of the casefolded,
NFKC-normalised text with runs of whitespace collapsed), by Jaccard similarity:

- titles on their own, so that a title a corpus template writes out verbatim is caught
  even when the body differs;
- title and text together, without the shingles that occur in more than
  ``BOILERPLATE_SHARE`` of the corpus notices (the furniture of a register: "Having
  regard to the Treaty", 根据《中华人民共和国…》; counted among the corpus notices of the
  same language), so that what is left is what a notice
  says about its own event. The same event written twice in other words shares its
  names, figures and phrases there; notices that only share a register do not.

The thresholds were set from the similarity of every evaluation notice (40 dev, 115
challenge) with every corpus notice, about 295,000 pairs. Before the corpus was cleaned,
the same events rewritten in other words (METI's 23 semiconductor items 0.22, the UK
steel safeguard extension 0.19, AUKUS licence-free trade 0.19) and corpus templates that
copied a bulletin's formula (0.19-0.36) stood out from a bulk where 99.9 % of pairs stay
below 0.08; after it, no pair reaches 0.18 (the highest is 0.175). Copied titles scored
1.0; titles that are not copies stay below 0.8 (99.9 % below 0.36).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

SHINGLE = 5
TITLE_THRESHOLD = 0.8
NOTICE_THRESHOLD = 0.18
BOILERPLATE_SHARE = 0.02
BOILERPLATE_FLOOR = 10  # in a small corpus, a phrase of a few notices is not yet a register


class Overlap(NamedTuple):
    """One near-duplicate pair: the evaluation notice, the corpus notice, what matched and how much."""

    eval_id: str
    corpus_id: str
    field: str  # "title" or "notice" (title and text)
    similarity: float


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    """The character `size`-grams of `text`, casefolded with whitespace runs collapsed."""
    norm = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()
    if len(norm) <= size:
        return {norm} if norm else set()
    return {norm[i:i + size] for i in range(len(norm) - size + 1)}


def _notice(row: dict[str, Any]) -> str:
    return f"{row.get('title') or ''}\n{row.get('text') or ''}"


def _similar(queries: list[set[str]], targets: list[set[str]], threshold: float) -> Iterable[tuple[int, int, float]]:
    """(query index, target index, Jaccard) of every pair at or above `threshold`, via an inverted index."""
    index: dict[str, list[int]] = defaultdict(list)
    for j, target in enumerate(targets):
        for gram in target:
            index[gram].append(j)
    for i, query in enumerate(queries):
        shared = Counter(j for gram in query for j in index.get(gram, ()))
        for j, count in shared.items():
            similarity = count / (len(query) + len(targets[j]) - count)
            if similarity >= threshold:
                yield i, j, similarity


def register_shingles(rows: Sequence[dict[str, Any]], sets: Sequence[set[str]]) -> set[str]:
    """The shingles shared by more than BOILERPLATE_SHARE of the notices of one language: a register's furniture."""
    boilerplate: set[str] = set()
    for lang in {r.get("lang") for r in rows}:
        of_lang = [grams for grams, r in zip(sets, rows, strict=True) if r.get("lang") == lang]
        frequency = Counter(gram for grams in of_lang for gram in grams)
        boilerplate |= {gram for gram, count in frequency.items()
                        if count > max(BOILERPLATE_FLOOR, BOILERPLATE_SHARE * len(of_lang))}
    return boilerplate


def near_duplicates(evaluation: Sequence[dict[str, Any]], corpus: Sequence[dict[str, Any]],
                    title_threshold: float = TITLE_THRESHOLD, notice_threshold: float = NOTICE_THRESHOLD) -> list[Overlap]:
    """Every (evaluation notice, corpus notice) pair whose titles or whose whole notices are near-duplicates."""
    found: list[Overlap] = []
    titles = _similar([shingles(r.get("title") or "") for r in evaluation],
                      [shingles(r.get("title") or "") for r in corpus], title_threshold)
    found += [Overlap(str(evaluation[i]["id"]), str(corpus[j]["id"]), "title", s) for i, j, s in titles]
    corpus_sets = [shingles(_notice(r)) for r in corpus]
    boilerplate = register_shingles(corpus, corpus_sets)
    notices = _similar([shingles(_notice(r)) - boilerplate for r in evaluation],
                       [grams - boilerplate for grams in corpus_sets], notice_threshold)
    found += [Overlap(str(evaluation[i]["id"]), str(corpus[j]["id"]), "notice", s) for i, j, s in notices]
    return sorted(found, key=lambda o: -o.similarity)
