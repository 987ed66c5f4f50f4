"""`regwatch serve` on a clock running 30 times faster: an immediate alert for a notice leaves in the job that
found it, within one 15-minute window of its publication."""
from __future__ import annotations

import email
import email.policy
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from archive import clock
from archive.db import open_archive
from regwatch.sample_site import sample_sources
from tests.helpers import REPO, without_faketime, write_config

RATE = 30
WINDOW_SECONDS = 15 * 60 / RATE  # 15 minutes on the daemon's clock


def _subjects(paths: list[Path]) -> list[str]:
    return [str(email.message_from_bytes(path.read_bytes(), policy=email.policy.default)["Subject"]) for path in paths]


def _wait(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _first_run_finished(db_path: Path) -> bool:
    if not db_path.exists():
        return False
    db = open_archive(db_path)
    try:
        return db.execute("SELECT count(*) FROM runs WHERE finished_at IS NOT NULL").fetchone()[0] > 0
    finally:
        db.close()


def test_serve_on_a_fast_clock_sends_an_immediate_alert_within_a_quarter_hour_of_publication(tmp_path, site, mail):
    source = {**sample_sources(site.base_url)[2], "schedule": "0 * * * *",
              "working_hours": "Mon-Fri 08:30-18:00", "working_minutes": "*/10"}
    config = write_config(tmp_path / "regwatch.toml", [source], mail.port, [
        {"id": "all", "email": "all@example.com", "mode": "immediate", "filters": {"relevant_only": False}}])
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    # 10:00 on a Wednesday in Beijing: the publisher's working hours, where the list is read every 10 minutes.
    clock.pin("2026-11-25T02:00:00Z", environ=env, rate=RATE)
    env = without_faketime(env)
    daemon = subprocess.Popen([sys.executable, "-m", "regwatch.cli", "serve", "--config", str(config)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait(lambda: _first_run_finished(tmp_path / "archive.db"), 120, "the crawl at start")
        time.sleep(1)
        before = len(mail.messages())
        assert not any("第63号" in subject for subject in _subjects(mail.messages()))
        site.site.advance()  # the antimony announcement is published now
        published = time.monotonic()
        arrived = _wait(lambda: [s for s in _subjects(mail.messages()[before:]) if "第63号" in s],
                        WINDOW_SECONDS * 4, "the alert")
        waited = time.monotonic() - published
        assert len(arrived) == 1
        assert waited <= WINDOW_SECONDS, f"{waited * RATE / 60:.1f} minutes on the daemon's clock"
        daemon.send_signal(signal.SIGTERM)
        code = daemon.wait(timeout=60)
    finally:
        if daemon.poll() is None:
            daemon.kill()
    err = daemon.stderr.read()
    assert code == 0, err
    # Sent by the crawl that found it, not by the digest check.
    assert "cn-mofcom-aqygzj: 1 new, 0 changed, ok" in err
    assert "cn-mofcom-aqygzj: sent 1 email(s)" in err, err
