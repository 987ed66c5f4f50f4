"""Rule literals that only an evaluation notice explains: in one evaluation notice and nowhere in the corpus.

    PYTHONPATH=. python nlp/eval/audit_literals.py [EVAL.jsonl ...]

A rule literal (a word or phrase of a pattern in the rule modules, or a commodity
term) is suspect when exactly one evaluation notice holds it and no training notice
does: nothing but that notice argues for it, so it was most likely added for it, and
it flatters the figures measured on that notice. Patterns are expanded into the
phrases they spell (alternatives, optional parts, one space for a whitespace class);
what they cannot spell (digits, wildcards) cuts a phrase in two. Prints one line per
suspect (module, literal, the notice) and exits 1 when there is any.
"""
from __future__ import annotations

import ast
import itertools
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any, NamedTuple

NLP_DIR = Path(__file__).resolve().parents[1]
RULE_MODULES = ("rules.py", "frames.py", "dates.py", "doc_ids.py", "codes.py", "commodities.py", "corpus_io.py", "lang.py")
COMMODITY_TERMS = NLP_DIR / "commodity_terms.json"
CORPUS = NLP_DIR / "corpus" / "notices.jsonl"
CHALLENGE = NLP_DIR / "eval" / "challenge.jsonl"
DEV_SET = Path(os.environ.get("REGWATCH_DEV_SET") or NLP_DIR.parents[1] / "shared" / "eval" / "dev.jsonl")
CUT = "\x00"  # stands for what a pattern matches that is not a fixed character
MAX_EXPANSIONS = 256
MIN_LATIN = 4  # shorter Latin fragments ("ban", "ear") are words of every notice, or pieces of one
MIN_CJK = 2


class Suspect(NamedTuple):
    """A literal of `source` found in the one evaluation notice `notice_id` and in no corpus notice."""

    source: str
    literal: str
    notice_id: str


def normalise(text: str) -> str:
    """Casefolded NFKC text with runs of whitespace as one space, as the literals are compared."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold())


def _spell(items: Any, budget: list[int]) -> list[str]:
    """The strings a parsed pattern spells, CUT where it matches something open; at most MAX_EXPANSIONS."""
    results = [""]
    for op, arg in items:
        if op is sre_constants.LITERAL:
            options = [chr(arg)]
        elif op is sre_constants.NOT_LITERAL or op is sre_constants.ANY:
            options = [CUT]
        elif op is sre_constants.IN:
            chars = [chr(a) for o, a in arg if o is sre_constants.LITERAL]
            if any(o is sre_constants.CATEGORY and a is sre_constants.CATEGORY_SPACE for o, a in arg):
                options = [" "]  # [-\s] and the like: one space stands for the class
            elif chars and len(chars) == len(arg) and len(chars) <= 3:
                options = chars
            else:
                options = [CUT]
        elif op is sre_constants.CATEGORY:
            options = [" "] if arg is sre_constants.CATEGORY_SPACE else [CUT]
        elif op is sre_constants.AT:
            options = [""]
        elif op is sre_constants.BRANCH:
            options = [s for branch in arg[1] for s in _spell(branch, budget)]
        elif op is sre_constants.SUBPATTERN:
            options = _spell(arg[-1], budget)
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
            low, high, inner = arg
            spelled = _spell(inner, budget)
            if spelled == [" "]:
                options = [" "] if low else ["", " "]
            elif high == 1:
                options = ([""] if low == 0 else []) + spelled
            else:
                options = ([""] if low == 0 else []) + [s if low <= 1 else CUT for s in spelled]
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            options = [""]
        else:
            options = [CUT]
        options = list(dict.fromkeys(options)) or [""]
        if len(results) * len(options) > MAX_EXPANSIONS:
            budget[0] = 0
            results = [r + CUT for r in results]
            continue
        results = [r + o for r, o in itertools.product(results, options)]
    return results


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def fragments(pattern: str) -> set[str]:
    """The literal phrases a string spells: itself when it is plain, its expansions when it is a pattern."""
    try:
        parsed = sre_parse.parse(pattern, re.VERBOSE if "\n" in pattern else 0)
        spelled = _spell(parsed.data, [1])
    except (re.error, RecursionError, TypeError, ValueError, AttributeError):
        spelled = [pattern]
    found = set()
    for text in spelled:
        for piece in text.split(CUT):
            piece = normalise(piece).strip(" -.,;:()")
            cjk = sum(_is_cjk(c) for c in piece)
            if cjk >= MIN_CJK or (not cjk and len(piece) >= MIN_LATIN and any(c.isalpha() for c in piece)):
                found.add(piece)
    return found


def rule_literals(modules: Sequence[str] = RULE_MODULES) -> Iterator[tuple[str, str]]:
    """(source, literal) for every phrase of every string constant of the rule modules and every commodity term."""
    for name in modules:
        tree = ast.parse((NLP_DIR / name).read_text(encoding="utf-8"))
        skipped = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef) and node.body
                      and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
        # the names of a record's fields (record["kind"], record.get("lang")) are not vocabulary
        skipped |= {id(node.slice) for node in ast.walk(tree) if isinstance(node, ast.Subscript)}
        skipped |= {id(node.args[0]) for node in ast.walk(tree)
                       if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                       and node.func.attr == "get" and node.args}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped:
                for literal in fragments(node.value):
                    yield name, literal
    terms = json.loads(COMMODITY_TERMS.read_text(encoding="utf-8"))
    for slug, by_lang in terms.items():
        if isinstance(by_lang, dict):
            for words in by_lang.values():
                for word in words:
                    yield f"commodity_terms.json:{slug}", normalise(word)


_SUFFIXES = ("ing", "ion", "ions", "ed", "es", "s", "d")


def _word_family(literal: str) -> list[str]:
    """The literal, and its forms with the last word's inflection cut ("renews" → "renew"): one word, one family."""
    forms = [literal]
    if literal.isascii():
        for suffix in _SUFFIXES:
            if literal.endswith(suffix) and len(literal) - len(suffix) >= MIN_LATIN:
                forms.append(literal[: -len(suffix)])
    return forms


def _texts(rows: Iterable[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(str(r["id"]), normalise(f"{r.get('title') or ''}\n{r.get('text') or ''}")) for r in rows]


def suspects(evaluation: Sequence[dict[str, Any]], corpus: Sequence[dict[str, Any]],
             literals: Iterable[tuple[str, str]] | None = None) -> list[Suspect]:
    """Every rule literal found in exactly one evaluation notice and in no corpus notice."""
    corpus_text = "\x00".join(text for _, text in _texts(corpus))
    notices = _texts(evaluation)
    found = []
    seen: set[tuple[str, str]] = set()
    for source, literal in literals if literals is not None else rule_literals():
        if (source, literal) in seen or any(form in corpus_text for form in _word_family(literal)):
            continue
        seen.add((source, literal))
        holders = [notice_id for notice_id, text in notices if literal in text]
        if len(holders) == 1:
            found.append(Suspect(source, literal, holders[0]))
    return found


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: Sequence[str]) -> int:
    paths = [Path(a) for a in argv] or [p for p in (CHALLENGE, DEV_SET) if p.exists()]
    evaluation = [row for path in paths for row in _read(path)]
    found = suspects(evaluation, _read(CORPUS))
    for suspect in found:
        print(f"{suspect.source}\t{suspect.literal!r}\t{suspect.notice_id}")
    print(f"{len(found)} literal(s) in one evaluation notice and no corpus notice", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
