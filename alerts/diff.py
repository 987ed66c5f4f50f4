"""What changed between two versions of a notice, for people rather than patch tools.

Only changed paragraphs are shown. In text, removed paragraphs start with
``- `` and added ones with ``+ ``; in HTML, words are marked inside the
paragraph (``<del>``/``<ins>`` with inline styles, since mail clients drop
stylesheets). Everything from the notice is escaped.

The work is bounded: each diff may compare at most ``WORK_BUDGET`` pairs of
elements (``SequenceMatcher`` is quadratic on long runs of repeated tokens,
such as the spaces of one long paragraph). Past it, paragraphs are shown
whole rather than word by word (or the changed stretch whole rather than
paragraph by paragraph), with a line saying so.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# CJK characters diff one by one; other scripts by word, keeping spaces and punctuation as tokens.
_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|\w+|\s+|[^\w\s]")
INS_STYLE = "background:#d4f8d4;color:#0a5d0a;text-decoration:none"
DEL_STYLE = "background:#fbd5d5;color:#8a1010;text-decoration:line-through"


#: Element comparisons one diff may spend (about a second of work); beyond it the diff is coarser, never slower.
WORK_BUDGET = 5_000_000
TOO_LONG_FOR_PARAGRAPHS = "(the changes are too extensive to compare paragraph by paragraph: the changed part is shown whole)"
TOO_LONG_FOR_WORDS = "(too long to compare word by word: the paragraph is shown whole)"


@dataclass(frozen=True)
class Change:
    """One changed stretch of paragraphs: removed ``old`` and added ``new`` (either may be empty).

    ``whole`` marks a stretch that was too large to compare paragraph by paragraph."""

    old: tuple[str, ...]
    new: tuple[str, ...]
    whole: bool = False


class _OverBudget(Exception):
    pass


class _Budget:
    """What is left of a diff's ``WORK_BUDGET``."""

    def __init__(self, total: int = WORK_BUDGET) -> None:
        self.left = total


class _BoundedMatcher(difflib.SequenceMatcher[str]):
    """A SequenceMatcher that counts the element pairs it compares and stops when its budget is spent."""

    # set by SequenceMatcher itself; typeshed does not declare them
    a: Sequence[str]
    b2j: dict[str, list[int]]

    def __init__(self, a, b, budget: _Budget) -> None:
        self.budget = budget
        super().__init__(a=a, b=b, autojunk=False)

    def find_longest_match(self, alo=0, ahi=None, blo=0, bhi=None):
        ahi = len(self.a) if ahi is None else ahi
        # the inner loop of the search visits every position in b of every element of a[alo:ahi]
        cost = sum(len(self.b2j.get(x, ())) for x in self.a[alo:ahi]) + (ahi - alo)
        if cost > self.budget.left:
            raise _OverBudget
        self.budget.left -= cost
        return super().find_longest_match(alo, ahi, blo, bhi)


def _opcodes(a, b, budget: _Budget) -> Sequence[tuple[str, int, int, int, int]] | None:
    """SequenceMatcher's opcodes for A and B, or None when they cost more than what is left of BUDGET.

    When the whole is too costly, the stretch between the common start and the common end is tried alone
    (one amended place in a long paragraph still gets its words marked)."""
    try:
        return _BoundedMatcher(a, b, budget).get_opcodes()
    except _OverBudget:
        pass
    start, end = _common_ends(a, b)
    if start == 0 and end == 0:
        return None
    try:
        middle = _BoundedMatcher(a[start:len(a) - end], b[start:len(b) - end], budget).get_opcodes()
    except _OverBudget:
        return None
    shifted = [(tag, i1 + start, i2 + start, j1 + start, j2 + start) for tag, i1, i2, j1, j2 in middle]
    head = [("equal", 0, start, 0, start)] if start else []
    tail = [("equal", len(a) - end, len(a), len(b) - end, len(b))] if end else []
    return [opcode for opcode in head + shifted + tail if opcode[2] > opcode[1] or opcode[4] > opcode[3]]


def _common_ends(a, b) -> tuple[int, int]:
    """How many elements A and B share at their start, and then at their end."""
    start, shortest = 0, min(len(a), len(b))
    while start < shortest and a[start] == b[start]:
        start += 1
    end = 0
    while end < shortest - start and a[len(a) - 1 - end] == b[len(b) - 1 - end]:
        end += 1
    return start, end


def paragraph_changes(old: str, new: str, budget: _Budget | None = None) -> list[Change]:
    """The changed stretches between two texts, compared paragraph by paragraph."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    opcodes = _opcodes(old_lines, new_lines, budget or _Budget())
    if opcodes is None:
        # one stretch from the first paragraph that differs to the last one that does
        start, end = _common_ends(old_lines, new_lines)
        return [Change(tuple(old_lines[start:len(old_lines) - end]), tuple(new_lines[start:len(new_lines) - end]),
                       whole=True)]
    return [
        Change(tuple(old_lines[i1:i2]), tuple(new_lines[j1:j2]))
        for tag, i1, i2, j1, j2 in opcodes
        if tag != "equal"
    ]


def text_diff(old: str, new: str) -> str:
    """Changed paragraphs as ``- removed`` / ``+ added`` lines, stretches separated by ``…``."""
    blocks = []
    for change in paragraph_changes(old, new):
        lines = [f"- {line}" for line in change.old] + [f"+ {line}" for line in change.new]
        if change.whole:
            lines.insert(0, TOO_LONG_FOR_PARAGRAPHS)
        blocks.append("\n".join(lines))
    return "\n…\n".join(blocks)


def _deleted(text: str) -> Markup:
    return Markup('<del style="{}">{}</del>').format(DEL_STYLE, text)


def _inserted(text: str) -> Markup:
    return Markup('<ins style="{}">{}</ins>').format(INS_STYLE, text)


def _word_diff(old: str, new: str, budget: _Budget) -> Markup | None:
    """OLD and NEW with the words removed and added marked; None when that would cost more than BUDGET has."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    opcodes = _opcodes(a, b, budget)
    if opcodes is None:
        return None
    out: list[str] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(_deleted("".join(a[i1:i2])))
        if j2 > j1:
            out.append(_inserted("".join(b[j1:j2])))
    return Markup("").join(out)


def html_diff(old: str, new: str) -> Markup:
    """Changed paragraphs as HTML, with words inserted and deleted marked inline."""
    budget = _Budget()
    paragraphs = []
    note = Markup('<p style="margin:4px 0;color:#666666"><em>{}</em></p>')
    for change in paragraph_changes(old, new, budget):
        if change.whole:
            paragraphs.append(note.format(TOO_LONG_FOR_PARAGRAPHS))
        pairs = max(len(change.old), len(change.new))
        for index in range(pairs):
            before = change.old[index] if index < len(change.old) else ""
            after = change.new[index] if index < len(change.new) else ""
            marked = None if change.whole else _word_diff(before, after, budget)
            if marked is None:
                if not change.whole:
                    paragraphs.append(note.format(TOO_LONG_FOR_WORDS))
                marked = Markup("").join([_deleted(before)] * bool(before) + [_inserted(after)] * bool(after))
            paragraphs.append(Markup('<p style="margin:4px 0">{}</p>').format(marked))
    return Markup("\n").join(paragraphs)
