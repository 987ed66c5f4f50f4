"""One source stuck forever (a server that never answers, or trickles a byte a second) among ten: its crawl is
stopped at its time budget and recorded as failed with the reason, the nine others complete and their immediate
alerts go out in the same run, and the run (and its lock) ends soon after the stuck source's budget."""
from __future__ import annotations

import json
import time
from email import message_from_bytes, policy

import pytest

from tests.faults.harness import start_run, write_report
from tests.faults.sites import STUCK, FaultyServer, faulty_sources
from tests.faults.smtp import RecordingSink
from tests.helpers import regwatch, write_config

BUDGET_MINUTES = 0.1  # the stuck source's budget: 6 s
REQUEST_TIMEOUT = 600  # its per-request timeout: without the budget one list request would wait 10 minutes
SUBSCRIBER = "now@example.com"


@pytest.mark.parametrize("stuck", STUCK)
def test_a_stuck_source_is_stopped_at_its_budget_and_the_others_alert(tmp_path, stuck):
    with FaultyServer() as server, RecordingSink(tmp_path / "mail") as sink:
        sources = faulty_sources(server.base_url)
        victim = sources[3]
        victim.update(timeout=REQUEST_TIMEOUT, timeout_minutes=BUDGET_MINUTES)
        server.faults = {victim["id"]: stuck}
        config = write_config(tmp_path / "regwatch.toml", sources, sink.port,
                              [{"id": "now", "email": SUBSCRIBER, "mode": "immediate",
                                "filters": {"relevant_only": False}}])
        started = time.monotonic()
        run = start_run(config, "--json")
        stdout, stderr = run.communicate(timeout=300)
        seconds = time.monotonic() - started
        summary = json.loads(stdout)
        alerts = [r for r in sink.received if SUBSCRIBER in r["rcpt"]]
        mail_text = " ".join(message_from_bytes(path.read_bytes(), policy=policy.default).get_body(("plain",))
                             .get_content() for path in (tmp_path / "mail").glob("*.eml"))
        # The lock is free as soon as the run has ended: a second run takes it at once.
        again = regwatch("run", "--config", str(config), "--source", sources[0]["id"])
    rows = {row["source_id"]: row for row in summary["sources"]}
    others = [row for name, row in rows.items() if name != victim["id"]]
    alerted = {name for name in rows if f"{name} notice" in mail_text}
    figures = {
        "stuck_way": stuck, "stuck_source": victim["id"], "budget_seconds": BUDGET_MINUTES * 60,
        "request_timeout_seconds": REQUEST_TIMEOUT, "run_seconds": round(seconds, 1),
        "stuck_source_error": rows[victim["id"]]["error"], "exit_code": run.returncode,
        "other_sources_ok": sum(1 for row in others if row["ok"]),
        "other_sources_new_notices": sum(row["new"] for row in others),
        "immediate_alert_emails": len(alerts), "emails_sent_by_the_run": summary["emails_sent"],
        "second_run_exit_code": again.returncode, "alerted_sources_named": len(alerted),
    }
    write_report(f"deadline_{stuck}", figures)
    assert run.returncode == 1 and summary["failed_sources"] == [victim["id"]], stderr
    assert "time budget of 0.1 minute(s)" in rows[victim["id"]]["error"]
    assert len(others) == 9 and all(row["ok"] and row["new"] == 2 for row in others), others
    assert alerts and alerted == {row["source_id"] for row in others}, "the nine sources' alerts went out in this run"
    assert again.returncode == 0, again.stderr
    # Bounded by the budget, not by the 600-second request timeout (the crawler and mail take a few seconds).
    assert seconds < REQUEST_TIMEOUT / 4
