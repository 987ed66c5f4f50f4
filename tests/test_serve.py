"""`regwatch serve`: schedules, a crawl at start, and a clean stop on SIGTERM."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from apscheduler.triggers.cron import CronTrigger

from archive.db import open_archive
from regwatch.config import parse_config
from regwatch.sample_site import sample_sources
from regwatch.schedules import ClockTrigger
from regwatch.serve import build_scheduler
from tests.helpers import REPO, write_config


def test_each_source_gets_its_own_cron_job_and_digests_are_checked(site):
    sources = sample_sources(site.base_url)
    sources[0]["schedule"] = "0 6 * * 1-5"
    sources[2]["enabled"] = False
    config = parse_config({"sources": sources})
    jobs = {job.id: job for job in build_scheduler(config, print).get_jobs()}
    assert set(jobs) == {"source:us-fr-bis-ofac", "source:gb-ecju", "digests", "startup"}
    trigger = jobs["source:us-fr-bis-ofac"].trigger
    assert isinstance(trigger, ClockTrigger)
    assert str(trigger.inner) == str(CronTrigger.from_crontab("0 6 * * 1-5", timezone="UTC"))
    assert jobs["startup"].args[1] == ["us-fr-bis-ofac", "gb-ecju"]


def test_serve_crawls_at_start_survives_a_failing_source_and_stops_on_sigterm(tmp_path, site, mail):
    sources = sample_sources(site.base_url)
    sources[0]["params"]["api_url"] = "http://127.0.0.1:9/api/v1/"  # this one fails
    config = write_config(tmp_path / "regwatch.toml", sources, mail.port)
    config.write_text(config.read_text() + '\n[alerts]\nunsubscribe_url = "https://alerts.example.org/u"\n'
                      'unsubscribe_listen = "127.0.0.1:0"\n')
    daemon = subprocess.Popen([sys.executable, "-m", "regwatch.cli", "serve", "--config", str(config)],
                              env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        first = daemon.stderr.readline()
        assert "answering unsubscribe links at 127.0.0.1:" in first
        port = int(first.split("127.0.0.1:")[1].split("/")[0])
        with pytest.raises(urllib.error.HTTPError) as unknown:  # the daemon answers unsubscribe links meanwhile
            urllib.request.urlopen(f"http://127.0.0.1:{port}/u/not-a-known-token", data=b"List-Unsubscribe=One-Click")
        assert unknown.value.code == 404
        deadline = time.monotonic() + 120
        db_path = tmp_path / "archive.db"
        while time.monotonic() < deadline:
            if db_path.exists():
                db = open_archive(db_path)
                done = db.execute("SELECT count(*) FROM source_runs").fetchone()[0]
                db.close()
                if done == 3:
                    break
            time.sleep(0.5)
        assert daemon.poll() is None, "a failing source must not stop the daemon"
        db = open_archive(db_path)
        assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 6
        time.sleep(1)
        daemon.send_signal(signal.SIGTERM)
        code = daemon.wait(timeout=30)
    finally:
        if daemon.poll() is None:
            daemon.kill()
    err = daemon.stderr.read()
    assert code == 0, err
    assert "us-fr-bis-ofac: 0 new, 0 changed, FAILED" in err
    assert "received SIGTERM" in err and err.rstrip().endswith("stopped")
