"""Queries on `tip_reads`: which of the ten tips have been read, and when."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from partnercare.models import TipRead
from partnercare.store.connection import Store


def mark(store: Store, number: int, when: str) -> None:
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO tip_reads (number, first_read_at, last_read_at) VALUES (?, ?, ?) "
            "ON CONFLICT (number) DO UPDATE SET last_read_at = excluded.last_read_at, "
            "times = times + 1",
            (number, when, when),
        )


def first_reads(store: Store) -> dict[int, str]:
    """Tip number -> when it was first read (ISO timestamp)."""
    with store.reading() as conn:
        rows = conn.execute("SELECT number, first_read_at FROM tip_reads")
        return {int(number): str(first) for number, first in rows}


def all_reads(store: Store) -> list[TipRead]:
    """Every tip read, as stored, by tip number (for the journal's JSON export)."""
    with store.reading() as conn:
        rows = conn.execute(
            "SELECT number, first_read_at, last_read_at, times FROM tip_reads ORDER BY number"
        )
        return [TipRead(int(n), str(first), str(last), int(t)) for n, first, last, t in rows]


def add_missing(conn: sqlite3.Connection, reads: Iterable[TipRead]) -> int:
    """The reads of tips not read here yet, inside a transaction the caller holds (an
    import's); a tip already read here keeps its own record. How many were added."""
    added = 0
    for read in reads:
        cursor = conn.execute(
            "INSERT INTO tip_reads (number, first_read_at, last_read_at, times)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (number) DO NOTHING",
            (read.number, read.first_read_at, read.last_read_at, read.times),
        )
        added += cursor.rowcount
    return added
