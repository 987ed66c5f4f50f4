"""Killing ``regwatch run`` at random moments while the site changes: nothing lost, nothing sent twice.

Each cycle the site publishes one notice and amends another; ``regwatch run``
is started as cron would and, by a seeded draw, either left to finish, killed
(SIGKILL to its whole process group) after a random delay, or killed by the
mail server the moment it has stored a message and before it replies — the
window between the server's acceptance and the sender's commit. A notice is
only amended once a completed run has seen its current version, so every
version the site shows is one a crawler could have archived.
"""
from __future__ import annotations

import os
import random
import subprocess
import time
from collections import Counter
from pathlib import Path

from archive.db import open_archive
from regwatch.sample_site import SampleSiteServer
from tests.faults.harness import (
    SEED,
    advance_retry_clock,
    archived_marks,
    kill_group,
    mail_figures,
    start_run,
    wait_for_group,
    write_report,
)
from tests.faults.sites import FAMILIES, EvolvingSite, evolving_sources, token
from tests.faults.smtp import RecordingSink
from tests.helpers import write_config

CYCLES = int(os.environ.get("REGWATCH_CRASH_CYCLES", "50"))
SUBSCRIBER = "all@example.com"


def count_runs(db_path: Path) -> int:
    if not db_path.exists():
        return 0
    db = open_archive(db_path)
    try:
        return db.execute("SELECT count(*) FROM runs").fetchone()[0]
    finally:
        db.close()


def phase_of_kill(db_path: Path, runs_before: int) -> str:
    """Where a killed run was, judged from what it had committed."""
    if count_runs(db_path) == runs_before:
        return "starting (before the lock and its run record)"
    db = open_archive(db_path)
    try:
        run_id, finished = db.execute("SELECT id, finished_at FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        crawled = db.execute("SELECT count(*) FROM source_runs WHERE run_id = ?", [run_id]).fetchone()[0]
        attempts = db.execute("SELECT count(*) FROM delivery_attempts WHERE attempted_at >= "
                              "(SELECT started_at FROM runs WHERE id = ?)", [run_id]).fetchone()[0]
    finally:
        db.close()
    if finished:
        return "finishing (after its run record was closed)"
    if crawled < len(FAMILIES):
        return "crawling"
    if attempts:
        return "sending (after an attempt was committed)"
    return "classifying, matching or sending"


def test_random_kills_lose_no_version_and_send_no_item_twice(tmp_path):
    rng = random.Random(SEED)
    site = EvolvingSite()
    outcomes: Counter = Counter()
    phases: Counter = Counter()
    witnessed: set[str] = set()
    typical = 6.0
    with SampleSiteServer(site) as server, RecordingSink(tmp_path / "mail") as sink:
        config = write_config(tmp_path / "regwatch.toml", evolving_sources(server.base_url), sink.port,
                              [{"id": "all", "email": SUBSCRIBER, "mode": "immediate",
                                "filters": {"relevant_only": False}}])
        for cycle in range(CYCLES):
            if cycle:
                site.publish(FAMILIES[cycle % len(FAMILIES)])
                seen = [n for n in site.all_notices() if token(n["number"], n["revision"]) in witnessed]
                if seen:
                    site.amend(rng.choice(seen))
            visible = site.current()
            plan = rng.choices(("complete", "kill_at_random", "kill_at_acceptance"), weights=(3, 5, 2))[0]
            delay = rng.uniform(0.3, typical * 1.1)
            started = time.monotonic()
            runs_before = count_runs(tmp_path / "archive.db")
            killed_before = sink.kills_at_acceptance
            run = start_run(config)
            if plan == "kill_at_acceptance":
                sink.kill_on_data = run.pid
            if plan == "kill_at_random":
                try:
                    run.wait(timeout=delay)
                except subprocess.TimeoutExpired:
                    kill_group(run)
                    outcomes["killed_at_random_moment"] += 1
            run.communicate(timeout=300)
            sink.kill_on_data = None
            wait_for_group(run.pid)
            if sink.kills_at_acceptance > killed_before:
                outcomes["killed_at_acceptance"] += 1
                phases["sending: message stored by the server, before the reply and the commit"] += 1
            elif run.returncode < 0:
                phases[phase_of_kill(tmp_path / "archive.db", runs_before)] += 1
            else:
                assert run.returncode == 0, f"cycle {cycle}: {run.stderr}"
                outcomes["completed"] += 1
                witnessed |= visible
                typical = time.monotonic() - started
        advance_retry_clock(tmp_path / "archive.db")
        final = start_run(config)
        _, stderr = final.communicate(timeout=300)
        assert final.returncode == 0, stderr
        received = list(sink.received)

    archived = archived_marks(tmp_path / "archive.db")
    mail = mail_figures(received, SUBSCRIBER, site.published)
    figures = {
        "seed": SEED, "cycles": CYCLES, **dict(outcomes), "kills_by_phase": dict(phases),
        "kills": outcomes["killed_at_random_moment"] + outcomes["killed_at_acceptance"],
        "versions_published": len(site.published),
        "versions_archived": sum(archived.values()),
        "versions_lost": sorted(site.published - set(archived)),
        "versions_archived_twice": sorted(m for m, n in archived.items() if n > 1),
        "versions_not_published": sorted(set(archived) - site.published),
        **mail,
    }
    write_report("crashes", figures)
    assert outcomes["killed_at_random_moment"] and outcomes["killed_at_acceptance"] and outcomes["completed"]
    assert figures["versions_lost"] == [] and figures["versions_archived_twice"] == []
    assert figures["versions_not_published"] == []
    assert mail["alerts_lost"] == [] and mail["items_in_two_message_ids"] == [] and mail["unexpected_items"] == []
    assert mail["message_ids_whose_copies_differ"] == 0
    # every kill at acceptance leaves one message the receiver already has: it must come again under its Message-ID
    assert mail["message_ids_received_more_than_once"] >= 1
