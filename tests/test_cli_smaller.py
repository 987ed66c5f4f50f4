"""Small things a reader of the CLI meets: CSV for spreadsheets, empty lists that say so, the failure streak,
the demo's closing hint."""
from __future__ import annotations

import os
from pathlib import Path

from archive.db import open_archive
from archive.store import record_source_run, upsert_source
from regwatch.cli import main
from regwatch.demo import closing_hint, regwatch_command
from tests.helpers import build_sample_archive


def test_search_csv_starts_with_a_byte_order_mark_for_spreadsheets(db_path, capsys):
    build_sample_archive(db_path).close()
    assert main(["search", "--db", str(db_path), "--csv", "graphite"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("\ufeffid,") and out.count("\ufeff") == 1


def test_deliveries_with_nothing_open_says_so(db_path, capsys):
    build_sample_archive(db_path).close()
    assert main(["deliveries", "--db", str(db_path)]) == 0
    assert capsys.readouterr().out.strip() == "nothing waiting: no pending or failed deliveries"
    assert main(["deliveries", "--db", str(db_path), "--status", "sent"]) == 0
    assert capsys.readouterr().out.strip() == "no deliveries with status sent"


def test_sources_shows_each_source_s_failure_streak(tmp_path, capsys):
    db_path = tmp_path / "a.db"
    config = tmp_path / "regwatch.toml"
    config.write_text(f'db = "{db_path}"\n[[sources]]\nid = "jp-test"\nfamily = "feed"\njurisdiction = "JP"\n'
                      '[sources.params]\nurl = "https://example.org/feed.atom"\n', "utf-8")
    db = open_archive(db_path)
    upsert_source(db, {"id": "jp-test", "family": "feed", "jurisdiction": "JP"})
    for _ in range(2):
        record_source_run(db, source_id="jp-test", run_id=None, started_at="2026-11-25T09:00:00+00:00",
                          items_seen=0, new=0, changed=0, unchanged=0, errors=1, error="HTTP 503")
    db.close()
    assert main(["sources", "--config", str(config)]) == 0
    header, row = capsys.readouterr().out.splitlines()[:2]
    assert "FAILED RUNS" in header
    column = header.index("FAILED RUNS")
    assert row[column:column + 11].strip() == "2"


def test_the_demo_hint_names_search_show_and_ui_as_commands_that_work_as_printed(tmp_path, monkeypatch):
    venv = tmp_path / ".venv"
    (venv / "bin").mkdir(parents=True)
    script = venv / "bin" / "regwatch"
    script.write_text("#!/bin/sh\n", "utf-8")
    script.chmod(0o755)
    monkeypatch.chdir(tmp_path)
    inactive = {"PATH": "/usr/bin:/bin"}
    assert regwatch_command(inactive, str(venv)) == ".venv/bin/regwatch"
    active = {"PATH": f"{venv / 'bin'}{os.pathsep}/usr/bin", "VIRTUAL_ENV": str(venv)}
    assert regwatch_command(active, str(venv)) == "regwatch"

    hint = closing_hint(Path("demo-out/regwatch.db"), Path("demo-out/mail"), 7, ".venv/bin/regwatch")
    lines = hint.strip().splitlines()
    commands = [line.split(None, 2)[-1] for line in lines if ".venv/bin/regwatch " in line]
    assert any(".venv/bin/regwatch search --db demo-out/regwatch.db" in line for line in commands)
    assert any(".venv/bin/regwatch show --db demo-out/regwatch.db 7" in line for line in commands)
    assert any(".venv/bin/regwatch ui --db demo-out/regwatch.db" in line for line in commands)
    assert "demo-out/mail/*.eml" in hint


def test_the_package_metadata_uses_an_spdx_license_string_not_the_deprecated_table():
    import tomllib

    from tests.helpers import REPO

    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    assert project["project"]["license"] == "Apache-2.0"  # a table here makes setuptools warn on every build
    requirement = next(r for r in project["build-system"]["requires"] if r.startswith("setuptools"))
    assert int(requirement.split(">=")[1].split(".")[0]) >= 77  # the first release that reads the string
