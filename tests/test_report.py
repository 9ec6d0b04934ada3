"""The report's model, pure: built from a hand-made period, every number checked by hand,
and the words the three formats share."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from helpers import stored_appointment
from partnercare import report, trends
from partnercare.models import Entry

SINCE, UNTIL = date(2026, 11, 1), date(2026, 11, 28)


def day(n: int) -> date:
    return date(2026, 11, n)


def entry(n: int, text: str, *, kind: str = "note", tags: tuple[str, ...] = ()) -> Entry:
    return Entry(
        id=n,
        uuid=f"u{n}",
        kind=kind,
        day=day(n),
        created_at=f"2026-11-{n:02d}T09:00:00+00:00",
        updated_at=f"2026-11-{n:02d}T09:00:00+00:00",
        text=text,
        starred=False,
        data=None,
        tags=tags,
    )


# Six infusions planned (Mondays and Thursdays from 2 Nov); five logged by a check-in,
# four of them with the user along; nothing was recorded on the 12th (no check-in).
INFUSIONS = [day(n) for n in (2, 5, 9, 12, 16, 19)]
CHECKINS: dict[date, dict[str, Any]] = {
    day(n): {"partner_mood": 3, "communication": None if n == 9 else 4, "safety": "no"}
    for n in range(1, 21)
    if n != 12
}
for n, went in ((2, True), (5, True), (9, False), (16, True), (19, True)):
    CHECKINS[day(n)] |= {"treatment": "infusion", "accompanied": went}
CHECKINS[day(7)] |= {"safety": "yes"}
CHECKINS[day(14)] |= {"safety": "unsure", "partner_mood": None}
APPOINTMENTS = [
    stored_appointment(id=n, kind="infusion", day=when, series=(n, 6))
    for n, when in enumerate(INFUSIONS, 1)
] + [stored_appointment(id=9, kind="therapy", day=day(25), state="cancelled")]
WRITTEN = [
    entry(3, "Is it normal that she sleeps so much the day after?", tags=("question",)),
    entry(4, "A good walk today.", tags=("walk",)),
    entry(6, "Felt calmer after the session.", kind="checkin"),
    entry(8, "   "),  # nothing written: left out
]


def make(*, include_notes: bool = False, country: str | None = "US") -> report.Report:
    found = trends.build(SINCE, UNTIL, CHECKINS, APPOINTMENTS, [(day(10), 48), (day(26), 64)])
    return report.build(
        found,
        WRITTEN,
        prepared=UNTIL,
        include_notes=include_notes,
        country=country,
    )


def test_attendance_counts_what_was_recorded_against_what_was_planned() -> None:
    made = make()
    (infusions,) = made.attendance  # the cancelled therapy is not counted
    assert infusions == report.Attendance("infusion", total=6, attended=5, accompanied=4)
    assert report.attendance_words(infusions) == (
        "Infusions: 5 of 6 recorded as attended; you went along to 4"
    )


def test_the_summary_in_three_to_five_lines() -> None:
    made = make()
    lines = report.summary_lines(made)
    assert 3 <= len(lines) <= 5
    assert lines[0] == (
        "Partner mood: 3.0 on average (1 to 5) over 18 days; "
        "nothing to compare with before this period."
    )
    assert lines[1].startswith("Communication: 4.0 on average (1 to 5) over 18 days")
    assert lines[2] == "Infusions: 5 of 6 recorded as attended; you went along to 4."
    assert lines[3] == (
        "You were worried, or not sure, about someone's safety on 2 days: "
        "Sat 7 Nov 2026, Sat 14 Nov 2026."
    )
    assert (
        lines[4]
        == "Your own wellbeing (WHO-5, 0 to 100): 48 on Tue 10 Nov 2026, 64 on Thu 26 Nov 2026."
    )


def test_the_header_counts_days_and_couldnt_tell() -> None:
    made = make()
    assert made.couldnt_tell == {"partner_mood": 1, "communication": 1}
    header = report.header_lines(made)
    assert "observations, not a diagnosis" in header[0]
    assert header[1] == (
        'Days logged: 19 of 28. "Couldn\'t tell" how their partner was: partner mood on '
        "1 day, communication on 1 day."
    )


def test_the_numbers_are_trends_own() -> None:
    made = make()
    assert made.trends == trends.build(
        SINCE, UNTIL, CHECKINS, APPOINTMENTS, [(day(10), 48), (day(26), 64)]
    )
    assert made.weekly["partner_mood"][0] == (date(2026, 10, 26), 3.0)  # 1 Nov, a Sunday
    assert made.weekly["communication"][1] == (day(2), 4.0)  # 9 Nov was "couldn't tell"
    assert len(made.weekly["partner_mood"]) == 5


def test_questions_always_notes_only_when_asked() -> None:
    left_out = make()
    assert [q.text for q in left_out.questions] == [
        "Is it normal that she sleeps so much the day after?"
    ]
    assert left_out.notes is None
    included = make(include_notes=True)
    assert [(n.day, n.kind, n.text) for n in included.notes or ()] == [
        (day(4), "note", "A good walk today."),
        (day(6), "checkin", "Felt calmer after the session."),
    ]  # the question is not repeated, and nothing empty is listed


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        ("US", ("United States", "911", "988 Suicide & Crisis Lifeline")),
        ("gb", ("United Kingdom", "999", "Samaritans")),
        (None, (None, None, "Find A Helpline")),  # no country saved: none guessed
        ("other", (None, None, "Find A Helpline")),
        ("ZZ", (None, None, "Find A Helpline")),
    ],
)
def test_the_crisis_line_of_the_saved_country(
    country: str | None, expected: tuple[str | None, str | None, str]
) -> None:
    found = report.crisis(country)
    assert (found.country, found.emergency, found.name) == expected
    assert found.directory == "findahelpline.com"
    footer = report.footer_lines(make(country=country))
    assert footer[0].startswith("partnercare is not monitored by anyone")
    assert "local emergency number" in footer[1]


def test_an_empty_period_is_still_a_report() -> None:
    found = trends.build(SINCE, UNTIL, {}, [], [])
    made = report.build(found, [], prepared=UNTIL, include_notes=False, country=None)
    assert made.attendance == ()
    lines = report.summary_lines(made)
    assert lines[0] == "Partner mood: no day with an answer in this period."
    assert report.insights_words(made)[0].startswith("Patterns need at least 21 logged days")
    assert made.weekly["partner_mood"][-1] == (date(2026, 11, 23), None)
    assert timedelta(days=27) == UNTIL - SINCE


def test_routines_done_are_listed_and_the_rest_named_once() -> None:
    checkins = {d: dict(a) for d, a in CHECKINS.items()}
    for n in (1, 2, 3):
        checkins[day(n)]["together"] = ["activity"]
    checkins[day(4)]["self_care"] = ["friend", "exercise"]
    found = trends.build(SINCE, UNTIL, checkins, [], [])
    made = report.build(found, [], prepared=UNTIL, include_notes=False, country=None)
    done, never = report.shares(made)
    assert done == [("walk (together)", 3, "16%"), ("friend", 1, "5%"), ("exercise", 1, "5%")]
    assert "morning light (together)" in never and "own therapy" in never
    assert report.never_words(never).startswith("Not on any logged day: morning light (together), ")


def test_the_course_counted_is_the_one_trends_shows() -> None:
    booked = [
        stored_appointment(id=1, kind="infusion", day=day(2)),  # logged by its check-in
        stored_appointment(id=2, kind="infusion", day=day(5)),  # its check-in logged none
        stored_appointment(id=3, kind="infusion", day=day(9)),  # nothing recorded
        stored_appointment(id=4, kind="infusion", day=UNTIL),  # later today: not yet missed
        stored_appointment(id=5, kind="therapy", day=day(12), state="done", going=True),
        stored_appointment(id=6, kind="couples_therapy", day=day(16)),
    ]
    checkins: dict[date, dict[str, Any]] = {
        day(2): {"treatment": "infusion", "accompanied": True},
        day(5): {"treatment": "none"},
        day(16): {"treatment": "therapy", "accompanied": False},  # not the couples session
    }
    found = trends.build(SINCE, UNTIL, checkins, booked, [])
    made = report.build(found, [], prepared=UNTIL, include_notes=False, country=None)
    assert made.attendance == (
        report.Attendance("infusion", total=2, attended=1, accompanied=1),
        report.Attendance("therapy", total=2, attended=2, accompanied=1),
    )
    shown = {t.day for t in found.treatments if t.kind == "infusion"}
    assert shown == {day(2), day(9), UNTIL}  # trends shows today's plan; the count waits
    lines = report.summary_lines(made)
    assert len(lines) <= 5
    assert lines[2] == (
        "Infusions: 1 of 2 recorded as attended; you went along to 1. "
        "Therapy sessions: 2 of 2 recorded as attended; you went along to 1."
    )


def test_couldnt_tell_is_the_answer_not_damage() -> None:
    checkins: dict[date, dict[str, Any]] = {
        day(1): {"partner_mood": None, "communication": 3},
        day(2): {"partner_mood": 9, "communication": None},  # 9: damaged, not "couldn't tell"
        day(3): {"value": "garbage{"},  # unreadable
    }
    found = trends.build(SINCE, UNTIL, checkins, [], [])
    made = report.build(found, [], prepared=UNTIL, include_notes=False, country=None)
    assert made.couldnt_tell == {"partner_mood": 1, "communication": 1}
    assert report.header_lines(made)[1].endswith("Check-ins that could not be read, left out: 1.")
