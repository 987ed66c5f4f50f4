"""Unusual and hostile input from a source: archived (or refused) within bounds, never lost in silence."""
from __future__ import annotations

import json
import tracemalloc
from pathlib import Path
from typing import Any

import feedparser
import pytest

from archive.db import open_archive
from regwatch.cli import main
from tests.fixtures.crawl import crawl_once, write_config
from tests.fixtures.server import FixtureServer


def fixture_site(folder: Path, routes: dict[str, tuple[str, str]]) -> Path:
    """A fixture folder serving each path in ROUTES as (content type, text)."""
    folder.mkdir(parents=True, exist_ok=True)
    spec: dict[str, Any] = {"hosts": [], "routes": []}
    for index, (path, (content_type, body)) in enumerate(routes.items()):
        name = f"file{index}"
        (folder / name).write_text(body, "utf-8")
        spec["routes"].append({"path": path, "file": name, "type": content_type})
    (folder / "fixture.json").write_text(json.dumps(spec), "utf-8")
    return folder


def json_api_source(base_url: str) -> dict[str, Any]:
    return {"id": "xx-api", "family": "json_api", "name": "API", "jurisdiction": "US", "agency": "X",
            "language": "en", "delay": 0,
            "params": {"url": f"{base_url}/api/items", "items_path": "items", "id_field": "id",
                       "title_field": "title", "date_field": "date", "body_field": "body"}}


def test_a_lone_surrogate_in_a_json_title_is_replaced_and_the_notice_archived(tmp_path):
    # Written by hand: json.dumps would escape the surrogate the same way, the point is the \ud800 escape itself.
    answer = ('{"items": [{"id": "1", "title": "Export rule \\ud800 for gallium", "date": "2025-06-10",'
              ' "body": "<p>Licence required for gallium \\udfff compounds.</p>"},'
              ' {"id": "2", "title": "Second notice", "date": "2025-06-10", "body": "<p>Plain text.</p>"}]}')
    folder = fixture_site(tmp_path / "site", {"/api/items": ("application/json", answer)})
    with FixtureServer(folder) as server:
        run = crawl_once(tmp_path / "archive.db", server, json_api_source(server.base_url))
    db = open_archive(tmp_path / "archive.db")
    rows = {r["native_id"]: r for r in db.query(
        "SELECT d.native_id, v.title, v.text FROM documents d JOIN versions v ON v.id = d.current_version_id")}
    issues = [dict(r) for r in db.query("SELECT * FROM source_issues")]
    assert set(rows) == {"1", "2"}, (rows, run, issues)
    assert rows["1"]["title"] == "Export rule \ufffd for gallium"
    assert rows["1"]["text"] == "Licence required for gallium \ufffd compounds."
    assert run["ok"] == 1 and run["errors"] == 0, run


def test_a_notice_the_archive_refuses_is_an_error_on_its_source_in_sources_and_run_v(tmp_path, capsys):
    answer = json.dumps({"items": [
        {"id": "1", "title": "First notice", "date": "2025-06-10", "body": "<p>Kept.</p>"},
        {"id": "2", "title": "Second notice", "date": "2025-06-10", "body": "<p>Refused.</p>"}]})
    folder = fixture_site(tmp_path / "site", {"/api/items": ("application/json", answer)})
    db = open_archive(tmp_path / "archive.db")
    # Any failure while archiving one item (here the database refuses it) must surface, whatever its cause.
    db.execute("""CREATE TRIGGER refuse BEFORE INSERT ON documents WHEN NEW.native_id = '2'
                  BEGIN SELECT RAISE(ABORT, 'notice refused'); END""")
    db.conn.commit()
    with FixtureServer(folder) as server:
        config = write_config(tmp_path / "regwatch.toml", [json_api_source(server.base_url)])
        main(["run", "-v", "--config", str(config)])
    run_output = capsys.readouterr().err
    assert main(["sources", "--config", str(config)]) == 0
    sources_output = capsys.readouterr().out
    issues = [r["message"] for r in db.query("SELECT message FROM source_issues WHERE source_id = 'xx-api'")]
    assert any("notice refused" in message for message in issues), issues
    assert [r["errors"] for r in db.query("SELECT errors FROM source_runs")] == [1]
    assert "xx-api: 2 listed, 1 new, 0 changed — ok, 1 error(s)" in run_output, run_output
    assert "1 new, 0 changed, 1 err" in sources_output, sources_output


def entity_feed(declarations: int, base_url: str = "http://127.0.0.1") -> str:
    """An Atom feed whose DOCTYPE declares DECLARATIONS entities one per line: plain texts, then a chain
    in which each expands into ten of the one before (the last would be billions of characters)."""
    plain = [f'<!ENTITY p{i} "expanded entity text number {i}">' for i in range(declarations)]
    chain = ['<!ENTITY c0 "lol">'] + [f'<!ENTITY c{i} "{f"&c{i - 1};" * 10}">' for i in range(1, 10)]
    references = " ".join(f"&p{i};" for i in range(0, declarations, 7))
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE feed [\n' + "\n".join(plain + chain) + "\n]>\n"
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Notices</title><id>urn:feed</id>'
        '<updated>2025-06-10T09:00:00Z</updated>'
        f'<entry><id>urn:notice:1</id><title>Gallium &p1; rule &c9;</title><link href="{base_url}/n/1"/>'
        '<updated>2025-06-10T09:00:00Z</updated><published>2025-06-10T09:00:00Z</published>'
        f'<summary>Licences for gallium. &c9; {references}</summary></entry>'
        f'<entry><id>urn:notice:2</id><title>Germanium rule</title><link href="{base_url}/n/2"/>'
        '<updated>2025-06-10T09:00:00Z</updated><published>2025-06-10T09:00:00Z</published>'
        '<summary>Licences for germanium.</summary></entry></feed>'
    )


def test_a_feed_declaring_entities_is_read_without_expanding_them(tmp_path):
    folder = fixture_site(tmp_path / "site", {"/feed.atom": ("application/atom+xml", entity_feed(2000))})
    with FixtureServer(folder) as server:
        source = {"id": "xx-feed", "family": "feed", "name": "Feed", "jurisdiction": "GB", "agency": "X",
                  "language": "en", "delay": 0, "params": {"url": f"{server.base_url}/feed.atom", "fetch_detail": False}}
        run = crawl_once(tmp_path / "archive.db", server, source)
    assert run["ok"] == 1 and run["new"] == 2, run
    db = open_archive(tmp_path / "archive.db")
    versions = {r["title"]: r["text"] for r in db.query("SELECT title, text FROM versions")}
    assert set(versions) == {"Gallium &p1; rule &c9;", "Germanium rule"}, versions
    archived = " ".join(f"{title} {text}" for title, text in versions.items())
    assert "expanded entity text" not in archived and "lol" not in archived
    issues = [r["message"] for r in db.query("SELECT message FROM source_issues WHERE source_id = 'xx-feed'")]
    assert issues == ["the feed declares 2010 entities of its own; they were not expanded"]


@pytest.mark.parametrize("declarations", [2000, 8000])
def test_reading_a_feed_full_of_entity_declarations_takes_memory_in_proportion_to_it(declarations):
    from crawler.spiders.feed import without_declarations

    body = entity_feed(declarations).encode()
    feedparser.parse(entity_feed(1).encode())  # the parser's modules load on first use: not counted
    tracemalloc.start()
    try:
        feed = feedparser.parse(without_declarations(body)[0])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(feed.entries) == 2
    # the issue's bound is twice the feed; with the declarations gone it stays below the feed's own size
    assert peak < len(body), (peak, len(body))


@pytest.mark.parametrize("prolog", [
    b'<!DOCTYPE feed [<!-- ] --><!ENTITY a "lol">]>',  # a comment hiding the subset's end
    b'text first <!DOCTYPE feed [<!ENTITY a "lol">]>',  # a declaration after other text
    b'<!DOCTYPE feed [<!ENTITY a "<b>lol</b>"',  # never closed, with markup in the value
])
def test_a_declaration_that_cannot_be_cut_cleanly_refuses_the_feed(prolog):
    from crawler.extract import LayoutError
    from crawler.spiders.feed import without_declarations

    with pytest.raises(LayoutError, match="cannot be read safely"):
        without_declarations(prolog + b'<feed xmlns="http://www.w3.org/2005/Atom"><title>&a;</title></feed>')
