"""Shared fixtures: a real sample site on 127.0.0.1, a real SMTP server, a fresh archive.

The whole session runs on one clock: ``REGWATCH_NOW`` is pinned here, before
any test module is imported, so the code under test, every ``regwatch``
subprocess and every fixture site read the same instant whatever the system
calendar says. A test that needs another time sets the variable itself.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

TEST_NOW = "2026-11-25T10:00:00+00:00"

from archive import clock  # noqa: E402  (pinned before anything else reads it)

clock.pin(TEST_NOW)
from regwatch.mailsink import MailSink  # noqa: E402
from regwatch.sample_site import SampleSite, SampleSiteServer  # noqa: E402
from tests.golden.fixtures import build_archive  # noqa: E402
from tests.helpers import FAULT_SUITE  # noqa: E402


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


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line: how many tests were skipped and why (fault suite apart from missing dependencies)."""
    skipped = terminalreporter.stats.get("skipped", [])
    if not skipped:
        return
    reasons: Counter[str] = Counter()
    for report in skipped:
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reasons[reason.removeprefix("Skipped: ")] += 1
    faults = reasons.pop(FAULT_SUITE, 0)
    parts = [f"{count} ({reason})" for reason, count in reasons.most_common()]
    if faults:
        parts.append(f"{faults} of the fault suite, which runs under `make test-faults`")
    terminalreporter.write_line(f"skipped {len(skipped)}: " + "; ".join(parts))
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
