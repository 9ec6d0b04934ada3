"""The iCalendar writer, read back with icalendar (an independent parser)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import stored_appointment
from partnercare.models import Appointment
from partnercare.render import ics

NOW = datetime(2026, 11, 5, 12, 30, tzinfo=UTC)
TRICKY = 'Dr. Müller, Room 3; "east" wing\nbring ID ✓ \\ back'


def appointment(**changes: Any) -> Appointment:
    return stored_appointment(**{"updated_at": "2026-11-02T11:15:00+01:00", **changes})


def export(*appointments: Appointment, now: datetime = NOW) -> str:
    return "".join(ics.calendar(appointments, now=now))


def events(text: str) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(text)
    return [e for e in calendar.walk("VEVENT") if isinstance(e, icalendar.Event)]


def dt(component: icalendar.Component, name: str) -> Any:
    """A date, time or duration property's value, as icalendar reads it."""
    value: Any = component[name]
    return value.dt


def only_event(a: Appointment) -> icalendar.Event:
    [event] = events(export(a))
    return event


def alarms(event: icalendar.Event) -> list[icalendar.Component]:
    return [c for c in event.subcomponents if c.name == "VALARM"]


def test_the_calendar_says_what_it_is() -> None:
    calendar = icalendar.Calendar.from_ical(export(appointment()))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//partnercare//appointments//EN"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "partnercare"
    assert "PRODID:-//me//EN\r\n" in "".join(ics.calendar([], now=NOW, product="-//me//EN"))


def test_every_field_reads_back(local_zone: Callable[[str], None]) -> None:
    local_zone("Europe/Berlin")
    a = appointment(
        kind="infusion",
        title="Ketamine",
        where="Clinic",
        note="Eat light",
        going=True,
        driver="Sam",
        series=(3, 6),
        series_uuid="1f0e4a52-8f6c-4c8e-9a55-3a2b1c0d9e8f",
        sequence=2,
    )
    event = only_event(a)
    assert str(event["UID"]) == f"{a.uuid}@partnercare"
    assert dt(event, "DTSTAMP") == NOW
    assert dt(event, "CREATED") == datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    assert dt(event, "LAST-MODIFIED") == datetime(2026, 11, 2, 10, 15, tzinfo=UTC)
    assert int(str(event["SEQUENCE"])) == 2
    assert dt(event, "DTSTART") == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
    assert dt(event, "DURATION") == timedelta(hours=2)
    assert "DTEND" not in event
    assert str(event["SUMMARY"]) == "Ketamine 3 of 6"
    assert str(event["LOCATION"]) == "Clinic"
    assert str(event["DESCRIPTION"]) == "Eat light"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["X-PARTNERCARE-KIND"]) == "infusion"
    assert str(event["X-PARTNERCARE-TITLE"]) == "Ketamine"
    assert str(event["X-PARTNERCARE-GOING"]) == "TRUE"
    assert str(event["X-PARTNERCARE-DRIVER"]) == "Sam"
    assert str(event["X-PARTNERCARE-STATE"]) == "planned"
    assert str(event["X-PARTNERCARE-SERIES"]) == f"{a.series_uuid};3;6"
    [alarm] = alarms(event)
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert str(alarm["DESCRIPTION"]) == "Infusion tomorrow: ride home arranged?"
    assert dt(alarm, "TRIGGER") == -timedelta(hours=15)


def test_what_is_not_there_is_left_out() -> None:
    event = only_event(appointment(created_at="", updated_at="not a time"))
    for name in ("LOCATION", "DESCRIPTION", "CREATED", "LAST-MODIFIED", "X-PARTNERCARE-TITLE"):
        assert name not in event
    for name in ("X-PARTNERCARE-GOING", "X-PARTNERCARE-DRIVER", "X-PARTNERCARE-SERIES"):
        assert name not in event
    assert not alarms(event)
    assert str(only_event(appointment(going=False))["X-PARTNERCARE-GOING"]) == "FALSE"


@pytest.mark.parametrize(
    ("kind", "words", "duration"),
    [
        ("infusion", "Infusion", timedelta(hours=2)),
        ("welcome", "Welcome session", timedelta(hours=1)),
        ("therapy", "Therapy", timedelta(hours=1)),
        ("couples_therapy", "Couples therapy", timedelta(hours=1)),
        ("prescriber", "Prescriber", timedelta(minutes=30)),
        ("other", "Appointment", timedelta(hours=1)),
    ],
)
def test_an_untitled_appointment_is_its_kind_in_words(
    kind: str, words: str, duration: timedelta
) -> None:
    event = only_event(appointment(kind=kind))
    assert str(event["SUMMARY"]) == words
    assert dt(event, "DURATION") == duration
    assert str(only_event(appointment(kind=kind, series=(3, 6)))["SUMMARY"]) == f"{words} 3 of 6"


def test_an_imported_uid_is_written_back_and_uids_are_stable() -> None:
    assert str(only_event(appointment(ical_uid="abc-123@clinic.example"))["UID"]) == (
        "abc-123@clinic.example"
    )
    both = [appointment(), appointment(uuid="2f0e4a52-8f6c-4c8e-9a55-3a2b1c0d9e8f")]
    first = events(export(*both))
    second = events(export(*both, now=NOW + timedelta(days=3)))
    assert [str(e["UID"]) for e in first] == [str(e["UID"]) for e in second]
    assert len({str(e["UID"]) for e in first}) == 2
    assert dt(first[0], "DTSTAMP") != dt(second[0], "DTSTAMP")


def test_text_is_escaped_and_survives_exactly() -> None:
    event = only_event(appointment(title=TRICKY, where=TRICKY, note=TRICKY, driver=TRICKY))
    assert str(event["SUMMARY"]) == TRICKY
    assert str(event["LOCATION"]) == TRICKY
    assert str(event["DESCRIPTION"]) == TRICKY
    written = export(appointment(where=TRICKY))
    assert 'LOCATION:Dr. Müller\\, Room 3\\; "east" wing\\nbring ID ✓ \\\\ back\r\n' in written


def test_carriage_returns_and_control_characters_are_not_written() -> None:
    event = only_event(appointment(note="one\r\ntwo\rthree\x1b[31m\x00 four\tfive"))
    assert str(event["DESCRIPTION"]) == "one\ntwo\nthree[31m four\tfive"


def test_crlf_only_and_no_line_over_75_octets() -> None:
    long = "Ω✓😀ü" * 40 + "x" * 77 + ", ; \\ \n" * 20
    written = export(
        appointment(title=long, where=long[3:], note=long[1:], driver=long[2:], kind="infusion")
    ).encode()
    assert b"\r\n" in written
    assert written.count(b"\n") == written.count(b"\r\n") == written.count(b"\r")
    lines = written.split(b"\r\n")
    assert lines[-1] == b""
    for line in lines[:-1]:
        assert len(line) <= 75
        line.decode("utf-8")  # folding never cuts a character in two
    assert any(line.startswith(b" ") for line in lines)
    assert str(only_event(appointment(note=long))["DESCRIPTION"]) == long


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=400))
def test_folding_keeps_every_octet_and_every_character(value: str) -> None:
    folded = ics.fold("DESCRIPTION:" + value.replace("\r", "").replace("\n", ""))
    data = folded.encode()
    assert data.endswith(b"\r\n")
    physical = data[:-2].split(b"\r\n")
    assert all(len(line) <= 75 and line.decode() is not None for line in physical)
    assert all(line.startswith(b" ") for line in physical[1:])
    unfolded = data[:-2].replace(b"\r\n ", b"").decode()
    assert unfolded == "DESCRIPTION:" + value.replace("\r", "").replace("\n", "")


def test_all_day_appointments_are_dates(local_zone: Callable[[str], None]) -> None:
    local_zone("Europe/Berlin")
    event = only_event(appointment(at=None, kind="infusion"))
    assert dt(event, "DTSTART") == date(2026, 12, 1)
    assert dt(event, "DTEND") == date(2026, 12, 2)
    assert "DURATION" not in event
    [alarm] = alarms(event)
    assert dt(alarm, "TRIGGER") == -timedelta(hours=5)  # 19:00 the evening before
    assert "DTSTART;VALUE=DATE:20261201\r\nDTEND;VALUE=DATE:20261202\r\n" in export(
        appointment(at=None)
    )
    new_year = only_event(appointment(at=None, day=date(2026, 12, 31)))
    assert dt(new_year, "DTEND") == date(2027, 1, 1)


def test_a_cancelled_infusion_has_no_alarm() -> None:
    event = only_event(appointment(kind="infusion", state="cancelled"))
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["X-PARTNERCARE-STATE"]) == "cancelled"
    assert not alarms(event)
    done = only_event(appointment(kind="infusion", state="done"))
    assert str(done["STATUS"]) == "CONFIRMED"
    assert str(done["X-PARTNERCARE-STATE"]) == "done"
    assert not alarms(only_event(appointment(kind="therapy")))


@pytest.mark.parametrize(
    ("at", "trigger"),
    [(time(10, 0), "-PT15H"), (time(8, 30), "-PT13H30M"), (time(23, 45), "-PT28H45M")],
)
def test_the_alarm_is_at_seven_the_evening_before(
    at: time, trigger: str, local_zone: Callable[[str], None]
) -> None:
    local_zone("Europe/Berlin")
    assert f"TRIGGER:{trigger}\r\n" in export(appointment(kind="infusion", at=at))


@pytest.mark.parametrize(
    ("day", "start_utc", "lead"),
    [
        # Friday before the clocks go back: BST, UTC+1
        (date(2026, 10, 23), datetime(2026, 10, 23, 9, 0, tzinfo=UTC), timedelta(hours=15)),
        # Sunday the clocks go back at 02:00: the evening before was BST, the morning is GMT
        (date(2026, 10, 25), datetime(2026, 10, 25, 10, 0, tzinfo=UTC), timedelta(hours=16)),
        # Monday after: both GMT
        (date(2026, 10, 26), datetime(2026, 10, 26, 10, 0, tzinfo=UTC), timedelta(hours=15)),
        # Sunday the clocks go forward (29 March 2026): GMT evening, BST morning
        (date(2026, 3, 29), datetime(2026, 3, 29, 9, 0, tzinfo=UTC), timedelta(hours=14)),
    ],
)
def test_the_alarm_is_right_across_a_daylight_saving_change(
    day: date, start_utc: datetime, lead: timedelta, local_zone: Callable[[str], None]
) -> None:
    local_zone("Europe/London")
    event = only_event(appointment(kind="infusion", day=day, at=time(10, 0)))
    assert dt(event, "DTSTART") == start_utc
    [alarm] = alarms(event)
    assert dt(alarm, "TRIGGER") == -lead
    fires = (start_utc + dt(alarm, "TRIGGER")).astimezone(ZoneInfo("Europe/London"))
    assert (fires.date(), fires.time()) == (day - timedelta(days=1), time(19, 0))


def test_the_export_streams_one_chunk_per_appointment() -> None:
    taken: list[int] = []

    def supply() -> Iterator[Appointment]:
        for n in range(3):
            taken.append(n)
            yield appointment(id=n + 1, uuid=f"0f0e4a52-8f6c-4c8e-9a55-3a2b1c0d9e8{n}")

    chunks = ics.calendar(supply(), now=NOW)
    assert next(chunks).startswith("BEGIN:VCALENDAR\r\n")
    assert taken == []
    rest = list(chunks)
    assert len(rest) == 4 and rest[-1] == "END:VCALENDAR\r\n"
    assert all(chunk.startswith("BEGIN:VEVENT\r\n") for chunk in rest[:-1])


def test_a_time_the_clocks_skip_is_exported_as_partnercare_shows_it(
    local_zone: Callable[[str], None],
) -> None:
    """02:30 on the night New York's clocks go forward is 03:30 EDT, in the list and
    in the calendar alike (RFC 5545 reads a skipped time with the offset before)."""
    from partnercare.appointments import starts

    local_zone("America/New_York")
    skipped = appointment(day=date(2027, 3, 14), at=time(2, 30))
    assert starts(skipped) == "2027-03-14T03:30:00-04:00"
    assert "DTSTART:20270314T073000Z" in "".join(ics.calendar([skipped], now=NOW))
