"""Dates as people type them: ISO (`2026-11-25`) and a few everyday words.

What is accepted, and nothing else (a date read wrongly files a diary entry on
the wrong day without anyone noticing, so anything unclear is refused in one
line that shows what works):

- `2026-11-25` (ISO), from 1900 to 9999;
- `today`, `yesterday`, `tomorrow`;
- `3 days ago`, `2 weeks ago`, `a month ago`, `1 year ago` (numbers or words up to twelve);
- `monday` (the latest Monday, today included), `last monday` (the one before today);
- `25 nov 2026`, `25 November`, `Nov 25`, `November 25, 2026` (without a year:
  this year's).

Slashed dates (`01/02/2026` is 1 February in one country and 2 January in
another), times (`noon`, `10:30`) and bare numbers are refused.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from partnercare.errors import InvalidInputError

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SIMPLE = {"today": 0, "yesterday": -1, "tomorrow": 1}
_MAX_LEN = 60
_EXAMPLES = "try 2026-11-25, today, yesterday, 3 days ago, last monday or 25 nov"
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_AGO = re.compile(r"(\d{1,4}|[a-z]+) (day|week|month|year)s? ago")
# Spelled out, not taken from `calendar`: that module costs every command's
# start-up, and these names must be English whatever the locale.
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_WEEKDAYS = {name: n for n, name in enumerate(_DAY_NAMES)} | {
    name[:3]: n for n, name in enumerate(_DAY_NAMES)
}
_MONTHS = (
    {name: n + 1 for n, name in enumerate(_MONTH_NAMES)}
    | {name[:3]: n + 1 for n, name in enumerate(_MONTH_NAMES)}
    | {"sept": 9}
)
_DAY_MONTH = re.compile(r"(\d{1,2}) ([a-z]+)\.?(?:,? (\d{4}))?")
_MONTH_DAY = re.compile(r"([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?")
FIRST_YEAR = 1900


def _invalid(text: str, why: str = "not a date I understand") -> InvalidInputError:
    shown = text if len(text) <= _MAX_LEN else text[:_MAX_LEN] + "…"
    return InvalidInputError(f"{why}: {shown!r} ({_EXAMPLES})")


def parse_date(text: str, *, today: date) -> date:
    """The calendar day `text` names, relative to `today`.

    Raises InvalidInputError (one line naming what was typed) and nothing else.
    """
    cleaned = " ".join(text.split()).lower()
    if not cleaned or len(cleaned) > _MAX_LEN:
        raise _invalid(text)
    if cleaned in _SIMPLE:
        return _checked(today + timedelta(days=_SIMPLE[cleaned]), text)
    if match := _ISO.fullmatch(cleaned):
        return _day(int(match[1]), int(match[2]), int(match[3]), text)
    if "/" in cleaned and any(ch.isdigit() for ch in cleaned):
        raise _invalid(text, "a date with slashes can be read two ways")
    if match := _AGO.fullmatch(cleaned):
        count = int(match[1]) if match[1].isdigit() else _NUMBERS.get(match[1])
        if count is None:
            raise _invalid(text)
        return _ago(today, count, match[2], text)
    words = cleaned.split(" ")
    if len(words) <= 2 and words[-1] in _WEEKDAYS and words[0] in ("last", words[-1]):
        back = (today.weekday() - _WEEKDAYS[words[-1]]) % 7
        if words[0] == "last" and len(words) == 2 and back == 0:
            back = 7
        return today - timedelta(days=back)
    for pattern, day_at, month_at in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        if (match := pattern.fullmatch(cleaned)) and match[month_at] in _MONTHS:
            year = int(match[3]) if match[3] else today.year
            return _day(year, _MONTHS[match[month_at]], int(match[day_at]), text)
    raise _invalid(text)


def _day(year: int, month: int, day: int, text: str) -> date:
    try:
        return _checked(date(year, month, day), text)
    except ValueError:
        raise _invalid(text, "no such day") from None


def _checked(day: date, text: str) -> date:
    if day.year < FIRST_YEAR:
        raise _invalid(text, f"a date before {FIRST_YEAR}")
    return day


def _ago(today: date, count: int, unit: str, text: str) -> date:
    try:
        if unit in ("day", "week"):
            return _checked(today - timedelta(days=count * (7 if unit == "week" else 1)), text)
        months = today.year * 12 + today.month - 1 - count * (12 if unit == "year" else 1)
        year, month = divmod(months, 12)
        first_of_next = date(year + (month == 11), (month + 1) % 12 + 1, 1)
        last = (first_of_next - timedelta(days=1)).day
        return _checked(date(year, month + 1, min(today.day, last)), text)
    except (ValueError, OverflowError):
        raise _invalid(text, f"a date before {FIRST_YEAR}") from None


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
