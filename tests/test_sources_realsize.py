"""Every bundled source crawled from its fixture with its list and notice pages at real size.

The same fixture as ``test_sources_fixtures``, with every HTML page wrapped in the furniture of a real site
(``tests/fixtures/realsize.py``: cookie banner, header and menus, a breadcrumb trail and a share bar that no
class names, inline scripts, related links, footer), and every RSS/Atom feed, Federal Register and GOV.UK
search page grown to the entries a real one holds (older than the miniature's, each leading to a page of its own);
the same fields must come out as from the miniature, and exactly the added notices more.
"""
from __future__ import annotations

import json
import shutil
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlparse

import pytest

from archive.db import open_archive
from regwatch.cli import main
from regwatch.config import parse_config
from tests.fixtures.crawl import write_config
from tests.fixtures.realsize import (
    REAL_FR_PAGE_SIZE,
    REAL_LIST_SIZE,
    grow_federal_register,
    grow_feed,
    grow_govuk_search,
    real_size,
)
from tests.fixtures.server import FIXTURES, FixtureServer

BUNDLED = [s.entry() for s in parse_config({"include_bundled_sources": True}).sources
           if (FIXTURES / s.id / "fixture.json").is_file()]
IDS = [source["id"] for source in BUNDLED]
REAL_SIZE = 60_000  # bytes: the smallest real HTML list or notice page of these sites is larger
#: Sources whose list is HTML, grown with the other HTML pages.
HTML_LISTS = {"cn-mofcom-aqygzj", "in-dgft-notifications"}
#: JSON lists not grown yet: Federal Register public inspection, the Australian register's OData versions, the
#: Taiwan site's page list and MOFCOM's jpaas list units (their column pages, HTML shells, are grown); each has
#: a shape of its own, unlike the feeds and the FR and GOV.UK search pages.
NOT_GROWN = {"us-fr-public-inspection", "au-frl", "tw-trade-news", "cn-mofcom-zcfb",
             "cn-mofcom-en"}


def grow_lists(folder: Path, spec: dict[str, Any], language: str, site: str) -> tuple[dict[str, int], int]:
    """Grow the feeds, Federal Register and GOV.UK search pages of the fixture in FOLDER to real size, serving
    the pages their added entries lead to; return the list files grown (name → the least size a real one has)
    and how many notices were added."""
    grown: dict[str, int] = {}
    served = []
    for route in list(spec["routes"]):
        file = folder / route["file"]
        if file.suffix == ".pdf":
            continue
        content = file.read_text("utf-8")
        head, query = content[:600], route.get("query", {})
        if "<rss" in head or "<feed" in head:
            (content, added), size = grow_feed(content, language, site), REAL_LIST_SIZE
        elif file.suffix == ".json" and query.get("per_page") != "1" and _is_fr_search(content):
            (content, added), size = grow_federal_register(
                content, query.get("conditions[publication_date][gte]")), REAL_FR_PAGE_SIZE
        elif route["path"].endswith("/api/search.json") and query.get("count") != "1":
            (content, added), size = grow_govuk_search(content), REAL_LIST_SIZE
        else:
            continue
        file.write_text(content, "utf-8")
        grown[file.name] = size
        served += added
    for page in served:
        (folder / page.file).write_text(page.content, "utf-8")
        url = urlparse(page.url)
        spec["routes"].append({"path": url.path, "query": dict(parse_qsl(url.query)), "file": page.file,
                               "type": page.media_type})
    (folder / "fixture.json").write_text(json.dumps(spec, ensure_ascii=False, indent=1), "utf-8")
    return grown, len(served)


def _is_fr_search(content: str) -> bool:
    """A Federal Register ``documents.json`` search answer (not a public-inspection list: no ``description``)."""
    payload = json.loads(content)
    return isinstance(payload, dict) and "description" in payload and all(
        "document_number" in result for result in payload.get("results") or [{}])


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """One `regwatch run` over every bundled source, its pages at real size; yield (archive, servers, run id,
    the HTML pages grown per source, the list files grown per source, the notices added per source)."""
    folder = tmp_path_factory.mktemp("realsize")
    grown: dict[str, list[str]] = {}
    lists: dict[str, dict[str, int]] = {}
    added: dict[str, int] = {}
    with ExitStack() as stack:
        servers = {}
        for source in BUNDLED:
            copy = folder / source["id"]
            shutil.copytree(FIXTURES / source["id"], copy)
            spec = FixtureServer(copy).spec
            site = next((urlparse(h).hostname for h in spec.get("hosts", [])), None) or "example"
            grown[source["id"]] = []
            for page in sorted(copy.glob("*.html")):
                page.write_text(real_size(page.read_text("utf-8"), source.get("language", "en"), site), "utf-8")
                grown[source["id"]].append(page.name)
            lists[source["id"]], added[source["id"]] = grow_lists(copy, spec, source.get("language", "en"), site)
            servers[source["id"]] = stack.enter_context(FixtureServer(copy))
        sources = [{**servers[s["id"]].repoint(s), "delay": 0} for s in BUNDLED]
        config = write_config(folder / "regwatch.toml", sources)
        assert main(["run", "--config", str(config)]) == 0
        db = open_archive(folder / "archive.db")
        run_id = db.execute("SELECT max(id) FROM runs").fetchone()[0]
        yield db, servers, run_id, grown, lists, added
        db.close()


@pytest.mark.parametrize("source_id", IDS)
def test_real_size_pages_give_the_same_notice_as_the_miniature(crawled, source_id):
    db, servers, run_id, grown, lists, added = crawled
    server = servers[source_id]
    for name in grown[source_id]:
        assert (server.folder / name).stat().st_size >= REAL_SIZE, name
    for name, size in lists[source_id].items():
        assert (server.folder / name).stat().st_size >= size, name
    expect = server.spec["expect"]
    run = next(db.query("SELECT * FROM source_runs WHERE source_id = ? AND run_id = ?", [source_id, run_id]))
    assert run["ok"] == 1, run["error"]
    assert run["errors"] == 0
    # the grown lists' added entries are listed and archived too: exactly that many more than the miniature's
    more = added[source_id]
    assert run["new"] == expect["notices"] + more
    assert run["items_seen"] == expect.get("listed", expect["notices"]) + more
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


def test_every_bundled_source_has_a_real_size_list_page_and_notice_pages(crawled):
    """Every source's list (an HTML list page, a feed, a Federal Register search page) is at real size, and so
    is every HTML notice page of the sources that have notice pages of their own."""
    _, _, _, grown, lists, added = crawled
    for source_id in IDS:
        assert lists[source_id] or source_id in HTML_LISTS or source_id in NOT_GROWN, source_id
        assert lists[source_id] or grown[source_id] or source_id in NOT_GROWN, source_id
        if lists[source_id]:
            assert added[source_id] > 0, source_id
    assert sum(1 for pages in grown.values() if pages) >= 12
