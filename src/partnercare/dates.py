"""Dates as people type them: ISO (`2026-11-25`) and everyday words (`3 days ago`).

ISO dates, `today`, `yesterday` and `tomorrow` are handled here directly;
anything else goes to `dateparser`, which is imported only then because it
costs start-up time that most commands never need.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from partnercare.errors import InvalidInputError

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_SIMPLE = {"today": 0, "yesterday": -1, "tomorrow": 1}
# Longer than anything a person types as a date; keeps the parser's work bounded.
_MAX_LEN = 60
#: The earliest year a date can name.
FIRST_YEAR = 1900
_EXAMPLES = "try 2026-11-25, today, yesterday, 3 days ago or last monday"


def _invalid(text: str) -> InvalidInputError:
    shown = text if len(text) <= _MAX_LEN else text[:_MAX_LEN] + "…"
    return InvalidInputError(f"not a date I understand: {shown!r} ({_EXAMPLES})")


def parse_date(text: str, *, today: date) -> date:
    """The calendar day `text` names, relative to `today`; words prefer the past.

    Raises InvalidInputError (one line naming what was typed) and nothing else.
    """
    cleaned = " ".join(text.split()).lower()
    if cleaned in _SIMPLE:
        return today + timedelta(days=_SIMPLE[cleaned])
    if _ISO.fullmatch(cleaned):
        try:
            day = date.fromisoformat(cleaned)
        except ValueError:
            raise _invalid(text) from None
        if day.year < FIRST_YEAR:
            # The same bound words have: a day near year 1 has no day before it to count back.
            raise InvalidInputError(f"{cleaned} is before {FIRST_YEAR}; give a later date")
        return day
    # A bare number ("5") is ambiguous: dateparser reads it as a month.
    if not cleaned or len(cleaned) > _MAX_LEN or cleaned.isdigit():
        raise _invalid(text)
    if not any(ch.isalpha() for ch in cleaned) and not re.search(r"\d", cleaned):
        raise _invalid(text)
    return _parse_words(cleaned, text, today=today)


def _parse_words(cleaned: str, original: str, *, today: date) -> date:
    import dateparser

    base = datetime(today.year, today.month, today.day, 12, 0, 0)
    try:
        parsed = dateparser.parse(
            cleaned,
            languages=["en"],
            settings={
                "PREFER_DATES_FROM": "past",
                "RELATIVE_BASE": base,
                "RETURN_AS_TIMEZONE_AWARE": False,
            },
        )
    except Exception:  # dateparser raises assorted errors on odd input; all mean "not a date"
        parsed = None
    if parsed is None or not FIRST_YEAR <= parsed.year <= 9999:
        raise _invalid(original)
    return parsed.date()


def describe(day: date) -> str:
    """A day as people read it in a list: `Tue 25 Nov 2026`."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def describe_long(day: date) -> str:
    """A day as a heading: `Wednesday 25 November 2026` (no %-d: Windows lacks it)."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def day_words(day: date, today: date) -> str:
    """A day as it reads inside a sentence: "today", "yesterday", "on Monday 23 November"
    (with the year when it is not this year's)."""
    if day == today:
        return "today"
    if day == today - timedelta(days=1):
        return "yesterday"
    year = f" {day.year}" if day.year != today.year else ""
    return f"on {day:%A} {day.day} {day:%B}{year}"
