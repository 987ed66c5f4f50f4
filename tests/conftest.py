"""Shared fixtures: a real sample site on 127.0.0.1, a real SMTP server, a fresh archive."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from regwatch.mailsink import MailSink
from regwatch.sample_site import SampleSite, SampleSiteServer


@pytest.fixture
def site():
    """The sample site (Federal Register API, GOV.UK feed, MOFCOM list) served on 127.0.0.1."""
    with SampleSiteServer(SampleSite(today=date.today())) as server:
        yield server


@pytest.fixture
def mail(tmp_path: Path):
    """A real SMTP server on 127.0.0.1 that saves each accepted message as an .eml file."""
    with MailSink(tmp_path / "mail") as sink:
        yield sink


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "archive.db"
