"""Sending prepared deliveries exactly once, and ending those that can never go out.

1. ``send_pending`` sends every pending delivery whose retry time has come;
   only after the server accepted it is the delivery (and its outbox rows)
   marked sent. A crash between acceptance and that commit re-sends the same
   Message-ID; a server that is down leaves everything queued, and a failed
   delivery waits an increasing interval (``next_attempt_at``) before the
   next try. Every attempt is logged in ``delivery_attempts``, written before
   the send so that even an attempt interrupted by a crash shows.
2. A delivery that can never go out ends as ``failed`` (a dead letter) instead
   of being retried for ever: at once when the server refuses the recipient
   or the message with a 5xx reply (after ``permanent_failure_attempts``
   such refusals), or when the message cannot be built from the archive;
   after ``max_retry_age`` of transient failures (4xx, no connection).
   ``retry_failed`` puts a failed delivery back in the queue.

Deliveries are made by ``alerts.prepare``, sent through ``alerts.channels``,
and their failures judged by ``alerts.failures``; ``alerts.schedule`` says when.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import Message
from typing import Any

import sqlite_utils

from alerts.channels import Channels, SmtpSession, SmtpSettings, chat_text, webhook_payload
from alerts.failures import Failure, classify_build_error, classify_send_error
from alerts.prepare import cancel_deliveries
from alerts.render import ItemCache, render_digest, subject_for
from alerts.schedule import _iso, backoff
from archive import clock
from archive.clock import utcnow

INTERRUPTED = "no outcome recorded: the process stopped while sending"


@dataclass(frozen=True)
class RetryPolicy:
    """When a delivery stops being retried and becomes ``failed``.

    ``permanent_failure_attempts``: how many 5xx refusals of the recipient or
    the message it takes (1: the first, as RFC 5321 asks of a client; more
    for a server known to refuse with 5xx what it later accepts).
    ``max_retry_age``: how long transient failures are retried, counted from
    the delivery's creation or its last manual retry.
    """

    permanent_failure_attempts: int = 1
    max_retry_age: timedelta = timedelta(days=7)


@dataclass
class SendReport:
    """One pass: ``failed`` counts failed attempts; ``errors`` has one line per delivery that will be retried,
    ``dead_letters`` one per delivery that ended ``failed`` in this pass."""

    sent: int = 0
    failed: int = 0
    deferred: int = 0
    errors: list[str] = field(default_factory=list)
    dead_letters: list[str] = field(default_factory=list)


def send_pending(
    db: sqlite_utils.Database, settings: SmtpSettings, send: Callable[[SmtpSettings, Message], None] | None = None,
    *, now: datetime | None = None, unsubscribe_url: str | None = None, channels: Channels | None = None,
    policy: RetryPolicy | None = None, unsubscribe_mailto: str | None = None,
) -> SendReport:
    """Send every pending delivery whose time has come; mark each sent only after it was accepted.

    When the mail server cannot be reached, the remaining emails of this pass
    are left for the next one without an attempt (one outage, one error). A
    delivery that fails is retried later or, by ``policy``, ends ``failed``;
    either way the rest of the pass goes on.
    """
    channels = channels or Channels()
    if send is not None:
        channels.send = send
    now = now or clock.now()
    stamp = _iso(now)
    report = SendReport()
    pending = list(db.query(
        """SELECT id, message_id, subscription_id, channel, target, created_at, attempts, refusals,
                  coalesce(retry_since, created_at) AS window_start, last_error FROM deliveries
           WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY id""",
        [stamp]))
    if not pending:
        return report
    # one read each for the subscriptions and the items of every due delivery, not one per delivery
    subscriptions = {row["id"]: row for row in db.query(
        """SELECT * FROM subscriptions WHERE id IN
           (SELECT subscription_id FROM deliveries WHERE status = 'pending')""")}
    carried: dict[int, list[int]] = defaultdict(list)
    for delivery_id, version_id in db.execute(
            """SELECT i.delivery_id, i.version_id FROM delivery_items i JOIN deliveries d ON d.id = i.delivery_id
               WHERE d.status = 'pending' ORDER BY i.delivery_id, i.version_id"""):
        carried[delivery_id].append(version_id)
    pass_ = _Pass(db, settings, channels, now, unsubscribe_url, policy or RetryPolicy(), report)
    pass_.unsubscribe_mailto = unsubscribe_mailto
    try:
        for delivery in pending:
            pass_.deliver(delivery, subscriptions.get(delivery["subscription_id"]),
                          carried.get(delivery["id"], []))
    finally:
        if isinstance(channels.send, SmtpSession):
            channels.send.close()
    return report


class _Pass:
    """One pass over the due deliveries; each delivery's failure is recorded and never stops the others."""

    def __init__(self, db: sqlite_utils.Database, settings: SmtpSettings, channels: Channels, now: datetime,
                 unsubscribe_url: str | None, policy: RetryPolicy, report: SendReport) -> None:
        self.db, self.settings, self.channels, self.now = db, settings, channels, now
        self.unsubscribe_url, self.policy, self.report = unsubscribe_url, policy, report
        self.cache = ItemCache()
        self.unsubscribe_mailto: str | None = None  # a mailbox someone reads, offered beside the link
        self.outage: Failure | None = None  # why the mail server is unusable for the rest of this pass

    def deliver(self, delivery: Mapping[str, Any], subscription: Mapping[str, Any] | None,
                version_ids: Sequence[int]) -> None:
        """Try one delivery and record its outcome."""
        db, channel = self.db, delivery["channel"]
        if subscription is None or not subscription["active"]:
            cancel_deliveries(db, delivery["subscription_id"])
            return
        if channel == "email" and self.outage is not None:
            self.report.deferred += 1
            if self._too_old(delivery):  # not even tried: the server has been unusable all this time
                self._give_up(delivery, subscription, None, self.outage)
            return
        try:
            items = self.cache.items(db, version_ids)
        except Exception as exc:  # noqa: BLE001 — one unbuildable delivery must not stop the rest
            self._failed(delivery, subscription, self._attempt(delivery), classify_build_error(exc))
            return
        if not items:
            db.execute("UPDATE deliveries SET status = 'empty' WHERE id = ?", [delivery["id"]])
            return
        attempt_id = self._attempt(delivery)
        try:
            send = self._prepare(delivery, subscription, items)
        except Exception as exc:  # noqa: BLE001
            self._failed(delivery, subscription, attempt_id, classify_build_error(exc))
            return
        try:
            send()
        except Exception as exc:  # noqa: BLE001 — refused, unreachable, unencodable: recorded, the pass goes on
            failure = classify_send_error(exc)
            self._failed(delivery, subscription, attempt_id, failure)
            if channel == "email" and failure.server_wide:
                self.outage = failure
            return
        sent_at = utcnow()
        with db.atomic():
            db.execute("UPDATE delivery_attempts SET ok = 1, error = NULL, outcome = 'sent' WHERE id = ?",
                       [attempt_id])
            db.execute("""UPDATE deliveries SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL,
                          next_attempt_at = NULL WHERE id = ?""", [sent_at, delivery["id"]])
            if channel == "email":
                db.execute("UPDATE outbox SET sent_at = ? WHERE delivery_id = ?", [sent_at, delivery["id"]])
        self.report.sent += 1

    def _prepare(self, delivery: Mapping[str, Any], subscription: Mapping[str, Any],
                 items: Sequence[Mapping[str, Any]]) -> Callable[[], None]:
        """Build the message (or payload) now; return what hands it to its channel."""
        channel, target, message_id = delivery["channel"], delivery["target"], delivery["message_id"]
        if channel == "email":
            message = render_digest(subscription, items, sender=self.settings.sender, message_id=message_id,
                                    date=datetime.fromisoformat(delivery["created_at"]),
                                    unsubscribe_url=self.unsubscribe_url, unsubscribe_mailto=self.unsubscribe_mailto)
            return lambda: self.channels.send(self.settings, message)
        if channel == "webhook":
            payload = webhook_payload(subscription, items, message_id, delivery["created_at"])
            headers = {"Idempotency-Key": message_id, "X-Regwatch-Delivery": message_id}
            return lambda: self.channels.post(target, payload, headers)
        title, body = subject_for(items), chat_text(items)
        return lambda: self.channels.notify(target, title, body)

    def _attempt(self, delivery: Mapping[str, Any]) -> int:
        """Log an attempt before it is made, so one cut short by a crash still shows."""
        attempt_id = self.db.execute(
            "INSERT INTO delivery_attempts (delivery_id, attempted_at, ok, error) VALUES (?, ?, 0, ?)",
            [delivery["id"], utcnow(), INTERRUPTED]).lastrowid
        assert attempt_id is not None  # set by every INSERT
        return attempt_id

    def _too_old(self, delivery: Mapping[str, Any]) -> bool:
        return self.now - datetime.fromisoformat(delivery["window_start"]) >= self.policy.max_retry_age

    def _failed(self, delivery: Mapping[str, Any], subscription: Mapping[str, Any], attempt_id: int,
                failure: Failure) -> None:
        """Record a failed attempt; end the delivery as ``failed`` when the policy says it will never go out."""
        self.report.failed += 1
        refusals = delivery["refusals"] + (failure.outcome == "permanent")
        if failure.outcome == "build" or (failure.outcome == "permanent"
                                          and refusals >= self.policy.permanent_failure_attempts):
            self._give_up(delivery, subscription, attempt_id, failure)
            return
        if self._too_old(delivery):
            self._give_up(delivery, subscription, attempt_id, failure)
            return
        retry_at = _iso(self.now + backoff(delivery["attempts"] + 1))
        with self.db.atomic():
            self._log(attempt_id, failure)
            self.db.execute("""UPDATE deliveries SET attempts = attempts + 1, refusals = ?, last_error = ?,
                               next_attempt_at = ? WHERE id = ?""",
                            [refusals, failure.reason, retry_at, delivery["id"]])
        self.report.errors.append(f"{_delivery_name(delivery)}: {_impersonal(failure.reason, delivery, subscription)}"
                                  f" (next try after {retry_at})")

    def _give_up(self, delivery: Mapping[str, Any], subscription: Mapping[str, Any], attempt_id: int | None,
                 failure: Failure) -> None:
        """Mark the delivery ``failed`` with the reason; its items stay unsent until a manual retry."""
        if failure.outcome in ("permanent", "build"):
            reason = failure.reason
        else:
            days = self.policy.max_retry_age / timedelta(days=1)
            reason = f"gave up after {days:g} day(s) of retrying: {failure.reason}"
        with self.db.atomic():
            if attempt_id is not None:
                self._log(attempt_id, failure)
            self.db.execute(
                f"""UPDATE deliveries SET status = 'failed', failed_at = ?, last_error = ?, next_attempt_at = NULL,
                    attempts = attempts + {int(attempt_id is not None)},
                    refusals = refusals + {int(failure.outcome == 'permanent')} WHERE id = ?""",
                [_iso(self.now), reason, delivery["id"]])
        self.report.dead_letters.append(
            f"{_delivery_name(delivery)} failed: {_impersonal(reason, delivery, subscription)}")

    def _log(self, attempt_id: int, failure: Failure) -> None:
        self.db.execute("UPDATE delivery_attempts SET error = ?, reply_code = ?, outcome = ? WHERE id = ?",
                        [failure.reason, failure.reply_code, failure.outcome, attempt_id])


def _delivery_name(delivery: Mapping[str, Any]) -> str:
    """How run reports name a delivery: by id and channel, never by its recipient (reports are public)."""
    return f"delivery {delivery['id']} ({delivery['channel']})"


_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)


def _impersonal(reason: str, delivery: Mapping[str, Any], subscription: Mapping[str, Any]) -> str:
    """REASON without the recipient: servers echo addresses and URLs (tokens included) back in errors.

    The full reason stays in the private ``deliveries`` and ``delivery_attempts`` rows.
    """
    for secret in (delivery.get("target"), subscription.get("email"), subscription.get("webhook_url"),
                   subscription.get("token"), subscription.get("name")):
        if secret and len(str(secret)) >= 3:
            reason = reason.replace(str(secret), "<recipient>")
    return _URL.sub("<url>", _ADDRESS.sub("<address>", reason))
