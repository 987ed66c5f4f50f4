"""The mail server is down for five cycles, then back: every queued item is delivered exactly once."""
from __future__ import annotations

import json

from archive.db import open_archive
from regwatch.sample_site import SampleSiteServer
from tests.faults.harness import advance_retry_clock, archived_marks, mail_figures, start_run, write_report
from tests.faults.sites import FAMILIES, EvolvingSite, evolving_sources, token
from tests.faults.smtp import RecordingSink
from tests.helpers import write_config

OUTAGE_CYCLES = 5
SUBSCRIBERS = [
    {"id": "now", "email": "now@example.com", "mode": "immediate", "filters": {"relevant_only": False}},
    {"id": "zh", "email": "zh@example.com", "mode": "immediate", "filters": {"relevant_only": False,
                                                                              "jurisdictions": ["CN"]}},
]


def run_json(config) -> tuple[int, dict, str]:
    run = start_run(config, "--json")
    stdout, stderr = run.communicate(timeout=300)
    return run.returncode, json.loads(stdout), stderr


def test_a_mail_outage_delays_every_item_and_loses_or_repeats_none(tmp_path):
    site = EvolvingSite()
    sink = RecordingSink(tmp_path / "mail")
    with SampleSiteServer(site) as server:
        config = write_config(tmp_path / "regwatch.toml", evolving_sources(server.base_url), sink.port, SUBSCRIBERS)
        failed_runs, errors, seen = 0, [], set()
        for cycle in range(OUTAGE_CYCLES):  # the server is down: nothing listens on its port
            site.publish(FAMILIES[cycle % len(FAMILIES)])
            crawled = [n for n in site.all_notices() if token(n["number"], n["revision"]) in seen]
            if crawled:  # amend only what the last run archived, so that no version goes unseen
                site.amend(crawled[cycle % len(crawled)])
            seen = site.current()
            code, summary, stderr = run_json(config)
            assert code == 1 and summary["emails_sent"] == 0 and summary["failed_sources"] == [], stderr
            assert "delivery failed, will retry next run" in stderr
            failed_runs += 1
            errors.extend(summary["email_errors"])
        db = open_archive(tmp_path / "archive.db")
        pending = db.execute("SELECT count(*) FROM deliveries WHERE status = 'pending'").fetchone()[0]
        queued = db.execute("SELECT count(*) FROM outbox WHERE sent_at IS NULL").fetchone()[0]
        db.close()
        advance_retry_clock(tmp_path / "archive.db")
        with sink:
            code, back, stderr = run_json(config)
            assert code == 0, stderr
            code, again, stderr = run_json(config)
            assert code == 0 and again["emails_sent"] == 0, stderr
        received = list(sink.received)

    archived = archived_marks(tmp_path / "archive.db")
    everyone = mail_figures(received, "now@example.com", site.published)
    chinese = {mark for n in site.notices["mofcom"] for mark in site.published
               if mark.startswith(f"RW-{n['number']:03d}-")}
    zh = mail_figures(received, "zh@example.com", chinese)
    figures = {
        "outage_cycles": OUTAGE_CYCLES, "runs_that_reported_the_outage": failed_runs,
        "deliveries_pending_during_outage": pending, "items_queued_during_outage": queued,
        "emails_sent_when_back": back["emails_sent"], "emails_sent_on_the_run_after": again["emails_sent"],
        "versions_published": len(site.published), "versions_lost": sorted(site.published - set(archived)),
        "immediate_all": everyone, "immediate_cn_only": zh,
    }
    write_report("mail_outage", figures)
    assert pending >= OUTAGE_CYCLES and queued == len(site.published) + len(chinese)
    assert figures["versions_lost"] == []
    for result in (everyone, zh):
        assert result["alerts_lost"] == [] and result["items_in_two_message_ids"] == []
        assert result["unexpected_items"] == []
        assert result["messages_received"] == result["distinct_message_ids"], "no Message-ID arrives twice"
