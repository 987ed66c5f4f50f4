"""Helpers the tests share: the CLI as a subprocess, configs written as an operator would, `regwatch ui` as a
child process, a sample archive for search and the web archive, and an SMTP server that refuses on demand."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from aiosmtpd.controller import Controller

from archive import clock
from archive.db import open_archive
from archive.store import record_fetch, save_classifications, upsert_source
from regwatch.config import parse_config
from regwatch.mailsink import free_port

REPO = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
MISSING = "missing dependency: "
FAULT_SUITE = "fault suite: runs under `make test-faults` (REGWATCH_FAULTS=1)"


def without_faketime(env: dict[str, str]) -> dict[str, str]:
    """ENV without libfaketime (``make test-dates``), for a daemon whose scheduler waits on a timed condition.

    libfaketime 0.9.10 makes ``pthread_cond_timedwait`` wait far past its timeout, so APScheduler's loop
    (``threading.Event.wait``) never wakes. The daemon's time is regwatch's pinned clock anyway: its anchor
    (``REGWATCH_NOW_SET_AT``, a system time read under the shift) is moved onto the unshifted system clock.
    """
    if "faketime" not in env.get("LD_PRELOAD", ""):
        return env
    preload = [lib for lib in env["LD_PRELOAD"].split() if "faketime" not in lib]
    cleaned = {key: value for key, value in env.items() if not key.startswith("FAKETIME") and key != "LD_PRELOAD"}
    if preload:
        cleaned["LD_PRELOAD"] = " ".join(preload)
    if clock.SET_AT_VAR in cleaned:
        unshifted = subprocess.run([sys.executable, "-c", "import time; print(repr(time.time()))"], env=cleaned,
                                   capture_output=True, text=True, check=True)
        shift = time.time() - float(unshifted.stdout)
        cleaned[clock.SET_AT_VAR] = repr(float(cleaned[clock.SET_AT_VAR]) - shift)
    return cleaned


def require(condition: object, what_to_install: str) -> None:
    """Go on when `condition` holds; otherwise skip, or under CI=true fail, naming what to install.

    A required dependency that CI lacks is a broken CI, not a passing run.
    """
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{MISSING}{what_to_install} (CI=true: required, not skipped)", pytrace=False)
    pytest.skip(f"{MISSING}{what_to_install}")
# ../shared/eval/dev.jsonl beside the repository, unless REGWATCH_DEV_SET names it elsewhere.
DEV_SET = Path(os.environ.get("REGWATCH_DEV_SET") or REPO.parent / "shared/eval/dev.jsonl")
CHALLENGE = REPO / "nlp/eval/challenge.jsonl"
# Written without sight of the classifier, its corpus or the other sets (nlp/README.md, "The blind set").
BLIND = REPO / "nlp/eval/blind.jsonl"


def require_dev_set() -> None:
    """The dev set sits beside the repository (../shared/eval/dev.jsonl); CI must have it."""
    require(DEV_SET.exists(), f"the dev set at {DEV_SET} (check out shared/eval beside the repository)")


def regwatch(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("REGWATCH_CONFIG", None)
    env.pop("REGWATCH_DB", None)
    return subprocess.run([sys.executable, "-m", "regwatch.cli", *args], input=stdin, capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=300)


def assert_config_refused(tmp_path: Path, body: str, expected: str) -> None:
    """`regwatch run` with the config BODY stops with exit code 2 and one stderr line naming the file and EXPECTED."""
    path = tmp_path / "bad.toml"
    path.write_text(body, encoding="utf-8")
    result = regwatch("run", "--config", str(path))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and expected in lines[0], result.stderr


def unprivileged() -> tuple[str, ...]:
    """A command prefix under which file permissions bind this process: as root, drop the right to override them."""
    if os.geteuid() != 0:
        return ()
    require(shutil.which("setpriv"), "setpriv (util-linux), to run a command as root without CAP_DAC_OVERRIDE")
    dropped = "-dac_override,-dac_read_search"
    return ("setpriv", f"--bounding-set={dropped}", f"--inh-caps={dropped}")


def toml_value(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_config(path: Path, sources: list[dict], mail_port: int, subscribers: list[dict] | None = None) -> Path:
    """A TOML config (written as text, as an operator would) for the given sources."""
    lines = ['db = "archive.db"', "[smtp]", 'host = "127.0.0.1"', f"port = {mail_port}", 'sender = "rw <rw@example.com>"',
             "[operator]", 'email = "ops@example.com"']
    for source in sources:
        lines.append("[[sources]]")
        lines += [f"{k} = {toml_value(v)}" for k, v in source.items() if k != "params"]
        lines.append("[sources.params]")
        lines += [f"{k} = {toml_value(v)}" for k, v in source["params"].items()]
    for sub in subscribers or []:
        lines.append("[[subscribers]]")
        lines += [f"{k} = {toml_value(v)}" for k, v in sub.items() if k != "filters"]
        lines.append("[subscribers.filters]")
        lines += [f"{k} = {toml_value(v)}" for k, v in sub.get("filters", {}).items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parse_config(tomllib.loads(path.read_text()), path)  # the test's own config must be valid
    return path


@contextmanager
def ui_server(db_path: Path, log_path: Path, prefix: tuple[str, ...] = ()) -> Iterator[str]:
    """Start `regwatch ui --db DB_PATH` (after the command PREFIX, if any) and yield its base URL; stop it afterwards."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [*prefix, sys.executable, "-m", "regwatch.cli", "ui", "--db", str(db_path), "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=5).read()
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"regwatch ui did not start: {log_path.read_text()[-2000:]}") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# -- sample notices for the search, show and web archive tests ---------------------

SOURCES = [
    {"id": "cn-mofcom", "family": "html_list", "jurisdiction": "CN", "agency": "MOFCOM", "language": "zh"},
    {"id": "cn-mofcom-en", "family": "html_list", "jurisdiction": "CN", "agency": "MOFCOM", "language": "en"},
    {"id": "us-fr-bis", "family": "federal_register", "jurisdiction": "US", "agency": "BIS", "language": "en"},
    {"id": "gb-ecju", "family": "feed", "jurisdiction": "GB", "agency": "ECJU", "language": "en"},
]

EMPTY = {"relevant": False, "topics": [], "direction": None, "commodities": [], "hs_codes": [], "eccns": [],
         "effective_date": None, "doc_ids": []}


def labels(**values: Any) -> dict[str, Any]:
    return {**EMPTY, "relevant": bool(values.get("topics")), **values}


# (source, native id, published, [(title, text, labels), ...]) — each tuple after the first is a later version.
NOTICES = [
    ("cn-mofcom-en", "2023-39", "2023-10-20", [
        ("Announcement No. 39 of 2023 on optimising export controls on graphite items",
         "MOFCOM and the General Administration of Customs announce export controls on graphite items.\n"
         "High-purity graphite under HS 2504.10 requires an export licence.\n"
         "This announcement takes effect on 1 December 2023.",
         labels(topics=["export_control", "licensing"], direction="tightening", commodities=["graphite"],
                hs_codes=["250410"], effective_date="2023-12-01", doc_ids=["Announcement No. 39 of 2023"])),
        ("Announcement No. 39 of 2023 on optimising export controls on graphite items",
         "MOFCOM and the General Administration of Customs announce export controls on graphite items.\n"
         "High-purity graphite and spherical graphite under HS 2504.10 require an export licence.\n"
         "This announcement takes effect on 1 December 2023.",
         labels(topics=["export_control", "licensing"], direction="tightening", commodities=["graphite"],
                hs_codes=["250410", "380110"], effective_date="2023-12-01",
                doc_ids=["Announcement No. 39 of 2023"])),
    ]),
    ("cn-mofcom-en", "2024-46", "2024-12-03", [
        ("Announcement No. 46 of 2024 on dual-use items to the United States",
         "Exports of gallium, germanium, antimony and superhard materials to US military end users are prohibited.\n"
         "Graphite dual-use items are subject to stricter end-user review.",
         labels(topics=["export_control"], direction="tightening",
                commodities=["gallium", "germanium", "antimony", "graphite", "superhard_materials"],
                effective_date="2024-12-03", doc_ids=["Announcement No. 46 of 2024"])),
    ]),
    ("cn-mofcom", "gb-2022", "2022-05-10", [
        ("关于石墨出口统计的说明", "2022年石墨出口统计数据发布。本说明不涉及任何管制措施。", labels()),
    ]),
    ("cn-mofcom", "sb-2025", "2025-11-09", [
        ("商务部公告2025年第70号 关于暂停实施石墨相关物项出口管制的公告",
         "根据有关规定，决定暂停实施石墨相关物项出口管制措施。本公告自2025年11月10日起施行。",
         labels(topics=["export_control"], direction="easing", commodities=["graphite"],
                effective_date="2025-11-10", doc_ids=["商务部公告2025年第70号"])),
    ]),
    ("us-fr-bis", "2023-16646", "2023-08-01", [
        ("Export Administration Regulations: graphite anode material <script>alert(1)</script>",
         "BIS amends the EAR to require a license for certain graphite anode material under ECCN 1C010.\n"
         "Comments are due <b>within</b> 30 days.",
         labels(topics=["export_control", "licensing"], direction="tightening", commodities=["graphite"],
                eccns=["1C010"], effective_date="2023-08-15", doc_ids=["2023-16646"])),
    ]),
    ("gb-ecju", "nte-2024-05", "2024-03-14", [
        ("Notice to exporters 2024/05: open general licence for gallium",
         "A new open general export licence covers gallium arsenide wafers.",
         labels(topics=["licensing"], direction="easing", commodities=["gallium"], hs_codes=["381800"],
                effective_date="2024-04-01", doc_ids=["Notice to exporters 2024/05"])),
    ]),
]


def build_sample_archive(path: Path) -> sqlite_utils.Database:
    """Write the sample notices, version by version, each version classified as the classifier would."""
    db = open_archive(path)
    for source in SOURCES:
        upsert_source(db, source)
    for source_id, native_id, published, versions in NOTICES:
        for number, (title, text, label) in enumerate(versions, 1):
            _, version_id = record_fetch(db, source_id=source_id, native_id=native_id,
                                         url=f"https://example.org/{source_id}/{native_id}", title=title, text=text,
                                         published=published, fetched_at=f"{published}T0{number}:00:00+00:00")
            save_classifications(db, [{**label, "id": version_id}], "test-1")
    return db


def document_id(db: sqlite_utils.Database, native_id: str) -> int:
    return db.execute("SELECT id FROM documents WHERE native_id = ?", [native_id]).fetchone()[0]


class PickyServer:
    """An SMTP server that refuses chosen recipients at RCPT or their messages at DATA, and accepts the rest."""

    def __init__(self) -> None:
        self.mail_reply: str | None = None  # a refusal of our sender address at MAIL FROM
        self.rcpt_replies: dict[str, str] = {}
        self.data_replies: dict[str, str] = {}
        self.accepted: list[tuple[int, list[str], bytes]] = []  # (connection, recipients, raw message)
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_MAIL(self, server, session, envelope, address, mail_options) -> str:  # noqa: N802
        if self.mail_reply:
            return self.mail_reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:  # noqa: N802
        if address in self.rcpt_replies:
            return self.rcpt_replies[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's hook name)
        for address in envelope.rcpt_tos:
            if address in self.data_replies:
                return self.data_replies[address]
        self.accepted.append((id(session), list(envelope.rcpt_tos), envelope.original_content or envelope.content))
        return "250 Message accepted for delivery"

    def recipients(self) -> list[str]:
        return [rcpt for _, rcpts, _ in self.accepted for rcpt in rcpts]

    def __enter__(self) -> PickyServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()

def get(url: str) -> tuple[int, str, dict[str, str]]:
    """GET URL: status, body and headers, whatever the status."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8"), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8"), dict(error.headers)


# -- notices whose diffs are costly (the web archive's notice page, the fault suite's bounded-work rows) ----


def one_paragraph_notice(words: int, revision: int) -> str:
    """One paragraph of WORDS words (6.75 bytes each with its space: 16,000 words are 108 KB), amended in five places
    per REVISION."""
    text = [f"term{i % 40}" for i in range(words)]
    for place in range(5):
        text[(place * 2 + 1) * words // 10] = f"amended{place}r{revision}"
    return " ".join(text)


def many_paragraph_notice(paragraphs: int, revision: int) -> str:
    """PARAGRAPHS short paragraphs, every other one the same separator, five amended per REVISION.

    Its diff spends the whole of a diff's work budget (about a second at 4,000 paragraphs)."""
    text = [f"Clause {i} covers item {i % 7}." if i % 2 else "* * *" for i in range(paragraphs)]
    for place in range(5):
        text[(place * 2 + 1) * paragraphs // 10 | 1] = f"Clause amended {place} in revision {revision}."
    return "\n".join(text)


def add_versions(db: sqlite_utils.Database, native_id: str, texts: list[str], source_id: str = "gb-ecju") -> int:
    """Archive TEXTS as the successive versions of one notice of SOURCE_ID; its document id."""
    for number, text in enumerate(texts, 1):
        record_fetch(db, source_id=source_id, native_id=native_id, url=f"https://example.org/{native_id}",
                     title=f"Long notice {native_id}", text=text, published="2025-06-01",
                     fetched_at=f"2025-06-{number:02d}T08:00:00+00:00")
    return document_id(db, native_id)
