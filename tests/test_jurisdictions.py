"""A jurisdiction filter that could never match is refused, wherever it is written; UK means GB."""
from __future__ import annotations

import json

from regwatch.cli import main
from tests.golden.fixtures import build_archive
from tests.helpers import assert_config_refused


def test_search_reads_uk_as_gb_and_refuses_a_code_no_source_has(db_path, capsys):
    build_archive(db_path, []).close()
    assert main(["search", "--db", str(db_path), "--jurisdiction", "UK", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found and {row["source_id"] for row in found} == {"gb-ecju"}

    code = main(["search", "--db", str(db_path), "--jurisdiction", "DE"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1
    assert "no source has jurisdiction 'DE'" in err and "known: CN, GB, US" in err


def test_a_subscription_to_a_jurisdiction_no_source_has_is_refused(tmp_path):
    assert_config_refused(tmp_path, """
include_bundled_sources = false
[[sources]]
id = "gb"
family = "feed"
jurisdiction = "GB"
[sources.params]
url = "https://www.gov.uk/x.atom"
[[subscribers]]
id = "buyers"
email = "b@example.org"
[subscribers.filters]
jurisdictions = ["GG"]
""", "filters.jurisdictions: no source has jurisdiction 'GG'; did you mean GB? known: GB")


def test_a_subscription_to_uk_is_stored_as_gb(tmp_path):
    from regwatch.config import load_config

    path = tmp_path / "regwatch.toml"
    path.write_text("""
include_bundled_sources = true
[[subscribers]]
id = "buyers"
email = "b@example.org"
[subscribers.filters]
jurisdictions = ["UK", "cn"]
""", "utf-8")
    [sub] = load_config(path).subscribers
    assert sub["filters"]["jurisdictions"] == ["GB", "CN"]
