"""The command line's grammar: every argument explained, every sub-command described, positionals anywhere,
day names and unknown labels read the same way everywhere."""
from __future__ import annotations

import argparse

import pytest

from regwatch.cli import build_parser, main


def _parsers(parser: argparse.ArgumentParser, path: str = "regwatch"):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, f"{path} {name}")


def test_every_argument_of_every_command_has_help_and_every_command_a_description():
    missing, undescribed = [], []
    for path, parser in _parsers(build_parser()):
        if path != "regwatch" and not parser.description:
            undescribed.append(path)
        for action in parser._actions:
            if isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
                continue
            if not action.help or action.help == argparse.SUPPRESS:
                missing.append(f"{path} {'/'.join(action.option_strings) or action.dest}")
    assert not missing, missing
    assert not undescribed, undescribed


def test_a_sub_command_help_page_opens_with_its_description(capsys):
    with pytest.raises(SystemExit):
        main(["deliveries", "--help"])
    out = capsys.readouterr().out
    assert "List undelivered" in out.split("\n\n")[1] or "list undelivered" in out.split("\n\n")[1]
    assert "--json" in out and "print JSON" in out


def test_positional_ids_may_follow_options(db_path, capsys):
    from tests.golden.fixtures import build_archive

    build_archive(db_path, []).close()
    # the id after an option is read as the id, not refused as an unrecognized argument
    assert main(["deliveries", "retry", "--db", str(db_path), "5"]) == 2
    assert "no delivery with id 5" in capsys.readouterr().err
    assert main(["show", "--db", str(db_path), "--json", "999"]) == 2
    assert "no notice with id 999" in capsys.readouterr().err


@pytest.mark.parametrize("given", ["mon", "Mon", "monday", "MONDAY", " Monday "])
def test_a_weekly_day_is_read_short_or_full_in_any_case(given):
    from regwatch.config import check_subscriber

    entry = {"id": "w", "email": "w@example.com", "mode": "weekly", "digest_day": given}
    assert check_subscriber(entry, set())["digest_day"] == "mon"


def test_a_misspelt_commodity_gets_the_same_did_you_mean_from_search_and_from_a_subscription(db_path, capsys):
    from regwatch.config import ConfigError, check_subscriber
    from tests.helpers import build_sample_archive

    build_sample_archive(db_path).close()
    assert main(["search", "--db", str(db_path), "--commodity", "galium"]) == 2
    searched = capsys.readouterr().err.strip()
    with pytest.raises(ConfigError) as refused:
        check_subscriber({"id": "w", "email": "w@example.com", "filters": {"commodities": ["galium"]}}, set())
    expected = "unknown commodity 'galium'; did you mean gallium"
    assert expected in searched and expected in str(refused.value)
    assert searched.split(expected)[1] == str(refused.value).split(expected)[1]  # the same list of suggestions
    assert "antimony" not in str(refused.value)  # not every commodity
