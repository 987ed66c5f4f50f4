"""An amendment's changed facts, in words: what an amended notice's email and page open with."""
from __future__ import annotations

from alerts.changes import fact_changes
from tests.golden.fixtures import labels


def test_each_changed_fact_gets_one_line_in_words():
    before = labels(topics=["export_control"], direction="procedural", commodities=["gallium"],
                    hs_codes=["8112"], effective_date="2026-12-15", doc_ids=["Announcement No. 1"])
    after = labels(topics=["export_control", "licensing"], direction="tightening",
                   commodities=["gallium", "germanium"], hs_codes=["8112", "845961"], eccns=["3A090"],
                   effective_date="2026-12-08", doc_ids=["Announcement No. 1"])
    assert fact_changes(before, after) == [
        "Direction changed: procedural → tightening",
        "Effective date moved earlier: 15 Dec → 8 Dec 2026",
        "Topic added: licensing",
        "Commodity added: germanium",
        "HS code added: 845961",
        "Control-list entry added: 3A090",
    ]


def test_removals_later_dates_across_years_and_new_or_dropped_dates():
    assert fact_changes(labels(hs_codes=["8112", "2805"], effective_date="2026-12-30"),
                        labels(hs_codes=[], effective_date="2027-01-02")) == [
        "Effective date moved later: 30 Dec 2026 → 2 Jan 2027", "HS codes removed: 8112, 2805"]
    assert fact_changes(labels(), labels(effective_date="2026-12-08")) == ["Effective date set: 8 Dec 2026"]
    assert fact_changes(labels(effective_date="2026-12-08"), labels()) == [
        "Effective date no longer stated (was 8 Dec 2026)"]


def test_relevance_turning_and_nothing_when_nothing_changed_or_labels_are_unknown():
    relevant = labels(topics=["sanctions"], direction="tightening")
    assert fact_changes(labels(relevant=False, topics=[], direction=None), relevant) == [
        "Now read as a measure", "Direction: tightening", "Topic added: sanctions"]
    assert fact_changes(relevant, relevant) == []
    assert fact_changes(None, relevant) == [] and fact_changes(relevant, None) == []
