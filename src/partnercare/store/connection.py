"""The handle on an open database: connect, pragmas, migrations, transactions.

The database lives in the data directory (0700) as a 0600 file in WAL mode,
so readers never block the writer and several commands can run at once.
Every write is one transaction; the busy timeout lets concurrent writers
queue instead of failing.

The DB-API driver is a parameter (`sqlite3` by default). Errors are matched
against the driver's own exception classes (`driver.Error`,
`driver.OperationalError`), never `sqlite3`'s, so an encrypting driver such
as sqlcipher3, whose exceptions are its own classes, plugs in here.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Self

from partnercare import paths
from partnercare.errors import StoreError
from partnercare.store import cipher
from partnercare.store.cipher import Key

BUSY_TIMEOUT_S = 60.0
# A write that waits longer than this for another command's lock is told to the user.
PATIENCE_S = 1.0
WAITING = "waiting for another partnercare command to finish..."
CHANGED_MEANWHILE = (
    "the journal was encrypted, decrypted or given a new passphrase by another command "
    "while this one waited; nothing was saved. Run the command again"
)
# In the header of every partnercare database (PRAGMA application_id): "pcj1".
APPLICATION_ID = 0x70636A31


class FtsQueryError(StoreError):
    """SQLite could not parse a full-text query expression."""


@contextmanager
def errors_named(path: Path, driver: ModuleType = sqlite3) -> Iterator[None]:
    """Turn any failure of the driver into a one-line StoreError that names the file."""
    try:
        yield
    except driver.Error as exc:
        message = str(exc)
        # SQLITE_CORRUPT, whatever the words: a damaged page under the search
        # index reads as "vtable constructor failed".
        if str(getattr(exc, "sqlite_errorname", "")).startswith("SQLITE_CORRUPT"):
            message = "database disk image is malformed"
        if "malformed" in message:
            mark_damaged(path, message)
            raise DamagedError(
                f"{path} is damaged ({message}); partnercare will not write to it. {DAMAGE_ADVICE}"
            ) from exc
        if "not a database" in message:
            raise StoreError(f"{path} is not a partnercare database ({message})") from exc
        if "database or disk is full" in message or (
            # A full disk where SQLite must first make its -shm file reads as an
            # I/O error, or (no inodes left) as a file it cannot open: the space
            # left says which it is.
            ("disk I/O error" in message or "unable to open" in message) and _disk_full(path)
        ):
            raise StoreError(f"the disk holding {path} is full; nothing was saved") from exc
        if "readonly" in message or "read-only" in message:
            raise StoreError(f"{path} is read-only; partnercare cannot save to it") from exc
        raise StoreError(f"cannot use {path}: {message}") from exc


def _disk_full(path: Path) -> bool:
    """Too little room for SQLite's files: under 64 KiB (its -shm file wants 32),
    or no inode for a new file."""
    try:
        room = os.statvfs(path.parent)
    except OSError:
        return False
    return room.f_bavail * room.f_frsize < 64 * 1024 or room.f_favail == 0


class DamagedError(StoreError):
    """SQLite found a damaged page in the journal."""


DAMAGE_ADVICE = "Restore it from a backup, or see 'If the journal is damaged' in the README"


def _damage_mark(path: Path) -> Path:
    return path.with_name(path.name + ".damaged")


def _signature(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_ino, st.st_size, st.st_mtime_ns]


def mark_damaged(path: Path, message: str) -> None:
    """Remember that this file was seen damaged, so no later command writes to it
    (SQLite notices a bad page only when it reads that page). Best effort."""
    import json

    mark = _damage_mark(path)
    if mark.exists():
        return
    try:
        record = {"file": _signature(path), "seen": time.time(), "error": message}
        fd = os.open(mark, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(record, handle)
    except OSError:
        pass


def damage_seen(conn: sqlite3.Connection, path: Path) -> bool:
    """Whether the file was seen damaged and is still that file. A file that has
    changed since (restored or repaired) and passes SQLite's check is clean again."""
    mark = _damage_mark(path)
    try:
        raw = mark.read_text()
    except FileNotFoundError:
        return False  # the usual case: no json import on every start
    except (OSError, ValueError):
        return True
    import json

    try:
        record = json.loads(raw)
    except ValueError:
        return True
    try:
        if record.get("file") == _signature(path):
            return True
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            return True
        mark.unlink(missing_ok=True)
    except Exception:
        return True
    return False


def _connect(
    driver: ModuleType, path: Path, *, read_only: bool, key: Key | None = None
) -> sqlite3.Connection:
    """A connection to path; read-only through SQLite's own `mode=ro`, so nothing
    (not even the WAL switch) can write. isolation_level=None: we BEGIN/COMMIT ourselves.
    An encrypted journal gets its key before anything is read."""
    if not read_only:
        conn: sqlite3.Connection = driver.connect(
            str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None
        )
    else:
        uri = f"{path.absolute().as_uri()}?mode=ro"
        if not Path(f"{path}-wal").exists():
            # Closed cleanly: everything is in the file. Read it as it stands, without the
            # -wal and -shm files a WAL reader would otherwise create (and leave) beside
            # it, which a folder that cannot be written would refuse anyway.
            uri += "&immutable=1"
        conn = driver.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    if key is not None:
        try:
            cipher.apply(conn, key)
        except BaseException:
            conn.close()
            raise
    return conn


def lock_path(path: Path) -> Path:
    """The file beside the journal that commands lock: shared while a command has
    the journal open, exclusive while `encrypt`, `decrypt`, `passphrase` or
    `restore` replaces the journal's file (no command may hold the old one then)."""
    return path.with_name(path.name + ".lock")


#: Lock files this process holds exclusively (a restore or a conversion): a Store
#: the same process opens meanwhile (the copy kept before a restore) uses that lock.
_HELD_EXCLUSIVE: set[Path] = set()


class JournalLock:
    """An advisory lock (flock) on the journal's lock file.

    Shared while a command has the journal open, exclusive while its file is
    replaced. A shared lock that cannot be made (no fcntl, a lock file that cannot
    be opened at all) is not held; an exclusive one that cannot be made is refused,
    so the journal is never replaced under a command that could not be seen."""

    def __init__(self, path: Path) -> None:
        self.path = lock_path(path)
        self.fd: int | None = None
        #: Made by this lock (removed again when the journal is refused).
        self.created = False
        #: Rides on this process's own exclusive lock: nothing to take or release.
        self.nested = False

    def _file(self) -> int | None:
        if self.fd is None:
            try:
                self.fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)
                self.created = True
            except FileExistsError:
                # flock works on a file opened for reading too (one root left, say).
                for flags in (os.O_RDWR, os.O_RDONLY):
                    try:
                        self.fd = os.open(self.path, flags)
                        break
                    except OSError:
                        continue
            except OSError:
                return None
        return self.fd

    def _try(self, mode: int, *, strict: bool = False) -> bool:
        import fcntl

        fd = self._file()
        if fd is None:
            if strict:
                raise StoreError(
                    f"cannot lock {self.path}, so the journal cannot be replaced safely; "
                    "nothing was changed"
                )
            return True
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError as exc:
            if strict:
                raise StoreError(
                    f"cannot lock {self.path} ({exc.strerror or exc}); nothing was changed"
                ) from None
            return True  # a file system without locks
        return True

    def shared(self, notify: Callable[[str], None] | None = None) -> bool:
        """Held while the journal is open; waits (saying so once) while another
        command replaces the journal, up to the busy timeout. True if it waited."""
        try:
            import fcntl
        except ImportError:  # Windows
            return False
        if self.path in _HELD_EXCLUSIVE:
            self.nested = True
            return False
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        told = time.monotonic() + PATIENCE_S
        waited = False
        while not self._try(fcntl.LOCK_SH):
            waited = True
            now = time.monotonic()
            if now > deadline:
                self.release()
                raise StoreError(
                    "another partnercare command is changing the journal (encrypting, "
                    "decrypting or restoring it); try again when it has finished"
                )
            if notify is not None and told and now > told:
                notify(WAITING)
                told = 0.0
            time.sleep(0.05)
        return waited

    def exclusive(self, wait: float = 2.0) -> None:
        """Held while the journal's file is replaced. Refused, in one line, while any
        other command has the journal open."""
        try:
            import fcntl
        except ImportError:
            return
        if self.path in _HELD_EXCLUSIVE and self.fd is None:
            self.nested = True
            return
        deadline = time.monotonic() + wait
        while not self._try(fcntl.LOCK_EX, strict=True):
            if time.monotonic() > deadline:
                raise StoreError(
                    "another partnercare command has the journal open (a note being "
                    "written, a check-in?); finish it first. Nothing was changed"
                )
            time.sleep(0.05)
        _HELD_EXCLUSIVE.add(self.path)

    def release(self, *, refused: bool = False) -> None:
        """Let go; `refused`: the journal was refused, so a lock file this lock made
        is removed too (when no other command holds it), leaving the folder as it was."""
        if self.nested:
            self.nested = False
            return
        if self.fd is not None:
            if refused and self.created:
                with suppress(Exception):
                    import fcntl

                    fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    self.path.unlink()
            _HELD_EXCLUSIVE.discard(self.path)
            with suppress(OSError):
                os.close(self.fd)
            self.fd = None


_FTS_SYNTAX = ("fts5:", "no such column", "unknown special query", "unterminated string")


class Store:
    """An open partnercare database: the connection, its file and its driver."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        driver: ModuleType = sqlite3,
        *,
        read_only: bool = False,
        notify: Callable[[str], None] | None = None,
        before_upgrade: Callable[[Store], None] | None = None,
        key: Key | None = None,
    ) -> None:
        self.conn = conn
        #: The key of an encrypted journal (None for a plain one).
        self.key = key
        #: Shared while open (see JournalLock); set by `open`.
        self.lock: JournalLock | None = None
        #: Whether `open` waited for another command to finish replacing the journal.
        self.waited_for_lock = False
        self.path = path
        self.driver = driver
        self.damaged = False
        #: Opened for reading only: the file or its folder cannot be written.
        self.read_only = read_only
        # How the store tells the user something (it never prints): the CLI's stderr.
        self.notify = notify
        self._waited = False
        #: Called once, before the first schema step is applied to a journal that
        #: already has some (the CLI makes a backup there).
        self.before_upgrade = before_upgrade
        #: Called once, after the first write this process commits (the CLI makes
        #: the day's backup there). A failure in it is told, never raised.
        self.after_write: Callable[[Store], object] | None = None

    # -- opening -----------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | None = None,
        *,
        driver: ModuleType = sqlite3,
        reading: bool = False,
        notify: Callable[[str], None] | None = None,
        before_upgrade: Callable[[Store], None] | None = None,
        key: Key | None = None,
    ) -> Self:
        """Open (creating if needed) the database and bring its schema up to date.

        1. Create the data directory 0700 and the file 0600 if missing.
        2. Refuse a file that is not a database or newer than us, before anything
           is written to it. A file (or folder) that cannot be written is refused
           too, unless `reading`: then it is opened read-only and left as it is.
        3. Switch to WAL and apply pending migrations, one transaction each.

        `notify` is told, in a sentence, what the user should know and cannot
        see: a data directory made private, a write waiting for another command.
        """
        read_only = False
        in_data_dir = False
        try:
            if path is None:
                paths.ensure_data_dir()
                path = paths.db_path()
                in_data_dir = True
            else:
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not path.exists():
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
            elif not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
                if not reading:
                    raise StoreError(f"{path} is read-only; partnercare cannot save to it")
                read_only = True
        except OSError as exc:
            # PARTNERCARE_HOME is a file, /dev/null, or under one; a parent not ours.
            if in_data_dir or path is None:
                raise StoreError(paths.unusable(exc)) from None
            raise StoreError(f"cannot use {path}: {exc.strerror or exc}") from None
        if key is None and cipher.encrypted(path):
            raise StoreError(f"{path} is encrypted; partnercare needs its passphrase to open it")
        if key is not None and driver is sqlite3:
            driver = cipher.driver()
        lock = JournalLock(path)
        waited = lock.shared(notify)
        if waited and cipher.encrypted(path) != (key is not None):
            # encrypted or decrypted by another command while this one waited
            lock.release()
            raise StoreError(CHANGED_MEANWHILE)
        try:
            with errors_named(path, driver):
                conn = _connect(driver, path, read_only=read_only, key=key)
        except BaseException:
            lock.release(refused=True)
            raise
        store = cls(
            conn,
            path,
            driver,
            read_only=read_only,
            notify=notify,
            before_upgrade=before_upgrade,
            key=key,
        )
        store.lock = lock
        store.waited_for_lock = waited
        try:
            store._prepare()
        except BaseException:
            store.lock = None
            store.close()
            lock.release(refused=True)
            raise
        if in_data_dir and not read_only:
            # Only once the journal there is known to be ours: a refused
            # database leaves its folder as it was.
            paths.tighten_data_dir(notify)
        return store

    @classmethod
    def open_existing(
        cls,
        path: Path | None = None,
        *,
        driver: ModuleType = sqlite3,
        reading: bool = False,
        notify: Callable[[str], None] | None = None,
        before_upgrade: Callable[[Store], None] | None = None,
        key: Key | None = None,
    ) -> Self | None:
        """Open the database only if it exists, so reading never creates files."""
        if not (path or paths.db_path()).exists():
            return None
        return cls.open(
            path,
            driver=driver,
            reading=reading,
            notify=notify,
            before_upgrade=before_upgrade,
            key=key,
        )

    def _prepare(self) -> None:
        # While another process switches a brand-new file to WAL, SQLite can
        # answer "database is locked" at once, without waiting out the busy
        # timeout; every step here is idempotent, so wait and try again.
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                with self.errors():
                    self._prepare_once()
                return
            except StoreError as exc:
                cause = exc.__cause__
                locked = isinstance(cause, self.driver.OperationalError) and (
                    "locked" in str(cause) or "busy" in str(cause)
                )
                if not locked or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _prepare_once(self) -> None:
        from partnercare.store.schema import MIGRATIONS

        if self.key is not None:
            try:
                self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except self.driver.DatabaseError as exc:
                if "not a database" in str(exc) and self.waited_for_lock:
                    raise StoreError(CHANGED_MEANWHILE) from None
                if "not a database" in str(exc):
                    raise StoreError(
                        f"the passphrase (or PARTNERCARE_KEY) does not open {self.path}; "
                        "nothing was changed"
                    ) from None
                raise
        self.damaged = damage_seen(self.conn, self.path)

        ours = self._refuse_a_foreign_database()
        applied = self._applied_migrations()
        known = {name for name, _ in MIGRATIONS}
        unknown = sorted(set(applied) - known)
        if unknown:
            raise StoreError(
                f"{self.path} was written by a newer version of partnercare "
                f"(schema step {unknown[-1]}); please upgrade partnercare"
            )
        if self.read_only:
            # Nothing is written: no WAL switch, no migrations, no mark in the header.
            if len(applied) < len(MIGRATIONS):
                raise StoreError(
                    f"{self.path} is read-only, and this version of partnercare must update "
                    "it once before reading it; make it writable and run partnercare again"
                )
            self.conn.execute("PRAGMA query_only=ON")
            return
        if self.damaged:
            # Seen damaged: nothing is written to it, not even a pending schema step,
            # so what can still be read is read as it is (no query reads a newer
            # step's columns).
            self.conn.execute("PRAGMA query_only=ON")
            return
        if self.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            self.conn.execute("PRAGMA journal_mode=WAL")
        # FULL: a reported save survives even a power cut, not just a crash.
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        if len(applied) < len(MIGRATIONS):
            if applied and self.before_upgrade is not None:
                # A journal written by an older version: a copy first, as it was. A
                # copy that cannot be made is told; the journal is still brought up
                # to date (each step is all or nothing).
                try:
                    self.before_upgrade(self)
                except Exception as exc:
                    if self.notify is not None:
                        self.notify(f"the backup before updating could not be made ({exc})")
            self.migrate()
        if not ours:
            with self.transaction() as conn:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    def _refuse_a_foreign_database(self) -> bool:
        """Refuse, before anything is written, a database another program made.

        A partnercare database carries APPLICATION_ID in its header; one from
        before the mark has the `_migrations` table with partnercare's first step.
        A file with no tables at all is new. Anything else is another program's,
        and is left byte for byte as it is. True if the file is already marked.
        """
        marked = int(self.conn.execute("PRAGMA application_id").fetchone()[0])
        if marked == APPLICATION_ID:
            return True
        tables = sorted(
            str(name)
            for (name,) in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        )
        if marked == 0 and not tables:
            return False
        if marked == 0 and "_migrations" in tables:
            first = self.conn.execute(
                "SELECT 1 FROM _migrations WHERE name = '0001_tip_reads'"
            ).fetchone()
            if first:
                return False
        raise StoreError(
            f"{self.path} holds another program's database, not a partnercare journal; "
            "partnercare has not changed it. Move it elsewhere, or set PARTNERCARE_HOME "
            "to another folder"
        )

    def _applied_migrations(self) -> list[str]:
        exists = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'"
        ).fetchone()
        if not exists:
            return []
        return [row[0] for row in self.conn.execute("SELECT name FROM _migrations")]

    def migrate(self) -> None:
        """Apply every schema step not applied yet, each in its own transaction."""
        from partnercare.store.schema import MIGRATIONS

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
        with self.errors():
            return self._applied_migrations()

    def close(self) -> None:
        try:
            self.conn.close()
        finally:
            if self.lock is not None:
                self.lock.release()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- using it ------------------------------------------------------------

    def errors(self) -> AbstractContextManager[None]:
        """Driver errors inside become one-line StoreErrors naming this file."""
        return errors_named(self.path, self.driver)

    def refuse_writes_if_damaged(self) -> None:
        """Raise DamagedError if the file was seen damaged: no write goes to it."""
        if self.damaged:
            raise DamagedError(
                f"{self.path} was found damaged, so partnercare will not write to it "
                f"(reading still works). {DAMAGE_ADVICE}"
            )

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is saved, or none of it."""
        self.refuse_writes_if_damaged()
        with self.errors():
            self._begin_immediate()
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException:
                # SQLite may have rolled back already (a full disk does that): the
                # ROLLBACK then fails with "no transaction is active", and must not
                # hide the error that says what happened.
                with suppress(self.driver.Error):
                    self.conn.execute("ROLLBACK")
                raise
        hook, self.after_write = self.after_write, None
        if hook is not None:
            try:
                hook(self)
            except Exception as exc:  # what was saved is saved: a failed copy is told
                if self.notify is not None:
                    self.notify(f"today's automatic backup could not be made ({exc})")

    def _begin_immediate(self) -> None:
        """BEGIN IMMEDIATE, waiting up to the busy timeout for another writer.

        With someone to tell, wait PATIENCE_S quietly first; if the lock is
        still held, say once that we are waiting, then wait the rest.
        """
        if self.notify is None or self._waited:
            self.conn.execute("BEGIN IMMEDIATE")
            return
        self.conn.execute(f"PRAGMA busy_timeout = {int(PATIENCE_S * 1000)}")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            return
        except self.driver.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        self._waited = True
        self.notify(WAITING)
        self.conn.execute("BEGIN IMMEDIATE")

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        with self.errors():
            yield self.conn

    @contextmanager
    def fts_query(self) -> Iterator[sqlite3.Connection]:
        """Run a full-text query: a syntax error in the expression becomes FtsQueryError
        (the caller tries a plainer form), any other failure a StoreError."""
        try:
            yield self.conn
        except self.driver.Error as exc:
            if isinstance(exc, self.driver.OperationalError) and str(exc).startswith(_FTS_SYNTAX):
                raise FtsQueryError(str(exc)) from None
            with self.errors():
                raise


def read_day(text: object, fallback: object = None) -> date | None:
    """A stored date, read leniently: a journal edited by hand or by another tool may
    hold "2026-11-10 " or "2026-11-10T00:00"; the day is its first ten characters.
    Else the day of `fallback` (a creation time), else None."""
    for value in (text, fallback):
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip()[:10])
            except ValueError:
                continue
    return None
