"""The crawler pool: hundreds of sources in one cycle under the default open-file limit, a source's time
budget, the crawl's overall limit, and `regwatch run --shard i/n`."""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys

import pytest

from archive.db import open_archive
from archive.store import start_run
from crawler.runner import crawl_in_pool
from regwatch.config import ConfigError, parse_config
from regwatch.cycle import run_cycle
from regwatch.lock import RunLocked, cycle_lock
from regwatch.sample_site import sample_sources
from regwatch.shards import Shard, parse_shard, shard_number, shard_sources
from tests.faults.sites import FaultyServer, faulty_sources
from tests.helpers import REPO, write_config

FILE_LIMIT = 1024


def _limit_open_files() -> None:
    """In the run's process (and so in its crawler children): the default soft limit of open files."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (FILE_LIMIT, hard))


def test_300_sources_in_one_cycle_under_a_1024_file_limit(tmp_path, mail):
    with FaultyServer() as server:
        sources = faulty_sources(server.base_url, count=300)
        for source in sources:
            source["timeout"] = 60
        config = write_config(tmp_path / "regwatch.toml", sources, mail.port)
        run = subprocess.run([sys.executable, "-m", "regwatch.cli", "run", "--config", str(config), "--json"],
                             capture_output=True, text=True, timeout=900, preexec_fn=_limit_open_files,
                             env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "REGWATCH_NOW": os.environ["REGWATCH_NOW"]})
    summary = json.loads(run.stdout)
    failed = [(s["source_id"], s["error"]) for s in summary["sources"] if not s["ok"]]
    assert failed == [] and run.returncode == 0, (failed[:5], run.stderr[-2000:])
    assert len(summary["sources"]) == 300 and sum(s["new"] for s in summary["sources"]) == 600


def test_a_crawl_that_outlives_its_limit_is_ended_and_its_sources_recorded_failed(tmp_path):
    db_path = tmp_path / "archive.db"
    with FaultyServer() as server:
        sources = faulty_sources(server.base_url, count=3)
        server.faults = {sources[1]["id"]: "silent"}
        sources[1]["timeout"] = 600
        db = open_archive(db_path)
        run_id = start_run(db)
        code = crawl_in_pool(str(db_path), sources, run_id, timeout=30)
    rows = {row["source_id"]: row for row in db.query("SELECT * FROM source_runs WHERE run_id = ?", [run_id])}
    db.close()
    assert code != 0 and set(rows) == {s["id"] for s in sources}
    assert rows[sources[0]["id"]]["ok"] and rows[sources[2]["id"]]["ok"]
    assert not rows[sources[1]["id"]]["ok"] and "ran out of its time" in rows[sources[1]["id"]]["error"]


def test_a_pool_of_children_each_running_few_sources_at_once_crawls_every_source(tmp_path, mail):
    with FaultyServer() as server:
        # the fault suite's 2-second request timeout is for its faults; on a loaded machine it could fail a
        # healthy source here, where what is tested is the pool
        sources = [{**source, "timeout": 30} for source in faulty_sources(server.base_url, count=7)]
        config = parse_config({"db": str(tmp_path / "archive.db"), "sources": sources,
                               "crawl": {"processes": 2, "sources_per_process": 2}}, tmp_path / "regwatch.toml")
        done: list[tuple[int, int]] = []
        summary = run_cycle(config, crawl_progress=lambda *pair: done.append(pair))
    assert summary.failed_sources == [], [(row["source_id"], row["error"]) for row in summary.sources if not row["ok"]]
    assert len(summary.sources) == 7
    assert sorted(done) == [(n, 7) for n in range(1, 8)]


@pytest.mark.parametrize(("crawl", "problem"), [({"processes": 0}, "'processes' must be at least 1"),
                                                ({"sources_per_process": "9"}, "must be a whole number"),
                                                ({"children": 2}, "unknown key 'children'")])
def test_crawl_settings_are_checked(crawl, problem):
    with pytest.raises(ConfigError, match=problem):
        parse_config({"crawl": crawl})


def test_timeout_minutes_is_checked():
    source = {"id": "a", "family": "feed", "params": {"url": "https://example.com/feed"}}
    with pytest.raises(ConfigError, match="'timeout_minutes' must be greater than 0"):
        parse_config({"sources": [{**source, "timeout_minutes": 0}]})
    assert parse_config({"sources": [{**source, "timeout_minutes": 2.5}]}).sources[0].timeout_minutes == 2.5


# -- shards ------------------------------------------------------------------------


def test_shards_split_every_source_once_the_same_way_every_time():
    ids = [f"source-{n}" for n in range(500)]
    for count in range(1, 8):
        shards = [[i for i in ids if Shard(index, count).holds(i)] for index in range(1, count + 1)]
        assert sorted(sum(shards, [])) == sorted(ids)  # the union is every source, none twice
        if count > 1:
            assert all(len(shard) > 500 / count / 2 for shard in shards)  # and no shard is left empty
    # Stable across processes and Python versions (not Python's salted hash()): fixed values.
    assert [shard_number(f"source-{n}", 5) for n in range(12)] == [3, 4, 4, 2, 5, 5, 3, 1, 3, 3, 5, 3]
    child = subprocess.run([sys.executable, "-c", "from regwatch.shards import shard_number as s; "
                            "print([s(f'source-{n}', 5) for n in range(50)])"], capture_output=True, text=True,
                           env={"PYTHONPATH": str(REPO), "PYTHONHASHSEED": "12345"}, check=True)
    assert child.stdout.strip() == str([shard_number(f"source-{n}", 5) for n in range(50)])


@pytest.mark.parametrize("text", ["0/3", "4/3", "1", "a/b", "1/0", "-1/2"])
def test_a_shard_that_is_not_one_is_refused(text):
    with pytest.raises(ValueError, match="--shard"):
        parse_shard(text)


def test_each_shard_has_its_own_lock_and_excludes_a_whole_run(tmp_path):
    db_path = tmp_path / "archive.db"
    with cycle_lock(db_path, Shard(1, 2)):
        with cycle_lock(db_path, Shard(2, 2)):  # another shard runs beside it
            pass
        with pytest.raises(RunLocked, match="shard 1/2"):
            with cycle_lock(db_path, Shard(1, 2)):
                pass
        with pytest.raises(RunLocked):
            with cycle_lock(db_path):
                pass
    with cycle_lock(db_path):
        with pytest.raises(RunLocked):
            with cycle_lock(db_path, Shard(2, 2)):
                pass


def test_sharded_runs_crawl_every_source_once(tmp_path, site, mail):
    sources = [{**s, "id": f"{s['id']}-{n}"} for n in range(3) for s in sample_sources(site.base_url)]
    config = parse_config({"db": str(tmp_path / "archive.db"), "sources": sources,
                           "smtp": {"host": "127.0.0.1", "port": mail.port}}, tmp_path / "regwatch.toml")
    crawled = []
    for index in (1, 2, 3):
        summary = run_cycle(config, shard=Shard(index, 3))
        assert summary.failed_sources == []
        crawled.append({row["source_id"] for row in summary.sources})
        assert crawled[-1] == {s.id for s in shard_sources(list(config.sources), Shard(index, 3))}
    assert sorted(sum(map(sorted, crawled), [])) == sorted(s["id"] for s in sources)
