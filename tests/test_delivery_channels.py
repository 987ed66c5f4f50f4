"""Webhooks and chat services (Apprise) against a real HTTP server on 127.0.0.1: exactly once, with retries."""
from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import timedelta

import pytest

from alerts.delivery import send_pending
from alerts.matching import queue_matches
from alerts.prepare import prepare_deliveries
from regwatch.config import SmtpConfig
from regwatch.local_http import LocalHTTPServer
from tests.golden.fixtures import SENDER, T0, build_archive


class Receiver(LocalHTTPServer):
    """Records every POST (in ``requests``); answers each with the next status in ``statuses`` (then 200)."""

    def __init__(self, statuses: list[int], port: int = 0) -> None:
        self.statuses = list(statuses)
        super().__init__(self.answer, port, name="webhook-receiver")

    def answer(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> tuple[int, dict, bytes]:
        return (self.statuses.pop(0) if self.statuses else 200), {}, b""

    def json(self, index: int) -> dict:
        return json.loads(self.requests[index]["body"])


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver([500]) as server:
        yield server


def subscriber(**extra) -> dict:
    return {"id": "bis-hook", "name": "BIS to the ticket system", "email": "compliance@example.com",
            "mode": "immediate", "digest_time": "07:00", "digest_day": "mon", "timezone": "UTC",
            "filters": {"jurisdictions": ["US"]}, **extra}


def test_a_webhook_gets_one_json_post_per_alert_retried_after_a_failure(db_path, mail, receiver):
    db = build_archive(db_path, [subscriber(webhook_url=f"http://127.0.0.1:{receiver.port}/hooks/regwatch")])
    settings = SmtpConfig(host="127.0.0.1", port=mail.port, sender=SENDER)
    queue_matches(db, T0)
    assert prepare_deliveries(db, T0) == 2                      # the email and the webhook
    first = send_pending(db, settings, now=T0)
    assert (first.sent, first.failed) == (1, 1)                 # the email went; the webhook answered 500
    assert "HTTP 500" in first.errors[0]
    assert send_pending(db, settings, now=T0 + timedelta(seconds=30)).sent == 0   # waiting for its retry time
    assert send_pending(db, settings, now=T0 + timedelta(minutes=1)).sent == 1
    assert send_pending(db, settings, now=T0 + timedelta(hours=1)).sent == 0
    assert len(receiver.requests) == 2 and len(mail.messages()) == 1
    request = receiver.requests[1]
    payload = receiver.json(1)
    assert request["path"] == "/hooks/regwatch"
    assert request["headers"]["Idempotency-Key"] == payload["message_id"] == receiver.json(0)["message_id"]
    assert payload["subscription"] == {"id": "bis-hook", "name": "BIS to the ticket system", "mode": "immediate"}
    assert payload["count"] == 1
    item = payload["items"][0]
    assert item["title"] == "Additions to the Entity List" and item["eccns"] == ["3A090", "4A090"]
    assert item["url"].startswith("https://www.federalregister.gov/")
    log = db.execute("SELECT ok FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id "
                     "WHERE d.channel = 'webhook' ORDER BY a.id").fetchall()
    assert log == [(0,), (1,)]


def test_chat_services_are_reached_through_apprise_urls(db_path, mail, receiver):
    receiver.statuses = []
    db = build_archive(db_path, [subscriber(apprise_urls=[f"json://127.0.0.1:{receiver.port}/chat"])])
    settings = SmtpConfig(host="127.0.0.1", port=mail.port, sender=SENDER)
    queue_matches(db, T0)
    prepare_deliveries(db, T0)
    assert send_pending(db, settings, now=T0).sent == 2
    assert send_pending(db, settings, now=T0 + timedelta(hours=1)).sent == 0
    assert len(receiver.requests) == 1
    body = receiver.json(0)
    assert receiver.requests[0]["path"] == "/chat"
    assert body["title"] == "regwatch: 1 measure: Additions to the Entity List"
    assert "[US] Additions to the Entity List" in body["message"]
    assert "https://www.federalregister.gov/documents/2026/11/24/2026-24811" in body["message"]


def test_a_chat_service_that_is_down_is_retried_and_reached_once(db_path, mail):
    from regwatch.mailsink import free_port

    port = free_port()
    db = build_archive(db_path, [subscriber(apprise_urls=[f"json://127.0.0.1:{port}/chat"])])
    settings = SmtpConfig(host="127.0.0.1", port=mail.port, sender=SENDER)
    queue_matches(db, T0)
    prepare_deliveries(db, T0)
    report = send_pending(db, settings, now=T0)
    assert (report.sent, report.failed) == (1, 1)
    with Receiver([], port=port) as holder:                     # the service is back
        assert send_pending(db, settings, now=T0 + timedelta(minutes=2)).sent == 1
        assert send_pending(db, settings, now=T0 + timedelta(hours=2)).sent == 0
    assert len(holder.requests) == 1
