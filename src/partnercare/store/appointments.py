"""Queries on `appointments`: the treatment course and therapy sessions.

Each appointment is one row; a series ("infusion 3 of 6") shares a
`series_uuid`. Dates and times are local wall-clock text (`day` YYYY-MM-DD,
`at` HH:MM or NULL for all day), so they sort as text and an index on
(day, at, id) serves the next appointment and a day's appointments.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, time
from typing import Any, NamedTuple

from partnercare.models import Appointment, NewAppointment
from partnercare.store.connection import Store

_COLUMNS = (
    "id, uuid, kind, day, at, title, place, note, going, driver, state,"
    " series_index, series_count, series_uuid, ical_uid, sequence, created_at, updated_at"
)
_SELECT = f"SELECT {_COLUMNS} FROM appointments"
_ORDER = "ORDER BY day, coalesce(at, ''), id"
_ORDER_DESC = "ORDER BY day DESC, coalesce(at, '') DESC, id DESC"
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
}


class Imported(NamedTuple):
    added: int
    updated: int
    unchanged: int


def _row(row: Sequence[Any]) -> Appointment:
    (id_, uuid, kind, day, at, title, place, note, going, driver, state) = row[:11]
    index, count, series_uuid, ical_uid, sequence, created, updated = row[11:]
    return Appointment(
        id=int(id_),
        uuid=str(uuid),
        kind=str(kind),
        day=date.fromisoformat(day),
        at=None if at is None else time.fromisoformat(at),
        title=str(title),
        where=str(place),
        note=str(note),
        going=None if going is None else bool(going),
        driver=str(driver),
        state=str(state),
        series=None if index is None or count is None else (int(index), int(count)),
        series_uuid=None if series_uuid is None else str(series_uuid),
        ical_uid=None if ical_uid is None else str(ical_uid),
        sequence=int(sequence),
        created_at=str(created),
        updated_at=str(updated),
    )


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
    index, count = new.series if new.series is not None else (None, None)
    cursor = conn.execute(
        "INSERT INTO appointments (uuid, kind, day, at, title, place, note, going, driver,"
        " state, series_uuid, series_index, series_count, ical_uid, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
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
            stamp,
            stamp,
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def add(store: Store, news: Sequence[NewAppointment], stamp: str) -> list[Appointment]:
    """Save one appointment, or a whole series, in one transaction."""
    with store.transaction() as conn:
        ids = [_insert(conn, new, stamp) for new in news]
        return [_row(conn.execute(f"{_SELECT} WHERE id = ?", (i,)).fetchone()) for i in ids]


def get(store: Store, appointment_id: int) -> Appointment | None:
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


def iter_all(store: Store, since: date | None = None) -> Iterator[Appointment]:
    """Every appointment (from `since`), oldest first, read as it is written out."""
    where, params = _where(since, None, None, True)
    with store.reading() as conn:
        for row in conn.execute(f"{_SELECT} {where} {_ORDER}", params):
            yield _row(row)


def series(store: Store, series_uuid: str) -> list[Appointment]:
    with store.reading() as conn:
        rows = conn.execute(
            f"{_SELECT} WHERE series_uuid = ? ORDER BY series_index, id", (series_uuid,)
        )
        return [_row(row) for row in rows]


def update(
    store: Store, ids: Sequence[int], changes: dict[str, object], stamp: str
) -> list[Appointment]:
    """Change the named fields of these appointments, in one transaction; each counts
    one more change (its calendar SEQUENCE). Unknown fields are a programming error."""
    columns = [_EDITABLE[field] for field in changes]
    values = [_value(field, value) for field, value in changes.items()]
    sets = ", ".join(f"{column} = ?" for column in columns)
    with store.transaction() as conn:
        for appointment_id in ids:
            conn.execute(
                f"UPDATE appointments SET {sets}, sequence = sequence + 1, updated_at = ?"
                " WHERE id = ?",
                (*values, stamp, appointment_id),
            )
        return [
            _row(row)
            for appointment_id in ids
            for row in conn.execute(f"{_SELECT} WHERE id = ?", (appointment_id,))
        ]


def mark_done_on(store: Store, day: date, kind: str, going: bool | None, stamp: str) -> int:
    """A check-in logged this kind of treatment on this day: that day's planned
    appointments of the kind are done (with whether the user went along). How many."""
    with store.transaction() as conn:
        cursor = conn.execute(
            "UPDATE appointments SET state = 'done', going = coalesce(?, going),"
            " sequence = sequence + 1, updated_at = ?"
            " WHERE day = ? AND kind = ? AND state = 'planned'",
            (_value("going", going), stamp, day.isoformat(), kind),
        )
        return cursor.rowcount


def count(store: Store) -> int:
    with store.reading() as conn:
        return int(conn.execute("SELECT count(*) FROM appointments").fetchone()[0])


def merge(
    store: Store, incoming: Iterable[tuple[NewAppointment, tuple[str, ...]]], stamp: str
) -> Imported:
    """Add appointments not here yet (by uuid); for one already here, update the
    named fields that differ. All in one transaction: all of it, or none."""
    with store.transaction() as conn:
        return merge_in(conn, incoming, stamp)


def merge_in(
    conn: sqlite3.Connection,
    incoming: Iterable[tuple[NewAppointment, tuple[str, ...]]],
    stamp: str,
) -> Imported:
    """`merge`, inside a transaction the caller holds."""
    added = updated = unchanged = 0
    for new, fields in incoming:
        row = conn.execute(f"{_SELECT} WHERE uuid = ?", (new.uuid,)).fetchone()
        if row is None:
            _insert(conn, new, stamp)
            added += 1
            continue
        old = _row(row)
        changes = {f: getattr(new, f) for f in fields if getattr(new, f) != getattr(old, f)}
        if not changes:
            unchanged += 1
            continue
        columns = [_EDITABLE[field] for field in changes]
        sets = ", ".join(f"{column} = ?" for column in columns)
        values = [_value(field, value) for field, value in changes.items()]
        conn.execute(
            f"UPDATE appointments SET {sets}, sequence = sequence + 1, updated_at = ? WHERE id = ?",
            (*values, stamp, old.id),
        )
        updated += 1
    return Imported(added, updated, unchanged)
