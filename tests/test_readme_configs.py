"""Every configuration example in README.md is one that the tests load and run.

Each ```toml block of the README is parsed as the configuration file is (``parse_config``). Each source a block
writes is then crawled by its real spider from the fixture folder that serves it, its URLs pointed at that
folder's local server, and must archive what the fixture expects of it: how many notices, and one notice's title,
link, publication date and exact text, without the page furniture. A fixture folder serves the source whose id
it is named after, and every source its ``expect`` names under ``sources``; a block added to the README with a
source that no folder serves fails here until one does.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from archive.db import open_archive
from crawler.families import FEDERAL_REGISTER_API
from crawler.settings import source_urls
from crawler.source import Source
from regwatch.config import parse_config
from tests.fixtures.crawl import assert_archived, crawl_once
from tests.fixtures.server import FIXTURES, FixtureServer, load_fixture

README = FIXTURES.parents[1] / "README.md"
#: The variable the README's ``[smtp]`` example reads its password from (the configuration refuses an unset one).
PASSWORD_ENV = "REGWATCH_SMTP_PASSWORD"
#: Families that read a URL of their own when the entry names none: the parameter that names it, and the URL.
DEFAULT_URL_PARAMS = {
    "federal_register": ("api_url", FEDERAL_REGISTER_API),
    "federal_register_pi": ("api_url", FEDERAL_REGISTER_API),
}


def toml_blocks() -> list[str]:
    """The text of every ```toml block of the README, in order."""
    return re.findall(r"^```toml\n(.*?)^```", README.read_text("utf-8"), re.S | re.M)


def written_sources(blocks: list[str]) -> list[tuple[int, str]]:
    """(block index, source id) of every ``[[sources]]`` entry the blocks write (a block that is not TOML writes
    none here; its own test fails)."""
    written = []
    for index, block in enumerate(blocks):
        try:
            entries = tomllib.loads(block).get("sources", [])
        except tomllib.TOMLDecodeError:
            continue
        written += [(index, str(entry.get("id"))) for entry in entries]
    return written


BLOCKS = toml_blocks()
WRITTEN = written_sources(BLOCKS)


def served(source_id: str) -> tuple[Path, dict[str, Any]] | None:
    """The fixture folder that serves SOURCE_ID and what it expects of it, or None when no folder does."""
    for spec in sorted(FIXTURES.glob("*/fixture.json")):
        expect = load_fixture(spec.parent).get("expect", {})
        if source_id in expect.get("sources", {}):
            return spec.parent, expect["sources"][source_id]
    folder = FIXTURES / source_id
    if (folder / "fixture.json").is_file() and "notice" in load_fixture(folder).get("expect", {}):
        return folder, load_fixture(folder)["expect"]
    return None


def pointed_at(server: FixtureServer, entry: dict[str, Any]) -> dict[str, Any]:
    """ENTRY with every URL it reads on SERVER, and no delay between requests (politeness is tested elsewhere);
    a family that reads its own URL when the entry names none is given that URL, pointed at SERVER."""
    params = dict(entry["params"])
    if entry["family"] in DEFAULT_URL_PARAMS and not any(key.endswith("url") for key in params):
        key, url = DEFAULT_URL_PARAMS[entry["family"]]
        params[key] = url
    pointed = server.repoint({**entry, "params": params, "delay": 0})
    urls = source_urls(Source.from_entry(pointed))
    assert urls and all(url.startswith(server.base_url + "/") for url in urls), \
        f"{entry['id']} would read {urls}, not only the fixture server {server.base_url}"
    return pointed


@pytest.fixture(autouse=True)
def smtp_password(monkeypatch: pytest.MonkeyPatch) -> None:
    """The password variable set, as the README tells the reader to."""
    monkeypatch.setenv(PASSWORD_ENV, "set-as-the-readme-says")


def test_every_toml_block_of_the_readme_is_read_and_writes_sources():
    assert len(BLOCKS) == README.read_text("utf-8").count("```toml"), "a ```toml block is not read by toml_blocks()"
    assert len(BLOCKS) >= 3
    assert {source_id for _, source_id in WRITTEN} >= {"us-fr-bis", "gb-ecju", "cn-mofcom-aqygzj", "xx-ministry-news",
                                                       "xx-notices", "xx-api"}


@pytest.mark.parametrize("index", range(len(BLOCKS)), ids=[f"block{i + 1}" for i in range(len(BLOCKS))])
def test_every_readme_block_loads_with_what_it_writes(index):
    data = tomllib.loads(BLOCKS[index])
    config = parse_config(data)
    for entry in data.get("sources", []):
        # an entry with a bundled source's id replaces that source, whole
        assert config.source(entry["id"]).entry()["params"] == entry.get("params", {})
        assert config.source(entry["id"]).family == entry["family"]
    assert [sub["id"] for sub in config.subscribers] == [sub["id"] for sub in data.get("subscribers", [])]
    for key, value in data.get("smtp", {}).items():
        assert getattr(config.smtp, key) == value
    if "password_env" in data.get("smtp", {}):
        assert config.smtp.password == "set-as-the-readme-says"
    assert config.operator_email == data.get("operator", {}).get("email")


def test_the_readmes_crawl_example_sets_what_it_writes():
    blocks = [tomllib.loads(block) for block in BLOCKS if re.search(r"^\[crawl\]", block, re.M)]
    assert blocks, "the README shows no [crawl] example"
    for data in blocks:
        written = data["crawl"]
        config = parse_config(data)
        assert (config.crawl_processes, config.crawl_sources_per_process) == (
            written["processes"], written["sources_per_process"])
        # the values written are the defaults: other values under the same keys must be read too
        changed = parse_config({**data, "crawl": {key: value + 1 for key, value in written.items()}})
        assert (changed.crawl_processes, changed.crawl_sources_per_process) == (
            written["processes"] + 1, written["sources_per_process"] + 1)


@pytest.mark.parametrize(("index", "source_id"), WRITTEN, ids=[f"block{i + 1}-{s}" for i, s in WRITTEN])
def test_every_source_a_readme_block_writes_crawls_its_fixture(index, source_id, tmp_path):
    fixture = served(source_id)
    assert fixture is not None, (
        f"README block {index + 1} writes source {source_id!r}, which no fixture serves: add a folder under "
        f"tests/fixtures/ whose fixture.json expects it under expect.sources.{source_id}")
    folder, expect = fixture
    entry = parse_config(tomllib.loads(BLOCKS[index])).source(source_id).entry()
    with FixtureServer(folder) as server:
        run = crawl_once(tmp_path / "archive.db", server, pointed_at(server, entry))
        db = open_archive(tmp_path / "archive.db")
        try:
            assert_archived(db, server, run, expect)
        finally:
            db.close()
