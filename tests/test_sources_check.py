"""`regwatch sources check`: each source's live list and first notice read by its real spider, nothing archived.

Bundled sources are pointed at their fixture servers; a redesigned list page and
an unreadable first notice must make the check fail (exit 1) with the reason.
"""
from __future__ import annotations

import io
import json
from contextlib import ExitStack, redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from archive.db import open_archive
from regwatch.cli import main
from tests.fixtures.crawl import bundled_source, requested, write_config
from tests.fixtures.server import FIXTURES, FixtureServer

# Bundled sources of six families, and how many notices the first page of each lists.
LISTED = {"in-dgft-notifications": 2, "cn-mofcom-en": 2, "us-fr-bis": 2, "gb-ecju-notices": 2,
          "eu-eurlex-ojl": 2, "au-frl": 2}


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """Run the CLI; return (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def fingerprint(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """`regwatch sources check --json` over the LISTED sources, each on its fixture server."""
    folder = tmp_path_factory.mktemp("check")
    with ExitStack() as stack:
        servers = {i: stack.enter_context(FixtureServer(FIXTURES / i)) for i in LISTED}
        sources = [{**servers[i].repoint(bundled_source(i)), "delay": 0} for i in LISTED]
        config = write_config(folder / "regwatch.toml", sources)
        code, out, err = run_cli(["sources", "check", "--json", "--config", str(config)])
        yield code, json.loads(out), err, servers, folder


def test_a_healthy_check_exits_0_reports_every_source_in_order_and_creates_no_archive(checked):
    code, reports, err, _, folder = checked
    assert (code, err) == (0, "")
    assert [r["source"] for r in reports] == list(LISTED)
    assert not (folder / "archive.db").exists()
    assert all(r["healthy"] and r["problems"] == [] and r["layout_error"] is None for r in reports)


@pytest.mark.parametrize("source_id", LISTED)
def test_the_check_reports_the_list_and_the_first_notice_as_the_spider_reads_them(checked, source_id):
    _, reports, _, servers, _ = checked
    server = servers[source_id]
    report = next(r for r in reports if r["source"] == source_id)
    wanted = server.spec["expect"]["notice"]
    native_id = wanted["native_id"].replace("{base}", server.base_url)
    assert report["family"] == bundled_source(source_id)["family"]
    assert report["items_found"] == LISTED[source_id]
    assert len(report["items"]) == LISTED[source_id]
    assert report["items"][0]["id"] == native_id
    assert report["items"][0]["title"] == wanted["title"]
    assert all(item["id"] and item["title"] for item in report["items"])
    first = report["first_notice"]
    assert (first["id"], first["title"], first["published"]) == (native_id, wanted["title"], wanted["published"])
    assert first["url"] == wanted["url"].replace("{base}", server.base_url)
    expected_text = (server.folder / wanted["text_file"]).read_text("utf-8").strip()
    assert first["text_extracted"] is True and first["error"] is None
    assert first["text_chars"] == len(expected_text)


def test_listed_dates_are_the_publishers_days(checked):
    _, reports, _, _, _ = checked
    dates = {r["source"]: [item["published"] for item in r["items"]] for r in reports}
    assert dates["in-dgft-notifications"] == ["2025-06-10", "2025-06-02"]
    assert dates["cn-mofcom-en"] == ["2025-06-12", "2025-05-28"]
    assert dates["eu-eurlex-ojl"] == ["2025-06-12", "2025-06-11"]
    assert dates["us-fr-bis"] == ["2025-06-12", "2025-06-09"]


def test_the_check_is_polite_fetching_one_page_and_one_notice_with_the_configured_user_agent(checked):
    _, _, _, servers, _ = checked
    for source_id, server in servers.items():
        assert "/robots.txt" in [r["path"] for r in server.requests], source_id
        assert all("mailto:ops@example.org" in r["headers"].get("User-Agent", "") for r in server.requests)
    # The second listed notice and the second list page are never fetched.
    assert not [p for p in requested(servers["in-dgft-notifications"]) if "0a9b8c7d" in p]
    assert not [p for p in requested(servers["cn-mofcom-en"]) if "art_6a1c3e5b" in p]
    assert not [p for p in requested(servers["us-fr-bis"]) if "2025-10587" in p]
    assert not [p for p in requested(servers["au-frl"]) if "skip=2" in p or "F2025L00709" in p]


def test_a_redesigned_list_page_is_a_layout_error_exit_1_and_the_archive_is_untouched(tmp_path):
    with FixtureServer(FIXTURES / "cn-mofcom-aqygzj") as server:
        source = {**server.repoint(bundled_source("cn-mofcom-aqygzj")), "delay": 0}
        config = str(write_config(tmp_path / "regwatch.toml", [source]))
        open_archive(tmp_path / "archive.db").close()
        before = fingerprint(tmp_path / "archive.db")
        assert run_cli(["sources", "check", "--config", config])[0] == 0

        redesigned = (server.folder / "home.html").read_text("utf-8")
        redesigned = redesigned.replace("<ul class=\"list\">", "<div class=\"cards\">").replace("</ul>", "</div>")
        redesigned = redesigned.replace("<li>", "<div class=\"card\">").replace("</li>", "</div>")
        (tmp_path / "home.html").write_text(redesigned, "utf-8")
        server.overrides["home.html"] = tmp_path / "home.html"
        code, out, err = run_cli(["sources", "check", "--config", config])
        json_code, json_out, _ = run_cli(["sources", "check", "cn-mofcom-aqygzj", "--json", "--config", config])

    assert code == json_code == 1
    assert out.splitlines()[0].split() == ["cn-mofcom-aqygzj", "UNHEALTHY", "0", "listed"]
    assert "problem: layout error:" in out and "the layout changed" in out
    assert len(err.splitlines()) == 1
    assert err.startswith("regwatch: source cn-mofcom-aqygzj would fail: layout error:")
    [report] = json.loads(json_out)
    assert report["healthy"] is False and report["items_found"] == 0 and report["items"] == []
    assert "no article links" in report["layout_error"] and report["error"] is None
    assert report["first_notice"] is None
    assert fingerprint(tmp_path / "archive.db") == before
    assert not list(tmp_path.glob("archive.db-*"))  # no journal or WAL left either


def test_a_first_notice_without_text_makes_the_source_unhealthy(tmp_path):
    blank = tmp_path / "blank.html"
    blank.write_text("<html><head><title></title></head><body><div></div></body></html>", "utf-8")
    with FixtureServer(FIXTURES / "cn-mofcom-en") as server:
        server.overrides["art-18.html"] = blank
        source = {**server.repoint(bundled_source("cn-mofcom-en")), "delay": 0}
        config = str(write_config(tmp_path / "regwatch.toml", [source]))
        code, out, err = run_cli(["sources", "check", "--json", "--config", config])
    assert code == 1
    [report] = json.loads(out)
    assert report["items_found"] == 2 and report["layout_error"] is None
    first = report["first_notice"]
    assert first["id"] == "MOFCOM Announcement No. 18 [2025]"
    assert first["text_extracted"] is False and first["text_chars"] == 0
    assert "holds no text" in first["error"]
    assert report["problems"] == [f"the first notice's text could not be extracted: {first['error']}"]
    assert err.startswith("regwatch: source cn-mofcom-en would fail: the first notice's text")
    assert not (tmp_path / "archive.db").exists()


def test_the_terminal_report_names_the_first_titles_dates_ids_and_text_length(tmp_path):
    with FixtureServer(FIXTURES / "in-dgft-notifications") as server:
        source = {**server.repoint(bundled_source("in-dgft-notifications")), "delay": 0}
        config = str(write_config(tmp_path / "regwatch.toml", [source]))
        code, out, err = run_cli(["sources", "check", "in-dgft-notifications", "--config", config])
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["in-dgft-notifications", "ok", "2", "listed"]
    assert lines[1].split()[:2] == ["2025-06-10", "22/2025-26"]
    assert "Amendment in export policy of gallium, germanium and antimony" in lines[1]
    assert lines[2].split()[:2] == ["2025-06-02", "21/2025-26"]
    assert lines[3].strip() == "first notice text: 993 characters"


def test_an_unknown_source_id_is_one_line_and_exit_2(tmp_path):
    config = str(write_config(tmp_path / "regwatch.toml", [bundled_source("in-dgft-notifications")]))
    code, out, err = run_cli(["sources", "check", "no-such-source", "--config", config])
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and "no source with id 'no-such-source'" in err
