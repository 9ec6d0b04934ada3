"""The period's numbers in trends, on hand-made histories: each checked by hand."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from partnercare import trends

UNTIL = date(2026, 11, 28)  # a Saturday
SINCE = UNTIL - timedelta(days=27)  # 28 days: Sunday 1 November


def checkins(**by_day: dict[str, Any]) -> dict[date, dict[str, Any]]:
    """Check-ins by how many days before UNTIL: `d0` is UNTIL itself."""
    return {UNTIL - timedelta(days=int(key[1:])): answers for key, answers in by_day.items()}


def test_the_period_and_the_one_before() -> None:
    days = trends.days_of(SINCE, UNTIL)
    assert len(days) == 28 and days[0] == date(2026, 11, 1) and days[-1] == UNTIL
    assert trends.previous_period(SINCE, UNTIL) == (date(2026, 10, 4), date(2026, 10, 31))


def test_a_measure_counts_the_days_given_and_leaves_gaps() -> None:
    days = trends.days_of(SINCE, UNTIL)
    now = checkins(
        d0={"partner_mood": 4},
        d1={"partner_mood": None},  # couldn't tell: a gap
        d2={"partner_mood": 2},
        d3={"mood": 3},  # not answered: a gap
    )
    before = {date(2026, 10, 10): {"partner_mood": 2}, date(2026, 10, 11): {"partner_mood": 3}}
    item = trends.measure("partner_mood", days, now, before)
    assert item.series[-3:] == (2, None, 4)
    assert item.series.count(None) == 26  # 25 days without a check-in, and couldn't tell
    assert (item.mean, item.n) == (3.0, 2)  # (4 + 2) / 2: the gaps are not zeros
    assert (item.previous_mean, item.previous_n) == (2.5, 2)
    assert trends.change_words(item) == "up 0.5 from 2.5 the period before (2 days)"


def test_change_words_when_there_is_nothing_to_compare() -> None:
    days = trends.days_of(SINCE, UNTIL)
    empty = trends.measure("stress", days, {}, {})
    assert trends.change_words(empty) == "no days yet"
    first = trends.measure("stress", days, checkins(d0={"stress": 4}), {})
    assert trends.change_words(first) == "nothing to compare with before this period"
    same = trends.measure("stress", days, checkins(d0={"stress": 4}), {SINCE: {"stress": 4}})
    assert trends.change_words(same) == "the same as the period before (4.0, 1 day)"
    down = trends.measure("stress", days, checkins(d0={"stress": 2}), {SINCE: {"stress": 4}})
    assert trends.change_words(down).startswith("down 2.0 from 4.0")


def test_weekly_averages_start_on_mondays_and_skip_gaps() -> None:
    days = trends.days_of(date(2026, 11, 2), date(2026, 11, 15))  # two whole weeks
    series = [2, 4, None, None, None, None, None] + [None] * 7
    assert trends.weekly(series, days) == [(date(2026, 11, 2), 3.0), (date(2026, 11, 9), None)]


def test_logging_and_runs_without_guilt() -> None:
    days = trends.days_of(SINCE, UNTIL)
    logged = [UNTIL - timedelta(days=n) for n in (1, 2, 3, 10, 11, 12, 13, 14)]
    found = trends.logging(days, logged)
    assert (found.days_in_period, found.days_logged) == (28, 8)
    # today not done yet: the run ending yesterday still counts
    assert found.current_run == 3 and found.longest_run == 5
    assert trends.logging(days, [*logged, UNTIL]).current_run == 4


def test_shares_of_logged_days() -> None:
    data = checkins(
        d0={"together": ["activity", "meals"]},
        d1={"together": ["activity"]},
        d2={"together": []},
        d3={"self_care": ["exercise"]},
    )
    assert trends.share(data, "together", "activity") == (2, 0.5)
    assert trends.share(data, "self_care", "exercise") == (1, 0.25)
    assert trends.share({}, "together", "activity") == (0, None)  # 0 of 0: no share


def test_who5_bands_and_the_ten_point_rule_against_a_score_14_days_earlier() -> None:
    scores = [
        (date(2026, 10, 20), 40),  # before the period: counts as an earlier score
        (date(2026, 11, 5), 52),  # 16 days later: up 12, worth noting
        (date(2026, 11, 12), 70),  # 7 days after the last: compared with 20 Oct (23 days)
        (date(2026, 11, 26), 64),  # 14 days after 12 Nov: down 6, not noted
    ]
    found = trends.who5_series(scores, SINCE)
    assert [(w.day.day, w.score, w.change) for w in found] == [
        (5, 52, 12),
        (12, 70, 30),
        (26, 64, None),
    ]
    assert found[0].since == date(2026, 10, 20) and found[1].since == date(2026, 10, 20)
    assert trends.who5_band(28).startswith("low wellbeing; worth asking")
    assert trends.who5_band(50) == "low wellbeing"
    assert trends.who5_band(51) == "not low"


def test_the_treatment_course_from_checkins_and_appointments() -> None:
    from helpers import stored_appointment
    from partnercare.models import Appointment

    def booked(day: date, kind: str, **fields: Any) -> Appointment:
        return stored_appointment(day=day, kind=kind, **fields)

    days = trends.days_of(SINCE, UNTIL)
    first, second = date(2026, 11, 2), date(2026, 11, 5)
    course = [
        booked(first, "infusion", series=(1, 6), going=True, state="done"),
        booked(second, "infusion", series=(2, 6), going=True),
        booked(date(2026, 11, 9), "infusion", series=(3, 6), state="cancelled"),
        booked(date(2026, 10, 29), "infusion", series=None),  # before the period
        booked(date(2026, 11, 6), "prescriber"),  # not a treatment the strips mark
    ]
    logged: dict[date, dict[str, Any]] = {
        second: {"treatment": "infusion", "accompanied": False, "partner_mood": 2},
        second + timedelta(days=1): {"partner_mood": 3},
        # the day after that: no check-in, a gap
        date(2026, 11, 20): {"treatment": "couples_therapy", "accompanied": True},
    }
    found = trends.treatments(course, logged, days)
    assert [(t.day.day, t.kind, t.accompanied, t.series) for t in found] == [
        (2, "infusion", True, (1, 6)),  # the appointment: no check-in that day
        (5, "infusion", False, (2, 6)),  # the check-in's answer wins
        (20, "couples_therapy", True, None),  # a check-in alone
    ]
    assert found[1].partner_mood == (2, 3, None)
    assert found[0].partner_mood == (None, None, None)
