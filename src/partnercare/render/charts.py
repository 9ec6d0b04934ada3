"""Charts as characters: strips of 1-5 answers, rows of marks and ticks, on one time axis.

Pure (no rich, no terminal): each function returns plain strings, one character a
column, so the terminal screen, the tests and later the report's text charts
share them. A column is a day, or, when the days do not fit the room given (or
there are more than `trends.DAILY_UP_TO`), a week, a month or a year, and the
screen says which. A column without a value is a gap (`GAP`), never a zero.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from math import ceil

#: A 1-5 answer as a bar's height (1 lowest); the heights read without colour.
LEVELS = "▁▂▄▆█"
GAP = "·"
#: In a grid: ticked that day; logged but not ticked; no check-in that day.
TICKED, NOT_TICKED, NOT_LOGGED = "■", "-", " "
#: In a grid of weeks or months: no item ticked on the column's logged days.
NONE_TICKED = "_"
UNITS = ("day", "week", "month", "year")


@dataclass(frozen=True)
class Columns:
    """The period cut into columns: what one column is (`span` of them: 5 years), and
    the days of each."""

    unit: str
    days: tuple[tuple[date, ...], ...]
    span: int = 1

    def __len__(self) -> int:
        return len(self.days)


def columns(days: Sequence[date], room: int, *, daily_up_to: int) -> Columns:
    """The finest columns that fit in `room` characters: days (at most `daily_up_to`
    of them), else weeks (Monday to Sunday), months, years, or as many years a
    column as it takes to fit."""
    for unit in UNITS:
        if unit == "day" and len(days) > daily_up_to:
            continue
        found = _group(days, unit)
        if len(found) <= room:
            return Columns(unit, found)
    span = -(-(days[-1].year - days[0].year + 1) // max(1, room))
    return Columns("year", _group(days, "year", span), span)


def _group(days: Sequence[date], unit: str, span: int = 1) -> tuple[tuple[date, ...], ...]:
    groups: dict[object, list[date]] = {}
    for day in days:
        key: object = {
            "day": day,
            "week": day - timedelta(days=day.weekday()),
            "month": (day.year, day.month),
            "year": (day.year - days[0].year) // span,
        }[unit]
        groups.setdefault(key, []).append(day)
    return tuple(tuple(group) for group in groups.values())


def level(value: float | None) -> str:
    """The bar for a 1-5 value (a mean rounds half up), or the gap."""
    if value is None:
        return GAP
    return LEVELS[min(5, max(1, int(value + 0.5))) - 1]


def means(cols: Columns, values: Mapping[date, int | None]) -> list[float | None]:
    """Each column's value: the answer that day, or the mean of the answers given in its
    week, month or year; None where there is none."""
    out: list[float | None] = []
    for group in cols.days:
        given = [v for day in group if (v := values.get(day)) is not None]
        out.append(sum(given) / len(given) if given else None)
    return out


def strip(cols: Columns, values: Mapping[date, int | None]) -> str:
    """One measure as bars, one a column (`means`); a gap where there is none."""
    return "".join(level(value) for value in means(cols, values))


def marks(cols: Columns, marked: Mapping[date, Collection[str]], order: str) -> str:
    """A row of letters: each column the first letter of `order` found on its days
    (treatment kinds, or the WHO-5), else a space."""
    out = []
    for group in cols.days:
        found = {letter for day in group for letter in marked.get(day, ())}
        out.append(next((letter for letter in order if letter in found), " "))
    return "".join(out)


def grid_row(
    cols: Columns, ticked: Collection[date], logged: Collection[date], *, quarters: str = ""
) -> str:
    """One routine or self-care item. Days: ticked, logged without it, or not logged.
    Weeks and longer: how much of the column's logged days had it, as one of four
    `quarters` (bars unless given: up to a quarter, a half, three quarters, all),
    none of them (NONE_TICKED), or no logged day."""
    steps = quarters or LEVELS[1:]
    out = []
    for group in cols.days:
        logged_days = [day for day in group if day in logged]
        if cols.unit == "day":
            out.append(TICKED if group[0] in ticked else NOT_TICKED if logged_days else NOT_LOGGED)
            continue
        if not logged_days:
            out.append(GAP)
            continue
        share = sum(day in ticked for day in logged_days) / len(logged_days)
        out.append(NONE_TICKED if share == 0 else steps[max(1, min(4, ceil(share * 4))) - 1])
    return "".join(out)


def axis(cols: Columns, width: int) -> str:
    """Dates above the columns, each label starting over its column (`axis_marks`); a
    label that would run into the one before it, or past `width`, is left out."""
    line = ""
    for place, label in axis_marks(cols):
        if (line and place <= len(line)) or place + len(label) > width:
            continue
        line = line.ljust(place) + label
    return line


def axis_marks(cols: Columns) -> list[tuple[int, str]]:
    """Where the axis has a date (column, label): each Monday (days), the week holding
    a month's 1st (weeks), each January (months), every fifth year (years); then the
    first column's date, if it fits before the next label."""
    marks: list[tuple[int, str]] = []
    opening: tuple[int, str] | None = None
    for place, group in enumerate(cols.days):
        label = _label(cols, group)
        if label is not None:
            marks.append((place, label))
        elif place == 0:
            opening = (0, _opening(cols, group))
    if opening is not None and (not marks or len(opening[1]) < marks[0][0]):
        marks.insert(0, opening)
    return marks


def _label(cols: Columns, group: Sequence[date]) -> str | None:
    first, unit = group[0], cols.unit
    if unit == "day":
        return f"{first.day} {first:%b}" if first.weekday() == 0 else None
    if unit == "week":
        start = next((day for day in group if day.day == 1), None)
        if start is None:
            return None
        return f"{start:%b %Y}" if start.month == 1 else f"{start:%b}"
    if unit == "month":
        return f"{first:%b %Y}" if first.month == 1 else None
    # Several years a column: each column's first year, as many as fit.
    return str(first.year) if first.year % 5 == 0 or cols.span > 1 else None


def _opening(cols: Columns, group: Sequence[date]) -> str:
    first = group[0]
    if cols.unit == "day":
        return f"{first.day} {first:%b}"
    if cols.unit in ("week", "month"):
        return f"{first:%b %Y}"
    return str(first.year)


def unit_words(unit: str, span: int = 1) -> str:
    """What one column is, for the line under the charts."""
    if unit == "year" and span > 1:
        return f"each column is {span} years, their average"
    return {
        "day": "each column is a day",
        "week": "each column is a week (Monday to Sunday), its average",
        "month": "each column is a month, its average",
        "year": "each column is a year, its average",
    }[unit]
