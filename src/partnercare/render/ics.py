"""Appointments as one iCalendar file (RFC 5545), for the user's own calendar.

One VCALENDAR, one VEVENT per appointment, streamed event by event. Times are
written in UTC (`DTSTART:20261201T090000Z`, the wall time in this machine's zone
converted), not with a VTIMEZONE block: every calendar reads UTC correctly, and
partnercare keeps wall times, so the next export follows a daylight-saving rule
the machine has learned since. All-day appointments are DATE values.

Each infusion that is not cancelled carries an alarm at 19:00 the evening before
("ride home arranged?"): partnercare runs no daemon, so reminders live in the
calendar the user already carries around.

`X-PARTNERCARE-*` properties carry what iCalendar has no field for (kind, the
title as typed, who drives, the state, the series), so `ics_import.parse_ics`
reads partnercare's own export back unchanged. Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta

from partnercare.appointments import KIND_WORDS, local_moment
from partnercare.models import Appointment

_DURATIONS = {"infusion": "PT2H", "prescriber": "PT30M"}  # anything else: PT1H
ALARM_AT = time(19, 0)
ALARM_TEXT = "Infusion tomorrow: ride home arranged?"
# Not allowed in an iCalendar text value (tab is; newline is written as `\n`), and lone
# surrogates, which cannot be written as UTF-8.
_UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def calendar(
    appointments: Iterable[Appointment],
    *,
    now: datetime,
    product: str = "-//partnercare//appointments//EN",
) -> Iterator[str]:
    """The text of one VCALENDAR: a header, one chunk per appointment, the end."""
    yield _lines(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            f"PRODID:{text(product)}",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:partnercare",
        ]
    )
    stamp = _utc(now)
    for appointment in appointments:
        yield _lines(_event(appointment, stamp))
    yield _lines(["END:VCALENDAR"])


def _event(a: Appointment, stamp: str) -> Iterator[str]:
    yield "BEGIN:VEVENT"
    yield f"UID:{text(a.ical_uid or f'{a.uuid}@partnercare')}"
    yield f"DTSTAMP:{stamp}"
    for name, value in (("CREATED", a.created_at), ("LAST-MODIFIED", a.updated_at)):
        if moment := _saved_time(value):
            yield f"{name}:{_utc(moment)}"
    yield f"SEQUENCE:{a.sequence}"
    if a.at is None:
        yield f"DTSTART;VALUE=DATE:{_date(a.day)}"
        if a.day < date.max:  # else left out: a DATE start with no end lasts the day
            yield f"DTEND;VALUE=DATE:{_date(a.day + timedelta(days=1))}"
    else:
        yield f"DTSTART:{_utc(local_moment(a.day, a.at))}"
        yield f"DURATION:{_DURATIONS.get(a.kind, 'PT1H')}"
    yield f"SUMMARY:{text(summary(a))}"
    if a.where:
        yield f"LOCATION:{text(a.where)}"
    if a.note:
        yield f"DESCRIPTION:{text(a.note)}"
    yield f"STATUS:{'CANCELLED' if a.state == 'cancelled' else 'CONFIRMED'}"
    yield f"X-PARTNERCARE-KIND:{text(a.kind)}"
    if a.title:
        yield f"X-PARTNERCARE-TITLE:{text(a.title)}"
    if a.going is not None:
        yield f"X-PARTNERCARE-GOING:{'TRUE' if a.going else 'FALSE'}"
    if a.driver:
        yield f"X-PARTNERCARE-DRIVER:{text(a.driver)}"
    yield f"X-PARTNERCARE-STATE:{text(a.state)}"
    if a.series is not None or a.series_uuid is not None:
        place, count = a.series if a.series is not None else ("", "")
        yield f"X-PARTNERCARE-SERIES:{text(a.series_uuid or '')};{place};{count}"
    if a.kind == "infusion" and a.state != "cancelled":
        yield "BEGIN:VALARM"
        yield "ACTION:DISPLAY"
        yield f"DESCRIPTION:{text(ALARM_TEXT)}"
        yield f"TRIGGER:-{_duration(alarm_lead(a.day, a.at))}"
        yield "END:VALARM"
    yield "END:VEVENT"


def summary(a: Appointment) -> str:
    """What the calendar shows: the title, else the kind in words; "3 of 6" in a series."""
    words = a.title or KIND_WORDS.get(a.kind, "Appointment")
    return f"{words} {a.series[0]} of {a.series[1]}" if a.series else words


def alarm_lead(day: date, at: time | None) -> timedelta:
    """The real time from 19:00 local the evening before to the start (midnight if all day).

    Both moments are made aware in the machine's zone, so a daylight-saving change
    between them is counted: 10:00 on the morning after the clocks go back is 16 hours.
    """
    start = local_moment(day, at or time(0))
    evening = local_moment(day - timedelta(days=1), ALARM_AT)
    return start - evening


def text(value: str) -> str:
    r"""A TEXT value escaped (RFC 5545 3.3.11): `\\`, `\;`, `\,`, and a newline as `\n`."""
    value = _UNWRITABLE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line, CRLF-ended, folded at 75 octets without splitting a character."""
    data = line.encode()
    parts = []
    start, width = 0, 75
    while len(data) - start > width:
        cut = start + width
        while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: cut before its character
            cut -= 1
        parts.append(data[start:cut])
        start, width = cut, 74  # a continuation line starts with a space
    parts.append(data[start:])
    return "\r\n ".join(part.decode() for part in parts) + "\r\n"


def _lines(lines: Iterable[str]) -> str:
    return "".join(fold(line) for line in lines)


def _utc(moment: datetime) -> str:
    """`20261201T090000Z`; a naive moment is local time."""
    try:
        moment, zone = moment.astimezone(UTC), "Z"
    except (OverflowError, ValueError, OSError):
        zone = ""  # only at the ends of the calendar (9999-12-31 west of Greenwich): floating
    return f"{_date(moment.date())}T{moment:%H%M%S}{zone}"


def _saved_time(value: str) -> datetime | None:
    """A saved ISO time, or None when it cannot be read (the property is optional)."""
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _date(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _duration(span: timedelta) -> str:
    """`PT15H`, `PT15H30M`: exact hours and minutes (a `P1D` would be a calendar day)."""
    hours, rest = divmod(int(span.total_seconds()), 3600)
    minutes, seconds = divmod(rest, 60)
    parts = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M"), (seconds, "S")) if n)
    return f"PT{parts or '0S'}"
