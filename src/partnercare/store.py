"""SQLite storage: connection, migrations and queries. Nothing else speaks SQL.

The database lives in the data directory (0700) as a 0600 file in WAL mode,
so readers never block the writer and several commands can run at once.
Every write is one transaction; the busy timeout lets concurrent writers
queue instead of failing.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Self

from partnercare import paths
from partnercare.errors import StoreError
from partnercare.models import Entry, EntryFilter, NewEntry

BUSY_TIMEOUT_S = 60.0
# Search ranks at most this many of the newest matches (see search_entries).
RANK_WINDOW = 5000

Migration = tuple[str, Callable[[sqlite3.Connection], None]]


def _tip_reads(conn: sqlite3.Connection) -> None:
    conn.execute(
        """
        CREATE TABLE tip_reads (
            number        INTEGER PRIMARY KEY,
            first_read_at TEXT NOT NULL,
            last_read_at  TEXT NOT NULL,
            times         INTEGER NOT NULL DEFAULT 1
        )
        """
    )


def _settings(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def _entries(conn: sqlite3.Connection) -> None:
    # AUTOINCREMENT: an id, once shown to the user, never names another entry,
    # even after the newest entry is deleted. `date` is the calendar day the
    # entry is about (YYYY-MM-DD); created_at and updated_at are local ISO
    # timestamps with offset. `data` holds a check-in's answers as JSON, NULL
    # for notes.
    conn.execute(
        """
        CREATE TABLE entries (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            uuid       TEXT NOT NULL UNIQUE,
            kind       TEXT NOT NULL CHECK (kind IN ('note', 'checkin')),
            date       TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            text       TEXT NOT NULL,
            starred    INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),
            data       TEXT
        )
        """
    )
    # The list order is (date DESC, created_at DESC, id DESC): one index serves
    # it and date ranges, so `list --limit 20` reads 20 rows at any size.
    conn.execute("CREATE INDEX entries_by_date ON entries (date, created_at, id)")
    conn.execute("CREATE INDEX entries_by_kind ON entries (kind, date, created_at, id)")
    conn.execute("CREATE INDEX entries_starred ON entries (date, created_at, id) WHERE starred = 1")
    # One check-in per day; notes are unlimited.
    conn.execute("CREATE UNIQUE INDEX one_checkin_a_day ON entries (date) WHERE kind = 'checkin'")
    conn.execute(
        """
        CREATE TABLE tags (
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            tag      TEXT NOT NULL COLLATE NOCASE,
            UNIQUE (entry_id, tag)
        )
        """
    )
    conn.execute("CREATE INDEX tags_by_tag ON tags (tag, entry_id)")


def _entries_fts(conn: sqlite3.Connection) -> None:
    # External-content FTS5 over entries.text, kept in step by triggers so the
    # index changes in the same transaction as the row, whoever writes it.
    conn.execute(
        "CREATE VIRTUAL TABLE entries_fts USING fts5("
        " text, content='entries', content_rowid='id',"
        " tokenize='porter unicode61 remove_diacritics 2')"
    )
    conn.execute(
        "CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN"
        " INSERT INTO entries_fts (rowid, text) VALUES (new.id, new.text); END"
    )
    conn.execute(
        "CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN"
        " INSERT INTO entries_fts (entries_fts, rowid, text) VALUES ('delete', old.id, old.text);"
        " END"
    )
    conn.execute(
        "CREATE TRIGGER entries_fts_update AFTER UPDATE OF text ON entries BEGIN"
        " INSERT INTO entries_fts (entries_fts, rowid, text) VALUES ('delete', old.id, old.text);"
        " INSERT INTO entries_fts (rowid, text) VALUES (new.id, new.text); END"
    )
    conn.execute("INSERT INTO entries_fts (entries_fts) VALUES ('rebuild')")


# The schema's history, oldest first. Append only: a step, once released, is
# never edited or reordered, because databases in the wild record its name.
MIGRATIONS: list[Migration] = [
    ("0001_tip_reads", _tip_reads),
    ("0002_settings", _settings),
    ("0003_entries", _entries),
    ("0004_entries_fts", _entries_fts),
]


@contextmanager
def _errors_named(path: Path) -> Iterator[None]:
    """Turn any SQLite failure into a one-line StoreError that names the file."""
    try:
        yield
    except sqlite3.Error as exc:
        message = str(exc)
        if "not a database" in message or "malformed" in message:
            raise StoreError(f"{path} is not a partnercare database ({message})") from exc
        if "readonly" in message or "read-only" in message:
            raise StoreError(f"{path} is read-only; partnercare cannot save to it") from exc
        raise StoreError(f"cannot use {path}: {message}") from exc


@contextmanager
def _fts_query(path: Path) -> Iterator[None]:
    """Run a full-text query: a syntax error in the expression becomes FtsQueryError
    (the caller tries a plainer form), any other failure a StoreError."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        message = str(exc)
        if message.startswith(
            ("fts5:", "no such column", "unknown special query", "unterminated string")
        ):
            raise FtsQueryError(message) from None
        with _errors_named(path):
            raise


class Store:
    """An open partnercare database."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    # -- opening -----------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None = None) -> Self:
        """Open (creating if needed) the database and bring its schema up to date.

        1. Create the data directory 0700 and the file 0600 if missing.
        2. Refuse a file that is read-only, not a database, or newer than us,
           before anything is written to it.
        3. Switch to WAL and apply pending migrations, one transaction each.
        """
        try:
            if path is None:
                paths.ensure_data_dir()
                path = paths.db_path()
            else:
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not path.exists():
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
            elif not os.access(path, os.W_OK):
                raise StoreError(f"{path} is read-only; partnercare cannot save to it")
        except OSError as exc:
            # PARTNERCARE_HOME is a file, /dev/null, or under one; a parent not ours.
            where = path if path is not None else paths.data_dir()
            raise StoreError(f"cannot use {where}: {exc.strerror or exc}") from None
        store = cls(cls._connect(path), path)
        try:
            store._prepare()
        except BaseException:
            store.close()
            raise
        return store

    @classmethod
    def open_existing(cls, path: Path | None = None) -> Self | None:
        """Open the database only if it exists, so reading never creates files."""
        path = path or paths.db_path()
        if not path.exists():
            return None
        return cls.open(path)

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        with _errors_named(path):
            # isolation_level=None: we issue BEGIN/COMMIT ourselves.
            return sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)

    def _prepare(self) -> None:
        # While another process switches a brand-new file to WAL, SQLite can
        # answer "database is locked" at once, without waiting out the busy
        # timeout; every step here is idempotent, so wait and try again.
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                with _errors_named(self.path):
                    self._prepare_once()
                return
            except StoreError as exc:
                locked = isinstance(exc.__cause__, sqlite3.OperationalError) and (
                    "locked" in str(exc.__cause__) or "busy" in str(exc.__cause__)
                )
                if not locked or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _prepare_once(self) -> None:
        applied = self._applied_migrations()
        known = {name for name, _ in MIGRATIONS}
        unknown = sorted(set(applied) - known)
        if unknown:
            raise StoreError(
                f"{self.path} was written by a newer version of partnercare "
                f"(schema step {unknown[-1]}); please upgrade partnercare"
            )
        if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            self.conn.execute("PRAGMA journal_mode=WAL")
        # FULL: a reported save survives even a power cut, not just a crash.
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        if len(applied) < len(MIGRATIONS):
            self._migrate()

    def _applied_migrations(self) -> list[str]:
        exists = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'"
        ).fetchone()
        if not exists:
            return []
        return [row[0] for row in self.conn.execute("SELECT name FROM _migrations")]

    def _migrate(self) -> None:
        for name, step in MIGRATIONS:
            # Re-check inside the write lock: another process may have just applied it.
            with self.transaction():
                self.conn.execute(
                    "CREATE TABLE IF NOT EXISTS _migrations ("
                    " name TEXT PRIMARY KEY,"
                    " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))"
                )
                done = self.conn.execute(
                    "SELECT 1 FROM _migrations WHERE name = ?", (name,)
                ).fetchone()
                if done:
                    continue
                step(self.conn)
                self.conn.execute("INSERT INTO _migrations (name) VALUES (?)", (name,))

    def applied_migrations(self) -> list[str]:
        with _errors_named(self.path):
            return self._applied_migrations()

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is saved, or none of it."""
        with _errors_named(self.path):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        with _errors_named(self.path):
            yield self.conn

    # -- tips --------------------------------------------------------------

    def mark_tip_read(self, number: int, when: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO tip_reads (number, first_read_at, last_read_at) VALUES (?, ?, ?) "
                "ON CONFLICT (number) DO UPDATE SET last_read_at = excluded.last_read_at, "
                "times = times + 1",
                (number, when, when),
            )

    def tips_read(self) -> dict[int, str]:
        """Tip number -> when it was first read (ISO timestamp)."""
        with self.reading() as conn:
            rows = conn.execute("SELECT number, first_read_at FROM tip_reads")
            return {int(number): str(first) for number, first in rows}

    # -- journal entries -----------------------------------------------------

    def add_entry(self, new: NewEntry) -> int:
        """Save one entry with its tags (and, by trigger, its search index) at once."""
        with self.transaction() as conn:
            return _insert_entry(conn, new)

    def import_entries(self, entries: Iterable[NewEntry]) -> tuple[int, int]:
        """Add entries whose UUID is not here yet, all in one transaction: (added, skipped).

        A check-in for a day that already has one is skipped too, so importing
        never replaces what the user has.
        """
        added = skipped = 0
        with self.transaction() as conn:
            for new in entries:
                if conn.execute("SELECT 1 FROM entries WHERE uuid = ?", (new.uuid,)).fetchone():
                    skipped += 1
                    continue
                if (
                    new.kind == "checkin"
                    and conn.execute(
                        "SELECT 1 FROM entries WHERE kind = 'checkin' AND date = ?",
                        (new.day.isoformat(),),
                    ).fetchone()
                ):
                    skipped += 1
                    continue
                _insert_entry(conn, new)
                added += 1
        return added, skipped

    def get_entry(self, entry_id: int) -> Entry | None:
        with self.reading() as conn:
            row = conn.execute(f"{_SELECT} WHERE e.id = ?", (entry_id,)).fetchone()
            return None if row is None else _entry(row)

    def list_entries(self, filters: EntryFilter, *, limit: int | None) -> list[Entry]:
        """Newest first: (date, created_at, id) descending, LIMIT done by SQLite."""
        where, params = _where(filters)
        sql = f"{_SELECT} {where} ORDER BY e.date DESC, e.created_at DESC, e.id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self.reading() as conn:
            return [_entry(row) for row in conn.execute(sql, params)]

    def iter_entries(self, filters: EntryFilter) -> Iterator[Entry]:
        """Oldest first, one row at a time, so an export's memory stays flat."""
        where, params = _where(filters)
        sql = f"{_SELECT} {where} ORDER BY e.date, e.created_at, e.id"
        with self.reading() as conn:
            for row in conn.execute(sql, params):
                yield _entry(row)

    def search_entries(
        self, match: str, filters: EntryFilter, *, limit: int | None, marks: tuple[str, str]
    ) -> list[tuple[Entry, str]]:
        """Entries matching an FTS5 expression, best first, each with a marked snippet.

        Raises FtsQueryError if SQLite rejects the expression's syntax.
        """
        # Two steps: rank the matches but fetch only the ids (the entry columns
        # and snippet are costly), then build the few shown. Only the newest
        # RANK_WINDOW matches are ranked: bm25 over half of a 100,000-entry
        # journal took 60 ms, and a query that broad is narrowed by the caller
        # telling the user (see `count_matches`).
        where, params = _where(filters, prefix="AND")
        ranked = (
            "SELECT id FROM ("
            " SELECT e.id AS id, entries_fts.rank AS r, e.date AS d, e.created_at AS c"
            " FROM entries_fts JOIN entries e ON e.id = entries_fts.rowid"
            f" WHERE entries_fts MATCH ? {where}"
            " ORDER BY entries_fts.rowid DESC LIMIT ?)"
            " ORDER BY r, d DESC, c DESC, id DESC"
        )
        args: list[object] = [match, *params, RANK_WINDOW]
        if limit is not None:
            ranked += " LIMIT ?"
            args.append(limit)
        one = (
            f"SELECT {_COLUMNS}, snippet(entries_fts, 0, ?, ?, '…', 16)"
            " FROM entries_fts JOIN entries e ON e.id = entries_fts.rowid"
            " WHERE entries_fts MATCH ? AND entries_fts.rowid = ?"
        )
        with _fts_query(self.path):
            ids = [row[0] for row in self.conn.execute(ranked, args)]
            rows = [
                self.conn.execute(one, (marks[0], marks[1], match, entry_id)).fetchone()
                for entry_id in ids
            ]
        return [(_entry(row[:-1]), str(row[-1])) for row in rows]

    def count_matches(self, match: str, filters: EntryFilter, *, up_to: int) -> int:
        """How many entries an FTS5 expression matches under the filters, counting
        no further than `up_to` (a full count of a broad query costs as much as ranking it)."""
        where, params = _where(filters, prefix="AND")
        query = (
            "SELECT count(*) FROM (SELECT 1 FROM entries_fts"
            " JOIN entries e ON e.id = entries_fts.rowid"
            f" WHERE entries_fts MATCH ? {where} LIMIT ?)"
        )
        with _fts_query(self.path):
            return int(self.conn.execute(query, [match, *params, up_to]).fetchone()[0])

    def update_entry(
        self,
        entry_id: int,
        *,
        updated_at: str,
        text: str | None = None,
        starred: bool | None = None,
    ) -> bool:
        """Change an entry's text and/or star; False if there is no such entry."""
        sets: list[str] = ["updated_at = ?"]
        params: list[object] = [updated_at]
        if text is not None:
            sets.append("text = ?")
            params.append(text)
        if starred is not None:
            sets.append("starred = ?")
            params.append(int(starred))
        with self.transaction() as conn:
            cursor = conn.execute(
                f"UPDATE entries SET {', '.join(sets)} WHERE id = ?", (*params, entry_id)
            )
            return cursor.rowcount == 1

    def delete_entry(self, entry_id: int) -> bool:
        with self.transaction() as conn:
            return conn.execute("DELETE FROM entries WHERE id = ?", (entry_id,)).rowcount == 1

    def upsert_checkin(self, new: NewEntry) -> tuple[int, bool]:
        """Save the day's check-in, replacing an earlier one for that day: (id, replaced).

        A replaced check-in keeps its id, uuid and created_at, so exports and
        imports still see one entry per day.
        """
        with self.transaction() as conn:
            row = conn.execute(
                "SELECT id FROM entries WHERE kind = 'checkin' AND date = ?",
                (new.day.isoformat(),),
            ).fetchone()
            if row is None:
                return _insert_entry(conn, new), False
            entry_id = int(row[0])
            conn.execute(
                # A star the user gave the day's check-in stays.
                "UPDATE entries SET text = ?, data = ?, updated_at = ?,"
                " starred = max(starred, ?) WHERE id = ?",
                (new.text, _dump_data(new.data), new.updated_at, int(new.starred), entry_id),
            )
            conn.execute("DELETE FROM tags WHERE entry_id = ?", (entry_id,))
            _insert_tags(conn, entry_id, new.tags)
            return entry_id, True

    def checkin_on(self, day: date) -> Entry | None:
        with self.reading() as conn:
            row = conn.execute(
                f"{_SELECT} WHERE e.kind = 'checkin' AND e.date = ?", (day.isoformat(),)
            ).fetchone()
            return None if row is None else _entry(row)

    def who5_scores(self, until: date, count: int) -> list[tuple[date, int]]:
        """The last `count` WHO-5 scores saved on or before until, newest first.

        SQLite picks them out of the saved answers, so a check-in history of years
        is not decoded to find the last score or two.
        """
        with self.reading() as conn:
            rows = conn.execute(
                "SELECT date, json_extract(data, '$.who5_score') AS score FROM entries"
                " WHERE kind = 'checkin' AND date <= ? AND json_valid(data)"
                " AND json_type(data, '$.who5_score') = 'integer' AND score BETWEEN 0 AND 100"
                " ORDER BY date DESC LIMIT ?",
                (until.isoformat(), count),
            )
            return [(date.fromisoformat(day), int(score)) for day, score in rows]

    def last_checkins(self, until: date, count: int) -> list[tuple[date, dict[str, Any]]]:
        """The last `count` check-ins on or before until, oldest first, however far apart."""
        with self.reading() as conn:
            rows = conn.execute(
                "SELECT date, data FROM entries WHERE kind = 'checkin' AND date <= ?"
                " ORDER BY date DESC LIMIT ?",
                (until.isoformat(), count),
            )
            found = [(date.fromisoformat(day), _load_data(data) or {}) for day, data in rows]
        return found[::-1]

    def checkins_between(self, since: date, until: date) -> list[tuple[date, dict[str, Any]]]:
        """Each day's check-in answers from since to until (inclusive), oldest first."""
        with self.reading() as conn:
            rows = conn.execute(
                "SELECT date, data FROM entries WHERE kind = 'checkin' AND date BETWEEN ? AND ?"
                " ORDER BY date",
                (since.isoformat(), until.isoformat()),
            )
            return [(date.fromisoformat(day), _load_data(data) or {}) for day, data in rows]


def read_legacy_settings(path: Path) -> dict[str, str]:
    """The `settings` table of a database from before settings.json.

    `immutable=1`: no lock is taken or waited on, and nothing is written, not
    even a WAL index (help-now calls this, and must neither hang nor change a
    file it may not understand). It reads the main file only, where partnercare
    0.1's settings are once its last connection has closed. Raises sqlite3.Error
    or OSError when the file cannot be read.
    """
    from urllib.parse import quote

    uri = f"file:{quote(str(path))}?mode=ro&immutable=1"
    conn = sqlite3.connect(uri, uri=True, timeout=0)
    try:
        exists = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings'"
        ).fetchone()
        if not exists:
            return {}
        return {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM settings")}
    finally:
        conn.close()


class FtsQueryError(StoreError):
    """SQLite could not parse a full-text query expression."""


_COLUMNS = (
    "e.id, e.uuid, e.kind, e.date, e.created_at, e.updated_at, e.text, e.starred, e.data,"
    " (SELECT json_group_array(tag) FROM"
    " (SELECT tag FROM tags WHERE entry_id = e.id ORDER BY rowid))"
)
_SELECT = f"SELECT {_COLUMNS} FROM entries e"


def _where(filters: EntryFilter, *, prefix: str = "WHERE") -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if filters.since is not None:
        clauses.append("e.date >= ?")
        params.append(filters.since.isoformat())
    if filters.until is not None:
        clauses.append("e.date <= ?")
        params.append(filters.until.isoformat())
    if filters.kind is not None:
        clauses.append("e.kind = ?")
        params.append(filters.kind)
    if filters.starred:
        # A literal, so the partial index on starred entries can serve it.
        clauses.append("e.starred = 1")
    for tag in filters.tags:
        clauses.append("EXISTS (SELECT 1 FROM tags t WHERE t.entry_id = e.id AND t.tag = ?)")
        params.append(tag)
    if not clauses:
        return "", params
    return f"{prefix} {' AND '.join(clauses)}", params


# json is imported where it is used: reading a tip opens the store but never
# touches an entry, and the import is a millisecond of its start-up.


def _dump_data(data: dict[str, Any] | None) -> str | None:
    import json

    return None if data is None else json.dumps(data, ensure_ascii=False)


def _load_data(raw: str | None) -> dict[str, Any] | None:
    import json

    if raw is None:
        return None
    loaded = json.loads(raw)
    return loaded if isinstance(loaded, dict) else {"value": loaded}


def _insert_tags(conn: sqlite3.Connection, entry_id: int, tags: Sequence[str]) -> None:
    # Tags compare without case (NOCASE); the first spelling given is kept.
    conn.executemany(
        "INSERT OR IGNORE INTO tags (entry_id, tag) VALUES (?, ?)",
        [(entry_id, tag) for tag in tags],
    )


def _insert_entry(conn: sqlite3.Connection, new: NewEntry) -> int:
    cursor = conn.execute(
        "INSERT INTO entries (uuid, kind, date, created_at, updated_at, text, starred, data)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            new.uuid,
            new.kind,
            new.day.isoformat(),
            new.created_at,
            new.updated_at,
            new.text,
            int(new.starred),
            _dump_data(new.data),
        ),
    )
    entry_id = cursor.lastrowid
    assert entry_id is not None
    _insert_tags(conn, entry_id, new.tags)
    return entry_id


def _entry(row: Sequence[Any]) -> Entry:
    import json

    return Entry(
        id=int(row[0]),
        uuid=str(row[1]),
        kind=str(row[2]),
        day=date.fromisoformat(row[3]),
        created_at=str(row[4]),
        updated_at=str(row[5]),
        text=str(row[6]),
        starred=bool(row[7]),
        data=_load_data(row[8]),
        tags=tuple(json.loads(row[9])) if row[9] else (),
    )
