"""Shared fixtures: a real sample site on 127.0.0.1, a real SMTP server, a fresh archive."""
from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from regwatch.mailsink import MailSink
from regwatch.sample_site import SampleSite, SampleSiteServer
from tests.helpers import FAULT_SUITE


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
