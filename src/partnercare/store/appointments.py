"""Queries on `appointments`: the treatment course and therapy sessions.

Each appointment is one row; a series ("infusion 3 of 6") shares a
`series_uuid`. Dates and times are local wall-clock text (`day` YYYY-MM-DD,
`at` HH:MM or NULL for all day), so they sort as text (NULL, all day, first)
and the index on (day, at, id) serves both the order and the next appointment.

A journal found damaged is opened without its pending schema steps; if the
step that made this table is one of them, every read here finds no
appointments rather than failing, so what is left of the journal can still be
read and exported.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, time
from typing import Any, NamedTuple

from partnercare.models import Appointment, NewAppointment
from partnercare.store.connection import Store, read_day

_COLUMNS = (
    "id, uuid, kind, day, at, title, place, note, going, driver, state,"
    " series_index, series_count, series_uuid, ical_uid, sequence, created_at, updated_at,"
    " source_version"
)
_SELECT = f"SELECT {_COLUMNS} FROM appointments"
_ORDER = "ORDER BY day, at, id"
_ORDER_DESC = "ORDER BY day DESC, at DESC, id DESC"
#: What `update` may change: the field name in the record -> its column.
_EDITABLE = {
    "kind": "kind",
    "day": "day",
    "at": "at",
    "title": "title",
    "where": "place",
    "note": "note",
    "going": "going",
    "driver": "driver",
    "state": "state",
    "source_version": "source_version",
    "series": ("series_index", "series_count"),
}


class Imported(NamedTuple):
    added: int
    updated: int
    unchanged: int
    #: The uuids of the appointments added (the rest were here already).
    new: frozenset[str] = frozenset()


def _ready(store: Store) -> bool:
    """Whether the table exists: always, unless a damaged journal was opened before
    the step that makes it could run."""
    if not store.damaged:
        return True
    with store.reading() as conn:
        return (
            conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'appointments'"
            ).fetchone()
            is not None
        )


def _row(row: Sequence[Any]) -> Appointment:
    (id_, uuid, kind, day, at, title, place, note, going, driver, state) = row[:11]
    index, count, series_uuid, ical_uid, sequence, created, updated, version = row[11:]
    return Appointment(
        id=int(id_),
        uuid=str(uuid),
        kind=str(kind),
        day=read_day(day, created) or date(1900, 1, 1),
        at=_time(at),
        title=str(title),
        where=str(place),
        note=str(note),
        going=None if going is None else bool(going),
        driver=str(driver),
        state=str(state),
        series=_series(index, count),
        series_uuid=None if series_uuid is None else str(series_uuid),
        ical_uid=None if ical_uid is None else str(ical_uid),
        sequence=int(sequence),
        created_at=str(created),
        updated_at=str(updated),
        source_version=None if version is None else str(version),
    )


def _series(index: object, count: object) -> tuple[int, int] | None:
    """A place in a series; one that cannot be read (edited by hand) is none."""
    try:
        return None if index is None or count is None else (int(str(index)), int(str(count)))
    except (TypeError, ValueError):
        return None


def _time(text: object) -> time | None:
    """A stored time; one that cannot be read (edited by hand) makes it all day."""
    try:
        return None if text is None else time.fromisoformat(str(text).strip()[:5])
    except ValueError:
        return None


def _value(field: str, value: object) -> object:
    """A record's value as stored: dates and times as ISO text, flags as 0/1."""
    if field == "day" and isinstance(value, date):
        return value.isoformat()
    if field == "at":
        return None if value is None else f"{value:%H:%M}"
    if field == "going":
        return None if value is None else int(bool(value))
    return value


def _insert(conn: sqlite3.Connection, new: NewAppointment, stamp: str) -> int:
    """Save one appointment: with the id `new.id` if it has one (the caller knows it
    is free), else the next the database gives (NULL: AUTOINCREMENT)."""
    index, count = new.series if new.series is not None else (None, None)
    cursor = conn.execute(
        "INSERT INTO appointments (id, uuid, kind, day, at, title, place, note, going, driver,"
        " state, series_uuid, series_index, series_count, ical_uid, source_version, sequence,"
        " created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            new.id,
            new.uuid,
            new.kind,
            new.day.isoformat(),
            _value("at", new.at),
            new.title,
            new.where,
            new.note,
            _value("going", new.going),
            new.driver,
            new.state,
            new.series_uuid,
            index,
            count,
            new.ical_uid,
            new.source_version,
            new.sequence,
            new.created_at or stamp,
            new.updated_at or stamp,
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _change(
    conn: sqlite3.Connection, appointment_id: int, changes: dict[str, object], stamp: str
) -> None:
    """Set the named fields of one appointment; it counts one more change (the
    SEQUENCE a calendar needs to take an update)."""
    sets = ""
    values: list[object] = []
    for field, value in changes.items():
        column = _EDITABLE[field]
        if isinstance(column, tuple):  # the series: its place and its count
            place = value if isinstance(value, tuple) else (None, None)
            sets += "".join(f"{c} = ?, " for c in column)
            values += list(place)
        else:
            sets += f"{column} = ?, "
            values.append(_value(field, value))
    conn.execute(
        f"UPDATE appointments SET {sets}sequence = sequence + 1, updated_at = ? WHERE id = ?",
        (*values, stamp, appointment_id),
    )


def _get(conn: sqlite3.Connection, appointment_id: int) -> Appointment:
    return _row(conn.execute(f"{_SELECT} WHERE id = ?", (appointment_id,)).fetchone())


def add(store: Store, news: Sequence[NewAppointment], stamp: str) -> list[Appointment]:
    """Save one appointment, or a whole series, in one transaction."""
    with store.transaction() as conn:
        ids = [_insert(conn, new._replace(id=None), stamp) for new in news]
        return [_get(conn, i) for i in ids]


def get(store: Store, appointment_id: int) -> Appointment | None:
    if not _ready(store):
        return None
    with store.reading() as conn:
        row = conn.execute(f"{_SELECT} WHERE id = ?", (appointment_id,)).fetchone()
        return None if row is None else _row(row)


def between(
    store: Store,
    since: date | None = None,
    until: date | None = None,
    *,
    kind: str | None = None,
    newest_first: bool = False,
    limit: int | None = None,
    cancelled: bool = True,
) -> list[Appointment]:
    """Appointments from since to until (inclusive, either open), in date order."""
    if not _ready(store):
        return []
    where, params = _where(since, until, kind, cancelled)
    sql = f"{_SELECT} {where} {_ORDER_DESC if newest_first else _ORDER}"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    with store.reading() as conn:
        return [_row(row) for row in conn.execute(sql, params)]


def _where(
    since: date | None, until: date | None, kind: str | None, cancelled: bool
) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if since is not None:
        clauses.append("day >= ?")
        params.append(since.isoformat())
    if until is not None:
        clauses.append("day <= ?")
        params.append(until.isoformat())
    if kind is not None:
        clauses.append("kind = ?")
        params.append(kind)
    if not cancelled:
        clauses.append("state != 'cancelled'")
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def next_planned(store: Store, day: date, at: time) -> Appointment | None:
    """The first planned appointment from this moment on: later that day (or all day
    that day), or on a day after. However many came earlier that day."""
    if not _ready(store):
        return None
    with store.reading() as conn:
        row = conn.execute(
            f"{_SELECT} WHERE state = 'planned' AND"
            " (day > ? OR (day = ? AND (at IS NULL OR at >= ?)))"
            f" {_ORDER} LIMIT 1",
            (day.isoformat(), day.isoformat(), f"{at:%H:%M}"),
        ).fetchone()
        return None if row is None else _row(row)


def iter_all(store: Store, since: date | None = None) -> Iterator[Appointment]:
    """Every appointment (from `since`), oldest first, read as it is written out."""
    if not _ready(store):
        return
    where, params = _where(since, None, None, True)
    with store.reading() as conn:
        for row in conn.execute(f"{_SELECT} {where} {_ORDER}", params):
            yield _row(row)


def with_uuids(store: Store, uuids: Iterable[str]) -> list[Appointment]:
    """The appointments with these uuids (those of an imported file), in date order,
    read by the uuid index rather than by reading every appointment."""
    wanted = sorted(set(uuids))
    found: list[Appointment] = []
    with store.reading() as conn:
        for start in range(0, len(wanted), 500):  # well under SQLite's variable limit
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            found += [
                _row(row) for row in conn.execute(f"{_SELECT} WHERE uuid IN ({marks})", chunk)
            ]
    return sorted(found, key=lambda a: (a.day, a.at is not None, a.at, a.id))


def series(store: Store, series_uuid: str) -> list[Appointment]:
    with store.reading() as conn:
        rows = conn.execute(
            f"{_SELECT} WHERE series_uuid = ? ORDER BY series_index, id", (series_uuid,)
        )
        return [_row(row) for row in rows]


def update(
    store: Store, ids: Sequence[int], changes: dict[str, object], stamp: str
) -> list[Appointment]:
    """Change the named fields of these appointments, in one transaction."""
    with store.transaction() as conn:
        for appointment_id in ids:
            _change(conn, appointment_id, changes, stamp)
        return [_get(conn, appointment_id) for appointment_id in ids]


def mark_done_in(
    conn: sqlite3.Connection, day: date, kind: str, going: bool | None, stamp: str
) -> int:
    """A check-in logged this kind of treatment on this day: that day's planned
    appointments of the kind are done (with whether the user went along, when the
    check-in said). Inside the check-in's own transaction. How many."""
    cursor = conn.execute(
        "UPDATE appointments SET state = 'done', going = coalesce(?, going),"
        " sequence = sequence + 1, updated_at = ?"
        " WHERE day = ? AND kind = ? AND state = 'planned'",
        (_value("going", going), stamp, day.isoformat(), kind),
    )
    return cursor.rowcount


def merge(store: Store, incoming: Iterable[Incoming], stamp: str) -> Imported:
    """Add appointments not here yet (by uuid); update one already here as `Incoming`
    says. All in one transaction: all of it, or none."""
    with store.transaction() as conn:
        return merge_in(conn, incoming, stamp)


class Incoming(NamedTuple):
    """An appointment from a file, and what it may change in one already here:
    `fields` (none, for a backup), only if `newer` says its version is newer."""

    new: NewAppointment
    fields: tuple[str, ...] = ()
    #: "sequence": the file's SEQUENCE against the stored one (partnercare's own
    #: export); "source": its version against the one last imported (a clinic's).
    newer: str = ""
    version: int = 0


def merge_in(conn: sqlite3.Connection, incoming: Iterable[Incoming], stamp: str) -> Imported:
    """`merge`, inside a transaction the caller holds.

    Into a journal with no appointments at all, an appointment keeps the id it
    carries (`NewAppointment.id`, from partnercare's own export), unless another
    of the same import took it already; otherwise it gets the next id, as ever."""
    added: set[str] = set()
    updated = unchanged = 0
    keep_ids = conn.execute("SELECT 1 FROM appointments LIMIT 1").fetchone() is None
    for item in incoming:
        new = item.new
        row = conn.execute(f"{_SELECT} WHERE uuid = ?", (new.uuid,)).fetchone()
        if row is None:
            if new.id is not None and not (keep_ids and _free(conn, new.id)):
                new = new._replace(id=None)
            _insert(conn, new, stamp)
            added.add(new.uuid)
            continue
        old = _row(row)
        # Only a newer version changes what is here, so an old file (or the same one
        # again) never undoes a later change: partnercare's own export by a higher
        # SEQUENCE (it counts every change); a clinic's event by its version (the
        # clinic's SEQUENCE, then when it changed the event).
        newer = (item.newer == "sequence" and item.version > old.sequence) or (
            item.newer == "source" and (new.source_version or "") > (old.source_version or "")
        )
        changes = {}
        if newer:
            changes = {
                f: getattr(new, f) for f in item.fields if getattr(new, f) != getattr(old, f)
            }
            if item.newer == "source" and old.state == "done":
                changes.pop("state", None)  # it happened: a later cancellation changes nothing
        if set(changes) <= {"source_version"}:
            if changes:  # the same event, sent again: remembered as read, not a change
                conn.execute(
                    "UPDATE appointments SET source_version = ? WHERE id = ?",
                    (changes["source_version"], old.id),
                )
            unchanged += 1
            continue
        _change(conn, old.id, changes, stamp)
        updated += 1
    return Imported(len(added), updated, unchanged, frozenset(added))


def _free(conn: sqlite3.Connection, appointment_id: int) -> bool:
    found = conn.execute("SELECT 1 FROM appointments WHERE id = ?", (appointment_id,))
    return found.fetchone() is None


def cancel_missing(
    conn: sqlite3.Connection, series_uuid: str, kept: set[str], version: str, stamp: str
) -> int:
    """The planned appointments of a series that a newer version of its calendar no
    longer has (a session the clinic took out): cancelled, not deleted. An older
    file cancels nothing. How many."""
    rows = conn.execute(
        "SELECT id, uuid, source_version FROM appointments"
        " WHERE series_uuid = ? AND state = 'planned'",
        (series_uuid,),
    ).fetchall()
    gone = [int(i) for i, uuid, had in rows if uuid not in kept and (had or "") < version]
    for appointment_id in gone:
        _change(conn, appointment_id, {"state": "cancelled"}, stamp)
    return len(gone)


def merge_calendar(
    store: Store,
    incoming: Iterable[Incoming],
    series_kept: dict[str, tuple[set[str], str]],
    stamp: str,
) -> tuple[Imported, int]:
    """A calendar file, in one transaction: `merge`, then for each series the file
    holds (its uuids, and the newest version of it there), cancel what it no longer
    has. (what was merged, how many cancelled)"""
    with store.transaction() as conn:
        done = merge_in(conn, incoming, stamp)
        gone = sum(
            cancel_missing(conn, series, kept, version, stamp)
            for series, (kept, version) in series_kept.items()
        )
        return done, gone
