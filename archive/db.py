"""Opening the archive and keeping its schema current.

The archive is one SQLite file in WAL mode. Its schema is built by an ordered
list of migrations; each archive records which ones it has, so opening an older
archive upgrades it in place instead of requiring a new one.
"""
from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import sqlite_utils

from archive.clock import utcnow

Migration = Callable[[sqlite_utils.Database], None]


def _m001_initial(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE sources (
            id TEXT PRIMARY KEY,
            family TEXT NOT NULL,
            name TEXT,
            jurisdiction TEXT,
            agency TEXT,
            language TEXT,
            url TEXT,
            expected_cadence_days REAL,
            healthy INTEGER NOT NULL DEFAULT 1,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            last_run_at TEXT,
            last_success_at TEXT,
            last_new_at TEXT,
            last_error TEXT,
            health_notified TEXT
        )"""
    )
    db.execute(
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources(id),
            native_id TEXT NOT NULL,
            url TEXT,
            title TEXT,
            published TEXT,
            language TEXT,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            last_checked TEXT,
            etag TEXT,
            last_modified TEXT,
            current_version_id INTEGER,
            version_count INTEGER NOT NULL DEFAULT 0,
            UNIQUE (source_id, native_id)
        )"""
    )
    db.execute(
        """
        CREATE TABLE versions (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            number INTEGER NOT NULL,
            title TEXT,
            text TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            url TEXT,
            fetched_at TEXT NOT NULL,
            http_status INTEGER,
            etag TEXT,
            last_modified TEXT,
            matched_at TEXT,
            UNIQUE (document_id, number)
        )"""
    )
    db.execute("CREATE INDEX versions_unmatched ON versions(matched_at) WHERE matched_at IS NULL")
    db.execute(
        """
        CREATE TABLE classifications (
            version_id INTEGER PRIMARY KEY REFERENCES versions(id),
            model_version TEXT NOT NULL,
            relevant INTEGER NOT NULL,
            topics TEXT NOT NULL,
            direction TEXT,
            commodities TEXT NOT NULL,
            hs_codes TEXT NOT NULL,
            eccns TEXT NOT NULL,
            effective_date TEXT,
            doc_ids TEXT NOT NULL,
            classified_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE subscriptions (
            id TEXT PRIMARY KEY,
            name TEXT,
            email TEXT NOT NULL,
            mode TEXT NOT NULL,
            digest_time TEXT,
            digest_day TEXT,
            timezone TEXT,
            filters TEXT NOT NULL,
            token TEXT NOT NULL UNIQUE,
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            last_digest_at TEXT
        )"""
    )
    db.execute(
        """
        CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY,
            subscription_id TEXT NOT NULL REFERENCES subscriptions(id),
            message_id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            created_at TEXT NOT NULL,
            sent_at TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT
        )"""
    )
    db.execute(
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            subscription_id TEXT NOT NULL REFERENCES subscriptions(id),
            version_id INTEGER NOT NULL REFERENCES versions(id),
            queued_at TEXT NOT NULL,
            delivery_id INTEGER REFERENCES deliveries(id),
            sent_at TEXT,
            UNIQUE (subscription_id, version_id)
        )"""
    )
    db.execute("CREATE INDEX outbox_pending ON outbox(subscription_id) WHERE sent_at IS NULL")
    db.execute(
        """
        CREATE TABLE delivery_attempts (
            id INTEGER PRIMARY KEY,
            delivery_id INTEGER NOT NULL REFERENCES deliveries(id),
            attempted_at TEXT NOT NULL,
            ok INTEGER NOT NULL,
            error TEXT
        )"""
    )
    db.execute(
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL DEFAULT 'running',
            summary TEXT
        )"""
    )
    db.execute(
        """
        CREATE TABLE source_runs (
            id INTEGER PRIMARY KEY,
            run_id INTEGER REFERENCES runs(id),
            source_id TEXT NOT NULL REFERENCES sources(id),
            started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            items_seen INTEGER NOT NULL,
            new INTEGER NOT NULL,
            changed INTEGER NOT NULL,
            unchanged INTEGER NOT NULL,
            errors INTEGER NOT NULL,
            ok INTEGER NOT NULL,
            error TEXT
        )"""
    )
    db.execute(
        """
        CREATE TABLE source_issues (
            id INTEGER PRIMARY KEY,
            source_id TEXT NOT NULL,
            at TEXT NOT NULL,
            level TEXT NOT NULL,
            message TEXT NOT NULL,
            url TEXT
        )"""
    )


def _add_column(db: sqlite_utils.Database, table: str, column: str, definition: str) -> None:
    if column not in db[table].columns_dict:
        db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")


def _m020_alert_channels(db: sqlite_utils.Database) -> None:
    """Subscriptions kept in the archive, extra delivery channels, retries with backoff (safe to re-apply)."""
    _add_column(db, "subscriptions", "origin", "TEXT NOT NULL DEFAULT 'config'")
    _add_column(db, "subscriptions", "webhook_url", "TEXT")
    _add_column(db, "subscriptions", "apprise_urls", "TEXT NOT NULL DEFAULT '[]'")
    _add_column(db, "subscriptions", "unsubscribed_at", "TEXT")
    db.execute("CREATE INDEX IF NOT EXISTS subscriptions_email ON subscriptions(email)")
    _add_column(db, "deliveries", "channel", "TEXT NOT NULL DEFAULT 'email'")
    _add_column(db, "deliveries", "target", "TEXT")
    _add_column(db, "deliveries", "next_attempt_at", "TEXT")
    db.execute("CREATE INDEX IF NOT EXISTS deliveries_pending ON deliveries(status, next_attempt_at)")
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS delivery_items (
            delivery_id INTEGER NOT NULL REFERENCES deliveries(id),
            version_id INTEGER NOT NULL REFERENCES versions(id),
            PRIMARY KEY (delivery_id, version_id)
        )"""
    )
    db.execute(
        """INSERT OR IGNORE INTO delivery_items (delivery_id, version_id)
           SELECT delivery_id, version_id FROM outbox WHERE delivery_id IS NOT NULL"""
    )
    db.execute("CREATE INDEX IF NOT EXISTS outbox_delivery ON outbox(delivery_id)")
    db.execute("CREATE INDEX IF NOT EXISTS outbox_version ON outbox(version_id)")


def _m010_source_run_health(db: sqlite_utils.Database) -> None:
    """How long each source's crawl took, and whether a source is stale (no new notice for too long)."""
    for table, column, kind in (("source_runs", "duration_seconds", "REAL"),
                                ("sources", "stale", "INTEGER NOT NULL DEFAULT 0"),
                                ("sources", "first_run_at", "TEXT")):
        if column not in db[table].columns_dict:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
    db.execute("UPDATE sources SET first_run_at = (SELECT min(started_at) FROM source_runs r WHERE r.source_id = sources.id)")


def _alnum(expression: str) -> str:
    """SQL that lower-cases EXPRESSION and drops the separators slugs use, so it tokenises as one word."""
    return f"lower(replace(replace(replace(replace({expression}, '_', ''), '-', ''), '.', ''), ' ', ''))"


def search_key(alias: str) -> str:
    """SQL for a notice's row id in the search index: its publication day in the high bits, its id in the low 32.

    Rows come out of the index newest first by row id alone, so a search in date
    order stops after one page instead of sorting every match.
    """
    return (f"((coalesce(CAST(julianday(substr({alias}.published, 1, 10)) AS INTEGER), 0) << 32) "
            f"| {alias}.id)")


# One row per notice: its current version's words, its own ids and one "tag" word per label (jurisdiction, source,
# publication year, relevance, direction, topic, commodity, HS prefix, year of effect). Filters become
# part of the full-text match, so a filtered search reads only the posting lists it needs.
_SEARCH_ROWS_VIEW = f"""
CREATE VIEW IF NOT EXISTS notice_search_rows AS
SELECT d.id AS document_id,
       {search_key("d")} AS search_key,
       coalesce(d.title, v.title, '') AS title,
       v.text AS text,
       d.native_id || coalesce((SELECT ' ' || group_concat(value, ' ') FROM json_each(c.doc_ids)), '') AS ids,
       'jur' || {_alnum("coalesce(s.jurisdiction, 'none')")}
       || ' src' || {_alnum("d.source_id")}
       || coalesce(' y' || substr(d.published, 1, 4), '')
       || CASE WHEN c.version_id IS NULL THEN ' unclassified'
               ELSE CASE WHEN c.relevant THEN ' relevant' ELSE ' notrelevant' END
                    || coalesce(' dir' || {_alnum("c.direction")}, '')
                    || coalesce((SELECT ' ' || group_concat('top' || {_alnum("value")}, ' ')
                                 FROM json_each(c.topics)), '')
                    || coalesce((SELECT ' ' || group_concat('com' || {_alnum("value")}, ' ')
                                 FROM json_each(c.commodities)), '')
                    || coalesce((SELECT ' ' || group_concat(
                                    'hs' || substr(h, 1, 2) || ' hs' || substr(h, 1, 4) || ' hs'
                                    || substr(h, 1, 6) || ' hs' || substr(h, 1, 8) || ' hs' || h, ' ')
                                 FROM (SELECT {_alnum("value")} AS h FROM json_each(c.hs_codes))
                                 WHERE length(h) >= 2), '')
                    || coalesce((SELECT ' ' || group_concat('hsx' || h, ' ')
                                 FROM (SELECT {_alnum("value")} AS h FROM json_each(c.hs_codes))
                                 WHERE length(h) >= 4), '')
                    || coalesce((SELECT ' ' || group_concat('ec' || {_alnum("value")}, ' ')
                                 FROM json_each(CASE WHEN json_valid(c.eccns) THEN c.eccns ELSE '[]' END)), '')
                    || coalesce(' ey' || substr(c.effective_date, 1, 4), '')
          END AS tags
FROM documents d
JOIN versions v ON v.id = d.current_version_id
JOIN sources s ON s.id = d.source_id
LEFT JOIN classifications c ON c.version_id = v.id
"""

_INDEX_DOCUMENTS = """INSERT INTO notice_search (rowid, title, text, ids, tags)
    SELECT search_key, title, text, ids, tags FROM notice_search_rows WHERE document_id IN ({ids});"""


def _m030_search_index(db: sqlite_utils.Database) -> None:
    """A full-text index of the current version of each notice, kept current by triggers.

    Every writer (crawler, classifier, a user's script) keeps it in step without
    knowing of it: the triggers fire inside the writer's own transaction.
    """
    db.execute("CREATE INDEX IF NOT EXISTS documents_current_version ON documents(current_version_id)")
    db.execute("CREATE INDEX IF NOT EXISTS documents_published ON documents(published)")
    db.execute("CREATE INDEX IF NOT EXISTS classifications_effective ON classifications(effective_date)")
    db.execute(_SEARCH_ROWS_VIEW)
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS notice_search USING fts5(title, text, ids, tags, tokenize='unicode61')")
    reindex_changed = "OLD.current_version_id IS NOT NEW.current_version_id OR OLD.title IS NOT NEW.title " \
                      "OR OLD.published IS NOT NEW.published OR OLD.source_id IS NOT NEW.source_id"
    by_version = "SELECT id FROM documents WHERE current_version_id = NEW.version_id"
    keys_by_version = f"SELECT {search_key('d')} FROM documents d WHERE d.current_version_id = NEW.version_id"
    triggers = {
        "notice_search_document_insert": f"""AFTER INSERT ON documents WHEN NEW.current_version_id IS NOT NULL
            BEGIN {_INDEX_DOCUMENTS.format(ids="NEW.id")} END""",
        "notice_search_document_update": f"""AFTER UPDATE ON documents WHEN {reindex_changed}
            BEGIN DELETE FROM notice_search WHERE rowid = {search_key("OLD")};
                  {_INDEX_DOCUMENTS.format(ids="NEW.id")} END""",
        "notice_search_document_delete": f"""AFTER DELETE ON documents
            BEGIN DELETE FROM notice_search WHERE rowid = {search_key("OLD")}; END""",
        "notice_search_classification_insert": f"""AFTER INSERT ON classifications
            WHEN EXISTS (SELECT 1 FROM documents WHERE current_version_id = NEW.version_id)
            BEGIN DELETE FROM notice_search WHERE rowid IN ({keys_by_version});
                  {_INDEX_DOCUMENTS.format(ids=by_version)} END""",
        "notice_search_classification_update": f"""AFTER UPDATE ON classifications
            WHEN EXISTS (SELECT 1 FROM documents WHERE current_version_id = NEW.version_id)
            BEGIN DELETE FROM notice_search WHERE rowid IN ({keys_by_version});
                  {_INDEX_DOCUMENTS.format(ids=by_version)} END""",
        "notice_search_source_update": f"""AFTER UPDATE OF jurisdiction ON sources
            WHEN OLD.jurisdiction IS NOT NEW.jurisdiction
            BEGIN DELETE FROM notice_search WHERE rowid IN
                      (SELECT {search_key("d")} FROM documents d WHERE d.source_id = NEW.id);
                  {_INDEX_DOCUMENTS.format(ids="SELECT id FROM documents WHERE source_id = NEW.id")} END""",
    }
    for name, body in triggers.items():
        db.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
    rebuild_search_index(db)


def _m040_source_baseline(db: sqlite_utils.Database) -> None:
    """Where each source's baseline ends, and which versions were archived as a baseline without alerts.

    ``sources.baseline_version_id`` is the last version id the source's first
    successful crawl archived (NULL until that crawl): the source's versions up
    to it are its back catalogue. Sources that had already succeeded get 0, so
    upgrading a running archive never holds back anything.
    """
    _add_column(db, "sources", "baseline_version_id", "INTEGER")
    _add_column(db, "versions", "baseline", "INTEGER NOT NULL DEFAULT 0")
    db.execute("""UPDATE sources SET baseline_version_id = 0 WHERE baseline_version_id IS NULL
                  AND EXISTS (SELECT 1 FROM source_runs r WHERE r.source_id = sources.id AND r.ok = 1)""")


def rebuild_search_index(db: sqlite_utils.Database) -> None:
    """Fill the current-version search index afresh from the archive (after a bulk load, or to repair it)."""
    db.execute("DELETE FROM notice_search")
    db.execute("INSERT INTO notice_search (rowid, title, text, ids, tags) "
               "SELECT search_key, title, text, ids, tags FROM notice_search_rows")


def _m050_delivery_outcomes(db: sqlite_utils.Database) -> None:
    """Dead letters and stable operator-mail ids (safe to re-apply).

    deliveries: ``failed_at`` (status 'failed': refused for good or retried too
    long), ``refusals`` (permanent refusals since creation or the last manual
    retry) and ``retry_since`` (when a manual retry restarted the retry window).
    delivery_attempts: the server's ``reply_code`` and the attempt's ``outcome``
    (sent, transient, permanent, build). sources: ``health_event``, the pending
    health change the operator is about to be told of, kept until told.
    """
    _add_column(db, "deliveries", "failed_at", "TEXT")
    _add_column(db, "deliveries", "refusals", "INTEGER NOT NULL DEFAULT 0")
    _add_column(db, "deliveries", "retry_since", "TEXT")
    _add_column(db, "delivery_attempts", "reply_code", "INTEGER")
    _add_column(db, "delivery_attempts", "outcome", "TEXT")
    db.execute("CREATE INDEX IF NOT EXISTS delivery_attempts_delivery ON delivery_attempts(delivery_id)")
    _add_column(db, "sources", "health_event", "TEXT")


def _m060_one_search_index(db: sqlite_utils.Database) -> None:
    """One full-text index: ``notice_search`` serves search, the web archive and keyword subscriptions.

    Drops the all-versions index ``versions_fts`` and its triggers; the search rows gain tag words for
    the HS headings a notice lists (``hsx8112``: a notice on heading 8112 concerns 811292 too) and for
    its control codes (``ec3a090``), so every filter compiles to the one index. Subscriptions get
    ``filters_version`` (1: stored before filters had one meaning; see alerts.matching) and
    ``subscription_notes`` records each migration note told to the operator, so it is told once.
    """
    for trigger in ("versions_ai", "versions_ad", "versions_au"):
        db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    db.execute("DROP TABLE IF EXISTS versions_fts")
    db.execute("DROP VIEW IF EXISTS notice_search_rows")
    db.execute(_SEARCH_ROWS_VIEW)
    rebuild_search_index(db)
    _add_column(db, "subscriptions", "filters_version", "INTEGER NOT NULL DEFAULT 2")
    db.execute("UPDATE subscriptions SET filters_version = 1")  # stored before: read with the old meanings once
    db.execute("""CREATE TABLE IF NOT EXISTS subscription_notes (
                      subscription_id TEXT NOT NULL, note TEXT NOT NULL, noted_at TEXT NOT NULL,
                      PRIMARY KEY (subscription_id, note))""")


def _m065_classification_gist(db: sqlite_utils.Database) -> None:
    """Each classification's English gist (one line built from its facts) and its direction frames (JSON list)."""
    _add_column(db, "classifications", "gist", "TEXT")
    _add_column(db, "classifications", "frames", "TEXT")


def _m070_corrections(db: sqlite_utils.Database) -> None:
    """People's corrections of a notice's labels (archive/corrections.py): who, when, what, from which version."""
    db.execute(
        """CREATE TABLE IF NOT EXISTS corrections (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            version_id INTEGER NOT NULL REFERENCES versions(id),
            who TEXT NOT NULL,
            at TEXT NOT NULL,
            changes TEXT NOT NULL,
            note TEXT
        )""")
    db.execute("CREATE INDEX IF NOT EXISTS corrections_document ON corrections(document_id)")


def _m075_publisher_metadata(db: sqlite_utils.Database) -> None:
    """The document metadata the publisher gave beside each version's text (JSON object label → value, as
    written; NULL when the page had none)."""
    _add_column(db, "versions", "metadata", "TEXT")


def _m080_source_timezone(db: sqlite_utils.Database) -> None:
    """The time zone a source's entry names (NULL: its jurisdiction's), so that dates read later from its notices'
    metadata are days in the publisher's zone."""
    _add_column(db, "sources", "timezone", "TEXT")


MIGRATIONS: list[tuple[str, Migration]] = [
    ("001_initial", _m001_initial),
    ("010_source_run_health", _m010_source_run_health),
    ("020_alert_channels", _m020_alert_channels),
    ("030_search_index", _m030_search_index),
    ("040_source_baseline", _m040_source_baseline),
    ("050_delivery_outcomes", _m050_delivery_outcomes),
    ("060_one_search_index", _m060_one_search_index),
    ("065_classification_gist", _m065_classification_gist),
    ("070_corrections", _m070_corrections),
    ("075_publisher_metadata", _m075_publisher_metadata),
    ("080_source_timezone", _m080_source_timezone),
]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply every migration this archive lacks, each in its own transaction; return their names.

    Several processes or threads may open a new or older archive at once (a cron run,
    the daemon's unsubscribe server, the web archive): each migration is applied under
    the write lock, after checking again that no other opener applied it meanwhile.
    """
    db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    applied = []
    for name, migration in MIGRATIONS:
        if _applied(db, name):
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            if not _applied(db, name):
                migration(db)
                db.execute("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)", [name, utcnow()])
                applied.append(name)
            db.execute("COMMIT")
        except BaseException:
            if db.conn.in_transaction:
                db.execute("ROLLBACK")
            raise
    return applied


def _applied(db: sqlite_utils.Database, name: str) -> bool:
    return db.execute("SELECT 1 FROM schema_migrations WHERE name = ?", [name]).fetchone() is not None


def _use_wal(db: sqlite_utils.Database, patience: float = 30.0) -> None:
    """Put the archive in WAL mode (kept in the file once set).

    Switching a new file's journal mode does not wait for another connection doing
    the same, as other statements do: a busy answer is retried until the mode is set.
    """
    deadline = time.monotonic() + patience
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class Archive(sqlite_utils.Database):
    """sqlite-utils' Database whose transactions take the write lock when they begin (``BEGIN IMMEDIATE``).

    A deferred transaction that reads before it writes holds a snapshot; when another process commits first,
    SQLite cannot upgrade it and answers "database is locked" at once, without waiting out the busy timeout.
    Taken at the start, the lock is waited for like any other, so crawler processes writing side by side
    queue instead of failing.
    """

    @contextlib.contextmanager
    def atomic(self) -> Iterator[sqlite_utils.Database]:
        if self.conn.in_transaction:
            with super().atomic() as db:  # nested: a savepoint inside the transaction already open
                yield db
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self.rollback()
                raise


def open_archive(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the archive at PATH, in WAL mode, migrated to the current schema."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
    db = Archive(conn)
    _use_wal(db)
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    db.execute("PRAGMA busy_timeout=30000")
    migrate(db)
    return db
