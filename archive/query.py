"""Reading a user's full-text query into a tree, for queries the word index cannot answer alone.

The archive's full-text indexes split words on spaces and punctuation, so a
run of Chinese or Japanese characters is one long token and ``镓`` would never
match ``对镓、锗相关物项``. Terms in those scripts are matched as substrings
instead, and a query mixing them with operators (``(镓 OR 锗) AND export``)
must keep its meaning: this module parses the FTS5 query syntax users write
(words, ``"phrases"``, ``prefix*``, ``title:``/``text:``/``ids:`` columns,
``AND``/``OR``/``NOT`` with FTS5's precedence, parentheses, ``NEAR(…)``)
into a tree whose leaves are either index queries or substrings.

It is the one reader of queries: ``regwatch search``, the web archive and
keyword subscriptions all turn a query into SQL over the one full-text index
(``notice_search``) through ``word_conditions`` here, so phrase, prefix,
CJK and label-word rules are the same everywhere. A word that names a
commodity or topic (``gallium``, ``rare earth``, ``镓``), an HS code
(``8112``; four digits between 1900 and 2100 are years) or a country
(``China``, ``中国``, ``"united kingdom"``) also matches the notices labelled
with it; ``readings`` says which words were read so.
"""
from __future__ import annotations

import functools
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from archive.taxonomy import COMMODITIES, DISPLAY_NAMES, TOPICS

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_BAREWORD = re.compile(r"^[\w\u0080-\uffff]+$")
_LEXEME = re.compile(r'\s*(?:(?P<near>NEAR\((?:[^()"]|"(?:[^"]|"")*")*\))|(?P<paren>[()])|'
                     r'(?P<term>(?:(?:title|text|ids):)?(?:"(?:[^"]|"")*"|[^\s()"]+)\*?))')
OPERATORS = ("AND", "OR", "NOT")
#: The most words, phrases and NEAR groups one query may hold: each costs an index lookup (or, for a
#: Chinese or Japanese term, a scan of the texts), so the work of a search grows with their number.
MAX_TERMS = 200
#: The deepest nesting of operators (parentheses, chains of NOT) a query may have: a query with Chinese or
#: Japanese terms becomes nested SQL, and SQLite's parser stops at about 25 levels.
MAX_DEPTH = 20
_TERM = re.compile(r'NEAR\((?:[^()"]|"(?:[^"]|"")*")*\)|"(?:[^"]|"")*"?|[^\s()"]+')


class QueryParseError(ValueError):
    """A query that cannot be read, said in one line."""


# The one full-text index: one row per notice (its current version), row id = publication day << 32 | notice id.
INDEX = "notice_search"
DOC = "(notice_search.rowid & 4294967295)"
WORD_COLUMNS = "{title text ids}"
_QUERY_TOKEN = re.compile(r'"(?:[^"]|"")*"\*?|\S+')


@dataclass(frozen=True)
class Leaf:
    """One word, phrase or NEAR group: ``fts`` as the index reads it, or ``substring`` for CJK text."""

    fts: str
    substring: str | None = None
    column: str | None = None  # title, text or ids when the user named one


@dataclass(frozen=True)
class Node:
    """``op`` (AND, OR, NOT) over its children; ``a NOT b`` has exactly two."""

    op: str
    children: tuple[Leaf | Node, ...]


Tree = Leaf | Node


def has_cjk(text: str) -> bool:
    return CJK.search(text) is not None


def fts_word(core: str) -> str:
    """A word as FTS5 must read it: one it would misparse (``2023-16646``, ``3A090.b``) as a quoted phrase."""
    if core.startswith('"') or _BAREWORD.match(core):
        return core
    return '"' + core.replace('"', '""') + '"'


def check_size(query: str) -> None:
    """QueryParseError, in one line naming the limit, when QUERY holds more than ``MAX_TERMS`` terms."""
    terms = sum(1 for term in _TERM.findall(query) if term not in OPERATORS)
    if terms > MAX_TERMS:
        raise QueryParseError(f"the query has {terms:,} terms and a search takes at most {MAX_TERMS}: "
                              "search for fewer words, or narrow it with filters")


def _leaf(token: str) -> Leaf:
    column = None
    head = re.match(r"^(title|text|ids):", token)
    if head:
        column, token = head.group(1), token[head.end():]
    star = "*" if token.endswith("*") else ""
    core = token[:-1] if star else token
    if core.startswith('"'):
        inner = core[1:-1].replace('""', '"')
    else:
        inner = core
    if has_cjk(inner):
        return Leaf(fts="", substring=inner.strip(), column=column)
    return Leaf(fts=(f"{column}:" if column else "") + fts_word(core) + star, column=column)


def _lex(query: str) -> list[str]:
    tokens, position = [], 0
    query = query.rstrip()
    while position < len(query):
        match = _LEXEME.match(query, position)
        if not match or match.end() == position:
            rest = query[position:].lstrip()
            raise QueryParseError(f"cannot read the query {query!r}: a quote is not closed at {rest[:12]!r}; "
                                  "put phrases in double quotes and close every parenthesis")
        tokens.append(match.group("near") or match.group("paren") or match.group("term"))
        position = match.end()
    return tokens


def parse(query: str) -> Tree:
    """The tree of QUERY; QueryParseError for a query that is not well formed or too long."""
    check_size(query)
    tokens = _lex(query)
    position = 0

    def peek() -> str | None:
        return tokens[position] if position < len(tokens) else None

    def take() -> str:
        nonlocal position
        position += 1
        return tokens[position - 1]

    def fail(why: str) -> QueryParseError:
        return QueryParseError(f"cannot read the query {query!r}: {why}; put phrases in double quotes "
                               "and write AND, OR, NOT in capitals between words")

    def primary() -> Tree:
        token = peek()
        if token is None:
            raise fail("it ends where a word was expected")
        if token == "(":
            take()
            inner = alternatives()
            if take_if(")") is None:
                raise fail("a parenthesis is not closed")
            return inner
        if token == ")" or token in OPERATORS:
            raise fail(f"{token!r} where a word was expected")
        take()
        if token.startswith("NEAR("):
            if has_cjk(token):
                raise fail("NEAR() cannot hold Chinese or Japanese terms; write them as separate words")
            return Leaf(fts=token)
        return _leaf(token)

    def take_if(expected: str) -> str | None:
        return take() if peek() == expected else None

    def negations() -> Tree:
        tree = primary()
        while take_if("NOT"):
            tree = Node("NOT", (tree, primary()))
        return tree

    def conjunction() -> Tree:
        parts = [negations()]
        while (token := peek()) is not None and token not in (")", "OR"):
            take_if("AND")
            parts.append(negations())
        return parts[0] if len(parts) == 1 else Node("AND", tuple(parts))

    def alternatives() -> Tree:
        parts = [conjunction()]
        while take_if("OR"):
            parts.append(conjunction())
        return parts[0] if len(parts) == 1 else Node("OR", tuple(parts))

    if not tokens:
        raise fail("it has no words")
    tree = alternatives()
    if peek() is not None:
        raise fail(f"unexpected {peek()!r}")
    if depth(tree) > MAX_DEPTH:
        raise QueryParseError(f"the query nests its operators more than {MAX_DEPTH} levels deep: "
                              "write it with fewer parentheses or NOTs")
    return tree


def depth(tree: Tree) -> int:
    """How many operators deep TREE nests (a single word: 0)."""
    if isinstance(tree, Leaf):
        return 0
    return 1 + max(depth(child) for child in tree.children)


def tree_has_cjk(tree: Tree) -> bool:
    if isinstance(tree, Leaf):
        return tree.substring is not None
    return any(tree_has_cjk(child) for child in tree.children)


def to_fts(tree: Tree) -> str:
    """The FTS5 expression for a tree without CJK leaves."""
    if isinstance(tree, Leaf):
        if tree.substring is not None:
            raise ValueError("a substring leaf has no FTS5 form")
        return tree.fts
    return "(" + f" {tree.op} ".join(to_fts(child) for child in tree.children) + ")"


# -- from a user's query to SQL over the index ------------------------------------


def tag(prefix: str, value: str) -> str:
    """The tag word the index holds for a label (lower case, separators dropped; see archive/db.py)."""
    return prefix + re.sub(r"[_\-. ]", "", value.lower())


def hs_tags(code: str) -> list[str]:
    """The tag words of notices an HS code matches: its own code and longer ones, and the headings of four
    digits or more a notice lists that contain it (see migration 060)."""
    own = f"hs{code}" if len(code) in (2, 4, 6, 8) else f"hs{code}*"
    return [own, *(f"hsx{code[:n]}" for n in range(4, len(code)))]


def _label_words() -> dict[str, tuple[str, str, str]]:
    """Query words that name a commodity or topic (slug, its words, its display names in English and
    Chinese), each with (kind, slug, tag word of the notices labelled with it)."""
    words: dict[str, tuple[str, str, str]] = {}
    for kind, prefix, slugs in (("commodity", "com", COMMODITIES), ("topic", "top", TOPICS)):
        for slug in slugs:
            english, chinese = DISPLAY_NAMES[slug]
            for name in (slug, slug.replace("_", " "), english.lower().split(" (")[0], chinese):
                words[name] = words[name.removesuffix("s")] = (kind, slug, tag(prefix, slug))
    words.pop("", None)
    return words


LABEL_WORDS = _label_words()

# Short names people write for a jurisdiction, beside the names the locale data gives.
_JURISDICTION_SHORT_NAMES = {"uk": "GB", "britain": "GB", "great britain": "GB", "usa": "US", "eu": "EU",
                             "prc": "CN"}
# The languages whose country names a query word is read in: the lexicon's two, and Japanese for METI.
_NAME_LANGUAGES = ("en", "zh", "ja")
# Four digits read as an HS heading unless they read as a year.
_YEARS = range(1900, 2101)
_HS_WORD = re.compile(r"\d{4}(?:\d{2}){0,3}")


@functools.cache
def jurisdiction_words() -> dict[str, str]:
    """Country and union names (lower case) in every language of ``_NAME_LANGUAGES``, each with its code as
    sources give it (ISO 3166, and EU)."""
    from babel import Locale

    words = dict(_JURISDICTION_SHORT_NAMES)
    for language in _NAME_LANGUAGES:
        for code, name in Locale(language).territories.items():
            if re.fullmatch(r"[A-Z]{2}", code) and code != "ZZ":
                words.setdefault(name.lower(), code)
    return words


def _label_of(leaf: str) -> tuple[str, str, str] | None:
    """What a query word or phrase also reads as: (kind, slug or code, index expression of the notices
    carrying it), for a commodity or topic name, an HS code, or a country name."""
    word = leaf.strip('"').replace('""', '"').lower()
    label = LABEL_WORDS.get(word)
    if label:
        return label
    if _HS_WORD.fullmatch(word) and not (len(word) == 4 and int(word) in _YEARS):
        return "HS code", word, "(" + " OR ".join(hs_tags(word)) + ")"
    code = jurisdiction_words().get(word)
    if code:
        return "jurisdiction", code, tag("jur", code)
    return None


def readings(query: str | None) -> list[tuple[str, str, str]]:
    """The words of QUERY also read as a label: (word as written, kind, slug), e.g. ("gallium", "commodity", "gallium")."""
    if not query:
        return []
    out: list[tuple[str, str, str]] = []
    for token in _QUERY_TOKEN.findall(query):
        word = re.sub(r"^(title|text|ids):", "", token).strip("()")
        if word in OPERATORS or word.endswith("*") or token.startswith(("title:", "text:", "ids:")):
            continue
        label = _label_of(word)
        if label and (word.strip('"'), label[0], label[1]) not in out:
            out.append((word.strip('"'), label[0], label[1]))
    return out


def _scoped(leaf: str, columns: str | None) -> str:
    """LEAF (a word or phrase) searched in COLUMNS and, when it names a label, in the notices carrying it."""
    if columns is None:
        return leaf
    label = _label_of(leaf)
    return f"({columns} : {leaf} OR tags : {label[2]})" if label else f"{columns} : {leaf}"


def normalise_query(query: str, columns: str | None = None) -> str | None:
    """The FTS5 expression for a user query without Chinese or Japanese terms.

    Words that FTS5 would misread (``2023-16646``, ``3A090.b``, ``EU/2021/821``)
    are quoted as phrases; quoted phrases, ``AND``/``OR``/``NOT``, parentheses,
    ``prefix*`` and ``title:``/``text:``/``ids:`` column filters pass through.
    With COLUMNS, every word without a column of its own is searched in those columns, and a word
    that names a commodity or topic also matches the notices labelled with it.
    """
    parts: list[str] = []
    for token in _QUERY_TOKEN.findall(query):
        if token in OPERATORS:
            parts.append(token)
            continue
        if token.startswith('"'):
            star = "*" if token.endswith("*") else ""
            parts.append(_scoped(token, columns) if not star else f"{columns} : {token}" if columns else token)
            continue
        column = ""
        head = re.match(r"^(title|text|ids):", token)
        if head:
            column, token = head.group(0), token[head.end():]
        inner = token.lstrip("(")
        opening = token[: len(token) - len(inner)]
        core = inner.rstrip(")")
        closing = inner[len(core):]
        star = ""
        if core.endswith("*"):
            core, star = core[:-1], "*"
        if not core or column or columns is None:
            parts.append(f"{opening}{column}{fts_word(core) if core else ''}{star}{closing}")
        elif star:
            parts.append(f"{opening}{columns} : {fts_word(core)}{star}{closing}")
        else:
            parts.append(f"{opening}{_scoped(fts_word(core), columns)}{closing}")
    if columns is not None:  # a column-filtered term takes no implicit AND: write it out
        joined: list[str] = []
        for part in parts:
            if joined and joined[-1] not in OPERATORS and not joined[-1].endswith("(") \
                    and part not in OPERATORS and not part.startswith(")"):
                joined.append("AND")
            joined.append(part)
        parts = joined
    # An expression that ends in, or is only, operators is what the user typed: let FTS5 report it.
    expression = " ".join(parts).strip()
    dangling = re.sub(r"(^|\s)(AND|OR|NOT)(?=\s|$)", " ", expression).strip(" ()")
    if not dangling and expression:
        raise QueryParseError(f"the query {query!r} has operators but no words to search for")
    return (expression or None) if dangling else None


_checker: sqlite3.Connection | None = None


def check_expression(expression: str, query: str) -> None:
    """Parse a full-text expression against an empty in-memory index, so a bad query fails before any work."""
    global _checker
    if _checker is None:
        _checker = sqlite3.connect(":memory:", check_same_thread=False)
        _checker.execute(f"CREATE VIRTUAL TABLE {INDEX} USING fts5(title, text, ids, tags)")
    try:
        _checker.execute(f"SELECT rowid FROM {INDEX} WHERE {INDEX} MATCH ?", [expression]).fetchall()
    except sqlite3.OperationalError as exc:
        raise QueryParseError(f"cannot read the query {query!r} ({exc}); put phrases in double quotes "
                              "and write AND, OR, NOT in capitals between words") from None


def _substring_condition(leaf: Leaf) -> tuple[str, list[str]]:
    """SQL finding a Chinese or Japanese term inside the current title or text (or the one column named)."""
    term = leaf.substring
    if term is None:
        raise ValueError(f"{leaf.fts!r} is not a Chinese or Japanese term")
    label = _label_of(term) if leaf.column is None else None
    if leaf.column == "title":
        return "instr(d.title, ?) > 0", [term]
    if leaf.column == "text":
        return "instr(v.text, ?) > 0", [term]
    if label:  # 镓 also finds the notices labelled gallium, as `gallium` does
        return (f"(instr(v.text, ?) > 0 OR instr(d.title, ?) > 0 OR d.id IN "
                f"(SELECT {DOC} FROM {INDEX} WHERE {INDEX} MATCH ?))", [term, term, f"tags : {label[2]}"])
    return "(instr(v.text, ?) > 0 OR instr(d.title, ?) > 0)", [term, term]


def _words(tree: Tree, query: str) -> str:
    expression = normalise_query(to_fts(tree), WORD_COLUMNS)
    if expression is None:
        raise QueryParseError(f"cannot read the query {query!r}: it has no words")
    return expression


def _tree_condition(tree: Tree, query: str) -> tuple[str, list[Any]]:
    """SQL for a query whose CJK terms sit under OR or NOT: each word part asks the index, each CJK term the text."""
    if not tree_has_cjk(tree):
        expression = _words(tree, query)
        check_expression(expression, query)
        return f"d.id IN (SELECT {DOC} FROM {INDEX} WHERE {INDEX} MATCH ?)", [expression]
    if isinstance(tree, Leaf):
        return _substring_condition(tree)
    parts = [_tree_condition(child, query) for child in tree.children]
    params = [p for _, child_params in parts for p in child_params]
    if tree.op == "NOT":
        return f"({parts[0][0]} AND NOT {parts[1][0]})", params
    return "(" + f" {tree.op} ".join(sql for sql, _ in parts) + ")", params


def word_conditions(query: str) -> tuple[str | None, list[str], list[Any]]:
    """See ``_word_conditions``; each distinct query is read once (subscriptions repeat them every cycle)."""
    expression, conditions, params = _cached_word_conditions(query)
    return expression, list(conditions), list(params)


@functools.lru_cache(maxsize=4096)
def _cached_word_conditions(query: str) -> tuple[str | None, tuple[str, ...], tuple[Any, ...]]:
    expression, conditions, params = _word_conditions(query)
    return expression, tuple(conditions), tuple(params)


def _word_conditions(query: str) -> tuple[str | None, list[str], list[Any]]:
    """A query as an FTS5 expression for the index plus SQL conditions for its Chinese and Japanese terms.

    When those terms are only ANDed with the rest, the index still narrows and ranks by the other
    words; under OR or NOT, the whole query becomes SQL and results come newest first.
    QueryParseError for a query that cannot be read.
    """
    try:
        query.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from a mis-set terminal, which SQLite cannot bind
        raise QueryParseError(f"the search {query!r} is not valid text (check the terminal's encoding)") from None
    if not has_cjk(query):
        expression = normalise_query(query, WORD_COLUMNS)
        if expression:
            check_expression(expression, query)
        return expression, [], []
    tree = parse(query)
    parts = tree.children if isinstance(tree, Node) and tree.op == "AND" else (tree,)
    if all(isinstance(part, Leaf) or not tree_has_cjk(part) for part in parts):
        words = [_words(part, query) for part in parts if not tree_has_cjk(part)]
        conditions = [_substring_condition(part) for part in parts if isinstance(part, Leaf) and tree_has_cjk(part)]
        expression = " AND ".join(f"({w})" for w in words) if words else None
        if expression:
            check_expression(expression, query)
        return expression, [sql for sql, _ in conditions], [p for _, params in conditions for p in params]
    sql, params = _tree_condition(tree, query)
    return None, [sql], params
