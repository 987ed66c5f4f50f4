"""`regwatch subscribers add|list|remove|test` and `regwatch unsubscribe`, through the real CLI."""
from __future__ import annotations

import email
import json
from email import policy

import pytest

from regwatch.cli import main


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_list_remove(config, capsys):
    code, out, _ = run(capsys, "subscribers", "add", "bis", "--config", config, "--email", "c@example.com",
                       "--mode", "immediate", "--jurisdiction", "US", "--keyword", '"entity list"',
                       "--keyword", "BIS", "--eccn", "3A090", "--json")
    assert code == 0
    added = json.loads(out)
    assert added["origin"] == "cli" and added["filters"]["keywords"] == ['"entity list"', "BIS"]
    code, out, _ = run(capsys, "subscribers", "list", "--config", config, "--json")
    rows = {row["id"]: row for row in json.loads(out)}
    assert rows["minerals"]["origin"] == "config" and rows["minerals"]["timezone"] == "Europe/Berlin"
    assert rows["bis"]["mode"] == "immediate"
    code, out, _ = run(capsys, "subscribers", "list", "--config", config)
    assert out.splitlines()[0].split()[:3] == ["ID", "EMAIL", "MODE"] and "hs_codes=8112" in out
    assert run(capsys, "subscribers", "remove", "bis", "--config", config)[0] == 0
    code, out, _ = run(capsys, "subscribers", "list", "--config", config, "--json")
    assert [row["id"] for row in json.loads(out)] == ["minerals"]


@pytest.mark.parametrize("extra, message", [
    (["--keyword", '"unclosed'], "filters.keywords: cannot read the query"),
    (["--hs-code", "81x2"], "filters.hs_codes: HS prefix '81x2' must be 2 to 10 digits"),
    (["--hs", "81O2"], "did you mean 8102?"),
    (["--topic", "tariffs"], "unknown topic 'tariffs'; did you mean tariff?"),
    (["--eccn", "3AO90"], "did you mean 3A090?"),
    (["--timezone", "Mars/Olympus"], "IANA time zone"),
    (["--source", "nope"], "no source with id"),
])
def test_bad_subscriptions_are_refused_with_one_line(config, capsys, extra, message):
    code, _, err = run(capsys, "subscribers", "add", "x", "--config", config, "--email", "x@example.com", *extra)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_a_configured_search_cannot_be_removed_from_the_command_line(config, capsys):
    code, _, err = run(capsys, "subscribers", "remove", "minerals", "--config", config)
    assert code == 2 and "configuration file" in err


def test_test_sends_a_sample_digest_now_without_touching_the_outbox(config, capsys, mail, db_path):
    code, out, _ = run(capsys, "subscribers", "test", "minerals", "--config", config)
    assert code == 0 and "1 matching notice" in out
    [path] = mail.messages()
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert message["Subject"].startswith("[test] regwatch: 1 measure: 商务部")
    assert message["List-Unsubscribe"].startswith("<https://alerts.example.org/u/")
    from archive.db import open_archive
    assert open_archive(db_path).execute("SELECT count(*) FROM deliveries").fetchone()[0] == 0


def test_unsubscribe_by_token_ends_the_subscription(config, capsys, db_path):
    run(capsys, "subscribers", "list", "--config", config)
    from archive.db import open_archive
    token = open_archive(db_path).execute("SELECT token FROM subscriptions WHERE id = 'minerals'").fetchone()[0]
    code, out, _ = run(capsys, "unsubscribe", token, "--config", config)
    assert code == 0 and "buyers@example.com" in out
    code, out, _ = run(capsys, "subscribers", "list", "--config", config, "--json")
    assert json.loads(out) == []
    code, _, err = run(capsys, "unsubscribe", "not-a-token", "--config", config)
    assert code == 2 and "no subscription has that token" in err


def test_a_token_never_starts_with_a_dash_and_one_stored_earlier_is_still_accepted(config, capsys, db_path,
                                                                                      monkeypatch):
    import secrets

    from alerts.tokens import new_token
    from archive.db import open_archive

    drawn = iter(["-looks-like-an-option", "_fine-token"])
    monkeypatch.setattr(secrets, "token_urlsafe", lambda size: next(drawn))
    assert new_token() == "_fine-token"
    monkeypatch.undo()
    run(capsys, "subscribers", "list", "--config", config)
    db = open_archive(db_path)
    db.execute("UPDATE subscriptions SET token = '-earlier-token' WHERE id = 'minerals'")
    db.conn.commit()
    code, out, _ = run(capsys, "unsubscribe", "--token=-earlier-token", "--config", config)
    assert code == 0 and "buyers@example.com" in out


@pytest.mark.parametrize("extra, message", [
    ('[alerts]\nunsubscribe_url = "http://insecure.example.org/u"\n', "unsubscribe_url must be an https URL"),
    ('[alerts]\npermanent_failure_attempts = 0\n', "permanent_failure_attempts must be between 1 and 10"),
    ('[alerts]\npermanent_failure_attempts = "2"\n', "'permanent_failure_attempts' must be an integer"),
    ('[alerts]\nmax_retry_days = -1\n', "max_retry_days must be more than 0"),
    ('[alerts]\nunsubscribe_mailto = "nobody"\n', "unsubscribe_mailto must be an email address"),
    ('[alerts]\nmax_retry_days = true\n', "'max_retry_days' must be a number of days"),
    ('[alerts]\nunsubscribe_listen = "127.0.0.1:8026"\n', "unsubscribe_listen needs unsubscribe_url"),
    ('[alerts]\nunsubscribe_url = "https://a.example/u"\nunsubscribe_listen = "8026"\n', "is not host:port"),
    ('[alerts]\nunsubscribe_url = "https://a.example/u"\nunsubscribe_listen = "127.0.0.1:99999"\n',
     "is not host:port"),
    ('[alerts]\nunsubscribe_url = "https://a.example/u"\nunsubscribe_listen = 8026\n',
     "'unsubscribe_listen' must be host:port"),
    ('[[subscribers]]\nid = "w"\nemail = "w@example.com"\nwebhook_url = "ftp://x"\n', "webhook_url must be an http(s) URL"),
    ('[[subscribers]]\nid = "w"\nemail = "w@example.com"\napprise_urls = ["not a url"]\n', "apprise_urls must be"),
    ('[[subscribers]]\nid = "w"\nemail = "w@example.com"\n[subscribers.filters]\nkeywords = ["AND"]\n',
     "filters.keywords: the query 'AND' has operators but no words"),
])
def test_bad_alert_settings_in_the_file_stop_with_one_line(tmp_path, capsys, extra, message):
    path = tmp_path / "bad.toml"
    path.write_text(f'db = "{tmp_path / "x.db"}"\n' + extra)
    code, _, err = run(capsys, "subscribers", "list", "--config", str(path))
    assert code == 2 and message in err and str(path) in err and len(err.strip().splitlines()) == 1
