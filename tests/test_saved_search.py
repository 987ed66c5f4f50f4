"""A subscription is a stored search: one filter model, one compiler, one index, one meaning.

Search and alert matching must select the same versions for any filters; stored
subscriptions from before are migrated with a note told once; the CLI takes the
same options for `search` and `subscribers add`.
"""
from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from alerts.matching import queue_matches, sync_subscriptions
from archive.db import open_archive
from archive.filters import Filters, QueryError, checked
from archive.search import search
from archive.store import record_fetch, save_classifications, upsert_source
from archive.taxonomy import DIRECTIONS, TOPICS
from regwatch.cli import main
from tests.golden.fixtures import NOTICES, T0, build_archive

SOURCES = [("us-fr-bis", "US", "BIS"), ("gb-ecju", "GB", "ECJU"), ("cn-mofcom", "CN", "MOFCOM"),
           ("eu-oj", "EU", "COM")]
COMMODITIES = ["gallium", "germanium", "graphite", "rare_earths", "semiconductors", "drones", "steel"]
HS = ["8112", "811292", "2825", "282560", "2504", "8541", "8542", "7208", "8806", "25", "85"]
ECCNS = ["3A090", "4A090", "3B001", "5A002", "9A012", "1C010"]
WORDS = ["licence", "entity", "magnet", "wafer", "drone", "quota", "duty", "export", "control", "prohibition",
         "gallium", "graphite", "sanctions", "steel", "tariff"]
CJK = ["镓", "锗", "石墨", "出口管制", "许可", "稀土", "关税"]
DAYS = ["2024-03-01", "2024-11-15", "2025-06-30", "2025-12-01", "2026-02", "2026"]


def _archive(path: Path, rng: random.Random, notices: int = 80) -> sqlite_utils.Database:
    db = open_archive(path)
    for source_id, jurisdiction, agency in SOURCES:
        upsert_source(db, {"id": source_id, "family": "feed", "name": source_id, "jurisdiction": jurisdiction,
                           "agency": agency, "language": "en"})
    labels = []
    for n in range(notices):
        source_id = SOURCES[n % len(SOURCES)][0]
        words = rng.sample(WORDS, 6) + (rng.sample(CJK, 2) if source_id == "cn-mofcom" else [])
        text = f"Notice {n}: " + " ".join(rng.choices(words, k=30)) + "."
        published = f"{rng.choice([2024, 2025, 2026])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        fetch: dict[str, Any] = dict(source_id=source_id, native_id=f"n{n}", url=f"https://example.org/{n}",
                     title=f"Notice {n} {rng.choice(words)}", published=published)
        _, first = record_fetch(db, text=text, **fetch)
        versions = [first]
        if n % 5 == 0:  # amended: the first version was matched when it came, the second is new
            _, second = record_fetch(db, text=text + " Amended.", **fetch)
            versions.append(second)
        for vid in versions:
            relevant = rng.random() < 0.75
            labels.append({
                "id": vid, "relevant": relevant,
                "topics": rng.sample(TOPICS, rng.randint(0, 2)) if relevant else [],
                "direction": rng.choice([*DIRECTIONS, None]) if relevant else None,
                "commodities": rng.sample(COMMODITIES, rng.randint(0, 2)),
                "hs_codes": [h + "".join(rng.choices("0123456789", k=rng.choice([0, 2, 4, 6])))
                             for h in rng.sample(["8112", "2825", "2504", "8541", "7208", "8806"], rng.randint(0, 2))],
                "eccns": rng.sample(["3A090.a", "4A090", "3B001", "5A002"], rng.randint(0, 1)),
                "effective_date": rng.choice([None, f"{rng.choice([2024, 2025, 2026])}-{rng.randint(1, 12):02d}-15"]),
                "doc_ids": [],
            })
    save_classifications(db, labels, "test")
    # versions superseded before this test were matched when they arrived
    db.execute("UPDATE versions SET matched_at = 'before' WHERE id NOT IN (SELECT current_version_id FROM documents)")
    return db


def _random_filters(rng: random.Random) -> Filters:
    def some(pool: list[str], most: int = 2) -> list[str]:
        return rng.sample(pool, rng.randint(1, most)) if rng.random() < 0.3 else []

    def keyword() -> str:
        a, b = rng.sample(WORDS + CJK, 2)
        return rng.choice([a, f"{a} OR {b}", f"{a} {b}", f'"{a} {b}"', f"{a} NOT {b}", a[:4] + "*"
                           if a.isascii() else a, f"title:{a}" if a.isascii() else f"({a} OR {b})"])

    since, until = (rng.choice([None, *DAYS]) for _ in range(2))
    return Filters(
        keywords=[keyword() for _ in range(rng.choice([0, 0, 0, 1, 2]))],
        jurisdictions=some([j for _, j, _ in SOURCES]), sources=some([s for s, _, _ in SOURCES], 1),
        agencies=some([a for _, _, a in SOURCES], 1), topics=some(list(TOPICS)), directions=some(list(DIRECTIONS)),
        commodities=some(COMMODITIES), hs_codes=some(HS), eccns=some(ECCNS + ["3A", "3A090.A"]),
        since=since if rng.random() < 0.2 else None, until=until if rng.random() < 0.2 else None,
        effective_since=rng.choice(DAYS) if rng.random() < 0.15 else None,
        effective_until=rng.choice(DAYS) if rng.random() < 0.15 else None,
        relevant_only=rng.random() < 0.4,
    )


def test_search_and_alert_matching_select_the_same_versions_for_1000_random_filter_sets(tmp_path):
    rng = random.Random(15)
    db = _archive(tmp_path / "archive.db", rng)
    cases = [checked(_random_filters(rng)) for _ in range(1000)]
    sync_subscriptions(db, [{"id": f"s{i:04d}", "email": f"u{i}@example.com", "mode": "immediate",
                             "filters": f.to_mapping()} for i, f in enumerate(cases)])
    queue_matches(db, T0)
    alerted: dict[str, set[int]] = {}
    for sub_id, version_id in db.execute("SELECT subscription_id, version_id FROM outbox"):
        alerted.setdefault(sub_id, set()).add(version_id)
    current = dict(db.execute("SELECT id, current_version_id FROM documents").fetchall())
    nonempty = 0
    for i, filters in enumerate(cases):
        found = {current[r["id"]] for r in search(db, None, filters, limit=None)}
        assert alerted.get(f"s{i:04d}", set()) == found, filters
        nonempty += bool(found)
    assert nonempty > 300  # the filter sets are not all trivially empty


def test_the_stored_form_reads_back_as_the_same_filters():
    rng = random.Random(3)
    for _ in range(200):
        filters = checked(_random_filters(rng))
        assert Filters.from_mapping(json.loads(json.dumps(filters.to_mapping()))) == filters


@pytest.mark.parametrize("filters, message", [
    (Filters(jurisdictions=["UX"]), "no source has jurisdiction 'UX'; did you mean US"),
    (Filters(commodities=["galium"]), "did you mean gallium"),
    (Filters(topics=["sanction"]), "did you mean sanctions"),
    (Filters(directions=["tighten"]), "did you mean tightening"),
    (Filters(hs_codes=["81l2"]), "did you mean 8112"),
    (Filters(eccns=["3AO90"]), "did you mean 3A090"),
])
def test_every_label_kind_says_did_you_mean(tmp_path, filters, message):
    db = build_archive(tmp_path / "archive.db", [])
    with pytest.raises(QueryError, match=message):
        search(db, None, filters)


def test_an_hs_code_matches_longer_codes_and_the_headings_that_contain_it_in_search_too(tmp_path):
    db = build_archive(tmp_path / "archive.db", [])
    gallium = NOTICES["gallium"]["title"]
    assert [r["title"] for r in search(db, None, Filters(hs_codes=["8112"]))] == [gallium]
    # the Russia notice lists heading 8456: a buyer of 845611 is concerned by it, as alerts have always said
    assert [r["title"] for r in search(db, None, Filters(hs_codes=["845611"]))][0].startswith("Notice to exporters")


def _old_archive(path: Path, filters_by_id: dict[str, dict]) -> None:
    """An archive as the previous release left it: subscriptions stored without filters_version."""
    db = build_archive(path, [])
    for sub_id, filters in filters_by_id.items():
        origin = "config" if sub_id.startswith("conf") else "cli"
        db.execute("""INSERT INTO subscriptions (id, name, email, mode, timezone, filters, token, active, created_at,
                                                 origin) VALUES (?, ?, 'a@example.com', 'immediate', 'UTC', ?, ?, 1,
                                                 '2026-01-01', ?)""",
                   [sub_id, sub_id, json.dumps(filters), f"tok-{sub_id}", origin])
    db.execute("UPDATE subscriptions SET filters_version = 1")


def test_subscriptions_stored_before_are_migrated_and_each_change_is_told_once(tmp_path, capsys):
    path = tmp_path / "archive.db"
    _old_archive(path, {"cli-minerals": {"commodities": ["gallium"]},
                        "conf-us": {"jurisdictions": ["US"]},
                        "cli-words": {"keywords": ["gallium OR licence"], "relevant_only": True}})
    db = open_archive(path)
    notes = sync_subscriptions(db, [{"id": "conf-us", "email": "a@example.com", "mode": "immediate",
                                     "filters": {"jurisdictions": ["US"]}}])
    assert len(notes) == 2
    assert any(n.startswith("subscription conf-us:") and "relevant_only = true" in n for n in notes)
    assert any(n.startswith("subscription cli-words:") and "commodity gallium" in n for n in notes)
    # a command-line subscription keeps its old default of measures only: no change, nothing to tell
    stored = json.loads(db.execute("SELECT filters FROM subscriptions WHERE id = 'cli-minerals'").fetchone()[0])
    assert stored == {"commodities": ["gallium"], "relevant_only": True}
    assert sync_subscriptions(db, []) == []  # told once
    assert db.execute("SELECT count(*) FROM subscription_notes").fetchone()[0] == 2


def test_a_migration_note_is_printed_once_by_the_command_that_migrates(tmp_path, capsys):
    path = tmp_path / "archive.db"
    _old_archive(path, {"cli-words": {"keywords": ["graphite"]}})
    config = tmp_path / "regwatch.toml"
    config.write_text(f'db = "{path}"\n')
    assert main(["subscribers", "list", "--config", str(config)]) == 0
    first = capsys.readouterr().err
    assert "subscription cli-words: its keyword 'graphite' now also matches notices labelled commodity graphite" \
        in first
    assert main(["subscribers", "list", "--config", str(config)]) == 0
    assert "cli-words" not in capsys.readouterr().err


def test_an_archive_from_before_loses_the_second_index_and_keeps_searching(tmp_path):
    path = tmp_path / "archive.db"
    db = build_archive(path, [])
    db.execute("CREATE VIRTUAL TABLE versions_fts USING fts5(title, text)")
    db.execute("DELETE FROM schema_migrations WHERE name = '060_one_search_index'")
    db.close()
    db = open_archive(path)
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert "versions_fts" not in tables and "notice_search" in tables
    assert [r["source_id"] for r in search(db, None, Filters(eccns=["3a090"]))] == ["us-fr-bis"]


def _cli_config(tmp_path: Path) -> Path:
    db = build_archive(tmp_path / "archive.db", [])
    db.close()
    config = tmp_path / "regwatch.toml"
    config.write_text(f'db = "{tmp_path / "archive.db"}"\n' + "".join(
        f'[[sources]]\nid = "{s}"\nfamily = "feed"\nname = "{s}"\njurisdiction = "{j}"\n'
        f'[sources.params]\nurl = "https://x.example/"\n'
        for s, j in (("us-fr-bis", "US"), ("cn-mofcom", "CN"), ("gb-ecju", "GB"))))
    return config


def test_subscribers_add_takes_the_options_of_search_and_search_subscription_lists_its_matches(tmp_path, capsys):
    config = _cli_config(tmp_path)
    options = ["--commodity", "gallium", "--hs", "2825", "--relevant-only", "--since", "2026-01"]
    assert main(["search", "--config", str(config), "--json", *options]) == 0
    searched = [r["id"] for r in json.loads(capsys.readouterr().out)]
    assert searched
    assert main(["subscribers", "add", "buyers", "--config", str(config), "--email", "b@example.com", *options]) == 0
    assert main(["subscribers", "add", "old", "--config", str(config), "--email", "c@example.com",
                 "--hs-code", "2825"]) == 0  # the old spelling stays
    capsys.readouterr()
    assert main(["search", "--config", str(config), "--json", "--subscription", "buyers"]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == searched
    assert main(["search", "--config", str(config), "--json", "--subscription", "buyers", "--since", "2027"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["search", "--config", str(config), "--subscription", "buyers", "--topic", "tariff"]) == 2
    assert "takes --since and --until, not --topic" in capsys.readouterr().err
    assert main(["search", "--config", str(config), "--subscription", "nobody"]) == 2
    assert "no subscription with id 'nobody'" in capsys.readouterr().err
