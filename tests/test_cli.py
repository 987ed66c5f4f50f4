"""The command line as an operator uses it: exit codes, one-line errors, the lock, quiet runs."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from archive.db import open_archive
from archive.taxonomy import KEYS
from regwatch.cli import main
from regwatch.lock import cycle_lock
from regwatch.sample_site import sample_sources
from tests.helpers import REPO, assert_config_refused, regwatch, write_config


@pytest.fixture
def config(tmp_path, site, mail) -> Path:
    return write_config(tmp_path / "regwatch.toml", sample_sources(site.base_url), mail.port,
                        [{"id": "all", "email": "all@example.com", "mode": "immediate", "filters": {}}])


@pytest.mark.parametrize("body, expected", [
    ("[[sources]]\nid = 'x'\nfamily = 'carrier-pigeon'\n[sources.params]\nurl = 'https://a.b/'\n",
     "sources[0] (id 'x'): family 'carrier-pigeon' is not one of"),
    ("[[sources]]\nid = 'x'\nfamily = 'feed'\nschedule = 'every day'\n[sources.params]\nurl = 'https://a.b/'\n",
     "sources[0] (id 'x'): schedule 'every day' is not a valid cron expression"),
    ("[[sources]]\nid = 'x'\nfamily = 'feed'\ncolour = 'red'\n[sources.params]\nurl = 'https://a.b/'\n",
     "sources[0]: unknown key 'colour'"),
    ("[[sources]]\nid = 'x'\nfamily = 'feed'\ndelay = 'slow'\n[sources.params]\nurl = 'https://a.b/'\n",
     "sources[0] (id 'x'): 'delay' must be a number, not str"),
    ("[[subscribers]]\nid = 's'\nemail = 'a@b.c'\n[subscribers.filters]\ntopics = ['weather']\n",
     "subscribers[0] (id 's'): filters.topics: unknown topic 'weather'; "),
    ("[smtp]\npassword = 'hunter2'\n", "[smtp]: put the password in an environment variable"),
    ("db = \n", "not valid TOML"),
])
def test_an_invalid_config_stops_with_one_line_and_exit_code_2(tmp_path, body, expected):
    assert_config_refused(tmp_path, body, expected)


def test_a_missing_config_says_how_to_give_one(tmp_path):
    result = regwatch("sources", cwd=tmp_path)
    assert result.returncode == 2
    assert "regwatch.toml: no such file (pass --config PATH or set REGWATCH_CONFIG)" in result.stderr


def test_run_is_quiet_under_cron_and_a_second_run_stores_nothing_new(config, mail):
    first = regwatch("run", "--config", str(config))
    assert (first.returncode, first.stdout, first.stderr) == (0, "", "")
    db = open_archive(config.parent / "archive.db")
    versions = db.execute("SELECT count(*) FROM versions").fetchone()[0]
    assert versions == 9
    assert len(mail.messages()) == 1
    second = regwatch("run", "--config", str(config), "--json")
    assert second.returncode == 0
    summary = json.loads(second.stdout)
    assert {s["source_id"]: s["new"] + s["changed"] for s in summary["sources"]} == {
        "cn-mofcom-aqygzj": 0, "gb-ecju": 0, "us-fr-bis-ofac": 0}
    assert db.execute("SELECT count(*) FROM versions").fetchone()[0] == versions
    assert len(mail.messages()) == 1, "nothing new, so nothing is sent again"


def test_a_failing_source_gives_exit_1_and_the_others_complete(tmp_path, site, mail):
    sources = sample_sources(site.base_url)
    sources[1]["params"]["url"] = f"{site.base_url}/government/organisations/no-such-unit.atom"
    path = write_config(tmp_path / "regwatch.toml", sources, mail.port)
    result = regwatch("run", "--config", str(path), "--json")
    assert result.returncode == 1
    summary = json.loads(result.stdout)
    assert summary["failed_sources"] == ["gb-ecju"]
    assert "source gb-ecju failed" in result.stderr and "404" in result.stderr
    assert all(s["ok"] for s in summary["sources"] if s["source_id"] != "gb-ecju")


def test_a_run_exits_at_once_while_another_holds_the_lock_and_says_so_only_when_asked(config):
    with cycle_lock(config.parent / "archive.db"):
        quiet = regwatch("run", "--config", str(config))  # as under cron: no terminal, so no mail from cron
        told = regwatch("run", "-v", "--config", str(config))
    assert quiet.returncode == 3 and quiet.stderr == "" and quiet.stdout == ""
    assert told.returncode == 3
    assert "another regwatch run (pid" in told.stderr and "this one exits" in told.stderr


def test_an_unset_password_variable_is_found_when_the_config_is_loaded(tmp_path, monkeypatch):
    monkeypatch.delenv("RW_UNSET_SMTP_PASSWORD", raising=False)
    assert_config_refused(tmp_path, '[smtp]\nusername = "alerts"\npassword_env = "RW_UNSET_SMTP_PASSWORD"\n',
                          "password_env names $RW_UNSET_SMTP_PASSWORD, which is not set")


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_run_verbose_says_each_crawl_problem_in_one_line_and_tracebacks_only_with_debug(tmp_path, mail):
    [source] = [s for s in sample_sources(f"http://127.0.0.1:{_closed_port()}") if s["id"] == "gb-ecju"]
    path = write_config(tmp_path / "regwatch.toml", [source], mail.port)
    verbose = regwatch("run", "-v", "--config", str(path))
    assert verbose.returncode == 1
    lines = verbose.stderr.splitlines()
    assert "Traceback" not in verbose.stderr and not any(line.startswith(("  File ", "    ")) for line in lines)
    assert len(lines) == len(set(lines)), "a problem is said once"
    assert len(lines) <= 8, verbose.stderr
    assert any("Connection refused" in line and "[scrapy." in line for line in lines)
    debug = regwatch("run", "--debug", "--config", str(path))
    assert debug.returncode == 1 and "Traceback (most recent call last)" in debug.stderr


def test_two_overlapping_runs_never_both_crawl(config):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "regwatch.cli", "run", "--config", str(config)]
    runs = [subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    codes = sorted(run.wait(timeout=300) for run in runs)
    assert codes == [0, 3]
    db = open_archive(config.parent / "archive.db")
    assert db.execute("SELECT count(*) FROM runs").fetchone()[0] == 1


def test_search_sources_and_show_speak_json_and_reject_bad_queries(config):
    assert regwatch("run", "--config", str(config)).returncode == 0
    hits = json.loads(regwatch("search", "--config", str(config), "--json", "Entity", "List").stdout)
    assert hits[0]["title"] == "Additions to the Entity List"
    shown = json.loads(regwatch("show", "--config", str(config), "--json", str(hits[0]["id"])).stdout)
    assert shown["versions"][0]["classification"].keys() == set(KEYS)
    bad = regwatch("search", "--config", str(config), '"unclosed')
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    sources = json.loads(regwatch("sources", "--config", str(config), "--json").stdout)
    assert [(s["id"], s["healthy"], s["notices"]) for s in sources] == [
        ("us-fr-bis-ofac", True, 3), ("gb-ecju", True, 3), ("cn-mofcom-aqygzj", True, 3)]
    missing = regwatch("show", "--config", str(config), "999")
    assert missing.returncode == 2 and "no notice with id 999" in missing.stderr


def test_classify_prints_exactly_the_taxonomy_keys_per_line():
    notices = [
        {"id": "a", "title": "Additions to the Entity List", "text": "BIS adds 12 entities to the Entity List."},
        {"id": "b", "title": "商务部召开例行新闻发布会", "text": "发言人介绍了近期商务工作情况。", "lang": "zh"},
    ]
    result = regwatch("classify", stdin="\n".join(json.dumps(n, ensure_ascii=False) for n in notices) + "\n")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a", "b"]
    assert all(set(line) == {"id", *KEYS} for line in lines)


def test_classify_rejects_a_line_that_is_not_json():
    result = regwatch("classify", stdin='{"id": "a", "text": "x"}\nnot json\n')
    assert result.returncode == 2
    assert result.stderr.strip() == "regwatch: stdin line 2: not JSON (Expecting value)"


def test_nlp_evaluate_reports_each_key_and_reclassify_relabels_only_other_model_versions(config, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "g1", "lang": "en", "title": "Notice of OFAC Sanctions Actions",
                                "text": "OFAC added nine persons to the SDN List; their property is blocked.",
                                "gold": {"relevant": True, "topics": ["sanctions"], "direction": "tightening",
                                         "commodities": [], "hs_codes": [], "eccns": [], "effective_date": None,
                                         "doc_ids": []}}) + "\n")
    report = regwatch("nlp", "evaluate", str(gold), "--json")
    assert report.returncode == 0, report.stderr
    assert "relevant" in json.dumps(json.loads(report.stdout))
    assert regwatch("nlp", "evaluate", str(tmp_path / "none.jsonl")).returncode == 2

    assert regwatch("run", "--config", str(config)).returncode == 0
    db = open_archive(config.parent / "archive.db")
    db.execute("UPDATE classifications SET model_version = 'old' WHERE version_id IN (1, 2)")
    result = regwatch("nlp", "reclassify", "--config", str(config))
    assert result.returncode == 0 and "reclassified 2 version(s)" in result.stdout
    assert db.execute("SELECT count(*) FROM classifications WHERE model_version = 'old'").fetchone()[0] == 0


def test_global_options_go_before_or_after_the_command_and_version_answers(db_path, capsys):
    from tests.golden.fixtures import build_archive

    build_archive(db_path, []).close()
    assert main(["--db", str(db_path), "search", "Entity", "--json"]) == 0
    before = json.loads(capsys.readouterr().out)
    assert main(["search", "--db", str(db_path), "Entity", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == before and before
    assert main(["--db", "/nonexistent/other.db", "search", "--db", str(db_path), "Entity", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == before          # given after the command, it wins
    with pytest.raises(SystemExit) as version:
        main(["--version"])
    assert version.value.code == 0 and capsys.readouterr().out.startswith("regwatch ")
