"""Queries on check-ins: the `entries` rows of kind 'checkin', one a day.

Ask SQL for what is needed (the last WHO-5 scores, a window of days) instead
of decoding every check-in ever saved.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from typing import Any

from partnercare.models import Entry, NewEntry
from partnercare.store.connection import Store, read_day
from partnercare.store.entries import (
    CHECKIN_ON_DAY,
    SELECT,
    dump_data,
    from_row,
    insert,
    load_data,
    replace_tags,
)


def upsert(
    store: Store, new: NewEntry, then: Callable[[sqlite3.Connection], object] | None = None
) -> tuple[int, bool]:
    """Save the day's check-in, replacing an earlier one for that day: (id, replaced).

    A replaced check-in keeps its id, uuid and created_at, so exports and
    imports still see one entry per day. `then` writes more in the same transaction.
    """
    with store.transaction() as conn:
        found = _upsert(conn, new)
        if then is not None:
            then(conn)
        return found


def _upsert(conn: sqlite3.Connection, new: NewEntry) -> tuple[int, bool]:
    row = conn.execute(f"SELECT id FROM entries WHERE {CHECKIN_ON_DAY}", (new.day.isoformat(),))
    found = row.fetchone()
    if found is None:
        return insert(conn, new), False
    entry_id = int(found[0])
    conn.execute(
        # A star the user gave the day's check-in stays.
        "UPDATE entries SET text = ?, data = ?, updated_at = ?,"
        " starred = max(starred, ?) WHERE id = ?",
        (new.text, dump_data(new.data), new.updated_at, int(new.starred), entry_id),
    )
    replace_tags(conn, entry_id, new.tags)
    return entry_id, True


def on_day(store: Store, day: date) -> Entry | None:
    with store.reading() as conn:
        row = conn.execute(f"{SELECT} WHERE {CHECKIN_ON_DAY}", (day.isoformat(),)).fetchone()
        return None if row is None else from_row(row)


def who5_scores(store: Store, until: date, count: int) -> list[tuple[date, int]]:
    """The last `count` WHO-5 scores saved on or before until, newest first.

    SQLite picks them out of the saved answers, so a check-in history of years
    is not decoded to find the last score or two.
    """
    with store.reading() as conn:
        rows = conn.execute(
            f"{_WHO5} AND date <= ? ORDER BY date DESC LIMIT ?", (until.isoformat(), count)
        )
        return [(found, int(score)) for day, score in rows if (found := read_day(day))]


def who5_around(store: Store, since: date, until: date) -> list[tuple[date, int]]:
    """The WHO-5 scores a period needs, oldest first: those from 13 days before `since`
    to `until`, and the last one before that (a score is compared with the last one
    at least 14 days earlier, which may lie before the period)."""
    from datetime import timedelta

    start = since - timedelta(days=13)
    with store.reading() as conn:
        rows = conn.execute(
            f"{_WHO5} AND date BETWEEN ? AND ? ORDER BY date",
            (start.isoformat(), until.isoformat()),
        ).fetchall()
        earlier = conn.execute(
            f"{_WHO5} AND date < ? ORDER BY date DESC LIMIT 1", (start.isoformat(),)
        ).fetchall()
    return [(found, int(score)) for day, score in [*earlier, *rows] if (found := read_day(day))]


_WHO5 = (
    "SELECT date, json_extract(data, '$.who5_score') AS score FROM entries"
    " WHERE kind = 'checkin' AND json_valid(data)"
    " AND json_type(data, '$.who5_score') = 'integer' AND score BETWEEN 0 AND 100"
    # the score is the raw sum (0-25) times 4: anything else was not made by partnercare
    " AND score % 4 = 0"
)


def last(store: Store, until: date, count: int) -> list[tuple[date, dict[str, Any]]]:
    """The last `count` check-ins on or before until, oldest first, however far apart."""
    with store.reading() as conn:
        rows = conn.execute(
            "SELECT date, data FROM entries WHERE kind = 'checkin' AND date <= ?"
            " ORDER BY date DESC LIMIT ?",
            (until.isoformat(), count),
        )
        found = [(got, load_data(data) or {}) for day, data in rows if (got := read_day(day))]
    return found[::-1]


def between(store: Store, since: date, until: date) -> list[tuple[date, dict[str, Any]]]:
    """Each day's check-in answers from since to until (inclusive), oldest first."""
    with store.reading() as conn:
        rows = conn.execute(
            "SELECT date, data FROM entries WHERE kind = 'checkin' AND date BETWEEN ? AND ?"
            " ORDER BY date",
            (since.isoformat(), until.isoformat()),
        )
        return [(got, load_data(data) or {}) for day, data in rows if (got := read_day(day))]


def days_between(store: Store, since: date, until: date) -> list[date]:
    """The days from since to until that have a check-in, without reading the answers
    (a streak of years costs a read of dates, not the decoding of every check-in)."""
    with store.reading() as conn:
        rows = conn.execute(
            "SELECT date FROM entries WHERE kind = 'checkin' AND date BETWEEN ? AND ?",
            (since.isoformat(), until.isoformat()),
        )
        return [got for (day,) in rows if (got := read_day(day))]


def run_ending(store: Store, day: date) -> int:
    """How many days in a row, ending on `day`, have a check-in.

    SQLite counts them: check-in dates are unique, so the run is the rows whose
    distance back from `day` equals their place in date order. The last 64 days
    are looked at first (one short index range); only a run that fills them is
    counted over the whole journal.
    """
    from datetime import timedelta

    sql = (
        "SELECT count(*) FROM (SELECT julianday(?) - julianday(date) AS back,"
        " row_number() OVER (ORDER BY date DESC) - 1 AS place"
        " FROM entries WHERE kind = 'checkin' AND date BETWEEN ? AND ?) WHERE back = place"
    )
    with store.reading() as conn:

        def run_since(since: str) -> int:
            return int(conn.execute(sql, (day.isoformat(), since, day.isoformat())).fetchone()[0])

        count = run_since((day - timedelta(days=_FIRST_LOOK - 1)).isoformat())
        return count if count < _FIRST_LOOK else run_since("0000-00-00")


_FIRST_LOOK = 64
