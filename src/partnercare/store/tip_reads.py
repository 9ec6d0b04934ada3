"""Queries on `tip_reads`: which of the ten tips have been read, and when."""

from __future__ import annotations

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
