"""Reading a user's full-text query into a tree, for queries the word index cannot answer alone.

The archive's full-text indexes split words on spaces and punctuation, so a
run of Chinese or Japanese characters is one long token and ``镓`` would never
match ``对镓、锗相关物项``. Terms in those scripts are matched as substrings
instead, and a query mixing them with operators (``(镓 OR 锗) AND export``)
must keep its meaning: this module parses the FTS5 query syntax users write
(words, ``"phrases"``, ``prefix*``, ``title:``/``text:``/``ids:`` columns,
``AND``/``OR``/``NOT`` with FTS5's precedence, parentheses, ``NEAR(…)``)
into a tree whose leaves are either index queries or substrings, so each
caller can evaluate it its own way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

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
