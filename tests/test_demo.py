"""`regwatch demo` end to end, as `make demo` runs it: two cycles, real HTTP and SMTP on 127.0.0.1."""
from __future__ import annotations

import email
import os
import subprocess
import sys
from email import policy
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_the_demo_archives_classifies_and_mails_both_cycles(tmp_path):
    out = tmp_path / "demo-out"
    result = subprocess.run([sys.executable, "-m", "regwatch.cli", "demo", "--out", str(out)],
                            capture_output=True, text=True, timeout=600, env={**os.environ, "PYTHONPATH": str(REPO)})
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
