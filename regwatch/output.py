"""Archived text made safe for the medium it is written to: a terminal, or a spreadsheet's CSV."""
from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, TextIO

from archive.search import flat_row

# Escape sequences whole (CSI with its parameters, OSC/DCS/APC/PM/SOS strings up to their terminator,
# two-character escapes), then any C0 control but newline and tab, DEL and the C1 controls.
_ESCAPE_SEQUENCES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]P^_X]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

#: What the CLI writes where a terminal should highlight: turned into colour by ``TerminalStream``.
HIGHLIGHT_START, HIGHLIGHT_END = "\ue000", "\ue001"
_STYLES: dict[str, str | int | None] = {HIGHLIGHT_START: "\x1b[1;33m", HIGHLIGHT_END: "\x1b[0m"}


def terminal_text(text: str) -> str:
    """TEXT without escape sequences or control characters (newlines and tabs kept)."""
    return _CONTROLS.sub("", _ESCAPE_SEQUENCES.sub("", text))


class TerminalStream:
    """A text stream that writes everything neutralised: only the CLI's own highlights become escapes."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        text = terminal_text(text)
        if HIGHLIGHT_START in text or HIGHLIGHT_END in text:
            text = text.translate(str.maketrans(_STYLES))
        return self.stream.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """VALUE as a spreadsheet will not run it: text that would start a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_search_csv(out: TextIO, results: Iterable[dict[str, Any]], **dialect: Any) -> None:
    """Search results as CSV on OUT: one flat row per notice and its snippet, every cell formula-safe."""
    writer = csv.DictWriter(out, fieldnames=[*flat_row({}).keys(), "snippet"], **dialect)
    writer.writeheader()
    for result in results:
        row = {**flat_row(result), "snippet": " ".join((result["snippet"] or "").split())}
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
