"""Short openings of a notice's text for lists and emails: after its title, cut between words, marked when cut."""
from __future__ import annotations

import unicodedata

ELLIPSIS = "…"


def _joined(left: str, right: str) -> bool:
    """Whether a cut between LEFT and RIGHT would split a word: both letters or digits, neither a wide
    (Chinese, Japanese) character, which stands on its own."""
    def narrow_word(char: str) -> bool:
        return char.isalnum() and unicodedata.east_asian_width(char) not in ("W", "F")

    return narrow_word(left) and narrow_word(right)


def excerpt(text: str, title: str = "", limit: int = 320, *, complete: bool = True) -> str:
    """The first LIMIT characters of TEXT after its TITLE, on one line, cut between words with an ellipsis.

    COMPLETE is False when TEXT is itself only the start of the notice, so even a short result is marked as cut.
    """
    flat = " ".join(text.split())
    heading = " ".join(title.split())
    if heading and flat.startswith(heading) and flat[len(heading):].strip():
        flat = flat[len(heading):].lstrip(" :-–—|·")
    if len(flat) <= limit:
        return flat if complete or not flat else flat.rstrip(" ,;:") + ELLIPSIS
    end = limit
    while end > limit // 2 and _joined(flat[end - 1], flat[end]):
        end -= 1
    if end <= limit // 2:
        end = limit  # one very long token: cut it rather than show nothing
    return flat[:end].rstrip(" ,;:") + ELLIPSIS


def without_heading(snippet: str, title: str, marks: tuple[str, str] = ("", "")) -> str:
    """SNIPPET (which may hold highlight MARKS) without the TITLE it opens with; as it is when it does not."""
    heading = " ".join(title.split())
    if not heading:
        return snippet
    at, matched = 0, 0
    while matched < len(heading) and at < len(snippet):
        mark = next((m for m in marks if m and snippet.startswith(m, at)), None)
        if mark:
            at += len(mark)
        elif snippet[at].isspace() and heading[matched] == " ":
            while at < len(snippet) and snippet[at].isspace():
                at += 1
            matched += 1
        elif snippet[at] == heading[matched]:
            at, matched = at + 1, matched + 1
        else:
            return snippet
    if matched < len(heading):
        return snippet
    if marks[1] and snippet.startswith(marks[1], at):
        at += len(marks[1])
    rest = snippet[at:].lstrip(" \t\r\n:-–—|·")
    return rest if rest.strip(ELLIPSIS + " ") else snippet
