"""SQLite storage: connection, migrations and queries. Nothing else speaks SQL.

The database lives in the data directory (0700) as a 0600 file in WAL mode,
so readers never block the writer and several commands can run at once.
Every write is one transaction; the busy timeout lets concurrent writers
queue instead of failing.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from partnercare import paths
from partnercare.errors import StoreError

BUSY_TIMEOUT_S = 60.0

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


# The schema's history, oldest first. Append only: a step, once released, is
# never edited or reordered, because databases in the wild record its name.
MIGRATIONS: list[Migration] = [
    ("0001_tip_reads", _tip_reads),
    ("0002_settings", _settings),
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
        if path is None:
            paths.ensure_data_dir()
            path = paths.db_path()
        else:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        elif not os.access(path, os.W_OK):
            raise StoreError(f"{path} is read-only; partnercare cannot save to it")
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
        with _errors_named(self.path):
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

    # -- settings ----------------------------------------------------------

    def get_setting(self, key: str) -> str | None:
        with self.reading() as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
            return None if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
