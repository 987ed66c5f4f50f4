"""Ten sources, one of them broken in each of eight ways in turn: the other nine complete every time.

The broken source's failure is recorded on it (``regwatch sources``), the
operator is told once when it turns unhealthy and once when it recovers, and
nothing waits longer than the source's own ``timeout`` or reads more than its
``max_bytes``. A page in GBK that declares UTF-8 is not a failure: its text
is decoded correctly.
"""
from __future__ import annotations

import json

from archive.db import open_archive
from tests.faults.harness import start_run, write_report
from tests.faults.sites import FAULTS, HUGE_BYTES, FaultyServer, faulty_sources
from tests.faults.smtp import RecordingSink
from tests.helpers import regwatch, write_config

LAYOUT_FAULTS = {"garbage", "zero_items"}  # the page answers but no longer parses: unhealthy at once
FAILURES_BEFORE_UNHEALTHY = 3  # network and HTTP faults: after three failed runs in a row


def run_json(config) -> tuple[int, dict, str]:
    run = start_run(config, "--json")
    stdout, stderr = run.communicate(timeout=300)
    return run.returncode, json.loads(stdout), stderr


def operator_mail(sink: RecordingSink, name: str, state: str) -> int:
    return sum(1 for r in sink.received if "ops@example.com" in r["rcpt"] and f"{name} {state}" in r["subject"])


def test_each_source_fault_is_isolated_recorded_and_told_once(tmp_path):
    rows = []
    with FaultyServer() as server, RecordingSink(tmp_path / "mail") as sink:
        sources = faulty_sources(server.base_url)
        config = write_config(tmp_path / "regwatch.toml", sources, sink.port)
        code, summary, stderr = run_json(config)
        assert code == 0 and len(summary["sources"]) == 10, stderr
        for index, fault in enumerate(FAULTS):
            name = sources[index]["id"]
            server.faults = {name: fault}
            server.huge_bytes_sent = 0
            if fault == "wrong_charset":
                code, summary, stderr = run_json(config)
                db = open_archive(tmp_path / "archive.db")
                texts = [tuple(row) for row in db.execute(
                    """SELECT v.title, v.text FROM versions v JOIN documents d ON d.id = v.document_id
                       WHERE d.source_id = ? ORDER BY v.id""", [name])]
                db.close()
                decoded = [t for t in texts if t[0].startswith("出口管制公告第") and "对镓、锗相关物项" in t[1]]
                others_ok = all(s["ok"] for s in summary["sources"])
                rows.append({"fault": fault, "source": name, "family": sources[index]["family"],
                             "exit_code": code, "failed_sources": summary["failed_sources"],
                             "other_nine_ok": others_ok, "outcome": f"decoded: {len(decoded)} GBK notices archived "
                             "with correct text", "isolated": code == 0 and others_ok and len(decoded) == 2})
                server.faults = {}
                continue
            runs = (1 if fault in LAYOUT_FAULTS else FAILURES_BEFORE_UNHEALTHY) + 1
            codes, others_ok, errors = [], True, set()
            for _ in range(runs):
                code, summary, stderr = run_json(config)
                codes.append(code)
                assert summary["failed_sources"] == [name], (fault, stderr)
                others_ok &= all(s["ok"] and s["items_seen"] == 2 for s in summary["sources"] if s["source_id"] != name)
                errors |= {s["error"] for s in summary["sources"] if s["source_id"] == name}
                assert f"source {name} failed" in stderr
            listing = {s["id"]: s for s in json.loads(regwatch("sources", "--config", str(config), "--json").stdout)}
            recorded = listing[name]
            told_down = operator_mail(sink, name, "unhealthy")
            server.faults = {}
            code, summary, stderr = run_json(config)
            recovered = code == 0 and operator_mail(sink, name, "recovered") == 1
            rows.append({
                "fault": fault, "source": name, "family": sources[index]["family"], "failing_runs": runs,
                "exit_codes": codes, "other_nine_ok": others_ok, "recorded_error": sorted(errors),
                "source_shown_unhealthy": recorded["healthy"] is False,
                "consecutive_failures": recorded["consecutive_failures"],
                "operator_told_unhealthy": told_down, "recovered_and_told": recovered,
                "huge_bytes_sent_before_hangup": server.huge_bytes_sent if fault == "huge_body" else None,
                "isolated": (set(codes) == {1} and others_ok and recorded["healthy"] is False
                             and bool(recorded["last_error"]) and told_down == 1 and recovered),
            })
    isolated = sum(1 for row in rows if row["isolated"])
    write_report("source_faults", {"faults_tried": len(rows), "faults_isolated": isolated, "rows": rows})
    assert isolated == len(FAULTS) == 8, json.dumps([r for r in rows if not r["isolated"]], indent=2)
    huge = next(r for r in rows if r["fault"] == "huge_body")
    assert huge["huge_bytes_sent_before_hangup"] < HUGE_BYTES, "the crawler hung up before the end of the body"
