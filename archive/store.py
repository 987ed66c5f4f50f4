"""Reading and writing notices, versions, classifications and source health.

Every write that forms one unit of work runs inside ``db.atomic()`` so a crash
leaves the archive as it was before or after the unit, never half-way.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Literal

import sqlite_utils

from archive.clock import utcnow

VersionOutcome = Literal["new", "changed", "unchanged"]

TAXONOMY_LIST_KEYS = ("topics", "commodities", "hs_codes", "eccns", "doc_ids")


def content_hash(text: str) -> str:
    """SHA-256 of the normalised text; two versions with equal hashes are the same version."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def upsert_source(db: sqlite_utils.Database, source: Mapping[str, Any]) -> None:
    """Create or refresh a source's descriptive columns, keeping its health record."""
    columns = ("family", "name", "jurisdiction", "agency", "language", "url", "expected_cadence_days", "timezone")
    values = {key: source.get(key) for key in columns}
    db.execute(
        f"""INSERT INTO sources (id, {", ".join(columns)}) VALUES (?, {", ".join("?" for _ in columns)})
            ON CONFLICT(id) DO UPDATE SET {", ".join(f"{c}=excluded.{c}" for c in columns)}""",
        [source["id"], *values.values()],
    )


@dataclass(frozen=True)
class KnownDocument:
    """What the crawler needs to know about a notice it has seen before."""

    native_id: str
    url: str | None
    etag: str | None
    last_modified: str | None
    last_checked: str | None
    content_hash: str | None
    title: str | None = None
    published: str | None = None
    language: str | None = None


def known_documents(db: sqlite_utils.Database, source_id: str) -> dict[str, KnownDocument]:
    """The source's archived notices by native id, with the validators of their last fetch and what a
    re-check needs to rebuild the notice (title, date, language)."""
    rows = db.query(
        """SELECT d.native_id, d.url, d.etag, d.last_modified, d.last_checked, v.content_hash,
                  d.title, d.published, d.language
           FROM documents d LEFT JOIN versions v ON v.id = d.current_version_id
           WHERE d.source_id = ?""",
        [source_id],
    )
    return {row["native_id"]: KnownDocument(**row) for row in rows}


def record_fetch(
    db: sqlite_utils.Database,
    *,
    source_id: str,
    native_id: str,
    url: str | None,
    title: str | None,
    text: str,
    published: str | None = None,
    language: str | None = None,
    http_status: int | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    fetched_at: str | None = None,
    metadata: Mapping[str, str] | None = None,
) -> tuple[VersionOutcome, int]:
    """Archive one fetched notice; write a new version only when its normalised text changed.

    ``metadata`` (the publisher's document metadata, label → value) is stored
    with the version written: a change of metadata alone (a "Last updated"
    date) writes no version, and the current one keeps the metadata it was
    archived with. A current version archived before metadata was kept gets it
    from its next fetch, and is classified again, since the publisher's
    identifiers and date of effect join its labels (its alerts were sent once
    already and are not sent again). Returns the outcome and the id of the
    notice's current version.
    """
    fetched_at = fetched_at or utcnow()
    digest = content_hash(text)
    with db.atomic():
        row = next(
            db.query(
                """SELECT d.id, d.current_version_id, d.version_count, v.content_hash
                   FROM documents d LEFT JOIN versions v ON v.id = d.current_version_id
                   WHERE d.source_id = ? AND d.native_id = ?""",
                [source_id, native_id],
            ),
            None,
        )
        outcome: VersionOutcome
        if row is None:
            cursor = db.execute(
                """INSERT INTO documents (source_id, native_id, url, title, published, language,
                                          first_seen, last_seen, last_checked, etag, last_modified)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [source_id, native_id, url, title, published, language,
                 fetched_at, fetched_at, fetched_at, etag, last_modified],
            )
            document_id, count, outcome = cursor.lastrowid, 0, "new"
        else:
            document_id, count = row["id"], row["version_count"]
            outcome = "unchanged" if row["content_hash"] == digest else "changed"
            db.execute(
                """UPDATE documents SET url = coalesce(?, url), title = coalesce(?, title),
                          published = coalesce(?, published), language = coalesce(?, language),
                          last_seen = ?, last_checked = ?, etag = ?, last_modified = ?
                   WHERE id = ?""",
                [url, title, published, language, fetched_at, fetched_at, etag, last_modified, document_id],
            )
            if outcome == "unchanged":
                if metadata and db.execute("UPDATE versions SET metadata = ? WHERE id = ? AND metadata IS NULL",
                                           [_json(dict(metadata)), row["current_version_id"]]).rowcount:
                    db.execute("DELETE FROM classifications WHERE version_id = ?", [row["current_version_id"]])
                return outcome, row["current_version_id"]
        cursor = db.execute(
            """INSERT INTO versions (document_id, number, title, text, content_hash, url, fetched_at,
                                     http_status, etag, last_modified, metadata)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [document_id, count + 1, title, text, digest, url, fetched_at, http_status, etag, last_modified,
             _json(dict(metadata)) if metadata else None],
        )
        version_id = cursor.lastrowid
        assert version_id is not None  # set by every INSERT
        db.execute(
            "UPDATE documents SET current_version_id = ?, version_count = ? WHERE id = ?",
            [version_id, count + 1, document_id],
        )
    return outcome, version_id


def touch_document(db: sqlite_utils.Database, source_id: str, native_id: str) -> None:
    """Note that a known notice was seen again (listed, or answered 304) without new content."""
    now = utcnow()
    db.execute(
        "UPDATE documents SET last_seen = ?, last_checked = ? WHERE source_id = ? AND native_id = ?",
        [now, now, source_id, native_id],
    )


def log_source_issue(
    db: sqlite_utils.Database, source_id: str, message: str, *, level: str = "error", url: str | None = None
) -> None:
    """Append a line to the source's issues log."""
    db.execute(
        "INSERT INTO source_issues (source_id, at, level, message, url) VALUES (?, ?, ?, ?, ?)",
        [source_id, utcnow(), level, message[:2000], url],
    )


def start_run(db: sqlite_utils.Database) -> int:
    """Open a row for one cycle and return its id."""
    run_id = db.execute("INSERT INTO runs (started_at) VALUES (?)", [utcnow()]).lastrowid
    assert run_id is not None  # set by every INSERT
    return run_id


def finish_run(db: sqlite_utils.Database, run_id: int, status: str, summary: Mapping[str, Any]) -> None:
    """Close a cycle's row with its outcome and summary."""
    db.execute(
        "UPDATE runs SET finished_at = ?, status = ?, summary = ? WHERE id = ?",
        [utcnow(), status, json.dumps(summary, ensure_ascii=False), run_id],
    )


STALE_FACTOR = 3.0


def record_source_run(
    db: sqlite_utils.Database,
    *,
    source_id: str,
    run_id: int | None,
    started_at: str,
    items_seen: int,
    new: int,
    changed: int,
    unchanged: int,
    errors: int,
    error: str | None,
    empty_ok: bool = False,
    failure_threshold: int = 3,
    layout_changed: bool = False,
    duration_seconds: float | None = None,
    stale_factor: float = STALE_FACTOR,
) -> dict[str, Any]:
    """Record one source's crawl outcome and update its health; return the source's new health row.

    A crawl fails when it reported an error, or when its list parsed to zero
    items (unless ``empty_ok``: an API that validly answered "no documents in
    this window"). A source turns unhealthy after ``failure_threshold``
    consecutive failures, at once when its layout no longer parses (zero
    items, or ``layout_changed``), and while it is stale: no new or changed
    notice for longer than ``stale_factor`` times its ``expected_cadence_days``.
    """
    now = utcnow()
    ok = error is None and (items_seen > 0 or empty_ok)
    if error is None and not ok:
        error = "the list parsed to zero items: the page layout may have changed"
    layout_broken = layout_changed or (items_seen == 0 and errors == 0 and not ok)
    with db.atomic():
        db.execute(
            """INSERT INTO source_runs (run_id, source_id, started_at, finished_at, items_seen, new, changed,
                                        unchanged, errors, ok, error, duration_seconds)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [run_id, source_id, started_at, now, items_seen, new, changed, unchanged, errors, int(ok), error,
             duration_seconds],
        )
        db.execute("UPDATE sources SET first_run_at = coalesce(first_run_at, ?) WHERE id = ?", [now, source_id])
        if ok:
            # the first successful crawl closes the source's baseline: its versions so far are the back catalogue
            db.execute(
                """UPDATE sources SET baseline_version_id = (
                       SELECT coalesce(max(v.id), 0) FROM versions v JOIN documents d ON d.id = v.document_id
                       WHERE d.source_id = sources.id)
                   WHERE id = ? AND baseline_version_id IS NULL""",
                [source_id],
            )
            db.execute(
                """UPDATE sources SET consecutive_failures = 0, last_run_at = ?,
                          last_success_at = ?, last_error = NULL,
                          last_new_at = CASE WHEN ? > 0 THEN ? ELSE last_new_at END
                   WHERE id = ?""",
                [now, now, new + changed, now, source_id],
            )
        else:
            log_source_issue(db, source_id, error or "crawl failed")
            db.execute(
                """UPDATE sources SET consecutive_failures = consecutive_failures + 1, last_run_at = ?,
                          last_error = ?
                   WHERE id = ?""",
                [now, error, source_id],
            )
        row = dict(db.table("sources").get(source_id))
        stale_note = staleness(row, now, stale_factor)
        failing = row["consecutive_failures"] >= failure_threshold or (not ok and layout_broken)
        # a failure below the threshold keeps the health it had; success and staleness decide the rest
        healthy = False if failing or stale_note else (True if ok else bool(row["healthy"]))
        last_error = row["last_error"] if not ok else stale_note
        db.execute("UPDATE sources SET healthy = ?, stale = ?, last_error = ? WHERE id = ?",
                   [int(healthy), int(bool(stale_note)), last_error, source_id])
        if stale_note and not row["stale"]:
            log_source_issue(db, source_id, stale_note, level="warning")
    return dict(db.table("sources").get(source_id))


def _aware(stamp: str) -> datetime:
    moment = datetime.fromisoformat(stamp)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def staleness(source: Mapping[str, Any], now: str, factor: float = STALE_FACTOR) -> str | None:
    """Why SOURCE is stale at NOW, or None: no new notice for more than FACTOR × its expected cadence.

    The clock starts at the last new notice, or at the source's first run when it never had one.
    """
    cadence = source.get("expected_cadence_days")
    since = source.get("last_new_at") or source.get("first_run_at")
    if not cadence or not since:
        return None
    try:
        quiet = _aware(now) - _aware(since)
    except ValueError:
        return None
    if quiet <= timedelta(days=factor * float(cadence)):
        return None
    return (f"stale: no new notice for {quiet.days} day(s) (expected about every {cadence:g} day(s)); "
            "the source may have moved or stopped publishing")


def source_health(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every source with its health record, archive counts and its last run (``last_run``, or None)."""
    rows = [dict(row) for row in db.query(
        """SELECT s.*, (SELECT count(*) FROM documents d WHERE d.source_id = s.id) AS notices
           FROM sources s ORDER BY s.jurisdiction, s.id""")]
    for row in rows:
        last = next(db.query(
            """SELECT started_at, finished_at, ok, items_seen, new, changed, unchanged, errors, error,
                      duration_seconds FROM source_runs WHERE source_id = ? ORDER BY id DESC LIMIT 1""",
            [row["id"]]), None)
        row["last_run"] = {**last, "ok": bool(last["ok"])} if last else None
    return rows


def unclassified_versions(db: sqlite_utils.Database, limit: int = 500) -> list[dict[str, Any]]:
    """Versions that have no classification yet, oldest first, with what the classifier reads, the
    publisher's metadata (JSON, as stored) and its source's jurisdiction and time zone (NULL: the jurisdiction's)."""
    return list(
        db.query(
            """SELECT v.id, v.title, v.text, d.language AS lang, d.published, s.agency, v.metadata, s.jurisdiction,
                      s.timezone
               FROM versions v JOIN documents d ON d.id = v.document_id JOIN sources s ON s.id = d.source_id
               LEFT JOIN classifications c ON c.version_id = v.id
               WHERE c.version_id IS NULL ORDER BY v.id LIMIT ?""",
            [limit],
        )
    )


def versions_for_reclassification(db: sqlite_utils.Database, model_version: str, limit: int = 500) -> list[dict[str, Any]]:
    """Versions classified by another model version than ``model_version``, as ``unclassified_versions``."""
    return list(
        db.query(
            """SELECT v.id, v.title, v.text, d.language AS lang, d.published, s.agency, v.metadata, s.jurisdiction,
                      s.timezone
               FROM versions v JOIN documents d ON d.id = v.document_id JOIN sources s ON s.id = d.source_id
               JOIN classifications c ON c.version_id = v.id
               WHERE c.model_version != ? ORDER BY v.id LIMIT ?""",
            [model_version, limit],
        )
    )


def save_classifications(db: sqlite_utils.Database, labels: Iterable[Mapping[str, Any]], model_version: str) -> int:
    """Store one classification per version (``labels[i]["id"]`` is the version id); return how many.

    A label may carry ``gist`` (its English line) and ``frames`` (its direction frames), stored beside it.
    """
    now = utcnow()
    count = 0
    with db.atomic():
        for label in labels:
            db.execute(
                """INSERT OR REPLACE INTO classifications
                   (version_id, model_version, relevant, topics, direction, commodities, hs_codes, eccns,
                    effective_date, doc_ids, classified_at, gist, frames)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [
                    label["id"], model_version, int(bool(label["relevant"])), _json(label["topics"]),
                    label["direction"], _json(label["commodities"]), _json(label["hs_codes"]),
                    _json(label["eccns"]), label["effective_date"], _json(label["doc_ids"]), now,
                    label.get("gist"), _json(label["frames"]) if label.get("frames") is not None else None,
                ],
            )
            count += 1
    return count


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def decode_classification(row: Mapping[str, Any]) -> dict[str, Any]:
    """A classifications row as the taxonomy's keys with JSON lists decoded."""
    out = {key: json.loads(row[key]) for key in TAXONOMY_LIST_KEYS}
    out.update(relevant=bool(row["relevant"]), direction=row["direction"], effective_date=row["effective_date"])
    return out


def classification_frames(row: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The direction frames stored with a classifications row (empty when none were stored)."""
    return json.loads(row["frames"]) if row and row.get("frames") else []


def notice(db: sqlite_utils.Database, document_id: int) -> dict[str, Any] | None:
    """A notice with its source, every version (oldest first) with its classification and publisher's
    metadata (decoded; None when the page had none), and ``metadata``, the current version's."""
    doc = next(db.query(
        """SELECT d.*, s.jurisdiction, s.agency, s.name AS source_name
           FROM documents d JOIN sources s ON s.id = d.source_id WHERE d.id = ?""", [document_id]), None)
    if doc is None:
        return None
    versions = []
    for v in db.query("SELECT * FROM versions WHERE document_id = ? ORDER BY number", [document_id]):
        c = next(db.query("SELECT * FROM classifications WHERE version_id = ?", [v["id"]]), None)
        versions.append({**v, "classification": decode_classification(c) if c else None,
                         "gist": c["gist"] if c else None, "frames": classification_frames(c),
                         "metadata": json.loads(v["metadata"]) if v["metadata"] else None})
    return {**doc, "metadata": versions[-1]["metadata"] if versions else None, "versions": versions}
