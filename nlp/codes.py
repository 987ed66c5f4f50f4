"""Harmonized System codes and export control classification numbers named in a notice."""
from __future__ import annotations

import re

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
_HS_CODE = re.compile(r"(?<![\d.,/\-])(?:ex\s*)?(\d{4}(?:[. ]?\d{2}){0,3})(?![\d]|[.,]\d|年|-\d)")
# Text allowed between a cue and its first code, and between consecutive codes.
_LEAD_GAP = re.compile(r"[\s:：()（）,，\"“”'‘’]*(?:(?:no|nos|numbers?|of|is|are|as|为|為|是|包括)\.?[\s:：]*)?[\s:：()（）]*$", re.I)
_CHAIN_GAP = re.compile(
    r"^[\s,，、;；/]*(?:[(（][^()（）\d]{0,40}[)）])?[\s,，、;；/]*"
    r"(?:(?:and|or|to|and/or|as well as|及|和|以及|或|至)[\s,，、]*)?(?:ex\s*)?$",
    re.I,
)
_NOT_HS_AFTER = re.compile(r"^\s*(?:edition|version|nomenclature|amendments?|版|年版|年)", re.I)


_FOUR_DIGITS = re.compile(r"\d{4}")
# Every cue in _HS_CUE contains one of these (lower-cased) literals.
_CUE_LITERALS = ("hs", "hts", "cn code", "taric", "commodity code", "tariff", "heading", "classified", "harmoni",
                 "税则", "税号", "编号", "编码", "稅則", "號列")


def _codes_after_cue(text: str, position: int, codes: set[str]) -> None:
    first = True
    while True:
        match = _HS_CODE.search(text, position, min(len(text), position + 60))
        if not match:
            return
        gap = text[position:match.start()]
        if first:
            if len(gap) > 30 or not _LEAD_GAP.search(gap):
                return
        elif not _CHAIN_GAP.match(gap):
            return
        if _NOT_HS_AFTER.match(text[match.end():match.end() + 20]):
            return
        digits = re.sub(r"\D", "", match.group(1))
        if len(digits) in (4, 6, 8, 10):
            codes.add(digits)
        position = match.end()
        first = False


def extract_hs_codes(text: str) -> list[str]:
    """HS/HTS/CN codes introduced by a classification cue, digits only, sorted and unique.

    Numbers without a cue (phone numbers, dates, Federal Register pages, document
    numbers) are never taken as codes.
    """
    codes: set[str] = set()
    lowered = text.lower()
    # Looking for cues only before 4-digit runs keeps the scan cheap on long notices.
    done_until = -1
    for number in _FOUR_DIGITS.finditer(text):
        if number.start() <= done_until:
            continue
        # A cue is at most ~20 characters long and its first code follows within 30.
        window_start = max(0, number.start() - 50)
        window = lowered[window_start:number.start()]
        if not any(word in window for word in _CUE_LITERALS):
            continue
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


def extract_eccns(text: str) -> list[str]:
    """ECCNs and EU/Wassenaar control entries (3A090, 4A090.a, 1C010), sorted and unique."""
    found: set[str] = set()
    for match in _ECCN.finditer(text):
        if match.start() and text[match.start() - 1] in _ECCN_BAD_BEFORE:
            continue
        if _ECCN_FALSE_FRIEND_AFTER.match(text[match.end():match.end() + 16]):
            continue
        found.add(match.group(0))
    return sorted(found)
