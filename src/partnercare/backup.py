"""Backups: a copy of the journal now, and the list of those kept.

Copies go to `<data dir>/backups/` (0700), one file per copy, named by the moment
it was made (`partnercare-2026-11-28-093015.db`), 0600; `store.backups` makes and
checks them. A backup of an encrypted journal is encrypted with the same key; the
functions that read a backup take that key (None for a plain journal).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from partnercare.store import Store
    from partnercare.store.backups import Holds
    from partnercare.store.cipher import Key

FOLDER = "backups"
PREFIX = "partnercare-"
SUFFIX = ".db"


class Kept(NamedTuple):
    path: Path
    made: datetime
    size: int
    entries: int | None  # None: the file could not be read


def folder() -> Path:
    """The backups folder, made 0700 if missing."""
    from partnercare import paths

    target = paths.data_dir() / FOLDER
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(target, 0o700)
    return target


#: Why a copy was made, in its name after the moment; automatic daily copies have none
#: and are the only ones rotation removes.
WHY = ("manual", "before-upgrade", "before-restore")
STAMP = "%Y-%m-%d-%H%M%S"
_STAMP_LEN = len("2026-11-28-093015")


def name_for(moment: datetime, why: str = "") -> str:
    return f"{PREFIX}{moment:{STAMP}}{'-' + why if why else ''}{SUFFIX}"


def made_at(name: str) -> datetime | None:
    """When a backup was made, from its name (None: not a name partnercare gives)."""
    parsed = _parse(name)
    return None if parsed is None else parsed[0]


def _parse(name: str) -> tuple[datetime, str] | None:
    if not (name.startswith(PREFIX) and name.endswith(SUFFIX)):
        return None
    middle = name[len(PREFIX) : -len(SUFFIX)]
    stamp, why = middle[:_STAMP_LEN], middle[_STAMP_LEN:].removeprefix("-")
    if why and why not in WHY:
        return None
    try:
        return datetime.strptime(stamp, STAMP), why
    except ValueError:
        return None


def to_remove(names: Sequence[str], *, daily: int = 7, weekly: int = 4) -> list[str]:
    """The automatic copies rotation removes: of those (no reason in their name), the
    newest of each of the last `daily` days that have one and the newest of each of the
    last `weekly` ISO weeks are kept; copies made by hand, before an upgrade or before
    a restore are never removed. Pure."""
    automatic = sorted(
        ((parsed[0], name) for name in names if (parsed := _parse(name)) and not parsed[1]),
        reverse=True,
    )
    keep: set[str] = set()
    days: dict[object, str] = {}
    weeks: dict[object, str] = {}
    for made, name in automatic:  # newest first: the first seen of a day is its newest
        days.setdefault(made.date(), name)
        weeks.setdefault(made.isocalendar()[:2], name)
    keep.update(list(days.values())[:daily])
    keep.update(list(weeks.values())[:weekly])
    return [name for _, name in automatic if name not in keep]


def make(store: Store, moment: datetime, output: Path | None = None, why: str = "manual") -> Kept:
    """A checked copy of the journal, now: to `output`, else into the backups folder."""
    from partnercare.store import backups

    if output is not None:
        target = output
        backups.copy_to(store, target)
    else:
        # Another partnercare may have made a copy this same second: the next free
        # second's name, so that both are kept and every name still says when.
        from datetime import timedelta

        from partnercare.errors import StoreError

        where = folder()
        for extra in range(60):
            target = where / name_for(moment + timedelta(seconds=extra), why)
            if os.path.lexists(target):
                continue
            try:
                backups.copy_to(store, target)
                break
            except StoreError:
                if not os.path.lexists(target):
                    raise
        else:
            raise StoreError("the backups folder has a copy for every second of this minute")
    held = backups.holds(target, store.key)
    return Kept(target, moment, target.stat().st_size, None if held is None else held.entries)


def listing(key: Key | None = None) -> list[Kept]:
    """The backups in the folder, oldest first (reading it never creates it); encrypted
    ones are read with `key` (their entries are None when it does not open them)."""
    from partnercare import paths
    from partnercare.store import backups

    where = paths.data_dir() / FOLDER
    try:
        names = sorted(os.listdir(where))
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = []
    for name in names:
        made = made_at(name)
        if made is None:
            continue
        path = where / name
        try:
            size = path.stat().st_size
        except OSError:
            continue
        held = backups.holds(path, key)
        found.append(Kept(path, made, size, None if held is None else held.entries))
    # Two copies in the same second: the one written last is the newer.
    return sorted(found, key=lambda kept: (kept.made, _written_at(kept.path)))


def _written_at(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def daily(store: Store, moment: datetime) -> Path | None:
    """After a successful write: the day's automatic copy, if there is none yet (so a
    new journal has one as soon as it holds anything), then rotation. Returns the
    copy made, or None. One folder listing when today's copy exists."""
    from partnercare import paths

    where = paths.data_dir() / FOLDER
    today = f"{PREFIX}{moment:%Y-%m-%d}-"
    try:
        names = os.listdir(where)
    except (FileNotFoundError, NotADirectoryError):
        names = []
    if any(name.startswith(today) and (p := _parse(name)) and not p[1] for name in names):
        return None
    made = make(store, moment, why="")
    from partnercare import settings

    daily_kept, weekly_kept = settings.load().settings.backup_schedule
    for name in to_remove([*names, made.path.name], daily=daily_kept, weekly=weekly_kept):
        (where / name).unlink(missing_ok=True)
    return made.path


def pick(
    source: str | None, *, latest: bool, day: str | None, today: date, key: Key | None = None
) -> Path:
    """The file `restore` means: FILE, the newest backup, or the newest of a day."""
    from partnercare.dates import parse_date
    from partnercare.errors import InvalidInputError

    given = [x for x in (source is not None, latest, day is not None) if x]
    if len(given) != 1:
        raise InvalidInputError("give one of FILE, --latest or --date DATE")
    if source is not None:
        if not source.strip():
            raise InvalidInputError("give the backup file to restore, or --latest")
        return Path(source)
    from partnercare.store.cipher import encrypted

    # An encrypted backup the journal's key does not open (another passphrase) is
    # still a backup: restore asks for its own passphrase.
    kept = [item for item in listing(key) if item.entries is not None or encrypted(item.path)]
    if day is not None:
        wanted = parse_date(day, today=today)
        kept = [item for item in kept if item.made.date() == wanted]
        if not kept:
            raise InvalidInputError(
                f"no backup was made on {wanted.isoformat()}; see partnercare backup --list"
            )
    if not kept:
        raise InvalidInputError("there are no backups yet; see partnercare backup --list")
    return kept[-1].path


def check(path: Path, key: Key | None = None) -> None:
    """Refuse, in one line, a file that cannot be restored."""
    from partnercare.errors import InvalidInputError
    from partnercare.store import backups

    if not path.is_file():
        raise InvalidInputError(f"{path} is not a file; nothing was changed")
    why = backups.problem(path, key)
    if why:
        raise InvalidInputError(f"cannot restore {path}: {why}; nothing was changed")


def put_in_place(
    source: Path, journal: Path, source_key: Key | None = None, key: Key | None = None
) -> None:
    """Replace the journal with a copy of `source`, atomically: written beside it,
    synced, renamed over it (store.convert.replace_journal, which first removes the
    old journal's -wal and -shm, or SQLite would replay them onto the restored file).
    A backup under another key than the journal's (`source_key` vs `key`: plain,
    encrypted, an older passphrase) is rewritten under the journal's key on the way,
    so a restore never leaves a plain journal where there was an encrypted one. No
    other command may have the journal open meanwhile (the caller may hold the
    exclusive lock already)."""
    import shutil

    from partnercare.store.connection import JournalLock
    from partnercare.store.convert import replace_journal, sync, write_copy

    if not journal.parent.exists():  # a new install: the data folder, 0700
        from partnercare import paths

        paths.ensure_data_dir()
    lock = JournalLock(journal)
    lock.exclusive()
    temporary = journal.with_name(f".{journal.name}.restore.{os.getpid()}.tmp")
    try:
        if source_key == key:
            shutil.copyfile(source, temporary)
            os.chmod(temporary, 0o600)
            sync(temporary)
        else:
            write_copy(source, source_key, temporary, key, wal=True)
        replace_journal(temporary, journal)
    finally:
        temporary.unlink(missing_ok=True)
        lock.release()


@contextmanager
def replacing(journal: Path) -> Iterator[None]:
    """The journal's lock, held exclusively (one line if another command has the
    journal open): for a restore, from the copy kept to the file replaced."""
    from partnercare.store.connection import JournalLock

    if not journal.parent.exists():  # a new install: nothing to lock, nothing open
        yield
        return
    lock = JournalLock(journal)
    lock.exclusive()
    try:
        yield
    finally:
        lock.release()


def holds(path: Path, key: Key | None = None) -> Holds | None:
    """What a journal file holds (entries, check-ins, appointments, the newest day)."""
    from partnercare.store import backups

    return backups.holds(path, key)


def worth_a_copy(store: Store) -> bool:
    """Whether the journal holds anything a copy would keep."""
    from partnercare.store import backups

    return backups.holds_entries(store)


def convert_all(files: Sequence[Path], source: Key | None, target: Key | None) -> list[Path]:
    """Rewrite each backup under `target` (encrypted, or plain for None); return those
    left as they were: under another key than `source`, or that could not be rewritten."""
    from partnercare.errors import StoreError
    from partnercare.store import cipher
    from partnercare.store.convert import convert_file

    left = []
    for path in files:
        if source is not None and not cipher.opens(path, source):
            left.append(path)
            continue
        try:
            convert_file(path, source, target)
        except (StoreError, OSError):
            left.append(path)
    return left


def delete_all(files: Sequence[Path]) -> list[Path]:
    """Delete the backups; return those that could not be."""
    left = []
    for path in files:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            left.append(path)
    return left
