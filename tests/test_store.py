"""The store: migrations, refusing unusable files without touching them, permissions."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest

from partnercare import paths
from partnercare.errors import StoreError
from partnercare.models import EntryFilter, NewEntry
from partnercare.store import MIGRATIONS, Store


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
        store.add_entry(_new("kept"))
    with Store.open() as store:
        assert len(store.applied_migrations()) == len(MIGRATIONS)
        assert [e.text for e in store.list_entries(EntryFilter(), limit=None)] == ["kept"]


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
    conn = sqlite3.connect(db)
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
        entry_id = store.add_entry(_new("walked by the river"))
        marks = ("[", "]")
        assert [
            e.id for e, _ in store.search_entries('"river"', EntryFilter(), limit=None, marks=marks)
        ] == [entry_id]
        store.update_entry(entry_id, text="sat by the lake", updated_at="x")
        assert store.search_entries('"river"', EntryFilter(), limit=None, marks=marks) == []
        assert len(store.search_entries('"lake"', EntryFilter(), limit=None, marks=marks)) == 1
        store.delete_entry(entry_id)
        assert store.search_entries('"lake"', EntryFilter(), limit=None, marks=marks) == []
        check = store.conn.execute(
            "INSERT INTO entries_fts (entries_fts, rank) VALUES ('integrity-check', 1)"
        )
        assert check is not None


def test_failed_write_leaves_nothing_behind() -> None:
    with Store.open() as store:
        first = _new("one")
        store.add_entry(first)
        with pytest.raises(StoreError):
            store.add_entry(_new("dup uuid", uuid=first.uuid, tags=("x",)))
        assert len(store.list_entries(EntryFilter(), limit=None)) == 1
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
        entry_id = store.add_entry(_new(tags=("a", "b")))
        store.delete_entry(entry_id)
        assert store.conn.execute("SELECT count(*) FROM tags").fetchone()[0] == 0


def test_one_checkin_per_day_is_enforced_by_the_schema() -> None:
    with Store.open() as store:
        store.add_entry(_new(kind="checkin", data={"mood": 3}))
        with pytest.raises(StoreError):
            store.add_entry(_new(kind="checkin", data={"mood": 4}))


def test_ids_are_never_reused_after_a_delete() -> None:
    with Store.open() as store:
        first = store.add_entry(_new("one"))
        store.delete_entry(first)
        assert store.add_entry(_new("two")) == first + 1
