"""Events: notices that report the same announcement, in the same or other words, kept on one side of a split.

Two notices of one set belong to the same event when their titles or their whole
notices are near-duplicates by `overlap`'s measure (character shingles, Jaccard, the
register's furniture left out); events are the connected groups of such pairs. A
held-out split moves whole events, and the evaluation's bootstrap resamples events,
so one announcement written twice never counts as two independent draws.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .overlap import NOTICE_THRESHOLD, TITLE_THRESHOLD, _notice, _similar, register_shingles, shingles


def event_groups(rows: Sequence[dict[str, Any]], title_threshold: float = TITLE_THRESHOLD,
                 notice_threshold: float = NOTICE_THRESHOLD) -> list[int]:
    """The event of each row, as the index of the event's first row."""
    parent = list(range(len(rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    titles = [shingles(r.get("title") or "") for r in rows]
    for i, j, _ in _similar(titles, titles, title_threshold):
        if i != j and titles[i]:
            join(i, j)
    notices = [shingles(_notice(r)) for r in rows]
    boilerplate = register_shingles(rows, notices)
    kept = [grams - boilerplate for grams in notices]
    for i, j, _ in _similar(kept, kept, notice_threshold):
        if i != j and kept[i]:
            join(i, j)
    return [root(i) for i in range(len(rows))]


def grouped_split(rows: Sequence[dict[str, Any]], held_out: Callable[[dict[str, Any]], bool]
                  ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(train, test): test is every row `held_out` picks plus every other row of the same event."""
    groups = event_groups(rows)
    test_events = {group for row, group in zip(rows, groups, strict=True) if held_out(row)}
    train = [row for row, group in zip(rows, groups, strict=True) if group not in test_events]
    test = [row for row, group in zip(rows, groups, strict=True) if group in test_events]
    return train, test
