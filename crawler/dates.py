"""Publication dates as sources write them, read into ISO dates."""
from __future__ import annotations

import re
import time
from datetime import date, datetime
from email.utils import parsedate_to_datetime

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SLASHED_YMD = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_CJK = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def _iso(year: str | int, month: str | int, day: str | int) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def parse_date(text: str | None, fmt: str | None = None) -> str | None:
    """Read a date from TEXT into ``YYYY-MM-DD``, or None when there is none.

    ``fmt`` is a strptime format from the source's entry, tried first. Without
    it: ISO dates (with or without time), ``YYYY/MM/DD``, ``YYYY年M月D日``,
    RFC 822 dates of RSS, and ``DD/MM/YYYY`` as Indian and European sites write it.
    """
    if not text:
        return None
    text = text.strip()
    if fmt:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            pass
    for pattern in (_ISO, _SLASHED_YMD, _CJK):
        match = pattern.search(text)
        if match:
            return _iso(*match.groups())
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    match = _DMY.search(text)
    if match:
        day, month, year = match.groups()
        return _iso(year, month, day)
    return None


def from_struct_time(value: time.struct_time | None) -> str | None:
    """A feedparser ``*_parsed`` value as an ISO date."""
    return _iso(value.tm_year, value.tm_mon, value.tm_mday) if value else None
