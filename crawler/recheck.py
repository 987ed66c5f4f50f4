"""Which known notices a run re-checks: a rolling share spread over the re-check period.

A list shows what is new; an edit in place to a notice already archived is
seen only when that notice is fetched again. Re-checking every notice when its
``recheck_hours`` fall due would re-fetch a whole back catalogue in one run (all
of it was first fetched together), so each run re-checks instead a share of the
known notices proportional to the time since the source's previous run:
``N × elapsed / period``, the longest unchecked first. Over one period every
notice comes round once, at an even pace. Notices already overdue (after an
outage, or too few for the share to reach one a run) are added, at most
``recheck_per_run`` a run, so a backlog drains without a burst (0 turns the
re-check of notices the list no longer names off). Every re-check
is a conditional request: an unchanged notice costs a 304.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime, timedelta

from archive.store import KnownDocument


def rolling_share(candidates: Iterable[KnownDocument], now: datetime, period: timedelta,
                  since_last_run: timedelta | None, overdue_per_run: int) -> list[KnownDocument]:
    """The CANDIDATES to re-check this run, longest unchecked first.

    SINCE_LAST_RUN is the time since the source's previous run (None on its
    first run: everything was just fetched). The share is ``N × since / period``
    (rounded to the nearest once it reaches one; what rounding leaves out comes due as overdue), plus up to OVERDUE_PER_RUN notices whose
    last check is a whole PERIOD old or more.
    """
    if overdue_per_run <= 0:
        return []  # ``recheck_per_run = 0``: known notices are re-checked only when their list names them
    ordered = sorted((doc for doc in candidates if doc.url), key=lambda doc: doc.last_checked or "")
    if not ordered:
        return []
    share = 0
    if since_last_run is not None and period > timedelta(0):
        exact = len(ordered) * min(since_last_run, period) / period
        share = math.floor(exact + 0.5) if exact >= 1 else 0
    overdue = sum(1 for doc in ordered if not doc.last_checked or now - datetime.fromisoformat(doc.last_checked) >= period)
    return ordered[: max(share, min(overdue, overdue_per_run))]
