"""The crawl process's one archive connection.

A crawler child runs many spiders at once in one thread (Twisted's reactor).
Opening the archive per spider (and per lookup) costs a WAL switch and a
migration check each time and holds a file descriptor set per spider; instead
the process opens it once, here, and every spider and pipeline shares that
connection. Each write is one synchronous call on the reactor's thread, so two
spiders never interleave inside one transaction.
"""
from __future__ import annotations

import os

import sqlite_utils

from archive.db import open_archive

_open: dict[str, sqlite_utils.Database] = {}


def process_archive(path: str) -> sqlite_utils.Database:
    """This process's connection to the archive at PATH, opened (and migrated) on first use."""
    key = os.path.realpath(path)
    db = _open.get(key)
    if db is None:
        db = _open[key] = open_archive(path)
    return db


def close_process_archives() -> None:
    """Close every connection this process opened (at the end of a crawl)."""
    while _open:
        _, db = _open.popitem()
        db.close()
