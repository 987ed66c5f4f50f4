"""Deliveries that can never go out end as `failed` (dead letters); one bad delivery never stops the rest.

A real SMTP server (aiosmtpd) refuses chosen recipients or messages with the
replies a real one gives; the archive is a real SQLite file.
"""
from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta
from email import message_from_bytes, policy

import pytest

from alerts.channels import Channels, SmtpSession
from alerts.delivery import RetryPolicy, send_pending
from alerts.delivery_admin import list_deliveries, retry_failed
from alerts.failures import classify_build_error
from alerts.matching import queue_matches
from alerts.prepare import prepare_deliveries
from regwatch.config import SmtpConfig
from regwatch.mailsink import free_port
from tests.golden.fixtures import NOTICES, SENDER, T0, build_archive
from tests.helpers import PickyServer

DUE = T0.replace(day=29, hour=23)  # every fixture subscription's digest is due: buyers, compliance, legal


@pytest.fixture
def server():
    with PickyServer() as picky:
        yield picky


def smtp(port: int) -> SmtpConfig:
    return SmtpConfig(host="127.0.0.1", port=port, tls="none", sender=SENDER, timeout=5)


def prepared(db_path):
    """An archive with three email deliveries due at DUE: buyers (1), compliance (2), legal (3)."""
    db = build_archive(db_path)
    queue_matches(db, T0)
    prepare_deliveries(db, DUE)
    rows = db.execute("SELECT id, target FROM deliveries ORDER BY id").fetchall()
    assert rows == [(1, "buyers@example.com"), (2, "compliance@example.com"), (3, "legal@example.com")]
    return db


def state(db, delivery_id: int) -> dict:
    return dict(next(db.query("SELECT * FROM deliveries WHERE id = ?", [delivery_id])))


def attempts(db, delivery_id: int) -> list[tuple]:
    return db.execute("SELECT ok, outcome, reply_code, error FROM delivery_attempts WHERE delivery_id = ? ORDER BY id",
                      [delivery_id]).fetchall()


def test_a_mailbox_refused_with_550_fails_at_once_and_the_rest_go_out_on_the_same_connection(db_path, server):
    db = prepared(db_path)
    server.rcpt_replies["buyers@example.com"] = "550 5.1.1 <buyers@example.com>: mailbox unavailable"
    report = send_pending(db, smtp(server.port), now=DUE, channels=Channels(send=SmtpSession()))
    assert report.sent == 2 and report.errors == []
    assert len(report.dead_letters) == 1 and "550 5.1.1" in report.dead_letters[0]
    assert server.recipients() == ["compliance@example.com", "legal@example.com"]
    assert len({connection for connection, _, _ in server.accepted}) == 1  # the refusal did not cost a reconnect
    failed = state(db, 1)
    assert failed["status"] == "failed" and failed["failed_at"] == DUE.isoformat() and failed["next_attempt_at"] is None
    assert "recipient buyers@example.com refused: 550 5.1.1 <buyers@example.com>: mailbox unavailable" \
        == failed["last_error"]
    assert attempts(db, 1) == [(0, "permanent", 550, failed["last_error"])]
    assert attempts(db, 2)[0][:2] == (1, "sent")
    # a failed delivery is never tried again by itself, and its items are not sent under another Message-ID
    server.rcpt_replies.clear()
    for hours in (1, 6, 24, 24 * 8):
        later = send_pending(db, smtp(server.port), now=DUE + timedelta(hours=hours))
        assert (later.sent, later.failed, later.dead_letters) == (0, 0, [])
        queue_matches(db, DUE + timedelta(hours=hours))
        assert prepare_deliveries(db, DUE + timedelta(hours=hours)) == 0
    assert len(attempts(db, 1)) == 1 and server.recipients() == ["compliance@example.com", "legal@example.com"]


@pytest.mark.parametrize("stage, reply, outcome", [
    ("data", "554 5.7.1 Message rejected as spam", "failed"),
    ("data", "552 5.3.4 Message size exceeds fixed limit", "failed"),
    ("rcpt", "553 5.1.3 Bad recipient address syntax", "failed"),
    ("data", "451 4.3.0 Temporary local problem, try again", "pending"),
    ("rcpt", "450 4.2.1 Mailbox busy, try again later", "pending"),
    ("rcpt", "421 4.7.0 Too many connections, closing", "pending"),
])
def test_5xx_refusals_end_the_delivery_and_4xx_replies_are_retried_with_back_off(db_path, server, stage, reply,
                                                                                 outcome):
    db = prepared(db_path)
    (server.rcpt_replies if stage == "rcpt" else server.data_replies)["compliance@example.com"] = reply
    report = send_pending(db, smtp(server.port), now=DUE)
    assert sorted(server.recipients()) == ["buyers@example.com", "legal@example.com"]  # never blocks the others
    row = state(db, 2)
    code = int(reply[:3])
    assert row["status"] == outcome and reply in row["last_error"]
    assert attempts(db, 2) == [(0, "permanent" if outcome == "failed" else "transient", code, row["last_error"])]
    if outcome == "failed":
        assert len(report.dead_letters) == 1 and report.errors == []
    else:
        assert row["next_attempt_at"] == (DUE + timedelta(minutes=1)).isoformat()
        assert report.dead_letters == [] and reply in report.errors[0] and "next try after" in report.errors[0]
        # the server takes it next time: sent once, exactly as any other delivery
        server.rcpt_replies.clear()
        server.data_replies.clear()
        assert send_pending(db, smtp(server.port), now=DUE + timedelta(minutes=1)).sent == 1
        assert state(db, 2)["status"] == "sent"
        assert sorted(server.recipients()) == ["buyers@example.com", "compliance@example.com", "legal@example.com"]


def test_a_server_known_to_refuse_with_5xx_by_mistake_gets_the_configured_number_of_tries(db_path, server):
    db = prepared(db_path)
    server.rcpt_replies["compliance@example.com"] = "550 5.7.1 Sender not yet verified"
    policy = RetryPolicy(permanent_failure_attempts=3)
    now = DUE
    statuses = []
    for _ in range(4):
        send_pending(db, smtp(server.port), now=now, policy=policy)
        statuses.append(state(db, 2)["status"])
        now += timedelta(hours=6)  # past any back-off
    assert statuses == ["pending", "pending", "failed", "failed"]
    assert [a[1] for a in attempts(db, 2)] == ["permanent"] * 3
    assert state(db, 2)["refusals"] == 3 and state(db, 2)["attempts"] == 3


def test_transient_failures_are_retried_for_the_maximum_age_then_given_up(db_path, server):
    db = prepared(db_path)
    server.data_replies["compliance@example.com"] = "451 4.7.1 Greylisted, please try again"
    policy = RetryPolicy(max_retry_age=timedelta(days=7))
    now = DUE
    while state(db, 2)["status"] == "pending":
        assert now < DUE + timedelta(days=7, hours=7), "still retrying after the maximum age"
        send_pending(db, smtp(server.port), now=now, policy=policy)
        now += timedelta(hours=1)
    row = state(db, 2)
    given_up_at = row["failed_at"]
    assert DUE + timedelta(days=7) <= datetime.fromisoformat(given_up_at) <= DUE + timedelta(days=7, hours=6)
    assert row["last_error"].startswith("gave up after 7 day(s) of retrying: message refused: 451 4.7.1 Greylisted")
    outcomes = [a[1] for a in attempts(db, 2)]
    assert set(outcomes) == {"transient"} and 30 <= len(outcomes) <= 60  # back-off: about every 6 hours at the end


def test_a_mail_server_down_longer_than_the_maximum_age_fails_every_delivery_waiting_for_it(db_path):
    db = prepared(db_path)
    settings = smtp(free_port())  # nothing listens there
    policy = RetryPolicy(max_retry_age=timedelta(days=2))
    now, dead = DUE, []
    while now <= DUE + timedelta(days=3):
        report = send_pending(db, settings, now=now, policy=policy)
        assert report.failed <= 1  # one refused connection per pass: the rest wait without an attempt
        dead += report.dead_letters
        now += timedelta(hours=1)
    assert [row[0] for row in db.execute("SELECT status FROM deliveries")] == ["failed"] * 3
    assert len(dead) == 3 and all("gave up after 2 day(s) of retrying" in line for line in dead)
    assert all("Connection refused" in line or "ConnectionRefused" in line for line in dead)


def test_a_refused_sender_address_is_our_problem_so_nothing_fails_and_the_pass_stops(db_path, server):
    db = prepared(db_path)
    server.mail_reply = "550 5.7.1 Sender address rejected: not owned by user"
    report = send_pending(db, smtp(server.port), now=DUE)
    assert (report.sent, report.failed, report.deferred, report.dead_letters) == (0, 1, 2, [])
    assert "check [smtp] sender" in report.errors[0] and "550 5.7.1" in report.errors[0]
    assert [row[0] for row in db.execute("SELECT status FROM deliveries")] == ["pending"] * 3
    server.mail_reply = None
    assert send_pending(db, smtp(server.port), now=DUE + timedelta(minutes=1)).sent == 3


# -- one bad delivery -------------------------------------------------------------


def _damage_a_classification(db) -> None:
    # a row written by another tool: its ECCNs are not the JSON list every reader expects
    db.execute("UPDATE classifications SET eccns = '3A090, 4A090' WHERE version_id = "
               "(SELECT id FROM versions WHERE title = ?)", [NOTICES["gallium"]["title"]])


def _break_an_address(db) -> None:
    # a subscription edited by hand: a line break in the address must never become a header
    db.execute("UPDATE subscriptions SET email = 'buyers@example.com\nBcc: all@example.net' "
               "WHERE id = 'procurement'")


@pytest.mark.parametrize("damage, reason", [
    (_damage_a_classification, "could not build the message: JSONDecodeError"),
    (_break_an_address, "could not build the message: ValueError: refusing a line break in the To header"),
])
def test_a_delivery_that_cannot_be_built_fails_alone_and_the_others_are_sent(db_path, server, damage, reason):
    db = prepared(db_path)
    damage(db)
    report = send_pending(db, smtp(server.port), now=DUE)
    assert report.sent == 2 and report.failed == 1
    assert sorted(server.recipients()) == ["compliance@example.com", "legal@example.com"]
    row = state(db, 1)
    assert row["status"] == "failed" and row["last_error"].startswith(reason)
    assert "\n" not in row["last_error"] and len(report.dead_letters) == 1 and reason in report.dead_letters[0]
    [(ok, outcome, code, error)] = attempts(db, 1)
    assert (ok, outcome, code) == (0, "build", None) and error.startswith(reason)
    assert all(b"Bcc" not in raw for _, _, raw in server.accepted)


def test_a_delivery_mended_after_a_build_failure_goes_out_when_retried(db_path, server):
    db = prepared(db_path)
    _damage_a_classification(db)
    send_pending(db, smtp(server.port), now=DUE)
    db.execute("UPDATE classifications SET eccns = '[]' WHERE eccns NOT LIKE '[%'")
    assert retry_failed(db, now=DUE) == [1]
    assert send_pending(db, smtp(server.port), now=DUE + timedelta(minutes=5)).sent == 1
    assert state(db, 1)["status"] == "sent"
    messages = [message_from_bytes(raw, policy=policy.default) for _, _, raw in server.accepted]
    assert [m["To"] for m in messages].count("buyers@example.com") == 1


def test_an_unreadable_archive_is_a_transient_build_failure_and_a_damaged_row_is_not():
    assert classify_build_error(sqlite3.OperationalError("database is locked")).outcome == "transient"
    assert classify_build_error(json.JSONDecodeError("Expecting value", "x", 0)).outcome == "build"


# -- listing and retrying ---------------------------------------------------------


def test_a_failed_delivery_is_listed_with_its_reason_and_a_retry_sends_it_once(db_path, server):
    db = prepared(db_path)
    server.rcpt_replies["legal@example.com"] = "550 5.1.1 User unknown"
    send_pending(db, smtp(server.port), now=DUE)
    [row] = list_deliveries(db, "failed")
    assert (row["id"], row["status"], row["recipient"], row["last_reply_code"]) == (3, "failed", "legal@example.com",
                                                                                    550)
    assert "550 5.1.1 User unknown" in row["reason"] and row["notices"] == 2 and "(+1 more)" in row["subject"]
    assert [r["id"] for r in list_deliveries(db, "open")] == [3]
    assert [r["id"] for r in list_deliveries(db, "sent")] == [2, 1]

    server.rcpt_replies.clear()
    assert retry_failed(db, [3], now=DUE + timedelta(days=9)) == [3]
    assert state(db, 3)["status"] == "pending" and state(db, 3)["refusals"] == 0
    report = send_pending(db, smtp(server.port), now=DUE + timedelta(days=9))
    assert report.sent == 1 and state(db, 3)["status"] == "sent"
    assert state(db, 3)["last_error"] is None  # the old refusal stays in the attempts' history only
    assert list_deliveries(db, "sent")[0]["reason"] is None
    assert server.recipients().count("legal@example.com") == 1
    assert db.execute("SELECT count(*) FROM outbox WHERE subscription_id = 'sanctions-weekly' AND sent_at IS NULL"
                      ).fetchone()[0] == 0
    assert [a[1] for a in attempts(db, 3)] == ["permanent", "sent"]  # the history is kept


def test_the_listing_filters_by_status_and_limit(db_path, server):
    db = prepared(db_path)
    server.rcpt_replies["buyers@example.com"] = "550 5.1.1 User unknown"
    server.data_replies["legal@example.com"] = "451 4.3.0 Try again later"
    send_pending(db, smtp(server.port), now=DUE)
    assert [(r["id"], r["status"]) for r in list_deliveries(db)] == [(3, "pending"), (1, "failed")]
    assert [r["id"] for r in list_deliveries(db, "all")] == [3, 2, 1]
    assert [r["id"] for r in list_deliveries(db, "all", limit=1)] == [3]
    assert [r["id"] for r in list_deliveries(db, "pending")] == [3]
    assert list_deliveries(db, "cancelled") == []
