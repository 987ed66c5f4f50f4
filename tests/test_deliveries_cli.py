"""`regwatch run` and `regwatch deliveries` when a delivery fails for good: counted, listed, retried, exit codes."""
from __future__ import annotations

import json

import pytest

from archive.db import open_archive
from regwatch.cli import main
from tests.golden.fixtures import NOTICES, build_archive, labels, store
from tests.helpers import PickyServer

HOSTILE_TITLE = "\x1b[2J\x1b[31mEXPORT BAN\r\nBcc: everyone@example.net\x07 on gallium\u2028scrap"


@pytest.fixture
def server():
    with PickyServer() as picky:
        yield picky


@pytest.fixture
def config(tmp_path, db_path, server):
    db = build_archive(db_path, [])
    store(db, {**NOTICES["gallium"], "native_id": "art_hostile", "title": HOSTILE_TITLE,
               "labels": labels(topics=["export_control"], commodities=["gallium"])},
          text="Hostile notice\nIts title tries to clear the screen and add a header.")
    path = tmp_path / "regwatch.toml"
    path.write_text(f"""
db = "{db_path}"
[smtp]
host = "127.0.0.1"
port = {server.port}
sender = "regwatch <alerts@example.org>"
[[subscribers]]
id = "us"
email = "compliance@example.com"
mode = "immediate"
[subscribers.filters]
jurisdictions = ["US"]
[[subscribers]]
id = "cn"
email = "gone@example.com"
mode = "immediate"
[subscribers.filters]
jurisdictions = ["CN"]
""")
    return str(path)


def run(capsys, *argv) -> tuple[int | str | None, str, str]:
    code: int | str | None
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_a_permanent_refusal_is_counted_reported_listed_and_can_be_retried(config, server, capsys, db_path):
    server.rcpt_replies["gone@example.com"] = "550 5.1.1 <gone@example.com>: Recipient address rejected"
    code, out, err = run(capsys, "run", "--config", config, "--json")
    summary = json.loads(out)
    assert code == 1 and summary["exit_code"] == 1                   # a delivery failed in this run
    assert summary["emails_sent"] == 1 and summary["email_errors"] == []
    assert summary["deliveries_failed"] == 1 and summary["deliveries_failed_total"] == 1
    assert summary["delivery_failures"][0].startswith("delivery ") and "550 5.1.1" in summary["delivery_failures"][0]
    [line] = err.strip().splitlines()
    assert "not retried" in line and "regwatch deliveries retry ID" in line
    # Run reports are public (the web archive serves the runs table): the refused address, which the
    # server echoed in its reply, is named by the delivery's id instead.
    assert "gone@example.com" not in line + out
    stored = open_archive(db_path).execute("SELECT group_concat(summary) FROM runs").fetchone()[0]
    assert "550 5.1.1" in stored and "<recipient>" in stored and "@example.com" not in stored
    assert server.recipients() == ["compliance@example.com"]
    code, out, _ = run(capsys, "subscribers", "list", "--config", config, "--json")
    assert {row["id"]: (row["failed"], row["failing"]) for row in json.loads(out)} == {"cn": (1, 0), "us": (0, 0)}

    code, out, err = run(capsys, "run", "--config", config, "--json")  # nothing new: reported once, not every run
    summary = json.loads(out)
    assert (code, summary["deliveries_failed"], summary["deliveries_failed_total"], err) == (0, 0, 1, "")

    code, out, _ = run(capsys, "deliveries", "--status", "failed", "--config", config, "--json")
    [row] = json.loads(out)
    assert code == 0 and row["recipient"] == "gone@example.com" and row["last_reply_code"] == 550
    assert "Recipient address rejected" in row["reason"]
    # scraped titles are untrusted: no escape sequence, bell or line break reaches a terminal or a JSON reader
    assert "EXPORT BAN" in row["subject"] and not any(c in row["subject"] for c in "\x1b\x07\r\n\u2028")
    code, out, _ = run(capsys, "deliveries", "--config", config)
    assert code == 0 and out.splitlines()[0].split()[:4] == ["ID", "STATUS", "TO", "CREATED"]
    assert "failed" in out and "550" in out and "EXPORT BAN" in out
    assert not any(c in out for c in "\x1b\x07\r\u2028") and len(out.splitlines()) == 2

    server.rcpt_replies.clear()
    code, out, _ = run(capsys, "deliveries", "retry", str(row["id"]), "--config", config)
    assert code == 0 and f"queued again: {row['id']}" in out
    code, out, err = run(capsys, "run", "--config", config, "--json")
    summary = json.loads(out)
    assert (code, summary["emails_sent"], summary["deliveries_failed_total"]) == (0, 1, 0)
    assert server.recipients() == ["compliance@example.com", "gone@example.com"]
    code, out, _ = run(capsys, "deliveries", "--config", config, "--json")
    assert json.loads(out) == []                                        # nothing left undelivered


@pytest.mark.parametrize("argv, message", [
    (["retry"], "give the ids of failed deliveries to retry"),
    (["retry", "999"], "no delivery with id 999"),
    (["retry", "1"], "delivery 1 is sent, not failed"),
    (["7"], "invalid choice"),
    (["list", "7"], "go with `retry`"),
])
def test_bad_deliveries_commands_take_one_line_and_exit_2(config, capsys, argv, message):
    assert run(capsys, "run", "--config", config)[0] == 0
    code, _, err = run(capsys, "deliveries", *argv, "--config", config)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_retry_all_requeues_every_failed_delivery(config, server, capsys):
    server.data_replies["gone@example.com"] = "554 5.7.1 Message rejected"
    server.data_replies["compliance@example.com"] = "554 5.7.1 Message rejected"
    code, out, _ = run(capsys, "run", "--config", config, "--json")
    assert code == 1 and json.loads(out)["deliveries_failed"] == 2
    code, out, _ = run(capsys, "deliveries", "retry", "--all", "--config", config, "--json")
    assert code == 0 and sorted(json.loads(out)["retried"]) == [1, 2]
    server.data_replies.clear()
    assert run(capsys, "run", "--config", config)[0] == 0
    assert sorted(server.recipients()) == ["compliance@example.com", "gone@example.com"]



def test_the_configured_number_of_refusals_is_waited_for_before_a_delivery_fails(config, server, capsys):
    text = open(config).read().replace("[[subscribers]]", "[alerts]\npermanent_failure_attempts = 2\n\n[[subscribers]]", 1)
    open(config, "w").write(text)
    server.rcpt_replies["gone@example.com"] = "550 5.1.1 Recipient address rejected"
    code, out, err = run(capsys, "run", "--config", config, "--json")
    summary = json.loads(out)
    assert code == 1 and summary["deliveries_failed"] == 0 and "will retry next run" in err
    code, out, _ = run(capsys, "deliveries", "--config", config, "--json")
    [row] = json.loads(out)
    assert row["status"] == "pending" and row["refusals"] == 1 and "550 5.1.1" in row["reason"]
