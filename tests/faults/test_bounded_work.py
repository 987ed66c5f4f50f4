"""Bounded work: the rows of the bounded-work table, each at 1× and 4× its input, against real processes.

Every command here is a real ``regwatch`` process (``show``, ``search``, ``run``, ``ui``,
``unsubscribe-server``) on a real archive file, measured with ``wait4`` (CPU time and
peak memory of the process and its children) or, for servers, by the time their
answers take. Both sizes are measured in the same run, and only how the cost grows
from 1× to 4× is asserted, with correctness: never an absolute time. Figures land in
``faults-report/bounded_work_*.json`` for RELIABILITY.md.
"""
from __future__ import annotations

import csv
import email
import email.policy
import io
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from archive.db import open_archive
from archive.query import MAX_TERMS
from archive.store import record_fetch, upsert_source
from tests.faults.harness import Measured, measured, static_site, write_report
from tests.fixtures.crawl import write_config
from tests.fixtures.server import FixtureServer
from tests.helpers import (
    REPO,
    SOURCES,
    add_versions,
    get,
    many_paragraph_notice,
    one_paragraph_notice,
    require,
    ui_server,
)

# A linear cost at 4× its input costs at most 4× (less, with a process's fixed start-up); a quadratic one 16×.
LINEAR = 6.0
FLAT = 2.0  # a cost that should not grow with the input at all (refused early, or capped)
# A server's page has no start-up to dilute it: linear is 4× there, with milliseconds of scheduling noise.
LINEAR_PAGE = 8.0
WORDS_1X = 4_000  # a 27 KB paragraph; 4×: 16,000 words, 108 KB (the notice was 90 KB)
# The web page starts from the size: its milliseconds at 27 KB are too few to compare reliably.
PAGE_WORDS_1X = 16_000


def _ratio(small: float, large: float) -> float:
    return round(large / max(small, 1e-3), 2)


@pytest.fixture(scope="module")
def diff_archive(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    """An archive with long single-paragraph notices at 1× and 4× (108 and 432 KB), and a notice whose diffs
    spend their budget."""
    path = tmp_path_factory.mktemp("bounded-diff") / "archive.db"
    db = open_archive(path)
    for source in SOURCES:
        upsert_source(db, source)
    ids: dict[str, Any] = {}
    for factor in (1, 4):
        # three notices of each size, amended differently, so that each first view computes its own diff
        ids[f"{factor}x"] = [add_versions(db, f"paragraph-{factor}x-{copy}",
                                          [one_paragraph_notice(PAGE_WORDS_1X * factor, revision)
                                           for revision in (2 * copy + 1, 2 * copy + 2)])
                             for copy in range(3)]
    ids["heavy"] = add_versions(db, "annex", [many_paragraph_notice(4_000, revision) for revision in range(1, 6)])
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path, ids


def _timed_get(url: str) -> tuple[float, int, str]:
    start = time.perf_counter()
    status, body, _ = get(url)
    return time.perf_counter() - start, status, body


def test_the_web_archive_notice_page_is_bounded_cached_and_holds_up_no_other_page(diff_archive, tmp_path):
    """A real `regwatch ui`: the long notice's page at 1× and 4×, twice each; then, while a notice whose diffs
    spend their whole budget is computed, search pages requested every 50 ms are answered meanwhile."""
    path, ids = diff_archive
    with ui_server(path, tmp_path / "ui.log") as base:
        get(base + "/?q=gallium")  # templates loaded
        pages: dict[str, dict[str, Any]] = {}
        for factor in ("1x", "4x"):
            firsts, agains = [], []
            for copy, notice in enumerate(ids[factor]):
                first, status, body = _timed_get(f"{base}/notice/{notice}")
                assert status == 200 and f"amended0r{2 * copy + 2}" in body and "<ins" in body, status
                again, status, _ = _timed_get(f"{base}/notice/{notice}")
                assert status == 200
                firsts.append(first)
                agains.append(again)
            # the median of three notices of the size, each seen for the first time and then again
            pages[factor] = {"first_s": round(sorted(firsts)[1], 3), "second_s": round(sorted(agains)[1], 3)}

        heavy: dict[str, Any] = {}

        def fetch_heavy() -> None:
            heavy["time"], heavy["status"], _ = _timed_get(f"{base}/notice/{ids['heavy']}")

        worker = threading.Thread(target=fetch_heavy)
        worker.start()
        waits = []
        while worker.is_alive():
            due = time.perf_counter() + 0.05
            time.sleep(0.05)
            status, _, _ = get(base + "/?q=graphite")
            assert status == 200
            waits.append(time.perf_counter() - due)
        worker.join()
        cached, status, _ = _timed_get(f"{base}/notice/{ids['heavy']}")
    assert heavy["status"] == 200 and status == 200
    figures = {
        "long_paragraph_page": pages,
        "page_ratio_4x_to_1x": _ratio(pages["1x"]["first_s"], pages["4x"]["first_s"]),
        "costly_notice_page_first_s": round(heavy["time"], 3), "costly_notice_page_cached_s": round(cached, 3),
        "search_pages_answered_meanwhile": len(waits), "longest_search_page_s": round(max(waits), 3),
    }
    write_report("bounded_work_diff_web", figures)
    assert figures["page_ratio_4x_to_1x"] <= LINEAR_PAGE, figures
    # the other pages never wait for the costly one, and its second view takes its diffs from the cache
    assert len(waits) >= 3 and max(waits) < heavy["time"] / 3, figures
    assert cached < heavy["time"] / 3, figures


def _entity_feed(declarations: int) -> str:
    """An Atom feed declaring DECLARATIONS entities one per line, two entries using some of them."""
    lines = "\n".join(f'<!ENTITY p{i} "expanded entity text {i} &c{i % 10};">' for i in range(declarations))
    lines += "\n" + "\n".join(f'<!ENTITY c{i} "lol lol lol lol lol lol lol lol">' for i in range(10))
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE feed [\n{lines}\n]>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom"><title>Feed</title><id>urn:feed</id>'
            '<updated>2025-06-10T00:00:00Z</updated>'
            '<entry><title>Gallium &p1; rule</title><id>urn:1</id><link href="https://example.org/1"/>'
            '<updated>2025-06-10T00:00:00Z</updated><summary>Licence for gallium &p2;.</summary></entry>'
            '<entry><title>Germanium rule</title><id>urn:2</id><link href="https://example.org/2"/>'
            '<updated>2025-06-10T00:00:00Z</updated><summary>Licence for germanium.</summary></entry></feed>')


def _surrogate_answer(items: int) -> str:
    # written by hand: the point is the \ud800 escape in the JSON text itself
    entries = [f'{{"id": "{i}", "title": "Export rule \\ud800 number {i}", "date": "2025-06-10", '
               f'"body": "<p>Licence for gallium \\udfff compounds {i}.</p>"}}' for i in range(items)]
    return '{"items": [' + ", ".join(entries) + "]}"


def test_a_run_reads_entity_feeds_and_lone_surrogates_within_bounds(tmp_path):
    """`regwatch run` against a feed of 2,000 / 8,000 entity declarations (103 / 416 KB) and a JSON API of
    25 / 100 notices with lone surrogates: memory does not grow with the declarations, every notice archived."""
    figures: dict[str, Any] = {}
    runs = {}
    for factor in (1, 4):
        folder = tmp_path / f"{factor}x"
        feed = _entity_feed(2_000 * factor)
        site = static_site(folder / "site", {"/feed.atom": ("application/atom+xml", feed),
                                       "/api/items": ("application/json", _surrogate_answer(25 * factor))})
        with FixtureServer(site) as server:
            sources = [
                {"id": "xx-feed", "family": "feed", "name": "Feed", "jurisdiction": "GB", "agency": "X",
                 "language": "en", "delay": 0, "params": {"url": f"{server.base_url}/feed.atom", "fetch_detail": False}},
                {"id": "xx-api", "family": "json_api", "name": "API", "jurisdiction": "US", "agency": "X",
                 "language": "en", "delay": 0,
                 "params": {"url": f"{server.base_url}/api/items", "items_path": "items", "id_field": "id",
                            "title_field": "title", "date_field": "date", "body_field": "body"}},
            ]
            config = write_config(folder / "regwatch.toml", sources)
            run = measured(["run", "--config", str(config)])
        assert run.returncode == 0, run.stderr[-2000:]
        db = open_archive(folder / "archive.db")
        try:
            titles = [r["title"] for r in db.query("SELECT d.source_id, v.title FROM documents d "
                                                   "JOIN versions v ON v.document_id = d.id")]
            errors = db.execute("SELECT coalesce(sum(errors), 0) FROM source_runs").fetchone()[0]
        finally:
            db.close()
        surrogates = [t for t in titles if t.startswith("Export rule")]
        assert len(surrogates) == 25 * factor and all("\ufffd" in t for t in surrogates), titles[:3]
        assert "Gallium &p1; rule" in titles and not any("expanded entity text" in t for t in titles)
        assert errors == 0
        runs[factor] = run
        figures[f"{factor}x"] = {"feed_kb": round(len(feed.encode()) / 1000), "declarations": 2_000 * factor,
                                 "surrogate_notices": 25 * factor, **run.figures()}
    figures["memory_ratio_4x_to_1x"] = _ratio(runs[1].max_rss_kb, runs[4].max_rss_kb)
    figures["cpu_ratio_4x_to_1x"] = _ratio(runs[1].cpu, runs[4].cpu)
    write_report("bounded_work_feed_and_surrogates", figures)
    # before, the 416 KB feed alone took gigabytes; now the run's peak is the crawler's own, whatever the feed
    assert figures["memory_ratio_4x_to_1x"] <= 1.5, figures
    assert figures["cpu_ratio_4x_to_1x"] <= LINEAR, figures


HOSTILE = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\x07\x1b[1;1H\x9b31m\x1b]0;owned\x1b\\"


@pytest.fixture(scope="module")
def hostile_archives(tmp_path_factory) -> dict[int, Path]:
    """Archives of 100 and 400 notices whose links, titles and texts carry terminal escapes and formulas."""
    made = {}
    for factor in (1, 4):
        path = tmp_path_factory.mktemp(f"hostile-{factor}x") / "archive.db"
        db = open_archive(path)
        for source in SOURCES:
            upsert_source(db, source)
        starts = ["=", "+", "-", "@", "\t", "\r"]
        for i in range(100 * factor):
            record_fetch(db, source_id="us-fr-bis", native_id=f"n{i}", url=f"https://example.org/n/{i}{HOSTILE}",
                         title=f"{starts[i % len(starts)]}HYPERLINK(\"http://evil.example\") gallium {i}{HOSTILE}",
                         text=f"Gallium licences {i}.{HOSTILE}", published="2025-06-10")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        made[factor] = path
    return made


def _inert(output: str) -> bool:
    return not any(ch in output for ch in "\x1b\x07\x9b\x9c\x00")


def test_escapes_and_formulas_leave_the_archive_inert_at_any_size(hostile_archives):
    """`search`, `search --csv` and `show` on 100 and 400 hostile notices: no escape reaches the terminal, no
    cell is a formula, and the cost grows with the rows."""
    figures: dict[str, Any] = {}
    for factor, path in hostile_archives.items():
        listing = measured(["search", "--db", str(path), "gallium", "--limit", "1000"])
        exported = measured(["search", "--db", str(path), "gallium", "--csv", "--limit", "1000"])
        shown = measured(["show", "--db", str(path), "1"])
        for run in (listing, exported, shown):
            assert run.returncode == 0 and _inert(run.stdout) and _inert(run.stderr), run.stderr
        rows = list(csv.DictReader(io.StringIO(exported.stdout.lstrip("\ufeff"))))
        assert len(rows) == 100 * factor
        assert not any(str(cell).startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row.values())
        figures[f"{factor}x"] = {"notices": 100 * factor, "search": listing.figures(), "search_csv": exported.figures(),
                                 "show": shown.figures()}
    figures["csv_cpu_ratio_4x_to_1x"] = _ratio(figures["1x"]["search_csv"]["cpu_s"], figures["4x"]["search_csv"]["cpu_s"])
    write_report("bounded_work_terminal_and_csv", figures)
    assert figures["csv_cpu_ratio_4x_to_1x"] <= LINEAR, figures


def _idle(port: int, count: int) -> list[socket.socket]:
    idle = []
    for _ in range(count):
        try:
            idle.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        except OSError:
            break
    return idle


def _answer(port: int) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=20) as conn:
        conn.sendall(b"GET /unsubscribe/unknown HTTP/1.0\r\nHost: x\r\n\r\n")
        conn.settimeout(20)
        return conn.recv(64)


def _file_limit() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))


def test_idle_connections_to_the_unsubscribe_server_leave_requests_answered(config):
    """A real unsubscribe server under a 256-file limit with 65 and then 260 idle connections open."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen([sys.executable, "-m", "regwatch.cli", "unsubscribe-server", "--config", config,
                                "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env, preexec_fn=_file_limit)
    figures: dict[str, Any] = {"file_limit": 256}
    try:
        assert process.stderr is not None
        port = int(process.stderr.readline().split("127.0.0.1:")[1].split("/")[0])
        start = time.perf_counter()
        assert _answer(port).startswith(b"HTTP/1.0 404")
        figures["no_idle_answer_s"] = round(time.perf_counter() - start, 3)
        for factor, count in (("1x", 65), ("4x", 260)):
            idle = _idle(port, count)
            try:
                start = time.perf_counter()
                reply = _answer(port)
                figures[factor] = {"idle_connections": len(idle), "answer_s": round(time.perf_counter() - start, 3)}
                assert reply.startswith(b"HTTP/1.0 404"), reply
            finally:
                for connection in idle:
                    connection.close()
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)
    write_report("bounded_work_idle_connections", figures)
    assert process.returncode == 0


def _copy_with_rows(path: Path, notices: int) -> None:
    db = open_archive(path)
    for source in SOURCES:
        upsert_source(db, source)
    for i in range(notices):
        record_fetch(db, source_id="gb-ecju", native_id=f"r{i}", url=f"https://example.org/r/{i}",
                     title=f"Notice {i} on graphite", text=f"Graphite licence {i}.\n" * 20, published="2025-06-10")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def test_readers_on_read_only_and_bad_archives_answer_in_one_line_at_any_size(tmp_path):
    """`search` and `show` on a read-only archive of 500 and 2,000 notices; `search` on 1 MB and 4 MB of random
    bytes, text, and a truncated archive: results, or one line and exit 2, the file left as it was."""
    from tests.helpers import unprivileged

    prefix = unprivileged()
    figures: dict[str, Any] = {}
    for factor in (1, 4):
        folder = tmp_path / f"ro-{factor}x"
        folder.mkdir()
        _copy_with_rows(folder / "archive.db", 500 * factor)
        (folder / "archive.db").chmod(0o444)
        folder.chmod(0o555)
        try:
            before = (folder / "archive.db").read_bytes()
            found = measured(["search", "--db", str(folder / "archive.db"), "graphite", "--limit", "5"], prefix=prefix)
            shown = measured(["show", "--db", str(folder / "archive.db"), "1"], prefix=prefix)
            assert found.returncode == 0 and "Notice" in found.stdout, found.stderr
            assert shown.returncode == 0 and "=== version 1" in shown.stdout, shown.stderr
            assert (folder / "archive.db").read_bytes() == before
        finally:
            folder.chmod(0o755)
        bad = {}
        for kind, body in (("random", os.urandom(1 << 20) * factor), ("text", b"not an archive\n" * (70_000 * factor)),
                           ("truncated", (folder / "archive.db").read_bytes()[: (1 << 20) * factor // 8])):
            target = tmp_path / f"{kind}-{factor}x.db"
            target.write_bytes(body)
            run = measured(["search", "--db", str(target), "graphite"])
            lines = run.stderr.strip().splitlines()
            assert run.returncode == 2 and len(lines) == 1 and str(target) in lines[0], run.stderr
            assert target.read_bytes() == body
            bad[kind] = {"bytes": len(body), **run.figures(), "says": lines[0][len(str(target)):][:120]}
        figures[f"{factor}x"] = {"read_only_notices": 500 * factor, "search": found.figures(), "show": shown.figures(),
                                 "not_an_archive": bad}
    figures["read_only_search_cpu_ratio_4x_to_1x"] = _ratio(figures["1x"]["search"]["cpu_s"],
                                                            figures["4x"]["search"]["cpu_s"])
    figures["random_bytes_cpu_ratio_4x_to_1x"] = _ratio(figures["1x"]["not_an_archive"]["random"]["cpu_s"],
                                                        figures["4x"]["not_an_archive"]["random"]["cpu_s"])
    write_report("bounded_work_readers", figures)
    assert figures["read_only_search_cpu_ratio_4x_to_1x"] <= LINEAR, figures
    assert figures["random_bytes_cpu_ratio_4x_to_1x"] <= FLAT, figures


def test_numbers_and_queries_out_of_bounds_are_refused_in_one_line(diff_archive, tmp_path):
    """The web archive and the command line: a page number, a notice id and a query four times past its bound
    are refused as quickly as at the bound's first step; a query at a quarter and at the whole term limit runs."""
    path, _ = diff_archive
    figures: dict[str, Any] = {}
    with ui_server(path, tmp_path / "ui.log") as base:
        get(base + "/?q=gallium")
        web: dict[str, Any] = {}
        for name, small, large in (
            ("page", "/?page=" + "1" + "0" * 20, "/?page=" + "1" + "0" * 80),
            ("notice_id", "/notice/" + "9" * 20, "/notice/" + "9" * 80),
            ("until", "/?until=9999", "/?since=2020&until=9999-12-31"),
            ("or_terms", "/?q=" + quote(" OR ".join(f"t{i}" for i in range(1_000))),
             "/?q=" + quote(" OR ".join(f"t{i}" for i in range(4_000)))),
            ("cjk_terms", "/?q=" + quote(" ".join(f"镓{i}" for i in range(750))),
             "/?q=" + quote(" ".join(f"镓{i}" for i in range(3_000)))),
        ):
            answers = {factor: _timed_get(base + target) for factor, target in (("1x", small), ("4x", large))}
            for _, status, body in answers.values():
                assert status == 400 and "Traceback" not in body, (name, status)
            web[name] = {factor: round(took, 3) for factor, (took, _, _) in answers.items()}
        figures["web_400_s"] = web
    cli: dict[str, Any] = {}
    for name, argv in (("until", ["--until", "9999"]), ("or_terms_1000", [" OR ".join(f"t{i}" for i in range(1_000))]),
                       ("or_terms_4000", [" OR ".join(f"t{i}" for i in range(4_000))]),
                       ("cjk_terms_3000", [" ".join(f"镓{i}" for i in range(3_000))])):
        run = measured(["search", "--db", str(path), *argv])
        lines = run.stderr.strip().splitlines()
        assert run.returncode == 2 and len(lines) == 1, run.stderr
        cli[name] = {**run.figures(), "says": lines[0][-110:]}
    for terms in (MAX_TERMS // 4, MAX_TERMS):
        run = measured(["search", "--db", str(path), " OR ".join(f"{'镓锗'[i % 2]}{i} OR t{i}" for i in range(terms // 2))])
        assert run.returncode == 0, run.stderr
        cli[f"{terms}_terms_searched"] = run.figures()
    figures["cli"] = cli
    figures["refusal_cpu_ratio_4000_to_1000_terms"] = _ratio(cli["or_terms_1000"]["cpu_s"], cli["or_terms_4000"]["cpu_s"])
    figures["search_cpu_ratio_at_to_quarter_limit"] = _ratio(cli[f"{MAX_TERMS // 4}_terms_searched"]["cpu_s"],
                                                             cli[f"{MAX_TERMS}_terms_searched"]["cpu_s"])
    write_report("bounded_work_bounds", figures)
    assert figures["refusal_cpu_ratio_4000_to_1000_terms"] <= FLAT, figures
    assert figures["search_cpu_ratio_at_to_quarter_limit"] <= LINEAR, figures


def test_the_digest_of_a_long_amended_paragraph_is_sent_with_bounded_work(tmp_path):
    """Two `regwatch run`s against a JSON API whose one notice is then amended in five words: the amendment's
    email (its word diff) at 4,000 and 16,000 words (27 and 108 KB)."""
    from archive import clock
    from regwatch.mailsink import MailSink
    from tests.helpers import write_config as write_mail_config

    figures: dict[str, Any] = {}
    seconds: dict[int, Measured] = {}
    for factor in (1, 4):
        folder = tmp_path / f"{factor}x"
        words = WORDS_1X * factor

        def answer(revision: int, words: int = words) -> str:
            return json.dumps({"items": [{"id": "annex", "title": "Export control annex on gallium",
                                          "date": clock.today().isoformat(),
                                          "body": f"<p>{one_paragraph_notice(words, revision)}</p>"}]})

        site = static_site(folder / "site", {"/api/items": ("application/json", answer(1))})
        with FixtureServer(site) as server, MailSink(folder / "mail") as mail:
            source = {"id": "xx-api", "family": "json_api", "name": "API", "jurisdiction": "US", "agency": "X",
                      "language": "en", "delay": 0, "recheck_hours": 0,
                      "params": {"url": f"{server.base_url}/api/items", "items_path": "items", "id_field": "id",
                                 "title_field": "title", "date_field": "date", "body_field": "body"}}
            config = write_mail_config(folder / "regwatch.toml", [source], mail.port,
                                       [{"id": "all", "name": "All", "email": "all@example.org", "mode": "immediate",
                                         "filters": {"relevant_only": False}}])
            first = measured(["run", "--config", str(config)])
            assert first.returncode == 0, first.stderr[-2000:]
            before = len(mail.messages())
            (site / "file0").write_text(answer(2), "utf-8")
            second = measured(["run", "-v", "--config", str(config)])
            assert second.returncode == 0, second.stderr[-2000:]
            sent = mail.messages()[before:]
        assert len(sent) == 1, (before, sent, second.stdout[-1500:], second.stderr[-1500:])
        message = email.message_from_bytes(sent[0].read_bytes(), policy=email.policy.default)
        body = "".join(part.get_content() for part in message.walk() if part.get_content_maintype() == "text")
        assert "amended, version 2" in body and "What changed since version 1" in body, body[:2000]
        seconds[factor] = second
        figures[f"{factor}x"] = {"words": words, "kb": round(len(one_paragraph_notice(words, 2)) / 1000),
                                 "amendment_run": second.figures(), "email_kb": round(len(sent[0].read_bytes()) / 1000)}
    figures["cpu_ratio_4x_to_1x"] = _ratio(seconds[1].cpu, seconds[4].cpu)
    write_report("bounded_work_diff_digest", figures)
    assert figures["cpu_ratio_4x_to_1x"] <= LINEAR, figures


# Mounts a tmpfs of size $1 on $2 in a private mount namespace, puts the empty archive $3 on it, runs the
# command that follows, then prints the archive's integrity check on stderr; exits with the command's code.
_ON_SMALL_DISK = """
mount -t tmpfs -o size="$1" tmpfs "$2" && cp "$3" "$2/archive.db" || exit 99
disk="$2"; shift 3
"$@"; code=$?
"$1" -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' \\
    "$disk/archive.db" >&2
exit $code
"""


def _can_mount_tmpfs() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
                           capture_output=True, timeout=30)
    return probe.returncode == 0


def test_a_full_disk_is_one_line_and_exit_1_whatever_the_disk(tmp_path):
    """`regwatch run` on a 256 KiB and a 1 MiB tmpfs, against an API of 40 and 160 notices of 10 KB that
    overflow each: one line naming the archive, exit 1, the archive's integrity `ok`."""
    require(_can_mount_tmpfs(), "unshare (util-linux) with user namespaces, to mount a small tmpfs")
    seed = tmp_path / "seed.db"
    open_archive(seed).close()
    figures: dict[str, Any] = {}
    runs = {}
    for factor, size in ((1, "256k"), (4, "1024k")):
        folder = tmp_path / f"{factor}x"
        disk = folder / "disk"
        disk.mkdir(parents=True)
        items = [{"id": str(i), "title": f"Notice {i} on gallium", "date": "2025-06-10",
                  "body": "<p>" + " ".join(f"clause{i}-{j}" for j in range(1_000)) + "</p>"} for i in range(40 * factor)]
        site = static_site(folder / "site", {"/api/items": ("application/json", json.dumps({"items": items}))})
        with FixtureServer(site) as server:
            source = {"id": "xx-api", "family": "json_api", "name": "API", "jurisdiction": "US", "agency": "X",
                      "language": "en", "delay": 0,
                      "params": {"url": f"{server.base_url}/api/items", "items_path": "items", "id_field": "id",
                                 "title_field": "title", "date_field": "date", "body_field": "body"}}
            config = write_config(folder / "regwatch.toml", [source])
            config.write_text(config.read_text("utf-8").replace(str(folder / "archive.db"), str(disk / "archive.db")),
                              "utf-8")
            run = measured(["run", "--config", str(config)],
                           prefix=("unshare", "-rm", "sh", "-c", _ON_SMALL_DISK, "sh", size, str(disk), str(seed)))
        *lines, integrity = run.stderr.strip().splitlines()
        assert run.returncode == 1, run.stderr[-2000:]
        assert len(lines) == 1 and "disk is full" in lines[0] and str(disk) in lines[0], run.stderr[-2000:]
        assert integrity == "ok"
        runs[factor] = run
        figures[f"{factor}x"] = {"disk": size, "notices_offered": 40 * factor, **run.figures(),
                                 "says": lines[0].split(str(disk / "archive.db"), 1)[-1][:120]}
    figures["cpu_ratio_4x_to_1x"] = _ratio(runs[1].cpu, runs[4].cpu)
    write_report("bounded_work_disk_full", figures)
    assert figures["cpu_ratio_4x_to_1x"] <= LINEAR, figures
