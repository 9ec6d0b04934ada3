"""The CSV export (render/csv.py), from hand-made entries."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from partnercare.models import Entry
from partnercare.render import csv as render_csv

ENTRY = Entry(
    id=3,
    uuid="u-3",
    kind="checkin",
    day=date(2026, 11, 1),
    created_at="2026-11-01T09:30:00+00:00",
    updated_at="2026-11-01T10:00:00+00:00",
    text="line one\nline, two",
    starred=True,
    tags=("a", "b"),
    data={"mood": 4},
)


def _rows(entries: list[Entry]) -> list[list[str]]:
    return list(csv.reader(io.StringIO("".join(render_csv.journal(entries)), newline="")))


def test_a_header_then_a_row_per_entry() -> None:
    assert _rows([ENTRY]) == [
        list(render_csv.JOURNAL_FIELDS),
        [
            "3",
            "u-3",
            "checkin",
            "2026-11-01",
            "2026-11-01T09:30:00+00:00",
            "2026-11-01T10:00:00+00:00",
            "yes",
            "a, b",
            "line one\nline, two",
            '{"mood": 4}',
        ],
    ]
    plain = _rows([ENTRY._replace(starred=False, data=None)])[1]
    assert plain[6] == "" and plain[9] == ""


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_a_spreadsheet_would_run_are_defused(start: str) -> None:
    row = _rows([ENTRY._replace(text=start + "SUM(A1)", tags=(start + "t",))])[1]
    assert row[8] == "'" + start + "SUM(A1)"
    assert row[7] == "'" + start + "t"


def test_a_leading_minus_is_defused_unless_the_cell_is_a_number() -> None:
    # `-2+3+cmd|' /C calc'!A0` runs as a formula; `-3` is only ever a number.
    assert _rows([ENTRY._replace(text="-2+3+cmd|' /C calc'!A0")])[1][8].startswith("'-2")
    assert _rows([ENTRY._replace(text="-3 degrees")])[1][8] == "'-3 degrees"
    assert _rows([ENTRY._replace(text="-3.5")])[1][8] == "-3.5"
