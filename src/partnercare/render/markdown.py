"""Markdown: the journal for reading (or for a therapist); the report will follow.

Streams like every export: entries are taken one at a time and text is yielded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime

from partnercare.dates import describe_long
from partnercare.models import Entry


def journal(entries: Iterable[Entry]) -> Iterator[str]:
    """Readable: one `##` heading per day, one `###` per entry, the text as written."""
    yield "# partnercare journal\n"
    day: date | None = None
    for entry in entries:
        if entry.day != day:
            day = entry.day
            yield f"\n## {describe_long(day)}\n"
        heading = "Check-in" if entry.kind == "checkin" else "Note"
        time = _time_of(entry.created_at)
        if time:
            heading += f" · {time}"
        if entry.starred:
            heading += " · ★"
        if entry.tags:
            heading += " · " + " ".join(f"#{tag}" for tag in entry.tags)
        yield f"\n### {heading}\n\n"
        if entry.kind == "checkin":
            from partnercare.checkin.summary import summary_line

            yield f"*{summary_line(entry.data or {})}*\n\n"
        yield entry.text + "\n"


def _time_of(stamp: str) -> str:
    try:
        return datetime.fromisoformat(stamp).strftime("%H:%M")
    except ValueError:
        return ""
