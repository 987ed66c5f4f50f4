"""Reading user queries into trees: FTS5's precedence, CJK terms as substrings, clear errors."""
from __future__ import annotations

import sqlite3

import pytest

from archive.query import Leaf, Node, QueryParseError, parse, to_fts

DOCS = ["export licence for gallium", "gallium and germanium", "licence withdrawn", "germanium wafers export",
        "entity list additions", "list of entities", "export of graphite anode", "3A090.b items licence"]


@pytest.fixture(scope="module")
def index():
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(title, text)")
    conn.executemany("INSERT INTO t (rowid, title, text) VALUES (?, '', ?)", list(enumerate(DOCS)))
    return conn


def matches(index, expression: str) -> list[int]:
    return [row[0] for row in index.execute("SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid", [expression])]


@pytest.mark.parametrize("query", [
    "gallium", "export gallium", "gallium OR licence export", "gallium OR licence AND export",
    "export NOT gallium OR list", "licence NOT withdrawn NOT gallium", "(gallium OR germanium) AND export",
    "export AND (gallium OR graphite) NOT anode", '"entity list" OR wafers', "licen* NOT export",
    "text:gallium OR text:list", "NEAR(export gallium, 2) OR withdrawn", "3A090.b",
])
def test_the_tree_matches_what_fts5_matches_for_the_same_query(index, query):
    expected = matches(index, query.replace("3A090.b", '"3A090.b"'))
    assert matches(index, to_fts(parse(query))) == expected


def test_not_binds_tighter_than_and_which_binds_tighter_than_or():
    tree = parse("a OR b c NOT d")
    assert tree == Node("OR", (Leaf("a"), Node("AND", (Leaf("b"), Node("NOT", (Leaf("c"), Leaf("d")))))))


def test_chinese_and_japanese_terms_become_substrings_with_their_column():
    tree = parse('title:稀土 OR "出口 管制" OR 輸出*')
    assert tree == Node("OR", (Leaf("", "稀土", "title"), Leaf("", "出口 管制"), Leaf("", "輸出")))


@pytest.mark.parametrize("query, why", [
    ("(镓 OR 锗", "parenthesis is not closed"), ("镓 AND", "ends where a word was expected"),
    ('镓 "unclosed', "quote is not closed"), ("OR 镓", "'OR' where a word"), ("镓 )", "unexpected ')'"),
    ("NEAR(镓 锗)", "NEAR() cannot hold"), ("", "no words"),
])
def test_a_query_that_cannot_be_read_is_one_line_saying_why(query, why):
    with pytest.raises(QueryParseError, match=why.replace("(", r"\(").replace(")", r"\)")) as error:
        parse(query)
    assert "\n" not in str(error.value)
