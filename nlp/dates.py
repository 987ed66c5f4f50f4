"""The date a notice's measure takes effect, from English and Chinese phrasing."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from .literals import literal_spans

_MONTHS = {
    name: number
    for number, names in enumerate((
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
        ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
        ("october", "oct"), ("november", "nov"), ("december", "dec"),
    ), start=1)
    for name in names
}
# Case-sensitive alternations that start with a literal let the regex engine skip ahead
# quickly; bulletins write months capitalised or in capitals.
_MONTH_ALTERNATION = "|".join(
    [name.capitalize() for name in sorted(_MONTHS, key=len, reverse=True)]
    + [name.upper() for name in sorted(_MONTHS, key=len, reverse=True)]
)
_EN_DAY_FIRST = re.compile(
    # `\d\d?` rather than `\d{1,2}`: a pattern that opens with a single character class lets
    # the regex engine skip to the next digit instead of trying a match at every position.
    rf"(?P<day>\d\d?)(?:st|nd|rd|th)?\s+(?:day\s+of\s+|of\s+)?(?P<month>{_MONTH_ALTERNATION})\.?(?:,?\s+(?P<year>(?:19|20)\d{{2}}))?(?![A-Za-z])"
)
_EN_MONTH_FIRST = re.compile(
    rf"(?P<month>{_MONTH_ALTERNATION})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>(?:19|20)\d{{2}}))?(?!\d)"
)
# Both patterns above need a month name. A day-first date starts in the digits, spaces,
# "st"/"nd"/"rd"/"th" and "of" just before its month, so neither starts before the run of
# such characters in front of the text's first month name.
_MONTH_NAME = re.compile(_MONTH_ALTERNATION)
_DAY_FIRST_LEAD = frozenset("stndrhofay")  # ordinals, "of", "day of"
_ISO_DATE = re.compile(r"(?:19|20)\d{2}-\d{2}-\d{2}(?!\d)")
# Every ISO date holds "-dd-dd" 4 characters after its start: finding that first is cheap.
_ISO_DATE_TAIL = re.compile(r"-\d\d-\d\d")
# Day first with dots, as Indian and many European notices write it: 01.06.2022.
_DOTTED_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.(?:19|20)\d{2}(?![\d.]\d)")
# Every dotted date holds ".19yy" or ".20yy" at most 5 characters after its start.
_DOTTED_DATE_TAIL = re.compile(r"\.(?:19|20)\d\d")
# Literals that every cue in _EN_BEFORE / _EN_WITH_EFFECT and _EN_AFTER contains.
_BEFORE_WORDS = ("effect", "force", "appl", "implement", "commenc", "from", "as of", "starting", "beginning", "w.e.f", "entry", "or after")
_AFTER_WORDS = ("effect", "force", "appl")
_CLAUSE_BREAK = re.compile(r"(?<!w\.e\.f)[.;\n](?:\s|$)")
# Only for clauses holding a clock time ("12:01 a.m. eastern time on"), which is rare.
_CLAUSE_BREAK_NOT_TIME = re.compile(r"(?<!w\.e\.f)(?<!\ba\.m)(?<!\bp\.m)[.;\n](?:\s|$)")
_ZH_DATE = re.compile(r"(?:(?P<y>\d{4})\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")

# English cues placed before the date ("takes effect on 1 June 2022", "effective September 6, 2024").
_EN_BEFORE = re.compile(
    r"(?ix)\b(?:"
    r"(?:take|takes|took|taking)\s+effect|(?:come|comes|came|coming)\s+into\s+(?:force|effect|operation)"
    r"|(?:enter|enters|entered|entering)\s+into\s+(?:force|effect|application)|entry\s+into\s+force"
    r"|(?:is|are|be|become|becomes|will\s+be|shall\s+be)\s+effective|effective(?:\s+date)?|in\s+effect"
    r"|(?:apply|applies|applied|shall\s+apply|will\s+apply)|implemented|commence[sd]?|commencement"
    r")\b(?:[^.;:\n]{0,60}?)\b(?:on|from|as\s+of|as\s+from|beginning|starting|at|:)?\s*$"
)
_EN_WITH_EFFECT = re.compile(r"(?i)\b(?:with\s+effect\s+from|w\.e\.f\.?|effective\s+(?:from|as\s+of|on)?|as\s+of|from|starting|beginning)\s*$"
                             # US proclamations and notices: "entered ... on or after 12:01 a.m. eastern daylight time on DATE"
                             r"|\bon\s+or\s+after(?:\s+12:01\s+a\.m\.[^.;\n]{0,40}?\s+on)?\s*$")
# Cues placed after the date ("From 1 June 2022, the rule applies").
_EN_AFTER = re.compile(r"(?i)^[^.;\n]{0,80}?\b(?:take[s]?\s+effect|enter[s]?\s+into\s+force|come[s]?\s+into\s+force|becomes?\s+effective|will\s+apply|applies|shall\s+apply)\b")
_EN_NOT_EFFECT = re.compile(r"(?i)\b(?:comments?|submissions?|responses?|until|through|before|by|deadline|signed|dated|published|adopted|announced|received|no\s+later\s+than|expires?|remain\s+in\s+force|promulgated|gazetted)\b[^.;]{0,30}$")
_ON_PUBLICATION = r"(?:immediately|(?:from\s+|as\s+of\s+)?today|(?:up)?on\s+(?:its\s+)?(?:publication|issuance|signature|promulgation)|(?:on|from|as\s+of)\s+the\s+(?:date|day)\s+of\s+(?:its\s+)?(?:publication|issuance|signature|promulgation))"
_EN_PUBLISHED = re.compile(
    rf"(?i)\b(?:(?:is\s+|are\s+|be\s+)?effective\s+{_ON_PUBLICATION}|take[s]?\s+effect\s+{_ON_PUBLICATION}"
    rf"|(?:enter|enters|come|comes)\s+into\s+(?:force|effect)\s+{_ON_PUBLICATION}|in\s+force\s+from\s+the\s+date\s+of\s+(?:its\s+)?publication"
    rf"|appl(?:y|ies)\s+{_ON_PUBLICATION}|with\s+immediate\s+effect"
    # as a minister says it: "with effect from today", "starting today", "banned from today"
    r"|with\s+effect\s+from\s+today|(?:starting|beginning|as\s+from|as\s+of)\s+(?:from\s+)?today"
    r"|(?:banned|prohibited|suspended|restricted|lifted|removed|imposed|apply|applies|in\s+force)\s+from\s+today)"
)
# The act's own date of application, which EU acts give after their entry into force ("This Regulation shall
# enter into force on the third day following … It shall apply from 1 January 2025"): when the measure applies.
_EN_WHOLE_ACT_APPLIES = re.compile(
    r"(?i)\b(?:it|they|this\s+(?:regulation|implementing\s+regulation|decision|directive|order|instrument|notice|rule)"
    r"|these\s+regulations)\s+(?:shall|will)\s+apply\s+(?:from|as\s+from|with\s+effect\s+from)\s*$")
# Canada's regulations come into force when registered; the Gazette gives the registration's number and date.
_EN_ON_REGISTRATION = re.compile(r"(?i)\b(?:come|comes)\s+into\s+force\s+on\s+the\s+day\s+on\s+which\s+(?:it\s+is|they\s+are)\s+registered")
_REGISTRATION = re.compile(r"\bRegistration\s+(?:SOR|SI|DORS|TR)/\d{4}-\d+\s+")
_EN_DAY_AFTER = re.compile(
    r"(?i)\b(?:enter|enters|come|comes)\s+into\s+force\s+on\s+the\s+(?P<n>day|first\s+day|twentieth\s+day|third\s+day)\s+following\s+(?:that\s+of\s+)?its\s+publication"
)
# The phrases above end in one of these words; finding the word first is much cheaper
# than trying the case-insensitive alternation at every position of a long notice.
# No two occurrences of these words can overlap, so each is found on its own.
_PUBLICATION_WORDS = ("immediately", "publication", "issuance", "signature", "promulgation", "immediate effect", "today")
_ORDINAL_DAYS = {"day": 1, "first day": 1, "third day": 3, "twentieth day": 20}

# Simplified and traditional script alike (Taiwan's and Hong Kong's notices write 實施, 執行, 發布, 決定).
_ZH_TAKE_EFFECT = "施行|实施|實施|执行|執行|生效"
_ZH_PUBLISHED = re.compile(r"自(?:本(?:公告|通知|决定|決定|规定|規定))?(?:公布|發布|发布|印发|印發|公告|签发|簽發|下发|下發)之日起"
                           rf"(?:正式)?(?:{_ZH_TAKE_EFFECT})?|即日起|公布之日起施行")
_ZH_EFFECT_AFTER = re.compile(r"^\s*(?:\d{1,2}\s*[时時]\s*(?:\d{1,2}\s*分)?\s*)?(?:零[时時]|0[时時])?\s*(?:起|开始|開始)?\s*(?:正式)?\s*"
                              rf"(?:{_ZH_TAKE_EFFECT}|开始实施|開始實施)")
_ZH_FROM = re.compile(r"(?:自|从|于)\s*$")
_ZH_FROM_AFTER = re.compile(r"^\s*(?:\d{1,2}\s*[时時]\s*(?:\d{1,2}\s*分)?\s*)?(?:零[时時]|0[时時])?\s*起")
# A date in Chinese numerals (二〇二五年一月一日) or in the Republic of China's years (中華民國一百十四年一月一日,
# 民國114年1月1日: year 1 is 1912).
_ZH_NUMERALS = "〇零一二三四五六七八九十百"
_ZH_NUMERAL_DATE = re.compile(
    rf"(?:(?P<roc>中華民國|中华民国|民國|民国)\s*(?P<ry>[\d{_ZH_NUMERALS}]{{1,6}})\s*年|(?P<y>[〇零一二三四五六七八九]{{4}})\s*年)?"
    rf"\s*(?P<m>[\d一二三四五六七八九十]{{1,3}})\s*月\s*(?P<d>[\d一二三四五六七八九十]{{1,3}})\s*日")
_ROC_YEAR_BEFORE = re.compile(r"(?:民國|民国)\s*\d{1,3}\s*年\s*$")
_ZH_DIGITS = {character: value for value, character in enumerate("零一二三四五六七八九")} | {"〇": 0}


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_LATER_YEAR = re.compile(r"^[^.;。\n]{0,40}?\b((?:19|20)\d{2})\b")
# _LATER_YEAR reads at most 45 characters (40, a year, the character after it).
_LATER_YEAR_REACH = 48


def _infer_year(month: int, day: int, text_after: str, published: dt.date | None) -> int | None:
    later = _LATER_YEAR.match(text_after)
    if later:  # "from 1 January to 31 January 2022"
        return int(later.group(1))
    if published is None:
        return None
    year = published.year
    candidate = _safe_date(year, month, day)
    if candidate and (published - candidate).days > 90:
        year += 1
    return year


def _parse_published(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def _matches_from(pattern: re.Pattern[str], text: str, tail: re.Pattern[str], reach: int) -> Iterator[re.Match[str]]:
    """pattern.finditer(text), started where a match can first occur.

    Every match of `pattern` contains a match of `tail` at most `reach` characters
    after its own start, so none starts before the first `tail` match minus `reach`.
    """
    first = tail.search(text)
    return pattern.finditer(text, max(0, first.start() - reach)) if first else iter(())


def _zh_dates(text: str) -> Iterator[re.Match[str]]:
    """_ZH_DATE.finditer(text), tried only in the digits, spaces and 年 just before each 月.

    A match holds one 月, opens with a digit, and has only digits, spaces and 年
    before its 月, so it starts in that stretch; the first position there that
    matches is the one a scan from the left would find.
    """
    previous_end = 0
    month = text.find("月")
    while month != -1:
        start = month
        while start > previous_end and (text[start - 1].isdecimal() or text[start - 1].isspace() or text[start - 1] == "年"):
            start -= 1
        for position in range(start, month):
            if text[position].isdecimal():
                match = _ZH_DATE.match(text, position)
                if match:
                    yield match
                    previous_end = match.end()
                    break
        month = text.find("月", max(month + 1, previous_end))


def _zh_number(written: str) -> int | None:
    """The value of a number written in Arabic digits or Chinese numerals: 114, 一百十四, 十二, 二十一, 二〇二五."""
    if written.isdecimal():
        return int(written)
    if "十" not in written and "百" not in written:  # digit by digit, as years are: 二〇二五
        return int("".join(str(_ZH_DIGITS[c]) for c in written)) if all(c in _ZH_DIGITS for c in written) else None
    total, digit = 0, None
    for character in written:
        if character in _ZH_DIGITS:
            digit = _ZH_DIGITS[character]
        elif character in "十百":
            total += (1 if digit is None else digit) * (10 if character == "十" else 100)
            digit = None
        else:
            return None
    return total + (digit or 0)


def _zh_numeral_dates(text: str, published: dt.date | None) -> Iterator[tuple[int, int, dt.date]]:
    """(start, end, date) of the dates written in Chinese numerals or in ROC years, which _zh_dates leaves."""
    if not any(mark in text for mark in ("民國", "民国")) and not re.search(r"[〇一二三四五六七八九十]\s*月", text):
        return
    for match in _ZH_NUMERAL_DATE.finditer(text):
        month, day = _zh_number(match.group("m")), _zh_number(match.group("d"))
        if match.group("ry"):
            roc_year = _zh_number(match.group("ry"))
            year = roc_year + 1911 if roc_year else None
        elif match.group("y"):
            year = _zh_number(match.group("y"))
        elif match.group("m").isdecimal() and match.group("d").isdecimal():
            continue  # Arabic month and day without a year of these kinds: _zh_dates reads them
        else:
            year = _infer_year(month or 1, day or 1, "", published)
        date = _safe_date(year, month, day) if (year and month and day) else None
        if date is not None:
            yield match.start(), match.end(), date


def _english_dates(text: str, published: dt.date | None) -> list[tuple[int, int, dt.date]]:
    """(start, end, date) of English dates: "6 September 2024", "September 6, 2024", "2024-09-06"."""
    found: list[tuple[int, int, str, int, str | None]] = []  # (start, end, month name, day, year)
    first_month = _MONTH_NAME.search(text)
    month_start = first_month.start() if first_month else len(text)
    lead_start = month_start
    while lead_start > 0 and (text[lead_start - 1].isdecimal() or text[lead_start - 1].isspace()
                              or text[lead_start - 1] in _DAY_FIRST_LEAD):
        lead_start -= 1
    for match in (_EN_DAY_FIRST.finditer(text, lead_start) if first_month else ()):
        start = match.start()
        if start and text[start - 1].isdigit():
            continue
        found.append((start, match.end(), match.group("month"), int(match.group("day")), match.group("year")))
    for match in (_EN_MONTH_FIRST.finditer(text, month_start) if first_month else ()):
        start = match.start()
        if start and text[start - 1].isalpha():
            continue
        found.append((start, match.end(), match.group("month"), int(match.group("day")), match.group("year")))
    dates: list[tuple[int, int, dt.date]] = []
    for start, end, month_name, day, year_text in sorted(found):
        if dates and start < dates[-1][1]:
            continue
        month = _MONTHS.get(month_name.lower())
        year = int(year_text) if year_text else _infer_year(month or 1, day, text[end:end + _LATER_YEAR_REACH], published)
        date = _safe_date(year, month, day) if (month and year) else None
        if date is not None:
            dates.append((start, end, date))
    for match in _matches_from(_DOTTED_DATE, text, _DOTTED_DATE_TAIL, 5):
        if match.start() and (text[match.start() - 1].isdigit() or text[match.start() - 1] == "."):
            continue
        day, month, year = (int(part) for part in match.group(0).split("."))
        date = _safe_date(year, month, day)
        if date is not None:
            dates.append((match.start(), match.end(), date))
    for match in _matches_from(_ISO_DATE, text, _ISO_DATE_TAIL, 4):
        if match.start() and text[match.start() - 1].isdigit():
            continue
        date = _safe_date(*(int(part) for part in match.group(0).split("-")))
        if date is not None:
            dates.append((match.start(), match.end(), date))
    return dates


def _chinese_dates(text: str, published: dt.date | None) -> list[tuple[int, int, dt.date]]:
    """(start, end, date) of every Chinese date, in Arabic digits or in numerals, Gregorian or ROC years."""
    dates = []
    for match in _zh_dates(text):
        if _ROC_YEAR_BEFORE.search(text, max(0, match.start() - 12), match.start()):
            continue  # the month and day of an ROC year (民國114年): _zh_numeral_dates reads the whole date
        month, day = int(match.group("m")), int(match.group("d"))
        year = int(match.group("y")) if match.group("y") else _infer_year(month, day, "", published)
        date = _safe_date(year, month, day) if year else None
        if date is not None:
            dates.append((match.start(), match.end(), date))
    return sorted(dates + list(_zh_numeral_dates(text, published)))


def extract_effective_date(text: str, published: str | None = None) -> str | None:
    """ISO date the measure takes effect, or None when the text states none.

    Dates attached to an effect phrase win over bare "from DATE" dates, and an act's own date of application
    over its entry into force; comment deadlines, signature and publication dates are ignored. "Effective immediately",
    "upon publication" and 自公布之日起施行 resolve to `published`.
    """
    pub = _parse_published(published)
    candidates: list[tuple[int, int, dt.date]] = []  # (priority, position, date)

    english_dates = _english_dates(text, pub)
    for start, end, date in english_dates:
        before = text[max(0, start - 100):start]
        clause = (_CLAUSE_BREAK_NOT_TIME if ".m. " in before else _CLAUSE_BREAK).split(before)[-1]
        clause_lower = clause.lower()
        after = text[end:end + 120]
        after_lower = after.lower()
        # Cheap literal checks first: most dates in a notice are not effect dates.
        before_cue = any(word in clause_lower for word in _BEFORE_WORDS)
        after_cue = any(word in after_lower for word in _AFTER_WORDS)
        if not (before_cue or after_cue):
            continue
        if _EN_NOT_EFFECT.search(clause[-45:]):
            continue
        if before_cue and _EN_WHOLE_ACT_APPLIES.search(clause):
            candidates.append((4, start, date))
        elif before_cue and _EN_BEFORE.search(clause):
            candidates.append((3, start, date))
        elif after_cue and _EN_AFTER.match(after):
            candidates.append((3, start, date))
        elif before_cue and _EN_WITH_EFFECT.search(clause):
            strong = re.search(r"(?i)with\s+effect\s+from|w\.e\.f|effective", clause[-30:]) or "or after" in clause_lower[-60:]
            candidates.append((2 if strong else 1, start, date))

    on_registration = _EN_ON_REGISTRATION.search(text) if "registered" in text else None
    registration = _REGISTRATION.search(text) if on_registration else None
    if on_registration and registration:
        registered = next((date for start, _, date in english_dates if start == registration.end()), None)
        if registered:
            candidates.append((3, on_registration.start(), registered))

    for start, end, zh_date in _chinese_dates(text, pub):
        before = text[max(0, start - 4):start]
        after = text[end:end + 16]
        if _ZH_EFFECT_AFTER.match(after) or (_ZH_FROM.search(before) and re.match(rf"^[^。；;]{{0,30}}(?:{_ZH_TAKE_EFFECT})", after)):
            candidates.append((3, start, zh_date))
        elif _ZH_FROM.search(before) and (_ZH_FROM_AFTER.match(after) or after.lstrip().startswith("至")):
            candidates.append((2, start, zh_date))  # 自…起, or the start of a period 自…至…

    if pub is not None:
        for word_start, word_end in sorted(literal_spans(text, _PUBLICATION_WORDS)):
            window_start = max(0, word_start - 70)
            phrase = _EN_PUBLISHED.search(text, window_start, word_end)
            if phrase and phrase.end() == word_end:
                candidates.append((3, phrase.start(), pub))
            following = _EN_DAY_AFTER.search(text, max(0, word_start - 120), word_end)
            if following and following.end() == word_end:
                days = _ORDINAL_DAYS.get(re.sub(r"\s+", " ", following.group("n").lower()), 1)
                candidates.append((3, following.start(), pub + dt.timedelta(days=days)))
        if "之日" in text or "即日" in text:
            candidates.extend((3, m.start(), pub) for m in _ZH_PUBLISHED.finditer(text))

    if not candidates:
        return None
    best = max(priority for priority, _, _ in candidates)
    return min((position, date) for priority, position, date in candidates if priority == best)[1].isoformat()
