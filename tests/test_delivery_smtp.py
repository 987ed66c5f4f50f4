"""Delivery against a real SMTP server (aiosmtpd): schedules, a crash after acceptance, an outage, operator mail."""
from __future__ import annotations

import difflib
import email
import os
import signal
import subprocess
import sys
import textwrap
from collections import Counter
from datetime import datetime, timedelta
from email import policy
from pathlib import Path

from alerts.delivery import send_pending
from alerts.matching import queue_matches
from alerts.operator import notify_health_changes
from alerts.prepare import prepare_deliveries
from alerts.schedule import backoff
from archive.store import record_source_run
from regwatch.config import SmtpConfig
from regwatch.mailsink import MailSink, free_port
from tests.golden.fixtures import NOTICES, SENDER, T0, build_archive, store

REPO = Path(__file__).resolve().parents[1]


def smtp(port: int) -> SmtpConfig:
    return SmtpConfig(host="127.0.0.1", port=port, tls="none", sender=SENDER, timeout=5)


def received(sink: MailSink) -> list[email.message.EmailMessage]:
    return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in sink.messages()]


def cycle(db, settings: SmtpConfig, now: datetime):
    """The alert stage of one cycle at a given time."""
    queue_matches(db, now)
    prepare_deliveries(db, now)
    return send_pending(db, settings, now=now)


def test_immediate_daily_and_weekly_digests_go_out_at_their_times(db_path, mail):
    db = build_archive(db_path)
    settings = smtp(mail.port)

    def recipients() -> list[str]:
        return [m["To"] for m in received(mail)]

    cycle(db, settings, T0)                                          # Wednesday 10:00 UTC
    assert recipients() == ["compliance@example.com"]                # immediate only
    cycle(db, settings, T0.replace(day=26, hour=6, minute=59))       # Thursday 06:59 London
    assert len(recipients()) == 1                                    # queued after Wednesday's 07:00: waits
    cycle(db, settings, T0.replace(day=26, hour=7))                  # Thursday 07:00 London
    assert recipients()[1:] == ["buyers@example.com"]                # one daily digest for two searches
    cycle(db, settings, T0.replace(day=26, hour=7, minute=15))
    cycle(db, settings, T0.replace(day=29, hour=22, minute=59))      # Sunday 22:59 UTC = Monday 07:59 Tokyo
    assert len(recipients()) == 2
    cycle(db, settings, T0.replace(day=29, hour=23))                 # Monday 08:00 Tokyo
    assert recipients()[2:] == ["legal@example.com"]
    cycle(db, settings, T0.replace(day=30, hour=12))
    assert len(recipients()) == 3
    daily = received(mail)[1]
    assert "HS 8112" not in daily.get_body(("plain",)).get_content()  # the digest of the first search carried it
    assert db.execute("SELECT count(*) FROM outbox WHERE sent_at IS NULL").fetchone()[0] == 0


def test_a_digest_waits_for_the_subscribers_local_time(db_path, mail):
    subscriber = {"id": "ny", "name": "NY", "email": "ny@example.com", "mode": "daily", "digest_time": "07:00",
                  "digest_day": "mon", "timezone": "America/New_York", "filters": {"commodities": ["gallium"]}}
    db = build_archive(db_path, [subscriber])
    settings = smtp(mail.port)
    cycle(db, settings, T0)                               # queued at 05:00 in New York
    cycle(db, settings, T0.replace(hour=11, minute=59))   # 06:59 in New York
    assert mail.messages() == []
    cycle(db, settings, T0.replace(hour=12))              # 07:00 in New York
    assert len(mail.messages()) == 1


CHILD = textwrap.dedent("""
    import os, signal, sys
    from datetime import datetime
    from alerts.channels import smtp_send
    from alerts.delivery import send_pending
    from archive.db import open_archive
    from regwatch.config import SmtpConfig

    def send_then_die(settings, message):
        smtp_send(settings, message)
        os.kill(os.getpid(), signal.SIGKILL)   # the server accepted it; the commit never happens

    db = open_archive(sys.argv[1])
    send_pending(db, SmtpConfig(host="127.0.0.1", port=int(sys.argv[2]), sender="regwatch <alerts@example.org>"),
                 send=send_then_die, now=datetime.fromisoformat(sys.argv[3]))
""")


def test_a_process_killed_after_acceptance_resends_the_same_message_id_and_nothing_else(db_path, mail, tmp_path):
    db = build_archive(db_path)
    queue_matches(db, T0)
    prepare_deliveries(db, T0.replace(day=29, hour=23))  # every subscription's delivery is due
    pending = [row[0] for row in db.execute("SELECT message_id FROM deliveries WHERE status = 'pending' ORDER BY id")]
    assert len(pending) == 3
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    child = subprocess.run([sys.executable, str(script), str(db_path), str(mail.port), T0.isoformat()],
                           env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=120)
    assert child.returncode == -signal.SIGKILL, child.stderr
    first = received(mail)
    assert [m["Message-ID"] for m in first] == pending[:1]
    attempt = db.execute("SELECT ok, error FROM delivery_attempts").fetchall()
    assert attempt == [(0, "no outcome recorded: the process stopped while sending")]
    assert db.execute("SELECT status FROM deliveries ORDER BY id").fetchall()[0] == ("pending",)

    report = send_pending(db, smtp(mail.port), now=T0.replace(day=29, hour=23))
    assert report.sent == 3
    messages = received(mail)
    assert Counter(m["Message-ID"] for m in messages) == {pending[0]: 2, pending[1]: 1, pending[2]: 1}
    again = messages[1]
    assert again["Message-ID"] == first[0]["Message-ID"]
    for header in ("Subject", "Date", "To"):
        assert again[header] == first[0][header]
    before, after = (m.get_body(("plain",)).get_content() for m in (first[0], again))
    assert after == before, "\n".join(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm=""))
    assert mail.messages()[1].read_bytes() == mail.messages()[0].read_bytes()  # byte for byte the same message
    assert send_pending(db, smtp(mail.port), now=T0.replace(day=30)).sent == 0
    assert len(mail.messages()) == 4


def test_while_the_server_is_down_items_stay_queued_and_go_out_once_when_it_returns(db_path, tmp_path):
    db = build_archive(db_path)
    port = free_port()
    settings = smtp(port)
    now = T0
    failures = []
    for number in range(4):                                 # four cycles, 15 minutes apart, server down
        if number == 2:                                     # a new BIS notice arrives during the outage
            store(db, {**NOTICES["entity-list"], "native_id": "2026-25000", "title": "Revisions to the Entity List"},
                  text="Revisions to the Entity List\nBIS revises eleven entries.")
        report = cycle(db, settings, now)
        failures.append(report.failed)
        now += timedelta(minutes=15)
    # one refused connection per cycle: the rest of that cycle's mail is left without a new attempt
    assert failures == [1, 1, 1, 1]
    row = db.execute("SELECT attempts, next_attempt_at, last_error FROM deliveries ORDER BY id").fetchone()
    attempts, next_attempt_at, last_error = row
    assert attempts == 4 and "Connection refused" in last_error
    assert datetime.fromisoformat(next_attempt_at) == T0 + timedelta(minutes=45) + backoff(4)
    assert db.execute("SELECT count(*) FROM delivery_attempts").fetchone()[0] == sum(failures)
    assert db.execute("SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL").fetchone()[0] == 0

    with MailSink(tmp_path / "mail", port=port) as sink:
        early = send_pending(db, settings, now=datetime.fromisoformat(next_attempt_at) - timedelta(seconds=1))
        assert early.sent == 1                              # the failed delivery waits for its retry time …
        assert received(sink)[0]["Subject"] == "regwatch: 1 measure: Revisions to the Entity List"
        for hours in (1, 2, 7, 8):
            cycle(db, settings, now + timedelta(hours=hours))
        messages = received(sink)
    ids = [m["Message-ID"] for m in messages]
    assert len(ids) == len(set(ids)) == 2                   # the two immediate alerts, each once
    titles = sorted(m["Subject"] for m in messages)
    assert titles == ["regwatch: 1 measure: Additions to the Entity List",
                      "regwatch: 1 measure: Revisions to the Entity List"]
    assert db.execute("SELECT count(*) FROM outbox WHERE subscription_id = 'compliance-bis' AND sent_at IS NULL"
                      ).fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM deliveries WHERE status = 'pending'").fetchone()[0] == 0


def test_backoff_grows_and_is_capped():
    waits = [backoff(n) for n in range(1, 12)]
    assert waits[0] == timedelta(minutes=1) and waits[1] == timedelta(minutes=2) and waits[2] == timedelta(minutes=4)
    assert waits == sorted(waits) and waits[-1] == timedelta(hours=6)


def test_an_unsubscribed_search_gets_nothing_more(db_path, mail):
    from alerts.subscriptions import unsubscribe

    db = build_archive(db_path)
    queue_matches(db, T0)
    prepare_deliveries(db, T0)
    unsubscribe(db, "tok-compliance-bis")
    assert send_pending(db, smtp(mail.port), now=T0).sent == 0
    assert mail.messages() == []


def test_operator_hears_once_when_a_source_turns_unhealthy_and_once_when_it_recovers(db_path, tmp_path):
    db = build_archive(db_path)
    port = free_port()
    settings = smtp(port)

    def fail():
        record_source_run(db, source_id="cn-mofcom", run_id=None, started_at=T0.isoformat(), items_seen=0, new=0,
                          changed=0, unchanged=0, errors=1, error="HTTP 503 from the list page")

    for _ in range(3):
        fail()
    assert notify_health_changes(db, settings, "ops@example.org") == 0      # the server is down: nothing lost
    with MailSink(tmp_path / "mail", port=port) as sink:
        assert notify_health_changes(db, settings, "ops@example.org") == 1
        fail()
        assert notify_health_changes(db, settings, "ops@example.org") == 0  # still unhealthy: no repeat
        record_source_run(db, source_id="cn-mofcom", run_id=None, started_at=T0.isoformat(), items_seen=5, new=0,
                          changed=0, unchanged=5, errors=0, error=None)
        assert notify_health_changes(db, settings, "ops@example.org") == 1
        assert notify_health_changes(db, settings, "ops@example.org") == 0
        messages = received(sink)
    assert [m["Subject"] for m in messages] == ["regwatch sources: cn-mofcom unhealthy",
                                               "regwatch sources: cn-mofcom recovered"]
    body = messages[0].get_content()
    assert "HTTP 503 from the list page" in body and "3 failed run(s)" in body
    assert all(m["To"] == "ops@example.org" for m in messages)


class _Sessions:
    """An SMTP handler that remembers which connection carried each message."""

    def __init__(self) -> None:
        self.sessions: list[int] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's hook name)
        self.sessions.append(id(session))
        return "250 Message accepted for delivery"


def test_one_pass_sends_its_emails_over_as_few_connections_as_allowed(db_path):
    from aiosmtpd.controller import Controller

    from alerts.channels import Channels, SmtpSession

    handler, port = _Sessions(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        db = build_archive(db_path)
        queue_matches(db, T0)
        prepare_deliveries(db, T0.replace(day=29, hour=23))   # three emails due
        report = send_pending(db, smtp(port), now=T0.replace(day=29, hour=23),
                              channels=Channels(send=SmtpSession(per_connection=2)))
    finally:
        controller.stop()
    assert report.sent == 3
    assert len(handler.sessions) == 3 and len(set(handler.sessions)) == 2
