"""Reading .ics files: a clinic's invitations, partnercare's own export, and what is refused."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import stored_appointment
from partnercare.appointments import coerce_line, coerce_note
from partnercare.errors import InvalidInputError
from partnercare.ics_import import NAMESPACE, IcsEvent, parse_ics
from partnercare.models import Appointment, NewAppointment
from partnercare.render.ics import calendar

TODAY = date(2026, 11, 5)
NOW = datetime(2026, 11, 5, 12, 0, tzinfo=UTC)
SOURCE = "clinic.ics"
IMPORTED_NOTHING = "; nothing was imported"
NEW_YORK = """BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:DAYLIGHT
DTSTART:20070311T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
TZNAME:EDT
END:DAYLIGHT
BEGIN:STANDARD
DTSTART:20071104T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
TZNAME:EST
END:STANDARD
END:VTIMEZONE
"""


def ics_file(*events: str, method: str = "REQUEST", extra: str = "") -> bytes:
    """A calendar around the events, with CRLF line ends as a clinic would send."""
    body = (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Clinic Scheduler//EN\n"
        f"METHOD:{method}\n{extra}{''.join(events)}END:VCALENDAR\n"
    )
    return body.replace("\n", "\r\n").encode()


def vevent(*lines: str, uid: str | None = "visit-1@clinic.example") -> str:
    head = f"BEGIN:VEVENT\nUID:{uid}\n" if uid else "BEGIN:VEVENT\n"
    return (
        head
        + "DTSTAMP:20261101T120000Z\n"
        + "".join(f"{line}\n" for line in lines)
        + ("END:VEVENT\n")
    )


START = "DTSTART:20261201T100000Z"


def parse(raw: bytes) -> list[IcsEvent]:
    return parse_ics(raw, source=SOURCE, today=TODAY)


def outcome(raw: bytes) -> str | None:
    """None when the file is read, else the message it is refused with."""
    try:
        parse(raw)
    except InvalidInputError as exc:
        return str(exc)
    return None


def refusal(raw: bytes) -> str:
    with pytest.raises(InvalidInputError) as caught:
        parse(raw)
    message = str(caught.value)
    assert "\n" not in message and "\r" not in message
    assert SOURCE in message
    assert message.endswith(IMPORTED_NOTHING)
    return message


# -- a clinic's invitations ------------------------------------------------------


def test_a_clinic_invitation_in_its_own_zone(local_zone: Callable[[str], None]) -> None:
    local_zone("Europe/Berlin")
    raw = ics_file(
        vevent(
            "DTSTART;TZID=America/New_York:20261201T100000",
            "DTEND;TZID=America/New_York:20261201T120000",
            "SUMMARY:Ketamine infusion #2",
            "LOCATION:Riverside Clinic\\, Suite 4",
            "DESCRIPTION:Please arrive 15 minutes early.\\nNo driving afterwards.",
            "ORGANIZER;CN=Front Desk:mailto:desk@clinic.example",
            "STATUS:CONFIRMED",
        ),
        extra=NEW_YORK,
    )
    [item] = parse(raw)
    assert item.ours is False and item.guessed_kind is True
    uid = "visit-1@clinic.example"
    assert content(item.new) == {
        "uuid": str(uuid.uuid5(NAMESPACE, uid)),
        "kind": "infusion",
        "day": date(2026, 12, 1),
        "at": time(16, 0),  # 10:00 in New York (UTC-5) is 16:00 in Berlin (UTC+1)
        "title": "Ketamine infusion #2",
        "where": "Riverside Clinic, Suite 4",
        "note": "Please arrive 15 minutes early.\nNo driving afterwards.",
        "going": None,
        "driver": "",
        "state": "planned",
        "series": None,
        "series_uuid": None,
        "ical_uid": uid,
    }
    assert parse(raw) == [item]  # the same uuid every time: a re-import replaces


def test_a_zone_described_only_by_the_file(local_zone: Callable[[str], None]) -> None:
    local_zone("UTC")
    zone = NEW_YORK.replace("America/New_York", "Clinic Local Time")
    raw = ics_file(vevent('DTSTART;TZID="Clinic Local Time":20260701T100000'), extra=zone)
    [item] = parse(raw)
    assert (item.new.day, item.new.at) == (date(2026, 7, 1), time(14, 0))  # EDT, UTC-4


def test_utc_floating_and_all_day_starts(local_zone: Callable[[str], None]) -> None:
    local_zone("Europe/Berlin")
    raw = ics_file(
        vevent("DTSTART:20261201T153045Z", "SUMMARY:Therapy", uid="a"),
        vevent("DTSTART:20261202T093000", "SUMMARY:Therapy", uid="b"),
        vevent("DTSTART;VALUE=DATE:20261203", "DTEND;VALUE=DATE:20261204", uid="c"),
    )
    utc, floating, all_day = (item.new for item in parse(raw))
    assert (utc.day, utc.at) == (date(2026, 12, 1), time(16, 30))  # seconds dropped
    assert (floating.day, floating.at) == (date(2026, 12, 2), time(9, 30))
    assert (all_day.day, all_day.at) == (date(2026, 12, 3), None)
    assert all_day.kind == "other" and all_day.title == ""


@pytest.mark.parametrize(
    ("summary", "kind"),
    [
        ("Ketamine infusion #2", "infusion"),
        ("IV INFUSION", "infusion"),
        ("Ketamine intake call", "infusion"),
        ("Couples therapy with Dr. Lee", "couples_therapy"),
        ("Welcome session", "welcome"),
        ("Intake appointment", "welcome"),
        ("Introduction call", "welcome"),
        ("Therapy", "therapy"),
        ("Session with therapist", "therapy"),
        ("Prescriber check-in", "prescriber"),
        ("Psychiatry follow-up", "prescriber"),
        ("Dentist", "other"),
        ("", "other"),
    ],
)
def test_the_kind_is_guessed_from_the_summary(summary: str, kind: str) -> None:
    [item] = parse(ics_file(vevent("DTSTART:20261201T100000Z", f"SUMMARY:{summary}")))
    assert (item.new.kind, item.guessed_kind, item.ours) == (kind, True, False)


def test_cancellations() -> None:
    start = "DTSTART:20261201T100000Z"
    [by_status] = parse(ics_file(vevent(start, "STATUS:CANCELLED")))
    [by_method] = parse(ics_file(vevent(start), method="CANCEL"))
    [planned] = parse(ics_file(vevent(start, "STATUS:TENTATIVE")))
    assert (by_status.new.state, by_method.new.state, planned.new.state) == (
        "cancelled",
        "cancelled",
        "planned",
    )


def test_the_last_version_of_an_event_wins() -> None:
    raw = ics_file(
        vevent("DTSTART:20261201T100000Z", "SUMMARY:Therapy"),
        vevent("DTSTART:20261201T100000Z", "SUMMARY:Other", uid="other"),
        vevent("DTSTART:20261208T100000Z", "SUMMARY:Therapy (moved)", "SEQUENCE:1"),
    )
    items = parse(raw)
    assert [i.new.title for i in items] == ["Other", "Therapy (moved)"]
    assert items[1].new.day == date(2026, 12, 8)


def test_an_event_without_uid_gets_a_stable_uuid() -> None:
    one = ics_file(vevent("DTSTART:20261201T100000Z", "SUMMARY:Therapy", uid=None))
    other = ics_file(vevent("DTSTART:20261202T100000Z", "SUMMARY:Therapy", uid=None))
    [first], [again], [moved] = parse(one), parse(one), parse(other)
    assert first.new.uuid == again.new.uuid != moved.new.uuid
    assert first.new.ical_uid is None


def test_control_characters_are_removed_from_text() -> None:
    [item] = parse(
        ics_file(
            vevent("DTSTART:20261201T100000Z", "SUMMARY:Ther\x07apy\x1b[2J", "DESCRIPTION:a\tb")
        )
    )
    assert (item.new.title, item.new.note) == ("Therapy[2J", "a\tb")


# -- repeating events --------------------------------------------------------------


def test_a_weekly_series_of_six(local_zone: Callable[[str], None]) -> None:
    local_zone("America/New_York")
    raw = ics_file(
        vevent(
            "DTSTART;TZID=America/New_York:20261020T100000",
            "RRULE:FREQ=WEEKLY;COUNT=6",
            "SUMMARY:Ketamine infusion",
        ),
        extra=NEW_YORK,
    )
    items = parse(raw)
    uid = "visit-1@clinic.example"
    assert [i.new.series for i in items] == [(n, 6) for n in range(1, 7)]
    # 10:00 every week, across New York's change of clocks on 1 November
    assert [i.new.day for i in items] == [
        date(2026, 10, 20),
        date(2026, 10, 27),
        date(2026, 11, 3),
        date(2026, 11, 10),
        date(2026, 11, 17),
        date(2026, 11, 24),
    ]
    assert {i.new.at for i in items} == {time(10, 0)}
    assert {i.new.series_uuid for i in items} == {str(uuid.uuid5(NAMESPACE, uid))}
    # Each occurrence is known by the series' UID and its original start (in UTC).
    starts = ["20261020T140000Z", "20261027T140000Z", "20261103T150000Z"]
    assert [i.new.uuid for i in items][:3] == [
        str(uuid.uuid5(NAMESPACE, f"{uid}#{start}")) for start in starts
    ]
    assert {i.new.ical_uid for i in items} == {None}
    assert {i.new.kind for i in items} == {"infusion"}


def test_a_series_in_another_zone_keeps_its_own_wall_time(
    local_zone: Callable[[str], None],
) -> None:
    local_zone("Europe/Berlin")  # Berlin changes its clocks a week before New York
    raw = ics_file(
        vevent("DTSTART;TZID=America/New_York:20261020T100000", "RRULE:FREQ=WEEKLY;COUNT=3"),
        extra=NEW_YORK,
    )
    assert [i.new.at for i in parse(raw)] == [time(16, 0), time(15, 0), time(16, 0)]


def test_exdate_removes_an_occurrence(local_zone: Callable[[str], None]) -> None:
    local_zone("America/New_York")
    raw = ics_file(
        vevent(
            "DTSTART;TZID=America/New_York:20261201T100000",
            "RRULE:FREQ=WEEKLY;COUNT=6",
            "EXDATE;TZID=America/New_York:20261215T100000",
        ),
        extra=NEW_YORK,
    )
    items = parse(raw)
    assert date(2026, 12, 15) not in [i.new.day for i in items]
    assert [i.new.series for i in items] == [(n, 5) for n in range(1, 6)]


def test_until_ends_a_series_and_all_day_series_work(local_zone: Callable[[str], None]) -> None:
    local_zone("America/New_York")
    timed = ics_file(
        vevent(
            "DTSTART;TZID=America/New_York:20261201T100000",
            "RRULE:FREQ=WEEKLY;UNTIL=20261222T150000Z",
        ),
        extra=NEW_YORK,
    )
    assert [i.new.day.day for i in parse(timed)] == [1, 8, 15, 22]
    all_day = ics_file(
        vevent(
            "DTSTART;VALUE=DATE:20261201",
            "RRULE:FREQ=DAILY;UNTIL=20261203",
            "EXDATE;VALUE=DATE:20261202",
        )
    )
    assert [(i.new.day.day, i.new.at, i.new.series) for i in parse(all_day)] == [
        (1, None, (1, 2)),
        (3, None, (2, 2)),
    ]


def test_a_changed_occurrence_does_not_break_the_series() -> None:
    raw = ics_file(
        vevent("DTSTART:20261201T100000Z", "RRULE:FREQ=WEEKLY;COUNT=6", "SUMMARY:Infusion"),
        vevent(
            "RECURRENCE-ID:20261208T100000Z",
            "DTSTART:20261209T100000Z",
            "SUMMARY:Infusion (moved)",
        ),
    )
    items = parse(raw)
    assert len(items) == 6
    moved = items[1].new
    assert (moved.title, moved.day, moved.series) == ("Infusion (moved)", date(2026, 12, 9), (2, 6))
    assert {i.new.title for i in items[2:]} == {"Infusion"}


def series_uuids(raw: bytes) -> dict[date, str]:
    return {i.new.day: i.new.uuid for i in parse(raw)}


def test_an_occurrence_keeps_its_identity_when_another_is_left_out() -> None:
    """An EXDATE (the clinic cancels one session) changes no other appointment."""
    rule = ("DTSTART:20261201T100000Z", "RRULE:FREQ=WEEKLY;COUNT=6", "SUMMARY:Infusion")
    before = series_uuids(ics_file(vevent(*rule)))
    after = series_uuids(ics_file(vevent(*rule, "EXDATE:20261208T100000Z")))
    assert len(after) == 5 and date(2026, 12, 8) not in after
    assert all(before[day] == after[day] for day in after)


def test_a_changed_occurrence_sent_alone_names_the_one_it_changes() -> None:
    rule = ("DTSTART:20261201T100000Z", "RRULE:FREQ=WEEKLY;COUNT=6", "SUMMARY:Infusion")
    before = series_uuids(ics_file(vevent(*rule)))
    (alone,) = parse(
        ics_file(
            vevent(
                "RECURRENCE-ID:20261208T100000Z",
                "DTSTART:20261209T110000Z",
                "SUMMARY:Infusion",
                "SEQUENCE:1",
            )
        )
    )
    assert alone.new.uuid == before[date(2026, 12, 8)]
    assert alone.new.day == date(2026, 12, 9)


@pytest.mark.timeout(15)  # a guard against a hang, not a speed target
def test_a_rule_that_never_matches_is_refused_rather_than_searched_to_9999() -> None:
    raw = ics_file(vevent(START, "RRULE:FREQ=DAILY;COUNT=3;BYMONTH=2;BYMONTHDAY=31"))
    refusal = outcome(raw)
    assert refusal is not None and "cannot be worked out" in refusal


@pytest.mark.parametrize("freq", ["SECONDLY", "MINUTELY", "HOURLY"])
def test_a_rule_more_often_than_daily_is_refused(freq: str) -> None:
    refusal = outcome(ics_file(vevent(START, f"RRULE:FREQ={freq};COUNT=3")))
    assert refusal is not None and "more often than once a day" in refusal


def test_an_unknown_time_zone_is_refused_not_guessed() -> None:
    refusal = outcome(ics_file(vevent("DTSTART;TZID=Mars/Olympus:20261201T093000")))
    assert refusal is not None and "Mars/Olympus" in refusal


def test_too_many_appointments_once_expanded_are_refused() -> None:
    events = [
        vevent(START, "RRULE:FREQ=DAILY;COUNT=60", uid=f"u{n}@clinic.example") for n in range(40)
    ]
    refusal = outcome(ics_file(*events))
    assert refusal is not None and "more than 2,000 appointments" in refusal


# -- partnercare's own export, read back -------------------------------------------


def stored(n: int, **changes: Any) -> Appointment:
    defaults = {"uuid": str(uuid.uuid5(NAMESPACE, f"test {n}")), "day": date(2026, 12, n)}
    return stored_appointment(**{"id": n, "sequence": n, **defaults, **changes})


HAND_MADE = [
    stored(1),
    stored(
        2,
        kind="infusion",
        title="Ketamine, round 2; bring \\ snacks",
        where='Dr. Müller, Room 3; "east" wing',
        note="bring ID ✓\nsecond line, with; all\\ of it\n\n  indented\ttab",
        going=True,
        driver="Sam 🚗",
        series=(3, 6),
        series_uuid="1f0e4a52-8f6c-4c8e-9a55-3a2b1c0d9e8f",
    ),
    stored(3, kind="couples_therapy", going=False, at=None, state="done"),
    stored(4, kind="prescriber", state="cancelled", at=time(23, 59), title="spaced"),
    stored(5, kind="welcome", at=time(0, 0), where="x" * 200, note="n" * 10_000),
    stored(6, kind="other", series=(1, 1), series_uuid="2f0e4a52-8f6c-4c8e-9a55-3a2b1c0d9e8f"),
    stored(7, kind="infusion", day=date(2026, 3, 29), at=time(10, 0)),  # clocks change that day
    stored(
        8,
        ical_uid="abc-123@clinic.example",
        uuid=str(uuid.uuid5(NAMESPACE, "abc-123@clinic.example")),
    ),
]


def read_back(appointments: list[Appointment]) -> list[IcsEvent]:
    raw = b"".join(chunk.encode() for chunk in calendar(appointments, now=NOW))
    return parse_ics(raw, source="export.ics", today=TODAY)


_BOOKKEEPING = ("id", "sequence", "created_at", "updated_at", "source_version")


def content(record: Appointment | NewAppointment) -> dict[str, Any]:
    """What an appointment says, without the bookkeeping an import sets itself."""
    fields = record._asdict()
    for name in _BOOKKEEPING:
        fields.pop(name, None)
    return fields


def as_new(a: Appointment) -> dict[str, Any]:
    return content(a)


@pytest.mark.parametrize("zone", ["Europe/London", "America/New_York", "Asia/Kolkata", "UTC"])
def test_the_export_reads_back_unchanged(zone: str, local_zone: Callable[[str], None]) -> None:
    local_zone(zone)
    items = read_back(HAND_MADE)
    assert [content(item.new) for item in items] == [as_new(a) for a in HAND_MADE]
    assert all(item.ours and not item.guessed_kind for item in items)


one_line = st.text(
    alphabet=st.characters(exclude_categories=["Cs", "Cc"]) | st.sampled_from("\t,;\\:\"'"),
    max_size=200,
)
with_newlines = st.text(
    alphabet=st.characters(exclude_categories=["Cs", "Cc"]) | st.sampled_from("\n\t,;\\:"),
    max_size=500,
)


@settings(max_examples=60, deadline=None)
@given(
    title=one_line,
    where=one_line,
    driver=one_line,
    note=with_newlines,
    going=st.sampled_from([None, True, False]),
    kind=st.sampled_from(["infusion", "therapy", "other"]),
)
def test_any_text_reads_back_unchanged(
    title: str, where: str, driver: str, note: str, going: bool | None, kind: str
) -> None:
    # As stored: text goes in through the rule `appointments add` applies.
    title, where, driver = coerce_line(title), coerce_line(where), coerce_line(driver)
    a = stored(1, title=title, where=where, driver=driver, note=coerce_note(note), going=going,
               kind=kind)  # fmt: skip
    [item] = read_back([a])
    assert content(item.new) == as_new(a)


# -- refused -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"hello, this is not a calendar", "not an iCalendar file"),
        (b"", "not an iCalendar file"),
        (b"\x00\xff" * 1000, "not UTF-8"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", "not UTF-8"),
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\n", "not an iCalendar file"),
        (b"BEGIN:VCALENDAR\r\n\xff\xfe\r\nEND:VCALENDAR\r\n", "not UTF-8"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "has no events"),
        (b"BEGIN:VCALENDAR\r\nthis line has no colon\r\nEND:VCALENDAR\r\n", "partnercare can read"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n", "cut short"),
        (ics_file(vevent(START))[:-15], "cut short"),  # a download that stopped early
        (ics_file(vevent(START), vevent(START, uid="b")[:-11]), "cut short"),
        (b"BEGIN:VCALENDAR\r\n" + b"\x00\x01\x02" * 100, "partnercare can read"),
    ],
)
def test_what_is_not_a_calendar_is_refused(raw: bytes, says: str) -> None:
    assert says in refusal(raw)


@pytest.mark.parametrize(
    ("events", "says"),
    [
        (
            [vevent(START, "SUMMARY:Ketamine infusion #1"), vevent("SUMMARY:Therapy", uid="b")],
            "event 2 ('Therapy') in clinic.ics has no start (DTSTART)",
        ),
        (
            [vevent("DTSTART:20261301T100000Z")],
            "event 1 in clinic.ics has a start (DTSTART) that is not a date",
        ),
        ([vevent("DTSTART:18991231T100000Z")], "before 1900"),
        ([vevent("DTSTART;VALUE=DATE:31270101")], "more than 100 years ahead"),
        ([vevent(START, "SUMMARY:Therapy", "RRULE:FREQ=WEEKLY")], "repeats without end"),
        ([vevent(START, "RRULE:FREQ=WEEKLY;COUNT=61")], "a series of more than 60"),
        ([vevent(START, "RRULE:FREQ=DAILY;UNTIL=20270301T000000Z")], "a series of more than 60"),
        ([vevent(START, "RRULE:FREQ=SOMETIMES;COUNT=2")], "event 1 in clinic.ics"),
        ([vevent(START, "SUMMARY:" + "t" * 201)], "has a title over 200 characters"),
        ([vevent(START, "LOCATION:" + "w" * 201)], "has a place over 200 characters"),
        ([vevent(START, "DESCRIPTION:" + "n" * 10_001)], "has a note over 10,000 characters"),
        (
            [vevent(START, "X-PARTNERCARE-KIND:therapy", "X-PARTNERCARE-DRIVER:" + "d" * 201)],
            "driver",
        ),
        ([vevent(START, uid="u" * 1001)], "has a UID over 1,000 characters"),
    ],
)
def test_a_bad_event_is_refused_by_number(events: list[str], says: str) -> None:
    assert says in refusal(ics_file(*events))


def test_a_long_summary_is_shortened_in_the_message() -> None:
    message = refusal(ics_file(vevent("SUMMARY:" + "Ketamine infusion " * 3, "X-A:b")))
    assert "event 1 ('Ketamine infusion Ketamine infusion Ket…')" in message


def test_more_than_a_thousand_events_are_refused() -> None:
    many = [vevent(START, uid=f"e{n}") for n in range(1001)]
    assert "more than 1,000 events" in refusal(ics_file(*many))
    assert len(parse(ics_file(*many[:1000]))) == 1000


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_bytes_are_read_or_refused_in_one_line(junk: bytes) -> None:
    for raw in (junk, b"BEGIN:VCALENDAR\r\n" + junk, ics_file(vevent(START)) + junk):
        message = outcome(raw)
        assert message is None or ("\n" not in message and message.endswith(IMPORTED_NOTHING))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                START,
                "DTSTART;VALUE=DATE:20261201",
                "DTSTART;TZID=Nowhere/Land:20261201T100000",
                "DTSTART;VALUE=PERIOD:20261201T100000Z/PT1H",
                "DTSTART;VALUE=DATE:2026",
                "RRULE:FREQ=WEEKLY;COUNT=3",
                "RRULE:FREQ=WEEKLY;UNTIL=2026",
                "RRULE:COUNT=3",
                "EXDATE:garbage",
                "EXDATE:20261208T100000Z",
                "RECURRENCE-ID:20261208T100000Z",
                "STATUS:CANCELLED",
                "SUMMARY:Infusion",
                "X-PARTNERCARE-KIND:nonsense",
                "X-PARTNERCARE-KIND:infusion",
                "X-PARTNERCARE-SERIES:;;",
                "X-PARTNERCARE-SERIES:a;9;3",
                "X-PARTNERCARE-GOING:maybe",
                "X-PARTNERCARE-STATE:lost",
                "BEGIN:VALARM",
                "END:VALARM",
                "SEQUENCE:x",
            ]
        ),
        max_size=6,
    )
)
def test_odd_events_are_read_or_refused_in_one_line(lines: list[str]) -> None:
    raw = ics_file(vevent(*lines))
    message = outcome(raw)
    if message is None:
        items = parse(raw)
        assert all(i.new.kind in {"infusion", "other"} for i in items)
        assert all(i.new.state in {"planned", "cancelled"} for i in items)
    else:
        assert "\n" not in message and message.endswith(IMPORTED_NOTHING)


def test_icalendar_is_imported_only_when_a_file_is_read() -> None:
    code = (
        "import sys\n"
        "import partnercare.ics_import, partnercare.render.ics\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('icalendar', 'dateutil')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.timeout(30)  # a guard against minutes of searching, not a speed target
def test_many_rules_that_never_match_are_refused_once_the_time_is_spent() -> None:
    events = [
        vevent(START, "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31;COUNT=3", uid=f"u{n}@x")
        for n in range(1000)
    ]
    refusal = outcome(ics_file(*events))
    assert refusal is not None and "nothing was imported" in refusal


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("RRULE:FREQ=WEEKLY;COUNT=0", "COUNT is not a number from 1"),
        ("RRULE:FREQ=WEEKLY;COUNT=-5", "COUNT is not a number from 1"),
        ("RRULE:FREQ=WEEKLY;UNTIL=20261101T000000Z", "gives no dates"),
        ("RRULE:FREQ=DAILY;COUNT=3;BYHOUR=9,10,11", "more often than once a day"),
        ("RRULE:FREQ=WEEKLY;COUNT=3;INTERVAL=0", "RRULE"),
    ],
)
def test_a_rule_that_gives_no_sensible_dates_is_refused_in_words(rule: str, words: str) -> None:
    refusal = outcome(ics_file(vevent(START, rule)))
    assert refusal is not None and words in refusal
    assert "islice" not in refusal and "range" not in refusal
