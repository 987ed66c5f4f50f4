"""Runs started together, round after round: exactly one crawls, the others exit at once with code 3."""
from __future__ import annotations

import time

from archive.db import open_archive
from regwatch.sample_site import SampleSiteServer
from tests.faults.harness import start_run, write_report
from tests.faults.sites import FAMILIES, EvolvingSite, evolving_sources
from tests.faults.smtp import RecordingSink
from tests.helpers import write_config

ROUNDS = 5
TOGETHER = 3


def test_overlapping_runs_never_crawl_twice(tmp_path):
    site = EvolvingSite()
    rounds = []
    with SampleSiteServer(site) as server, RecordingSink(tmp_path / "mail") as sink:
        config = write_config(tmp_path / "regwatch.toml", evolving_sources(server.base_url), sink.port,
                              [{"id": "all", "email": "all@example.com", "mode": "immediate",
                                "filters": {"relevant_only": False}}])
        for number in range(ROUNDS):
            site.publish(FAMILIES[number % len(FAMILIES)])
            started = time.monotonic()
            runs = [start_run(config) for _ in range(TOGETHER)]
            finished: dict[int, float] = {}
            while len(finished) < len(runs) and time.monotonic() - started < 300:
                for index, run in enumerate(runs):
                    if index not in finished and run.poll() is not None:
                        finished[index] = time.monotonic() - started
                time.sleep(0.02)
            results = []
            for index, run in enumerate(runs):
                _, stderr = run.communicate(timeout=300)
                results.append((run.returncode, stderr.strip(), finished.get(index, 300.0)))
            rounds.append(results)
        received = list(sink.received)
    db = open_archive(tmp_path / "archive.db")
    crawls = db.execute("SELECT count(*) FROM runs").fetchone()[0]
    source_runs = db.execute("SELECT count(*) FROM source_runs").fetchone()[0]
    db.close()
    codes = [sorted(code for code, _, _ in results) for results in rounds]
    locked = [(stderr, seconds) for results in rounds for code, stderr, seconds in results if code == 3]
    figures = {"rounds": ROUNDS, "runs_per_round": TOGETHER, "exit_codes_per_round": codes,
               "runs_recorded": crawls, "source_runs_recorded": source_runs, "emails": len(received),
               "distinct_message_ids": len({r["message_id"] for r in received}),
               "messages_of_locked_runs": sorted({stderr for stderr, _ in locked}),
               "slowest_locked_exit_seconds": round(max(seconds for _, seconds in locked), 2),
               "slowest_crawling_run_seconds": round(max(s for results in rounds for c, _, s in results if c != 3), 2)}
    write_report("overlap", figures)
    assert codes == [[0] + [3] * (TOGETHER - 1)] * ROUNDS
    assert crawls == ROUNDS and source_runs == ROUNDS * 3
    # as under cron (no terminal, no -v): a locked run says nothing, its exit code 3 says it all
    assert all(stderr == "" for stderr, _ in locked), figures["messages_of_locked_runs"]
    assert figures["emails"] == figures["distinct_message_ids"] == ROUNDS
