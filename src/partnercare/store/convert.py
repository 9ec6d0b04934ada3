"""Rewriting a journal file as encrypted, as plain, or under a new key; SQL only.

One path for `encrypt`, `decrypt`, `passphrase` and backups: SQLCipher's
`sqlcipher_export` writes every table into a new file under a temporary name
beside the old one, the copy is checked (`integrity_check`, and every table's
rows compared with the source's), synced, and only then renamed over the old
file. A crash at any point leaves the old file or the new one, whole, under
the journal's name; the temporary one is removed by the next conversion.

While the journal itself is rewritten, its lock (`JournalLock`) is held
exclusively: no other partnercare command has it open, so none writes to the
file that is about to be replaced, and SQLite's -wal file is empty (the last
connection closing removes it) before the rename.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from partnercare.errors import StoreError
from partnercare.store import cipher
from partnercare.store.cipher import Key
from partnercare.store.connection import APPLICATION_ID, Store

#: Temporary files of a conversion: JOURNAL + CONVERTING + pid.
CONVERTING = ".converting-"


def convert_journal(store: Store, target: Key | None) -> None:
    """Rewrite the open journal's file under `target` (None: plain). The store is
    closed when this returns, whatever happens; reopen it to go on."""
    path = store.path
    lock = store.lock
    store.lock = None  # kept by this function until the file is in place
    try:
        if lock is not None:
            lock.exclusive()
        for stale in path.parent.glob(path.name + CONVERTING + "*"):
            stale.unlink(missing_ok=True)
        temporary = path.with_name(f"{path.name}{CONVERTING}{os.getpid()}")
        with store.errors():
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try:
            write_copy(path, store.key, temporary, target, wal=True)
            store.close()
            _no_pending_wal(path)
            _publish(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
    finally:
        store.close()
        if lock is not None:
            lock.release()


def convert_file(path: Path, source: Key | None, target: Key | None) -> None:
    """Rewrite a file no command has open (a backup) under `target`, atomically."""
    temporary = path.with_name(f".{path.name}{CONVERTING}{os.getpid()}")
    try:
        write_copy(path, source, temporary, target)
        _publish(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_copy(
    source: Path,
    source_key: Key | None,
    temporary: Path,
    target: Key | None,
    *,
    wal: bool = False,
) -> None:
    """Write `source` (opened read-only, with source_key) to `temporary` under `target`,
    0600, synced, and checked against the source; `wal`: in WAL mode, as the journal
    is (a backup is left in rollback mode, so it has no -wal/-shm beside it). Raises
    StoreError."""
    module = cipher.driver("rewriting an encrypted file needs SQLCipher, which is not installed")
    temporary.unlink(missing_ok=True)
    os.close(os.open(temporary, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600))
    try:
        conn = module.connect(cipher.read_only_uri(source), uri=True, isolation_level=None)
        try:
            if source_key is not None:
                cipher.apply(conn, source_key)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            attach_key = target.pragma() if target is not None else "''"
            into = f"{temporary.absolute().as_uri()}?mode=rwc"
            conn.execute(f"ATTACH DATABASE ? AS converted KEY {attach_key}", (into,))
            conn.execute("SELECT sqlcipher_export('converted')")
            conn.execute(f"PRAGMA converted.application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA converted.user_version = {int(version)}")
            conn.execute("DETACH DATABASE converted")
            made = module.connect(str(temporary), isolation_level=None)
            try:
                if target is not None:
                    cipher.apply(made, target)
                if wal:
                    made.execute("PRAGMA journal_mode=WAL")
                found = [row[0] for row in made.execute("PRAGMA integrity_check")]
                if found != ["ok"]:
                    raise StoreError(f"the rewritten journal failed its check ({found[0]})")
                if _digest(made) != _digest(conn):
                    raise StoreError("the rewritten journal does not hold the same rows")
            finally:
                made.close()
        finally:
            conn.close()
        _sync(temporary)
    except module.Error as exc:
        temporary.unlink(missing_ok=True)
        raise StoreError(f"cannot rewrite {source}: {exc}; nothing was changed") from None
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise StoreError(
            f"cannot write beside {source}: {exc.strerror or exc}; nothing was changed"
        ) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _digest(conn: Any) -> dict[str, str]:
    """Every ordinary table's rows, hashed in rowid order: two files with the same
    digests hold the same data."""
    digests: dict[str, str] = {}
    tables = [
        str(name)
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
            " AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        order = " ORDER BY 1" if _without_rowid(conn, table) else " ORDER BY rowid"
        hashed = hashlib.sha256()
        for row in conn.execute(f"SELECT * FROM {quoted}{order}"):
            hashed.update(repr(row).encode("utf-8", "surrogatepass"))
        digests[table] = hashed.hexdigest()
    return digests


def _without_rowid(conn: Any, table: str) -> bool:
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    return "WITHOUT ROWID" in str(sql).upper()


def _no_pending_wal(path: Path) -> None:
    """After the last connection closed, SQLite has removed the -wal file; one still
    holding pages (a connection this lock did not see) would be replayed onto the new
    file, so the rename is refused."""
    wal = Path(f"{path}-wal")
    try:
        size = wal.stat().st_size
    except FileNotFoundError:
        size = 0
    if size:
        raise StoreError(
            f"{path} is still being written (its -wal file holds changes); nothing was changed"
        )
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def replace_journal(new: Path, journal: Path) -> None:
    """Put the file `new` (synced, beside it) in place of the journal, atomically. The
    caller holds the journal's lock exclusively, so no connection is open on the old
    file: its -wal and -shm go first (a kill between the two steps must not leave an
    old -wal that SQLite would replay onto the new file), then the rename."""
    for suffix in ("-wal", "-shm"):
        Path(f"{journal}{suffix}").unlink(missing_ok=True)
    _publish(new, journal)


def _publish(temporary: Path, path: Path) -> None:
    try:
        os.replace(temporary, path)
        _sync_folder(path.parent)
    except OSError as exc:
        raise StoreError(
            f"cannot replace {path}: {exc.strerror or exc}; nothing was changed"
        ) from None


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync(path: Path) -> None:
    """fsync a file that was just written."""
    _sync(path)


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
