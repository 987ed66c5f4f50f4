"""The word diff's work grows with its input at most linearly, whatever the shape of the notice."""
from __future__ import annotations

import difflib

import pytest

from alerts.diff import TOO_LONG_FOR_WORDS, WORK_BUDGET, html_diff, text_diff


@pytest.fixture
def compared(monkeypatch):
    """A list whose sum is the number of element pairs SequenceMatcher visited, counted from inside difflib."""
    visited: list[int] = []
    original = difflib.SequenceMatcher.find_longest_match

    def counting(self, alo=0, ahi=None, blo=0, bhi=None):
        ahi = len(self.a) if ahi is None else ahi
        visited.append(sum(len(self.b2j.get(x, ())) for x in self.a[alo:ahi]))
        return original(self, alo, ahi, blo, bhi)

    monkeypatch.setattr(difflib.SequenceMatcher, "find_longest_match", counting)
    return visited


def one_paragraph(words: int) -> tuple[str, str]:
    """A single paragraph of WORDS words (about 5.6 bytes each) and the same amended in five places."""
    old = [f"term{i % 40}" for i in range(words)]
    new = list(old)
    for place in range(5):
        new[(place * 2 + 1) * words // 10] = f"amended{place}"
    return " ".join(old), " ".join(new)


def many_paragraphs(paragraphs: int) -> tuple[str, str]:
    """PARAGRAPHS short paragraphs, every other one the same separator, five of them amended."""
    old = [f"Clause {i} covers item {i % 7}." if i % 2 else "* * *" for i in range(paragraphs)]
    new = list(old)
    for place in range(5):
        new[(place * 2 + 1) * paragraphs // 10 | 1] = f"Clause amended {place}."
    return "\n".join(old), "\n".join(new)


@pytest.mark.parametrize("shape, size", [(one_paragraph, 4_000), (many_paragraphs, 4_000)])
def test_diff_work_grows_at_most_linearly_and_stays_within_its_budget(compared, shape, size):
    work = []
    for factor in (1, 2, 4):
        old, new = shape(size * factor)
        compared.clear()
        text_diff(old, new)
        html_diff(old, new)
        work.append(sum(compared))
        assert work[-1] <= 2 * WORK_BUDGET, (factor, work)  # text and html diffs, each within the budget
        if factor > 1:
            # twice the input may cost twice the work (and some slack), never four times
            assert work[-1] <= 2.5 * work[-2] + 1000, (factor, work)


def test_a_90_kb_paragraph_amended_in_five_words_falls_back_to_whole_paragraphs(compared):
    old, new = one_paragraph(16_000)
    assert len(new) > 90_000
    marked = str(html_diff(old, new))
    assert sum(compared) <= WORK_BUDGET
    assert TOO_LONG_FOR_WORDS in marked
    assert all(f"amended{place}" in marked for place in range(5))


def test_a_long_paragraph_amended_in_one_place_still_has_its_words_marked(compared):
    old = " ".join(f"term{i % 40}" for i in range(16_000))
    new = old.replace("term7 term8 term9", "term7 amended term9", 1)
    marked = str(html_diff(old, new))
    assert sum(compared) <= WORK_BUDGET
    assert TOO_LONG_FOR_WORDS not in marked
    assert ">amended</ins>" in marked and ">term8</del>" in marked
