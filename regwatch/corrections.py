"""Corrections wired in: a person's correction wins over the model at once and whenever the notice is reclassified.

`correct` records a correction (archive.corrections), rewrites the labels and gist of
every affected version's classification (so search, facets and digests follow at
once), and, when the notice becomes relevant, hands its current version back to
matching so it is alerted like a new notice; the outbox's unique key per
subscription and version keeps that to one alert. `overlay` lays the corrections
over fresh labels before they are stored, which is how they survive reclassification
and model upgrades.
"""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import sqlite_utils

from archive import corrections
from archive.store import decode_classification


def regist(labels: Mapping[str, Any], frames: Sequence[Mapping[str, Any]], agency: str | None,
           lang: str | None) -> str:
    """The gist (nlp.gist) of LABELS as they now are, for labels changed after the classifier wrote theirs."""
    from nlp.gist import build_gist  # not at import time: importing nlp loads spaCy

    return build_gist(labels, frames, authority=agency, lang=lang or "en")


def overlay(db: sqlite_utils.Database, labels: list[dict[str, Any]], records: Sequence[Mapping[str, Any]]
            ) -> list[dict[str, Any]]:
    """Fresh labels (``id`` = version id) with their notices' corrections laid over them, gists rebuilt."""
    found = corrections.for_versions(db, [label["id"] for label in labels])
    if not found:
        return labels
    by_id = {record["id"]: record for record in records}
    out = []
    for label in labels:
        changes = found.get(label["id"])
        if changes:
            record = by_id.get(label["id"], {})
            label = {**label, **corrections.apply_all(label, changes)}
            if "gist" in label:
                label["gist"] = regist(label, label.get("frames") or [], record.get("agency"), record.get("lang"))
        out.append(label)
    return out


def correct(db: sqlite_utils.Database, document_id: int, who: str, changes: Mapping[str, Any],
            note: str | None = None) -> dict[str, Any]:
    """Record a correction and apply it now; returns the correction and the current version's labels after it."""
    classified = db.execute("""SELECT 1 FROM documents d JOIN classifications c ON c.version_id = d.current_version_id
                                  WHERE d.id = ?""", [document_id]).fetchone()
    if classified is None and db.execute("SELECT 1 FROM documents WHERE id = ?", [document_id]).fetchone():
        raise corrections.CorrectionError(f"notice {document_id} is not classified yet; run a cycle first")
    with db.atomic():
        made = corrections.record(db, document_id, who, changes, note)
        rows = list(db.query(
            """SELECT c.*, v.baseline, d.current_version_id, d.language AS lang, s.agency
               FROM classifications c JOIN versions v ON v.id = c.version_id
               JOIN documents d ON d.id = v.document_id JOIN sources s ON s.id = d.source_id
               WHERE v.document_id = ? AND v.id >= ?""", [document_id, made["version_id"]]))
        current = None
        for row in rows:
            before = decode_classification(row)
            after = corrections.apply(before, made["changes"])
            frames = json.loads(row["frames"]) if row.get("frames") else []
            db.execute(
                """UPDATE classifications SET relevant = ?, topics = ?, direction = ?, commodities = ?,
                   effective_date = ?, gist = ? WHERE version_id = ?""",
                [int(after["relevant"]), json.dumps(after["topics"]), after["direction"],
                 json.dumps(after["commodities"]), after["effective_date"],
                 regist(after, frames, row["agency"], row["lang"]), row["version_id"]])
            if row["version_id"] == row["current_version_id"]:
                current = after
                if after["relevant"] and after != before and not row["baseline"]:
                    # Matched again like a new notice: subscriptions its new labels now meet get it; the outbox
                    # key (subscription, version) allows each one alert, so those that had it get nothing more.
                    db.execute("UPDATE versions SET matched_at = NULL WHERE id = ?", [row["version_id"]])
    return {**made, "labels": current}


def export_for_training(db: sqlite_utils.Database) -> int:
    """Write the archive's corrected notices where training reads them (nlp.paths.corrections_file); return how many.

    With none, the file is removed, so the model is the corpus's alone.
    """
    from nlp.paths import corrections_file

    rows = corrections.corrected_notices(db)
    path = corrections_file()
    if not rows:
        path.unlink(missing_ok=True)
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps({k: v for k, v in row.items() if k != "document_id"}, ensure_ascii=False) + "\n"
                   for row in rows)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return len(rows)


def evaluate_corrections(db: sqlite_utils.Database) -> dict[str, Any]:
    """How the current model does on the corrected notices (gold: the corrected labels), as nlp.evaluate scores."""
    from nlp.evaluate import evaluate_rows

    return evaluate_rows(corrections.corrected_notices(db))
