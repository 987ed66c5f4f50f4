"""Harmonized System codes and export control classification numbers named in a notice."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from .literals import literal_spans

# Words that mark the following numbers as customs/tariff classification codes.
_HS_CUE = re.compile(
    r"""(?ix)
    (?:
        \bITC\s*\(\s*HS\s*\)(?:\s*codes?)?
      | \bHS\s*N?\b(?:\s*(?:codes?|headings?|subheadings?|lines?|numbers?|nos?\.?))?
      | \bHTS(?:US)?\b(?:\s*(?:codes?|headings?|subheadings?|numbers?|statistical\s+reporting\s+numbers?))?
      | \bCN\s+codes?\b | \bTARIC\s+codes?\b
      | \b(?:customs\s+)?commodity\s+codes?\b
      | \btariff\s+(?:lines?|items?|headings?|subheadings?|codes?|numbers?|classifications?)\b
      | \b(?:sub)?headings?\b
      | \bclassified\s+(?:under|in)\b
      | \bHarmoni[sz]ed\s+(?:System|Tariff\s+Schedule)\s+(?:codes?|numbers?|headings?|subheadings?)?
    )
    | 进出口税则\s*》? | 稅則號[別列] | 貨品號列
    | 税则号列 | 税则号 | 税号 | 海关商品编号 | 商品编号 | 商品编码 | HS\s*编码 | 海关编码 | 海关税则号
    """
)
# 4 digits, then up to three groups of 2 digits, separated by a dot, a space or nothing:
# 2805.30, 8112.92.90 10, 8105209000, 1701 14 90.
_HS_CODE = re.compile(r"(?i)(?<![\d.,/\-])(?:ex\s*)?(\d{4}(?:[. ]?\d{2}){0,3})(?![\d]|[.,]\d|年|-\d)")
# Text allowed between a cue and its first code, and between consecutive codes.
_LEAD_GAP = re.compile(r"[\s:：()（）,，\"“”'‘’]*(?:(?:no|nos|numbers?|of|is|are|as|为|為|是|包括)\.?[\s:：]*)?[\s:：()（）]*$", re.I)
_CHAIN_GAP = re.compile(
    r"^[\s,，、;；/]*(?:[(（][^()（）\d]{0,40}[)）])?[\s,，、;；/]*"
    r"(?:(?:and|or|to|and/or|as well as|及|和|以及|或|至)[\s,，、]*)?(?:ex\s*)?$",
    re.I,
)
# An "ex" heading (part of a heading) is a tariff code by its notation, cue or not:
# "Ex 30049029", "ex 8504 40 90". At least six digits, so that "ex 2500" is not taken.
_EX_HEADING = re.compile(r"(?i)\bex\s+(\d{4}(?:[. ]?\d{2}){1,3})(?![\d]|[.,]\d)")
_NOT_HS_AFTER = re.compile(r"^\s*(?:edition|version|nomenclature|amendments?|版|年版|年)", re.I)


_FOUR_DIGITS = re.compile(r"\d{4}")
# Every cue in _HS_CUE contains one of these (lower-cased) literals.
_CUE_LITERALS = ("hs", "hts", "cn code", "taric", "commodity code", "tariff", "heading", "classified", "harmoni",
                 "税则", "税号", "编号", "编码", "稅則", "號列")


def _is_year(digits: str) -> bool:
    """A 4-digit number that reads as a year and is no HS heading.

    Chapter 19 ends at heading 1905 and chapter 20 at 2009, so 1906-1999 and 2010-2099
    can only be years ("ITC (HS) 2018", "HS nomenclature 2022").
    """
    return len(digits) == 4 and (1906 <= int(digits) <= 1999 or 2010 <= int(digits) <= 2099)


def _codes_after_cue(text: str, position: int, codes: set[str]) -> None:
    first = True
    while True:
        match = _HS_CODE.search(text, position, min(len(text), position + 60))
        if not match:
            return
        gap = text[position:match.start()]
        if first:
            # The whole gap, not its end: "ITC (HS) Export Policy, 2018" names a schedule, not a code.
            if len(gap) > 30 or not _LEAD_GAP.match(gap):
                return
        elif not _CHAIN_GAP.match(gap):
            return
        if _NOT_HS_AFTER.match(text[match.end():match.end() + 20]):
            return
        digits = re.sub(r"\D", "", match.group(1))
        if _is_year(digits):
            return
        if len(digits) in (4, 6, 8, 10):
            codes.add(digits)
        position = match.end()
        first = False


def _cue_windows(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merged ranges [first, last] of number positions that have a cue literal in the 50 characters before them."""
    windows: list[tuple[int, int]] = []
    for first, last in sorted((end, start + 50) for start, end in spans):
        if windows and first <= windows[-1][1] + 1:
            if last > windows[-1][1]:
                windows[-1] = (windows[-1][0], last)
        else:
            windows.append((first, last))
    return windows


def _numbers_within(text: str, first: int, last: int):
    """The _FOUR_DIGITS matches of a whole-text scan that start between `first` and `last`."""
    # A scan splits a run of digits into fours from the run's start: start there too.
    position = min(first, len(text))
    while position > 0 and text[position - 1].isdecimal():  # \d is the Unicode decimal category
        position -= 1
    for number in _FOUR_DIGITS.finditer(text, position, min(len(text), last + 4)):
        if number.start() > last:
            return
        if number.start() >= first:
            yield number


def extract_hs_codes(text: str) -> list[str]:
    """HS/HTS/CN codes introduced by a classification cue, digits only, sorted and unique.

    Numbers without a cue (phone numbers, dates, Federal Register pages, document
    numbers) are never taken as codes.
    """
    codes: set[str] = set()
    lowered = text.lower()
    headings: Iterable[re.Match[str] | None]
    if len(lowered) == len(text):  # the lower-cased text keeps every position
        headings = (_EX_HEADING.match(text, start) for start, _ in literal_spans(lowered, ("ex ",)))
    else:
        headings = _EX_HEADING.finditer(text)
    for heading in headings:
        if heading and len(digits := re.sub(r"\D", "", heading.group(1))) in (6, 8, 10):
            codes.add(digits)
    # A cue is at most ~20 characters long and its first code follows within 30, so
    # only 4-digit runs with one of the cue literals in the 50 characters before them
    # are looked at; the literals are found first, and only the digits near them scanned.
    spans = literal_spans(lowered, _CUE_LITERALS)
    if not spans:
        return sorted(codes)
    done_until = -1
    for first, last in _cue_windows(spans):
        for number in _numbers_within(text, max(first, done_until + 1), last):
            if number.start() <= done_until:
                continue
            window_start = max(0, number.start() - 50)
            if not _HS_CUE.search(text, window_start, number.start()):
                continue
            for cue in _HS_CUE.finditer(text, window_start, number.start()):
                _codes_after_cue(text, cue.end(), codes)
            done_until = number.end()
    return sorted(codes)


# Category digit, product group A-E, three digits, optional paragraph (".a", ".b.1").
_ECCN = re.compile(r"[0-9][A-E][0-9]{3}(?:\.[a-z](?:\.[0-9]{1,2})?)?(?![A-Za-z0-9]|\.[0-9])")
_ECCN_BAD_BEFORE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-/.")
# Strings of that shape which are not control entries.
_ECCN_FALSE_FRIEND_AFTER = re.compile(r"^\s*(?:mm|cm|km|kg|mhz|ghz|series\s+engine)\b", re.I)


# Where an ECCN can start: the text with each ASCII digit as "0", each of A-E as "A" and
# every other character (a non-ASCII one is first encoded as "?") as a space, searched
# for "0A000" -- a plain substring search instead of a regex attempt at every digit.
# Two ECCNs never overlap, so matching at each such place finds what finditer finds.
_ECCN_SHAPE = bytes(48 if 48 <= byte <= 57 else 65 if 65 <= byte <= 69 else 32 for byte in range(256))


def _eccn_matches(text: str) -> Iterator[re.Match[str]]:
    shape = text.encode("ascii", "replace").translate(_ECCN_SHAPE)
    at = shape.find(b"0A000")
    while at != -1:
        match = _ECCN.match(text, at)
        if match:
            yield match
        at = shape.find(b"0A000", at + 1)


# A number and a decimal comma or point just before: "19,9A999" is a duty rate (19,9 %)
# run into a company code (A999) in a table, not an entry. An entry before the
# comma ("3A001,3A002") is a list.
_DECIMAL_BEFORE = re.compile(r"(?<![0-9A-Za-z])[0-9]{1,3}[,.]$")
# India's SCOMET list writes entries as category, group and a number of one to three
# digits (8A5, 3A401, 6A007.a). The short ones are read only after a SCOMET cue, and
# the entries chained after it.
_SCOMET_CUE = re.compile(r"(?i)\bSCOMET\b(?:\s+(?:list|categor(?:y|ies)|items?|entr(?:y|ies)|heads?))*(?:\s*(?:no\.?|nos\.?|[:/]))?\s*(?:[0-9](?![0-9A-Z])\s*)?[(:]?\s*")
_SCOMET_ENTRY = re.compile(r"([0-9][A-E][0-9]{1,3}(?:\.[a-z](?:\.[0-9]{1,2})?)?)(?![A-Za-z0-9]|\.[0-9])")
_SCOMET_GAP = re.compile(r"(?i)(?:\s*(?:,|;|/|and|or|to|&|\(|\))\s*)+|\s*(?:categor(?:y|ies)|items?|entr(?:y|ies))\s*")


def _scomet_entries(text: str, lowered: str) -> Iterator[str]:
    """Short SCOMET entries after a "SCOMET category/item" cue: "SCOMET category 8A5 and 8A6"."""
    at = lowered.find("scomet")
    while at != -1:
        cue = _SCOMET_CUE.match(text, at)
        position = cue.end() if cue else at + 6
        while True:
            entry = _SCOMET_ENTRY.match(text, position)
            if entry is None:
                break
            yield entry.group(1)
            gap = _SCOMET_GAP.match(text, entry.end())
            if gap is None:
                break
            position = gap.end()
        at = lowered.find("scomet", at + 6)


# National list entries beside the dual-use categories: the military list's ML1-ML22 (Wassenaar's numbering,
# which the EU, UK, Australian and other lists keep) and the UK's national dual-use entries PL5001-PL9xxx,
# each with an optional paragraph (ML8.a.1, PL9009.b). Upper case as the lists print them: "ml" is a unit.
_NATIONAL_ENTRY = re.compile(
    r"(?<![A-Za-z0-9\-/.])(?:ML(?:2[0-2]|1[0-9]|[1-9])|PL[5-9][0-9]{3})(?:\.[a-z](?:\.[0-9]{1,2})?)?(?![A-Za-z0-9]|\.[0-9])")


def extract_eccns(text: str) -> list[str]:
    """Control-list entries (3A090, 4A090.a, 1C010; SCOMET 8A5 after its cue; military list ML10, UK PL9013),
    sorted and unique."""
    found: set[str] = set()
    for match in _eccn_matches(text):
        start = match.start()
        if start and text[start - 1] in _ECCN_BAD_BEFORE:
            continue
        if start and text[start - 1] in ",." and _DECIMAL_BEFORE.search(text, max(0, start - 6), start):
            continue
        if _ECCN_FALSE_FRIEND_AFTER.match(text[match.end():match.end() + 16]):
            continue
        found.add(match.group(0))
    if "ML" in text or "PL" in text:
        found.update(match.group(0) for match in _NATIONAL_ENTRY.finditer(text))
    lowered = text.lower()
    if "scomet" in lowered and len(lowered) == len(text):
        found.update(_scomet_entries(text, lowered))
    return sorted(found)
