"""Every bundled source crawled from its fixture with its HTML list and notice pages at real size.

The same fixture as ``test_sources_fixtures``, with every HTML page wrapped in the furniture of a real site
(``tests/fixtures/realsize.py``: cookie banner, header and menus, a breadcrumb trail and a share bar that no
class names, inline scripts, related links, footer); the same fields must come out as from the miniature.
"""
from __future__ import annotations

import shutil
from contextlib import ExitStack
from urllib.parse import urlparse

import pytest

from archive.db import open_archive
from regwatch.cli import main
from regwatch.config import parse_config
from tests.fixtures.crawl import write_config
from tests.fixtures.realsize import real_size
from tests.fixtures.server import FIXTURES, FixtureServer

BUNDLED = [s.entry() for s in parse_config({"include_bundled_sources": True}).sources
           if (FIXTURES / s.id / "fixture.json").is_file()]
IDS = [source["id"] for source in BUNDLED]
REAL_SIZE = 60_000  # bytes: the smallest real list or notice page of these sites is larger


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """One `regwatch run` over every bundled source, its HTML pages at real size; yield (archive, servers,
    run id, the pages grown per source)."""
    folder = tmp_path_factory.mktemp("realsize")
    grown: dict[str, list[str]] = {}
    with ExitStack() as stack:
        servers = {}
        for source in BUNDLED:
            copy = folder / source["id"]
            shutil.copytree(FIXTURES / source["id"], copy)
            site = next((urlparse(h).hostname for h in FixtureServer(copy).spec.get("hosts", [])), None) or "example"
            grown[source["id"]] = []
            for page in sorted(copy.glob("*.html")):
                page.write_text(real_size(page.read_text("utf-8"), source.get("language", "en"), site), "utf-8")
                grown[source["id"]].append(page.name)
            servers[source["id"]] = stack.enter_context(FixtureServer(copy))
        sources = [{**servers[s["id"]].repoint(s), "delay": 0} for s in BUNDLED]
        config = write_config(folder / "regwatch.toml", sources)
        assert main(["run", "--config", str(config)]) == 0
        db = open_archive(folder / "archive.db")
        run_id = db.execute("SELECT max(id) FROM runs").fetchone()[0]
        yield db, servers, run_id, grown
        db.close()


@pytest.mark.parametrize("source_id", IDS)
def test_real_size_pages_give_the_same_notice_as_the_miniature(crawled, source_id):
    db, servers, run_id, grown = crawled
    server = servers[source_id]
    for name in grown[source_id]:
        assert (server.folder / name).stat().st_size >= REAL_SIZE, name
    expect = server.spec["expect"]
    run = next(db.query("SELECT * FROM source_runs WHERE source_id = ? AND run_id = ?", [source_id, run_id]))
    assert run["ok"] == 1, run["error"]
    assert run["errors"] == 0
    assert run["new"] == expect["notices"] and run["items_seen"] == expect.get("listed", expect["notices"])
    wanted = expect["notice"]
    row = next(db.query(
        """SELECT d.*, v.text FROM documents d JOIN versions v ON v.id = d.current_version_id
           WHERE d.source_id = ? AND d.native_id = ?""",
        [source_id, wanted["native_id"].replace("{base}", server.base_url)]), None)
    assert row is not None, f"no notice {wanted['native_id']!r}"
    assert row["title"] == wanted["title"]
    assert row["url"] == wanted["url"].replace("{base}", server.base_url)
    assert row["published"] == wanted["published"]
    assert row["language"] == wanted["language"]
    assert row["text"] == (server.folder / wanted["text_file"]).read_text("utf-8").strip()


def test_every_bundled_source_has_real_size_html_pages_or_none_at_all(crawled):
    """Sources read from feeds and APIs have no HTML list; those with HTML pages have every one grown."""
    _, _, _, grown = crawled
    with_html = [source_id for source_id, pages in grown.items() if pages]
    assert len(with_html) >= 12, with_html
