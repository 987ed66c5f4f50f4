"""The ``regwatch`` command line.

Exit codes: 0 success; 1 a source or a delivery failed (the rest completed);
2 usage, configuration or query errors; 3 another run holds the lock.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from archive.search import QueryError, SearchFilters, search
from regwatch.config import Config, ConfigError, load_config

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3


class UsageError(ValueError):
    """Bad input from the user: reported as one line, exit code 2."""


def _err(message: str) -> None:
    print(f"regwatch: {message}", file=sys.stderr)


def _progress(verbose: bool) -> Callable[[str], None] | None:
    """Progress lines on stderr when it is a terminal or -v was given; silence under cron."""
    if verbose or sys.stderr.isatty():
        return lambda message: print(message, file=sys.stderr, flush=True)
    return None


def _config(args: argparse.Namespace) -> Config:
    return load_config(args.config, args.db)


def _dump_json(value: Any, out: TextIO = sys.stdout) -> None:
    json.dump(value, out, ensure_ascii=False, indent=2, default=str)
    out.write("\n")


def _table(rows: list[dict[str, Any]], columns: list[tuple[str, str, int]], out: TextIO = sys.stdout) -> None:
    """A plain fixed-width table: (key, heading, width) per column; long cells are cut."""
    def cell(value: Any, width: int) -> str:
        text = " ".join(str("" if value is None else value).split())
        return (text if len(text) <= width else text[: width - 1] + "…").ljust(width)

    print("  ".join(cell(h, w) for _, h, w in columns).rstrip(), file=out)
    for row in rows:
        print("  ".join(cell(row.get(k), w) for k, _, w in columns).rstrip(), file=out)


# -- commands -----------------------------------------------------------------


def cmd_run(args: argparse.Namespace) -> int:
    from regwatch.cycle import RunLocked, run_cycle

    config = _config(args)
    for source_id in args.source or []:
        config.source(source_id)
    try:
        summary = run_cycle(config, args.source or None, progress=_progress(args.verbose),
                            crawl_log_level="WARNING" if args.verbose else None)
    except RunLocked as exc:
        _err(str(exc))
        return EXIT_LOCKED
    if args.json:
        _dump_json(summary.as_dict())
    for source_id in summary.failed_sources:
        row = next(s for s in summary.sources if s["source_id"] == source_id)
        _err(f"source {source_id} failed: {row['error']} (see `regwatch sources`)")
    for error in summary.email_errors:
        _err(f"delivery failed, will retry next run: {error}")
    return summary.exit_code


def cmd_serve(args: argparse.Namespace) -> int:
    from regwatch.serve import serve

    return serve(_config(args), progress=_progress(True))


def cmd_sources(args: argparse.Namespace) -> int:
    from archive.db import open_archive
    from archive.store import source_health

    config = _config(args)
    health = {row["id"]: row for row in source_health(open_archive(config.db))}
    rows = []
    for source in config.sources:
        record = health.get(source["id"], {})
        rows.append({
            "id": source["id"], "family": source["family"], "jurisdiction": source.get("jurisdiction"),
            "agency": source.get("agency"), "language": source.get("language"), "schedule": source["schedule"],
            "expected_cadence_days": source.get("expected_cadence_days"), "enabled": source["enabled"],
            "healthy": bool(record.get("healthy", 1)) if record.get("last_run_at") else None,
            "consecutive_failures": record.get("consecutive_failures", 0),
            "last_run_at": record.get("last_run_at"), "last_success_at": record.get("last_success_at"),
            "last_error": record.get("last_error"), "notices": record.get("notices", 0),
        })
    if args.json:
        _dump_json(rows)
        return EXIT_OK
    for row in rows:
        row["health"] = {None: "never run", True: "healthy", False: "UNHEALTHY"}[row["healthy"]]
    _table(rows, [("id", "SOURCE", 22), ("jurisdiction", "JUR", 4), ("agency", "AGENCY", 10),
                  ("family", "FAMILY", 16), ("health", "HEALTH", 10), ("notices", "NOTICES", 7),
                  ("last_success_at", "LAST SUCCESS", 25), ("last_error", "LAST ERROR", 40)])
    return EXIT_OK


def _search_filters(args: argparse.Namespace) -> SearchFilters:
    return SearchFilters(
        jurisdiction=args.jurisdiction, source=args.source, topic=args.topic, direction=args.direction,
        commodity=args.commodity, since=args.since, until=args.until, relevant_only=args.relevant_only,
    )


def cmd_search(args: argparse.Namespace) -> int:
    from archive.db import open_archive

    config = _config(args)
    try:
        results = search(open_archive(config.db), " ".join(args.query), _search_filters(args),
                         order=args.order, limit=args.limit)
    except QueryError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        _dump_json(results)
    elif args.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(["id", "jurisdiction", "agency", "published", "title", "url", "topics", "direction",
                         "commodities", "effective_date"])
        for r in results:
            c = r["classification"] or {}
            writer.writerow([r["id"], r["jurisdiction"], r["agency"], r["published"], r["title"], r["url"],
                             " ".join(c.get("topics", [])), c.get("direction") or "",
                             " ".join(c.get("commodities", [])), c.get("effective_date") or ""])
    else:
        for r in results:
            c = r["classification"] or {}
            r["labels"] = " ".join(c.get("topics", [])) + (f" ({c['direction']})" if c.get("direction") else "")
        _table(results, [("id", "ID", 5), ("published", "PUBLISHED", 10), ("jurisdiction", "JUR", 4),
                         ("title", "TITLE", 60), ("labels", "MEASURE", 30)])
        if not results:
            print("no notices match", file=sys.stderr)
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from alerts.diff import text_diff
    from archive.db import open_archive
    from archive.store import notice

    config = _config(args)
    record = notice(open_archive(config.db), args.id)
    if record is None:
        raise UsageError(f"no notice with id {args.id} (find ids with `regwatch search`)")
    if args.json:
        _dump_json(record)
        return EXIT_OK
    print(f"{record['title']}\n{record['url']}")
    print(f"{record['jurisdiction']} · {record['agency']} · published {record['published']} · "
          f"{record['version_count']} version(s)")
    previous = None
    for version in record["versions"]:
        labels = version["classification"]
        print(f"\n--- version {version['number']}, fetched {version['fetched_at']}")
        if labels:
            print("    " + json.dumps(labels, ensure_ascii=False))
        print(text_diff(previous["text"], version["text"]) if previous else version["text"])
        previous = version
    return EXIT_OK


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
    for label in classifier.classify(records):
        print(json.dumps(label, ensure_ascii=False))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from regwatch.demo import run_demo

    return run_demo(args.out, progress=lambda message: print(message, flush=True))


# -- parser -------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors on one line, like every other error of the command."""

    def error(self, message: str) -> None:  # type: ignore[override]
        _err(f"{message} (see `{self.prog} --help`)")
        sys.exit(EXIT_USAGE)



def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="regwatch", description="Watch trade-regulation notices and alert on changes.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", help="configuration file (default $REGWATCH_CONFIG or ./regwatch.toml)")
    common.add_argument("--db", help="archive file (default $REGWATCH_DB or the config's `db`)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", parents=[common], help="run one cycle: crawl, classify, alert (for cron)")
    run.add_argument("--source", action="append", metavar="ID", help="only this source (repeatable)")
    run.add_argument("-v", "--verbose", action="store_true", help="report progress and per-source results")
    run.add_argument("--json", action="store_true", help="print a JSON summary")
    run.set_defaults(func=cmd_run)

    serve = sub.add_parser("serve", parents=[common], help="run as a daemon, each source on its own schedule")
    serve.set_defaults(func=cmd_serve)

    sources = sub.add_parser("sources", parents=[common], help="list sources and their health")
    sources.add_argument("--json", action="store_true")
    sources.set_defaults(func=cmd_sources)

    find = sub.add_parser("search", parents=[common], help="search the archive")
    find.add_argument("query", nargs="*", help="full-text query (words, \"phrases\", OR, NOT, prefix*)")
    find.add_argument("--jurisdiction", action="append", metavar="CODE")
    find.add_argument("--source", action="append", metavar="ID")
    find.add_argument("--topic", action="append")
    find.add_argument("--direction", action="append")
    find.add_argument("--commodity", action="append")
    find.add_argument("--since", metavar="YYYY-MM-DD", help="published on or after")
    find.add_argument("--until", metavar="YYYY-MM-DD", help="published on or before")
    find.add_argument("--relevant-only", action="store_true")
    find.add_argument("--order", choices=("relevance", "date"), default="relevance")
    find.add_argument("--limit", type=int, default=20)
    fmt = find.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true")
    fmt.add_argument("--csv", action="store_true")
    find.set_defaults(func=cmd_search)

    show = sub.add_parser("show", parents=[common], help="show a notice with its classification and every version")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_show)

    classify = sub.add_parser("classify", help="classify JSONL notices from FILE or stdin")
    classify.add_argument("file", nargs="?", help="JSONL with {\"id\", \"title\", \"text\", \"lang\"?, \"published\"?}")
    classify.set_defaults(func=cmd_classify)

    demo = sub.add_parser("demo", help="run two cycles offline against a local sample site and mail server")
    demo.add_argument("--out", default="demo-out", help="where the archive and the emails go (default demo-out)")
    demo.set_defaults(func=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (ConfigError, UsageError) as exc:
        _err(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _err("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
