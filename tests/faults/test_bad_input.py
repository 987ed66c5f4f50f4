"""Bad input from the operator or the user: one clear line on stderr, exit code 2, nothing written."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive.db import open_archive
from archive.store import record_fetch, upsert_source
from tests.faults.harness import write_report
from tests.helpers import regwatch

SOURCE = '[[sources]]\nid = "x"\nfamily = "{family}"\n{extra}\n[sources.params]\n{params}\n'
FEED_PARAMS = 'url = "https://example.org/feed.atom"'
LIST_PARAMS = 'url = "https://example.org/list.html"\nitem_selector = "li"'


def source(extra: str = "", params: str = FEED_PARAMS, family: str = "feed") -> str:
    return SOURCE.format(family=family, extra=extra, params=params)


def subscriber(extra: str = "", filters: str = "") -> str:
    return f'[[subscribers]]\nid = "s"\nemail = "s@example.org"\n{extra}\n[subscribers.filters]\n{filters}\n'


CONFIGS: dict[str, tuple[str | bytes, str]] = {
    # malformed files
    "not TOML": ("db = \n", "not valid TOML"),
    "unclosed table": ("[smtp\nhost = 'x'\n", "not valid TOML"),
    "not UTF-8": (b"\xff\xfe\x00d\x00b", "not UTF-8"),
    "sources not an array": ("sources = 5\n", "'sources' must be an array of tables"),
    "source not a table": ("sources = [1]\n", "a source must be a table"),
    "subscribers not an array": ('subscribers = "all"\n', "'subscribers' must be an array of tables"),
    # unknown keys
    "unknown top-level key": ('colour = "red"\n', "unknown key 'colour'"),
    "unknown source key": (source('colour = "red"'), "unknown key 'colour'"),
    "unknown subscriber key": (subscriber('colour = "red"'), "unknown key 'colour'"),
    "unknown filter key": (subscriber(filters='colours = ["red"]'), "unknown filter 'colours'"),
    "unknown smtp key": ('[smtp]\nhostname = "x"\n', "unknown key 'hostname'"),
    "password in the file": ('[smtp]\npassword = "hunter2"\n', "put the password in an environment variable"),
    # wrong types and values
    "db not a string": ("db = 5\n", "'db' must be a string"),
    "smtp port a string": ('[smtp]\nport = "25"\n', "'port' must be an integer"),
    "smtp timeout a string": ('[smtp]\ntimeout = "soon"\n', "'timeout' must be a number of seconds"),
    "smtp tls unknown": ('[smtp]\ntls = "maybe"\n', "tls must be one of"),
    "enabled a string": (source('enabled = "no"'), "'enabled' must be true or false"),
    "delay a string": (source('delay = "slow"'), "'delay' must be a number"),
    "negative delay": (source("delay = -1"), "'delay' must not be negative"),
    "timeout zero": (source("timeout = 0"), "'timeout' must be greater than 0"),
    "max_bytes a float": (source("max_bytes = 1.5"), "'max_bytes' must be a number of bytes"),
    "allowed_hosts a string": (source('allowed_hosts = "example.org"'), "'allowed_hosts' must be a list"),
    "allowed_hosts with a scheme": (source('allowed_hosts = ["https://example.org"]'), "is not a host name"),
    "concurrency a string": (source('concurrency = "lots"'), "'concurrency' must be an integer"),
    "unknown family": (source(family="pigeon"), "family 'pigeon' is not one of"),
    "params missing": (source(params="", family="html_list"), "params needs 'url'"),
    "url not http": (source(params='url = "file:///etc/passwd"'), "params.url must be an http(s) URL"),
    "bad CSS selector": (source(params=LIST_PARAMS.replace('"li"', '"ul["'), family="html_list"),
                         "is not a CSS selector"),
    "bad id_pattern": (source(params=LIST_PARAMS + '\nid_pattern = "art_("', family="html_list"),
                       "is not a regular expression"),
    "duplicate source id": (source() + source(), "duplicate source id 'x'"),
    "bad email": ('[[subscribers]]\nid = "s"\nemail = "nobody"\n', "is not an email address"),
    "bad mode": (subscriber('mode = "hourly"'), "mode 'hourly' is not one of"),
    "bad digest_time": (subscriber('digest_time = "7am"'), "digest_time '7am' must be HH:MM"),
    "bad timezone": (subscriber('timezone = "Mars/Olympus"'), "is not a known IANA time zone"),
    "bad topic": (subscriber(filters='topics = ["weather"]'), "unknown topic 'weather'"),
    "bad hs code": (subscriber(filters='hs_codes = ["abc"]'), "HS prefix 'abc' must be 2 to 10 digits"),
    "filter not a list": (subscriber(filters='keywords = "magnet"'), "must be a list of strings"),
    "unknown source in filter": (subscriber(filters='sources = ["nope"]'), "no source with id 'nope'"),
    # cron expressions
    "cron in words": (source('schedule = "every day"'), "is not a valid cron expression"),
    "cron minute 61": (source('schedule = "61 * * * *"'), "is not a valid cron expression"),
    "cron three fields": (source('schedule = "* * *"'), "is not a valid cron expression"),
    "cron hour 24": (source('schedule = "0 24 * * *"'), "is not a valid cron expression"),
    "cron day 32": (source('schedule = "0 0 32 * *"'), "is not a valid cron expression"),
    "cron a number": (source("schedule = 15"), "'schedule' must be a string"),
}

@pytest.fixture(scope="module")
def results():
    """The cases this module ran, by kind; the tally is written once they are done, whatever ran and in any order."""
    cases: dict[str, list] = {"config": [], "search": [], "classify": []}
    yield cases
    tally = {kind: {"tried": len(rows), "one_line_exit_2": sum(r["ok"] for r in rows)} for kind, rows in cases.items()}
    write_report("bad_input", {"tally": tally, "cases": cases})


def one_line_exit_2(result, expected: str) -> bool:
    lines = result.stderr.strip().splitlines()
    return result.returncode == 2 and len(lines) == 1 and expected in lines[0] and "Traceback" not in result.stderr


@pytest.mark.parametrize("case", sorted(CONFIGS))
@pytest.mark.parametrize("command", ["run"])
def test_a_bad_config_gets_one_line_and_exit_2(tmp_path, case, command, results):
    body, expected = CONFIGS[case]
    path = tmp_path / "regwatch.toml"
    path.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
    result = regwatch(command, "--config", str(path))
    ok = one_line_exit_2(result, expected) and str(path) in result.stderr
    results["config"].append({"case": case, "command": command, "ok": ok, "stderr": result.stderr.strip()})
    assert ok, (result.returncode, result.stderr)
    assert not (tmp_path / "regwatch.db").exists(), "a bad config writes nothing"


@pytest.fixture(scope="module")
def archive_config(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("search")
    db = open_archive(folder / "regwatch.db")
    upsert_source(db, {"id": "x", "family": "feed", "jurisdiction": "CN"})
    for number in range(3):
        record_fetch(db, source_id="x", native_id=str(number), url=f"https://example.org/{number}",
                     title=f"Notice {number}", text=f"Export controls on gallium, number {number}. 镓")
    db.close()
    path = folder / "regwatch.toml"
    path.write_text('db = "regwatch.db"\n', encoding="utf-8")
    return path


QUERIES = {
    "unclosed phrase": (['"gallium'], "cannot read the query"),
    "bare AND": (["AND"], "has operators but no words to search for"),
    "bare NOT": (["NOT"], "has operators but no words to search for"),
    "trailing OR": (["gallium", "OR"], "cannot read the query"),
    "lone star": (["*"], "cannot read the query"),
    "unknown option": (["gallium", "--colour", "red"], "unrecognized arguments: --colour"),
    "limit not a number": (["gallium", "--limit", "ten"], "invalid int value: 'ten'"),
    "unknown order": (["gallium", "--order", "random"], "invalid choice: 'random'"),
    "open bracket": (["(gallium"], "cannot read the query"),
    "since not a date": (["gallium", "--since", "yesterday"], "is not a date"),
    "until not a date": (["gallium", "--until", "2026-13-45"], "is not a real date"),
    "undecodable bytes": ([b"\xff\xfe".decode("utf-8", "surrogateescape")], "is not valid text"),
}


@pytest.mark.parametrize("case", sorted(QUERIES))
def test_a_bad_search_gets_one_line_and_exit_2(archive_config, case, results):
    args, expected = QUERIES[case]
    result = regwatch("search", "--config", str(archive_config), *args)
    ok = one_line_exit_2(result, expected)
    results["search"].append({"case": case, "ok": ok, "stderr": result.stderr.strip()})
    assert ok, (result.returncode, result.stderr)
    db = open_archive(archive_config.parent / "regwatch.db")
    assert db.execute("SELECT count(*) FROM versions").fetchone()[0] == 3, "the archive is untouched"


#: Input the search reads as plain words rather than query syntax: no error, no match, the archive untouched.
PLAIN_WORDS = {
    "unknown column": ["colour:red"],
    "minus word": ["gallium -germanium"],
    "NEAR without close": ["NEAR(gallium"],
    "SQL as a query": ["'; DROP TABLE versions; --"],
}


@pytest.mark.parametrize("case", sorted(PLAIN_WORDS))
def test_query_syntax_that_is_not_meant_as_syntax_is_searched_as_words(archive_config, case, results):
    result = regwatch("search", "--config", str(archive_config), "--json", *PLAIN_WORDS[case])
    results["search"].append({"case": case, "ok": result.returncode == 0, "stderr": result.stderr.strip()})
    assert result.returncode == 0 and json.loads(result.stdout) == [], (result.returncode, result.stderr)
    db = open_archive(archive_config.parent / "regwatch.db")
    assert db.execute("SELECT count(*) FROM versions").fetchone()[0] == 3, "the archive is untouched"


CLASSIFY = {
    "not JSON": ('{"id": "a", "text": "x"}\nnot json\n', "line 2: not JSON"),
    "an array": ("[1, 2]\n", 'need an object with "id" and "text"'),
    "a string": ('"text"\n', 'need an object with "id" and "text"'),
    "no id": ('{"text": "x"}\n', 'need an object with "id" and "text"'),
    "text a number": ('{"id": "a", "text": 5}\n', 'need an object with "id" and "text"'),
    "title a number": ('{"id": "a", "text": "x", "title": 5}\n', '"title" must be a string'),
    "lang a number": ('{"id": "a", "text": "x", "lang": 5}\n', '"lang" must be a string'),
    "lone surrogate": ('{"id": "a", "text": "\\ud800"}\n', "lone surrogate"),
}


@pytest.mark.parametrize("case", sorted(CLASSIFY))
def test_bad_classify_input_gets_one_line_and_exit_2(case, results):
    stdin, expected = CLASSIFY[case]
    result = regwatch("classify", stdin=stdin)
    ok = one_line_exit_2(result, expected) and result.stdout == ""
    results["classify"].append({"case": case, "ok": ok, "stderr": result.stderr.strip()})
    assert ok, (result.returncode, result.stderr)


@pytest.mark.parametrize("path, expected", [("/no/such/file.jsonl", "No such file"), ("/", "Is a directory")])
def test_classify_from_a_file_that_cannot_be_read(path, expected, results):
    result = regwatch("classify", path)
    ok = one_line_exit_2(result, expected)
    results["classify"].append({"case": f"file {path}", "ok": ok, "stderr": result.stderr.strip()})
    assert ok, result.stderr

