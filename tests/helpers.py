"""Helpers the tests share: running the CLI as a subprocess and writing configs as an operator would."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from regwatch.config import parse_config

REPO = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
MISSING = "missing dependency: "
FAULT_SUITE = "fault suite: runs under `make test-faults` (REGWATCH_FAULTS=1)"


def require(condition: object, what_to_install: str) -> None:
    """Go on when `condition` holds; otherwise skip, or under CI=true fail, naming what to install.

    A required dependency that CI lacks is a broken CI, not a passing run.
    """
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{MISSING}{what_to_install} (CI=true: required, not skipped)", pytrace=False)
    pytest.skip(f"{MISSING}{what_to_install}")


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
