"""The store: migrations, refusing unusable files without touching them, permissions."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from helpers import raw_connect
from partnercare import paths
from partnercare.errors import StoreError
from partnercare.models import EntryFilter, NewEntry
from partnercare.store import Store, entries
from partnercare.store.schema import MIGRATIONS

# The store's tests run on a plain journal (sqlite3) and an encrypted one (sqlcipher3).
pytestmark = pytest.mark.usefixtures("both_drivers")


def _new(text: str = "a note", *, day: date = date(2026, 11, 25), **kw: object) -> NewEntry:
    import uuid

    fields: dict[str, object] = {
        "uuid": str(uuid.uuid4()),
        "kind": "note",
        "day": day,
        "created_at": "2026-11-25T09:00:00+00:00",
        "updated_at": "2026-11-25T09:00:00+00:00",
        "text": text,
    }
    fields.update(kw)
    return NewEntry(**fields)  # type: ignore[arg-type]


def _snapshot(path: Path) -> tuple[bytes, int, list[str]]:
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(path.parent))


def test_every_migration_is_recorded_once_in_order(isolated_home: Path) -> None:
    with Store.open() as store:
        assert store.applied_migrations() == [name for name, _ in MIGRATIONS]
    assert "0003_entries" in [name for name, _ in MIGRATIONS]
    assert "0004_entries_fts" in [name for name, _ in MIGRATIONS]


def test_opening_again_is_idempotent_and_keeps_data() -> None:
    with Store.open() as store:
        entries.add(store, _new("kept"))
    with Store.open() as store:
        assert len(store.applied_migrations()) == len(MIGRATIONS)
        assert [e.text for e in entries.newest(store, EntryFilter(), limit=None)] == ["kept"]


def test_database_is_0600_in_a_0700_directory(isolated_home: Path) -> None:
    Store.open().close()
    assert stat.S_IMODE(paths.data_dir().stat().st_mode) == 0o700
    assert stat.S_IMODE(paths.db_path().stat().st_mode) == 0o600


def test_wal_mode_and_integrity() -> None:
    with Store.open() as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_newer_schema_is_refused_and_file_left_alone() -> None:
    Store.open().close()
    db = paths.db_path()
    conn = raw_connect(db)
    conn.execute("INSERT INTO _migrations (name) VALUES ('9999_from_the_future')")
    conn.commit()
    conn.close()
    before = _snapshot(db)
    with pytest.raises(StoreError) as info:
        Store.open()
    assert str(db) in str(info.value)
    assert "newer" in str(info.value)
    assert _snapshot(db) == before


def test_not_a_database_is_refused_and_file_left_alone() -> None:
    paths.ensure_data_dir()
    db = paths.db_path()
    db.write_bytes(b"this is my shopping list, not a database\n" * 100)
    before = _snapshot(db)
    with pytest.raises(StoreError) as info:
        Store.open()
    assert str(db) in str(info.value)
    assert "not a partnercare database" in str(info.value)
    assert _snapshot(db) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write read-only files")
def test_read_only_database_is_refused_and_file_left_alone() -> None:
    Store.open().close()
    db = paths.db_path()
    db.chmod(0o400)
    before = _snapshot(db)
    try:
        with pytest.raises(StoreError) as info:
            Store.open()
    finally:
        db.chmod(0o600)
    assert str(db) in str(info.value)
    assert "read-only" in str(info.value)
    assert _snapshot(db)[0] == before[0]


def test_read_only_check_message_even_as_root(monkeypatch: pytest.MonkeyPatch) -> None:
    # Root bypasses file modes, so the access check is exercised through its seam.
    Store.open().close()
    db = paths.db_path()
    before = _snapshot(db)
    monkeypatch.setattr(os, "access", lambda *_a, **_k: False)
    with pytest.raises(StoreError, match="read-only"):
        Store.open()
    assert _snapshot(db) == before


def test_fts_index_follows_insert_update_delete_in_the_same_transaction() -> None:
    with Store.open() as store:
        entry_id = entries.add(store, _new("walked by the river"))
        marks = ("[", "]")
        assert [
            e.id
            for e, _ in entries.search(store, '"river"', EntryFilter(), limit=None, marks=marks)
        ] == [entry_id]
        entries.update(store, entry_id, text="sat by the lake", updated_at="x")
        assert entries.search(store, '"river"', EntryFilter(), limit=None, marks=marks) == []
        assert len(entries.search(store, '"lake"', EntryFilter(), limit=None, marks=marks)) == 1
        entries.delete(store, entry_id)
        assert entries.search(store, '"lake"', EntryFilter(), limit=None, marks=marks) == []
        check = store.conn.execute(
            "INSERT INTO entries_fts (entries_fts, rank) VALUES ('integrity-check', 1)"
        )
        assert check is not None


def test_failed_write_leaves_nothing_behind() -> None:
    with Store.open() as store:
        first = _new("one")
        entries.add(store, first)
        with pytest.raises(StoreError):
            entries.add(store, _new("dup uuid", uuid=first.uuid, tags=("x",)))
        assert len(entries.newest(store, EntryFilter(), limit=None)) == 1
        assert store.conn.execute("SELECT count(*) FROM tags").fetchone()[0] == 0


def test_list_uses_the_date_index_not_a_scan_and_sort() -> None:
    with Store.open() as store:
        plan = " ".join(
            str(row[3])
            for row in store.conn.execute(
                "EXPLAIN QUERY PLAN SELECT id FROM entries e "
                "ORDER BY e.date DESC, e.created_at DESC, e.id DESC LIMIT 20"
            )
        )
    assert "entries_by_date" in plan
    assert "TEMP B-TREE" not in plan


def test_deleting_an_entry_removes_its_tags() -> None:
    with Store.open() as store:
        entry_id = entries.add(store, _new(tags=("a", "b")))
        entries.delete(store, entry_id)
        assert store.conn.execute("SELECT count(*) FROM tags").fetchone()[0] == 0


def test_one_checkin_per_day_is_enforced_by_the_schema() -> None:
    with Store.open() as store:
        entries.add(store, _new(kind="checkin", data={"mood": 3}))
        with pytest.raises(StoreError):
            entries.add(store, _new(kind="checkin", data={"mood": 4}))


def test_ids_are_never_reused_after_a_delete() -> None:
    with Store.open() as store:
        first = entries.add(store, _new("one"))
        entries.delete(store, first)
        assert entries.add(store, _new("two")) == first + 1


# -- another DB-API driver -------------------------------------------------------------
# Encryption will bring a driver (sqlcipher3) whose exceptions are its own classes,
# not sqlite3's. This stand-in wraps sqlite3 and re-raises its errors as foreign
# classes, so the store must match errors through the driver it was given.


class _ForeignError(Exception):
    pass


class _ForeignOperationalError(_ForeignError):
    pass


def _foreign(call: Any, *args: object) -> Any:
    try:
        return call(*args)
    except sqlite3.OperationalError as exc:
        raise _ForeignOperationalError(str(exc)) from None
    except sqlite3.Error as exc:
        raise _ForeignError(str(exc)) from None


class _ForeignCursor:
    """Errors while fetching or iterating rows are foreign too."""

    def __init__(self, inner: sqlite3.Cursor) -> None:
        self._inner = inner
        self.rowcount = inner.rowcount
        self.lastrowid = inner.lastrowid

    def fetchone(self) -> Any:
        return _foreign(self._inner.fetchone)

    def fetchall(self) -> Any:
        return _foreign(self._inner.fetchall)

    def __iter__(self) -> Iterator[Any]:
        while (row := self.fetchone()) is not None:
            yield row


class _ForeignConnection:
    def __init__(self, inner: sqlite3.Connection) -> None:
        self._inner = inner

    def execute(self, *args: object) -> _ForeignCursor:
        return _ForeignCursor(_foreign(self._inner.execute, *args))

    def executemany(self, *args: object) -> _ForeignCursor:
        return _ForeignCursor(_foreign(self._inner.executemany, *args))

    def close(self) -> None:
        self._inner.close()


def _foreign_driver() -> object:
    import types

    driver = types.ModuleType("foreign_driver")
    driver.Error = _ForeignError  # type: ignore[attr-defined]
    driver.OperationalError = _ForeignOperationalError  # type: ignore[attr-defined]

    def connect(path: str, **kwargs: object) -> _ForeignConnection:
        try:
            return _ForeignConnection(sqlite3.connect(path, **kwargs))  # type: ignore[call-overload]
        except sqlite3.Error as exc:
            raise _ForeignError(str(exc)) from None

    driver.connect = connect  # type: ignore[attr-defined]
    return driver


def test_another_driver_opens_migrates_and_saves(tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    with Store.open(db, driver=_foreign_driver()) as store:  # type: ignore[arg-type]
        entries.add(store, _new("through another driver"))
        assert [e.text for e in entries.newest(store, EntryFilter(), limit=None)] == [
            "through another driver"
        ]
    with Store.open(db) as store:
        assert len(store.applied_migrations()) == len(MIGRATIONS)


def test_another_drivers_errors_become_one_line_store_errors(tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    db.write_bytes(b"this is not a database at all" * 200)
    before = _snapshot(db)
    with pytest.raises(StoreError, match="is not a partnercare database"):
        Store.open(db, driver=_foreign_driver())  # type: ignore[arg-type]
    assert _snapshot(db) == before


def test_another_drivers_lock_is_a_one_line_store_error(tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    with Store.open(db, driver=_foreign_driver()) as store:  # type: ignore[arg-type]
        entries.add(store, _new("kept"))
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with Store.open(db, driver=_foreign_driver()) as store:  # type: ignore[arg-type]
            store.conn.execute("PRAGMA busy_timeout = 50")
            with pytest.raises(StoreError, match="locked"), store.transaction():
                pass
    finally:
        holder.close()


def test_another_driver_reads_rows_one_at_a_time_and_keeps_odd_answers(tmp_path: Path) -> None:
    db = tmp_path / "journal.db"
    with Store.open(db, driver=_foreign_driver()) as store:  # type: ignore[arg-type]
        for n in range(3):
            entries.add(store, _new(f"entry {n}"))
        # Rows come through the driver's own cursor; answers that are not JSON are kept.
        store.conn.execute("UPDATE entries SET data = 'x' WHERE id = 2")
        rows = list(entries.oldest_first(store, EntryFilter()))
        assert [e.text for e in rows] == ["entry 0", "entry 1", "entry 2"]
        assert rows[1].data == {"value": "x"}  # saved answers that are not JSON, kept


def test_another_drivers_fts_syntax_error_is_told_apart(tmp_path: Path) -> None:
    from partnercare.store import FtsQueryError

    with Store.open(tmp_path / "j.db", driver=_foreign_driver()) as store:  # type: ignore[arg-type]
        entries.add(store, _new("walked by the river"))
        with pytest.raises(FtsQueryError):
            entries.search(store, "walk AND", EntryFilter(), limit=None, marks=("[", "]"))
        with pytest.raises(StoreError, match="cannot use"), store.transaction() as conn:
            conn.execute("INSERT INTO no_such_table VALUES (1)")


# -- a database another program made ---------------------------------------------------


def _foreign_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("CREATE TABLE settings (key TEXT, value TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('not ours')")
    conn.execute("INSERT INTO settings VALUES ('country', 'IE')")
    conn.commit()
    conn.close()


def test_a_foreign_database_is_refused_and_left_byte_for_byte(tmp_path: Path) -> None:
    db = tmp_path / "partnercare.db"
    _foreign_database(db)
    before = db.read_bytes()
    with pytest.raises(StoreError, match="another program's database"):
        Store.open(db)
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["partnercare.db"]


def test_a_new_database_and_an_old_partnercare_one_are_marked_as_ours(tmp_path: Path) -> None:
    from partnercare.store.connection import APPLICATION_ID

    with Store.open(tmp_path / "new.db") as store:
        assert store.conn.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
    old = tmp_path / "old.db"
    with Store.open(old) as store:
        entries.add(store, _new("kept"))
        store.conn.execute("PRAGMA application_id = 0")  # as every database before the mark
    with Store.open(old) as store:
        assert store.conn.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
        assert [e.text for e in entries.newest(store, EntryFilter(), limit=None)] == ["kept"]


def test_another_programs_mark_is_refused_even_without_tables(tmp_path: Path) -> None:
    db = tmp_path / "partnercare.db"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA application_id = 1234")
    conn.close()
    before = db.read_bytes()
    with pytest.raises(StoreError, match="another program's database"):
        Store.open(db)
    assert db.read_bytes() == before


def test_commands_refuse_a_foreign_database_in_one_line(isolated_home: Path) -> None:
    from typer.testing import CliRunner

    from partnercare.cli import app

    isolated_home.mkdir(parents=True, exist_ok=True)
    db = isolated_home / "partnercare.db"
    _foreign_database(db)
    before = db.read_bytes()
    runner = CliRunner()
    for args in (["journal", "list"], ["journal", "add", "x"], [], ["tips", "2"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1, args
        assert result.stderr.count("\n") == 1 and "another program's database" in result.stderr
    # the crisis screen still shows, and another program's settings are not read as ours
    crisis = runner.invoke(app, ["help-now", "--json"])
    assert crisis.exit_code == 0
    assert json.loads(crisis.stdout)["country"] == "US"  # the default, not the other's IE
    assert db.read_bytes() == before
