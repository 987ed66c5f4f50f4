"""Publication dates as sources write them, read into ISO dates in the publisher's own day.

A date the project stores is the calendar date in the publisher's time zone:
a feed entry stamped ``Fri, 27 Nov 2026 00:00:00 +0100`` by a Brussels
publisher was published on 27 November, whatever UTC says. A stamp that
carries an offset (or ``Z``) is an instant and is moved into the publisher's
zone before its date is taken; a stamp without one is already the
publisher's wall clock and keeps its date.
"""
from __future__ import annotations

import re
import time
from datetime import date, datetime, timezone, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crawler.source import Source

#: The zone a jurisdiction's publishers date their notices in, when a source names none (its ``timezone``).
#: Jurisdictions spanning several zones take their capital's.
JURISDICTION_TIMEZONES: dict[str, str] = {
    "US": "America/New_York", "CA": "America/Toronto", "MX": "America/Mexico_City", "BR": "America/Sao_Paulo",
    "AR": "America/Argentina/Buenos_Aires", "CL": "America/Santiago",
    "GB": "Europe/London", "IE": "Europe/Dublin", "EU": "Europe/Brussels", "BE": "Europe/Brussels",
    "NL": "Europe/Amsterdam", "DE": "Europe/Berlin", "FR": "Europe/Paris", "IT": "Europe/Rome",
    "ES": "Europe/Madrid", "PT": "Europe/Lisbon", "AT": "Europe/Vienna", "CH": "Europe/Zurich",
    "LU": "Europe/Luxembourg", "DK": "Europe/Copenhagen", "SE": "Europe/Stockholm", "NO": "Europe/Oslo",
    "FI": "Europe/Helsinki", "PL": "Europe/Warsaw", "CZ": "Europe/Prague", "SK": "Europe/Bratislava",
    "HU": "Europe/Budapest", "RO": "Europe/Bucharest", "BG": "Europe/Sofia", "GR": "Europe/Athens",
    "HR": "Europe/Zagreb", "SI": "Europe/Ljubljana", "EE": "Europe/Tallinn", "LV": "Europe/Riga",
    "LT": "Europe/Vilnius", "MT": "Europe/Malta", "CY": "Asia/Nicosia", "UA": "Europe/Kyiv",
    "RU": "Europe/Moscow", "TR": "Europe/Istanbul", "IL": "Asia/Jerusalem", "AE": "Asia/Dubai",
    "SA": "Asia/Riyadh", "ZA": "Africa/Johannesburg", "IN": "Asia/Kolkata", "PK": "Asia/Karachi",
    "CN": "Asia/Shanghai", "HK": "Asia/Hong_Kong", "TW": "Asia/Taipei", "JP": "Asia/Tokyo",
    "KR": "Asia/Seoul", "SG": "Asia/Singapore", "MY": "Asia/Kuala_Lumpur", "TH": "Asia/Bangkok",
    "VN": "Asia/Ho_Chi_Minh", "ID": "Asia/Jakarta", "PH": "Asia/Manila", "AU": "Australia/Sydney",
    "NZ": "Pacific/Auckland",
}
DEFAULT_TIMEZONE = "UTC"

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ISO_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)(?![\d:])",
                          re.I)
_SLASHED_YMD = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_CJK = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
          r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
#: An English date with its month in words: "10 June 2025", "10th Jun. 2025", "June 10, 2025".
_WORDED = re.compile(
    rf"(?i)\b(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH})\.?,?"
    rf"|(?P<month_first>{_MONTH})\.?\s+(?P<day_after>\d{{1,2}})(?:st|nd|rd|th)?,?)\s+(?P<year>\d{{4}})\b")


def timezone_name(source: Source) -> str:
    """The IANA zone a source's dates are read in: its ``timezone``, else its jurisdiction's, else UTC."""
    return zone_name(source.timezone, source.jurisdiction)


def zone_name(timezone: str | None, jurisdiction: str | None) -> str:
    """The IANA zone named TIMEZONE, else JURISDICTION's, else UTC (as ``timezone_name`` reads a source)."""
    if timezone is not None:
        return timezone
    return JURISDICTION_TIMEZONES.get((jurisdiction or "").upper(), DEFAULT_TIMEZONE)


def source_timezone(source: Source) -> ZoneInfo:
    """The source's zone (see ``timezone_name``); a ``ValueError`` naming it when it is not a known zone."""
    name = timezone_name(source)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValueError(f"timezone {name!r} is not a known IANA time zone (e.g. Europe/Brussels)") from None


def local_date(moment: datetime, tz: tzinfo | None) -> str:
    """The calendar date of MOMENT in zone TZ; a moment without an offset is already local and keeps its date."""
    if tz is not None and moment.tzinfo is not None and moment.utcoffset() is not None:
        moment = moment.astimezone(tz)
    return moment.date().isoformat()


def _iso(year: str | int, month: str | int, day: str | int) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _instant(text: str) -> datetime | None:
    """An ISO 8601 / RFC 3339 timestamp with an offset found in TEXT, or None."""
    match = _ISO_INSTANT.search(text)
    if not match:
        return None
    stamp = re.sub(r"\s+", "", match.group(0).replace(" ", "T", 1)).replace(",", ".")
    stamp = re.sub(r"(?i)z$", "+00:00", stamp)
    stamp = re.sub(r"([+-]\d{2})$", r"\1:00", stamp)
    try:
        return datetime.fromisoformat(stamp)
    except ValueError:
        return None


def parse_date(text: str | None, fmt: str | None = None, tz: tzinfo | None = None) -> str | None:
    """Read a date from TEXT into ``YYYY-MM-DD``, or None when there is none.

    ``fmt`` is a strptime format from the source's entry, tried first. Without
    it: ISO dates (with or without time), ``YYYY/MM/DD``, ``YYYY年M月D日``,
    RFC 822 dates of RSS, ``DD/MM/YYYY`` as Indian and European sites write it, and
    English dates with the month in words ("10 June 2025", "June 10, 2025").
    A timestamp with an offset is an instant: its date is taken in ``tz``, the
    publisher's zone (given; without it, the offset's own day).
    """
    if not text:
        return None
    text = text.strip()
    if fmt:
        try:
            return local_date(datetime.strptime(text, fmt), tz)
        except ValueError:
            pass
    moment = _instant(text)
    if moment is not None:
        return local_date(moment, tz)
    for pattern in (_ISO, _SLASHED_YMD, _CJK):
        match = pattern.search(text)
        if match:
            return _iso(*match.groups())
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        moment = None
    if moment is not None:
        # RFC 5322 writes "-0000" for "offset unknown", which Python reads as naive: the wall clock's own day.
        return local_date(moment, tz)
    match = _DMY.search(text)
    if match:
        day, month, year = match.groups()
        return _iso(year, month, day)
    match = _WORDED.search(text)
    if match:
        month = match.group("month") or match.group("month_first")
        return _iso(match.group("year"), _MONTHS.index(month[:3].lower()) + 1,
                    match.group("day") or match.group("day_after"))
    return None


def from_struct_time(value: time.struct_time | None, tz: tzinfo | None = None) -> str | None:
    """A feedparser ``*_parsed`` value (a UTC time) as an ISO date, in zone TZ when given."""
    if not value:
        return None
    moment = datetime(*value[:6], tzinfo=timezone.utc)
    return local_date(moment, tz) if tz is not None else _iso(value.tm_year, value.tm_mon, value.tm_mday)
