"""``regwatch subscribers …`` and ``regwatch unsubscribe``: the commands, wiring config, archive and alerts."""
from __future__ import annotations

import argparse
import secrets
import smtplib
import sys
from typing import Any

from alerts.channels import smtp_send
from alerts.matching import sync_subscriptions
from alerts.render import ItemCache, render_digest
from alerts.subscriptions import (
    SubscriptionError,
    add_subscription,
    get_subscription,
    list_subscriptions,
    remove_subscription,
    sample_items,
    unsubscribe,
)
from archive.db import open_archive
from regwatch.config import Config, ConfigError, check_subscriber
from regwatch.filter_options import add_filter_arguments, filters_from_args


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``subscribers add``."""
    parser.add_argument("id", help="a short id: lower-case letters, digits, '-', '_' or '.'")
    parser.add_argument("--email", required=True, help="where the alerts go")
    parser.add_argument("--name", help="the saved search's name, shown in every email")
    parser.add_argument("--mode", choices=("immediate", "daily", "weekly"), default="daily",
                        help="immediate (each run), daily or weekly digest (default daily)")
    parser.add_argument("--time", dest="digest_time", default="07:00", metavar="HH:MM",
                        help="digest time in the subscriber's time zone (daily, weekly)")
    parser.add_argument("--day", dest="digest_day", default="mon", metavar="DAY", help="weekly digest day: mon … sun, or the full name (monday …)")
    parser.add_argument("--timezone", default="UTC", metavar="TZ", help="IANA time zone, e.g. Europe/London")
    add_filter_arguments(parser)  # the same options, spelt the same, as `regwatch search`
    parser.add_argument("--all-notices", action="store_true",
                        help="every notice, measures or not: the default (kept for scripts that pass it)")
    parser.add_argument("--webhook-url", help="also POST each alert or digest as JSON to this URL")
    parser.add_argument("--apprise", dest="apprise_urls", action="append", metavar="URL",
                        help="also send to a chat service through an Apprise URL (repeatable)")


def _entry(args: argparse.Namespace) -> dict[str, Any]:
    if args.all_notices and args.relevant_only:
        raise ConfigError("--all-notices and --relevant-only contradict each other: give one")
    filters = filters_from_args(args).to_mapping()
    entry = {"id": args.id, "email": args.email, "mode": args.mode, "digest_time": args.digest_time,
             "digest_day": args.digest_day, "timezone": args.timezone, "filters": filters}
    for key in ("name", "webhook_url", "apprise_urls"):
        if getattr(args, key):
            entry[key] = getattr(args, key)
    return entry


def _public(sub: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "name", "email", "mode", "digest_time", "digest_day", "timezone", "filters", "origin", "active",
            "webhook_url", "apprise_urls", "token", "created_at", "unsubscribed_at", "last_digest_at", "queued",
            "sent", "failing", "failed", "last_sent_at")
    return {key: sub.get(key) for key in keys if key in sub}


def tell(notes: list[str]) -> None:
    """Print each migration note (told once: the archive records it)."""
    for note in notes:
        print(f"regwatch: {note}", file=sys.stderr)


def run(config: Config, args: argparse.Namespace) -> tuple[int, Any]:
    """Carry out one ``subscribers`` action; return (exit code, what to print)."""
    db = open_archive(config.db)
    tell(sync_subscriptions(db, config.subscribers))
    try:
        if args.action == "add":
            entry = check_subscriber(_entry(args), {s.id for s in config.sources}, "subscribers add",
                                     {s.jurisdiction for s in config.sources if s.jurisdiction} or None)
            return 0, _public(add_subscription(db, entry))
        if args.action == "list":
            return 0, [_public(s) for s in list_subscriptions(db, include_inactive=args.all)]
        if args.action == "remove":
            remove_subscription(db, args.id)
            return 0, f"subscription {args.id} removed (its history is kept)"
        if args.action == "test":
            return send_test(db, config, args.id)
    except SubscriptionError as exc:
        raise ConfigError(str(exc)) from None
    raise ConfigError(f"unknown action {args.action!r}")


def send_test(db: Any, config: Config, subscription_id: str) -> tuple[int, str]:
    """Send the subscription a sample digest now, outside the outbox (nothing is marked sent)."""
    sub = get_subscription(db, subscription_id)
    if sub is None:
        raise SubscriptionError(f"no subscription with id {subscription_id!r} (see `regwatch subscribers list`)")
    version_ids, matched = sample_items(db, sub)
    if not version_ids:
        raise SubscriptionError("the archive has no classified notice yet: run `regwatch run` first")
    items = ItemCache().items(db, version_ids)
    message = render_digest(sub, items, sender=config.smtp.sender, unsubscribe_url=config.unsubscribe_url,
                            unsubscribe_mailto=config.unsubscribe_mailto,
                            message_id=f"<test.{secrets.token_hex(8)}.{sub['id']}@regwatch>",
                            subject_prefix="[test] " if matched else "[test, sample notices] ")
    try:
        smtp_send(config.smtp, message)
    except (OSError, smtplib.SMTPException) as exc:
        return 1, (f"could not send to {sub['email']} through {config.smtp.host}:{config.smtp.port}: "
                   f"{type(exc).__name__}: {exc} (check [smtp] in the configuration)")
    what = f"{len(items)} matching notice(s)" if matched else f"no notice matches yet; {len(items)} sample notice(s)"
    return 0, f"sent a test digest to {sub['email']}: {what}"


def run_unsubscribe(config: Config, token: str) -> tuple[int, str]:
    """End the subscription with this token."""
    db = open_archive(config.db)
    tell(sync_subscriptions(db, config.subscribers))
    sub = unsubscribe(db, token)
    if sub is None:
        raise ConfigError("no subscription has that token (copy it from the email's footer)")
    return 0, f"unsubscribed {sub['email']} from {sub['name'] or sub['id']!r}"
