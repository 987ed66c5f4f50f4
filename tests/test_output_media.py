"""What the archive holds is printed to a terminal and exported as CSV without acting on either."""
from __future__ import annotations

import csv
import io

import pytest

from archive.db import open_archive
from archive.store import record_fetch, record_source_run, start_run, upsert_source
from regwatch.cli import main
from tests.fixtures.crawl import write_config
from tests.helpers import get, ui_server

# Clipboard write (OSC 52), screen clear, bell, cursor moves, a C1 CSI and a title change (OSC 0).
HOSTILE = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\x07\x1b[1;1H\x9b31m\x1b]0;owned\x1b\\"
SOURCE = {"id": "xx-api", "family": "json_api", "name": "API", "jurisdiction": "US", "agency": "X",
          "language": "en", "params": {"url": "https://example.org/api", "items_path": "items", "id_field": "id",
                                       "title_field": "title"}}


@pytest.fixture
def hostile_archive(tmp_path):
    """An archive whose link, title and text carry terminal escapes and whose title is a spreadsheet formula,
    and whose source's last error carries them too; with a configuration naming that source."""
    db = open_archive(tmp_path / "archive.db")
    upsert_source(db, SOURCE)
    record_fetch(db, source_id="xx-api", native_id="1", url=f"https://example.org/n/1{HOSTILE}",
                 title=f"=HYPERLINK(\"http://evil.example\",\"gallium\"){HOSTILE}",
                 text=f"Gallium licences.{HOSTILE}", published="2025-06-10")
    record_source_run(db, source_id="xx-api", run_id=start_run(db), started_at="2025-06-10T00:00:00+00:00",
                      items_seen=1, new=0, changed=0, unchanged=0, errors=1, error=f"HTTP 500{HOSTILE}")
    db.close()
    return tmp_path


def assert_inert(output: str) -> None:
    assert not any(ch in output for ch in "\x1b\x07\x9b\x9c\x00"), repr(output)


@pytest.mark.parametrize("argv", [["show", "1"], ["show", "1", "--text"], ["search", "gallium"],
                                  ["search", "gallium", "--csv"]])
def test_show_and_search_print_no_escape_sequence_from_the_archive(hostile_archive, capsys, argv):
    assert main([*argv, "--db", str(hostile_archive / "archive.db")]) == 0
    out = capsys.readouterr().out
    assert "gallium" in out and ("https://example.org/n/1" in out or argv == ["search", "gallium"])
    assert_inert(out)


def test_sources_prints_no_escape_sequence_from_an_error(hostile_archive, capsys):
    config = write_config(hostile_archive / "regwatch.toml", [SOURCE])
    assert main(["sources", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "HTTP 500" in out
    assert_inert(out)


def test_search_csv_cells_that_would_be_formulas_are_quoted(hostile_archive, capsys):
    assert main(["search", "gallium", "--csv", "--db", str(hostile_archive / "archive.db")]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["title"].startswith("'=HYPERLINK(")


def test_the_web_archive_csv_quotes_cells_that_would_be_formulas(hostile_archive):
    with ui_server(hostile_archive / "archive.db", hostile_archive / "ui.log") as base:
        status, body, _ = get(base + "/search.csv?q=gallium")
    assert status == 200
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert [row["title"][:12] for row in rows] == ["'=HYPERLINK("]
