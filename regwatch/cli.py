"""The ``regwatch`` command line.

Exit codes: 0 success; 1 a source or a delivery failed (the rest completed);
2 usage, configuration or query errors; 3 another run holds the lock.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import wcwidth

from archive.filters import Filters
from archive.reader import ArchiveUnreadable, describe, is_disk_full
from archive.search import QueryError, search
from archive.taxonomy import display_name, display_names
from regwatch.config import Config, ConfigError, load_config
from regwatch.config import listen_address as config_listen_address
from regwatch.filter_options import add_filter_arguments, filters_from_args, given_filters
from regwatch.lock import RunLocked, cycle_lock
from regwatch.output import HIGHLIGHT_END, HIGHLIGHT_START, TerminalStream, write_search_csv

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3


class UsageError(ValueError):
    """Bad input from the user: reported as one line, exit code 2."""


def _err(message: str) -> None:
    print(f"regwatch: {message}", file=sys.stderr)


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _progress(verbose: bool) -> Callable[[str], None] | None:
    """Progress lines on stderr when it is a terminal or -v was given; silence under cron."""
    return _stderr if verbose or sys.stderr.isatty() else None


def _config(args: argparse.Namespace) -> Config:
    return load_config(args.config, args.db)


def _archive_path(args: argparse.Namespace) -> Any:
    """The archive a read-only command uses: --db, else $REGWATCH_DB without a config file, else the config's."""
    import os
    from pathlib import Path

    if args.db:
        return Path(args.db)
    if os.environ.get("REGWATCH_DB") and not (args.config or os.environ.get("REGWATCH_CONFIG")):
        return Path(os.environ["REGWATCH_DB"])
    return _config(args).db


def _existing_archive(args: argparse.Namespace) -> Path:
    path = _archive_path(args)
    if not path.exists():
        raise UsageError(f"no archive at {path}: run `regwatch run` (or `regwatch demo`) first, or pass --db PATH")
    return Path(path)


@contextmanager
def _reading(args: argparse.Namespace) -> Iterator[Any]:
    """The archive opened read-only (readers never create, migrate or write it), closed afterwards.

    Closed, because a read-only connection left open would hold the archive's
    shared memory read-only for a writer later in the same process.
    """
    from archive.reader import open_reader

    db = open_reader(_existing_archive(args))
    try:
        yield db
    finally:
        db.close()


def _write_archive(args: argparse.Namespace) -> Any:
    """The archive opened for writing (and brought to the current schema): an existing one only."""
    from archive.db import open_archive
    from archive.reader import open_reader

    path = _existing_archive(args)
    if path.is_dir() or path.stat().st_size == 0:
        open_reader(path)  # says what is wrong with it in one line
    return open_archive(path)


def _dump_json(value: Any, out: TextIO | None = None) -> None:
    out = out or sys.stdout  # looked up at call time, so redirected output is honoured
    json.dump(value, out, ensure_ascii=False, indent=2, default=str)
    out.write("\n")


def _table(rows: list[dict[str, Any]], columns: list[tuple[str, str, int]], out: TextIO | None = None,
           header: bool = True) -> None:
    """A plain fixed-width table: (key, heading, width) per column; long cells are cut."""
    out = out or sys.stdout
    def cell(value: Any, columns: int) -> str:
        """VALUE on one line, cut and padded to COLUMNS display columns (a Chinese character takes two)."""
        text = " ".join(str("" if value is None else value).split())
        if wcwidth.width(text) > columns:
            text = wcwidth.clip(text, 0, columns - 1) + "…"
        return wcwidth.ljust(text, columns)

    if header:
        print("  ".join(cell(h, w) for _, h, w in columns).rstrip(), file=out)
    for row in rows:
        print("  ".join(cell(row.get(k), w) for k, _, w in columns).rstrip(), file=out)


# -- commands -----------------------------------------------------------------


def cmd_run(args: argparse.Namespace) -> int:
    from regwatch.cycle import run_cycle
    from regwatch.progress import crawl_meter
    from regwatch.shards import parse_shard

    config = _config(args)
    for source_id in args.source or []:
        config.source(source_id)
    try:
        shard = parse_shard(args.shard) if args.shard else None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    summary = run_cycle(config, args.source or None, progress=_progress(args.verbose or args.debug),
                        crawl_log_level=_crawl_log_level(args), shard=shard,
                        crawl_progress=crawl_meter(sys.stderr))
    if args.json:
        _dump_json(summary.as_dict())
    for source_id in summary.failed_sources:
        row = next(s for s in summary.sources if s["source_id"] == source_id)
        _err(f"source {source_id} failed: {row['error']} (see `regwatch sources`)")
    for error in summary.email_errors:
        _err(f"delivery failed, will retry next run: {error}")
    for line in summary.delivery_failures:
        _err(f"{line}; not retried (see `regwatch deliveries --status failed`; `regwatch deliveries retry ID` "
             "queues it again)")
    return summary.exit_code


def _crawl_log_level(args: argparse.Namespace) -> str | None:
    """The crawler's log: none by default, one line per problem with -v, all of it with --debug."""
    return "DEBUG" if args.debug else "WARNING" if args.verbose else None


def cmd_serve(args: argparse.Namespace) -> int:
    from regwatch.serve import serve

    return serve(_config(args), progress=_progress(True))


def cmd_unsubscribe_server(args: argparse.Namespace) -> int:
    import dataclasses
    import signal
    import threading

    from regwatch.serve import listen_for_unsubscribes

    config = _config(args)
    if not config.unsubscribe_url:
        raise ConfigError(f"{config.path}: set [alerts] unsubscribe_url (the https URL in the emails) first")
    if args.listen:
        address = config_listen_address(args.listen)
        if address is None:
            raise UsageError(f"--listen {args.listen!r} is not host:port (for example 127.0.0.1:8026)")
        config = dataclasses.replace(config, unsubscribe_listen=address)
    say = _stderr
    server = listen_for_unsubscribes(config, say)
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    while not stopping.wait(1):
        pass
    server.shutdown()
    say("stopped")
    return 0


def cmd_sources(args: argparse.Namespace) -> int:
    from archive.reader import open_reader
    from archive.store import source_health

    config = _config(args)
    if args.latency:
        from regwatch.latency import print_latency
        return print_latency(config.sources, config.db, args.json)
    # before the first run there is no archive: every source is listed as never run, and nothing is created
    health = {}
    if Path(config.db).exists():
        archive = open_reader(config.db)
        try:
            health = {row["id"]: row for row in source_health(archive)}
        finally:
            archive.close()
    rows = []
    for source in config.sources:
        record = health.get(source.id, {})
        rows.append({
            "id": source.id, "family": source.family, "jurisdiction": source.jurisdiction,
            "agency": source.agency, "language": source.language, "schedule": source.schedule,
            "expected_cadence_days": source.expected_cadence_days, "enabled": source.enabled,
            "healthy": bool(record.get("healthy", 1)) if record.get("last_run_at") else None,
            "consecutive_failures": record.get("consecutive_failures", 0),
            "last_run_at": record.get("last_run_at"), "last_success_at": record.get("last_success_at"),
            "last_error": record.get("last_error"), "notices": record.get("notices", 0),
            "stale": bool(record.get("stale", 0)), "last_new_at": record.get("last_new_at"),
            "last_run": record.get("last_run"),
        })
    if args.json:
        _dump_json(rows)
        return EXIT_OK
    for row in rows:
        row["health"] = {None: "never run", True: "healthy", False: "UNHEALTHY"}[row["healthy"]]
        if row["stale"]:
            row["health"] = "STALE"
    for row in rows:
        last = row["last_run"]
        row["last_run_text"] = (f"{last['items_seen']} listed, {last['new']} new, {last['changed']} changed, "
                                f"{last['errors']} err, {last['duration_seconds'] or 0:.1f}s") if last else ""
    _table(rows, [("id", "SOURCE", 22), ("jurisdiction", "JUR", 4), ("agency", "AGENCY", 10),
                  ("family", "FAMILY", 16), ("health", "HEALTH", 10), ("notices", "NOTICES", 7),
                  ("consecutive_failures", "FAILED RUNS", 11),
                  ("last_run_text", "LAST RUN", 44),
                  ("last_success_at", "LAST SUCCESS", 25), ("last_error", "LAST ERROR", 40)])
    return EXIT_OK


def cmd_sources_check(args: argparse.Namespace) -> int:
    """Try each chosen source's live list and first notice with its real spider; archive nothing."""
    from crawler.runner import check_in_child

    config = _config(args)
    sources = [config.source(i) for i in args.ids] if args.ids else [s for s in config.sources if s.enabled]
    if not sources:
        raise UsageError(f"{config.path}: no enabled source to check")
    reports = check_in_child(sources, config.user_agent, timeout=args.timeout, log_level=_crawl_log_level(args))
    if args.json:
        _dump_json(reports)
    else:
        for report in reports:
            first = report["first_notice"]
            print(f"{report['source']}  {'ok' if report['healthy'] else 'UNHEALTHY'}  "
                  f"{report['items_found']} listed")
            for item in report["items"]:
                print(f"  {item['published'] or '(no date)':10}  {item['id']}  {item['title'] or '(no title)'}")
            if first is not None:
                text = f"{first['text_chars']} characters" if first["text_extracted"] else "NOT EXTRACTED"
                print(f"  first notice text: {text}")
            for problem in report["problems"]:
                print(f"  problem: {problem}")
    for report in reports:
        if not report["healthy"]:
            _err(f"source {report['source']} would fail: {'; '.join(report['problems'])}")
    return EXIT_OK if all(report["healthy"] for report in reports) else EXIT_FAILED


def _subscription_search(db: Any, args: argparse.Namespace) -> Filters:
    """The filters of `search --subscription ID`, narrowed by --since/--until when given."""
    from alerts.matching import subscription_filters

    others = [o for o in given_filters(args) if o not in ("--since", "--until")]
    if others or args.query:
        raise UsageError(f"--subscription lists what that subscription matches: it takes --since and --until, "
                         f"not {(others or ['query words'])[0]}")
    row = db.execute("SELECT filters FROM subscriptions WHERE id = ?", [args.subscription]).fetchone()
    if row is None:
        raise UsageError(f"no subscription with id {args.subscription!r} (see `regwatch subscribers list`)")
    filters = subscription_filters(row[0])
    dates = {name: getattr(args, name) for name in ("since", "until") if getattr(args, name)}
    return filters.replace(**dates)


def cmd_search(args: argparse.Namespace) -> int:
    from archive.search import count, readings

    if args.limit < 0:
        raise UsageError("--limit must be 0 (all) or more")
    query = " ".join(args.query)
    styled = not (args.json or args.csv) and sys.stdout.isatty()
    marks = (HIGHLIGHT_START, HIGHLIGHT_END) if styled else ("[", "]")
    limit = None if args.limit == 0 else args.limit
    with _reading(args) as db:
        try:
            filters = _subscription_search(db, args) if args.subscription else filters_from_args(args)
            results = search(db, query, filters, order=args.order, limit=limit, highlight=marks)
            total = count(db, query, filters) if limit is not None and len(results) == limit else len(results)
        except QueryError as exc:
            raise UsageError(str(exc)) from None
    if args.json:
        _dump_json(results)
    elif args.csv:
        sys.stdout.write("\ufeff")  # spreadsheets read the file as UTF-8 (Chinese titles) only with this mark
        write_search_csv(sys.stdout, results, lineterminator="\n")
    else:
        for word, kind, slug in readings(" ".join(filter(None, [query, filters.query()]))):
            print(f"{word}: also matched as {kind} {display_name(slug)}")
        _search_table(results, styled)
    if not (args.json or args.csv):
        if not results:
            print("no notices match", file=sys.stderr)
        elif total > len(results):
            print(f"{len(results)} of {total} notices; --limit N shows more (0 for all)", file=sys.stderr)
    return EXIT_OK


def _search_table(results: list[dict[str, Any]], styled: bool) -> None:
    """Search results as a table, each row followed by its snippet."""
    columns = [("id", "ID", 5), ("published", "PUBLISHED", 10), ("effective", "EFFECTIVE", 10),
               ("jurisdiction", "JUR", 3), ("agency", "AGENCY", 8), ("title", "TITLE", 50),
               ("labels", "MEASURE", 48)]
    print("  ".join(h.ljust(w) for _, h, w in columns).rstrip())
    for r in results:
        c = r["classification"] or {}
        measure = display_names(c.get("topics", [])) + (f" ({display_name(c['direction'])})" if c.get("direction") else "")
        if c and not c.get("relevant"):
            measure = "not a measure"
        commodities = display_names(c.get("commodities", []))
        row = {**r, "published": (r["published"] or "")[:10], "effective": c.get("effective_date") or "",
               "labels": measure + (f"; {commodities}" if commodities else "")}
        _table([row], columns, header=False)
        if r.get("gist"):
            print(f"        {r['gist']}")
        snippet = " ".join((r["snippet"] or "").split())
        if snippet:
            print(f"        {snippet}" + (HIGHLIGHT_END if styled else ""))


def cmd_show(args: argparse.Namespace) -> int:
    from regwatch.history import notice_history, print_notice

    with _reading(args) as db:
        record = notice_history(db, args.id)
    if record is None:
        raise UsageError(f"no notice with id {args.id} (find ids with `regwatch search`)")
    if args.json:
        _dump_json(record)
    else:
        print_notice(record, full_text=args.text)
    return EXIT_OK


def cmd_ui(args: argparse.Namespace) -> int:
    from regwatch.ui import UiError, serve_ui

    try:
        return serve_ui(_archive_path(args), host=args.host, port=args.port, progress=_progress(True),
                        debug=args.debug)
    except UiError as exc:
        raise UsageError(str(exc)) from None


def cmd_classify(args: argparse.Namespace) -> int:
    from nlp import load_classifier

    try:
        stream = open(args.file, encoding="utf-8") if args.file and args.file != "-" else sys.stdin
    except OSError as exc:
        raise UsageError(f"{args.file}: cannot be read: {exc.strerror}") from None
    records = []
    with stream:
        try:
            lines = list(stream)
        except UnicodeDecodeError:
            raise UsageError(f"{args.file or 'stdin'}: not UTF-8 text") from None
        except OSError as exc:
            raise UsageError(f"{args.file or 'stdin'}: cannot be read: {exc.strerror}") from None
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UsageError(f"{args.file or 'stdin'} line {number}: not JSON ({exc.msg})") from None
            if not isinstance(record, dict) or "id" not in record or not isinstance(record.get("text", ""), str):
                raise UsageError(f"{args.file or 'stdin'} line {number}: need an object with \"id\" and \"text\"")
            for key in ("title", "lang", "published"):
                if record.get(key) is not None and not isinstance(record[key], str):
                    raise UsageError(f"{args.file or 'stdin'} line {number}: \"{key}\" must be a string")
            try:
                json.dumps(record, ensure_ascii=False).encode("utf-8")
            except UnicodeEncodeError:
                raise UsageError(f"{args.file or 'stdin'} line {number}: holds a lone surrogate (\\ud800-\\udfff), "
                                 "which is not text") from None
            records.append({"title": "", "text": "", **record})
    classifier = load_classifier()
    for label in classifier.classify(records, gist=args.gist):
        label.pop("frames", None)  # the output keeps the taxonomy's keys, plus "gist" when asked for
        print(json.dumps(label, ensure_ascii=False))
    return EXIT_OK


def cmd_nlp_train(args: argparse.Namespace) -> int:
    from nlp.train import train
    from regwatch.corrections import export_for_training

    if args.db or args.config or _archive_path_or_none(args):
        with _reading(args) as db:
            count = export_for_training(db)
        print(f"{count} corrected notice(s) from the archive included")
    directory = train(args.output, seed=args.seed)
    print(f"trained pipelines written to {directory}")
    return EXIT_OK


def _archive_path_or_none(args: argparse.Namespace) -> Any:
    try:
        path = _archive_path(args)
    except (ConfigError, UsageError):
        return None
    return path if path.is_file() else None


def cmd_nlp_correct(args: argparse.Namespace) -> int:
    import getpass

    from archive.corrections import CorrectionError
    from regwatch.corrections import correct

    changes = {"direction": args.direction, "add_topics": args.add_topic, "remove_topics": args.remove_topic,
               "add_commodities": args.add_commodity, "remove_commodities": args.remove_commodity,
               "effective_date": args.effective_date,
               "relevant": None if args.relevant is None else args.relevant == "yes"}
    db = _write_archive(args)
    try:
        made = correct(db, args.id, args.by or getpass.getuser(), changes, args.note)
    except CorrectionError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        _dump_json(made)
    else:
        labels = made["labels"]
        print(f"correction {made['id']} of notice {args.id} by {made['who']} at {made['at']}: "
              f"{json.dumps(made['changes'], ensure_ascii=False)}")
        print(f"now: {'relevant' if labels['relevant'] else 'not a measure'}"
              + (f", {', '.join(labels['topics'])} ({labels['direction']})" if labels["relevant"] else ""))
    return EXIT_OK


def cmd_nlp_evaluate(args: argparse.Namespace) -> int:
    from nlp.evaluate import evaluate, format_report

    if args.corrections:
        from regwatch.corrections import evaluate_corrections

        with _reading(args) as db:
            metrics = evaluate_corrections(db)
        print(_json_or_report(args, metrics, format_report))
        return EXIT_OK
    if args.file is None:
        raise UsageError("give a labelled JSONL FILE, or --corrections to score the archive's corrections")
    try:
        metrics = evaluate(args.file)
    except FileNotFoundError:
        raise UsageError(f"{args.file}: no such file") from None
    except (ValueError, KeyError) as exc:
        raise UsageError(f"{args.file}: not labelled JSONL with \"id\" and \"gold\" ({exc})") from None
    if args.json:
        _dump_json(metrics)
    else:
        print(format_report(metrics))
    return EXIT_OK


def _json_or_report(args: argparse.Namespace, metrics: dict[str, Any], report: Callable[[dict[str, Any]], str]) -> str:
    return json.dumps(metrics, ensure_ascii=False, indent=2) if args.json else report(metrics)


def cmd_nlp_reclassify(args: argparse.Namespace) -> int:
    from archive.db import open_archive
    from regwatch.cycle import reclassify_archive

    config = _config(args)
    with cycle_lock(config.db):
        count = reclassify_archive(open_archive(config.db), _progress(False))
    print(f"reclassified {count} version(s)")
    return EXIT_OK
def cmd_subscribers(args: argparse.Namespace) -> int:
    from regwatch.subscribers import run

    code, result = run(_config(args), args)
    if isinstance(result, str):
        print(result, file=sys.stdout if code == EXIT_OK else sys.stderr)
    elif getattr(args, "json", False):
        _dump_json(result, sys.stdout)
    elif isinstance(result, dict):
        print(f"added {result['id']} ({result['mode']}) for {result['email']}; unsubscribe token {result['token']}")
    else:
        for row in result:
            row["state"] = "active" if row["active"] else "ended"
            row["filters_text"] = "; ".join(f"{k}={','.join(map(str, v)) if isinstance(v, list) else v}"
                                            for k, v in sorted(row["filters"].items()))
        _table(result, [("id", "ID", 18), ("email", "EMAIL", 26), ("mode", "MODE", 9), ("origin", "FROM", 6),
                        ("state", "STATE", 6), ("queued", "QUEUED", 6), ("failing", "FAILING", 7),
                        ("failed", "FAILED", 6),
                        ("filters_text", "FILTERS", 50)], sys.stdout)
    return code


def cmd_deliveries(args: argparse.Namespace) -> int:
    from alerts.delivery_admin import DeliveryAdminError, list_deliveries, retry_failed

    try:
        if args.action == "retry":
            if bool(args.ids) == args.all:
                raise UsageError("give the ids of failed deliveries to retry (see `regwatch deliveries --status "
                                 "failed`), or --all for every one")
            ids = retry_failed(_write_archive(args), None if args.all else args.ids)
            if args.json:
                _dump_json({"retried": ids})
            elif ids:
                print(f"queued again: {', '.join(map(str, ids))}; the next `regwatch run` sends them")
            else:
                print("no failed deliveries to retry")
            return EXIT_OK
        if args.ids or args.all:
            raise UsageError("delivery ids and --all go with `retry`, e.g. `regwatch deliveries retry 12`")
        with _reading(args) as db:
            rows = list_deliveries(db, args.status, max(args.limit, 0))
    except DeliveryAdminError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        _dump_json(rows)
        return EXIT_OK
    if not rows:
        print("nothing waiting: no pending or failed deliveries" if args.status == "open"
              else f"no deliveries with status {args.status}" if args.status != "all" else "no deliveries yet")
        return EXIT_OK
    _table(rows, [("id", "ID", 6), ("status", "STATUS", 9), ("recipient", "TO", 26), ("created_at", "CREATED", 25),
                  ("attempts", "TRIES", 5), ("last_reply_code", "REPLY", 5), ("reason", "REASON", 60),
                  ("subject", "NOTICES", 50)])
    return EXIT_OK


def cmd_unsubscribe(args: argparse.Namespace) -> int:
    from regwatch.subscribers import run_unsubscribe

    token = args.token_option or args.token
    if not token:
        raise UsageError("give the token from the email's unsubscribe link: regwatch unsubscribe TOKEN")
    code, message = run_unsubscribe(_config(args), token)
    print(message)
    return code


def cmd_demo(args: argparse.Namespace) -> int:
    from regwatch.demo import run_demo

    return run_demo(args.out, progress=lambda message: print(message, flush=True))


# -- parser -------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors on one line, like every other error of the command; a command's
    positional arguments may come before, between or after its options (`deliveries retry --db F 5`)."""

    _intermixing = False

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        if self._subparsers is None and not self._intermixing:
            self._intermixing = True
            try:
                return self.parse_known_intermixed_args(args, namespace)
            finally:
                self._intermixing = False
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> None:  # type: ignore[override]
        _err(f"{message} (see `{self.prog} --help`)")
        sys.exit(EXIT_USAGE)



def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("regwatch")
    except PackageNotFoundError:
        return "(not installed)"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="regwatch", description="Watch trade-regulation notices and alert on changes.")
    common = _Parser(add_help=False)
    common.add_argument("--config", help="configuration file (default $REGWATCH_CONFIG or ./regwatch.toml)")
    common.add_argument("--db", help="archive file (default $REGWATCH_DB or the config's `db`)")
    # The same two options are taken before the command too (`regwatch --db F search x`); given after it, they win.
    parser.add_argument("--config", dest="global_config", metavar="CONFIG", help="as the command's --config")
    parser.add_argument("--db", dest="global_db", metavar="DB", help="as the command's --db")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", help="one of these commands")

    run = sub.add_parser("run", parents=[common], help="run one cycle: crawl, classify, alert (for cron)")
    run.add_argument("--source", action="append", metavar="ID", help="only this source (repeatable)")
    run.add_argument("-v", "--verbose", action="store_true",
                     help="report progress, per-source results and the crawler's problems, one line each")
    run.add_argument("--debug", action="store_true", help="as -v, with the crawler's whole log and its tracebacks")
    run.add_argument("--shard", metavar="I/N", help="only the sources of shard I of N (split by a stable hash of "
                                                   "their ids; run one worker per shard)")
    run.add_argument("--json", action="store_true", help="print a JSON summary")
    run.set_defaults(func=cmd_run)

    serve = sub.add_parser("serve", parents=[common], help="run as a daemon, each source on its own schedule")
    serve.set_defaults(func=cmd_serve)

    sources = sub.add_parser("sources", parents=[common], help="list sources and their health; `check` tries them")
    sources.add_argument("--json", action="store_true", help="print JSON instead of a table")
    sources.add_argument("--latency", action="store_true",
                         help="worst-case time from publication to an immediate alert per source; exit 1 if one "
                              "passes 15 minutes in its publisher's working hours")
    sources.set_defaults(func=cmd_sources)
    sources_sub = sources.add_subparsers(dest="sources_action", metavar="ACTION",
                                         help="without one, list the sources")
    # Options given before `check` keep their values: the sub-command's own copies default to absent.
    inherited = _Parser(add_help=False)
    inherited.add_argument("--config", default=argparse.SUPPRESS, help="configuration file")
    inherited.add_argument("--db", default=argparse.SUPPRESS, help="accepted as everywhere; a check neither reads nor writes the archive")
    inherited.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print a JSON list")
    check = sources_sub.add_parser(
        "check", parents=[inherited],
        help="fetch each source's list and first notice with its spider (nothing archived); exit 1 if one fails")
    check.add_argument("ids", nargs="*", metavar="ID", help="only these sources (default: every enabled one)")
    check.add_argument("--timeout", type=float, default=600, help="give up after this many seconds (default 600)")
    check.add_argument("-v", "--verbose", action="store_true", help="show the crawler's problems, one line each")
    check.add_argument("--debug", action="store_true", help="show the crawler's whole log with its tracebacks")
    check.set_defaults(func=cmd_sources_check)

    find = sub.add_parser("search", parents=[common], help="search the archive")
    find.add_argument("query", nargs="*", help="full-text query (words, \"phrases\", OR, NOT, prefix*)")
    add_filter_arguments(find)  # the same options, spelt the same, as `subscribers add`
    find.add_argument("--subscription", metavar="ID",
                      help="list what this subscription matches (with --since/--until: within those dates)")
    find.add_argument("--order", choices=("relevance", "date"), default="relevance",
                      help="relevance (BM25; the default when words are given) or newest first")
    find.add_argument("--limit", type=int, default=20, help="at most N notices (default 20; 0 for all)")
    fmt = find.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print JSON instead of a table")
    fmt.add_argument("--csv", action="store_true", help="print CSV (UTF-8 with a BOM, for spreadsheets)")
    find.set_defaults(func=cmd_search)

    show = sub.add_parser("show", parents=[common], help="show a notice with its classification and every version")
    show.add_argument("id", type=int, help="the notice's id (the ID column of `regwatch search`)")
    show.add_argument("--text", action="store_true", help="print every version's full text, not only the changes")
    show.add_argument("--json", action="store_true", help="print JSON: the notice and every version")
    show.set_defaults(func=cmd_show)

    ui = sub.add_parser("ui", parents=[common], help="browse and search the archive in a web browser (read-only)")
    ui.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    ui.add_argument("--port", type=int, default=8001, help="port (default 8001)")
    ui.add_argument("--debug", action="store_true", help="print the traceback of each server error (one line otherwise)")
    ui.set_defaults(func=cmd_ui)

    classify = sub.add_parser("classify", help="classify JSONL notices from FILE or stdin")
    classify.add_argument("file", nargs="?", help="JSONL with {\"id\", \"title\", \"text\", \"lang\"?, \"published\"?}")
    classify.add_argument("--gist", action="store_true", help="add each notice's one-line English gist")
    classify.set_defaults(func=cmd_classify)

    nlp = sub.add_parser("nlp", help="train, evaluate and re-run the classifier")
    nlp_sub = nlp.add_subparsers(dest="nlp_command", required=True, metavar="ACTION", help="one of these actions")
    train = nlp_sub.add_parser("train", parents=[common],
                               help="train the pipelines from the bundled corpus and the archive's corrections")
    train.add_argument("--output", type=Path, help="where to write them (default: the model cache)")
    train.add_argument("--seed", type=int, default=0, help="random seed (default 0; the same seed, the same model)")
    train.set_defaults(func=cmd_nlp_train)
    evaluate = nlp_sub.add_parser("evaluate", parents=[common], help="precision, recall and F1 per key on labelled JSONL")
    evaluate.add_argument("file", type=Path, nargs="?",
                          help="labelled JSONL: one {\"id\", \"text\", \"gold\"} object a line")
    evaluate.add_argument("--json", action="store_true", help="print the metrics as JSON")
    evaluate.add_argument("--corrections", action="store_true", help="score the current model on the archive's corrections")
    evaluate.set_defaults(func=cmd_nlp_evaluate)
    correct = nlp_sub.add_parser("correct", parents=[common], help="correct a notice's labels (wins over the model)")
    correct.add_argument("id", type=int, help="the notice's id (as search and show give it)")
    correct.add_argument("--direction", help="tightening, easing or procedural")
    correct.add_argument("--add-topic", action="append", default=[], metavar="TOPIC",
                         help="a topic the notice has (repeat for several)")
    correct.add_argument("--remove-topic", action="append", default=[], metavar="TOPIC",
                         help="a topic the notice does not have (repeat for several)")
    correct.add_argument("--add-commodity", action="append", default=[], metavar="SLUG",
                         help="a commodity the notice concerns (repeat for several)")
    correct.add_argument("--remove-commodity", action="append", default=[], metavar="SLUG",
                         help="a commodity the notice does not concern (repeat for several)")
    correct.add_argument("--effective-date", metavar="YYYY-MM-DD", help="the date the measure takes effect")
    correct.add_argument("--relevant", choices=("yes", "no"), help="whether the notice announces a trade measure")
    correct.add_argument("--by", help="who corrects (default: the login name)")
    correct.add_argument("--note", help="why, kept with the correction")
    correct.add_argument("--json", action="store_true", help="print the correction as JSON")
    correct.set_defaults(func=cmd_nlp_correct)
    reclassify = nlp_sub.add_parser("reclassify", parents=[common],
                                    help="relabel archived versions after a model change")
    reclassify.set_defaults(func=cmd_nlp_reclassify)

    subscribers = sub.add_parser("subscribers", help="manage saved-search subscriptions")
    actions = subscribers.add_subparsers(dest="action", required=True, metavar="ACTION", help="one of these actions")
    from regwatch.subscribers import add_arguments

    add = actions.add_parser("add", parents=[common], help="add a subscription (kept in the archive)")
    add_arguments(add)
    add.add_argument("--json", action="store_true", help="print the new subscription as JSON")
    listing = actions.add_parser("list", parents=[common], help="list subscriptions with queued and failing counts")
    listing.add_argument("--all", action="store_true", help="include ended subscriptions")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    remove = actions.add_parser("remove", parents=[common], help="end a subscription added with `add`")
    remove.add_argument("id", help="the subscription's id (see `regwatch subscribers list`)")
    test = actions.add_parser("test", parents=[common], help="send the subscription a sample digest now")
    test.add_argument("id", help="the subscription's id (see `regwatch subscribers list`)")
    subscribers.set_defaults(func=cmd_subscribers)

    from alerts.delivery_admin import STATUSES

    deliveries = sub.add_parser("deliveries", parents=[common],
                                help="list undelivered (failed or pending) deliveries; `retry ID` queues a failed one")
    deliveries.add_argument("action", nargs="?", choices=("list", "retry"), default="list",
                            help="list (the default) or retry")
    deliveries.add_argument("ids", nargs="*", type=int, metavar="ID", help="failed deliveries to retry")
    deliveries.add_argument("--all", action="store_true", help="with retry: every failed delivery")
    deliveries.add_argument("--status", choices=STATUSES, default="open",
                            help="open (pending or failed; the default), pending, failed, sent, cancelled, empty, all")
    deliveries.add_argument("--limit", type=int, default=50, help="at most N, newest first (default 50; 0 for all)")
    deliveries.add_argument("--json", action="store_true", help="print JSON instead of a table")
    deliveries.set_defaults(func=cmd_deliveries)

    unsub = sub.add_parser("unsubscribe", parents=[common], help="end the subscription an email's token names")
    unsub.add_argument("token", nargs="?", help="the token in the email's unsubscribe link")
    unsub.add_argument("--token", dest="token_option", metavar="TOKEN",
                       help="the same, for a token that starts with '-' (write --token=TOKEN)")
    unsub.set_defaults(func=cmd_unsubscribe)

    links = sub.add_parser("unsubscribe-server", parents=[common],
                           help="answer the emails' one-click unsubscribe links (behind an https proxy)")
    links.add_argument("--listen", help="host:port (default: [alerts] unsubscribe_listen, else 127.0.0.1:8026)")
    links.set_defaults(func=cmd_unsubscribe_server)

    demo = sub.add_parser("demo", help="run two cycles offline against a local sample site and mail server")
    demo.add_argument("--out", default="demo-out", help="where the archive and the emails go (default demo-out)")
    demo.set_defaults(func=cmd_demo)
    _describe(parser)
    return parser


def _storage_error(args: argparse.Namespace, exc: sqlite3.Error | OSError) -> int:
    """One line for a full disk (exit 1) or a damaged archive (exit 2); anything else is a bug and raises."""
    try:
        path: Path | None = Path(_archive_path(args))
    except (ConfigError, AttributeError):
        path = None
    where = f"{path}: " if path else ""
    if is_disk_full(exc, path):
        _err(f"{where}the disk is full ({exc}); everything committed so far is kept: free space and run again")
        return EXIT_FAILED
    if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
        _err(f"{where}{describe(exc)}")
        return EXIT_USAGE
    raise exc


def _describe(parser: argparse.ArgumentParser) -> None:
    """Give each sub-command's help page a description: its one-line summary, as a sentence."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            summaries = {choice.dest: choice.help for choice in action._choices_actions}
            for name, sub in action.choices.items():
                summary = summaries.get(name)
                if sub.description is None and summary:
                    sub.description = summary[0].upper() + summary[1:] + "."
                _describe(sub)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    for name in ("config", "db"):
        if getattr(args, name, None) is None and getattr(args, f"global_{name}") is not None:
            if not hasattr(args, name):
                parser.error(f"`regwatch {args.command}` takes no --{name}")
            setattr(args, name, getattr(args, f"global_{name}"))
    # Everything printed comes from the archive or the sites in the end: no escape sequence of theirs reaches a terminal.
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalStream(sys.stdout), TerminalStream(sys.stderr)
    try:
        return args.func(args)
    except (ConfigError, UsageError, ArchiveUnreadable) as exc:
        _err(str(exc))
        return EXIT_USAGE
    except BrokenPipeError:
        # the reader went away (`regwatch search … | head`): stop quietly, as the tools around it do
        os.dup2(os.open(os.devnull, os.O_WRONLY), streams[0].fileno())
        return 128 + signal.SIGPIPE
    except (sqlite3.Error, OSError) as exc:
        return _storage_error(args, exc)
    except RunLocked as exc:
        # under cron a run that overlaps the previous one is routine: the exit code says it, no mail is sent
        if getattr(args, "verbose", False) or getattr(args, "debug", False) or sys.stderr.isatty():
            _err(str(exc))
        return EXIT_LOCKED
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    finally:
        sys.stdout, sys.stderr = streams


if __name__ == "__main__":
    sys.exit(main())
