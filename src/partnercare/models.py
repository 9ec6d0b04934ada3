"""The records passed between layers: what the store returns and what it is given.

NamedTuples rather than frozen dataclasses: as immutable, and a third of the
cost to define, which every command that opens the store pays. Nothing here
imports the database driver, so renderers and the domain can name an entry
without importing the store.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple


class Entry(NamedTuple):
    """One journal entry as stored."""

    id: int
    uuid: str
    kind: str
    day: date
    created_at: str
    updated_at: str
    text: str
    starred: bool
    tags: tuple[str, ...]
    data: dict[str, Any] | None


class NewEntry(NamedTuple):
    """An entry about to be written: everything but the id the database assigns.

    Build one with `new_entry` (which stamps the uuid and times), or directly
    when the uuid and times come from elsewhere (an import).
    """

    uuid: str
    kind: str
    day: date
    created_at: str
    updated_at: str
    text: str
    starred: bool = False
    tags: tuple[str, ...] = ()
    data: dict[str, Any] | None = None


# How many entries `journal list` and `search` show unless told otherwise.
LIST_LIMIT = 20


class EntryFilter(NamedTuple):
    """What `list`, `search` and `export` select; every field narrows."""

    since: date | None = None
    until: date | None = None
    kind: str | None = None
    starred: bool = False
    tags: tuple[str, ...] = ()


def new_entry(
    kind: str,
    day: date,
    text: str,
    *,
    tags: tuple[str, ...] = (),
    starred: bool = False,
    data: dict[str, Any] | None = None,
) -> NewEntry:
    """A new entry written now: a fresh uuid, and created = updated = this moment."""
    import uuid

    from partnercare import clock

    stamp = clock.now().isoformat()
    return NewEntry(
        uuid=str(uuid.uuid4()),
        kind=kind,
        day=day,
        created_at=stamp,
        updated_at=stamp,
        text=text,
        starred=starred,
        tags=tags,
        data=data,
    )
