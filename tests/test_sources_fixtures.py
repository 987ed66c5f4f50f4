"""Every bundled source, crawled by its real spider from a faithful fixture served on 127.0.0.1.

One `regwatch run` covers every bundled source, each pointed at its own
fixture server (its URLs' hosts replaced); each source's test then checks that
its run was healthy, how many notices it archived, and every field of one
notice — its text exactly, so page furniture cannot slip in unnoticed.
"""
from __future__ import annotations

import json
from contextlib import ExitStack

import pytest

from archive.db import open_archive
from crawler.dates import parse_date
from regwatch.cli import main
from regwatch.config import parse_config
from tests.fixtures.crawl import assert_archived, write_config
from tests.fixtures.server import FIXTURES, FixtureServer

BUNDLED = [source.entry() for source in parse_config({"include_bundled_sources": True}).sources]
IDS = [source["id"] for source in BUNDLED]


def test_the_bundled_sources_span_fifteen_sources_and_ten_jurisdictions():
    assert len(BUNDLED) >= 15
    assert len({source["jurisdiction"] for source in BUNDLED}) >= 10
    for source in BUNDLED:
        for key in ("jurisdiction", "agency", "language", "schedule", "expected_cadence_days"):
            assert source.get(key), f"{source['id']} lacks {key}"
        assert (FIXTURES / source["id"] / "fixture.json").is_file(), f"{source['id']} has no fixture"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """`regwatch run` over every bundled source re-pointed at its fixture; yield (archive, servers, run id,
    configuration file)."""
    folder = tmp_path_factory.mktemp("fixtures")
    with ExitStack() as stack:
        present = [s for s in BUNDLED if (FIXTURES / s["id"] / "fixture.json").is_file()]
        servers = {s["id"]: stack.enter_context(FixtureServer(FIXTURES / s["id"])) for s in present}
        sources = [{**servers[s["id"]].repoint(s), "delay": 0} for s in present]
        config = write_config(folder / "regwatch.toml", sources)
        assert main(["run", "--config", str(config)]) == 0
        db = open_archive(folder / "archive.db")
        run_id = db.execute("SELECT max(id) FROM runs").fetchone()[0]
        yield db, servers, run_id, config
        db.close()


@pytest.mark.parametrize("source_id", IDS)
def test_source_fixture_is_archived_with_every_field(crawled, source_id):
    db, servers, run_id, _ = crawled
    assert source_id in servers, f"{source_id} has no fixture folder"
    run = next(db.query("SELECT * FROM source_runs WHERE source_id = ? AND run_id = ?", [source_id, run_id]))
    assert_archived(db, servers[source_id], run, servers[source_id].spec["expect"])


def test_the_identifiers_the_publisher_gives_beside_the_text_find_the_notice_and_show_shows_them(crawled, capsys):
    db, _, _, config = crawled
    expected = FIXTURES / "eu-eurlex-ojl" / "fixture.json"
    metadata = json.loads(expected.read_text("utf-8"))["expect"]["notice"]["metadata"]
    # neither is in the archived text: only the publisher's metadata names the act so
    for query in ('"http://data.europa.eu/eli/reg_del/2025/1180/oj"', '"C(2025) 3517"', "ids:reg_del"):
        assert main(["search", "--config", str(config), "--json", query]) == 0
        found = json.loads(capsys.readouterr().out)
        assert [(row["source_id"], row["title"][:42]) for row in found] == [
            ("eu-eurlex-ojl", "Commission Delegated Regulation (EU) 2025/")], query
    notice_id = found[0]["id"]
    assert found[0]["classification"]["doc_ids"] == [  # the classifier's own, then the publisher's
        "Commission Delegated Regulation (EU) 2025/1180", "C(2025) 3517", "32025R1180",
        "http://data.europa.eu/eli/reg_del/2025/1180/oj", "OJ L, 2025/1180, 12.6.2025"]
    assert main(["show", "--config", str(config), "--json", str(notice_id)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["metadata"] == metadata and record["versions"][-1]["metadata"] == metadata
    assert main(["show", "--config", str(config), str(notice_id)]) == 0
    shown = capsys.readouterr().out
    assert "Publisher's metadata:\n    Document number: C(2025) 3517\n    CELEX number: 32025R1180\n" in shown
    assert "C(2025) 3517" not in record["versions"][-1]["text"]


def test_the_pages_date_of_effect_is_the_notices_effective_date_and_its_gists(crawled):
    """The EUR-Lex page's "Date of effect" (its publisher's own field) is the classified notice's effective date."""
    db, _, _, _ = crawled
    metadata = json.loads((FIXTURES / "eu-eurlex-ojl" / "fixture.json").read_text("utf-8"))["expect"]["notice"]["metadata"]
    row = next(db.query("""SELECT c.* FROM classifications c JOIN versions v ON v.id = c.version_id
                           JOIN documents d ON d.id = v.document_id
                           WHERE d.source_id = 'eu-eurlex-ojl' AND d.native_id = '32025R1180'"""))
    assert row["effective_date"] == parse_date(metadata["Date of effect"]) == "2025-06-13"
    assert "from 13 Jun 2025" in row["gist"]
