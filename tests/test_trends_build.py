"""The whole period, pure: which period is meant, and every number `trends` shows,
worked out by hand on a small history."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import pytest

from helpers import stored_appointment
from partnercare import trends
from partnercare.errors import InvalidInputError

TODAY = date(2026, 11, 28)  # a Saturday


# -- the period ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({}, (date(2026, 11, 1), TODAY)),
        ({"days": "7"}, (date(2026, 11, 22), TODAY)),
        ({"days": " 1 "}, (TODAY, TODAY)),
        ({"since": "2026-11-20"}, (date(2026, 11, 20), TODAY)),
        ({"until": "2026-10-31"}, (date(2026, 10, 4), date(2026, 10, 31))),
        ({"since": "2026-09-01", "until": "2026-09-30"}, (date(2026, 9, 1), date(2026, 9, 30))),
        ({"days": "10", "since": "2026-11-01"}, (date(2026, 11, 1), date(2026, 11, 10))),
        ({"days": "10", "until": "yesterday"}, (date(2026, 11, 18), date(2026, 11, 27))),
        ({"since": "last monday", "until": "today"}, (date(2026, 11, 23), TODAY)),
    ],
)
def test_the_period_asked_for(args: dict[str, str], expected: tuple[date, date]) -> None:
    assert trends.period(TODAY, **args) == expected


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ({"days": "0"}, "--days takes a whole number of days from 1 to 36,600, not '0'"),
        ({"days": "-3"}, "not '-3'"),
        ({"days": "two weeks"}, "not 'two weeks'"),
        ({"days": "36601"}, "not '36601'"),
        ({"days": "9" * 40}, "not '" + "9" * 20 + "…'"),
        ({"days": "٣"}, "not '٣'"),  # an Arabic-Indic three: isdigit() says yes
        ({"since": "2026-11-20", "until": "2026-11-01"}, "--since 2026-11-20 is after --until"),
        ({"since": "tomorrow"}, "after today (2026-11-28)"),
        ({"until": "2026-12-25"}, "--until 2026-12-25 is after today (2026-11-28); only days that"),
        (
            {"days": "30", "since": "2026-11-20"},
            "--since 2026-11-20 with --days 30 would end on 2026-12-19, after today",
        ),
        ({"days": "3", "since": "today", "until": "today"}, "not with both"),
        ({"since": "someday"}, "not a date I understand: 'someday'"),
    ],
)
def test_a_period_that_cannot_be(args: dict[str, str], words: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        trends.period(TODAY, **args)
    assert words in str(raised.value)
    assert "\n" not in str(raised.value)


# -- a small history, by hand -------------------------------------------------------------

SINCE = date(2026, 11, 1)


def day(n: int) -> date:
    """The nth of November 2026."""
    return date(2026, 11, n)


CHECKINS: dict[date, dict[str, Any]] = {
    date(2026, 10, 20): {"partner_mood": 3, "mood": 2},  # the period before
    day(2): {
        "partner_mood": 2,
        "mood": 3,
        "together": ["activity"],
        "self_care": ["friend"],
        "treatment": "infusion",
        "accompanied": True,
    },
    day(3): {"partner_mood": None, "mood": 4, "together": [], "safety": "unsure"},
    day(4): {"partner_mood": 4, "mood": 5, "together": ["activity", "meals"]},
}
APPOINTMENTS = [
    # the check-in says the user went along: that wins over the plan
    stored_appointment(id=1, kind="infusion", day=day(2), going=False, series=(1, 6)),
    # planned, nothing recorded: shown, but whether they went is not known
    stored_appointment(id=2, kind="infusion", day=day(5), going=True, series=(2, 6)),
    stored_appointment(id=3, kind="infusion", day=day(9), state="cancelled", series=(3, 6)),
    stored_appointment(id=4, kind="therapy", day=date(2026, 10, 30)),  # before the period
    stored_appointment(id=5, kind="other", day=day(6), at=time(9, 0)),  # not a treatment
    # planned, but that day's check-in logged no treatment: it did not happen as planned
    stored_appointment(id=6, kind="infusion", day=day(3), going=True, series=(3, 6)),
    # marked done: what `done --did-not-go` recorded; a damaged "7 of 6" has no number
    stored_appointment(id=7, kind="therapy", day=day(3), state="done", going=False, series=(7, 6)),
]
WHO5 = [(date(2026, 10, 10), 40), (date(2026, 10, 25), 52), (day(8), 64), (day(20), 60)]


@pytest.fixture(scope="module")
def found() -> trends.Trends:
    return trends.build(SINCE, TODAY, CHECKINS, APPOINTMENTS, WHO5)


def test_the_measures_leave_gaps_and_compare_with_the_period_before(
    found: trends.Trends,
) -> None:
    partner = found.measures["partner_mood"]
    assert len(partner.series) == 28
    assert partner.series[:5] == (None, 2, None, 4, None)  # 1 Nov ... 5 Nov
    assert partner.series.count(None) == 26
    assert (partner.mean, partner.n) == (3.0, 2)  # (2 + 4) / 2; "couldn't tell" is no zero
    assert (partner.previous_mean, partner.previous_n) == (3.0, 1)
    mood = found.measures["mood"]
    assert (mood.mean, mood.n, mood.previous_mean) == (4.0, 3, 2.0)
    assert found.measures["sleep"].mean is None
    assert list(found.measures) == list(trends.MEASURES)


def test_logging_counts_days_and_runs_without_today(found: trends.Trends) -> None:
    assert found.logging == trends.Logging(
        days_in_period=28, days_logged=3, current_run=0, longest_run=3
    )
    assert found.few  # under a week of check-ins


def test_shares_are_of_the_logged_days(found: trends.Trends) -> None:
    assert found.routines["activity"] == (2, 0.67)  # 2 of 3 logged days, rounded half up
    assert found.routines["meals"] == (1, 0.33)
    assert found.routines["morning_light"] == (0, 0.0)
    assert list(found.routines) == list(trends.options("together"))
    assert found.self_care["friend"] == (1, 0.33)
    assert found.ticks[day(4)] == {("together", "activity"), ("together", "meals")}
    assert found.ticks[day(3)] == frozenset()


def test_who5_in_the_period_with_the_14_day_rule(found: trends.Trends) -> None:
    first, second = found.who5
    # 8 Nov against 25 Oct (exactly 14 days before): up 12.
    assert (first.day, first.score, first.change) == (day(8), 64, 12)
    assert first.since == date(2026, 10, 25)
    # 20 Nov: the last score 14 or more days before is still 25 Oct's 52: up 8, not shown.
    assert (second.day, second.score, second.change) == (day(20), 60, None)
    assert first.band == "not low"


def test_the_treatment_course(found: trends.Trends) -> None:
    assert found.treatments == (
        trends.Treatment(day(2), "infusion", True, (1, 6), (2, None, 4)),
        trends.Treatment(day(3), "therapy", False, None, (None, 4, None)),
        trends.Treatment(day(5), "infusion", None, (2, 6), (None, None, None), recorded=False),
    )


def test_no_insight_and_nothing_checked_under_three_weeks(found: trends.Trends) -> None:
    assert found.insights == () and found.checked == 0


def test_partner_mood_after_the_last_day_of_a_past_period() -> None:
    until = day(10)
    checkins: dict[date, dict[str, Any]] = {
        until: {"treatment": "therapy", "partner_mood": 2},
        day(12): {"partner_mood": 5},
    }
    found = trends.build(day(1), until, checkins, [], [])
    (course,) = found.treatments
    assert course.partner_mood == (2, None, 5)
    assert found.logging.days_logged == 1  # 12 Nov is after the period: not counted


def test_every_comparison_has_its_words() -> None:
    for comparison in trends.comparisons():
        text = trends.describe(comparison, 3.6, 2.9, 14, 16)
        assert "you had " + comparison.label + " " not in text or comparison.factor in (
            "morning_light",
            "evening_light",
        )
        assert text.startswith("On the 14 days ")
        assert "These went together; that does not show one caused the other" in text


def test_an_insight_on_three_weeks_and_more() -> None:
    days = [SINCE + timedelta(days=n) for n in range(28)]
    checkins = {
        d: {
            "partner_mood": 4 if n % 2 else 2,
            "together": ["morning_light"] if n % 2 else [],
            "mood": 3,
            "stress": 3,
            # a friend on one day in three: 10 with and 18 without, no difference
            "self_care": ["friend"] if n % 3 == 0 else [],
        }
        for n, d in enumerate(days)
    }
    found = trends.build(SINCE, TODAY, checkins, [], [])
    (insight,) = found.insights
    assert (insight.factor, insight.measure) == ("morning_light", "partner_mood")
    assert (insight.with_mean, insight.without_mean, insight.with_days) == (4.0, 2.0, 14)
    assert insight.text.startswith(
        "On the 14 days you had morning light together, your partner seemed 4.0 on average; "
        "on the 14 days without, 2.0."
    )
    # Checked: morning light against partner mood, a friend against mood and stress; the
    # 14 others never had 7 days with (nothing else was ticked): they are not counted.
    assert found.checked == 3
    assert trends.insight_lines(found)[-1] == (
        "3 of 17 comparisons were checked (those with at least 7 days with and 7 without): "
        "routines against how your partner seemed, self-care against your mood and stress; "
        "the others show no clear pattern yet. No clear pattern yet does not mean something "
        "doesn't help."
    )


def test_why_no_comparison_could_be_checked() -> None:
    days = [SINCE + timedelta(days=n) for n in range(21)]
    few = trends.build(SINCE, TODAY, {d: {"partner_mood": 3} for d in days[:20]}, [], [])
    assert trends.insight_lines(few) == [
        "Patterns need at least 21 logged days in a period; this one has 20. Until then, "
        "there are only the numbers above."
    ]
    enough = trends.build(SINCE, TODAY, {d: {"partner_mood": 3} for d in days}, [], [])
    assert enough.checked == 0
    assert trends.insight_lines(enough)[0].startswith(
        "None of the 17 comparisons has 7 days with and 7 without yet, so none could be checked."
    )


def test_numbers_round_half_up_as_by_hand() -> None:
    assert trends.half_up(13, 4, 1) == 3.3  # 3.25: round() would say 3.2
    assert trends.half_up(1, 8, 2) == 0.13  # 0.125: round() would say 0.12
    assert trends.half_up(29, 200, 2) == 0.15  # 0.145, which a float cannot hold
    assert trends.half_up(-13, 4, 1) == -3.3
    days = [SINCE + timedelta(days=n) for n in range(4)]
    given = {
        d: {"mood": m, "together": ["meals"] * (n == 0)}
        for n, (d, m) in enumerate(zip(days, [3, 3, 3, 4], strict=True))
    }
    found = trends.build(SINCE, days[-1], given, [], [])
    assert found.measures["mood"].mean == 3.3  # 13 / 4
    assert found.routines["meals"] == (1, 0.25)


def test_unreadable_checkins_are_left_out_and_counted() -> None:
    given: dict[date, Any] = {
        day(1): {"value": "garbage{"},  # what the store gives for answers it cannot read
        day(2): {},
        day(3): {"mood": 4, "partner_mood": 3},
    }
    found = trends.build(SINCE, TODAY, given, [], [])
    assert found.unreadable == 2
    assert found.logging.days_logged == 1
    assert found.measures["mood"].n == 1


def test_the_days_of_a_safety_worry(found: trends.Trends) -> None:
    assert found.worried == (day(3),)  # "not sure" counts: the check-in showed help at once
