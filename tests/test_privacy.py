"""Subscribers stay private: nothing that names one is written outside the subscription tables or served.

A real cycle delivers to two subscribers, one of whose addresses the mail
server refuses (echoing it back, as servers do); then `regwatch ui` is walked
link by link, and every table it serves is fetched as JSON and CSV.
"""
from __future__ import annotations

import re
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from archive.db import open_archive
from regwatch.cli import main
from regwatch.ui import DB_NAME, PUBLIC_TABLES
from tests.golden.fixtures import NOTICES, build_archive, labels, store
from tests.helpers import PickyServer, ui_server

# Every column of every served table, each known to name no person. A new column must be added here
# deliberately (and kept impersonal), or this test fails.
PUBLIC_COLUMNS = {
    "documents": {"id", "source_id", "native_id", "url", "title", "published", "language", "first_seen",
                  "last_seen", "last_checked", "etag", "last_modified", "current_version_id", "version_count"},
    "versions": {"id", "document_id", "number", "title", "text", "content_hash", "url", "fetched_at",
                 "http_status", "etag", "last_modified", "matched_at", "baseline",
                 "metadata"},  # the publisher's document metadata, from the public page
    "classifications": {"version_id", "model_version", "relevant", "topics", "direction", "commodities",
                        "hs_codes", "eccns", "effective_date", "doc_ids", "classified_at", "gist", "frames"},
    "sources": {"id", "family", "name", "jurisdiction", "agency", "language", "url", "expected_cadence_days",
                "healthy", "consecutive_failures", "last_run_at", "last_success_at", "last_new_at", "last_error",
                "health_notified", "stale", "first_run_at", "baseline_version_id", "health_event",
                "timezone"},  # the publisher's zone, from the source's entry
    "source_runs": {"id", "run_id", "source_id", "started_at", "finished_at", "items_seen", "new", "changed",
                    "unchanged", "errors", "ok", "error", "duration_seconds"},
    "source_issues": {"id", "source_id", "at", "level", "message", "url"},
    "runs": {"id", "started_at", "finished_at", "status", "summary"},
}
REFUSED = "gone@example.com"
WEBHOOK = "http://127.0.0.1:9/hooks/secret-hook-token-7f3a"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "action") and value:
                self.links.append(value)


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


@pytest.fixture
def archive_after_a_failed_delivery(tmp_path: Path, db_path: Path) -> tuple[Path, list[str]]:
    db = build_archive(db_path, [])
    store(db, {**NOTICES["gallium"], "labels": labels(topics=["export_control"], commodities=["gallium"])})
    db.close()
    with PickyServer() as server:
        server.rcpt_replies[REFUSED] = f"550 5.1.1 <{REFUSED}>: Recipient address rejected"
        config = tmp_path / "regwatch.toml"
        config.write_text(f"""
db = "{db_path}"
[smtp]
host = "127.0.0.1"
port = {server.port}
sender = "regwatch <alerts@example.org>"
[[subscribers]]
id = "buyers"
name = "Jane Buyer"
email = "jane.buyer@example.com"
mode = "immediate"
webhook_url = "{WEBHOOK}"
[[subscribers]]
id = "gone"
email = "{REFUSED}"
mode = "immediate"
""")
        assert main(["run", "--config", str(config)]) == 1  # one delivery refused, one webhook unreachable
    db = open_archive(db_path)
    tokens = [row[0] for row in db.execute("SELECT token FROM subscriptions")]
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return db_path, ["jane.buyer@example.com", REFUSED, "Jane Buyer", "secret-hook-token", *tokens]


def test_run_reports_and_every_public_table_name_no_subscriber(archive_after_a_failed_delivery):
    db_path, secrets = archive_after_a_failed_delivery
    db = open_archive(db_path)
    assert db.execute("SELECT count(*) FROM deliveries WHERE status != 'sent'").fetchone()[0] >= 1
    for table in PUBLIC_TABLES:
        assert {c.name for c in db[table].columns} == PUBLIC_COLUMNS[table], table
        for row in db.execute(f"SELECT * FROM [{table}]"):
            dumped = " ".join(str(value) for value in row)
            for secret in secrets:
                assert secret not in dumped, f"{secret!r} written to {table}"


def test_the_web_archive_serves_no_subscriber_anywhere(archive_after_a_failed_delivery, tmp_path):
    db_path, secrets = archive_after_a_failed_delivery
    with ui_server(db_path, tmp_path / "ui.log") as base:
        seen: dict[str, str] = {}
        queue = ["/", f"/{DB_NAME}"]
        queue += [f"/{DB_NAME}/{table}.{fmt}" for table in PUBLIC_TABLES for fmt in ("json", "csv")]
        while queue and len(seen) < 400:
            path = queue.pop(0)
            if path in seen:
                continue
            status, body = _get(base + path)
            seen[path] = body
            for secret in secrets:
                assert secret not in body, f"{secret!r} served at {path}"
            if status == 200:
                parser = _Links()
                parser.feed(body)
                for link in parser.links:
                    absolute = urlsplit(urljoin(base + path, link))
                    if absolute.netloc == urlsplit(base).netloc and not re.search(r"\.(css|js|png|svg|ico)$",
                                                                                   absolute.path):
                        queue.append(absolute.path + (f"?{absolute.query}" if absolute.query else ""))
        assert f"/{DB_NAME}/runs.json" in seen and len(seen) > 20
        for private in ("subscriptions", "deliveries", "outbox", "delivery_attempts", "delivery_items"):
            status, _ = _get(f"{base}/{DB_NAME}/{private}.json")
            assert status == 403, private
