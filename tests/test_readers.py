"""Readers read: `search`, `show`, `ui`, `sources` and `deliveries` open the archive read-only and change no file.

A read-only archive (file mode, or a read-only directory standing in for a
read-only mount) is read; a file that is not a regwatch archive gets one line
naming it and the problem, exit 2, and stays byte for byte as it was. A disk
that fills during a run gives one line and exit 1.
"""
from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import stat
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from archive.db import open_archive
from regwatch.cli import main
from regwatch.mailsink import free_port
from tests.helpers import REPO, build_sample_archive, document_id, require, ui_server, unprivileged, write_config

FEED_SOURCE = {"id": "gb-ecju", "family": "feed", "jurisdiction": "GB", "agency": "ECJU", "language": "en",
               "params": {"url": "http://127.0.0.1:9/feed.xml"}}


def _sample(path: Path) -> Path:
    build_sample_archive(path).close()  # the last connection to close folds the write-ahead log into the file
    return path


def _text(path: Path) -> None:
    path.write_text("db = 'archive.db'\nthis is a configuration file, not an archive\n", encoding="utf-8")


def _random(path: Path) -> None:
    path.write_bytes(random.Random(7).randbytes(64 * 1024))


def _truncated(path: Path) -> None:
    whole = _sample(path.with_name("whole.db")).read_bytes()
    path.write_bytes(whole[: len(whole) // 2])


def _corrupt(path: Path) -> None:
    """A real archive whose pages past the schema are overwritten with noise (the header is intact)."""
    data = bytearray(_sample(path.with_name("whole.db")).read_bytes())
    noise = random.Random(11).randbytes(len(data) - 8192)
    data[8192:] = noise
    path.write_bytes(bytes(data))


def _other_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, caption TEXT)")
    conn.execute("INSERT INTO photos (caption) VALUES ('harbour')")
    conn.commit()
    conn.close()


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _directory(path: Path) -> None:
    path.mkdir()
    (path / "inside.txt").write_text("kept", encoding="utf-8")


BAD_FILES: dict[str, tuple[Callable[[Path], None], str]] = {
    "text": (_text, "not a regwatch archive"),
    "random bytes": (_random, "not a regwatch archive"),
    "truncated": (_truncated, "truncated"),
    "corrupt": (_corrupt, "damaged"),
    "another database": (_other_database, "not a regwatch archive"),
    "empty": (_empty, "empty"),
    "directory": (_directory, "directory"),
}


def _fingerprint(path: Path) -> object:
    """Everything a reader could change: the bytes (or a directory's listing) and the files beside it."""
    beside = sorted(p.name for p in path.parent.iterdir())
    if path.is_dir():
        return beside, sorted((p.name, p.read_bytes()) for p in path.iterdir())
    return beside, hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def _reader_commands(db: Path, config: Path) -> dict[str, list[str]]:
    return {
        "search": ["search", "--db", str(db), "graphite"],
        "show": ["show", "--db", str(db), "1"],
        "ui": ["ui", "--db", str(db), "--port", str(free_port())],
        "sources": ["sources", "--config", str(config), "--db", str(db)],
        "deliveries": ["deliveries", "--db", str(db)],
    }


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return write_config(tmp_path / "regwatch.toml", [FEED_SOURCE], mail_port=9)


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_file_that_is_not_an_archive_gets_one_line_and_is_left_as_it_was(tmp_path, config, capsys, kind):
    make, problem = BAD_FILES[kind]
    folder = tmp_path / "given"
    folder.mkdir()
    bad = folder / "archive.db"
    make(bad)
    before = _fingerprint(bad)
    for command, argv in _reader_commands(bad, config).items():
        code = main(argv)
        out, err = capsys.readouterr()
        lines = err.strip().splitlines()
        assert code == 2, (command, out, err)
        assert len(lines) == 1 and str(bad) in lines[0] and problem in lines[0], (command, err)
        assert _fingerprint(bad) == before, f"`regwatch {command}` changed the {kind} file"


def _run(prefix: tuple[str, ...], *argv: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("REGWATCH_CONFIG", None)
    return subprocess.run([*prefix, sys.executable, "-m", "regwatch.cli", *argv], capture_output=True, text=True,
                          env=env, timeout=120)


@pytest.fixture(params=["file", "directory"])
def read_only(request, tmp_path: Path) -> Iterator[Path]:
    """The sample archive with its mode set read-only; with "directory", its directory too (as on a read-only mount)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    db = _sample(folder / "archive.db")
    db.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    if request.param == "directory":
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
    try:
        yield db
    finally:
        folder.chmod(stat.S_IRWXU)


def test_readers_work_on_a_read_only_archive(read_only: Path, config: Path, tmp_path: Path):
    prefix = unprivileged()
    before = hashlib.sha256(read_only.read_bytes()).hexdigest()
    notice = document_id(_open_copy(read_only, tmp_path), "2023-39")
    found = _run(prefix, "search", "--db", str(read_only), "graphite", "--json")
    assert found.returncode == 0 and '"title"' in found.stdout, found.stderr
    shown = _run(prefix, "show", "--db", str(read_only), str(notice))
    assert shown.returncode == 0 and "=== version 2" in shown.stdout, shown.stderr
    listed = _run(prefix, "sources", "--config", str(config), "--db", str(read_only))
    assert listed.returncode == 0 and "gb-ecju" in listed.stdout, listed.stderr
    deliveries = _run(prefix, "deliveries", "--db", str(read_only))
    assert deliveries.returncode == 0, deliveries.stderr
    with ui_server(read_only, tmp_path / "ui.log", prefix) as base:
        page = urllib.request.urlopen(f"{base}/?q=graphite", timeout=30).read().decode()
        assert "Announcement No. 39" in page
    assert hashlib.sha256(read_only.read_bytes()).hexdigest() == before


def _open_copy(db: Path, tmp_path: Path):
    copy = tmp_path / "copy.db"
    copy.write_bytes(db.read_bytes())
    return open_archive(copy)


def test_sources_before_the_first_run_lists_them_and_creates_nothing(tmp_path: Path, config: Path, capsys):
    missing = tmp_path / "not-yet.db"
    assert main(["sources", "--config", str(config), "--db", str(missing)]) == 0
    assert "never run" in capsys.readouterr().out and not missing.exists()


def _can_mount_tmpfs() -> bool:
    """Whether this machine lets a process mount a tmpfs in its own user and mount namespace."""
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
                           capture_output=True, timeout=30)
    return probe.returncode == 0


def test_a_full_disk_during_a_run_is_one_line_and_exit_1(tmp_path: Path, site):
    """The archive lies on a 256 KiB tmpfs that the crawl fills: one line, exit 1, and the archive stays sound."""
    from regwatch.sample_site import sample_sources

    require(_can_mount_tmpfs(), "unshare (util-linux) with user namespaces, to mount a small tmpfs")
    disk = tmp_path / "disk"
    disk.mkdir()
    config = write_config(tmp_path / "regwatch.toml", sample_sources(site.base_url), mail_port=9)
    config.write_text(config.read_text(encoding="utf-8").replace('db = "archive.db"', f'db = "{disk}/archive.db"'),
                      encoding="utf-8")
    open_archive(tmp_path / "seed.db").close()
    check = "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])"
    # the mount lives as long as the namespace: the run and the integrity check both happen inside it
    script = (f'mount -t tmpfs -o size=256k tmpfs "$1" && cp "$2" "$1/archive.db" || exit 99; '
              f'"$3" -m regwatch.cli run --config "$4"; code=$?; "$3" -c "{check}" "$1/archive.db" >&2; exit $code')
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script, "sh", str(disk), str(tmp_path / "seed.db"),
                           sys.executable, str(config)], capture_output=True, text=True, env=env, timeout=300)
    *lines, integrity = done.stderr.strip().splitlines()
    assert done.returncode == 1, done.stderr
    assert len(lines) == 1 and "disk is full" in lines[0] and str(disk) in lines[0], done.stderr
    assert integrity == "ok"


def test_an_archive_of_an_older_regwatch_is_not_migrated_by_a_reader(tmp_path: Path, capsys):
    db = build_sample_archive(tmp_path / "archive.db")
    db.execute("DELETE FROM schema_migrations WHERE name = '050_delivery_outcomes'")
    db.close()
    before = _fingerprint(tmp_path / "archive.db")
    assert main(["search", "--db", str(tmp_path / "archive.db"), "graphite"]) == 2
    err = capsys.readouterr().err
    assert "older regwatch" in err and "050_delivery_outcomes" in err and "regwatch run" in err
    assert _fingerprint(tmp_path / "archive.db") == before
