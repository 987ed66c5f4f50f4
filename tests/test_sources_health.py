"""Health, never silent: layout changes, failure streaks and staleness turn a source unhealthy, and the
operator hears of it once when it turns and once when it recovers."""
from __future__ import annotations

import json
from datetime import timedelta
from email import message_from_bytes

from alerts.operator import notify_health_changes
from archive import clock
from archive.db import open_archive
from archive.store import record_source_run, upsert_source
from regwatch.cli import main
from regwatch.config import SmtpConfig
from tests.fixtures.crawl import bundled_source, write_config
from tests.fixtures.server import FIXTURES, FixtureServer


def test_regwatch_run_archives_a_fixture_and_a_layout_change_emails_the_operator_once(tmp_path, mail, capfd):
    with FixtureServer(FIXTURES / "cn-mofcom-aqygzj") as server:
        source = {**server.repoint(bundled_source("cn-mofcom-aqygzj")), "delay": 0}
        config = str(write_config(tmp_path / "regwatch.toml", [source], mail.port))

        assert main(["run", "--config", config]) == 0
        db = open_archive(tmp_path / "archive.db")
        notice = next(db.query(
            """SELECT d.*, v.text FROM documents d JOIN versions v ON v.id = d.current_version_id
               WHERE d.native_id = '商务部公告2025年第21号'"""))
        assert notice["title"] == "商务部公告2025年第21号 关于将12家外国实体列入出口管制管控名单的公告"
        assert notice["url"] == f"{server.base_url}/qdml/art/2025/art_5f0b8c2d6e1a4b7c9d3e5f7a1b9c2d46.html"
        assert (notice["published"], notice["language"]) == ("2025-06-09", "zh")
        assert notice["text"].startswith("根据《中华人民共和国出口管制法》")
        assert mail.messages() == []

        redesigned = (server.folder / "home.html").read_text("utf-8")
        redesigned = redesigned.replace("<ul class=\"list\">", "<div class=\"cards\">").replace("</ul>", "</div>")
        redesigned = redesigned.replace("<li>", "<div class=\"card\">").replace("</li>", "</div>")
        (tmp_path / "home.html").write_text(redesigned, "utf-8")
        server.overrides["home.html"] = tmp_path / "home.html"
        assert main(["run", "--config", config]) == 1
        assert main(["run", "--config", config]) == 1
        assert len(mail.messages()) == 1
        first = message_from_bytes(mail.messages()[0].read_bytes())
        assert first["To"] == "ops@example.org" and "cn-mofcom-aqygzj unhealthy" in first["Subject"]
        assert "no article links" in first.get_payload(decode=True).decode()  # type: ignore[union-attr]  # bytes for a single-part message; typeshed can't tell

        capfd.readouterr()
        assert main(["sources", "--config", config, "--json"]) == 0
        out = capfd.readouterr().out
        row = json.loads(out)[0]
        assert row["healthy"] is False and row["consecutive_failures"] == 2 and "no article links" in row["last_error"]
        last = row["last_run"]
        assert last["ok"] is False and last["items_seen"] == 0 and last["errors"] == 1 and last["duration_seconds"] > 0

        del server.overrides["home.html"]
        assert main(["run", "--config", config]) == 0
        assert main(["run", "--config", config]) == 0
    assert len(mail.messages()) == 2
    second = message_from_bytes(mail.messages()[1].read_bytes())
    assert "cn-mofcom-aqygzj recovered" in second["Subject"]


SOURCE = {"id": "jp-test", "family": "feed", "jurisdiction": "JP", "expected_cadence_days": 2}


def run(db, *, new: int = 0, items: int = 5, error: str | None = None, errors: int = 0) -> dict:
    return record_source_run(db, source_id="jp-test", run_id=None, started_at="2026-01-01T00:00:00+00:00",
                             items_seen=items, new=new, changed=0, unchanged=items - new, errors=errors,
                             error=error, duration_seconds=1.5)


def test_a_source_with_no_new_notice_for_three_cadences_is_stale_and_the_operator_is_told_once(db_path, mail):
    smtp = SmtpConfig(host="127.0.0.1", port=mail.port)
    db = open_archive(db_path)
    upsert_source(db, SOURCE)
    assert run(db, new=2)["healthy"] == 1
    db.execute("UPDATE sources SET last_new_at = '2026-01-01T00:00:00+00:00', first_run_at = '2026-01-01T00:00:00+00:00'")
    row = run(db)  # still listing fine, but nothing new for months: 3 × 2 days is long past
    assert row["healthy"] == 0 and row["stale"] == 1 and row["last_error"].startswith("stale: no new notice")
    assert notify_health_changes(db, smtp, "ops@example.org") == 1
    assert run(db)["healthy"] == 0
    assert notify_health_changes(db, smtp, "ops@example.org") == 0
    assert len(mail.messages()) == 1 and "stale" in mail.messages()[0].read_text()
    row = run(db, new=1)
    assert row["healthy"] == 1 and row["stale"] == 0 and row["last_error"] is None
    assert notify_health_changes(db, smtp, "ops@example.org") == 1
    assert len(mail.messages()) == 2
    durations = [r["duration_seconds"] for r in db.query("SELECT duration_seconds FROM source_runs")]
    assert durations == [1.5] * 4


def test_a_source_within_its_cadence_is_not_stale_and_one_without_a_cadence_never_is(db_path):
    db = open_archive(db_path)
    upsert_source(db, SOURCE)
    upsert_source(db, {"id": "no-cadence", "family": "feed"})
    assert run(db, new=1)["stale"] == 0
    db.execute("UPDATE sources SET last_new_at = ?", [(clock.now() - timedelta(days=5)).isoformat()])
    assert run(db)["stale"] == 0  # 5 days < 3 × 2 days
    row = record_source_run(db, source_id="no-cadence", run_id=None, started_at="x", items_seen=1, new=0,
                            changed=0, unchanged=1, errors=0, error=None)
    assert row["stale"] == 0 and row["healthy"] == 1


def test_failures_below_the_streak_keep_health_and_a_streak_turns_it(db_path):
    db = open_archive(db_path)
    upsert_source(db, SOURCE)
    run(db, new=1)
    assert run(db, items=0, errors=1, error="HTTP 503")["healthy"] == 1
    assert run(db, items=0, errors=1, error="HTTP 503")["healthy"] == 1
    row = run(db, items=0, errors=1, error="HTTP 503")
    assert row["healthy"] == 0 and row["consecutive_failures"] == 3


def test_regwatch_sources_lists_the_bundled_sources_with_their_health(tmp_path, capfd):
    config = tmp_path / "regwatch.toml"
    config.write_text(f'include_bundled_sources = true\ndb = "{tmp_path / "a.db"}"\n', "utf-8")
    capfd.readouterr()
    assert main(["sources", "--config", str(config), "--json"]) == 0
    rows = json.loads(capfd.readouterr().out)
    assert len(rows) >= 15 and len({r["jurisdiction"] for r in rows}) >= 10
    for row in rows:
        assert row["healthy"] is None and row["stale"] is False and row["notices"] == 0  # never run yet
        assert row["schedule"] and row["expected_cadence_days"] and row["language"] and row["agency"]


def test_an_own_entry_with_a_bundled_id_replaces_the_bundled_source():
    from regwatch.config import parse_config

    own = {"id": "cn-mofcom-zcfb", "family": "mofcom", "jurisdiction": "CN", "delay": 8,
           "params": {"url": "http://127.0.0.1:8765/zwgk/zcfb/index.html"}}
    config = parse_config({"include_bundled_sources": True, "sources": [own]})
    matches = [s for s in config.sources if s.id == "cn-mofcom-zcfb"]
    assert len(matches) == 1 and matches[0].delay == 8
    assert matches[0].params["url"].startswith("http://127.0.0.1:8765/")


def test_no_bundled_source_breaks_silently_when_its_site_is_redesigned(tmp_path, mail):
    """Every bundled source, its site answering with a redesigned page: every one fails loudly, at once."""
    from contextlib import ExitStack

    from regwatch.config import parse_config

    redesigned_html = tmp_path / "redesigned.html"
    redesigned_html.write_text("<html><body><div class='new-layout'><p>Our new website</p></div></body></html>")
    redesigned_json = tmp_path / "redesigned.json"
    redesigned_json.write_text('{"message": "This API has moved", "items": []}')
    bundled = [source.entry() for source in parse_config({"include_bundled_sources": True}).sources]
    with ExitStack() as stack:
        sources = []
        for entry in bundled:
            server = stack.enter_context(FixtureServer(FIXTURES / entry["id"]))
            for route in server.spec["routes"]:
                json_like = "json" in route.get("type", "")
                server.overrides[route["file"]] = redesigned_json if json_like else redesigned_html
            sources.append({**server.repoint(entry), "delay": 0})
        config = str(write_config(tmp_path / "regwatch.toml", sources, mail.port))
        assert main(["run", "--config", config]) == 1
    db = open_archive(tmp_path / "archive.db")
    rows = {r["id"]: r for r in db.query("SELECT * FROM sources")}
    assert len(rows) == len(bundled)
    for source_id, row in rows.items():
        assert row["healthy"] == 0, f"{source_id} stayed healthy on a redesigned site"
        assert row["last_error"], source_id
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    assert len(mail.messages()) == 1  # one message naming every source that turned
    body = message_from_bytes(mail.messages()[0].read_bytes()).get_payload(decode=True).decode()  # type: ignore[union-attr]  # as above
    assert all(source_id in body for source_id in rows)
