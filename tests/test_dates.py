"""parse_date: ISO and everyday words, and nothing but InvalidInputError on bad input."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnercare.dates import describe, parse_date
from partnercare.errors import InvalidInputError

TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-11-25", date(2026, 11, 25)),
        ("1999-01-02", date(1999, 1, 2)),
        ("today", TODAY),
        ("  Today ", TODAY),
        ("yesterday", date(2026, 11, 24)),
        ("YESTERDAY", date(2026, 11, 24)),
        ("tomorrow", date(2026, 11, 26)),
        ("3 days ago", date(2026, 11, 22)),
        ("2 weeks ago", date(2026, 11, 11)),
        ("last monday", date(2026, 11, 23)),
        ("monday", date(2026, 11, 23)),
        ("last wednesday", date(2026, 11, 18)),
        ("25 nov 2025", date(2025, 11, 25)),
        ("a month ago", date(2026, 10, 25)),
        ("one year ago", date(2025, 11, 25)),
        ("wednesday", TODAY),  # today is one
        ("wed", TODAY),
        ("1 Dec", date(2026, 12, 1)),  # this year's, not last year's
        ("December 1, 2026", date(2026, 12, 1)),
        ("Nov 3rd", date(2026, 11, 3)),
        ("1900-01-01", date(1900, 1, 1)),
    ],
)
def test_dates_people_type(typed: str, expected: date) -> None:
    assert parse_date(typed, today=TODAY) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "garbage day",
        "2026-13-01",
        "2026-02-30",
        "5",
        "[[",
        "-",
        "x" * 500,
        "01/02/2026",  # 1 February or 2 January: refused, not guessed
        "1/2",
        "-3",
        "noon",
        "10:30",
        "the other day",
        "31 feb",
        "0001-01-02",
        "1899-12-31",
        "99999 years ago",
        "last week",
    ],
)
def test_what_is_not_a_date_is_one_line_error_naming_it(typed: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        parse_date(typed, today=TODAY)
    message = str(info.value)
    assert "\n" not in message
    assert typed.strip()[:20] in message


def test_slashed_dates_say_why() -> None:
    with pytest.raises(InvalidInputError, match="can be read two ways"):
        parse_date("01/02/2026", today=TODAY)


def test_months_ago_keep_to_the_month() -> None:
    assert parse_date("1 month ago", today=date(2026, 3, 31)) == date(2026, 2, 28)


def test_describe() -> None:
    assert describe(date(2026, 11, 25)) == "Wed 25 Nov 2026"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_parse_date_raises_nothing_but_invalid_input(typed: str) -> None:
    try:
        result: object = parse_date(typed, today=TODAY)
    except InvalidInputError as exc:
        result = str(exc)
        assert "\n" not in result
    assert isinstance(result, date | str)
