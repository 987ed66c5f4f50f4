"""The archive's run lock: one cycle at a time, whoever starts it (cron, the daemon, a person)."""
from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class RunLocked(RuntimeError):
    """Another cycle holds the archive's lock."""


@contextmanager
def cycle_lock(db_path: Path) -> Iterator[None]:
    """Hold the archive's run lock for the duration, or raise ``RunLocked`` at once.

    The lock is an OS file lock, released by the kernel when the holder dies,
    so a killed run never leaves a stale lock behind.
    """
    lock_path = Path(f"{db_path}.lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(lock_path, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise RunLocked(f"another regwatch run ({holder}) is using {db_path}; this one exits") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        yield
    finally:
        handle.close()
