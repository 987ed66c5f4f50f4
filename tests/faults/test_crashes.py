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


PLANS = ("complete", "kill_at_random", "kill_at_acceptance")


def draw_schedule(seed: int, cycles: int) -> list[dict]:
    """Every cycle's random choices, drawn from the seed before the first run, so a seed names one schedule.

    ``plan`` is what happens to the run; ``delay`` (for a kill at a random moment) is a share of the
    last completed run's duration; ``amend`` picks, by its share of the list, which of the notices a
    completed run has seen gets amended (which ones those are depends on how earlier runs ended).
    """
    rng = random.Random(seed)
    # Every plan occurs even in a short run: a completed run first (it measures how long a run
    # takes), then the two kinds of kill in a drawn order, the random kill well inside a run.
    first = ["complete", *rng.sample(PLANS[1:], len(PLANS) - 1)]
    schedule = []
    for cycle in range(cycles):
        plan = first[cycle] if cycle < len(first) else rng.choices(PLANS, weights=(3, 5, 2))[0]
        delay = round(rng.uniform(0.05, 0.8 if cycle < len(first) else 1.1), 3)
        amend = round(rng.random(), 3)
        schedule.append({"cycle": cycle, "plan": plan, "delay": delay, "amend": amend})
    return schedule


def test_the_schedule_is_drawn_from_the_seed_alone():
    assert draw_schedule(SEED, 12) == draw_schedule(SEED, 12)
    assert draw_schedule(SEED, 12) != draw_schedule(SEED + 1, 12)
    assert draw_schedule(SEED, 12) == draw_schedule(SEED, 20)[:12]
    assert {step["plan"] for step in draw_schedule(SEED, 3)} == set(PLANS)


def test_random_kills_lose_no_version_and_send_no_item_twice(tmp_path):
    schedule = draw_schedule(SEED, CYCLES)
    print(f"\ncrash schedule (seed {SEED}): " + " ".join(f"{s['plan']}:{s['delay']}:{s['amend']}" for s in schedule))
    site = EvolvingSite()
    outcomes: Counter = Counter()
    phases: Counter = Counter()
    witnessed: set[str] = set()
    typical = 6.0
    with SampleSiteServer(site) as server, RecordingSink(tmp_path / "mail") as sink:
        config = write_config(tmp_path / "regwatch.toml", evolving_sources(server.base_url), sink.port,
                              [{"id": "all", "email": SUBSCRIBER, "mode": "immediate",
                                "filters": {"relevant_only": False}}])
        for cycle, step in enumerate(schedule):
            if cycle:
                site.publish(FAMILIES[cycle % len(FAMILIES)])
                seen = [n for n in site.all_notices() if token(n["number"], n["revision"]) in witnessed]
                if seen:
                    site.amend(seen[int(step["amend"] * len(seen)) % len(seen)])
            visible = site.current()
            plan = step["plan"]
            delay = max(0.3, step["delay"] * typical)
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
        "seed": SEED, "cycles": CYCLES, "schedule": schedule, **dict(outcomes), "kills_by_phase": dict(phases),
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
