"""Running ``regwatch`` as cron would, killing it from outside, and counting what reached the archive and the mail."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from archive.db import open_archive
from tests.faults.sites import TOKEN_PATTERN
from tests.helpers import REPO

SEED = int(os.environ.get("REGWATCH_FAULT_SEED", "20261128"))
REPORT_DIR = os.environ.get("REGWATCH_FAULT_REPORT")


def start_run(config: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """``regwatch run`` in its own process group (its crawler child joins it), as cron starts it."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    full_env.pop("REGWATCH_CONFIG", None)
    full_env.pop("REGWATCH_DB", None)
    return subprocess.Popen([sys.executable, "-m", "regwatch.cli", "run", "--config", str(config), *args],
                            env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL the run and every process of its group (the crawler child too)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def wait_for_group(pgid: int, timeout: float = 30) -> None:
    """Wait until no process of the group is left (a killed crawler child must not outlive its run)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.killpg(pgid, signal.SIGKILL)


def advance_retry_clock(db_path: Path) -> int:
    """Make every pending delivery due now, standing for the minutes between two cron runs.

    Runs here follow each other within seconds; a delivery that failed waits a
    growing interval before its next try (``deliveries.next_attempt_at``, where
    the schema has it), which cron's 15-minute cadence would cover. Nothing
    else is touched. Returns how many deliveries were made due.
    """
    db = open_archive(db_path)
    try:
        columns = {column.name for column in db["deliveries"].columns}
        if "next_attempt_at" not in columns:
            return 0
        return db.execute("UPDATE deliveries SET next_attempt_at = NULL "
                          "WHERE status = 'pending' AND next_attempt_at IS NOT NULL").rowcount
    finally:
        db.close()


def marks(text: str) -> list[str]:
    return [f"RW-{a}-{b}" for a, b in re.findall(TOKEN_PATTERN, text or "")]


def archived_marks(db_path: Path) -> Counter:
    """How many archived versions carry each mark (each should be 1)."""
    db = open_archive(db_path)
    try:
        counts: Counter = Counter()
        for (title,) in db.execute("SELECT title FROM versions"):
            counts.update(marks(title))
        return counts
    finally:
        db.close()


def mail_figures(received: list[dict[str, Any]], recipient: str, expected: set[str]) -> dict[str, Any]:
    """What a receiver saw: alerts lost, items under two Message-IDs, copies of one Message-ID and whether they agree."""
    mine = [r for r in received if recipient in r["rcpt"]]
    copies = Counter(r["message_id"] for r in mine)
    ids_by_mark: dict[str, set[str]] = defaultdict(set)
    marks_by_id: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for r in mine:
        marks_by_id[r["message_id"]].add(tuple(r["marks"]))
        for mark in r["marks"]:
            ids_by_mark[mark].add(r["message_id"])
    return {
        "messages_received": len(mine),
        "distinct_message_ids": len(copies),
        "message_ids_received_more_than_once": sum(1 for n in copies.values() if n > 1),
        "message_ids_whose_copies_differ": sum(1 for v in marks_by_id.values() if len(v) > 1),
        "alerts_expected": len(expected),
        "alerts_lost": sorted(expected - set(ids_by_mark)),
        "items_in_two_message_ids": sorted(m for m, ids in ids_by_mark.items() if len(ids) > 1),
        "unexpected_items": sorted(set(ids_by_mark) - expected),
    }


def static_site(folder: Path, routes: dict[str, tuple[str, str | bytes]]) -> Path:
    """A site for ``FixtureServer`` in FOLDER: each route answers its (content type, body)."""
    folder.mkdir(parents=True, exist_ok=True)
    spec: dict[str, Any] = {"hosts": [], "routes": []}
    for index, (route, (content_type, body)) in enumerate(routes.items()):
        (folder / f"file{index}").write_bytes(body.encode("utf-8") if isinstance(body, str) else body)
        spec["routes"].append({"path": route, "file": f"file{index}", "type": content_type})
    (folder / "fixture.json").write_text(json.dumps(spec), "utf-8")
    return folder


def write_report(name: str, figures: dict[str, Any]) -> None:
    """Keep a test's figures for RELIABILITY.md when ``REGWATCH_FAULT_REPORT`` names a folder; always print them."""
    text = json.dumps(figures, indent=2, ensure_ascii=False, default=str)
    print(f"\n{name}: {text}")
    if REPORT_DIR:
        Path(REPORT_DIR).mkdir(parents=True, exist_ok=True)
        (Path(REPORT_DIR) / f"{name}.json").write_text(text + "\n", encoding="utf-8")


class Measured:
    """A finished command: exit code, output, and what it cost (its own and its reaped children's)."""

    def __init__(self, returncode: int, stdout: str, stderr: str, wall: float, cpu: float, max_rss_kb: int) -> None:
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr
        self.wall, self.cpu, self.max_rss_kb = wall, cpu, max_rss_kb

    def figures(self) -> dict[str, Any]:
        return {"exit": self.returncode, "wall_s": round(self.wall, 3), "cpu_s": round(self.cpu, 3),
                "max_rss_mb": round(self.max_rss_kb / 1024, 1)}


# Forks the command from a small process and reports its CPU time and peak memory: a process forked straight from
# pytest would count pytest's own resident size as its peak (Linux keeps the high-water mark across exec).
_LAUNCHER = """
import json, os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as report:
    json.dump([usage.ru_utime + usage.ru_stime, usage.ru_maxrss], report)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def measured(argv: list[str], *, prefix: tuple[str, ...] = (), timeout: float = 900,
             env: dict[str, str] | None = None) -> Measured:
    """Run ``regwatch ARGV`` (after the command PREFIX) and measure its CPU time and peak memory with ``wait4``.

    The figures cover the process and every child it waited for (the crawler child of a run)."""
    import tempfile

    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    full_env.pop("REGWATCH_CONFIG", None)
    full_env.pop("REGWATCH_DB", None)
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "usage.json"
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", _LAUNCHER, str(report), *prefix, sys.executable, "-m",
                               "regwatch.cli", *argv], capture_output=True, stdin=subprocess.DEVNULL, env=full_env,
                              timeout=timeout)
        wall = time.perf_counter() - start
        cpu, max_rss_kb = json.loads(report.read_text())
    return Measured(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"),
                    wall, cpu, max_rss_kb)
