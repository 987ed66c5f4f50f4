"""Finding plain literals in text, the cheap first step of several extractors."""
from __future__ import annotations


def literal_spans(text: str, literals: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of every literal, overlapping ones included, literal by literal."""
    spans = []
    for literal in literals:
        at = text.find(literal)
        while at != -1:
            spans.append((at, at + len(literal)))
            at = text.find(literal, at + 1)
    return spans
