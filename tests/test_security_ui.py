"""The web archive (`regwatch ui`) under hostile content and hostile requests.

Scraped markup and script links are shown
as text, no request writes to the archive, and the server listens on the
loopback interface unless told otherwise.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

import regwatch.ui  # noqa: F401  (the web archive is part of the tree: an ImportError fails, never skips)
from archive.db import open_archive
from archive.store import record_fetch, upsert_source
from tests.helpers import require, ui_server

REPO = Path(__file__).resolve().parents[1]
HOSTILE_TITLE = "<script>alert('title')</script> Export ban <img src=x onerror=alert(1)>"
HOSTILE_TEXT = "Licence required. <script>alert('text')</script> <a href=\"javascript:alert(2)\">click</a>"


def _listening_addresses(port: int) -> set[str]:
    """The local addresses (hex, as the kernel writes them) of the TCP sockets listening on PORT."""
    addresses = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                addresses.add(address)
    return addresses


def _request(url: str, method: str = "GET", body: bytes | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, data=body, method=method,
                                     headers={"Content-Type": "application/json"} if body else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ui-security")
    db_path = folder / "archive.db"
    db = open_archive(db_path)
    upsert_source(db, {"id": "hostile", "family": "feed", "jurisdiction": "XX", "agency": "<b>Agency</b>"})
    record_fetch(db, source_id="hostile", native_id="1", url="javascript:alert(3)", title=HOSTILE_TITLE,
                 text=HOSTILE_TEXT, published="2026-11-20")
    record_fetch(db, source_id="hostile", native_id="1", url="javascript:alert(3)", title=HOSTILE_TITLE,
                 text=HOSTILE_TEXT + "\nAmended: <iframe src=//evil.example></iframe>", published="2026-11-20")
    document_id = db.execute("SELECT id FROM documents").fetchone()[0]
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    with ui_server(db_path, folder / "ui.log") as base:
        yield base, urlsplit(base).port, db_path, document_id


def test_hostile_titles_text_and_links_are_shown_as_text(served):
    base, _, _, document_id = served
    pages = [_request(base + "/?q=licence"), _request(base + f"/notice/{document_id}"),
             _request(base + "/archive/documents"), _request(base + f"/archive/documents/{document_id}")]
    for status, html in pages:
        assert status == 200
        for raw in ("<script>alert(", "<img src=x", "<iframe", 'href="javascript:', "href='javascript:"):
            assert raw not in html, (raw, html[:300])
    assert "&lt;script&gt;" in pages[1][1]


def test_no_request_writes_to_the_archive(served):
    base, _, db_path, document_id = served
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    attempts = [
        ("/", "POST", b"{}"),
        ("/archive/documents/-/insert", "POST", b'{"row": {"source_id": "x", "native_id": "y"}}'),
        (f"/archive/documents/{document_id}/-/update", "POST", b'{"update": {"title": "changed"}}'),
        (f"/archive/documents/{document_id}/-/delete", "POST", b"{}"),
        ("/archive/documents/-/drop", "POST", b'{"confirm": true}'),
        ("/archive/-/create", "POST", b'{"table": "evil", "columns": [{"name": "x"}]}'),
        ("/archive?sql=" + quote("DELETE FROM versions"), "GET", None),
        ("/archive?sql=" + quote("UPDATE documents SET title = 'x'"), "GET", None),
        (f"/notice/{document_id}", "PUT", b"{}"),
        (f"/notice/{document_id}", "DELETE", None),
    ]
    answers = [(path, method, _request(base + path, method, body)[0]) for path, method, body in attempts]
    # Datasette's write API and SQL are refused; regwatch's own pages answer any method with the page itself,
    # which writes nothing either (the archive's bytes are compared below).
    assert all(status >= 400 for path, _, status in answers if "/-/" in path or "sql=" in path), answers
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
    db = open_archive(db_path)
    assert db.execute("SELECT count(*) FROM versions").fetchone()[0] == 2
    assert "evil" not in db.table_names()


def test_it_listens_on_loopback_unless_told_otherwise(served):
    _, port, _, _ = served
    help_text = subprocess.run([sys.executable, "-m", "regwatch.cli", "ui", "--help"], capture_output=True,
                               text=True, env={**os.environ, "PYTHONPATH": str(REPO)}).stdout
    assert "127.0.0.1" in help_text
    # Read from the kernel's socket table rather than probing another address of this machine.
    listening = _listening_addresses(port)
    require(listening, "a Linux /proc/net/tcp that lists the server's socket")
    assert listening == {"0100007F"}, f"the archive listens on {listening}, not only on 127.0.0.1"
