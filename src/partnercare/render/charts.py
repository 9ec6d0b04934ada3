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
    """The period cut into columns: what one column is, and the days of each."""

    unit: str
    days: tuple[tuple[date, ...], ...]

    def __len__(self) -> int:
        return len(self.days)


def columns(days: Sequence[date], room: int, *, daily_up_to: int) -> Columns:
    """The finest columns that fit in `room` characters: days (at most `daily_up_to`
    of them), else weeks (Monday to Sunday), months or years."""
    for unit in UNITS:
        if unit == "day" and len(days) > daily_up_to:
            continue
        found = _group(days, unit)
        if len(found) <= room or unit == "year":
            return Columns(unit, found)
    raise AssertionError("unreachable: years always fit")


def _group(days: Sequence[date], unit: str) -> tuple[tuple[date, ...], ...]:
    groups: dict[object, list[date]] = {}
    for day in days:
        key: object = {
            "day": day,
            "week": day - timedelta(days=day.weekday()),
            "month": (day.year, day.month),
            "year": day.year,
        }[unit]
        groups.setdefault(key, []).append(day)
    return tuple(tuple(group) for group in groups.values())


def level(value: float | None) -> str:
    """The bar for a 1-5 value (a mean rounds half up), or the gap."""
    if value is None:
        return GAP
    return LEVELS[min(5, max(1, int(value + 0.5))) - 1]


def strip(cols: Columns, values: Mapping[date, int | None]) -> str:
    """One measure: each column the answer that day, or the mean of the answers given
    in its week, month or year; a gap where there is none."""
    out = []
    for group in cols.days:
        given = [v for day in group if (v := values.get(day)) is not None]
        out.append(level(sum(given) / len(given) if given else None))
    return "".join(out)


def marks(cols: Columns, marked: Mapping[date, Collection[str]], order: str) -> str:
    """A row of letters: each column the first letter of `order` found on its days
    (treatment kinds, or the WHO-5), else a space."""
    out = []
    for group in cols.days:
        found = {letter for day in group for letter in marked.get(day, ())}
        out.append(next((letter for letter in order if letter in found), " "))
    return "".join(out)


def grid_row(cols: Columns, ticked: Collection[date], logged: Collection[date]) -> str:
    """One routine or self-care item. Days: ticked, logged without it, or not logged.
    Weeks and longer: how much of the column's logged days had it, as a bar (a
    quarter or less is the lowest), none of them (NONE_TICKED), or no logged day."""
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
        out.append(NONE_TICKED if share == 0 else LEVELS[max(1, min(4, ceil(share * 4)))])
    return "".join(out)


def axis(cols: Columns, width: int) -> str:
    """Dates above the columns, each label starting over its column: the first column,
    then each Monday (days), each month's first week (weeks), each January (months),
    every fifth year (years); a label that would run into the last is left out."""
    line = ""
    for place, group in enumerate(cols.days):
        first = group[0]
        label = _label(cols.unit, first, opening=place == 0)
        if label is None or place < len(line) + (1 if line else 0):
            continue
        if place + len(label) > width:
            break
        line = line.ljust(place) + label
    return line


def _label(unit: str, day: date, *, opening: bool) -> str | None:
    if unit == "day":
        return f"{day.day} {day:%b}" if opening or day.weekday() == 0 else None
    if unit == "week":
        if day.month == 1 and day.day <= 7:
            return f"{day:%b %Y}"
        return f"{day:%b}" if opening or day.day <= 7 else None
    if unit == "month":
        return f"{day:%b %Y}" if opening or day.month == 1 else None
    return str(day.year) if opening or day.year % 5 == 0 else None


def unit_words(unit: str) -> str:
    """What one column is, for the line under the charts."""
    return {
        "day": "each column is a day",
        "week": "each column is a week (Monday to Sunday), its average",
        "month": "each column is a month, its average",
        "year": "each column is a year, its average",
    }[unit]
