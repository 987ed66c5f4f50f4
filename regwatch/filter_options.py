"""The filter options of ``regwatch search`` and ``regwatch subscribers add``: one spelling, one meaning.

Both commands take the options of ``archive.filters.OPTIONS``; the spellings
used before (``--hs-code``, ``--all-notices``) are accepted as aliases.
"""
from __future__ import annotations

import argparse
import shlex
from typing import Any

from archive.filters import DATE_NAMES, LIST_NAMES, OPTIONS, Filters

_HELP = {
    "keywords": "full-text query as in the search box (repeatable; any may match)",
    "jurisdictions": "e.g. CN, US, GB, EU (repeatable; UK means GB)",
    "sources": "a source id (repeatable)",
    "agencies": "an agency, e.g. BIS, MOFCOM (repeatable)",
    "topics": "export_control, licensing, sanctions, tariff (repeatable)",
    "directions": "tightening, easing, procedural (repeatable)",
    "commodities": "a commodity slug, e.g. graphite or rare_earths (repeatable)",
    "hs_codes": "HS code prefix, e.g. 2504 (repeatable; a notice on a 4+ digit heading covers codes inside it)",
    "eccns": "export control classification number or its prefix, e.g. 3A090 (repeatable)",
    "since": "published on or after (YYYY-MM-DD, YYYY-MM or YYYY)",
    "until": "published on or before",
    "effective_since": "takes effect on or after",
    "effective_until": "takes effect on or before",
    "relevant_only": "only notices that announce a measure",
}
_ALIASES = {"hs_codes": ["--hs-code"]}
_METAVARS = {"keywords": "QUERY", "jurisdictions": "CODE", "sources": "ID", "agencies": "NAME", "hs_codes": "PREFIX",
             "eccns": "CODE", **{name: "DATE" for name in DATE_NAMES}}


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """Every filter option, each under its one spelling (and any old one as an alias)."""
    for name, option in OPTIONS.items():
        flags = [option, *_ALIASES.get(name, [])]
        if name == "relevant_only":
            parser.add_argument(*flags, dest=name, action="store_true", help=_HELP[name])
        elif name in LIST_NAMES:
            parser.add_argument(*flags, dest=name, action="append", metavar=_METAVARS.get(name, "VALUE"),
                                help=_HELP[name])
        else:
            parser.add_argument(*flags, dest=name, metavar=_METAVARS.get(name, "VALUE"), help=_HELP[name])


def filters_from_args(args: argparse.Namespace) -> Filters:
    """The filters the options give (unchecked)."""
    values: dict[str, Any] = {name: getattr(args, name, None) for name in OPTIONS}
    values["relevant_only"] = bool(values["relevant_only"])
    return Filters(**values)


def given_filters(args: argparse.Namespace) -> list[str]:
    """The filter options given on the command line, by their spelling."""
    return [OPTIONS[name] for name in OPTIONS if getattr(args, name, None)]


def subscribe_command(filters: Filters, query: str | None = None) -> str:
    """The ``regwatch subscribers add`` command that saves a search (QUERY is its words, FILTERS the rest)."""
    keywords = tuple(filters.keywords)
    if query and query.strip():  # the box's words and any keyword must all hold: one query says so
        keywords = (f"( {filters.query()} ) AND ( {query} )",) if keywords else (query.strip(),)
    options = filters.replace(keywords=keywords).options()
    return shlex.join(["regwatch", "subscribers", "add", "ID", "--email", "ADDRESS", *options])
