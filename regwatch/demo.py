"""``regwatch demo``: the whole job, offline, in two cycles.

It serves a sample site (Federal Register API, a GOV.UK Atom feed, a
MOFCOM-style Chinese list) and a mail server on 127.0.0.1, runs one cycle for
two subscribers, publishes one notice and amends another, runs a second
cycle, and reports what happened and where to look.

The first cycle is each sample source's first crawl. Its notices are at most
six days old, inside the default ``baseline_days`` (7), so none is held back
as back catalogue and both subscribers get their first alerts.
"""
from __future__ import annotations

import email
import json
import os
import shutil
import sys
from collections.abc import Callable
from email import policy
from pathlib import Path
from typing import Any

from archive.db import open_archive
from regwatch.config import Config, parse_config
from regwatch.cycle import CycleSummary, run_cycle
from regwatch.mailsink import MailSink
from regwatch.sample_site import SampleSiteServer, sample_sources

SUBSCRIBERS = [
    {"id": "procurement", "name": "Procurement: critical minerals", "email": "buyers@example.com",
     "mode": "immediate",
     "filters": {"commodities": ["gallium", "germanium", "rare_earths", "antimony", "graphite"]}},
    {"id": "compliance", "name": "Compliance: UK and US export controls and sanctions",
     "email": "compliance@example.com", "mode": "immediate",
     "filters": {"jurisdictions": ["US", "GB"], "topics": ["export_control", "sanctions", "licensing"]}},
]


def demo_config(base_url: str, mail_port: int, db: Path) -> Config:
    """The demo's configuration: the sample sources, two subscribers, the local mail server."""
    return parse_config({
        "sources": sample_sources(base_url),
        "subscribers": SUBSCRIBERS,
        "smtp": {"host": "127.0.0.1", "port": mail_port, "tls": "none", "sender": "regwatch <alerts@example.com>"},
        "operator": {"email": "operator@example.com"},
    }, db_override=str(db))


def _report_cycle(number: int, summary: CycleSummary, say: Callable[[str], None]) -> None:
    say(f"\nCycle {number}")
    for source in summary.sources:
        state = "ok" if source["ok"] else f"FAILED: {source['error']}"
        say(f"  {source['source_id']:<18} {source['items_seen']} listed, {source['new']} new, "
            f"{source['changed']} changed, {source['unchanged']} unchanged  [{state}]")
    baselined = sum(summary.baselined.values())
    say(f"  classified {summary.classified} version(s); "
        + (f"archived {baselined} older notice(s) as a new source's baseline, no alert; " if baselined else "")
        + f"queued {summary.queued} alert(s); sent {summary.emails_sent} email(s)")


def _report_archive(db_path: Path, say: Callable[[str], None]) -> None:
    db = open_archive(db_path)
    say("\nArchive")
    rows = db.query(
        """SELECT d.id, d.source_id, d.title, d.version_count, c.relevant, c.topics, c.direction, c.commodities
           FROM documents d JOIN classifications c ON c.version_id = d.current_version_id ORDER BY d.source_id, d.id""")
    for row in rows:
        labels = "not a measure" if not row["relevant"] else (
            f"{', '.join(json.loads(row['topics']))} ({row['direction']})")
        versions = f" [{row['version_count']} versions]" if row["version_count"] > 1 else ""
        title = row["title"] if len(row["title"]) <= 70 else row["title"][:69] + "…"
        say(f"  #{row['id']:<3} {title}{versions}\n       {labels}")
    db.close()


def _report_mail(sink: MailSink, say: Callable[[str], None]) -> list[dict[str, Any]]:
    say("\nEmails")
    mails = []
    for path in sink.messages():
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        mails.append({"path": path, "to": message["To"], "subject": message["Subject"]})
        say(f"  {path.name}  to {message['To']}: {message['Subject']}")
    return mails


def regwatch_command(environ: dict[str, str] | None = None, prefix: str | None = None) -> str:
    """How to type ``regwatch`` here: bare when this environment's scripts are on PATH (an activated
    venv), else its path from the current directory (``.venv/bin/regwatch``)."""
    environ = dict(os.environ) if environ is None else environ
    scripts = Path(prefix or sys.prefix) / ("Scripts" if os.name == "nt" else "bin")
    found = shutil.which("regwatch", path=environ.get("PATH", ""))
    if found and Path(found).resolve().parent == scripts.resolve():
        return "regwatch"
    script = scripts / "regwatch"
    if not script.exists():
        return f"{sys.executable} -m regwatch.cli"
    relative = os.path.relpath(script)
    return relative if not relative.startswith("..") else str(script)


def _amended_notice(db_path: Path) -> int | None:
    db = open_archive(db_path)
    try:
        row = db.execute("SELECT id FROM documents WHERE version_count > 1 ORDER BY id LIMIT 1").fetchone()
    finally:
        db.close()
    return row[0] if row else None


def closing_hint(db_path: Path, mail_dir: Path, amended: int | None, command: str) -> str:
    """Where to look next, as commands that work as printed: search, show (the amended notice), ui."""
    notice = str(amended) if amended is not None else "ID"
    return "\n".join([
        "\nLook at what the demo archived:",
        f"  search it       {command} search --db {db_path} gallium",
        f"  one notice      {command} show --db {db_path} {notice}"
        + ("   (the amended one, with what changed)" if amended is not None else ""),
        f"  in a browser    {command} ui --db {db_path}   (then open http://127.0.0.1:8001/)",
        f"  the emails      {mail_dir}/*.eml",
    ])


def run_demo(out: str | Path = "demo-out", progress: Callable[[str], None] = print) -> int:
    """Run the demo into OUT (emptied first); return 0 when both cycles succeeded and mail went out."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    db_path = out / "regwatch.db"
    say = progress
    with SampleSiteServer() as site, MailSink(out / "mail") as sink:
        config = demo_config(site.base_url, sink.port, db_path)
        say(f"Sample site on {site.base_url}; mail server on 127.0.0.1:{sink.port}")
        first = run_cycle(config)
        _report_cycle(1, first, say)
        site.site.advance()
        say("\nThe site publishes one new MOFCOM announcement and amends a GOV.UK notice to exporters.")
        second = run_cycle(config)
        _report_cycle(2, second, say)
        _report_archive(db_path, say)
        mails = _report_mail(sink, say)
    say(closing_hint(db_path, out / "mail", _amended_notice(db_path), regwatch_command()))
    ok = first.exit_code == 0 and second.exit_code == 0 and len(mails) >= 2
    if not ok:
        say("The demo did not complete as expected: see the failures above.")
    return 0 if ok else 1
