"""Every bundled source crawled from its fixture with its list and notice pages at real size.

The same fixture as ``test_sources_fixtures``, with every HTML page wrapped in the furniture of a real site
(``tests/fixtures/realsize.py``: cookie banner, header and menus, a breadcrumb trail and a share bar that no
class names, inline scripts, related links, footer), and every list grown to the entries a real one holds: RSS
and Atom feeds, Federal Register searches and public-inspection lists, GOV.UK searches, the Australian register's
OData versions, the Taiwan Trade Administration's page list and MOFCOM's jpaas list units (older than the
miniature's, each that the spider follows leading to a page of its own); the same fields must come out as from
the miniature, and exactly the added notices more.
"""
from __future__ import annotations

import json
import shutil
from collections import Counter
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
    FRL_VERSIONS,
    REAL_FR_PAGE_SIZE,
    REAL_FRL_PAGE_SIZE,
    REAL_JPAAS_PAGE_SIZE,
    REAL_LIST_SIZE,
    REAL_TW_PAGE_SIZE,
    Served,
    grow_federal_register,
    grow_feed,
    grow_frl_versions,
    grow_govuk_search,
    grow_jpaas_list,
    grow_public_inspection,
    grow_tw_pages,
    real_size,
)
from tests.fixtures.server import FIXTURES, FixtureServer

BUNDLED = [s.entry() for s in parse_config({"include_bundled_sources": True}).sources
           if (FIXTURES / s.id / "fixture.json").is_file()]
IDS = [source["id"] for source in BUNDLED]
REAL_SIZE = 60_000  # bytes: the smallest real HTML list or notice page of these sites is larger
#: Sources whose list is HTML, grown with the other HTML pages.
HTML_LISTS = {"cn-mofcom-aqygzj", "in-dgft-notifications"}
#: Sources whose list is not grown yet (none: every list format has a growth of its own).
NOT_GROWN: set[str] = set()


def grow_lists(folder: Path, spec: dict[str, Any], language: str, site: str,
               params: dict[str, Any]) -> tuple[dict[str, int], int, int]:
    """Grow the list pages of the fixture in FOLDER (feeds, Federal Register searches and public-inspection
    lists, GOV.UK searches, Federal Register of Legislation versions, Trade Administration page lists, MOFCOM
    jpaas lists) to real size, serving the pages their added entries lead to; return the list files grown
    (name → the least size a real one has), how many notices were added and how many more listings the
    spider reads (a list file served for two queries is read twice)."""
    grown: dict[str, int] = {}
    served: list[Served] = []
    notices = listed = 0
    reads = Counter(route["file"] for route in spec["routes"])
    versions = sorted((r for r in spec["routes"] if r["path"] == "/v1/versions"),
                      key=lambda r: int(r.get("query", {}).get("$skip", 0)))
    for route in list(spec["routes"]):
        file = folder / route["file"]
        if file.suffix == ".pdf" or file.name in grown:
            continue
        content = file.read_text("utf-8")
        head, query = content[:600], route.get("query", {})
        pages: list[Served] = []
        if "<rss" in head or "<feed" in head:
            (content, added), size = grow_feed(content, language, site), REAL_LIST_SIZE
        elif file.suffix == ".json" and query.get("per_page") != "1" and _is_fr_search(content):
            (content, added), size = grow_federal_register(
                content, query.get("conditions[publication_date][gte]")), REAL_FR_PAGE_SIZE
        elif route["path"].endswith("/api/search.json") and query.get("count") != "1":
            (content, added), size = grow_govuk_search(content), REAL_LIST_SIZE
        elif "/public-inspection-documents" in route["path"] and json.loads(content).get("results"):
            later = [json.loads((folder / r["file"]).read_text("utf-8")) for r in spec["routes"]
                     if "/public-inspection-documents" in r["path"] and r["file"] != route["file"]]
            below = [int(d["document_number"].split("-")[1]) for p in later for d in p.get("results") or []
                     if d.get("filed_at", "") > json.loads(content)["results"][0].get("filed_at", "")]
            (content, added), size = grow_public_inspection(content, params["agencies"],
                                                            min(below, default=None)), REAL_FR_PAGE_SIZE
        elif route["path"] == "/v1/versions" and route is versions[0]:
            files = [folder / r["file"] for r in versions]
            texts, added = grow_frl_versions([f.read_text("utf-8") for f in files])
            for index, (other, text) in enumerate(zip(versions, texts, strict=True)):
                if index:
                    other["query"]["$skip"] = str(index * FRL_VERSIONS)
                    (folder / other["file"]).write_text(text, "utf-8")
                    grown[other["file"]] = REAL_FRL_PAGE_SIZE
            content, size = texts[0], REAL_FRL_PAGE_SIZE
        elif route["path"] == "/Api/Get/pages":
            before = len(json.loads(content))
            content, added = grow_tw_pages(content)
            notices += len(json.loads(content)) - before
            listed += len(json.loads(content)) - before
            size = REAL_TW_PAGE_SIZE
        elif route["path"].endswith("/build/unit") and json.loads(query.get("paramJson", "{}")).get(
                "pageSize") == params.get("page_size", 20):
            content, pages, added = grow_jpaas_list(content, query, route["path"], language, site)
            size = REAL_JPAAS_PAGE_SIZE
        else:
            continue
        file.write_text(content, "utf-8")
        grown[file.name] = size
        for page in pages:
            grown[page.file] = size
        notices += len(added)
        listed += len(added) * reads[route["file"]]
        served += pages + added
    for page in served:
        (folder / page.file).write_text(page.content, "utf-8")
        url = urlparse(page.url)
        spec["routes"].append({"path": url.path, "query": dict(parse_qsl(url.query)), "file": page.file,
                               "type": page.media_type})
    (folder / "fixture.json").write_text(json.dumps(spec, ensure_ascii=False, indent=1), "utf-8")
    return grown, notices, listed


def _is_fr_search(content: str) -> bool:
    """A Federal Register ``documents.json`` search answer (not a public-inspection list: no ``description``)."""
    payload = json.loads(content)
    return isinstance(payload, dict) and "description" in payload and all(
        "document_number" in result for result in payload.get("results") or [{}])


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """One `regwatch run` over every bundled source, its pages at real size; yield (archive, servers, run id,
    the HTML pages grown per source, the list files grown per source, the notices added per source, the
    listings added per source)."""
    folder = tmp_path_factory.mktemp("realsize")
    grown: dict[str, list[str]] = {}
    lists: dict[str, dict[str, int]] = {}
    added: dict[str, int] = {}
    listed: dict[str, int] = {}
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
            lists[source["id"]], added[source["id"]], listed[source["id"]] = grow_lists(
                copy, spec, source.get("language", "en"), site, source.get("params", {}))
            servers[source["id"]] = stack.enter_context(FixtureServer(copy))
        sources = [{**servers[s["id"]].repoint(s), "delay": 0} for s in BUNDLED]
        config = write_config(folder / "regwatch.toml", sources)
        assert main(["run", "--config", str(config)]) == 0
        db = open_archive(folder / "archive.db")
        run_id = db.execute("SELECT max(id) FROM runs").fetchone()[0]
        yield db, servers, run_id, grown, lists, added, listed
        db.close()


@pytest.mark.parametrize("source_id", IDS)
def test_real_size_pages_give_the_same_notice_as_the_miniature(crawled, source_id):
    db, servers, run_id, grown, lists, added, listed = crawled
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
    assert run["items_seen"] == expect.get("listed", expect["notices"]) + listed[source_id]
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
    _, _, _, grown, lists, added, _ = crawled
    for source_id in IDS:
        assert lists[source_id] or source_id in HTML_LISTS or source_id in NOT_GROWN, source_id
        assert lists[source_id] or grown[source_id] or source_id in NOT_GROWN, source_id
        if lists[source_id]:
            assert added[source_id] > 0, source_id
    assert sum(1 for pages in grown.values() if pages) >= 12
