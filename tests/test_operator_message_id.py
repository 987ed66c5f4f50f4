"""The operator's health email keeps one Message-ID per health event, across outages and a crash after acceptance."""
from __future__ import annotations

import email
import os
import signal
import subprocess
import sys
import textwrap
from email import policy
from pathlib import Path

from alerts.operator import notify_health_changes
from archive.store import record_source_run
from regwatch.config import SmtpConfig
from regwatch.mailsink import MailSink, free_port
from tests.golden.fixtures import SENDER, T0, build_archive

REPO = Path(__file__).resolve().parents[1]
OPERATOR = "ops@example.org"

CHILD = textwrap.dedent("""
    import os, signal, sys
    from alerts.channels import smtp_send
    from alerts.operator import notify_health_changes
    from archive.db import open_archive
    from regwatch.config import SmtpConfig

    def send_then_die(settings, message):
        smtp_send(settings, message)
        os.kill(os.getpid(), signal.SIGKILL)   # the server has the message; "notified" is never recorded

    db = open_archive(sys.argv[1])
    notify_health_changes(db, SmtpConfig(host="127.0.0.1", port=int(sys.argv[2]), sender="regwatch <a@example.org>"),
                          "ops@example.org", send=send_then_die)
""")


def source_run(db, ok: bool, source_id: str = "cn-mofcom") -> None:
    record_source_run(db, source_id=source_id, run_id=None, started_at=T0.isoformat(), items_seen=5 if ok else 0,
                      new=0, changed=0, unchanged=5 if ok else 0, errors=0 if ok else 1,
                      error=None if ok else "HTTP 503 from the list page")


def received(sink: MailSink) -> list[email.message.EmailMessage]:
    return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in sink.messages()]


def test_a_health_email_resent_after_an_outage_and_a_crash_keeps_its_message_id(db_path, tmp_path):
    db = build_archive(db_path)
    port = free_port()
    settings = SmtpConfig(host="127.0.0.1", port=port, tls="none", sender=SENDER, timeout=5)
    for _ in range(3):
        source_run(db, ok=False)
    assert notify_health_changes(db, settings, OPERATOR) == 0        # the server is down: the event waits
    source_run(db, ok=False)                                          # a fourth failed run meanwhile
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    with MailSink(tmp_path / "mail", port=port) as sink:
        child = subprocess.run([sys.executable, str(script), str(db_path), str(port)], capture_output=True,
                               text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
        assert child.returncode == -signal.SIGKILL, child.stderr
        source_run(db, ok=False)                                      # and a fifth before the next run
        assert notify_health_changes(db, settings, OPERATOR) == 1     # the same news, told again
        assert notify_health_changes(db, settings, OPERATOR) == 0
        source_run(db, ok=True)
        assert notify_health_changes(db, settings, OPERATOR) == 1     # recovered: a new event
        for _ in range(3):
            source_run(db, ok=False)
        assert notify_health_changes(db, settings, OPERATOR) == 1     # unhealthy again: another new event
        messages = received(sink)
    assert [m["Subject"] for m in messages] == ["regwatch sources: cn-mofcom unhealthy"] * 2 + [
        "regwatch sources: cn-mofcom recovered", "regwatch sources: cn-mofcom unhealthy"]
    first, resent, recovered, again = (m["Message-ID"] for m in messages)
    assert resent == first                                            # a receiver shows it once
    assert "4 failed run(s)" in messages[0].get_content() and "5 failed run(s)" in messages[1].get_content()
    assert len({first, recovered, again}) == 3
    assert db.execute("SELECT health_event FROM sources WHERE id = 'cn-mofcom'").fetchone() == (None,)


def test_a_change_that_undoes_itself_before_it_is_told_is_forgotten(db_path, tmp_path):
    db = build_archive(db_path)
    port = free_port()
    settings = SmtpConfig(host="127.0.0.1", port=port, tls="none", sender=SENDER, timeout=5)
    for _ in range(3):
        source_run(db, ok=False)
    assert notify_health_changes(db, settings, OPERATOR) == 0        # down: the "unhealthy" event waits
    source_run(db, ok=True)                                           # it recovered before anyone was told
    with MailSink(tmp_path / "mail", port=port) as sink:
        assert notify_health_changes(db, settings, OPERATOR) == 0
        assert db.execute("SELECT health_event FROM sources WHERE id = 'cn-mofcom'").fetchone() == (None,)
        for _ in range(3):
            source_run(db, ok=False)
        assert notify_health_changes(db, settings, OPERATOR) == 1
        assert notify_health_changes(db, settings, OPERATOR) == 0
        assert len(sink.messages()) == 1


def test_two_sources_in_one_email_share_it_and_a_later_change_makes_a_new_one(db_path, tmp_path):
    db = build_archive(db_path)
    port = free_port()
    settings = SmtpConfig(host="127.0.0.1", port=port, tls="none", sender=SENDER, timeout=5)
    with MailSink(tmp_path / "mail", port=port) as sink:
        for _ in range(3):
            source_run(db, ok=False)
            source_run(db, ok=False, source_id="gb-ecju")
        assert notify_health_changes(db, settings, OPERATOR) == 2
        source_run(db, ok=True, source_id="gb-ecju")
        assert notify_health_changes(db, settings, OPERATOR) == 1
        messages = received(sink)
    assert messages[0]["Subject"] == "regwatch sources: cn-mofcom unhealthy, gb-ecju unhealthy"
    assert messages[1]["Subject"] == "regwatch sources: gb-ecju recovered"
    assert messages[0]["Message-ID"] != messages[1]["Message-ID"]
