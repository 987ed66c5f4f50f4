"""`regwatch demo` end to end, as `make demo` runs it: two cycles, real HTTP and SMTP on 127.0.0.1."""
from __future__ import annotations

import email
import json
import os
import re
import subprocess
import sys
from email import policy
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "demo-out"
    result = subprocess.run([sys.executable, "-m", "regwatch.cli", "demo", "--out", str(out)],
                            capture_output=True, text=True, timeout=600, env={**os.environ, "PYTHONPATH": str(REPO)})
    return out, result


def test_the_demo_archives_classifies_and_mails_both_cycles(demo):
    out, result = demo
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Cycle 2" in result.stdout and "1 new" in result.stdout and "1 changed" in result.stdout

    mails = [email.message_from_bytes(p.read_bytes(), policy=policy.default)
             for p in sorted((out / "mail").glob("*.eml"))]
    assert len(mails) >= 2
    for message in mails:
        assert message.get_content_type() == "multipart/alternative"
        assert [part.get_content_type() for part in message.iter_parts()] == ["text/plain", "text/html"]
        assert message["Message-ID"].endswith("@regwatch>")

    amended = [m for m in mails if "[amended, version 2]" in m.get_body(("plain",)).get_content()]
    assert len(amended) == 1, "the second cycle's email shows the amended notice"
    text = " ".join(amended[0].get_body(("plain",)).get_content().split())  # the text part is wrapped
    assert "- The Russia (Sanctions) (EU Exit) (Amendment) Regulations 2026 extend the prohibition" in text
    assert "+ The Russia (Sanctions) (EU Exit) (Amendment) Regulations 2026 extend the prohibition" in text
    assert "Russia and Belarus" in text
    html = amended[0].get_body(("html",)).get_content()
    assert '<ins style="' in html and "Belarus" in html and '<del style="' in html

    assert (out / "regwatch.db").exists()


@pytest.mark.parametrize("subscription, address", [("procurement", "buyers@example.com"),
                                                   ("compliance", "compliance@example.com")])
def test_search_subscription_lists_exactly_the_notices_its_emails_carried(demo, subscription, address):
    out, result = demo
    assert result.returncode == 0, result.stdout + result.stderr
    listed = subprocess.run([sys.executable, "-m", "regwatch.cli", "search", "--db", str(out / "regwatch.db"),
                             "--subscription", subscription, "--json", "--limit", "0"],
                            capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert listed.returncode == 0, listed.stderr
    searched = {r["url"] for r in json.loads(listed.stdout)}
    carried = set()
    for path in (out / "mail").glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        if message["To"] == address:
            carried |= set(re.findall(r'href="(https?://[^"]+)"', message.get_body(("html",)).get_content()))
    assert searched and searched == carried & _notice_urls(out)


def _notice_urls(out: Path) -> set[str]:
    import sqlite3

    with sqlite3.connect(out / "regwatch.db") as conn:
        return {row[0] for row in conn.execute("SELECT url FROM documents")}
