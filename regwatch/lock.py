"""The archive's run locks: one cycle at a time, whoever starts it (cron, the daemon, a person).

A whole run holds the archive's lock exclusively. Sharded runs (``regwatch run
--shard i/n``) share it with one another, so they exclude whole runs but not
each other, and each holds its own shard's lock exclusively: two workers never
crawl the same shard at once. The stages after the crawl (classify, match,
deliver) read and write the whole archive, so sharded runs take turns at them
(``stages_lock``).
"""
from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO

from regwatch.shards import Shard


class RunLocked(RuntimeError):
    """Another cycle holds the archive's lock."""


def _open_lock(path: Path) -> IO[str]:
    path.parent.mkdir(parents=True, exist_ok=True)
    return open(path, "a+")


def _take(handle: IO[str], mode: int, what: str, db_path: Path) -> None:
    try:
        fcntl.flock(handle, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        raise RunLocked(f"another regwatch run ({holder}) is using {what} of {db_path}; this one exits") from None


def _sign(handle: IO[str]) -> None:
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}")
    handle.flush()


@contextmanager
def cycle_lock(db_path: Path, shard: Shard | None = None) -> Iterator[None]:
    """Hold the archive's run lock (or, for SHARD, its shard's) for the duration, or raise ``RunLocked`` at once.

    The locks are OS file locks, released by the kernel when the holder dies,
    so a killed run never leaves a stale lock behind.
    """
    with ExitStack() as stack:
        main = stack.enter_context(_open_lock(Path(f"{db_path}.lock")))
        if shard is None:
            _take(main, fcntl.LOCK_EX, "the archive", db_path)
            _sign(main)
            stack.callback(main.truncate, 0)  # a finished run leaves no name behind
        else:
            _take(main, fcntl.LOCK_SH, "the archive", db_path)
            own = stack.enter_context(_open_lock(Path(f"{db_path}.shard-{shard.index}-of-{shard.count}.lock")))
            _take(own, fcntl.LOCK_EX, f"shard {shard}", db_path)
            _sign(own)
        yield


@contextmanager
def stages_lock(db_path: Path) -> Iterator[None]:
    """Wait for, then hold, the lock sharded runs take turns at for the stages after their crawl."""
    with _open_lock(Path(f"{db_path}.stages.lock")) as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
