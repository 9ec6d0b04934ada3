"""Consistent copies of the journal, and what a copy holds: SQL only, no policy.

A copy is made with `VACUUM INTO` (never a file copy of a live database, which can
catch a write half-way; of an encrypted journal, an encrypted copy with the same key
and salt, which SQLCipher's VACUUM INTO keeps), checked with `PRAGMA quick_check`
before it is kept, and published 0600 without ever replacing a file. `backup.py`
decides where and when.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from partnercare.errors import StoreError
from partnercare.store import cipher
from partnercare.store.cipher import Key
from partnercare.store.connection import Store, read_day


class Holds(NamedTuple):
    """What a journal file holds."""

    entries: int
    checkins: int
    appointments: int
    newest: str | None  # the newest entry's day, as stored


def copy_to(store: Store, target: Path) -> None:
    """Copy the open journal to `target` (which must not exist): written beside it
    under a temporary name, checked, made 0600, then linked into place."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        with store.reading() as conn:
            conn.execute("VACUUM INTO ?", (str(temporary),))
        os.chmod(temporary, 0o600)
        problem = _quick_check(temporary, store.key)
        if problem:
            raise StoreError(f"the copy of the journal failed its check ({problem}); nothing kept")
        try:
            os.link(temporary, target)
        except FileExistsError:
            raise StoreError(f"{target} exists; nothing was written over") from None
        except OSError:  # no hard links here: the name was checked free just before
            if os.path.lexists(target):
                raise StoreError(f"{target} exists; nothing was written over") from None
            os.replace(temporary, target)
    except OSError as exc:
        raise StoreError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        temporary.unlink(missing_ok=True)


def holds_entries(store: Store) -> bool:
    """Whether the open journal holds any entry (a journal still being created by
    another process, or a new one, has nothing worth a copy)."""
    with store.reading() as conn:
        if not conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'entries'"
        ).fetchone():
            return False
        return conn.execute("SELECT 1 FROM entries LIMIT 1").fetchone() is not None


def _quick_check(path: Path, key: Key | None) -> str:
    try:
        conn = cipher.connect_file(path, key)
    except cipher.errors() as exc:
        return str(exc)
    try:
        found = [row[0] for row in conn.execute("PRAGMA quick_check")]
    except cipher.errors() as exc:
        return str(exc)
    finally:
        conn.close()
    return "" if found == ["ok"] else "; ".join(str(x) for x in found[:3])


def holds(path: Path, key: Key | None = None) -> Holds | None:
    """What the journal file at `path` holds (an encrypted one read with `key`), or
    None if it is not one that can be read."""
    try:
        conn = cipher.connect_file(path.resolve(), key)
    except (StoreError, OSError):
        return None
    except cipher.errors():
        return None
    try:
        entries, checkins, newest = conn.execute(
            "SELECT count(*), sum(kind = 'checkin'), max(date) FROM entries"
        ).fetchone()
        has_appointments = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'appointments'"
        ).fetchone()
        appointments = (
            conn.execute("SELECT count(*) FROM appointments").fetchone()[0]
            if has_appointments
            else 0
        )
    except cipher.errors():
        return None
    finally:
        conn.close()
    newest_day = read_day(newest)
    shown = None if newest_day is None else newest_day.isoformat()
    return Holds(int(entries), int(checkins or 0), int(appointments), shown)


def problem(path: Path, key: Key | None = None) -> str:
    """Why the file at `path` cannot be restored ("" if it can): not a database, not
    whole, not partnercare's, or written by a newer version. An encrypted file is read
    with `key` (which the caller has checked opens it)."""
    from partnercare.store.connection import APPLICATION_ID
    from partnercare.store.schema import MIGRATIONS

    try:
        with path.open("rb") as handle:
            start = handle.read(len(cipher.PLAIN_HEADER))
    except OSError as exc:
        return f"it cannot be read ({exc.strerror or exc})"
    if start != cipher.PLAIN_HEADER and (key is None or not cipher.encrypted(path)):
        return "it is not a partnercare journal (not an SQLite database)"
    checked = _quick_check(path, key)
    if checked:
        return f"it is damaged ({checked})"
    try:
        conn = cipher.connect_file(path.resolve(), key)
        try:
            app = conn.execute("PRAGMA application_id").fetchone()[0]
            steps = [row[0] for row in conn.execute("SELECT name FROM _migrations")]
            conn.execute("SELECT count(*) FROM entries").fetchone()
        finally:
            conn.close()
    except cipher.errors():
        return "it is not a partnercare journal"
    known = {name for name, _ in MIGRATIONS}
    if app not in (0, APPLICATION_ID) or MIGRATIONS[0][0] not in steps:
        return "it is not a partnercare journal"
    newer = sorted(set(steps) - known)
    if newer:
        return f"it was written by a newer version of partnercare (schema step {newer[-1]})"
    return ""
