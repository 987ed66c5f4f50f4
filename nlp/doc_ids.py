"""The notice's own document identifiers (announcement, notification, regulation numbers)."""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator

_CN_ISSUERS = (
    "国务院关税税则委员会", "税委会", "商务部办公厅", "商务部", "海关总署", "国家国防科工局", "国家国防科技工业局",
    "中央军委装备发展部", "国家原子能机构", "国家发展改革委", "国家发展和改革委员会", "工业和信息化部",
    "工信部", "公安部", "外交部", "科技部", "财政部", "国家税务总局", "国家密码管理局", "生态环境部",
    "农业农村部", "国家市场监督管理总局", "不可靠实体清单工作机制", "国家出口管制工作协调机制",
)
_ISSUER = "(?:" + "|".join(re.escape(name) for name in sorted(_CN_ISSUERS, key=len, reverse=True)) + ")"

_CN_ANNOUNCEMENT = re.compile(r"公告\s*\d{4}\s*年\s*第\s*\d+\s*号")
_FR_DOCUMENT = re.compile(r"(?:19|20)\d{2}-\d{5}(?![\w\-])")
_FR_OLD_DOCUMENT = re.compile(r"E\d-\d{4,5}(?![\w\-])")
# Its "-ddddd" (4 characters after the start) is cheap to find: scanning starts from there.
_FR_DOCUMENT_TAIL = re.compile(r"-\d\d\d\d\d")
_EU_ACT = re.compile(r"(?:Regulation|Decision|Directive)\s*\((?:EU|EC|EEC|CFSP|Euratom)\)\s*(?:No\.?\s*)?\d{1,4}/\d{1,4}(?:/[A-Z]+)?")
_EU_ACT_PREFIX = re.compile(r"(?:(?:Council|Commission)\s+)?(?:(?:Implementing|Delegated)\s+)?$")
_ANNOUNCEMENT = re.compile(
    r"(?i)(?:Public\s+)?Announcement\s+(?:(?:No\.?|Number)\s*\d+\s*(?:of\s+(?:19|20)\d{2}|[\[(（]\s*(?:19|20)\d{2}\s*[\])）])"
    r"|[\[(（]\s*(?:19|20)\d{2}\s*[\])）]\s*No\.?\s*\d+)"
)
_ANNOUNCEMENT_PREFIX = re.compile(r"(?i)(?:MOFCOM|GACC|Ministry\s+of\s+Commerce|General\s+Administration\s+of\s+Customs|SCTC|Joint)\s+$")

_CN_BRACKETED = re.compile(r"[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*第?\s*\d+\s*号")
_NOTIFICATION = re.compile(
    r"(?i)(?:Notification|Notice|Circular|Order)\s+No\.?\s*"
    r"\d{1,4}\s*/\s*(?:\(?RE-?\d{4}\)?/?)?(?:19|20)\d{2}(?:\s*-\s*(?:19|20)?\d{2})?"
)

_CA_INSTRUMENT = re.compile(r"\b(?:SOR|DORS|SI)/(?:19|20)\d{2}-\d{1,4}\b|\bP\.C\.\s*(?:19|20)\d{2}-\d{1,4}\b")
_UK_SI = re.compile(
    r"(?i:\bstatutory\s+instruments?)\s*:?\s*(?:19|20)\d{2}\s*No\.?\s*\d{1,5}\b"
    r"|\b(?:UK)?(?:S\.I\.|SI)\s*(?:19|20)\d{2}/\d{1,5}\b")
_NL_GAZETTE = re.compile(r"(?i)\b(?:Staatscourant|Stcrt\.|Staatsblad|Stb\.)\s*(?:19|20)\d{2}\s*,?\s*(?:nr\.?\s*)?\d{1,6}\b")
# A ministry named in Indonesian or English, then the number and the year.
_ID_MINISTRY_EN = r"(?:Minist(?:er|ry)\s+of\s+(?:[A-Z][a-z]+)(?:\s+(?:and\s+)?[A-Z][a-z]+){0,3})"
_ID_MINISTERIAL = re.compile(
    r"\bPeraturan\s+Menteri\s+(?:[A-Z][A-Za-z]*)(?:\s+(?:dan\s+)?[A-Z][A-Za-z]*){0,4}\s+(?:Nomor|No\.?)\s*\d{1,4}"
    r"(?:\s+Tahun\s+|/)(?:19|20)\d{2}\b"
    r"|\bPermen(?:[a-z]{2,8}|\s+[A-Z]{2,6})\s+(?:Nomor|No\.?)?\s*\d{1,4}(?:\s+Tahun\s+|/)(?:19|20)\d{2}\b"
    r"|\bPMK\s+(?:Nomor|No\.?)?\s*\d{1,4}/PMK\.\d{2,3}/(?:19|20)\d{2}\b"
    rf"|\b(?:{_ID_MINISTRY_EN}\s+Regulation|Regulation\s+of\s+the\s+{_ID_MINISTRY_EN})\s+(?:No\.?|Number)\s*\d{{1,4}}"
    r"(?:\s+(?:of|Year)\s+|/)(?:19|20)\d{2}\b")
_VN_DOCUMENT = re.compile(r"\b\d{1,4}/(?:19|20)\d{2}/(?:NĐ|ND|TT|QĐ|QD|NQ)-[A-ZĐ]{2,6}\b")

# (lower-case literals of which one must occur in the text, pattern, optional backward extension).
# The literal check is a cheap filter; most notices carry none of these identifiers.
_PATTERNS: tuple[tuple[tuple[str, ...], re.Pattern[str], re.Pattern[str] | None], ...] = (
    (("公告",), _CN_ANNOUNCEMENT, None),
    # 商服贸发〔2024〕1号, 商务部令〔2024〕第2号
    (("号",), _CN_BRACKETED, None),
    # 国务院令第792号, 商务部令2024年第1号
    (("令",), re.compile(rf"(?:{_ISSUER}|国务院)令\s*(?:\d{{4}}\s*年\s*)?第\s*\d+\s*号"), None),
    # Federal Register document numbers: 2023-16646, C1-2024-00123
    (("-",), _FR_DOCUMENT, re.compile(r"C\d-$")),
    # MOFCOM Announcement No. 18 [2025], Announcement No. 18 of 2025, Announcement [2025] No. 18
    (("announcement",), _ANNOUNCEMENT, _ANNOUNCEMENT_PREFIX),
    # Regulation (EU) 2021/821, Council Implementing Regulation (EU) 2024/1746, Decision (CFSP) 2024/1744
    (("(eu)", "(ec)", "(eec)", "(cfsp)", "(euratom)"), _EU_ACT, _EU_ACT_PREFIX),
    # Notice to exporters 2024/05, NTE 2022/27
    (("notice to exporters", "nte"),
     re.compile(r"(?i)Notice\s+to\s+Exporters\s*:?\s*(?:No\.?\s*)?\d{4}/\d{1,3}|\bNTE\s*(?:No\.?\s*)?(?:19|20)\d{2}/\d{1,3}\b"), None),
    # Federal Register document numbers before 2009: E8-18852, E9-01234
    (("-",), _FR_OLD_DOCUMENT, None),
    # DGFT Notification No. 20/2023, 37/2026-27, 10/2015-2020; Public Notice No. 12/2023
    (("notification no", "notice no", "circular no", "order no"), _NOTIFICATION,
     re.compile(r"(?i)(?:Public|Trade|Customs|Import|Export)\s+$")),
    # 89 FR 72926
    ((" fr ",), re.compile(r"(?<![\w])\d{2,3}\s+FR\s+\d{3,6}(?![\w])"), None),
    # Australian Anti-Dumping Notice No. 2024/087 (ADN No. 2024/087)
    (("anti-dumping notice", "adn no"), re.compile(r"(?i)(?:Anti-Dumping\s+Notice|ADN)\s+No\.?\s*(?:19|20)\d{2}/\d{1,4}"), None),
    # UK OFSI licence numbers INT/2024/5091516; US CBP CSMS messages "CSMS # 65364817"
    (("int/",), re.compile(r"\bINT/(?:19|20)\d{2}/\d{4,8}\b"), None),
    (("csms",), re.compile(r"\bCSMS\s*#\s*\d{6,9}\b"), None),
    # Canada's regulations and orders: SOR/2024-123 (DORS/ in French), SI/2024-45, Orders in Council P.C. 2024-1234
    (("sor/", "dors/", "si/", "p.c."), _CA_INSTRUMENT, None),
    # UK statutory instruments: S.I. 2024/1234, SI 2024/1234, UKSI 2024/1234, "Statutory Instruments 2024 No. 1234"
    (("s.i.", "si ", "statutory instrument"), _UK_SI, None),
    # Netherlands: Staatscourant 2024, 12345 (Stcrt. 2024, nr. 12345); Staatsblad 2024, 123 (Stb.)
    (("stcrt", "staatscourant", "stb.", "staatsblad"), _NL_GAZETTE, None),
    # Indonesian ministerial regulations: Peraturan Menteri Perdagangan Nomor 23 Tahun 2023, Permendag No. 23/2023,
    # Minister of Trade Regulation No. 23 of 2023, PMK No. 123/PMK.010/2023
    (("peraturan", "permen", "pmk", "regulation"), _ID_MINISTERIAL, None),
    # Vietnamese legal documents: Decree No. 15/2018/ND-CP, Circular 08/2023/TT-BCT
    (("/nd-", "/tt-", "/qd-", "/nq-"), _VN_DOCUMENT, None),
)
# Docket numbers ("Docket No. 240813-0217", BIS-2024-0012) and RINs identify a rulemaking,
# not the document (taxonomy: they are not doc_ids), and none of the patterns above takes them.

# Words just before an identifier that make it a reference to another document.
_REFERENCE_CUE = re.compile(
    r"(?ix)(?:\b(?:amend(?:s|ed|ing)?|repeal(?:s|ed|ing)?|replac(?:es|ed|ing)(?:\s+\w+){0,4}\s+(?:to|of|in)|under|pursuant\s+to|"
    r"in\s+accordance\s+with|as\s+(?:set\s+out|laid\s+down|provided|referred\s+to)\s+in|referred\s+to\s+in|"
    r"established\s+by|see|cf\.|vide|of|by|in|to|following|superseding|supersedes|extends?|extending|"
    r"implementing|prolonging|withdrawing)\b[\s\w,]{0,6}"
    r"|根据|依据|依照|按照|参照|废止|修订|修改|延续|替代|暂停实施|停止实施|《)\s*[\[(（“\"]?\s*$"
)


_FR_CORRECTION = re.compile(r"C\d-")
_FR_NUMBER_LABEL = re.compile(r"(?i)\b(?:Document\s+Number|Doc(?:ument)?\.?\s*No\.?|FR\s+Doc\.?)$")
_SPACES = re.compile(r"\s+")
_CLAUSE_BREAK = re.compile(r"[.;。；\n]")


# Lower-case words of which one opens every match of a pattern, and how far after the
# word a match starts.
_START_WORDS: dict[re.Pattern[str], tuple[tuple[str, ...], int]] = {
    _NOTIFICATION: (("notification", "notice", "circular", "order"), 0),
    _ANNOUNCEMENT: (("public", "announcement"), 0),
    _EU_ACT: (("regulation", "decision", "directive"), 0),
}
# Characters that a case-insensitive pattern takes for an ASCII letter although their
# lower case is not that letter (İ ı ſ K); İ is also the one character whose lower case
# is two characters long. Without them, text.lower() keeps every position, and an ASCII
# word occurs in it exactly where the word occurs in the text in any case.
_CASE_FOLD_TRAPS = ("\u0130", "\u0131", "\u017f", "\u212a")


def _lower_case_is_faithful(text: str) -> bool:
    return text.isascii() or not any(trap in text for trap in _CASE_FOLD_TRAPS)


def _matches(pattern: re.Pattern[str], text: str, lowered: str | None = None) -> Iterator[re.Match[str]]:
    """pattern.finditer(text), tried only where a match can start.

    A Federal Register number cannot start before 4 characters ahead of its tail. The
    patterns of _START_WORDS are tried only where one of their opening words occurs in
    `lowered` (text.lower(), when it is faithful), leftmost first, each after the last match.
    """
    if pattern is _FR_DOCUMENT:
        tail = _FR_DOCUMENT_TAIL.search(text)
        return pattern.finditer(text, max(0, tail.start() - 4)) if tail else iter(())
    starts = _START_WORDS.get(pattern)
    if starts is None or lowered is None:
        return pattern.finditer(text)
    return _matches_at(pattern, text, sorted({at + starts[1] for word in starts[0] for at in _find_all(lowered, word)}))


def _find_all(text: str, word: str) -> Iterator[int]:
    at = text.find(word)
    while at != -1:
        yield at
        at = text.find(word, at + 1)


def _matches_at(pattern: re.Pattern[str], text: str, positions: list[int]) -> Iterator[re.Match[str]]:
    end = 0
    for position in positions:
        if position >= end:
            match = pattern.match(text, position)
            if match:
                yield match
                end = match.end()


def _occurs_test(literals: tuple[str, ...]) -> Callable[[str], bool]:
    """A test of whether any of `literals` occurs in a text, with as few passes over it as possible.

    Literals with a common start or end are looked for with one pattern that opens with
    that shared text, which the regex engine finds as fast as a plain substring search.
    """
    if len(literals) == 1:
        literal = literals[0]
        return lambda text: literal in text
    start = os.path.commonprefix(literals)
    end = os.path.commonprefix([literal[::-1] for literal in literals])[::-1]
    if start:
        pattern = re.compile(re.escape(start) + "(?:" + "|".join(re.escape(lit[len(start):]) for lit in literals) + ")")
    elif end:
        pattern = re.compile(re.escape(end) + "(?:" + "|".join(f"(?<={re.escape(lit)})" for lit in literals) + ")")
    else:
        return lambda text: any(map(text.__contains__, literals))
    return lambda text: pattern.search(text) is not None


_ALL_PATTERNS = tuple((_occurs_test(triggers), triggers, pattern, prefix)
                      for triggers, pattern, prefix in _PATTERNS)
# An ASCII text holds none of the non-ASCII triggers: the patterns they guard are skipped outright.
_ASCII_PATTERNS = tuple(entry for entry in _ALL_PATTERNS if any(trigger.isascii() for trigger in entry[1]))
# Every identifier holds a digit; many titles hold none.
_DIGIT = re.compile(r"\d")


def _candidates(text: str) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    lowered = text.lower()
    faithful = lowered if _lower_case_is_faithful(text) else None
    if not _DIGIT.search(text):
        return []
    entries = _ASCII_PATTERNS if text.isascii() else _ALL_PATTERNS
    for occurs_in, _, pattern, prefix in entries:
        if not occurs_in(lowered):
            continue
        for match in _matches(pattern, text, faithful):
            start, value = match.start(), match.group(0)
            if pattern is _CN_BRACKETED:
                start = _cn_file_code_start(text, start)
                if start == match.start():
                    continue  # a bracketed year without an issuing code is not a document number
                value = text[start:match.end()]
            elif pattern is _CN_ANNOUNCEMENT:
                start = _cn_issuer_start(text, start)
                value = text[start:match.end()]
            elif pattern is _FR_OLD_DOCUMENT and start and (text[start - 1].isalnum() or text[start - 1] in "-/"):
                continue
            elif pattern is _FR_DOCUMENT and start and (text[start - 1].isalnum() or text[start - 1] in "-/"):
                # A correction (C1-2024-00123), or a label run into the number by text extraction
                # ("Document Number2025-00704").
                if not (_FR_CORRECTION.fullmatch(text[max(0, start - 3):start])
                        or _FR_NUMBER_LABEL.search(text, max(0, start - 16), start)):
                    continue
            if prefix is not None:
                extension = prefix.search(text, max(0, start - 80), start)
                if extension and extension.end() == start and extension.start() < start:
                    value = text[extension.start():start] + value
                    start = extension.start()
            spans.append((start, match.end(), _SPACES.sub(" ", value).strip()))
    # Drop spans nested inside longer ones.
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[tuple[int, int, str]] = []
    for span in spans:
        if kept and span[0] >= kept[-1][0] and span[1] <= kept[-1][1]:
            continue
        kept.append(span)
    return kept


_CN_ISSUER_NAMES = tuple(sorted(_CN_ISSUERS, key=len, reverse=True))
# The same names (longest first) by their last character, so that only names that can end at a position are tried.
_CN_ISSUERS_BY_LAST: dict[str, tuple[str, ...]] = {
    last: tuple(name for name in _CN_ISSUER_NAMES if name[-1] == last) for last in {name[-1] for name in _CN_ISSUER_NAMES}
}


def _cn_issuer_start(text: str, position: int) -> int:
    """Start of the run of issuing bodies written just before 公告 ("商务部 海关总署公告…")."""
    start = position
    cursor = position
    while True:
        while cursor > 0 and text[cursor - 1] in " \u3000、和":
            cursor -= 1
        names = _CN_ISSUERS_BY_LAST.get(text[cursor - 1], ()) if cursor > 0 else ()
        name = next((n for n in names if text.endswith(n, 0, cursor)), None)
        if name is None:
            return start
        cursor -= len(name)
        start = cursor


# Words that may precede a file code such as 商服贸发〔2024〕1号 without being part of it.
_CN_LEADING_WORDS = ("根据", "依据", "按照", "依照", "参照", "现将", "印发", "转发", "关于", "执行", "落实", "将", "经", "的", "和", "及", "与", "见")


def _cn_file_code_start(text: str, position: int) -> int:
    """Start of the issuing code (2 to 6 ideographs) written just before 〔year〕."""
    start = position
    while start > 0 and position - start < 6 and "\u4e00" <= text[start - 1] <= "\u9fff":
        start -= 1
    code = text[start:position]
    stripped = True
    while stripped and len(code) > 2:
        stripped = False
        for word in _CN_LEADING_WORDS:
            if code.startswith(word) and len(code) - len(word) >= 2:
                code = code[len(word):]
                stripped = True
                break
    return position - len(code) if len(code) >= 2 else position


# Words just after an identifier that make it the object of the notice's action ("Regulation (EU) No 833/2014
# is amended as follows").
_REFERENCE_AFTER = re.compile(r"(?i)\s*(?:is|are|shall\s+be)\s+(?:hereby\s+)?(?:amended|repealed|replaced|corrected)\b")


def _is_reference(text: str, start: int, end: int | None = None) -> bool:
    if end is not None and _REFERENCE_AFTER.match(text, end):
        return True
    before = text[max(0, start - 40):start]
    before = _CLAUSE_BREAK.split(before)[-1]
    if before.rstrip().endswith(("(", "（")) and re.match(r"\d{2,3} FR ", text[start:start + 8]):
        return True  # "(88 FR 73458, October 25, 2023)" cites an earlier rule
    return bool(_REFERENCE_CUE.search(before))


_NUMBER_AND_YEAR = re.compile(r"(\d{1,6})\D+((?:19|20)\d{2})\b")
_YEAR_AND_NUMBER = re.compile(r"((?:19|20)\d{2})\D+?(\d{1,6})\b")
#: Indonesian ministries by the word that names them in either language, and the abbreviation of their regulations.
_ID_MINISTRIES = (("permendag", "Permendag"), ("permenperin", "Permenperin"), ("permentan", "Permentan"),
                  ("perdagangan", "Permendag"), ("trade", "Permendag"), ("keuangan", "PMK"), ("finance", "PMK"),
                  ("esdm", "Permen ESDM"), ("energi", "Permen ESDM"), ("energy", "Permen ESDM"),
                  ("perindustrian", "Permenperin"), ("industry", "Permenperin"), ("pertanian", "Permentan"),
                  ("agriculture", "Permentan"), ("kelautan", "Permen KP"), ("fisheries", "Permen KP"))


def canonical_doc_id(identifier: str) -> str:
    """One form per instrument, whatever the wording: ``Statutory Instruments 2024 No. 1234`` and ``SI 2024/1234``
    are both ``S.I. 2024/1234``; ``Staatscourant 2024 nr. 12345`` is ``Stcrt. 2024, 12345``; ``DORS/2024-0123`` is
    ``SOR/2024-123``; ``Peraturan Menteri Perdagangan Nomor 23 Tahun 2023`` and ``Minister of Trade Regulation No.
    23 of 2023`` are ``Permendag 23/2023``. Other identifiers come back with their spaces made single."""
    text = _SPACES.sub(" ", identifier).strip()
    if _CA_INSTRUMENT.fullmatch(text):
        kind, year, number = re.fullmatch(r"(SOR|DORS|SI|P\.C\.)\s*/?\s*(\d{4})-(\d+)", text).groups()  # type: ignore[union-attr]
        kind = "SOR" if kind == "DORS" else kind
        return f"{kind}{' ' if kind == 'P.C.' else '/'}{year}-{int(number)}"
    if _UK_SI.fullmatch(text):
        year, number = _YEAR_AND_NUMBER.search(text).groups()  # type: ignore[union-attr]
        return f"S.I. {year}/{int(number)}"
    if _NL_GAZETTE.fullmatch(text):
        year, number = _YEAR_AND_NUMBER.search(text).groups()  # type: ignore[union-attr]
        return f"{'Stb.' if text.lower().startswith(('stb', 'staatsblad')) else 'Stcrt.'} {year}, {int(number)}"
    if _ID_MINISTERIAL.fullmatch(text):
        finance = re.search(r"(\d{1,4})/PMK\.(\d{2,3})/(\d{4})", text)
        if finance:
            return f"PMK {int(finance.group(1))}/PMK.{finance.group(2)}/{finance.group(3)}"
        lowered = text.lower()
        ministry = next((short for word, short in _ID_MINISTRIES if word in lowered), None)
        if ministry:
            number, year = _NUMBER_AND_YEAR.search(text).groups()  # type: ignore[union-attr]
            return f"{ministry} {int(number)}/{year}"
    return text


def _key(identifier: str) -> str:
    return re.sub(r"\s+", "", canonical_doc_id(identifier)).lower()


def extract_doc_ids(title: str, text: str) -> list[str]:
    """Identifiers of the notice itself, as written, sorted and unique.

    Identifiers in the title win; identifiers cited as the basis or the target of
    an amendment ("amending Regulation (EU) 2021/821", "根据商务部公告2023年第23号")
    are references to other documents and are left out.
    """
    own: list[str] = []
    title_ids = [value for start, end, value in _candidates(title) if not _is_reference(title, start, end)]
    if title_ids:
        own.extend(title_ids)
        head = text[:300]
        own.extend(value for start, end, value in _candidates(head)
                   if not _is_reference(head, start, end) and _is_header_id(value))
    else:
        own.extend(value for start, end, value in _candidates(text) if not _is_reference(text, start, end))
    unique: dict[str, str] = {}
    for identifier in own:
        key = _key(identifier)
        if any(key in other for other in unique):
            continue
        for other in [o for o in unique if o in key]:
            del unique[other]
        unique[key] = identifier
    return sorted(unique.values())


def _is_header_id(identifier: str) -> bool:
    """Federal Register citations and docket numbers sit in headers next to the main id."""
    return bool(re.fullmatch(r"\d{2,3} FR \d+|[A-Z0-9]+-[A-Z0-9\-]+", identifier))
