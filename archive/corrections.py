"""A person's corrections of a notice's labels: recorded (who, when, what) and laid over whatever the model says.

A correction belongs to a notice and takes effect from the version that was current
when it was made: that version and every later one carry it, whichever model
classifies them, so it survives reclassification and model upgrades. Corrections of
one notice apply in the order they were made; each sets what it names and leaves the
rest of the labels to the model.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import sqlite_utils

from archive import taxonomy
from archive.clock import utcnow
from archive.store import decode_classification

# What a correction may say, as stored in its ``changes`` (JSON object).
FIELDS = ("relevant", "direction", "add_topics", "remove_topics", "add_commodities", "remove_commodities",
          "effective_date")


class CorrectionError(ValueError):
    """A correction that cannot be applied as given (the message says why, on one line)."""


def validate(changes: Mapping[str, Any]) -> dict[str, Any]:
    """The changes with only known fields and known labels, or CorrectionError."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise CorrectionError(f"unknown correction field(s): {', '.join(sorted(unknown))}")
    clean = {key: value for key, value in changes.items() if value not in (None, [], ())}
    if not clean:
        raise CorrectionError("nothing to correct: give at least one change")
    if "direction" in clean and clean["direction"] not in taxonomy.DIRECTIONS:
        raise CorrectionError(f"direction must be one of {', '.join(taxonomy.DIRECTIONS)}")
    for key, allowed in (("add_topics", taxonomy.TOPICS), ("remove_topics", taxonomy.TOPICS),
                         ("add_commodities", taxonomy.COMMODITIES), ("remove_commodities", taxonomy.COMMODITIES)):
        bad = [value for value in clean.get(key, []) if value not in allowed]
        if bad:
            raise CorrectionError(f"unknown {key.split('_')[1][:-1]} {', '.join(bad)} (see shared/taxonomy.md)")
    if "effective_date" in clean:
        try:
            clean["effective_date"] = date.fromisoformat(str(clean["effective_date"])).isoformat()
        except ValueError:
            raise CorrectionError(f"effective date {clean['effective_date']!r} is not YYYY-MM-DD") from None
    if "relevant" in clean:
        clean["relevant"] = bool(clean["relevant"])
    return clean


def apply(labels: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """The labels with one correction laid over them; relevance stays the same as having a topic."""
    out = dict(labels)
    topics = [t for t in out.get("topics") or [] if t not in changes.get("remove_topics", [])]
    topics += [t for t in changes.get("add_topics", []) if t not in topics]
    commodities = [c for c in out.get("commodities") or [] if c not in changes.get("remove_commodities", [])]
    commodities += [c for c in changes.get("add_commodities", []) if c not in commodities]
    out["topics"] = [t for t in taxonomy.TOPICS if t in topics]
    out["commodities"] = sorted(commodities)
    if "direction" in changes:
        out["direction"] = changes["direction"]
    if "effective_date" in changes:
        out["effective_date"] = changes["effective_date"]
    if changes.get("relevant") is False:
        out.update(topics=[], direction=None, commodities=[])
    out["relevant"] = bool(out["topics"])
    if not out["relevant"]:
        out["direction"] = None
    return out


def apply_all(labels: Mapping[str, Any], corrections: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The labels with every correction laid over them, oldest first."""
    out = dict(labels)
    for changes in corrections:
        out = apply(out, changes)
    return out


def record(db: sqlite_utils.Database, document_id: int, who: str, changes: Mapping[str, Any],
           note: str | None = None) -> dict[str, Any]:
    """Record a correction of the notice's current version and later ones; return it as stored."""
    row = db.execute("SELECT current_version_id FROM documents WHERE id = ?", [document_id]).fetchone()
    if row is None or row[0] is None:
        raise CorrectionError(f"no notice with id {document_id}")
    if not who.strip():
        raise CorrectionError("say who corrects (--by NAME)")
    clean = validate(changes)
    at = utcnow()
    cursor = db.execute(
        "INSERT INTO corrections (document_id, version_id, who, at, changes, note) VALUES (?, ?, ?, ?, ?, ?)",
        [document_id, row[0], who.strip(), at, json.dumps(clean, ensure_ascii=False), note])
    return {"id": cursor.lastrowid, "document_id": document_id, "version_id": row[0], "who": who.strip(),
            "at": at, "changes": clean, "note": note}


def for_versions(db: sqlite_utils.Database, version_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
    """The changes that apply to each of these versions (oldest first); versions without any are left out."""
    ids = list(version_ids)
    if not ids:
        return {}
    rows = db.query(
        """SELECT v.id AS version_id, c.changes FROM versions v
           JOIN corrections c ON c.document_id = v.document_id AND c.version_id <= v.id
           WHERE v.id IN (SELECT value FROM json_each(?)) ORDER BY v.id, c.id""", [json.dumps(ids)])
    found: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        found.setdefault(row["version_id"], []).append(json.loads(row["changes"]))
    return found


def of_notice(db: sqlite_utils.Database, document_id: int) -> list[dict[str, Any]]:
    """Every correction of a notice, oldest first (who, when, what)."""
    return [{**row, "changes": json.loads(row["changes"])} for row in db.query(
        "SELECT * FROM corrections WHERE document_id = ? ORDER BY id", [document_id])]


def corrected_notices(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Each corrected notice's current version with its corrected labels as gold, for training and evaluation.

    The gold document ids are those its title and text can give: an identifier the publisher gave only in
    the page's metadata (stored with the labels for search) is not the classifier's to find.
    """
    rows = list(db.query(
        """SELECT d.id AS document_id, v.id AS version_id, v.title, v.text, d.language AS lang, d.published,
                  v.metadata, c.*
           FROM documents d JOIN versions v ON v.id = d.current_version_id
           JOIN classifications c ON c.version_id = v.id
           WHERE d.id IN (SELECT document_id FROM corrections) ORDER BY d.id"""))
    out = []
    for row in rows:
        gold = decode_classification(row)  # the stored labels already carry the corrections
        beside = {" ".join(value.split()) for value in json.loads(row["metadata"] or "{}").values()}
        written = f"{row['title'] or ''}\n{row['text']}"
        gold["doc_ids"] = [doc_id for doc_id in gold["doc_ids"] if doc_id not in beside or doc_id in written]
        out.append({"id": f"correction-{row['document_id']}", "document_id": row["document_id"],
                    "lang": row["lang"], "title": row["title"] or "", "text": row["text"],
                    "published": row["published"], "kind": "correction", "gold": gold})
    return out
