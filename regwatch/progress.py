"""The crawl's progress on a terminal: one line rewritten in place, "crawled 120/5000 sources"."""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

#: Shortest pause between two rewrites of the line (the last one is always shown).
REDRAW_SECONDS = 0.5


def crawl_meter(stream: TextIO) -> Callable[[int, int], None] | None:
    """A progress callback writing (sources done, sources in all) to STREAM when it is a terminal; None under
    cron or any other non-terminal, which stays quiet."""
    if not stream.isatty():
        return None
    shown = 0.0

    def show(done: int, total: int) -> None:
        nonlocal shown
        now = time.monotonic()
        if done < total and now - shown < REDRAW_SECONDS:
            return
        shown = now
        stream.write(f"\rcrawled {done}/{total} source(s)" + ("\n" if done >= total else ""))
        stream.flush()

    return show
