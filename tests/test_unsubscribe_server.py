"""The one-click unsubscribe endpoint: real HTTP on 127.0.0.1 against a real archive, and the CLI that runs it."""
from __future__ import annotations

import email
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from email import policy
from urllib.parse import urlsplit

import pytest

from alerts.matching import queue_matches
from alerts.prepare import prepare_deliveries
from archive.db import open_archive
from regwatch.cli import main
from regwatch.unsubscribe_server import (
    UnsubscribeServer,
    start_in_thread,
    token_pattern,
)
from tests.golden.fixtures import T0, build_archive
from tests.helpers import REPO

URL = "https://alerts.example.org/mail/u/{token}"


class _RecordingServer(UnsubscribeServer):
    said: list[str]  # what the server said, for the test to read


@pytest.fixture
def archive(db_path):
    db = build_archive(db_path)
    queue_matches(db, T0)
    prepare_deliveries(db, T0)
    return db


@pytest.fixture
def server(archive, db_path):
    said: list[str] = []
    running = _RecordingServer(db_path, URL, ("127.0.0.1", 0), say=said.append)
    running.said = said
    start_in_thread(running)
    yield running
    running.shutdown()
    running.server_close()


def request(port: int, path: str, method: str = "GET", body: bytes | None = None) -> tuple[int, str]:
    url = f"http://127.0.0.1:{port}{path}"
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body is not None else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=body, method=method, headers=headers)) as reply:
            return reply.status, reply.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def subscription(db, subscription_id: str) -> dict:
    return next(db.query("SELECT * FROM subscriptions WHERE id = ?", [subscription_id]))


def statuses(db, subscription_id: str) -> list[str]:
    return [row[0] for row in db.execute("SELECT status FROM deliveries WHERE subscription_id = ?", [subscription_id])]


def test_a_one_click_post_ends_the_subscription_and_cancels_what_was_queued(server, archive):
    token = subscription(archive, "compliance-bis")["token"]
    assert "pending" in statuses(archive, "compliance-bis")
    status, page = request(server.server_address[1], f"/mail/u/{token}", "POST", b"List-Unsubscribe=One-Click")
    assert status == 200 and "Unsubscribed" in page
    row = subscription(archive, "compliance-bis")
    assert row["active"] == 0 and row["unsubscribed_at"]
    assert set(statuses(archive, "compliance-bis")) == {"cancelled"}
    assert subscription(archive, "procurement")["active"] == 1  # nobody else is touched
    assert server.said == ["unsubscribed compliance-bis by its one-click link"]
    # a second click (or the provider retrying) is answered the same way and changes nothing more
    assert request(server.server_address[1], f"/mail/u/{token}", "POST", b"List-Unsubscribe=One-Click")[0] == 200


def test_opening_the_link_asks_first_and_changes_nothing(server, archive):
    token = subscription(archive, "procurement")["token"]
    for method in ("GET", "HEAD"):
        assert request(server.server_address[1], f"/mail/u/{token}", method)[0] == 200
    status, page = request(server.server_address[1], f"/mail/u/{token}")
    assert '<form method="post">' in page and "Critical minerals: gallium and germanium" in page
    assert subscription(archive, "procurement")["active"] == 1
    request(server.server_address[1], f"/mail/u/{token}", "POST", b"")
    assert "Already unsubscribed" in request(server.server_address[1], f"/mail/u/{token}")[1]


@pytest.mark.parametrize("path", ["/mail/u/not-a-known-token-123", "/mail/u/<script>alert(1)</script>",
                                  "/mail/u/", "/other/u/abcdefgh12", "/"])
def test_an_unknown_or_malformed_link_is_not_found_and_not_echoed(server, archive, path):
    for method, body in (("GET", None), ("POST", b"List-Unsubscribe=One-Click")):
        status, page = request(server.server_address[1], path.replace("<", "%3C").replace(">", "%3E"), method, body)
        assert status == 404 and "<script>" not in page and "not-a-known-token" not in page
    assert archive.execute("SELECT count(*) FROM subscriptions WHERE active = 0").fetchone()[0] == 0


def test_an_archive_that_cannot_be_opened_gets_an_answer_not_a_dropped_connection(tmp_path, archive):
    unreadable = tmp_path / "a-directory.db"
    unreadable.mkdir()
    said: list[str] = []
    broken = UnsubscribeServer(unreadable, URL, ("127.0.0.1", 0), say=said.append)
    start_in_thread(broken)
    try:
        token = subscription(archive, "procurement")["token"]
        for method, body in (("GET", None), ("POST", b"List-Unsubscribe=One-Click")):
            status, page = request(broken.server_address[1], f"/mail/u/{token}", method, body)
            assert status == 503 and "Nothing was changed" in page
    finally:
        broken.shutdown()
        broken.server_close()
    assert len(said) == 2 and all(line.startswith("unsubscribe link not handled: OperationalError") for line in said)
    assert subscription(archive, "procurement")["active"] == 1


def test_a_subscription_name_is_shown_escaped(server, archive):
    archive.execute("UPDATE subscriptions SET name = '<img src=x onerror=alert(1)>' WHERE id = 'procurement'")
    page = request(server.server_address[1], f"/mail/u/{subscription(archive, 'procurement')['token']}")[1]
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_the_path_is_read_off_the_configured_url():
    assert token_pattern("https://a.example/u/{token}/confirm").match("/u/abcdefgh12/confirm")
    assert token_pattern("https://a.example/unsubscribe").match("/unsubscribe/abcdefgh12")
    assert token_pattern("https://a.example/unsubscribe/").match("/unsubscribe/abcdefgh12/")
    assert not token_pattern("https://a.example/unsubscribe").match("/unsubscribe/abc/def")


def test_the_link_in_a_sent_email_works_through_the_cli_server(tmp_path, db_path, config, capsys):  # noqa: F811 (config: the fixture imported above)
    assert main(["subscribers", "test", "minerals", "--config", config]) == 0
    capsys.readouterr()
    message = email.message_from_bytes(sorted((tmp_path / "mail").glob("*.eml"))[-1].read_bytes(),
                                       policy=policy.default)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = next(part.strip("<> ") for part in message["List-Unsubscribe"].split(",") if "https://" in part)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen([sys.executable, "-m", "regwatch.cli", "unsubscribe-server", "--config", config,
                                "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env)
    try:
        line = process.stderr.readline()
        assert "answering unsubscribe links" in line
        port = int(line.split("127.0.0.1:")[1].split("/")[0])
        status, _ = request(port, urlsplit(link).path, "POST", b"List-Unsubscribe=One-Click")
        assert status == 200
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert subscription(open_archive(db_path), "minerals")["unsubscribed_at"]


def test_an_unknown_link_suggests_writing_only_to_a_mailbox_someone_reads(archive, db_path, server):
    status, page = request(server.server_address[1], "/mail/u/not-a-known-token")
    assert status == 404 and "mailto:" not in page and "reply" not in page.lower()
    read = UnsubscribeServer(db_path, URL, ("127.0.0.1", 0), mailbox="stop@example.org")
    start_in_thread(read)
    try:
        status, page = request(read.server_address[1], "/mail/u/not-a-known-token")
    finally:
        read.shutdown()
        read.server_close()
    assert status == 404 and 'href="mailto:stop@example.org?subject=unsubscribe"' in page
