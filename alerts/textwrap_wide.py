"""Wrapping plain text by display width: an East Asian wide character takes two columns.

Lines break at spaces and between wide characters (Chinese and Japanese have no spaces between
words), never inside a run of narrow characters, so an HS code, a number or a Latin word always
stays on one line; closing punctuation stays with the character before it, opening punctuation with the one after.
"""
from __future__ import annotations

from wcwidth import width

_CLOSING = "，。、；：！？）》」』】〕〉”’,.;:!?)"
_OPENING = "（《「『【〔〈“‘("


def _tokens(line: str) -> list[str]:
    """Words and single spaces, each word cut before and after its wide characters."""
    out: list[str] = []
    for word in line.split():
        if out:
            out.append(" ")
        out.extend(_split_wide(word))
    return out


def _split_wide(token: str) -> list[str]:
    """A non-space token cut before each wide character (closing punctuation stays attached)."""
    pieces: list[str] = []
    current = ""
    for char in token:
        if current and current[-1] in _OPENING:
            pass
        elif width(char) == 2 and char not in _CLOSING and current:
            pieces.append(current)
            current = ""
        elif current and width(current[-1]) == 2 and width(char) == 1 and char not in _CLOSING:
            pieces.append(current)
            current = ""
        current += char
    if current:
        pieces.append(current)
    return pieces


def wrap_wide(line: str, columns: int, initial_indent: str = "", subsequent_indent: str = "") -> list[str]:
    """LINE wrapped to COLUMNS display columns; a token wider than a line gets a line of its own, unsplit."""
    lines: list[str] = []
    indent = initial_indent
    current, used = "", 0
    for token in _tokens(line):
        if token == " ":
            if current:
                current, used = current + " ", used + 1
            continue
        size = width(token)
        if current.strip() and len(indent) + used + size > columns:
            lines.append(indent + current.rstrip())
            indent, current, used = subsequent_indent, "", 0
        current, used = current + token, used + size
    if current.strip():
        lines.append(indent + current.rstrip())
    return lines


def display_width(text: str) -> int:
    """How many terminal columns TEXT takes."""
    return max(width(text), 0)
