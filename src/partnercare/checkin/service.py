"""The check-in service: saving a day's check-in, what it says, and today's status.

The rest of the package is pure (questions, validation, scoring, nudge rules);
`journal.py` stores entries. This module joins them: it reads the recent check-ins
a nudge or a WHO-5 change needs, saves the day's check-in, and works out the today screen's status.
Never prints, never prompts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from partnercare import checkin, journal
from partnercare.checkin.answers import Checkin, read_saved
from partnercare.checkin.nudges import Nudge
from partnercare.errors import InvalidInputError
from partnercare.models import Appointment, Entry
from partnercare.store import Store

#: How far back the nudge rules look (the longest rule needs five days running).
RECENT_DAYS = 7
#: The partner-low nudge looks at the last this many logged days, however far apart.
LOGGED_DAYS = 5


@dataclass(frozen=True)
class History:
    """What the journal knows before `day`: the week's check-ins, the last WHO-5, and the
    last WHO-5 at least 14 days earlier (the one a change is measured against)."""

    day: date
    recent: tuple[tuple[date, Checkin], ...]
    last_who5: tuple[date, int] | None
    comparable_who5: tuple[date, int] | None = None

    @property
    def needs_who5(self) -> bool:
        return checkin.needs_who5(None if self.last_who5 is None else self.last_who5[0], self.day)


@dataclass(frozen=True)
class Saved:
    """A saved check-in and what to say about it."""

    entry: Entry
    replaced: bool
    checkin: Checkin
    summary: tuple[str, ...]
    who5_text: str | None
    nudges: tuple[Nudge, ...]


@dataclass(frozen=True)
class TodayStatus:
    done: bool
    streak: int
    nudge: Nudge | None
    #: Today's check-in said someone's safety is a worry: the screen leads with help.
    worried: bool = False
    #: The next appointment not cancelled, from now on.
    next_appointment: Appointment | None = None
    #: "before" the day before an infusion, "day" on the day of one, else None.
    care: str | None = None
    #: The infusion that care list is about.
    care_for: Appointment | None = None


def parse_day(text: str | None, today: date) -> date:
    """The day a check-in is for: today, or a past day the user named."""
    if text is None:
        return today
    from partnercare.dates import parse_date

    day = parse_date(text, today=today)
    if day > today:
        raise InvalidInputError(
            f"--date {day.isoformat()} is in the future; a check-in is for today or a past day"
        )
    return day


def history(store: Store, day: date) -> History:
    """The check-ins before `day` that the nudges and the WHO-5 need (not `day` itself,
    which is being written or replaced)."""
    before = day - timedelta(days=1)
    # Read leniently: a check-in saved by an earlier version, or imported, never
    # vanishes from the history because today's validation is stricter.
    recent = [(when, read_saved(data)) for when, data in reversed(_recent_rows(store, before))]
    last = journal.who5_scores(store, before, 1)
    cutoff = day - timedelta(days=checkin.WHO5_INTERVAL_DAYS)
    comparable = journal.who5_scores(store, cutoff, 1)
    last_who5 = last[0] if last else None
    return History(
        day=day,
        recent=tuple(recent),
        last_who5=last_who5,
        comparable_who5=comparable[0] if comparable else None,
    )


def _recent_rows(store: Store, until: date) -> list[tuple[date, dict[str, Any]]]:
    """The check-ins the nudges look at, oldest first: the RECENT_DAYS days up to until
    (for runs of days), and at least the last LOGGED_DAYS however old (for "3 of the
    last 5 logged days")."""
    window = journal.checkins_between(store, until - timedelta(days=RECENT_DAYS), until)
    if len(window) >= LOGGED_DAYS:
        return window
    older = journal.last_checkins(store, until, LOGGED_DAYS)
    merged = dict([*older, *window])
    return sorted(merged.items())


def save(
    store: Store,
    day: date,
    answers: Checkin,
    past: History,
    *,
    today: date,
    accompanied_given: bool = True,
) -> Saved:
    """Save the day's check-in (replacing that day's earlier one) and say what it shows.

    Everything that could fail is worked out first: once the check-in is saved,
    nothing here can turn the save into an error. A check-in that logs a treatment
    marks that day's planned appointment of its kind done, in the same transaction
    (with whether the user went along, unless an answers file left that out).
    """
    from partnercare import appointments
    from partnercare.dates import day_words, describe_long

    score = answers.who5_score
    who5_text = None
    if score is not None:
        compared = past.comparable_who5
        who5_text = checkin.describe_who5(
            score,
            None if compared is None else compared[1],
            answers.who5,
            since="last time" if compared is None else describe_long(compared[0]),
        )
    words = day_words(day, today)
    summary = tuple(checkin.day_summary(answers))
    nudges = tuple(checkin.nudges(answers, past.recent, day, day_words=words))
    if not answers.worried_about_safety and day == today:
        tomorrow = appointments.on_day(store, today + timedelta(days=1))
        nudges = _first_after_worry(_tomorrow_nudge(tomorrow), nudges)
    went = answers.accompanied if accompanied_given else None
    entry, replaced = journal.upsert_checkin(
        store,
        day,
        answers.note,
        answers.to_data(),
        answers.tags,
        then=appointments.marking(day, answers.treatment, went),
    )
    return Saved(
        entry=entry,
        replaced=replaced,
        checkin=answers,
        summary=summary,
        who5_text=who5_text,
        nudges=nudges,
    )


def _tomorrow_nudge(tomorrow: list[Appointment]) -> Nudge | None:
    """ "Infusion tomorrow" (tip 2), in words that fit what was planned for it."""
    infusion = next((a for a in tomorrow if a.kind == "infusion" and a.state == "planned"), None)
    if infusion is None:
        return None
    return checkin.upcoming_infusion_nudge(1, going=infusion.going, ride=bool(infusion.driver))


def _first_after_worry(nudge: Nudge | None, found: tuple[Nudge, ...]) -> tuple[Nudge, ...]:
    """`nudge` after a worrying pattern and before the rest, at most two, one per tip."""
    if nudge is None:
        return found
    worrying = [n for n in found if n.rule == "partner_low"]
    rest = [n for n in found if n.rule != "partner_low" and n.tip != nudge.tip]
    return tuple([*worrying, nudge, *rest][:2])


def streak(store: Store, today: date) -> int:
    """Consecutive days with a check-in, ending today (or yesterday, if today isn't done).
    Counted by SQLite, so a streak of years costs one query, not a read of every day."""
    if journal.checkin_days(store, today, today):
        return journal.checkin_run(store, today)
    return journal.checkin_run(store, today - timedelta(days=1))


def today_status(store: Store, today: date) -> TodayStatus:
    """Whether today's check-in is done, the streak, one nudge (from the appointments
    around today, or from the latest check-in: today's, or yesterday's while today's is
    not done yet), the next appointment and the care list the day calls for."""
    from partnercare import appointments, clock
    from partnercare.dates import day_words

    rows = _recent_rows(store, today)
    done = bool(rows) and rows[-1][0] == today
    # Read from the saved answers as they are, so even a check-in that today's
    # validation would refuse still leads the screen with help, and no nudge.
    worried = done and rows[-1][1].get("safety") in checkin.question("safety").alarm
    nudge = None
    read = [(when, read_saved(data)) for when, data in reversed(rows)]
    if read and read[0][0] >= today - timedelta(days=1) and not worried:
        latest_day, latest = read[0]
        words = day_words(latest_day, today)
        found = checkin.nudges(latest, read[1:], latest_day, limit=1, day_words=words)
        nudge = found[0] if found else None
    now = clock.now()
    if now.date() != today:  # a pinned day (tests): the start of it
        now = datetime.combine(today, time()).astimezone()
    on_today = appointments.on_day(store, today)
    tomorrow = appointments.on_day(store, today + timedelta(days=1))
    care, care_for = None, None
    for when, day_s in (("day", on_today), ("before", tomorrow)):
        infusion = next((a for a in day_s if a.kind == "infusion"), None)
        if infusion is not None:
            care, care_for = when, infusion
            break
    if not worried and (nudge is None or nudge.rule != "partner_low"):
        checked_in = [when for when, _ in rows]
        nudge = _appointment_nudge(store, now, on_today, tomorrow, checked_in) or nudge
    return TodayStatus(
        done=done,
        streak=streak(store, today),
        nudge=nudge,
        worried=worried,
        next_appointment=appointments.next_appointment(store, now),
        care=care,
        care_for=care_for,
    )


def _appointment_nudge(
    store: Store,
    now: datetime,
    on_today: list[Appointment],
    tomorrow: list[Appointment],
    checked_in: list[date],
) -> Nudge | None:
    """An infusion still to come today, else one tomorrow, else an infusion of the
    last days that nothing recorded."""
    from partnercare import appointments
    from partnercare.dates import day_words

    today = now.date()
    later = now.time().replace(tzinfo=None)
    still = [
        a
        for a in on_today
        if a.kind == "infusion" and a.state == "planned" and (a.at is None or a.at >= later)
    ]
    if still:
        return checkin.upcoming_infusion_nudge(0, going=still[0].going)
    upcoming = _tomorrow_nudge(tomorrow)
    if upcoming is not None:
        return upcoming
    missed = appointments.missed_infusion(store, today, checked_in)
    if missed is None:
        return None
    return checkin.missed_infusion_nudge(day_words(missed.day, today), missed.id)
