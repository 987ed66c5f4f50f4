"""A notice and its history: assembled from the archive, and printed on a terminal (`regwatch show`).

The web archive's notice page reads the same history (``notice_history``); this
module imports nothing of the web server, so `regwatch show` starts without it.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import sqlite_utils

from alerts.changes import fact_changes
from alerts.diff import text_diff
from archive import corrections
from archive.store import notice
from archive.taxonomy import display_name, display_names


def notice_history(db: sqlite_utils.Database, document_id: int, *,
                   diff: Callable[[str, str], Any] = text_diff) -> dict[str, Any] | None:
    """A notice with its source, current labels and every version (oldest first).

    Each version carries ``diff`` (DIFF of the version before and this one: by
    default the changed paragraphs as ``- ``/``+ `` lines; None for the first),
    ``label_changes`` and ``baseline`` (archived as its source's back catalogue,
    so never alerted).
    """
    record = notice(db, document_id)
    if record is None:
        return None
    previous = None
    for version in record["versions"]:
        version["diff"] = diff(previous["text"], version["text"]) if previous else None
        version["baseline"] = bool(version.get("baseline"))
        version["label_changes"] = fact_changes(previous and previous["classification"],
                                                version["classification"])
        previous = version
    current = record["versions"][-1] if record["versions"] else {}
    record["classification"] = current.get("classification")
    record["gist"], record["frames"] = current.get("gist"), current.get("frames") or []
    record["corrections"] = corrections.of_notice(db, document_id)
    return record


def labels_line(labels: dict[str, Any] | None) -> str:
    """The measure in words: its topics and direction, "not a measure", or "not classified yet"."""
    if labels is None:
        return "not classified yet"
    if not labels["relevant"]:
        return "not a measure"
    measure = display_names(labels["topics"]) + (f" ({display_name(labels['direction'])})" if labels["direction"] else "")
    return measure


def print_notice(record: dict[str, Any], *, full_text: bool = False, out: Callable[[str], None] = print) -> None:
    """A notice and its history as plain text: labels, then each version's changes (or text)."""
    labels = record["classification"]
    if record.get("gist"):
        out(record["gist"])
    out(f"#{record['id']}  {record['title']}")
    out(f"    {record['jurisdiction']} · {record['agency']} · source {record['source_id']} · "
        f"published {(record['published'] or 'unknown')[:10]} · {record['version_count']} version(s)")
    out(f"    first seen {record['first_seen']} · last seen {record['last_seen']}")
    if record["url"]:
        out(f"    {record['url']}")
    if record.get("metadata"):
        out("\nPublisher's metadata:")
        for label, value in record["metadata"].items():
            out(f"    {label}: {value}")
    out(f"\nMeasure: {labels_line(labels)}")
    if labels:
        for key, name in (("effective_date", "takes effect"), ("commodities", "commodities"),
                          ("hs_codes", "HS codes"), ("eccns", "ECCNs"), ("doc_ids", "document ids")):
            value = labels[key]
            if value:
                shown = display_names(value) if key == "commodities" else ", ".join(value) if isinstance(value, list) else value
                out(f"    {name}: {shown}")
    for made in record.get("corrections") or []:
        out(f"    corrected by {made['who']} at {made['at']}: {json.dumps(made['changes'], ensure_ascii=False)}")
    for frame in record.get("frames") or []:
        out(f"    frame: {frame['action']} · {frame['instrument']} → {frame['direction']}: {frame['sentence']}")
    for version in record["versions"]:
        out(f"\n=== version {version['number']} · fetched {version['fetched_at']}"
            + (f" · {version['url']}" if version["url"] and version["url"] != record["url"] else ""))
        if version.get("baseline"):
            out("    archived as the source's baseline (back catalogue of its first crawl): no alert was sent")
        for change in version["label_changes"]:
            out(f"    {change}")
        if version["diff"] is None or full_text:
            out(version["text"])
        else:
            out(version["diff"] or "(no change in the text)")
