"""Latency benchmark: from a notice appearing on a site to its immediate alert being accepted by the mail server.

``regwatch serve`` runs as an operator runs it (a separate process, its own
configuration) on a clock ``--rate`` times faster than the system's
(``REGWATCH_NOW`` + ``REGWATCH_CLOCK_RATE``, see ``archive.clock``): at 60, an
hour of schedule passes in a minute. Every bundled source takes part with its
real schedule, working hours and time zone; its ``delay`` is divided by the
rate, so that scaled back it is the real one. A local site
(``regwatch.local_http``) stands in for each source with an RSS feed (the
``feed`` spider reads every stand-in: the list parser is not what is
measured) whose ETag changes with its items, answering conditional list
checks with 304, and one HTML page per notice.

Notices are published at random moments in each source's working hours
(``--per-source`` each; a notice is on the site from its moment on the
daemon's clock). One subscriber takes every notice immediately. A local SMTP
server (aiosmtpd) notes when it accepts each message; the time from a
notice's moment to the acceptance of the email naming it, multiplied by the
rate, is its latency. Reported per bundled family and per source: p50, p95,
max, and notices never alerted.

What real time the daemon spends (a crawler process starting, classifying,
sending) is multiplied by the rate too, so at a high rate the figures are
pessimistic by about that overhead times the rate.

    PYTHONPATH=. python benchmarks/latency.py [--rate 60] [--start 2026-11-24T23:30:00Z] [--hours 14.5]
        [--per-source 6] [--seed 18] [--json out.json]
"""
from __future__ import annotations

import argparse
import email
import email.policy
import hashlib
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiosmtpd.controller import Controller  # noqa: E402

from archive import clock  # noqa: E402
from regwatch.config import BUNDLED_SOURCES  # noqa: E402
from regwatch.local_http import LocalHTTPServer, Response  # noqa: E402
from regwatch.mailsink import free_port  # noqa: E402
from regwatch.schedules import working_hours  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Notice:
    source_id: str
    token: str
    moment: datetime  # on the daemon's clock
    title: str


class Site:
    """One RSS feed and notice pages per source; a notice is listed from its moment on the (shared) clock on."""

    def __init__(self, notices: list[Notice]) -> None:
        self.notices = notices
        self.base_url = ""

    def visible(self, source_id: str) -> list[Notice]:
        now = clock.now()
        return sorted((n for n in self.notices if n.source_id == source_id and n.moment <= now),
                      key=lambda n: n.moment, reverse=True)

    def feed(self, source_id: str) -> tuple[str, str]:
        items = self.visible(source_id)
        body = "".join(
            f"<item><title>{n.title}</title><link>{self.base_url}/{source_id}/{n.token}.html</link>"
            f"<guid>{self.base_url}/{source_id}/{n.token}.html</guid>"
            f"<pubDate>{format_datetime(n.moment)}</pubDate><description>{n.title}</description></item>"
            for n in items)
        xml = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{source_id}</title>'
               f"<link>{self.base_url}/</link><description>stand-in</description>{body}</channel></rss>")
        return xml, '"' + hashlib.sha1(xml.encode()).hexdigest()[:16] + '"'

    def page(self, source_id: str, token: str) -> str | None:
        notice = next((n for n in self.visible(source_id) if n.token == token), None)
        if notice is None:
            return None
        return (f"<html><head><title>{notice.title}</title></head><body><nav>Home | News</nav>"
                f'<div class="body"><h1>{notice.title}</h1><p>The ministry announces export control measures on '
                f"gallium and germanium related items, effective on the day of publication. "
                f"Reference {notice.token}.</p></div><footer>Contact</footer></body></html>")

    def respond(self, method: str, raw_path: str, headers: Mapping[str, str], body: bytes) -> Response:
        path = urlparse(raw_path).path
        if path == "/robots.txt":
            return Response(200, {"Content-Type": "text/plain"}, "User-agent: *\nAllow: /\n")
        parts = path.strip("/").split("/")
        if len(parts) == 2 and parts[1] == "feed.xml":
            xml, etag = self.feed(parts[0])
            if headers.get("If-None-Match") == etag:
                return Response(304, {"ETag": etag}, b"")
            return Response(200, {"Content-Type": "application/rss+xml; charset=utf-8", "ETag": etag}, xml)
        if len(parts) == 2 and parts[1].endswith(".html"):
            page = self.page(parts[0], parts[1].removesuffix(".html"))
            if page is not None:
                return Response(200, {"Content-Type": "text/html; charset=utf-8"}, page)
        return Response(404, {"Content-Type": "text/plain"}, "not found\n")


class Accepted:
    """aiosmtpd handler: notes the system time at which each message is accepted, with its text."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: list[tuple[float, str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        accepted = time.time()
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        text = " ".join(str(part.get_content()) for part in message.walk() if part.get_content_maintype() == "text")
        with self.lock:
            self.messages.append((accepted, f"{message['Subject']} {text}"))
        return "250 Message accepted for delivery"


def plan_notices(sources: list[dict[str, Any]], start: datetime, end: datetime, per_source: int,
                 rng: random.Random) -> list[Notice]:
    """PER_SOURCE moments per source, uniformly at random in its working hours between START and END."""
    notices = []
    for source in sources:
        # One old notice, so that no list is ever empty (an empty list reads as a broken layout).
        old = f"OLD{source['id'].replace('-', '')}"
        notices.append(Notice(source["id"], old, start - timedelta(days=30), f"Earlier notice {old}"))
        hours = working_hours(source)
        stretches = hours.intervals(start, end) if hours else [(start, end)]
        total = sum((b - a).total_seconds() for a, b in stretches)
        if not total:
            continue
        for number in range(per_source):
            offset = rng.uniform(0, total)
            for begin, finish in stretches:
                span = (finish - begin).total_seconds()
                if offset <= span:
                    moment = begin + timedelta(seconds=offset)
                    break
                offset -= span
            token = f"BENCH{source['id'].replace('-', '')}N{number}"
            notices.append(Notice(source["id"], token, moment, f"Export control notice {token}"))
    return notices


def stand_ins(bundled: list[dict[str, Any]], base_url: str, rate: float) -> list[dict[str, Any]]:
    """Each bundled source as a feed on the local site, with its own schedule, hours, zone and scaled delay."""
    keep = ("id", "jurisdiction", "agency", "language", "schedule", "working_hours", "working_minutes",
            "expected_cadence_days", "concurrency", "timezone")
    return [{**{k: s[k] for k in keep if k in s}, "family": "feed", "name": s["id"],
             "delay": round(float(s.get("delay", 0)) / rate, 3),
             "params": {"url": f"{base_url}/{s['id']}/feed.xml", "body_selector": ".body"}} for s in bundled]


def toml_config(sources: list[dict[str, Any]], db: Path, smtp_port: int) -> str:
    lines = [f'db = "{db}"', "[smtp]", 'host = "127.0.0.1"', f"port = {smtp_port}", 'sender = "rw <rw@example.com>"']
    for source in sources:
        lines.append("[[sources]]")
        lines += [f"{k} = {json.dumps(v)}" for k, v in source.items() if k != "params"]
        lines.append("[sources.params]")
        lines += [f"{k} = {json.dumps(v)}" for k, v in source["params"].items()]
    lines += ["[[subscribers]]", 'id = "desk"', 'email = "desk@example.com"', 'mode = "immediate"',
              "[subscribers.filters]", "relevant_only = false"]
    return "\n".join(lines) + "\n"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def summarise(groups: dict[str, list[float | None]]) -> list[dict[str, Any]]:
    rows = []
    for name, values in sorted(groups.items()):
        seen = [v for v in values if v is not None]
        rows.append({"group": name, "notices": len(values), "alerted": len(seen), "missed": len(values) - len(seen),
                     "p50_min": round(statistics.median(seen), 1) if seen else None,
                     "p95_min": round(percentile(seen, 0.95), 1) if seen else None,
                     "max_min": round(max(seen), 1) if seen else None})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=60.0, help="how much faster the daemon's clock runs")
    parser.add_argument("--start", default="2026-11-24T23:30:00Z",
                        help="the daemon's clock at start (default: a Tuesday 23:30 UTC)")
    parser.add_argument("--hours", type=float, default=14.5, help="clock hours to run (default 14.5)")
    parser.add_argument("--per-source", type=int, default=6, help="notices published per source")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()

    bundled = tomllib.loads(BUNDLED_SOURCES.read_text("utf-8"))["sources"]
    start = clock.parse_instant(args.start)
    end = start + timedelta(hours=args.hours)
    # Publications begin half an hour in, once the crawl at start has archived the (empty) lists.
    notices = plan_notices(bundled, start + timedelta(minutes=30), end - timedelta(minutes=20), args.per_source,
                           random.Random(args.seed))
    env = dict(os.environ)
    clock.pin(args.start, environ=env, rate=args.rate)
    os.environ.update({k: env[k] for k in (clock.ENV_VAR, clock.SET_AT_VAR, clock.RATE_VAR)})  # the site's clock
    accepted = Accepted()
    smtp_port = free_port()
    controller = Controller(accepted, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    site = Site(notices)
    with tempfile.TemporaryDirectory(prefix="regwatch-latency-") as folder, LocalHTTPServer(site.respond) as server:
        site.base_url = server.base_url
        config = Path(folder) / "regwatch.toml"
        config.write_text(toml_config(stand_ins(bundled, server.base_url, args.rate), Path(folder) / "archive.db",
                                      smtp_port))
        log = open(Path(folder) / "serve.log", "w")  # noqa: SIM115 (open for the daemon's lifetime)
        daemon = subprocess.Popen([sys.executable, "-m", "regwatch.cli", "serve", "--config", str(config)],
                                  env={**env, "PYTHONPATH": str(REPO)}, stdout=log, stderr=subprocess.STDOUT)
        print(f"{sum(n.moment >= start for n in notices)} notices over {args.hours} clock hours at {args.rate:g}x: "
              f"{args.hours * 3600 / args.rate / 60:.1f} minutes of wall time", file=sys.stderr)
        try:
            while clock.now() < end:
                if daemon.poll() is not None:
                    raise SystemExit(f"regwatch serve stopped with code {daemon.returncode}; see its log")
                time.sleep(1)
        finally:
            daemon.send_signal(signal.SIGTERM)
            try:
                daemon.wait(timeout=120)
            except subprocess.TimeoutExpired:
                daemon.kill()
            log.close()
            controller.stop()
        serve_log = (Path(folder) / "serve.log").read_text()
        db_measured = _measured_jobs(Path(folder) / "archive.db")
    family = {s["id"]: s["family"] for s in bundled}
    latencies: dict[str, float | None] = {}
    notices = [n for n in notices if n.moment >= start]
    for notice in notices:
        published = clock.to_system(notice.moment).timestamp()
        hits = [at for at, text in accepted.messages if notice.token in text]
        latencies[notice.token] = round((min(hits) - published) * args.rate / 60, 2) if hits else None
    by_family: dict[str, list[float | None]] = {}
    by_source: dict[str, list[float | None]] = {}
    for notice in notices:
        by_family.setdefault(family[notice.source_id], []).append(latencies[notice.token])
        by_source.setdefault(notice.source_id, []).append(latencies[notice.token])
    every = [v for v in latencies.values()]
    report = {"rate": args.rate, "start": args.start, "hours": args.hours, "notices": len(notices),
              "python": sys.version.split()[0], "cpus": os.cpu_count(),
              "families": summarise(by_family), "sources": summarise(by_source), "all": summarise({"all": every})[0],
              "job_seconds_on_the_clock": db_measured, "emails": len(accepted.messages)}
    print(f"{'family':22} {'n':>3} {'missed':>6} {'p50':>6} {'p95':>6} {'max':>6}   (minutes, scaled back)")
    for row in [*report["families"], report["all"]]:
        print(f"{row['group']:22} {row['notices']:>3} {row['missed']:>6} {row['p50_min']!s:>6} {row['p95_min']!s:>6} "
              f"{row['max_min']!s:>6}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    if any(row["missed"] for row in report["families"]):
        print(serve_log[-4000:], file=sys.stderr)


def _measured_jobs(db_path: Path) -> dict[str, float]:
    """Job durations the archive recorded (seconds on the daemon's clock): median and max."""
    import sqlite3

    with sqlite3.connect(db_path) as db:
        rows = db.execute("SELECT started_at, finished_at FROM runs WHERE finished_at IS NOT NULL").fetchall()
    spans = [(datetime.fromisoformat(b) - datetime.fromisoformat(a)).total_seconds() for a, b in rows]
    return {"runs": len(spans), "median": statistics.median(spans) if spans else 0.0,
            "max": max(spans) if spans else 0.0}


if __name__ == "__main__":
    main()
