"""What an amendment changed in a notice's facts, said in words a reader acts on.

``Effective date moved earlier: 15 Dec → 8 Dec 2026``, ``HS code added: 845961``,
``Direction changed: procedural → tightening``: the lines an amended notice's
email and its page open with, before the text diff. One function for every
place that shows an amendment.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

# Label key → (singular, plural) noun, in the order the lines are given.
_LISTS = (
    ("topics", "Topic", "Topics"),
    ("commodities", "Commodity", "Commodities"),
    ("hs_codes", "HS code", "HS codes"),
    ("eccns", "Control-list entry", "Control-list entries"),
    ("doc_ids", "Document id", "Document ids"),
)


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except (TypeError, ValueError):
        return None


def _days(old: date, new: date) -> tuple[str, str]:
    """The two dates as short as they stay unambiguous: the year once when both share it."""
    if old.year == new.year:
        return f"{old.day} {old:%b}", f"{new.day} {new:%b} {new.year}"
    return f"{old.day} {old:%b} {old.year}", f"{new.day} {new:%b} {new.year}"


def _effective(old: str | None, new: str | None) -> str | None:
    if old == new:
        return None
    before, after = _day(old or ""), _day(new or "")
    if before and after:
        shown_old, shown_new = _days(before, after)
        way = "earlier" if after < before else "later"
        return f"Effective date moved {way}: {shown_old} → {shown_new}"
    if after:
        return f"Effective date set: {after.day} {after:%b} {after.year}"
    if before:
        return f"Effective date no longer stated (was {before.day} {before:%b} {before.year})"
    return None


def _list_lines(key: str, one: str, many: str, old: list[str], new: list[str]) -> list[str]:
    added = [value for value in new if value not in old]
    removed = [value for value in old if value not in new]
    lines = []
    if added:
        lines.append(f"{one if len(added) == 1 else many} added: {', '.join(added)}")
    if removed:
        lines.append(f"{one if len(removed) == 1 else many} removed: {', '.join(removed)}")
    return lines


def fact_changes(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> list[str]:
    """One line per fact the new labels AFTER change against BEFORE; none when either is unknown."""
    if not before or not after:
        return []
    lines = []
    if bool(before.get("relevant")) != bool(after.get("relevant")):
        lines.append("Now read as a measure" if after.get("relevant") else "No longer read as a measure")
    if before.get("direction") != after.get("direction") and after.get("direction") and before.get("direction"):
        lines.append(f"Direction changed: {before['direction']} → {after['direction']}")
    elif after.get("direction") and not before.get("direction"):
        lines.append(f"Direction: {after['direction']}")
    effective = _effective(before.get("effective_date"), after.get("effective_date"))
    if effective:
        lines.append(effective)
    for key, one, many in _LISTS:
        lines += _list_lines(key, one, many, list(before.get(key) or []), list(after.get(key) or []))
    return lines
