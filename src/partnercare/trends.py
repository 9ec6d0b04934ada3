"""Trends, pure: what the check-ins of a period show, and the few insights they can bear.

This module holds the period's numbers (measures with their days and the change
against the previous period, logging and runs, shares of days, weekly averages,
the WHO-5 list, the treatment course), the insight method, and `Trends`, all of a
period worked out once (`build`, pure; `load` reads it from the journal) for the
screen (render/trends_text.py), `--json` (render/json.py) and the report. Standard
library only.

How an insight is found (docs/decisions/0005-insights.md says why):

1. A fixed list of comparisons, never a search through every pair: each routine
   done together, and an accepted invitation, against how the partner seemed;
   each self-care item against the user's own mood and stress.
2. Gates: at least 21 logged days in the period; at least 7 days with the factor
   and 7 without, among the days the measure was given ("couldn't tell" and days
   without a check-in are gaps, never zeros); a difference of at least 0.5 on the
   1-5 scale.
3. A permutation test that shuffles the with/without labels only within each
   calendar week, so a slow change shared by the measure and the habit (treatment
   starting to work, and more walks as the days get better) does not show as an
   insight: at least 999 shuffles, two-sided, p < 0.05. The generator is seeded
   from the data, so the same journal always gives the same answer.
4. At most two, the largest difference first, each worded as going together,
   never as one causing the other.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from itertools import combinations
from typing import Any, NamedTuple

MIN_LOGGED_DAYS = 21
MIN_DAYS_EACH = 7
MIN_DIFFERENCE = 0.5
SHUFFLES = 999
ALPHA = 0.05
MOST = 2


def days_words(count: int) -> str:
    """ "1 day", "24 days", "3,650 days"."""
    return f"{count:,} day" + ("" if count == 1 else "s")


def half_up(numerator: int, denominator: int, digits: int) -> float:
    """numerator / denominator rounded as people round by hand (13/4 -> 3.3, 1/8 ->
    0.13), exactly, in whole numbers: round() goes to the even digit and floats miss
    halves, so a number checked with a calculator would disagree."""
    scale: int = 10**digits
    sign = -1 if (numerator < 0) != (denominator < 0) else 1
    top, bottom = abs(numerator), abs(denominator)
    return sign * ((2 * top * scale + bottom) // (2 * bottom)) / scale


class Comparison(NamedTuple):
    """A factor (a routine, a self-care item) against a measure (a 1-5 answer)."""

    factor: str
    measure: str
    #: Where the factor is answered: "together", "self_care", or "invitation".
    source: str
    label: str


class Insight(NamedTuple):
    factor: str
    measure: str
    with_mean: float
    without_mean: float
    with_days: int
    without_days: int
    p_value: float
    text: str

    @property
    def difference(self) -> float:
        return self.with_mean - self.without_mean


def comparisons() -> tuple[Comparison, ...]:
    """The fixed list, from the check-in's own questions (content/checkin.toml)."""
    from partnercare import checkin

    found: list[Comparison] = []
    together = checkin.question("together")
    for value, _ in together.options:
        if value == "invitation":
            continue  # an invitation counts when it was accepted, below
        found.append(Comparison(value, "partner_mood", "together", together.short(value)))
    found.append(Comparison("invitation_accepted", "partner_mood", "invitation", "yes"))
    self_care = checkin.question("self_care")
    for measure in ("mood", "stress"):
        for value, _ in self_care.options:
            found.append(Comparison(value, measure, "self_care", self_care.short(value)))
    return tuple(found)


def _has(answers: Mapping[str, Any], comparison: Comparison) -> bool:
    if comparison.source == "invitation":
        return answers.get("invitation") == "accepted"
    given = answers.get(comparison.source)
    return isinstance(given, list | tuple) and comparison.factor in given


def _score(answers: Mapping[str, Any], measure: str) -> int | None:
    """A 1-5 answer, or None: "couldn't tell", left out, or not a number saved."""
    value = answers.get(measure)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        return value
    return None


def find_insights(
    days: Sequence[tuple[date, Mapping[str, Any]]],
    *,
    shuffles: int = SHUFFLES,
) -> tuple[list[Insight], int]:
    """The insights a period's check-ins (one per logged day) bear, largest first and at
    most MOST, and how many comparisons were checked: those with enough days with and
    without to be compared at all (none under MIN_LOGGED_DAYS)."""
    if len(days) < MIN_LOGGED_DAYS:
        return [], 0  # nothing compared: too few days to check anything
    found: list[Insight] = []
    checked = 0
    for comparison in comparisons():
        testable, insight = _compare(days, comparison, shuffles)
        checked += testable
        if insight is not None:
            found.append(insight)
    found.sort(key=lambda i: (-abs(i.difference), i.factor, i.measure))
    return found[:MOST], checked


def _compare(
    days: Sequence[tuple[date, Mapping[str, Any]]], comparison: Comparison, shuffles: int
) -> tuple[bool, Insight | None]:
    """Whether the comparison had enough days to be made, and the insight it gives."""
    rows = [
        (day, _has(answers, comparison), score)
        for day, answers in days
        if (score := _score(answers, comparison.measure)) is not None
    ]
    with_scores = [score for _, has, score in rows if has]
    without_scores = [score for _, has, score in rows if not has]
    if len(with_scores) < MIN_DAYS_EACH or len(without_scores) < MIN_DAYS_EACH:
        return False, None
    with_mean = sum(with_scores) / len(with_scores)
    without_mean = sum(without_scores) / len(without_scores)
    if abs(with_mean - without_mean) < MIN_DIFFERENCE:
        return True, None
    p_value = within_week_p_value(rows, shuffles=shuffles, seed=_seed(comparison, rows))
    if p_value >= ALPHA:
        return True, None
    # The numbers as shown, rounded once, so the words and the JSON agree.
    shown_with = half_up(sum(with_scores), len(with_scores), 1)
    shown_without = half_up(sum(without_scores), len(without_scores), 1)
    return True, Insight(
        factor=comparison.factor,
        measure=comparison.measure,
        with_mean=shown_with,
        without_mean=shown_without,
        with_days=len(with_scores),
        without_days=len(without_scores),
        p_value=round(p_value, 4),
        text=describe(comparison, shown_with, shown_without, len(with_scores), len(without_scores)),
    )


def within_week_p_value(
    rows: Sequence[tuple[date, bool, int]], *, shuffles: int, seed: int | str
) -> float:
    """Two-sided p-value of the difference in means between the days with and without,
    shuffling which days had the factor only within each calendar (ISO) week.

    p = (1 + shuffles at least as extreme) / (1 + shuffles). A shuffle of a week's
    labels matters only through the sum of the scores it labels "with": so each
    week's ways to pick its "with" days are listed once (at most 35: 3 of 7 days),
    and `random.choices` draws that week's pick for every shuffle in one call, with
    the same chances as shuffling the labels. Drawn in blocks of 100: once p can no
    longer fall below ALPHA the test stops (p is then only "not below ALPHA")."""
    weeks: dict[tuple[int, int], list[tuple[bool, int]]] = {}
    for day, has, score in rows:
        iso = day.isocalendar()
        weeks.setdefault((iso[0], iso[1]), []).append((has, score))
    n_with = sum(has for _, has, _ in rows)
    n_without = len(rows) - n_with
    total = sum(score for _, _, score in rows)

    def difference(sum_with: float) -> float:
        return abs(sum_with / n_with - (total - sum_with) / n_without)

    observed = difference(sum(score for _, has, score in rows if has)) - 1e-9
    generator = random.Random(seed)
    fixed = 0  # the sum of weeks whose labels cannot move (all with, or all without)
    weeks_ways: list[tuple[list[int], int]] = []
    for week in weeks.values():
        scores = [score for _, score in week]
        k = sum(has for has, _ in week)
        if k in (0, len(scores)):
            fixed += sum(scores) if k else 0
        elif len(scores) > 7:  # more rows than a week has days: drawn one by one
            weeks_ways.append((scores, k))
        else:
            weeks_ways.append(([sum(chosen) for chosen in combinations(scores, k)], 0))
    if not weeks_ways:
        return 1.0  # every shuffle is the data itself
    extreme = done = 0
    give_up = ALPHA * (shuffles + 1) - 1  # this many extreme shuffles: p >= ALPHA
    while done < shuffles:
        block = min(_BLOCK, shuffles - done)
        draws = [
            [sum(generator.sample(ways, k)) for _ in range(block)]
            if k
            else generator.choices(ways, k=block)
            for ways, k in weeks_ways
        ]
        # Shuffles often give the same total: each distinct one is judged once.
        totals = Counter(map(sum, zip(*draws, strict=True)))
        extreme += sum(
            count for sum_with, count in totals.items() if difference(fixed + sum_with) >= observed
        )
        done += block
        if extreme >= give_up:  # p can no longer fall below ALPHA: say so, and stop
            return (1 + extreme) / (1 + done)
    return (1 + extreme) / (1 + shuffles)


#: Shuffles are drawn in blocks, so that a comparison that clearly shows nothing stops
#: after a block or two.
_BLOCK = 100


def _seed(comparison: Comparison, rows: Sequence[tuple[date, bool, int]]) -> str:
    """The same data, the same shuffles: the seed is the text of what is compared
    (`random` seeds from a string's SHA-512, the same in every run and on every
    machine, unlike hash())."""
    return f"{comparison.factor}|{comparison.measure}|" + ";".join(
        f"{day.isoformat()},{int(has)},{score}" for day, has, score in rows
    )


#: What was done on a day with the factor, as the insight says it.
_DONE = {
    "morning_light": "you had morning light together",
    "evening_light": "you had evening light together",
    "activity": "you went for a walk or something gentle together",
    "wind_down": "you kept a wind-down routine together",
    "meals": "you had balanced meals together",
    "shared_fun": "you did something you both enjoy",
    "invitation_accepted": "they said yes to an invitation",
    "own_time": "you had time for your own pursuits",
    "friend": "you spent time with a friend",
    "support_group": "you went to a support group",
    "exercise": "you exercised",
    "own_therapy": "you had your own therapy or counselling",
}


def describe(
    comparison: Comparison, with_mean: float, without_mean: float, n_with: int, n_without: int
) -> str:
    """The insight in words: the numbers, and that going together is not causing."""
    days, others = days_words(n_with), days_words(n_without)
    done = _DONE.get(comparison.factor, f"you had {comparison.label}")
    when = f"On the {days} {done}"
    if comparison.source == "invitation":
        maybe = "they may have said yes on better days"
    elif comparison.source == "together":
        maybe = "they may have joined in on better days"
    else:
        maybe = "you may have found time for it on easier days"
    subject = {
        "partner_mood": "your partner seemed",
        "mood": "your own mood was",
        "stress": "your stress was",
    }[comparison.measure]
    return (
        f"{when}, {subject} {with_mean:.1f} on average; on the {others} without, "
        f"{without_mean:.1f}. These went together; that does not show one caused the "
        f"other ({maybe})."
    )


# -- the period's numbers ------------------------------------------------------------------

#: The 1-5 answers trends follows, in the order the strips show them.
MEASURES = ("partner_mood", "communication", "mood", "stress", "sleep")
#: Past this many days, strips show weekly averages instead of days.
DAILY_UP_TO = 60
Checkins = Mapping[date, Mapping[str, Any]]


def days_of(since: date, until: date) -> list[date]:
    """Every day from since to until, inclusive."""
    return [since + timedelta(days=n) for n in range((until - since).days + 1)]


def previous_period(since: date, until: date) -> tuple[date, date]:
    """The period of the same length just before (since, until)."""
    length = (until - since).days + 1
    return since - timedelta(days=length), since - timedelta(days=1)


class Measure(NamedTuple):
    """One measure over a period: a value or None (a gap) for each day, the mean of
    the days given (None with none), how many those are, and the previous period's."""

    name: str
    series: tuple[int | None, ...]
    mean: float | None
    n: int
    previous_mean: float | None
    previous_n: int


def _mean(values: Iterable[int | None]) -> tuple[float | None, int]:
    given = [v for v in values if v is not None]
    if not given:
        return None, 0
    return half_up(sum(given), len(given), 1), len(given)


def measure(name: str, days: Sequence[date], checkins: Checkins, previous: Checkins) -> Measure:
    """The measure `name` on each of `days` ("couldn't tell" and days without a check-in
    are gaps, never zeros), and its mean now and over `previous` (the period before)."""
    series = tuple(_score(checkins.get(day, {}), name) for day in days)
    mean, n = _mean(series)
    previous_mean, previous_n = _mean(_score(answers, name) for answers in previous.values())
    return Measure(name, series, mean, n, previous_mean, previous_n)


def change_words(item: Measure) -> str:
    """The change against the previous period, in words ("up 0.4 from 2.9, over 20
    days"), or why there is none to tell."""
    if item.mean is None:
        return "no days yet"
    if item.previous_mean is None:
        return "nothing to compare with before this period"
    change = (round(item.mean * 10) - round(item.previous_mean * 10)) / 10  # both x.y
    days = days_words(item.previous_n)
    if change == 0:
        return f"the same as the period before ({item.previous_mean:.1f}, {days})"
    direction = "up" if change > 0 else "down"
    return f"{direction} {abs(change):.1f} from {item.previous_mean:.1f} the period before ({days})"


def weekly(series: Sequence[int | None], days: Sequence[date]) -> list[tuple[date, float | None]]:
    """The series as weekly averages: (the Monday, the mean of the days given that
    week, or None)."""
    weeks: dict[date, list[int | None]] = {}
    for day, value in zip(days, series, strict=True):
        weeks.setdefault(day - timedelta(days=day.weekday()), []).append(value)
    return [(monday, _mean(values)[0]) for monday, values in weeks.items()]


class Logging(NamedTuple):
    """How many of the period's days have a check-in, and runs of days in a row
    (the run going on at the period's end, and the longest in it)."""

    days_in_period: int
    days_logged: int
    current_run: int
    longest_run: int


def logging(days: Sequence[date], logged: Iterable[date]) -> Logging:
    done = set(logged)
    runs = [0]
    for day in days:
        runs.append(runs[-1] + 1 if day in done else 0)
    last = days[-1] if days else None
    current = runs[-1] if last in done else (runs[-2] if len(runs) > 1 else 0)
    return Logging(len(days), sum(day in done for day in days), current, max(runs))


def share(checkins: Checkins, source: str, option: str) -> tuple[int, float | None]:
    """On how many logged days an item was ticked (`source`: "together" or
    "self_care"), and its share of the logged days (None with none logged)."""
    ticked = sum(
        1
        for answers in checkins.values()
        if isinstance(answers.get(source), list | tuple) and option in answers[source]
    )
    return ticked, (half_up(ticked, len(checkins), 2) if checkins else None)


class Who5(NamedTuple):
    day: date
    score: int
    band: str
    #: The change against the last score at least 14 days earlier, when it is 10
    #: points or more (None otherwise, or with no such score).
    change: int | None
    since: date | None


def who5_band(score: int) -> str:
    """The WHO-5's own bands, in plain words (describe, never diagnose)."""
    if score <= 28:
        return "low wellbeing; worth asking a doctor about a screening for depression"
    if score <= 50:
        return "low wellbeing"
    return "not low"


def who5_series(scores: Sequence[tuple[date, int]], since: date) -> list[Who5]:
    """Each score from `since` on, oldest first, with its band, and a change of 10
    points or more against the last score at least 14 days before it (scores before
    `since` count as earlier ones)."""
    from partnercare.checkin import WHO5_INTERVAL_DAYS

    ordered = sorted(scores)
    days = [day for day, _ in ordered]
    found = []
    for day, score in ordered:
        if day < since:
            continue
        # the last score at least 14 days before this one (bisect: years of daily WHO-5s)
        at = bisect_right(days, day - timedelta(days=WHO5_INTERVAL_DAYS))
        change, when = None, None
        if at and abs(score - ordered[at - 1][1]) >= 10:
            change, when = score - ordered[at - 1][1], ordered[at - 1][0]
        found.append(Who5(day, score, who5_band(score), change, when))
    return found


# -- the treatment course -------------------------------------------------------------------

#: The treatments the strips mark, as a check-in names them (an appointment's kind too).
TREATMENTS = ("infusion", "therapy", "couples_therapy")
#: Each treatment's letter on a chart; when a column holds several, the first in
#: TREATMENT_ORDER shows.
TREATMENT_LETTERS = {"infusion": "I", "therapy": "T", "couples_therapy": "C"}
TREATMENT_ORDER = "ICT"


class Treatment(NamedTuple):
    """A treatment day: from a check-in that logged it, an appointment that was not
    cancelled, or both (then one). `accompanied`: whether the user went along, as
    the check-in said, else as the appointment says (None: not known)."""

    day: date
    kind: str
    accompanied: bool | None
    series: tuple[int, int] | None
    #: How the partner seemed that day and on the next two (None: a gap).
    partner_mood: tuple[int | None, int | None, int | None]
    #: Whether it was recorded (a check-in logged it, or the appointment was marked
    #: done); False for a planned appointment with nothing recorded.
    recorded: bool = True


def treatments(
    appointments: Iterable[Any], checkins: Checkins, days: Sequence[date]
) -> list[Treatment]:
    """Every treatment day in `days`, oldest first. `appointments` are records with
    day, kind, state, going and series (models.Appointment).

    What the user recorded wins over what was planned: a check-in that logged the
    treatment says whether they went along (the appointment adds its number in the
    series); a planned appointment whose day has a check-in that logged something
    else (or no treatment) is left out; one marked done says what `done` recorded;
    a planned one with nothing recorded is shown with `accompanied` None."""
    in_period = set(days)
    found: dict[tuple[date, str], Treatment] = {}
    for day, answers in checkins.items():
        kind = answers.get("treatment")
        if day in in_period and kind in TREATMENTS:
            went = answers.get("accompanied")
            found[(day, str(kind))] = Treatment(
                day,
                str(kind),
                went if isinstance(went, bool) else None,
                None,
                _after(day, checkins),
            )
    for item in appointments:
        if item.day not in in_period or item.kind not in TREATMENTS or item.state == "cancelled":
            continue
        done = item.state == "done"
        logged = found.get((item.day, item.kind))
        if logged is not None:
            accompanied = logged.accompanied
            if accompanied is None and done:
                accompanied = item.going
            found[(item.day, item.kind)] = logged._replace(
                accompanied=accompanied, series=logged.series or _series(item.series)
            )
        elif done or item.day not in checkins:
            found[(item.day, item.kind)] = Treatment(
                item.day,
                item.kind,
                item.going if done else None,
                _series(item.series),
                _after(item.day, checkins),
                recorded=done,
            )
    return sorted(found.values(), key=lambda t: (t.day, TREATMENTS.index(t.kind)))


def _series(series: Any) -> tuple[int, int] | None:
    """An appointment's place in its series, if it makes sense (a damaged "7 of 6" does not)."""
    if series is None:
        return None
    index, count = series
    return (index, count) if 1 <= index <= count else None


def treatment_marks(found: Iterable[Treatment]) -> dict[date, set[str]]:
    """The letters of each treatment day, for a chart's treatment row."""
    marked: dict[date, set[str]] = {}
    for item in found:
        marked.setdefault(item.day, set()).add(TREATMENT_LETTERS[item.kind])
    return marked


def _after(day: date, checkins: Checkins) -> tuple[int | None, int | None, int | None]:
    moods = [_score(checkins.get(day + timedelta(days=n), {}), "partner_mood") for n in range(3)]
    return moods[0], moods[1], moods[2]


# -- the whole period -----------------------------------------------------------------------

DEFAULT_DAYS = 28
#: The longest period: 100 years (typed dates start in 1900 in any case).
MOST_DAYS = 36_600
#: Under this many logged days, trends says it needs about a week of check-ins.
FEW_DAYS = 7


def period(
    today: date, *, days: str | None = None, since: str | None = None, until: str | None = None
) -> tuple[date, date]:
    """The period asked for: the last `days` (28 unless given) ending today or on
    --until, or starting on --since; --since and --until alone run from one to the
    other (--since alone: to today). Dates as everywhere else (dates.parse_date).
    Refused in one line: --days with both dates, a number that is not one, a period
    reaching past today, --since after --until."""
    from partnercare.dates import parse_date
    from partnercare.errors import InvalidInputError

    if days is not None and since is not None and until is not None:
        raise InvalidInputError("give --days with --since or with --until, not with both")
    length = DEFAULT_DAYS if days is None else _days(days)
    first = None if since is None else parse_date(since, today=today)
    last = None if until is None else parse_date(until, today=today)
    if first is not None and last is None:
        last = today if days is None else first + timedelta(days=length - 1)
    if last is None:
        last = today
    if first is None:
        first = last - timedelta(days=length - 1)
    if first > today:
        raise InvalidInputError(
            f"--since {first.isoformat()} is after today ({today.isoformat()}); "
            "only days that have passed can be looked back on"
        )
    if first > last:
        raise InvalidInputError(f"--since {first.isoformat()} is after --until {last.isoformat()}")
    if last > today:
        asked = (
            f"--until {last.isoformat()} is"
            if until is not None
            else f"--since {first.isoformat()} with --days {length} would end on "
            f"{last.isoformat()},"
        )
        raise InvalidInputError(
            f"{asked} after today ({today.isoformat()}); only days that have passed can be "
            "looked back on"
        )
    return max(first, date(1900, 1, 1)), last


def _days(text: str) -> int:
    from partnercare.errors import InvalidInputError

    cleaned = text.strip()
    if cleaned.isascii() and cleaned.isdigit() and len(cleaned) < 7:
        number = int(cleaned)
        if 1 <= number <= MOST_DAYS:
            return number
    shown = text if len(text) <= 20 else text[:20] + "…"
    raise InvalidInputError(
        f"--days takes a whole number of days from 1 to {MOST_DAYS:,}, not {shown!r}"
    )


class Trends(NamedTuple):
    """Everything `partnercare trends` shows for a period, worked out once: the
    terminal screen, the JSON and the report all read this."""

    since: date
    until: date
    days: tuple[date, ...]
    logging: Logging
    measures: dict[str, Measure]
    #: Each routine done together (answer key -> days ticked, share of logged days,
    #: None with no logged days).
    routines: dict[str, tuple[int, float | None]]
    self_care: dict[str, tuple[int, float | None]]
    #: Which items were ticked on each logged day (source, answer key).
    ticks: dict[date, frozenset[tuple[str, str]]]
    who5: tuple[Who5, ...]
    treatments: tuple[Treatment, ...]
    insights: tuple[Insight, ...]
    checked: int
    #: Check-ins in the period whose answers could not be read (left out of all the above).
    unreadable: int = 0
    #: The days a check-in said the user was worried, or not sure, about someone's safety.
    worried: tuple[date, ...] = ()
    #: On how many logged days the answer was "couldn't tell" (saved as null), for the
    #: partner's two measures.
    couldnt_tell: dict[str, int] = {}  # noqa: RUF012  (a NamedTuple default, never mutated)

    @property
    def few(self) -> bool:
        """Too few logged days for trends to say much (under FEW_DAYS)."""
        return self.logging.days_logged < FEW_DAYS


def options(key: str) -> tuple[str, ...]:
    """The answer keys of a multi question ("together", "self_care"), in its order."""
    from partnercare import checkin

    return tuple(value for value, _ in checkin.question(key).options)


def build(
    since: date,
    until: date,
    checkins: Checkins,
    appointments: Iterable[Any],
    who5_scores: Sequence[tuple[date, int]],
    *,
    shuffles: int = SHUFFLES,
    current_run: int | None = None,
) -> Trends:
    """The period's trends from its check-ins (those of the period before too, for
    the change), its appointments, and WHO-5 scores (those from 14 days before
    `since` on, and the last one before that, for the 10-point rule). Pure."""
    days = days_of(since, until)
    before_since, before_until = previous_period(since, until)
    unreadable = sum(
        1 for day, answers in checkins.items() if since <= day <= until and not _readable(answers)
    )
    checkins = {day: answers for day, answers in checkins.items() if _readable(answers)}
    now = {day: answers for day, answers in checkins.items() if since <= day <= until}
    previous = {
        day: answers for day, answers in checkins.items() if before_since <= day <= before_until
    }
    ticks = {
        day: frozenset(
            (source, str(item))
            for source in ("together", "self_care")
            if isinstance(answers.get(source), list | tuple)
            for item in answers[source]
        )
        for day, answers in now.items()
    }
    insights, checked = find_insights(sorted(now.items()), shuffles=shuffles)
    return Trends(
        since=since,
        until=until,
        days=tuple(days),
        logging=_with_run(logging(days, now), current_run),
        measures={name: measure(name, days, now, previous) for name in MEASURES},
        routines={key: share(now, "together", key) for key in options("together")},
        self_care={key: share(now, "self_care", key) for key in options("self_care")},
        ticks=ticks,
        who5=tuple(who5_series(who5_scores, since)),
        # all the check-ins given: partner mood the two days after the period's end too
        treatments=tuple(treatments(appointments, checkins, days)),
        insights=tuple(insights),
        checked=checked,
        unreadable=unreadable,
        worried=tuple(sorted(day for day, answers in now.items() if _worried(answers))),
        couldnt_tell={
            name: sum(1 for answers in now.values() if name in answers and answers[name] is None)
            for name in ("partner_mood", "communication")
        },
    )


def _worried(answers: Mapping[str, Any]) -> bool:
    """The check-in said the user was worried, or not sure, about someone's safety."""
    from partnercare import checkin

    return answers.get("safety") in checkin.question("safety").alarm


def _with_run(counted: Logging, current_run: int | None) -> Logging:
    """The run going on at the period's end, counted over the whole journal when known
    (a run of 40 days is not 7 because the period is a week); the longest is then at
    least that one."""
    if current_run is None:
        return counted
    return counted._replace(
        current_run=current_run, longest_run=max(counted.longest_run, current_run)
    )


def _readable(answers: Any) -> bool:
    """Saved answers that can be read: the store hands unreadable ones over as {} or
    {"value": what was there}."""
    return isinstance(answers, Mapping) and bool(answers) and set(answers) != {"value"}


def load(store: Any, since: date, until: date) -> Trends:
    """The period's trends, read from the journal (`store`: an open Store)."""
    from partnercare.store import appointments, checkins

    before_since, _ = previous_period(since, until)
    # Check-ins of the period and the one before; the treatment course also looks
    # two days past `until` (partner mood on the days after the last infusion).
    rows = checkins.between(store, before_since, until + timedelta(days=2))
    scores = checkins.who5_around(store, since, until)
    planned = appointments.between(store, since, until, cancelled=False)
    found = dict(rows)
    # The run at the period's end, over the whole journal; a last day not (yet) logged
    # does not end it: the run up to the day before still counts.
    end = until if until in found else until - timedelta(days=1)
    current = checkins.run_ending(store, end)
    return build(since, until, found, planned, scores, current_run=current)


def insight_lines(found: Trends) -> list[str]:
    """What went together, in words, as `trends` and the report both say it: the
    insights, then how many comparisons were checked, or why none could be."""
    if found.logging.days_logged < MIN_LOGGED_DAYS:
        return [
            f"Patterns need at least {MIN_LOGGED_DAYS} logged days in a period; this one has "
            f"{found.logging.days_logged}. Until then, there are only the numbers above."
        ]
    total = len(comparisons())
    if found.checked == 0:
        return [
            f"None of the {total} comparisons has {MIN_DAYS_EACH} days with and "
            f"{MIN_DAYS_EACH} without yet, so none could be checked. No clear pattern yet "
            "does not mean something doesn't help."
        ]
    of = "" if found.checked == total else f" of {total}"
    enough = (
        ""
        if found.checked == total
        else f" (those with at least {MIN_DAYS_EACH} days with and {MIN_DAYS_EACH} without)"
    )
    others = "the others show no clear" if found.insights else "none shows a clear"
    return [item.text for item in found.insights] + [
        f"{found.checked}{of} comparisons were checked{enough}: routines against how your "
        f"partner seemed, self-care against your mood and stress; {others} pattern yet. "
        "No clear pattern yet does not mean something doesn't help."
    ]
