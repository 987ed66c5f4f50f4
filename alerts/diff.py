"""What changed between two versions of a notice, for people rather than patch tools.

Only changed paragraphs are shown. In text, removed paragraphs start with
``- `` and added ones with ``+ ``; in HTML, words are marked inside the
paragraph (``<del>``/``<ins>`` with inline styles, since mail clients drop
stylesheets). Everything from the notice is escaped.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

# CJK characters diff one by one; other scripts by word, keeping spaces and punctuation as tokens.
_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|\w+|\s+|[^\w\s]")
INS_STYLE = "background:#d4f8d4;color:#0a5d0a;text-decoration:none"
DEL_STYLE = "background:#fbd5d5;color:#8a1010;text-decoration:line-through"


@dataclass(frozen=True)
class Change:
    """One changed stretch of paragraphs: removed ``old`` and added ``new`` (either may be empty)."""

    old: tuple[str, ...]
    new: tuple[str, ...]


def paragraph_changes(old: str, new: str) -> list[Change]:
    """The changed stretches between two texts, compared paragraph by paragraph."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    return [
        Change(tuple(old_lines[i1:i2]), tuple(new_lines[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def text_diff(old: str, new: str) -> str:
    """Changed paragraphs as ``- removed`` / ``+ added`` lines, stretches separated by ``…``."""
    blocks = []
    for change in paragraph_changes(old, new):
        lines = [f"- {line}" for line in change.old] + [f"+ {line}" for line in change.new]
        blocks.append("\n".join(lines))
    return "\n…\n".join(blocks)


def _word_diff(old: str, new: str) -> Markup:
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(Markup('<del style="{}">{}</del>').format(DEL_STYLE, "".join(a[i1:i2])))
        if j2 > j1:
            out.append(Markup('<ins style="{}">{}</ins>').format(INS_STYLE, "".join(b[j1:j2])))
    return Markup("").join(out)


def html_diff(old: str, new: str) -> Markup:
    """Changed paragraphs as HTML, with words inserted and deleted marked inline."""
    paragraphs = []
    for change in paragraph_changes(old, new):
        pairs = max(len(change.old), len(change.new))
        for index in range(pairs):
            before = change.old[index] if index < len(change.old) else ""
            after = change.new[index] if index < len(change.new) else ""
            paragraphs.append(Markup('<p style="margin:4px 0">{}</p>').format(_word_diff(before, after)))
    return Markup("\n").join(paragraphs)
