"""Language detection for notices that arrive without a `lang` field."""
from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "zh")


def detect_language(text: str, sample_chars: int = 4000) -> str:
    """Return "zh" when CJK ideographs make up a fifth or more of the letters, else "en".

    A Chinese notice quoting English names or ECCNs still has far more ideographs
    than Latin letters per character of meaning, so a low share is enough.
    """
    sample = text[:sample_chars]
    cjk = len(_CJK.findall(sample))
    latin = len(_LATIN.findall(sample))
    if cjk == 0:
        return "en"
    # One ideograph carries roughly as much as a four-letter word.
    return "zh" if cjk * 4 >= latin * 0.5 else "en"


def declared_language(lang: str | None) -> str | None:
    """The supported pipeline a declared language tag ("zh-CN", "en-GB") names, else None."""
    if lang:
        tag = lang.strip().lower().replace("_", "-").split("-")[0]
        if tag in SUPPORTED_LANGUAGES:
            return tag
    return None


def normalise_language(lang: str | None, text: str) -> str:
    """Map a declared language tag ("zh-CN", "en-GB", None) onto a supported pipeline."""
    return declared_language(lang) or detect_language(text)
