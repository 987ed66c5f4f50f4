"""The crawler's one door to the archive: spiders never open it; the archive pipeline reads their state once and
writes in batches, so a crash loses only what a re-run fetches again."""
from __future__ import annotations

import ast
import multiprocessing
import os
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from archive.db import open_archive
from archive.store import start_run
from crawler.runner import crawl_in_child
from regwatch.local_http import LocalHTTPServer, Response

SPIDERS = Path(__file__).resolve().parent.parent / "crawler" / "spiders"


class Site:
    """One list page of N notices; each notice page sends an ETag and answers a matching If-None-Match with 304."""

    def __init__(self, notices: int, missing: int | None = None) -> None:
        self.notices, self.missing = notices, missing
        self.bodies: list[int] = []
        self.not_modified = 0
        self.lock = threading.Lock()

    def respond(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> Response:
        html = {"Content-Type": "text/html; charset=utf-8"}
        if path == "/robots.txt":
            return Response(200, html, "User-agent: *\nAllow: /\n")
        if path == "/list":
            items = "".join(f'<li><a href="/notice/{n}.html">Notice {n}</a></li>' for n in range(1, self.notices + 1))
            return Response(200, html, f'<html><body><ul class="list">{items}</ul></body></html>')
        number = int(path.rsplit("/", 1)[1].split(".")[0])
        if number == self.missing:
            return Response(404, html, "not found")
        etag = f'"n{number}"'
        if headers.get("If-None-Match") == etag:
            with self.lock:
                self.not_modified += 1
            return Response(304, {"ETag": etag}, b"")
        with self.lock:
            self.bodies.append(number)
        return Response(200, {**html, "ETag": etag},
                        f"<html><body><main><h1>Notice {number}</h1><p>The text of notice {number}.</p></main>"
                        f"</body></html>")


@pytest.fixture
def site(request) -> Iterator[tuple[Site, str]]:
    notices = Site(30, getattr(request, "param", None))
    with LocalHTTPServer(notices.respond, name="door-site") as server:
        yield notices, server.base_url


def source(base: str, **extra: Any) -> dict[str, Any]:
    return {"id": "door", "family": "html_list", "jurisdiction": "XX", "language": "en", "delay": 0,
            "params": {"url": f"{base}/list", "item_selector": "ul.list li", "id_pattern": r"/notice/(\d+)\.html"},
            **extra}


# -- what runs in the crawling child (spawned: these are imported there by name) ------------------------------

def _fenced_crawl(db_path: str, sources: list[dict[str, Any]], run_id: int, begins_path: str) -> None:
    """Crawl as the runner does, but once the archive pipeline has its connection, any other attempt to open
    the archive fails; the transactions begun on the pipeline's connection are counted into BEGINS_PATH."""
    import sqlite3

    from crawler import pipelines, runner

    pipelines.DEFAULT_WRITE_WAIT = 1000.0  # batches close by size or at the end, never by the clock, here
    acquire = pipelines.process_archive
    begins: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        raise RuntimeError("the archive was opened from inside the crawl")

    def fenced(path: str):
        db = acquire(path)
        db.conn.set_trace_callback(lambda sql: begins.append(sql) if sql.strip().upper().startswith("BEGIN") else None)
        sqlite3.connect = refuse  # type: ignore[assignment]
        return db

    pipelines.process_archive = fenced
    try:
        runner.crawl(db_path, sources, run_id)
    finally:
        Path(begins_path).write_text(str(len(begins)), "utf-8")


def _crash_in_third_batch(db_path: str, sources: list[dict[str, Any]], run_id: int) -> None:
    """Crawl with batches of 10 records and die (no clean-up at all) half-way through writing the third."""
    from crawler import pipelines, runner

    pipelines.DEFAULT_WRITE_BATCH = 10
    pipelines.DEFAULT_WRITE_WAIT = 1000.0
    write = pipelines.ArchivePipeline._write
    written = 0

    def dying(db, record):
        nonlocal written
        written += 1
        if written == 25:
            os._exit(9)
        return write(db, record)

    pipelines.ArchivePipeline._write = staticmethod(dying)  # type: ignore[method-assign]
    runner.crawl(db_path, sources, run_id)


def _in_child(target, *args: Any) -> int:
    child = multiprocessing.get_context("spawn").Process(target=target, args=args)
    child.start()
    child.join(120)
    assert not child.is_alive()
    return child.exitcode if child.exitcode is not None else -1


def _new_run(db_path: Path) -> int:
    db = open_archive(db_path)
    try:
        return start_run(db)
    finally:
        db.close()


def _run_row(db_path: Path, run_id: int) -> dict[str, Any]:
    db = open_archive(db_path)
    try:
        return dict(next(db.query("SELECT * FROM source_runs WHERE run_id = ?", [run_id])))
    finally:
        db.close()


# -- the tests ----------------------------------------------------------------------------------------------

def test_no_spider_module_reaches_the_archive_itself():
    """Spiders may name the archive's types, never its connection or its writers."""
    for path in sorted(SPIDERS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            modules = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                       else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for module in modules:
                assert module.split(".")[0] not in ("sqlite3", "sqlite_utils"), f"{path.name} imports {module}"
                assert module != "archive.db", f"{path.name} imports archive.db"
            if isinstance(node, ast.ImportFrom) and node.module == "archive.store":
                names = {alias.name for alias in node.names}
                assert names <= {"KnownDocument"}, f"{path.name} imports {names - {'KnownDocument'}} from the archive"


@pytest.mark.parametrize("site", [7], indirect=True)  # notice 7 answers 404
def test_a_crawl_with_the_archive_fenced_off_after_the_pipeline_opens_records_everything(site, tmp_path):
    """New notices, 304 answers and a failed notice are all recorded, although any attempt to open the archive
    after the pipeline opened it fails; and each run writes in two transactions (the batch and the run)."""
    notices, base = site
    db_path = tmp_path / "archive.db"
    begins = tmp_path / "begins.txt"
    first = _new_run(db_path)
    assert _in_child(_fenced_crawl, str(db_path), [source(base)], first, str(begins)) == 0
    row = _run_row(db_path, first)
    assert (row["ok"], row["new"], row["errors"]) == (1, 29, 1)
    assert begins.read_text("utf-8") == "2"

    again = _new_run(db_path)
    assert _in_child(_fenced_crawl, str(db_path), [source(base, recheck_hours=0)], again, str(begins)) == 0
    row = _run_row(db_path, again)
    assert (row["ok"], row["new"], row["changed"], row["unchanged"], row["errors"]) == (1, 0, 0, 29, 1)
    assert notices.not_modified == 29 and len(notices.bodies) == 29
    assert begins.read_text("utf-8") == "2"
    db = open_archive(db_path)
    try:
        started = next(db.query("SELECT started_at FROM runs WHERE id = ?", [again]))["started_at"]
        # every 304 was written back: each known notice was checked during the second run
        assert db.execute("SELECT count(*) FROM documents WHERE last_checked >= ?", [started]).fetchone()[0] == 29
        issues = [r["message"] for r in db.query("SELECT message FROM source_issues WHERE source_id = 'door'")]
    finally:
        db.close()
    assert issues == ["notice could not be fetched: HTTP 404"] * 2


def test_a_crash_mid_batch_loses_only_what_a_rerun_fetches_again(site, tmp_path):
    notices, base = site
    db_path = tmp_path / "archive.db"
    crashed = _new_run(db_path)
    assert _in_child(_crash_in_third_batch, str(db_path), [source(base)], crashed) == 9
    db = open_archive(db_path)
    try:
        # the two batches written before the crash are whole; nothing of the third is
        kept = {r["native_id"] for r in db.query(
            "SELECT native_id FROM documents WHERE current_version_id IS NOT NULL AND version_count = 1")}
        assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 20 == len(kept)
        assert db.execute("SELECT count(*) FROM versions").fetchone()[0] == 20
    finally:
        db.close()
    fetched_before = len(notices.bodies)

    rerun = _new_run(db_path)
    assert crawl_in_child(str(db_path), [source(base)], rerun, timeout=120) == 0
    refetched = {str(n) for n in notices.bodies[fetched_before:]}
    assert refetched == {str(n) for n in range(1, 31)} - kept  # only what the crash lost
    assert _run_row(db_path, rerun)["new"] == 10
    db = open_archive(db_path)
    try:
        assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 30
    finally:
        db.close()


def test_one_registry_names_every_family_and_its_spider():
    """``crawler.families`` is the one registry: each family's spider is found from it and says it is that family,
    and every spider module's spider is registered."""
    from crawler.families import FAMILIES, spider_class
    from crawler.spiders.base import SourceSpider

    classes = {name: spider_class(name) for name in FAMILIES}
    assert all(issubclass(cls, SourceSpider) and cls.family == name for name, cls in classes.items())
    modules = {path.stem for path in SPIDERS.glob("*.py")} - {"__init__", "base"}
    assert {cls.__module__.rsplit(".", 1)[1] for cls in classes.values()} == modules


def test_sources_are_typed_when_the_configuration_loads():
    """The configuration hands out ``Source`` objects with the crawler's defaults; an entry round-trips."""
    from crawler.source import Source
    from regwatch.config import parse_config

    entry = {"id": "x", "family": "feed", "delay": 2, "allowed_hosts": ["e.org"], "params": {"url": "https://e.org/"}}
    source = parse_config({"sources": [entry]}).source("x")
    assert isinstance(source, Source)
    assert (source.delay, source.concurrency, source.recheck_hours, source.enabled) == (2, None, 24.0, True)
    assert source.allowed_hosts == ("e.org",)
    assert Source.from_entry(source.entry()) == source
    with pytest.raises(ValueError, match="unknown key 'dealy'"):
        Source.from_entry({"id": "x", "family": "feed", "dealy": 2})
