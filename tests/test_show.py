"""`regwatch search` and `regwatch show` on a real archive file: formats, history, diffs, exit codes."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from archive.db import open_archive
from regwatch.cli import main
from tests.helpers import build_sample_archive, document_id

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def archive(db_path):
    build_sample_archive(db_path).close()
    return db_path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_table_shows_dates_of_effect_labels_and_snippets(archive, capsys):
    code, out, err = run(capsys, "search", "--db", str(archive), "graphite", "--jurisdiction", "CN",
                         "--since", "2023-01-01", "--order", "date")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "graphite: also matched as commodity Graphite"  # what the word was read as
    lines = lines[1:]
    assert lines[0].split()[:4] == ["ID", "PUBLISHED", "EFFECTIVE", "JUR"]
    rows = [line for line in lines[1:] if line[:1].isdigit()]
    # The Chinese notice says 石墨, not graphite: the word finds it by its label.
    assert "2025-11-10" in rows[0] and "Export control (easing); Graphite" in rows[0]
    assert "2024-12-03" in rows[1] and "Export control (tightening); Gallium" in rows[1]
    assert any("[Graphite]" in line or "[graphite]" in line for line in lines)
    assert "2023-12-01" in rows[2]


def test_search_csv_is_one_row_per_notice_with_every_label(archive, capsys):
    code, out, _ = run(capsys, "search", "--db", str(archive), "--commodity", "graphite", "--csv", "--limit", "0")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 4
    first = next(r for r in rows if r["title"].startswith("Announcement No. 39"))
    assert first["hs_codes"] == "250410; 380110" and first["effective_date"] == "2023-12-01"
    assert first["version_count"] == "2" and first["jurisdiction"] == "CN" and first["relevant"] == "yes"


def test_search_json_and_the_limit_note(archive, capsys):
    code, out, _ = run(capsys, "search", "--db", str(archive), "--json", "--hs", "2504")
    assert code == 0
    results = json.loads(out)
    assert [r["classification"]["hs_codes"] for r in results] == [["250410", "380110"]]
    code, out, err = run(capsys, "search", "--db", str(archive), "--limit", "2")
    assert code == 0 and "2 of 6 notices" in err


@pytest.mark.parametrize("argv, message", [
    (["graphite AND"], "cannot read the query"),
    (["--since", "2023-13"], "--since"),
    (["--topic", "embargo"], "unknown topic"),
    (["--commodity", "graphit"], "did you mean graphite"),
    (["--hs", "HS25"], "HS prefix"),
    (["--limit", "-1"], "--limit"),
])
def test_bad_search_input_is_exit_code_2_and_one_line(archive, capsys, argv, message):
    code, out, err = run(capsys, "search", "--db", str(archive), *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err


def test_a_missing_archive_is_one_line_not_a_new_empty_file(tmp_path, capsys):
    code, _, err = run(capsys, "search", "--db", str(tmp_path / "none.db"), "graphite")
    assert code == 2 and "no archive at" in err
    assert not (tmp_path / "none.db").exists()


def test_show_prints_labels_and_each_version_as_a_diff(archive, capsys):
    db = open_archive(archive)
    notice_id = document_id(db, "2023-39")
    code, out, _ = run(capsys, "show", "--db", str(archive), str(notice_id))
    assert code == 0
    assert "Measure: Export control, Licensing (tightening)" in out
    assert "takes effect: 2023-12-01" in out and "HS codes: 250410, 380110" in out
    v1, v2 = out.split("=== version 1")[1].split("=== version 2")
    assert "High-purity graphite under HS 2504.10 requires an export licence." in v1
    assert "- High-purity graphite under HS 2504.10 requires an export licence." in v2
    assert "+ High-purity graphite and spherical graphite under HS 2504.10 require an export licence." in v2
    assert "HS code added: 380110" in v2
    assert "MOFCOM and the General Administration" not in v2  # unchanged paragraphs are not repeated


def test_show_json_carries_every_version_with_its_diff(archive, capsys):
    db = open_archive(archive)
    code, out, _ = run(capsys, "show", "--db", str(archive), "--json", str(document_id(db, "2023-39")))
    record = json.loads(out)
    assert code == 0 and [v["number"] for v in record["versions"]] == [1, 2]
    assert record["versions"][0]["diff"] is None and record["versions"][1]["diff"].startswith("- High-purity")
    assert record["classification"]["hs_codes"] == ["250410", "380110"]


def test_show_an_unknown_id_says_how_to_find_one(archive, capsys):
    code, _, err = run(capsys, "show", "--db", str(archive), "9999")
    assert code == 2 and "regwatch search" in err


def test_the_installed_command_reports_a_bad_query_without_a_traceback(archive):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "regwatch.cli", "search", "--db", str(archive), '"graphite'],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith("regwatch: cannot read the query") and "Traceback" not in done.stderr


def test_show_does_not_load_the_web_server(archive):
    """`regwatch show` prints a notice without importing Datasette (which only `regwatch ui` needs)."""
    notice_id = document_id(open_archive(archive), "2023-39")
    script = ("import sys\nfrom regwatch.cli import main\n"
              f"code = main(['show', '--db', {str(archive)!r}, '{notice_id}'])\n"
              "loaded = sorted(name for name in sys.modules if name.split('.')[0] in ('datasette', 'regwatch'))\n"
              "print('LOADED', ' '.join(loaded), file=sys.stderr)\nsys.exit(code)\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "=== version 2" in done.stdout
    loaded = done.stderr.split("LOADED", 1)[1].split()
    assert not [name for name in loaded if name.startswith("datasette")] and "regwatch.ui" not in loaded, loaded


def test_a_reader_that_goes_away_ends_the_command_quietly(archive):
    # `regwatch search … | head -1`: the pipe closes before the table is written
    child = subprocess.Popen([sys.executable, "-m", "regwatch.cli", "search", "--db", str(archive), "--limit", "0"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    child.stdout.close()
    err = child.stderr.read()
    assert child.wait(timeout=60) == 141 and err == b""
