"""Opening the archive for reading only: never created, migrated or written, whatever the file turns out to be.

Readers (`search`, `show`, `ui`, `sources`, `deliveries`) open the file with
SQLite's ``mode=ro``, so they work on a read-only file or mount and leave any
file they are given as it was. A file that is not a current regwatch archive
(another SQLite database, text, random bytes, a truncated copy, an empty
file, a directory) is refused with one line that names it and the problem.
Only writers (``archive.db.open_archive``) create and migrate archives.
"""
from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

import sqlite_utils

from archive.db import MIGRATIONS

_ROOM = 1 << 20  # less free space than this on the archive's disk, and an I/O error is a full disk
_TABLES = {"schema_migrations", "sources", "documents", "versions", "classifications"}


class ArchiveUnreadable(Exception):
    """The file given as the archive cannot be read as one; the message names the file and the problem."""


def _file_problem(path: Path) -> str | None:
    """What is wrong with PATH as a file to read, judged without opening it; None when nothing is.

    Opening and closing the file here would drop the locks SQLite connections
    of this same process hold on it (POSIX locks belong to the process), so
    only ``stat`` looks at it before SQLite does.
    """
    if not path.exists():
        return "no such file"
    if path.is_dir():
        return "is a directory, not an archive file"
    if not os.access(path, os.R_OK):
        return "cannot be read (permission denied)"
    if path.stat().st_size == 0:
        return "is empty, not a regwatch archive"
    return None


def _truncation(path: Path) -> str | None:
    """Whether the file is shorter than the pages its header counts; asked only of a file SQLite calls malformed."""
    with open(path, "rb") as file:
        header = file.read(100)
    size = path.stat().st_size
    if len(header) < 100:
        return f"is truncated ({size} bytes, shorter than an SQLite header)"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # the page count in the header is valid when its change counter matches (every SQLite since 3.7.0 keeps it so)
    if header[24:28] == header[92:96] and size < pages * page_size:
        return f"is truncated ({size} of {pages * page_size} bytes): restore it from a backup"
    return None


def _problem(exc: sqlite3.DatabaseError, path: Path) -> str:
    """One line naming PATH and what SQLite found wrong with it."""
    text = describe(exc)
    if "malformed" in str(exc):
        text = _truncation(path) or text
    return f"{path}: {text}"


def read_only_uri(path: Path) -> str:
    """The SQLite URI a reader opens PATH with: ``mode=ro``, or ``immutable=1`` in a read-only place.

    An archive in WAL mode needs a shared-memory file beside it even to read;
    where none exists and none can be made (a read-only directory or mount)
    nobody can be writing, so the file is read as immutable.
    """
    uri = path.resolve().as_uri()
    probe = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=30, isolation_level=None)
    try:
        probe.execute("PRAGMA page_count").fetchone()
        return f"{uri}?mode=ro"
    except sqlite3.OperationalError as exc:
        if os.access(path.parent, os.W_OK) or Path(f"{path}-wal").exists() or not (
                "readonly" in str(exc) or "unable to open" in str(exc)):
            raise
        return f"{uri}?immutable=1"
    finally:
        probe.close()


def describe(exc: sqlite3.DatabaseError) -> str:
    """What an SQLite error says about the archive file, in words for its owner."""
    text = str(exc)
    if "not a database" in text:
        return "is not a regwatch archive (not an SQLite database)"
    if "malformed" in text or "corrupt" in text:
        return f"is damaged ({text}): restore it from a backup"
    return f"cannot be read ({text})"


def open_reader(path: str | Path) -> sqlite_utils.Database:
    """Open the archive at PATH read-only; raise ``ArchiveUnreadable`` if it is not a current regwatch archive."""
    path = Path(path)
    problem = _file_problem(path)
    if problem is not None:
        raise ArchiveUnreadable(f"{path}: {problem}")
    side_files = [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]
    absent = [side for side in side_files if not side.exists()]
    try:
        return _checked(path)
    except ArchiveUnreadable:
        # a refused file is left as it was found: without the empty side files opening it made
        for side in absent:
            if side.exists() and (side.name.endswith("-shm") or side.stat().st_size == 0):
                side.unlink(missing_ok=True)
        raise


def _checked(path: Path) -> sqlite_utils.Database:
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=30, isolation_level=None)
    except sqlite3.DatabaseError as exc:
        raise ArchiveUnreadable(_problem(exc, path)) from None
    db = sqlite_utils.Database(conn)
    try:
        db.execute("PRAGMA busy_timeout=30000")
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not _TABLES <= tables:
            raise ArchiveUnreadable(f"{path}: is not a regwatch archive (an SQLite database without its tables)")
        applied = {row[0] for row in db.execute("SELECT name FROM schema_migrations")}
        missing = [name for name, _ in MIGRATIONS if name not in applied]
        if missing:
            raise ArchiveUnreadable(f"{path}: was written by an older regwatch (it lacks {', '.join(missing)}); "
                                    "`regwatch run` upgrades it, readers never change it")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise ArchiveUnreadable(_problem(exc, path)) from None
    except ArchiveUnreadable:
        conn.close()
        raise
    return db


def is_disk_full(exc: BaseException, near: Path | None = None) -> bool:
    """Whether EXC says the disk ran out while writing (NEAR: a file on that disk, to ask it when SQLite cannot say).

    SQLite reports a full disk as "database or disk is full", except when the
    shared-memory file beside the archive cannot grow: that is an I/O error, a
    full disk only if the disk has no room left.
    """
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        if code == sqlite3.SQLITE_FULL or "disk is full" in str(exc):
            return True
        if near is None or code is None or code & 0xFF != sqlite3.SQLITE_IOERR:
            return False
        try:
            return shutil.disk_usage(near.parent).free < _ROOM
        except OSError:
            return False
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)
