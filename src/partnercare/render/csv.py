"""CSV: the journal for a spreadsheet, one row per entry.

Streams like every export: entries are taken one at a time and rows are yielded.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator

from partnercare.models import Entry

JOURNAL_FIELDS = (
    "id",
    "uuid",
    "kind",
    "date",
    "created_at",
    "updated_at",
    "starred",
    "tags",
    "text",
    "data",
)
# Spreadsheets run a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# ... except a plain negative number, which is only ever a number.
_NEGATIVE_NUMBER = re.compile(r"-\d+(\.\d+)?")


def journal(entries: Iterable[Entry]) -> Iterator[str]:
    """A header row, then one row per entry; cells a spreadsheet would run as formulas get `'`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return value

    writer.writerow(JOURNAL_FIELDS)
    yield flush()
    for entry in entries:
        writer.writerow(
            [
                entry.id,
                entry.uuid,
                entry.kind,
                entry.day.isoformat(),
                entry.created_at,
                entry.updated_at,
                "yes" if entry.starred else "",
                _cell(", ".join(entry.tags)),
                _cell(entry.text),
                "" if entry.data is None else json.dumps(entry.data, ensure_ascii=False),
            ]
        )
        yield flush()


def _cell(value: str) -> str:
    if not value.startswith(_FORMULA_START) or _NEGATIVE_NUMBER.fullmatch(value):
        return value
    return "'" + value
