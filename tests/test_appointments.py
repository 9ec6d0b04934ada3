"""Appointments, pure: reading WHEN and --every, series across month ends and
daylight-saving changes, status, the words shown, and the check-in's defaults."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest

from helpers import stored_appointment
from partnercare import appointments as appts
from partnercare.errors import InvalidInputError
from partnercare.models import Appointment, NewAppointment

# The store's tests run on a plain journal (sqlite3) and an encrypted one (sqlcipher3).
pytestmark = pytest.mark.usefixtures("both_drivers")

# Saturday 28 November 2026, 14:20 local.
NOW = datetime(2026, 11, 28, 14, 20).astimezone()


@pytest.fixture
def london(local_zone: Callable[[str], None]) -> None:
    """The machine's local zone is Europe/London (BST until 25 October 2026)."""
    local_zone("Europe/London")


def when(text: str) -> tuple[date, time | None]:
    return appts.parse_when(text, now=NOW)


@pytest.mark.parametrize(
    ("text", "day", "at"),
    [
        ("2026-12-01", date(2026, 12, 1), None),
        ("2026-12-01 10:00", date(2026, 12, 1), time(10, 0)),
        ("2026-12-01T10:00", date(2026, 12, 1), time(10, 0)),
        ("2026-12-01T09:05:30", date(2026, 12, 1), time(9, 5)),
        ("tomorrow 10am", date(2026, 11, 29), time(10, 0)),
        ("Tomorrow at 10 AM", date(2026, 11, 29), time(10, 0)),
        ("tomorrow 2:30pm", date(2026, 11, 29), time(14, 30)),
        ("tomorrow 12am", date(2026, 11, 29), time(0, 0)),
        ("tomorrow 12pm", date(2026, 11, 29), time(12, 0)),
        ("next thursday 14:30", date(2026, 12, 3), time(14, 30)),
        ("thursday 9:15", date(2026, 12, 3), time(9, 15)),
        ("saturday", date(2026, 11, 28), None),  # today is a Saturday: the coming one is today
        ("next saturday", date(2026, 12, 5), None),
        ("in 3 days at 9", date(2026, 12, 1), time(9, 0)),
        ("in a week", date(2026, 12, 5), None),
        ("in two weeks at 11:45", date(2026, 12, 12), time(11, 45)),
        ("friday at noon", date(2026, 12, 4), time(12, 0)),
        ("1 dec 9:30am", date(2026, 12, 1), time(9, 30)),
        ("Dec 1, 2027 08:00", date(2027, 12, 1), time(8, 0)),
        # No year: the nearest such day, ahead or just past.
        ("5 jan", date(2027, 1, 5), None),
        ("20 nov 10:00", date(2026, 11, 20), time(10, 0)),
        ("yesterday 9am", date(2026, 11, 27), time(9, 0)),
        ("3 days ago", date(2026, 11, 25), None),
        ("10am", date(2026, 11, 28), time(10, 0)),
    ],
)
def test_when_in_iso_and_everyday_words(text: str, day: date, at: time | None) -> None:
    assert when(text) == (day, at)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "soon", "blah blah", "25:00", "tomorrow 13pm", "2026-02-30 10:00",
     "2026-12-01 24:00", "01/02/2026", "x" * 500, "\x1b[31m", "tomorrow 10:61"],
)  # fmt: skip
def test_when_that_means_nothing_is_refused_in_one_line(text: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        when(text)
    message = str(caught.value)
    assert "\n" not in message
    assert "\x1b" not in message
    assert len(message) < 200


@pytest.mark.parametrize(
    ("spec", "every"),
    [
        ("mon,thu", appts.Every(weekdays=(0, 3))),
        ("Monday, Thursday", appts.Every(weekdays=(0, 3))),
        ("tues,thurs", appts.Every(weekdays=(1, 3))),
        ("thu,mon,mon", appts.Every(weekdays=(0, 3))),
        ("3d", appts.Every(days=3)),
        ("1w", appts.Every(days=7)),
        ("2 weeks", appts.Every(days=14)),
        ("weekly", appts.Every(days=7)),
    ],
)
def test_every(spec: str, every: appts.Every) -> None:
    assert appts.parse_every(spec) == every


@pytest.mark.parametrize("spec", ["", "0d", "0w", "500d", "sometimes", "mo", "t", "mon;xyz", "1y"])
def test_every_that_makes_no_sense_is_refused(spec: str) -> None:
    with pytest.raises(InvalidInputError, match="--every"):
        appts.parse_every(spec)


def test_a_series_on_weekdays_crosses_a_month_end() -> None:
    days = appts.expand(date(2026, 11, 26), 6, appts.parse_every("mon,thu"))
    assert days == [
        date(2026, 11, 26),
        date(2026, 11, 30),
        date(2026, 12, 3),
        date(2026, 12, 7),
        date(2026, 12, 10),
        date(2026, 12, 14),
    ]


def test_a_series_on_weekdays_starts_on_the_first_of_them() -> None:
    # 1 December 2026 is a Tuesday: the series starts on Thursday 3 December.
    days = appts.expand(date(2026, 12, 1), 3, appts.parse_every("mon,thu"))
    assert days == [date(2026, 12, 3), date(2026, 12, 7), date(2026, 12, 10)]


def test_a_series_every_few_days_crosses_february_and_the_year() -> None:
    assert appts.expand(date(2027, 2, 25), 3, appts.Every(days=3)) == [
        date(2027, 2, 25),
        date(2027, 2, 28),
        date(2027, 3, 3),
    ]
    assert appts.expand(date(2026, 12, 24), 3, appts.Every(days=7)) == [
        date(2026, 12, 24),
        date(2026, 12, 31),
        date(2027, 1, 7),
    ]


@pytest.mark.parametrize("count", [0, -1, 61, 500])
def test_a_series_holds_one_to_sixty(count: int) -> None:
    with pytest.raises(InvalidInputError, match="1 to 60"):
        appts.expand(date(2026, 12, 1), count, appts.Every(days=1))


def test_sixty_is_the_longest_series() -> None:
    assert len(appts.expand(date(2026, 12, 1), 60, appts.Every(weekdays=(0,)))) == 60


def planned(**given: object) -> appts.Plan:
    options: dict[str, object] = {
        "when": "next monday 10:00",
        "now": NOW,
        "kind": None,
        "title": None,
        "where": None,
        "note": None,
        "going": None,
        "driver": None,
        "repeat": None,
        "every": None,
    }
    return appts.plan(**{**options, **given})  # type: ignore[arg-type]


def test_a_series_across_the_clocks_going_back_stays_at_ten(london: None) -> None:
    """10:00 local before and after the change: the offset, not the time, changes."""
    plan = appts.plan(
        when="2026-10-22 10:00",
        now=datetime(2026, 10, 1, 9, 0).astimezone(),
        kind=None,
        title=None,
        where=None,
        note=None,
        going=None,
        driver=None,
        repeat=4,
        every="mon,thu",
    )
    starts = [appts.starts(a) for a in plan.appointments]
    assert starts == [
        "2026-10-22T10:00:00+01:00",
        "2026-10-26T10:00:00+00:00",
        "2026-10-29T10:00:00+00:00",
        "2026-11-02T10:00:00+00:00",
    ]


def test_a_series_across_the_clocks_going_forward(london: None) -> None:
    days = appts.expand(date(2027, 3, 25), 3, appts.Every(days=3))
    moments = [appts.starts(NewAppointment("u", "infusion", d, time(9, 30))) for d in days]
    assert moments == [
        "2027-03-25T09:30:00+00:00",
        "2027-03-28T09:30:00+01:00",
        "2027-03-31T09:30:00+01:00",
    ]


def test_a_plan_numbers_its_series_and_defaults_to_infusions() -> None:
    plan = planned(repeat=6, every="mon,thu")
    assert [a.series for a in plan.appointments] == [(n, 6) for n in range(1, 7)]
    assert {a.kind for a in plan.appointments} == {"infusion"}
    assert len({a.series_uuid for a in plan.appointments}) == 1
    assert len({a.uuid for a in plan.appointments}) == 6
    assert not plan.in_the_past
    assert planned().appointments[0].kind == "other"
    assert planned().appointments[0].series is None


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"repeat": 6}, "--repeat needs --every"),
        ({"every": "mon"}, "--every needs --repeat"),
        ({"repeat": 0, "every": "mon"}, "1 to 60"),
        ({"repeat": 500, "every": "mon"}, "1 to 60"),
        ({"kind": "surgery"}, "--kind must be one of"),
        ({"title": "two\nlines"}, "one line"),
        ({"where": "x" * 201}, "at most 200"),
        ({"note": "x" * 10_001}, "at most 10,000"),
        ({"driver": "Al\x1b[2Jex"}, "one line"),
    ],
)
def test_a_plan_refuses_what_makes_no_sense(given: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        planned(**given)


def test_a_plan_in_the_past_says_so() -> None:
    assert planned(when="yesterday 9am").in_the_past
    assert planned(when="today 9am").in_the_past  # earlier today
    assert not planned(when="today 18:00").in_the_past
    assert not planned(when="today").in_the_past  # all day today


def test_kinds_are_read_generously() -> None:
    assert appts.check_kind("Couples-Therapy") == "couples_therapy"
    assert appts.check_kind("couples") == "couples_therapy"
    assert appts.check_kind(" INFUSION ") == "infusion"


def appointment(day: date, **fields: Any) -> Appointment:
    """Infusion 3 of 6 at 10:00 on `day`."""
    defaults = {"kind": "infusion", "series": (3, 6), "series_uuid": "s"}
    return stored_appointment(**{"day": day, **defaults, **fields})


def test_status_is_worked_out_from_the_date() -> None:
    today = date(2026, 11, 28)
    assert appts.status(appointment(today), today) == "upcoming"
    assert appts.status(appointment(today - timedelta(days=1)), today) == "missed"
    assert appts.status(appointment(today, state="done"), today) == "done"
    assert appts.status(appointment(today, state="cancelled"), today) == "cancelled"


def test_words_for_an_appointment() -> None:
    today = date(2026, 11, 28)
    item = appointment(date(2026, 11, 29))
    assert appts.kind_words(item) == "Infusion 3 of 6"
    assert appts.when_words(item, today) == "tomorrow, Sunday 29 November, 10:00"
    assert appts.when_words(item, today, short=True) == "tomorrow, Sun 29 Nov, 10:00"
    later = appointment(date(2027, 1, 4), at=None, kind="couples_therapy", series=None)
    assert appts.when_words(later, today) == "Monday 4 January 2027"
    assert appts.kind_words(later) == "Couples therapy"
    assert appts.going_words(appointment(today, going=True), today) == "you're going"
    assert appts.going_words(appointment(today, going=None), today) == ""
    gone = appointment(today, going=False, state="done")
    assert appts.going_words(gone, today) == "you did not go along"


def test_the_checkin_starts_on_the_days_treatment() -> None:
    day = date(2026, 11, 28)
    assert appts.checkin_defaults([appointment(day, going=True)]) == {
        "treatment": "infusion",
        "accompanied": True,
    }
    therapy = appointment(day, kind="therapy", going=None)
    assert appts.checkin_defaults([therapy]) == {"treatment": "therapy"}
    # An infusion comes before a therapy session the same day; other kinds change nothing.
    assert appts.checkin_defaults([therapy, appointment(day, going=False)])["treatment"] == (
        "infusion"
    )
    assert appts.checkin_defaults([appointment(day, kind="prescriber")]) == {}
    assert appts.checkin_defaults([]) == {}


def test_the_care_lists_are_content() -> None:
    before = appts.care("before")
    assert "ride home" in before[0][1][0]
    assert any("drive" in point for point in before[0][1])
    assert any("alcohol" in point.lower() for point in before[0][1])
    day = appts.care("day")
    assert any("dizz" in point for point in day[0][1])
    assert "emergency" in day[1][0]
    assert any("breathing" in point for point in day[1][1])


def test_the_infusion_nudge_never_contradicts_what_was_planned() -> None:
    from partnercare.checkin import upcoming_infusion_nudge

    plain = upcoming_infusion_nudge(1)
    assert plain is not None and plain.tip == 2
    assert "Plan the ride home now" in plain.text and "Offer to go along" in plain.text
    planned = upcoming_infusion_nudge(1, going=True, ride=True)
    assert planned is not None
    assert "The ride home is planned" in planned.text
    assert "Offer to go along" not in planned.text
    today = upcoming_infusion_nudge(0, going=True)
    assert today is not None and "If you can, go along" not in today.text
    assert upcoming_infusion_nudge(2) is None


def test_the_care_list_leaves_out_what_the_appointment_answers() -> None:
    def points(**given: object) -> list[str]:
        return appts.care("before", **given)[0][1]  # type: ignore[arg-type]

    assert any("ride home arranged" in p for p in points())
    assert not any("ride home arranged" in p for p in points(driver=True))
    assert any("should not drive" in p for p in points(driver=True))
    assert any("say so now" in p for p in points(going=None))
    assert not any("say so now" in p for p in points(going=True))


@pytest.mark.parametrize("width", [40, 50, 60, 80])  # every command fits in 40
def test_a_command_in_a_nudge_is_never_broken(width: int) -> None:
    from rich.console import Console

    from partnercare.checkin import missed_infusion_nudge
    from partnercare.render.screen import nudge_lines

    console = Console(width=width, record=True, color_system=None)
    console.print(nudge_lines([missed_infusion_nudge("on Thursday 26 November", 7)]))
    lines = console.export_text().splitlines()
    for command in (
        "partnercare appointments done 7",
        "partnercare appointments cancel 7",
        "partnercare tips 2",
    ):
        assert any(command in line for line in lines), (command, lines)
    assert all(len(line) <= width for line in lines if "partnercare" not in line)


@pytest.mark.parametrize("width", [30, 45, 60])
def test_a_command_in_a_message_is_never_broken(width: int) -> None:
    from partnercare.cli.output import _fitted

    message = (
        "Cancelled 6 appointments. To plan them again: "
        "partnercare appointments cancel 12 --undo --series"
    )
    assert "partnercare appointments cancel 12 --undo --series" in _fitted(message, width)
