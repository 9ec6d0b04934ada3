"""Charts as characters (render.charts): columns, strips, marks, grids and the axis,
each checked on hand-made values."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from partnercare.render import charts

MON = date(2026, 11, 2)  # a Monday


def span(first: date, count: int) -> list[date]:
    return [first + timedelta(days=n) for n in range(count)]


@pytest.mark.parametrize(
    ("count", "room", "unit", "columns"),
    [
        (28, 60, "day", 28),
        (60, 60, "day", 60),
        (61, 100, "week", 9),  # past 60 days: weeks, however wide the room
        (60, 40, "week", 9),  # 60 days do not fit in 40: weeks (2 Nov is a Monday)
        (400, 60, "week", 58),
        (420, 60, "week", 60),
        (430, 60, "month", 15),  # 62 weeks do not fit: months
        (3650, 60, "year", 11),
    ],
)
def test_the_finest_columns_that_fit(count: int, room: int, unit: str, columns: int) -> None:
    cols = charts.columns(span(MON, count), room, daily_up_to=60)
    assert (cols.unit, len(cols)) == (unit, columns)
    assert [day for group in cols.days for day in group] == span(MON, count)  # every day once


def test_weeks_run_monday_to_sunday() -> None:
    cols = charts.columns(span(date(2026, 11, 1), 70), 60, daily_up_to=60)  # from a Sunday
    assert cols.unit == "week"
    assert cols.days[0] == (date(2026, 11, 1),)
    assert cols.days[1][0] == MON and len(cols.days[1]) == 7
    assert all(group[0].weekday() == 0 for group in cols.days[1:])


def test_a_strip_is_one_bar_per_day_with_gaps() -> None:
    days = span(MON, 7)
    values = {days[0]: 1, days[1]: 2, days[2]: None, days[3]: 3, days[5]: 5, days[6]: 4}
    cols = charts.columns(days, 60, daily_up_to=60)
    assert charts.strip(cols, values) == "▁▂·▄·█▆"


def test_a_weekly_strip_averages_the_days_given() -> None:
    days = span(MON, 21)
    values: dict[date, int | None] = {days[0]: 2, days[1]: 3, days[2]: None}  # week 1: 2.5
    values |= {days[7]: 4, days[8]: 4, days[9]: 5}  # week 2: 4.33
    cols = charts.columns(days, 3, daily_up_to=60)
    assert cols.unit == "week"
    # 2.5 rounds half up to 3; week 3 has no answer: a gap, not a zero.
    assert charts.strip(cols, values) == "▄▆·"


@pytest.mark.parametrize(
    ("value", "bar"), [(1, "▁"), (1.49, "▁"), (1.5, "▂"), (3, "▄"), (4.5, "█"), (None, "·")]
)
def test_levels(value: float | None, bar: str) -> None:
    assert charts.level(value) == bar


def test_marks_show_the_first_letter_in_order() -> None:
    days = span(MON, 14)
    marked = {days[1]: {"T"}, days[3]: {"T", "I"}, days[9]: {"C"}}
    assert charts.marks(charts.columns(days, 60, daily_up_to=60), marked, "ICT") == (
        " T I     C    "
    )
    weekly = charts.columns(days, 2, daily_up_to=60)
    assert charts.marks(weekly, marked, "ICT") == "IC"


def test_a_grid_row_by_day_and_by_week() -> None:
    days = span(MON, 14)
    logged = set(days[:10])
    ticked = {days[0], days[2], days[8], days[9]}
    cols = charts.columns(days, 60, daily_up_to=60)
    assert charts.grid_row(cols, ticked, logged) == "■-■-----■■    "
    # Week 1: 2 of 7 logged days (a quarter or more, up to a half). Week 2: 2 of 3.
    weekly = charts.columns(days, 2, daily_up_to=60)
    assert charts.grid_row(weekly, ticked, logged) == "▄▆"
    assert charts.grid_row(weekly, set(), logged) == "__"
    assert charts.grid_row(weekly, set(), set()) == "··"


def test_the_axis_labels_start_over_their_columns() -> None:
    days = span(date(2026, 11, 1), 28)  # Sunday 1 November to Saturday 28 November
    cols = charts.columns(days, 60, daily_up_to=60)
    line = charts.axis(cols, 60)
    # Each Monday; the first day's own label would run into 2 Nov's, so it is left out.
    assert line == " 2 Nov  9 Nov  16 Nov 23 Nov"
    assert len(charts.axis(cols, 20)) <= 20
    from_tuesday = charts.columns(span(date(2026, 11, 3), 21), 60, daily_up_to=60)
    assert charts.axis(from_tuesday, 60) == "3 Nov 9 Nov  16 Nov 23 Nov"  # room for it


def test_the_axis_of_weeks_names_every_month_that_fits() -> None:
    weeks = charts.columns(span(date(2026, 8, 31), 150), 60, daily_up_to=60)
    # 31 August's week holds 1 September: "Sep" stands over it, not a misleading "Aug".
    line = charts.axis(weeks, 60)
    assert line.split() == ["Sep", "Oct", "Nov", "Dec", "Jan", "2027"]
    assert line.index("Oct") == 4  # the week of Monday 28 September holds 1 October


def test_a_century_fits_in_columns_of_several_years() -> None:
    century = span(date(1926, 12, 10), 36_600)
    cols = charts.columns(century, 60, daily_up_to=60)
    assert (cols.unit, cols.span, len(cols)) == ("year", 2, 51)
    assert charts.unit_words(cols.unit, cols.span) == "each column is 2 years, their average"
    line = charts.axis(cols, 60)
    assert line.startswith("1926") and len(line) <= 60
    years = charts.columns(span(date(2016, 12, 1), 3650), 20, daily_up_to=60)
    assert (years.unit, years.span, len(years)) == ("year", 1, 11)
    assert charts.axis(years, 20) == "    2020 2025"  # "2016" would touch "2020"
