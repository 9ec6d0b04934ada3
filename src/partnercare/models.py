"""The records passed between layers: what the store returns and what it is given.

NamedTuples rather than frozen dataclasses: as immutable, and a third of the
cost to define, which every command that opens the store pays. Nothing here
imports the database driver, so renderers and the domain can name an entry
without importing the store.
"""

from __future__ import annotations

from datetime import date, time
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
    #: The id it had in the journal it was exported from: kept by an import into a
    #: journal with no entries at all (`store.entries.import_new`), else a new one.
    id: int | None = None


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


# -- appointments ------------------------------------------------------------------------

#: What an appointment can be, in the order they are offered.
APPOINTMENT_KINDS = ("infusion", "welcome", "therapy", "couples_therapy", "prescriber", "other")
#: What is stored about whether it happened; "upcoming" and "missed" are worked out
#: from the date (`appointments.status`).
APPOINTMENT_STATES = ("planned", "done", "cancelled")


class NewAppointment(NamedTuple):
    """An appointment about to be written (added, or imported from an .ics file).

    `day` and `at` are the local wall-clock date and time (`at` None: all day), so an
    appointment at 10:00 stays at 10:00 across a daylight-saving change.
    `series` is (place, count) in a series ("3 of 6"); `series_uuid` ties a series.
    `ical_uid` is the UID of a calendar event it was imported from (exported back
    with that UID, so the user's calendar updates the clinic's event).
    """

    uuid: str
    kind: str
    day: date
    at: time | None
    title: str = ""
    where: str = ""
    note: str = ""
    going: bool | None = None
    driver: str = ""
    state: str = "planned"
    series: tuple[int, int] | None = None
    series_uuid: str | None = None
    ical_uid: str | None = None
    #: Kept from a backup (the journal's JSON export) so calendars keep taking the
    #: changes an export sends; new appointments start at 0 and now.
    sequence: int = 0
    created_at: str = ""
    updated_at: str = ""
    #: The version of the calendar event it was imported from (see ics_import).
    source_version: str | None = None
    #: The id it had in the journal it was exported from: kept by an import into a
    #: journal with no appointments at all (`store.appointments.merge_in`).
    id: int | None = None


class Appointment(NamedTuple):
    """One appointment as stored. `sequence` counts its changes (iCalendar's SEQUENCE)."""

    id: int
    uuid: str
    kind: str
    day: date
    at: time | None
    title: str
    where: str
    note: str
    going: bool | None
    driver: str
    state: str
    series: tuple[int, int] | None
    series_uuid: str | None
    ical_uid: str | None
    sequence: int
    created_at: str
    updated_at: str
    source_version: str | None = None


# -- tips --------------------------------------------------------------------------------


class TipRead(NamedTuple):
    """That a tip was read: when first and last, and how many times (`tip_reads`)."""

    number: int
    first_read_at: str
    last_read_at: str
    times: int = 1
