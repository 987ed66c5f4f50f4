"""Loading and checking the one TOML configuration file.

Every problem is reported as one line naming the file, the entry and what is
wrong (``ConfigError``); the CLI turns it into exit code 2.
"""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger

from alerts.baseline import DEFAULT_BASELINE_DAYS
from crawler.dates import source_timezone
from crawler.families import FAMILIES, FAMILY_NAMES
from crawler.limits import DEFAULT_CRAWL_PROCESSES, DEFAULT_SOURCES_PER_PROCESS
from crawler.source import Source
from regwatch.schedules import source_trigger

MODES = ("immediate", "daily", "weekly")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
TLS_MODES = ("none", "starttls", "ssl")
BUNDLED_SOURCES = Path(__file__).with_name("sources.toml")

SOURCE_KEYS = {
    "id", "family", "name", "jurisdiction", "agency", "language", "schedule", "expected_cadence_days",
    "recheck_hours", "delay", "concurrency", "enabled", "params", "max_bytes", "timeout", "allowed_hosts",
    "baseline_days", "timezone", "recheck_per_run", "timeout_minutes", "working_hours", "working_minutes",
}
SUBSCRIBER_KEYS = {"id", "name", "email", "mode", "digest_time", "digest_day", "timezone", "filters", "webhook_url",
                   "apprise_urls"}
SMTP_KEYS = {"host", "port", "tls", "sender", "username", "password_env", "timeout"}
TOP_KEYS = {"db", "user_agent", "contact", "include_bundled_sources", "sources", "subscribers", "smtp", "operator",
            "alerts", "crawl"}
CRAWL_KEYS = {"processes", "sources_per_process"}
ALERTS_KEYS = {"unsubscribe_url", "unsubscribe_mailto", "unsubscribe_listen", "baseline_days", "permanent_failure_attempts",
               "max_retry_days"}
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


class ConfigError(ValueError):
    """A configuration problem, as one line that names the file and the entry."""


@dataclass(frozen=True)
class SmtpConfig:
    host: str = "localhost"
    port: int = 25
    tls: str = "none"
    sender: str = "regwatch <regwatch@localhost>"
    username: str | None = None
    password_env: str | None = None
    timeout: float = 30.0

    @property
    def password(self) -> str | None:
        """The password, read from the environment variable the config names (never from the file)."""
        return os.environ.get(self.password_env) if self.password_env else None


@dataclass(frozen=True)
class Config:
    path: Path | None
    db: Path
    user_agent: str | None
    sources: list[Source]
    subscribers: list[dict[str, Any]]
    smtp: SmtpConfig
    operator_email: str | None = None
    unsubscribe_url: str | None = None
    #: ``[alerts] unsubscribe_mailto``: a mailbox the operator reads; only then do emails offer unsubscribing by mail
    unsubscribe_mailto: str | None = None
    unsubscribe_listen: tuple[str, int] | None = None
    permanent_failure_attempts: int = 1  # 5xx refusals of one delivery before it is marked failed
    max_retry_days: float = 7.0          # transient failures are retried this long, then the delivery fails
    extra: dict[str, Any] = field(default_factory=dict)
    #: ``[alerts] baseline_days``: None when a new source's whole back catalogue alerts.
    baseline_days: int | None = DEFAULT_BASELINE_DAYS
    #: ``[crawl] processes``: crawler children side by side; ``sources_per_process``: sources each runs at once.
    crawl_processes: int = DEFAULT_CRAWL_PROCESSES
    crawl_sources_per_process: int = DEFAULT_SOURCES_PER_PROCESS

    def baseline_days_for(self, source_id: str) -> int | None:
        """The source's own ``baseline_days`` (None for ``false``), else the ``[alerts]`` one; a source no
        longer configured follows ``[alerts]``."""
        for source in self.sources:
            if source.id == source_id and source.baseline_days is not None:
                return _baseline_value(source.baseline_days)
        return self.baseline_days

    def source(self, source_id: str) -> Source:
        """The configured source SOURCE_ID; a ``ConfigError`` naming the configured ones when there is none."""
        for source in self.sources:
            if source.id == source_id:
                return source
        known = ", ".join(s.id for s in self.sources) or "none"
        raise ConfigError(f"{self.path}: no source with id {source_id!r} (configured: {known})")


def _fail(where: str, problem: str) -> ConfigError:
    return ConfigError(f"{where}: {problem}")


def _baseline_value(value: int | bool) -> int | None:
    return None if value is False else int(value)


def _check_baseline_days(where: str, value: Any) -> None:
    """Fail unless VALUE is a whole number of days, 0 or more, or false."""
    if value is False or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        return
    raise _fail(where, f"'baseline_days' must be a whole number of days (0 or more), or false to alert a new "
                       f"source's whole back catalogue, not {value!r}")


def _check_keys(where: str, entry: dict[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise _fail(where, f"unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")


def listen_address(value: str) -> tuple[str, int] | None:
    """``host:port`` (``[::1]:8026`` for IPv6) as an address, or None when it is not one."""
    match = re.fullmatch(r"\[?([^\[\]\s]*?)\]?:(\d{1,5})", value.strip())
    if not match or not match.group(1) or not int(match.group(2)) < 65536:
        return None
    return match.group(1), int(match.group(2))


def _check_type(where: str, key: str, value: Any, kind: type | tuple[type, ...], label: str) -> None:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise _fail(where, f"{key!r} must be {label}, not {type(value).__name__}")


def _string_list(where: str, key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(where, f"{key!r} must be a list of strings")
    return value


def check_cron(where: str, expression: str) -> None:
    """Fail unless EXPRESSION is a five-field crontab expression."""
    try:
        CronTrigger.from_crontab(expression, timezone="UTC")
    except (ValueError, TypeError) as exc:
        raise _fail(where, f"schedule {expression!r} is not a valid cron expression ({exc})") from None


def _check_selector(where: str, key: str, value: Any) -> None:
    """Fail unless VALUE is a CSS selector: ``body_selector`` and ``strip_selectors`` as the extractor reads
    them (elements only), the others as Scrapy does (``::text`` and ``::attr(name)`` included)."""
    from cssselect import HTMLTranslator as ElementTranslator
    from cssselect import SelectorError
    from parsel.csstranslator import HTMLTranslator

    _check_type(where, f"params.{key}", value, str, "a string")
    try:
        if key in ("body_selector", "strip_selectors"):
            ElementTranslator().css_to_xpath(value)
        else:
            HTMLTranslator().css_to_xpath(value)
    except SelectorError as exc:
        raise _fail(where, f"params.{key} {value!r} is not a CSS selector ({' '.join(str(exc).split())})") from None


def _check_entry(where: str, entry: Any, kind: str, allowed: set[str], required: tuple[str, ...]) -> str:
    """Check an entry's shape, keys and id; return WHERE extended with the id for later messages."""
    if not isinstance(entry, dict):
        raise _fail(where, f"a {kind} must be a table")
    _check_keys(where, entry, allowed)
    for key in required:
        if key not in entry:
            raise _fail(where, f"missing {key!r}")
    if not isinstance(entry["id"], str) or not _SLUG.match(entry["id"]):
        raise _fail(where, f"id {entry['id']!r} must be lower-case letters, digits, '-', '_' or '.'")
    return f"{where} (id {entry['id']!r})"


def _check_source(where: str, source: Any) -> Source:
    """Check a source entry and return the ``Source`` it describes."""
    where = _check_entry(where, source, "source", SOURCE_KEYS, ("id", "family"))
    if source["family"] not in FAMILY_NAMES:
        raise _fail(where, f"family {source['family']!r} is not one of {', '.join(FAMILY_NAMES)}")
    for key in ("name", "jurisdiction", "agency", "language", "schedule", "timezone", "working_hours",
                "working_minutes"):
        if key in source:
            _check_type(where, key, source[key], str, "a string")
    if "enabled" in source:
        _check_type(where, "enabled", source["enabled"], bool, "true or false")
    if "concurrency" in source:
        _check_type(where, "concurrency", source["concurrency"], int, "an integer")
        if source["concurrency"] < 1:
            raise _fail(where, "'concurrency' must be at least 1")
    for key in ("expected_cadence_days", "recheck_hours", "delay"):
        if key in source:
            _check_type(where, key, source[key], (int, float), "a number")
            if source[key] < 0:
                raise _fail(where, f"{key!r} must not be negative")
    if "recheck_per_run" in source:
        _check_type(where, "recheck_per_run", source["recheck_per_run"], int, "a whole number")
        if source["recheck_per_run"] < 0:
            raise _fail(where, "'recheck_per_run' must not be negative")
    for key, label in (("timeout", "a number of seconds"), ("max_bytes", "a number of bytes"),
                       ("timeout_minutes", "a number of minutes")):
        if key in source:
            _check_type(where, key, source[key], int if key == "max_bytes" else (int, float), label)
            if source[key] <= 0:
                raise _fail(where, f"{key!r} must be greater than 0")
    if "allowed_hosts" in source:
        hosts = _string_list(where, "allowed_hosts", source["allowed_hosts"])
        bad = [h for h in hosts if not re.fullmatch(r"[A-Za-z0-9.-]+", h)]
        if bad:
            raise _fail(where, f"allowed_hosts: {bad[0]!r} is not a host name (no scheme, port or path)")
    if "schedule" in source:
        check_cron(where, source["schedule"])
    try:
        source_trigger(source)
    except ValueError as exc:
        raise _fail(where, str(exc)) from None
    if "baseline_days" in source:
        _check_baseline_days(where, source["baseline_days"])
    params = source.get("params", {})
    _check_type(where, "params", params, dict, "a table")
    for key in FAMILIES[source["family"]].required_params:
        if key not in params:
            raise _fail(where, f"params needs {key!r} for family {source['family']!r}")
    for key, value in params.items():
        if key.endswith("url") and not (isinstance(value, str) and re.match(r"^https?://", value)):
            raise _fail(where, f"params.{key} must be an http(s) URL")
        if key.endswith("_selector"):
            _check_selector(where, key, value)
        if key == "strip_selectors":
            _check_type(where, f"params.{key}", value, list, "a list of CSS selectors")
            for selector in value:
                _check_selector(where, key, selector)
        if key.endswith("_pattern"):
            _check_type(where, f"params.{key}", value, str, "a string")
            try:
                re.compile(value)
            except re.error as exc:
                raise _fail(where, f"params.{key} {value!r} is not a regular expression ({exc})") from None
    typed = Source.from_entry(source)
    try:
        source_timezone(typed)
    except ValueError as exc:
        raise _fail(where, str(exc)) from None
    return typed


_SINGULAR = {"topics": "topic", "directions": "direction", "commodities": "commodity"}
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def weekday(value: Any) -> str | None:
    """VALUE as mon … sun: the short or the full English name, in any case; None when it is not a day."""
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    for short, full in zip(WEEKDAYS, _DAY_NAMES, strict=True):
        if text in (short, full):
            return short
    return None


def _check_subscriber(where: str, sub: Any, source_ids: set[str],
                      source_jurisdictions: set[str] | None = None) -> dict[str, Any]:
    where = _check_entry(where, sub, "subscriber", SUBSCRIBER_KEYS, ("id", "email"))
    if not isinstance(sub["email"], str) or not _EMAIL.match(sub["email"]):
        raise _fail(where, f"email {sub['email']!r} is not an email address")
    if "name" in sub:
        _check_type(where, "name", sub["name"], str, "a string")
    mode = sub.get("mode", "daily")
    if mode not in MODES:
        raise _fail(where, f"mode {mode!r} is not one of {', '.join(MODES)}")
    digest_time = sub.get("digest_time", "07:00")
    if not (isinstance(digest_time, str) and re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", digest_time)):
        raise _fail(where, f"digest_time {digest_time!r} must be HH:MM (24-hour)")
    digest_day = weekday(sub.get("digest_day", "mon"))
    if digest_day is None:
        raise _fail(where, f"digest_day {sub['digest_day']!r} is not a day of the week (mon … sun, or monday …)")
    tz = sub.get("timezone", "UTC")
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise _fail(where, f"timezone {tz!r} is not a known IANA time zone") from None
    filters = sub.get("filters", {})
    _check_type(where, "filters", filters, dict, "a table")
    from archive.filters import ALIASES, LIST_NAMES, Filters, QueryError, checked

    key = ""
    try:
        given = Filters.from_mapping(filters)
        if "relevant_only" in filters:
            _check_type(where, "filters.relevant_only", filters["relevant_only"], bool, "true or false")
        for key, value in filters.items():
            if ALIASES.get(key, key) in LIST_NAMES:
                _string_list(where, f"filters.{key}", value)
            elif key != "relevant_only":
                _check_type(where, f"filters.{key}", value, str, "a date (YYYY-MM-DD, YYYY-MM or YYYY)")
        for key, value in given.to_mapping().items():  # one filter at a time, so the error names it
            checked(Filters.from_mapping({key: value}), jurisdictions=source_jurisdictions, sources=source_ids)
        key = ""
        filters = checked(given).to_mapping()
    except QueryError as exc:
        raise _fail(where, f"filters{'.' + key if key else ''}: {exc}") from None
    if "webhook_url" in sub and not (isinstance(sub["webhook_url"], str)
                                     and re.match(r"^https?://[^\s]+$", sub["webhook_url"])):
        raise _fail(where, "webhook_url must be an http(s) URL")
    apprise_urls = _string_list(where, "apprise_urls", sub.get("apprise_urls", []))
    if any("://" not in url for url in apprise_urls):
        raise _fail(where, "apprise_urls must be Apprise URLs such as slack://… or json://host/path")
    return {"name": sub["id"], "mode": mode, "digest_time": digest_time,
            "timezone": tz, **sub, "digest_day": digest_day, "filters": filters}


def check_subscriber(sub: Any, source_ids: set[str], where: str = "subscriber",
                     source_jurisdictions: set[str] | None = None) -> dict[str, Any]:
    """Check one subscriber entry (from the file or the command line); return it with defaults filled in."""
    return _check_subscriber(where, sub, source_ids, source_jurisdictions)


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file (pass --config PATH or set REGWATCH_CONFIG)") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not valid TOML: the file is not UTF-8 text") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror}") from None


def parse_config(data: dict[str, Any], path: Path | None = None, db_override: str | None = None) -> Config:
    """Check a parsed configuration and return it with defaults filled in."""
    name = str(path) if path else "<config>"
    _check_keys(name, data, TOP_KEYS)
    for key in ("db", "user_agent"):
        if key in data:
            _check_type(name, key, data[key], str, "a string")
    if "include_bundled_sources" in data:
        _check_type(name, "include_bundled_sources", data["include_bundled_sources"], bool, "true or false")
    for key in ("sources", "subscribers"):
        if key in data:
            _check_type(name, key, data[key], list, f"an array of tables ([[{key}]])")
    raw_sources = list(data.get("sources", []))
    if data.get("include_bundled_sources", False):
        # an entry of the user's own with a bundled source's id replaces that source (to tune or re-point it)
        own_ids = {entry.get("id") for entry in raw_sources if isinstance(entry, dict)}
        bundled = [s for s in _load_toml(BUNDLED_SOURCES).get("sources", []) if s.get("id") not in own_ids]
        raw_sources = bundled + raw_sources
    sources, seen = [], set()
    for index, entry in enumerate(raw_sources):
        source = _check_source(f"{name}: sources[{index}]", entry)
        if source.id in seen:
            raise _fail(f"{name}: sources[{index}]", f"duplicate source id {source.id!r}")
        seen.add(source.id)
        sources.append(source)
    subscribers, sub_ids = [], set()
    for index, entry in enumerate(data.get("subscribers", [])):
        # Without sources (an archive filled elsewhere) only the codes' shape can be checked.
        jurisdictions = {s.jurisdiction for s in sources if s.jurisdiction} or None
        sub = _check_subscriber(f"{name}: subscribers[{index}]", entry, seen, jurisdictions)
        if sub["id"] in sub_ids:
            raise _fail(f"{name}: subscribers[{index}]", f"duplicate subscriber id {sub['id']!r}")
        sub_ids.add(sub["id"])
        subscribers.append(sub)
    smtp_data = data.get("smtp", {})
    _check_type(f"{name}: [smtp]", "smtp", smtp_data, dict, "a table")
    if "password" in smtp_data:
        raise _fail(f"{name}: [smtp]", "put the password in an environment variable and name it in password_env")
    _check_keys(f"{name}: [smtp]", smtp_data, SMTP_KEYS)
    if smtp_data.get("tls", "none") not in TLS_MODES:
        raise _fail(f"{name}: [smtp]", f"tls must be one of {', '.join(TLS_MODES)}")
    if "port" in smtp_data:
        _check_type(f"{name}: [smtp]", "port", smtp_data["port"], int, "an integer")
    for key in ("host", "sender", "username", "password_env"):
        if key in smtp_data:
            _check_type(f"{name}: [smtp]", key, smtp_data[key], str, "a string")
    if smtp_data.get("password_env") and not os.environ.get(smtp_data["password_env"]):
        raise _fail(f"{name}: [smtp]", f"password_env names ${smtp_data['password_env']}, which is not set (or empty) "
                                       "in this environment: export it before running regwatch")
    if "timeout" in smtp_data:
        _check_type(f"{name}: [smtp]", "timeout", smtp_data["timeout"], (int, float), "a number of seconds")
        if smtp_data["timeout"] <= 0:
            raise _fail(f"{name}: [smtp]", "'timeout' must be greater than 0")
    operator = data.get("operator", {})
    _check_type(name, "operator", operator, dict, "a table")
    _check_keys(f"{name}: [operator]", operator, {"email"})
    if "email" in operator and not _EMAIL.match(str(operator["email"])):
        raise _fail(f"{name}: [operator]", f"email {operator['email']!r} is not an email address")
    alerts = data.get("alerts", {})
    _check_type(name, "alerts", alerts, dict, "a table")
    _check_keys(f"{name}: [alerts]", alerts, ALERTS_KEYS)
    unsubscribe_url = alerts.get("unsubscribe_url")
    if unsubscribe_url is not None and not (isinstance(unsubscribe_url, str)
                                            and re.match(r"^https://[^\s<>\"]+$", unsubscribe_url)):
        raise _fail(f"{name}: [alerts]", "unsubscribe_url must be an https URL (RFC 8058 one-click unsubscribe)")
    unsubscribe_mailto = alerts.get("unsubscribe_mailto")
    if unsubscribe_mailto is not None and not (isinstance(unsubscribe_mailto, str)
                                               and _EMAIL.match(unsubscribe_mailto)):
        raise _fail(f"{name}: [alerts]", "unsubscribe_mailto must be an email address that someone reads "
                                         "(requests to unsubscribe are sent there)")
    unsubscribe_listen = None
    if "unsubscribe_listen" in alerts:
        _check_type(f"{name}: [alerts]", "unsubscribe_listen", alerts["unsubscribe_listen"], str, "host:port")
        if unsubscribe_url is None:
            raise _fail(f"{name}: [alerts]", "unsubscribe_listen needs unsubscribe_url, the https URL it answers")
        unsubscribe_listen = listen_address(alerts["unsubscribe_listen"])
        if unsubscribe_listen is None:
            raise _fail(f"{name}: [alerts]", f"unsubscribe_listen {alerts['unsubscribe_listen']!r} is not "
                                             "host:port (for example 127.0.0.1:8026)")
    baseline_days = alerts.get("baseline_days", DEFAULT_BASELINE_DAYS)
    _check_baseline_days(f"{name}: [alerts]", baseline_days)
    refusals = alerts.get("permanent_failure_attempts", 1)
    _check_type(f"{name}: [alerts]", "permanent_failure_attempts", refusals, int, "an integer")
    if not 1 <= refusals <= 10:
        raise _fail(f"{name}: [alerts]", "permanent_failure_attempts must be between 1 and 10")
    max_retry_days = alerts.get("max_retry_days", 7)
    _check_type(f"{name}: [alerts]", "max_retry_days", max_retry_days, (int, float), "a number of days")
    if not 0 < max_retry_days <= 365:
        raise _fail(f"{name}: [alerts]", "max_retry_days must be more than 0 and at most 365")
    crawl = data.get("crawl", {})
    _check_type(name, "crawl", crawl, dict, "a table")
    _check_keys(f"{name}: [crawl]", crawl, CRAWL_KEYS)
    for key in sorted(crawl):
        _check_type(f"{name}: [crawl]", key, crawl[key], int, "a whole number")
        if crawl[key] < 1:
            raise _fail(f"{name}: [crawl]", f"{key!r} must be at least 1")
    db = db_override or os.environ.get("REGWATCH_DB") or data.get("db") or "regwatch.db"
    db_path = Path(db)
    if path is not None and not db_path.is_absolute() and not (db_override or os.environ.get("REGWATCH_DB")):
        db_path = path.parent / db_path
    contact = data.get("contact")
    if contact is not None and not (isinstance(contact, str) and _EMAIL.match(contact)):
        raise _fail(name, f"contact {contact!r} must be an email address (it goes into the crawler's User-Agent)")
    user_agent = data.get("user_agent")
    if user_agent is None and contact:
        from crawler.settings import user_agent_for

        user_agent = user_agent_for(contact)
    return Config(
        path=path, db=db_path, user_agent=user_agent, sources=sources, subscribers=subscribers,
        smtp=SmtpConfig(**smtp_data), operator_email=operator.get("email"),
        unsubscribe_url=unsubscribe_url, unsubscribe_mailto=unsubscribe_mailto, unsubscribe_listen=unsubscribe_listen,
        baseline_days=_baseline_value(baseline_days),
        permanent_failure_attempts=refusals, max_retry_days=float(max_retry_days),
        crawl_processes=crawl.get("processes", DEFAULT_CRAWL_PROCESSES),
        crawl_sources_per_process=crawl.get("sources_per_process", DEFAULT_SOURCES_PER_PROCESS),
    )


def load_config(path: str | os.PathLike | None = None, db_override: str | None = None) -> Config:
    """Load the configuration from PATH, else $REGWATCH_CONFIG, else ./regwatch.toml."""
    resolved = Path(path or os.environ.get("REGWATCH_CONFIG") or "regwatch.toml")
    return parse_config(_load_toml(resolved), resolved, db_override)
