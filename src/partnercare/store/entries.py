"""Queries on the `entries`, `tags` and `entries_fts` tables: notes and check-ins alike.

The row helpers here (`SELECT`, `from_row`, `insert`, `replace_tags`, `dump_data`)
are shared with `checkins.py`, since a check-in is an entry.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any, NamedTuple

from partnercare.models import Entry, EntryFilter, NewEntry
from partnercare.store.connection import Store, read_day

# Search ranks at most this many of the newest matches (see `search`).
RANK_WINDOW = 5000
# Longer entries get no snippet() from SQLite (its work grows with the square of
# the matches: 25 ms for 10,000 characters of them, 10 s for 1 MB); the domain
# builds theirs over a bounded window.
SNIPPET_MAX_CHARS = 4000

COLUMNS = (
    "e.id, e.uuid, e.kind, e.date, e.created_at, e.updated_at, e.text, e.starred, e.data,"
    " (SELECT json_group_array(tag) FROM"
    " (SELECT tag FROM tags WHERE entry_id = e.id ORDER BY rowid))"
)
SELECT = f"SELECT {COLUMNS} FROM entries e"
# The day's check-in (there is at most one: the one_checkin_a_day index).
CHECKIN_ON_DAY = "kind = 'checkin' AND date = ?"


# -- writing ---------------------------------------------------------------------


def add(store: Store, new: NewEntry) -> int:
    """Save one entry with its tags (and, by trigger, its search index) at once."""
    with store.transaction() as conn:
        return insert(conn, new)


class Imported(NamedTuple):
    added: int
    already: int  # the same entry (its UUID) is in the journal
    same_day: int  # a check-in for a day that has one: the user's is kept


def import_new(
    store: Store,
    entries: Iterable[NewEntry],
    then: Callable[[sqlite3.Connection], object] | None = None,
) -> Imported:
    """Add entries whose UUID is not here yet, all in one transaction.

    A check-in for a day that already has one is skipped too, so importing
    never replaces what the user has. Into a journal with no entries at all,
    an entry keeps the id it carries (`NewEntry.id`: `journal show 12` on the
    new computer is the same note), unless another entry of the import took
    that id already; otherwise the database gives the next one, as ever, so
    ids never collide. `then` writes more in the same transaction (the
    appointments and tip reads of the same file): all of it, or none.
    """
    added = already = same_day = 0
    with store.transaction() as conn:
        # Decided inside the transaction, under the write lock: no other command
        # can add an entry between this look and the inserts.
        keep_ids = conn.execute("SELECT 1 FROM entries LIMIT 1").fetchone() is None
        for new in entries:
            if conn.execute("SELECT 1 FROM entries WHERE uuid = ?", (new.uuid,)).fetchone():
                already += 1
                continue
            if (
                new.kind == "checkin"
                and conn.execute(
                    f"SELECT 1 FROM entries WHERE {CHECKIN_ON_DAY}", (new.day.isoformat(),)
                ).fetchone()
            ):
                same_day += 1
                continue
            if new.id is not None and not (keep_ids and _free(conn, new.id)):
                new = new._replace(id=None)
            insert(conn, new)
            added += 1
        if then is not None:
            then(conn)
    return Imported(added, already, same_day)


def _free(conn: sqlite3.Connection, entry_id: int) -> bool:
    return conn.execute("SELECT 1 FROM entries WHERE id = ?", (entry_id,)).fetchone() is None


def update(
    store: Store,
    entry_id: int,
    *,
    updated_at: str,
    text: str | None = None,
    starred: bool | None = None,
    data: dict[str, Any] | None = None,
    text_was: str | None = None,
) -> bool:
    """Change an entry's text and/or star; False if there is no such entry (or, with
    text_was, if its text is no longer that: someone changed it)."""
    sets: list[str] = ["updated_at = ?"]
    params: list[object] = [updated_at]
    if text is not None:
        sets.append("text = ?")
        params.append(text)
    if starred is not None:
        sets.append("starred = ?")
        params.append(int(starred))
    if data is not None:
        sets.append("data = ?")
        params.append(dump_data(data))
    where = "id = ?"
    params.append(entry_id)
    if text_was is not None:
        where += " AND text = ?"
        params.append(text_was)
    with store.transaction() as conn:
        cursor = conn.execute(f"UPDATE entries SET {', '.join(sets)} WHERE {where}", params)
        return cursor.rowcount == 1


def delete(store: Store, entry_id: int) -> bool:
    with store.transaction() as conn:
        return conn.execute("DELETE FROM entries WHERE id = ?", (entry_id,)).rowcount == 1


# -- reading ---------------------------------------------------------------------


def get(store: Store, entry_id: int) -> Entry | None:
    with store.reading() as conn:
        row = conn.execute(f"{SELECT} WHERE e.id = ?", (entry_id,)).fetchone()
        return None if row is None else from_row(row)


def newest(store: Store, filters: EntryFilter, *, limit: int | None) -> list[Entry]:
    """Newest first: (date, created_at, id) descending, LIMIT done by SQLite."""
    where, params = _where(filters)
    sql = f"{SELECT} {where} ORDER BY e.date DESC, e.created_at DESC, e.id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    with store.reading() as conn:
        return [from_row(row) for row in conn.execute(sql, params)]


def oldest_first(store: Store, filters: EntryFilter) -> Iterator[Entry]:
    """Oldest first, one row at a time, so an export's memory stays flat."""
    where, params = _where(filters)
    sql = f"{SELECT} {where} ORDER BY e.date, e.created_at, e.id"
    with store.reading() as conn:
        for row in conn.execute(sql, params):
            yield from_row(row)


def search(
    store: Store, match: str, filters: EntryFilter, *, limit: int | None, marks: tuple[str, str]
) -> list[tuple[Entry, str | None]]:
    """Entries matching an FTS5 expression, best first, each with a marked snippet,
    or None for an entry longer than SNIPPET_MAX_CHARS (the caller makes one).

    Raises FtsQueryError if SQLite rejects the expression's syntax.
    """
    # Two steps: rank the matches but fetch only the ids (the entry columns
    # and snippet are costly), then build the few shown. Only the newest
    # RANK_WINDOW matches are ranked: bm25 over half of a 100,000-entry
    # journal took 60 ms, and a query that broad is narrowed by the caller
    # telling the user (see `count_matches`).
    where, params = _where(filters, prefix="AND")
    ranked = (
        "SELECT id FROM ("
        " SELECT e.id AS id, entries_fts.rank AS r, e.date AS d, e.created_at AS c"
        " FROM entries_fts JOIN entries e ON e.id = entries_fts.rowid"
        f" WHERE entries_fts MATCH ? {where}"
        " ORDER BY entries_fts.rowid DESC LIMIT ?)"
        " ORDER BY r, d DESC, c DESC, id DESC"
    )
    args: list[object] = [match, *params, RANK_WINDOW]
    if limit is not None:
        ranked += " LIMIT ?"
        args.append(limit)
    # snippet() costs the square of an entry's matches (a 1 MB entry of
    # thousands took 10 s); CASE never calls it for a long entry.
    one = (
        f"SELECT {COLUMNS}, CASE WHEN length(e.text) <= ?"
        " THEN snippet(entries_fts, 0, ?, ?, '…', 16) END"
        " FROM entries_fts JOIN entries e ON e.id = entries_fts.rowid"
        " WHERE entries_fts MATCH ? AND entries_fts.rowid = ?"
    )
    with store.fts_query() as conn:
        ids = [row[0] for row in conn.execute(ranked, args)]
        rows = [
            conn.execute(one, (SNIPPET_MAX_CHARS, marks[0], marks[1], match, entry_id)).fetchone()
            for entry_id in ids
        ]
    return [(from_row(row[:-1]), None if row[-1] is None else str(row[-1])) for row in rows]


def count_matches(store: Store, match: str, filters: EntryFilter, *, up_to: int) -> int:
    """How many entries an FTS5 expression matches under the filters, counting
    no further than `up_to` (a full count of a broad query costs as much as ranking it)."""
    where, params = _where(filters, prefix="AND")
    query = (
        "SELECT count(*) FROM (SELECT 1 FROM entries_fts"
        " JOIN entries e ON e.id = entries_fts.rowid"
        f" WHERE entries_fts MATCH ? {where} LIMIT ?)"
    )
    with store.fts_query() as conn:
        return int(conn.execute(query, [match, *params, up_to]).fetchone()[0])


# -- rows ------------------------------------------------------------------------


def _where(filters: EntryFilter, *, prefix: str = "WHERE") -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if filters.since is not None:
        clauses.append("e.date >= ?")
        params.append(filters.since.isoformat())
    if filters.until is not None:
        clauses.append("e.date <= ?")
        params.append(filters.until.isoformat())
    if filters.kind is not None:
        clauses.append("e.kind = ?")
        params.append(filters.kind)
    if filters.starred:
        # A literal, so the partial index on starred entries can serve it.
        clauses.append("e.starred = 1")
    for tag in filters.tags:
        clauses.append("EXISTS (SELECT 1 FROM tags t WHERE t.entry_id = e.id AND t.tag = ?)")
        params.append(tag)
    if not clauses:
        return "", params
    return f"{prefix} {' AND '.join(clauses)}", params


# json is imported where it is used: reading a tip opens the store but never
# touches an entry, and the import is a millisecond of its start-up.


def dump_data(data: dict[str, Any] | None) -> str | None:
    import json

    return None if data is None else json.dumps(data, ensure_ascii=False)


def load_data(raw: str | None) -> dict[str, Any] | None:
    """Saved answers as a dict; None for a note. Never raises on what is stored."""
    import json

    if raw is None:
        return None
    try:
        loaded = json.loads(raw)
    except ValueError:
        return {"value": raw}
    return loaded if isinstance(loaded, dict) else {"value": loaded}


def replace_tags(conn: sqlite3.Connection, entry_id: int, tags: Sequence[str]) -> None:
    conn.execute("DELETE FROM tags WHERE entry_id = ?", (entry_id,))
    _insert_tags(conn, entry_id, tags)
    # The search index's copy (a trigger re-indexes the entry if it changed).
    conn.execute("UPDATE entries SET tag_words = ? WHERE id = ?", (_tag_words(tags), entry_id))


def _tag_words(tags: Sequence[str]) -> str:
    """The tags as the search index reads them (schema step 0006_search_tags)."""
    return " ".join(tags)


def _insert_tags(conn: sqlite3.Connection, entry_id: int, tags: Sequence[str]) -> None:
    # Tags compare without case (NOCASE); the first spelling given is kept.
    conn.executemany(
        "INSERT OR IGNORE INTO tags (entry_id, tag) VALUES (?, ?)",
        [(entry_id, tag) for tag in tags],
    )


def insert(conn: sqlite3.Connection, new: NewEntry) -> int:
    """Save one entry and its tags; with the id `new.id` if it has one (the caller
    knows it is free), else the next the database gives (NULL: AUTOINCREMENT)."""
    cursor = conn.execute(
        "INSERT INTO entries"
        " (id, uuid, kind, date, created_at, updated_at, text, starred, data, tag_words)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            new.id,
            new.uuid,
            new.kind,
            new.day.isoformat(),
            new.created_at,
            new.updated_at,
            new.text,
            int(new.starred),
            dump_data(new.data),
            _tag_words(new.tags),
        ),
    )
    entry_id = cursor.lastrowid
    assert entry_id is not None
    _insert_tags(conn, entry_id, new.tags)
    return entry_id


def from_row(row: Sequence[Any]) -> Entry:
    import json

    return Entry(
        id=int(row[0]),
        uuid=str(row[1]),
        kind=str(row[2]),
        # unreadable: the day it was written, else the first day partnercare knows
        day=read_day(row[3], row[4]) or date(1900, 1, 1),
        created_at=str(row[4]),
        updated_at=str(row[5]),
        text=str(row[6]),
        starred=bool(row[7]),
        data=load_data(row[8]),
        tags=tuple(json.loads(row[9])) if row[9] else (),
    )
