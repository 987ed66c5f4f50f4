"""The archive: versions only on changed text, migrations, full-text search."""
from __future__ import annotations

import threading
import time

import pytest

from archive.db import MIGRATIONS, migrate, open_archive
from archive.search import QueryError, search
from archive.store import notice, record_fetch, record_source_run, start_run, unclassified_versions, upsert_source

SOURCE = {"id": "cn-test", "family": "html_list", "jurisdiction": "CN", "agency": "MOFCOM", "language": "zh"}


def fetch(db, text: str, native_id: str = "A1", title: str = "关于对镓相关物项实施出口管制的公告"):
    return record_fetch(db, source_id="cn-test", native_id=native_id, url=f"https://example.cn/{native_id}",
                        title=title, text=text, published="2026-11-01", language="zh")


def test_a_version_is_written_only_when_the_text_changes(db_path):
    db = open_archive(db_path)
    upsert_source(db, SOURCE)
    assert fetch(db, "第一版")[0] == "new"
    assert fetch(db, "第一版")[0] == "unchanged"
    outcome, version_id = fetch(db, "第二版")
    assert outcome == "changed"
    assert fetch(db, "第一版")[0] == "changed"  # a revert is a change from the latest version
    rows = list(db.query("SELECT number, text FROM versions ORDER BY number"))
    assert [(r["number"], r["text"]) for r in rows] == [(1, "第一版"), (2, "第二版"), (3, "第一版")]
    document = next(db.query("SELECT version_count, current_version_id FROM documents"))
    assert document["version_count"] == 3
    assert document["current_version_id"] != version_id


def test_the_publishers_metadata_is_kept_with_the_version_its_text_made(db_path):
    db = open_archive(db_path)
    upsert_source(db, SOURCE)
    first = {"文号": "商务部公告2026年第1号", "发布日期": "2026-11-01"}
    record_fetch(db, source_id="cn-test", native_id="A1", url=None, title="t", text="第一版", metadata=first)
    # the page's metadata alone changed: no version, and the current one keeps what it was archived with
    outcome, _ = record_fetch(db, source_id="cn-test", native_id="A1", url=None, title="t", text="第一版",
                              metadata={**first, "更新日": "2026-11-02"})
    assert outcome == "unchanged"
    record_fetch(db, source_id="cn-test", native_id="A1", url=None, title="t", text="第二版")
    record = notice(db, next(db.query("SELECT id FROM documents"))["id"])
    assert record is not None
    assert [v["metadata"] for v in record["versions"]] == [first, None]
    assert record["metadata"] is None  # the current version's: its page had none


def test_a_version_archived_without_metadata_gets_it_from_its_next_fetch_and_is_classified_again(db_path):
    db = open_archive(db_path)
    upsert_source(db, SOURCE)
    _, version_id = record_fetch(db, source_id="cn-test", native_id="A1", url=None, title="t", text="正文")
    db.execute("INSERT INTO classifications (version_id, model_version, relevant, topics, commodities, hs_codes, "
               "eccns, doc_ids, classified_at) VALUES (?, 'm', 0, '[]', '[]', '[]', '[]', '[]', 'x')", [version_id])
    given = {"文号": "商务部公告2026年第1号", "施行日期": "2026-12-01"}
    outcome, again = record_fetch(db, source_id="cn-test", native_id="A1", url=None, title="t", text="正文",
                                  metadata=given)
    assert (outcome, again) == ("unchanged", version_id)
    record = notice(db, next(db.query("SELECT id FROM documents"))["id"])
    assert record is not None and record["metadata"] == given and len(record["versions"]) == 1
    assert db.execute("SELECT count(*) FROM classifications").fetchone()[0] == 0  # to be classified with it
    db.execute("INSERT INTO classifications (version_id, model_version, relevant, topics, commodities, hs_codes, "
               "eccns, doc_ids, classified_at) VALUES (?, 'm', 0, '[]', '[]', '[]', '[]', '[]', 'x')", [version_id])
    record_fetch(db, source_id="cn-test", native_id="A1", url=None, title="t", text="正文",
                 metadata={**given, "更新日": "2026-12-02"})
    assert notice(db, record["id"])["metadata"] == given  # kept: only a version without any gets it
    assert db.execute("SELECT count(*) FROM classifications").fetchone()[0] == 1


def test_notices_of_two_sources_with_the_same_native_id_are_distinct(db_path):
    db = open_archive(db_path)
    upsert_source(db, SOURCE)
    upsert_source(db, {**SOURCE, "id": "cn-other"})
    fetch(db, "text")
    record_fetch(db, source_id="cn-other", native_id="A1", url=None, title="t", text="text")
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 2


def test_reopening_applies_no_migration_twice_and_upgrades_an_old_archive(db_path):
    db = open_archive(db_path)
    assert migrate(db) == []
    db.execute("DELETE FROM schema_migrations")
    db.execute("CREATE TABLE IF NOT EXISTS probe (x)")
    # An archive that lacks a migration gets it on open; one that has it is left alone.
    db.execute(f"INSERT INTO schema_migrations VALUES ('{MIGRATIONS[0][0]}', '2026-01-01')")
    db.close()
    db = open_archive(db_path)
    names = [row["name"] for row in db.query("SELECT name FROM schema_migrations ORDER BY name")]
    assert names == [name for name, _ in MIGRATIONS]
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_many_openers_of_a_new_archive_at_once_all_get_it_migrated_once(tmp_path):
    errors: list[str] = []

    def open_it(path) -> None:
        try:
            open_archive(path).conn.close()
        except Exception as exc:  # noqa: BLE001 (any failure is what the test reports)
            errors.append(repr(exc))

    for trial in range(15):  # a cron run, the daemon and its unsubscribe server starting together
        path = tmp_path / f"new-{trial}.db"
        openers = [threading.Thread(target=open_it, args=(path,)) for _ in range(4)]
        for opener in openers:
            opener.start()
        for opener in openers:
            opener.join()
        db = open_archive(path)
        names = [row[0] for row in db.execute("SELECT name FROM schema_migrations ORDER BY name")]
        assert names == sorted(name for name, _ in MIGRATIONS)
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert errors == []


def test_full_text_search_finds_the_current_version_and_rejects_bad_syntax(db_path):
    db = open_archive(db_path)
    upsert_source(db, SOURCE)
    fetch(db, "Export licences for gallium are required.", native_id="G1", title="Gallium controls")
    fetch(db, "Quarterly trade statistics.", native_id="S1", title="Statistics")
    hits = search(db, "gallium")
    assert [h["title"] for h in hits] == ["Gallium controls"]
    assert "[gallium]" in hits[0]["snippet"].lower()
    with pytest.raises(QueryError):
        search(db, 'gallium AND "unclosed')


def test_zero_items_turns_a_source_unhealthy_at_once_and_failures_after_a_streak(db_path):
    db = open_archive(db_path)
    upsert_source(db, SOURCE)
    row = record_source_run(db, source_id="cn-test", run_id=None, started_at="2026-11-01T00:00:00+00:00",
                            items_seen=0, new=0, changed=0, unchanged=0, errors=0, error=None)
    assert row["healthy"] == 0 and "zero items" in row["last_error"]
    row = record_source_run(db, source_id="cn-test", run_id=None, started_at="x", items_seen=3, new=1, changed=0,
                            unchanged=2, errors=0, error=None)
    assert row["healthy"] == 1 and row["consecutive_failures"] == 0
    for expected in (1, 1, 0):
        row = record_source_run(db, source_id="cn-test", run_id=None, started_at="x", items_seen=0, new=0,
                                changed=0, unchanged=0, errors=1, error="HTTP 500")
        assert row["healthy"] == expected
    issues = db.execute("SELECT count(*) FROM source_issues WHERE source_id = 'cn-test'").fetchone()[0]
    assert issues == 4


def test_a_transaction_that_reads_first_waits_for_another_writer_instead_of_failing(tmp_path):
    """Two processes' crawlers write the same archive: a transaction that reads before it writes must queue
    behind the other writer, not fail with "database is locked" when the other commits first."""
    path = tmp_path / "archive.db"
    first = open_archive(path)
    open_archive(path).close()  # migrated: the other writer's opening only reads
    outcome: dict[str, object] = {}
    writing = threading.Event()

    def other_writer() -> None:
        second = open_archive(path)
        try:
            writing.set()
            outcome["run"] = start_run(second)
        except Exception as exc:  # noqa: BLE001 (the test reports it)
            outcome["error"] = exc
        finally:
            second.close()

    with first.atomic():
        first.execute("SELECT count(*) FROM runs").fetchone()
        writer = threading.Thread(target=other_writer)
        writer.start()
        writing.wait()
        time.sleep(0.5)  # the other writer commits now if the lock lets it
        mine = start_run(first)
    writer.join()  # no timeout: timed waits do not wake under a shifted system clock (make test-dates)
    assert "error" not in outcome, outcome
    assert {row[0] for row in first.execute("SELECT id FROM runs")} == {mine, outcome["run"]}


def test_a_sources_time_zone_is_kept_and_given_with_its_versions_to_classify(db_path):
    db = open_archive(db_path)
    upsert_source(db, {**SOURCE, "jurisdiction": "JP", "timezone": "Asia/Tokyo"})
    record_fetch(db, source_id="cn-test", native_id="A1", url=None, title="t", text="本文")
    [version] = unclassified_versions(db)
    assert (version["jurisdiction"], version["timezone"]) == ("JP", "Asia/Tokyo")
    upsert_source(db, {**SOURCE, "jurisdiction": "JP"})  # the entry no longer names one: the jurisdiction's
    assert unclassified_versions(db)[0]["timezone"] is None
