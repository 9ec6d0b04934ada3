"""Backups: a copy of the journal now, and the list of those kept.

Copies go to `<data dir>/backups/` (0700), one file per copy, named by the moment
it was made (`partnercare-2026-11-28-093015.db`), 0600; `store.backups` makes and
checks them. (Issue 14, first part: automatic copies, rotation and restore are
still to come.)
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from partnercare.store import Store

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


def name_for(moment: datetime) -> str:
    return f"{PREFIX}{moment:%Y-%m-%d-%H%M%S}{SUFFIX}"


def made_at(name: str) -> datetime | None:
    """When a backup was made, from its name (None: not a name partnercare gives)."""
    if not (name.startswith(PREFIX) and name.endswith(SUFFIX)):
        return None
    try:
        return datetime.strptime(name[len(PREFIX) : -len(SUFFIX)], "%Y-%m-%d-%H%M%S")
    except ValueError:
        return None


def make(store: Store, moment: datetime, output: Path | None = None) -> Kept:
    """A checked copy of the journal, now: to `output`, else into the backups folder."""
    from partnercare.store import backups

    target = output if output is not None else folder() / name_for(moment)
    backups.copy_to(store, target)
    held = backups.holds(target)
    return Kept(target, moment, target.stat().st_size, None if held is None else held.entries)


def listing() -> list[Kept]:
    """The backups in the folder, oldest first (reading it never creates it)."""
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
        held = backups.holds(path)
        found.append(Kept(path, made, size, None if held is None else held.entries))
    return sorted(found, key=lambda kept: kept.made)
