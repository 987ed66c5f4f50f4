"""`regwatch demo` end to end, as `make demo` runs it: two cycles, real HTTP and SMTP on 127.0.0.1."""
from __future__ import annotations

import email
import json
import os
import re
import sqlite3
import subprocess
import sys
from email import policy
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# The English gist of every demo notice (each version), word for word: authority, document id, what is done
# to what, commodities and codes in English, effective date, direction (nlp/gist.py). The sample site dates its
# notices back from the pinned test clock (2026-11-25), so the dates are fixed.
DEMO_GISTS = {
    ("2026-23277", 1): "BIS/OFAC — sanctions on aerospace — tightening",
    ("2026-23390", 1): "BIS/OFAC — license exception on advanced computing, semiconductors "
                       "(ECCN 3A090.a, 3A090.b, 4A090.b), from 5 Dec 2026 — easing",
    ("2026-23141", 1): "BIS/OFAC — adds to the Entity List (ECCN 3A090, 4A090), from 21 Nov 2026 — tightening",
    ("civil-aircraft-components", 1): "ECJU Notice to exporters 2026/21 — introduces open general licence on aerospace "
                                      "(ECCN 9A001, 9A004), from 1 Dec 2026 — easing",
    ("prohibitions-on-machine-tools", 1): "ECJU Notice to exporters 2026/22 — sanctions (HS 845710, 845811), "
                                          "from 15 Dec 2026 — tightening",
    ("prohibitions-on-machine-tools", 2): "ECJU Notice to exporters 2026/22 — sanctions (HS 845710, 845811, 845961), "
                                          "from 8 Dec 2026 — tightening",
    ("licensing-conference", 1): "ECJU — not a trade measure",
    ("3f1c9a7e2b5d4c6f8a0e1d2c3b4a5f60", 1): "MOFCOM/GACC Announcement 2026 No. 58 — imposes export controls on "
                                             "dysprosium, gadolinium, neodymium and 3 more (HS 8505111000, "
                                             "8505119000), from 1 Dec 2026 — tightening",
    ("8b2e4d6f1a3c5e7092b4d6f8a1c3e5f7", 1): "MOFCOM Announcement 2026 No. 60 — introduces general licences on gallium, "
                                             "germanium (HS 2825600001, 8112929010), from 20 Nov 2026 — easing",
    ("e1f2a3b4c5d6e7f8091a2b3c4d5e6f70", 1): "MOFCOM/GACC Announcement 2026 No. 63 — imposes export controls on antimony "
                                             "(HS 2825800000, 8110101000, 8110102000), from 15 Dec 2026 — tightening",
    ("c4d5e6f708192a3b4c5d6e7f80910a1b", 1): "MOFCOM — not a trade measure",
}


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

    with sqlite3.connect(out / "regwatch.db") as db:
        stored = {(native_id, number): gist for native_id, number, gist in db.execute(
            """SELECT d.native_id, v.number, c.gist FROM versions v JOIN documents d ON d.id = v.document_id
               JOIN classifications c ON c.version_id = v.id""")}
    found = {key: gist for key in DEMO_GISTS for (native_id, number), gist in stored.items()
             if native_id.endswith(key[0]) and number == key[1]}
    assert found == DEMO_GISTS and len(stored) == len(DEMO_GISTS)
    for message in mails:  # each notice of a digest opens with its gist, above its title and original text
        text = " ".join(message.get_body(("plain",)).get_content().split())
        items = [item for item in text.split(" * ")[1:]]
        assert items
        for item in items:
            assert any(item.startswith(gist + " ") for gist in DEMO_GISTS.values()), item[:200]


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
