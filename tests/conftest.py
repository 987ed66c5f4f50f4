"""Shared fixtures: a real sample site on 127.0.0.1, a real SMTP server, a fresh archive.

The whole session runs on one clock: ``REGWATCH_NOW`` is pinned here, before
any test module is imported, so the code under test, every ``regwatch``
subprocess and every fixture site read the same instant whatever the system
calendar says. A test that needs another time sets the variable itself.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

TEST_NOW = "2026-11-25T10:00:00+00:00"
os.environ["REGWATCH_NOW"] = TEST_NOW

from archive import clock  # noqa: E402  (after the clock is pinned)
from regwatch.mailsink import MailSink  # noqa: E402
from regwatch.sample_site import SampleSite, SampleSiteServer  # noqa: E402
from tests.golden.fixtures import build_archive  # noqa: E402


@pytest.fixture
def site():
    """The sample site (Federal Register API, GOV.UK feed, MOFCOM list) served on 127.0.0.1."""
    with SampleSiteServer(SampleSite(today=clock.today())) as server:
        yield server


@pytest.fixture
def mail(tmp_path: Path):
    """A real SMTP server on 127.0.0.1 that saves each accepted message as an .eml file."""
    with MailSink(tmp_path / "mail") as sink:
        yield sink


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "archive.db"


@pytest.fixture
def config(tmp_path: Path, db_path: Path, mail) -> str:
    """A configuration file (its path) with one weekly subscriber, an https unsubscribe URL and an empty archive.

    Modules that need another configuration define their own ``config``.
    """
    build_archive(db_path, [])
    path = tmp_path / "regwatch.toml"
    path.write_text(f"""
db = "{db_path}"
[smtp]
host = "127.0.0.1"
port = {mail.port}
sender = "regwatch <alerts@example.org>"
[alerts]
unsubscribe_url = "https://alerts.example.org/u/{{token}}"
[[subscribers]]
id = "minerals"
email = "buyers@example.com"
mode = "weekly"
digest_day = "fri"
digest_time = "16:30"
timezone = "Europe/Berlin"
[subscribers.filters]
hs_codes = ["8112"]
""")
    return str(path)
