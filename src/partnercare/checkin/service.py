"""The check-in service: saving a day's check-in, what it says, and today's status.

The rest of the package is pure (questions, validation, scoring, nudge rules);
`journal.py` stores entries. This module joins them: it reads the recent check-ins
a nudge or a WHO-5 change needs, saves the day's check-in, and works out the today screen's status.
Never prints, never prompts.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from partnercare import checkin, journal
from partnercare.checkin.answers import Checkin, read_saved
from partnercare.checkin.nudges import Nudge
from partnercare.errors import InvalidInputError, PartnercareError
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


def save(store: Store, day: date, answers: Checkin, past: History, *, today: date) -> Saved:
    """Save the day's check-in (replacing that day's earlier one) and say what it shows.

    Everything that could fail is worked out first: once the check-in is saved,
    nothing here can turn the save into an error.
    """
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
    if not answers.worried_about_safety:
        nudges = _with_infusion_nudge(store, day, today, nudges)
    entry, replaced = journal.upsert_checkin(
        store, day, answers.note, answers.to_data(), answers.tags
    )
    if answers.treatment != "none":
        from partnercare import appointments

        # Best effort: the check-in is saved, and is what matters.
        with suppress(PartnercareError):
            appointments.mark_from_checkin(store, day, answers.treatment, answers.accompanied)
    return Saved(
        entry=entry,
        replaced=replaced,
        checkin=answers,
        summary=summary,
        who5_text=who5_text,
        nudges=nudges,
    )


def _with_infusion_nudge(
    store: Store, day: date, today: date, found: tuple[Nudge, ...]
) -> tuple[Nudge, ...]:
    """Today's check-in, the day before an infusion: "infusion tomorrow" (tip 2) comes
    after a worrying pattern and before the rest, at most two in all, one per tip."""
    if day != today:
        return found
    from partnercare import appointments

    tomorrow = appointments.on_day(store, today + timedelta(days=1))
    infusions = [a for a in tomorrow if a.kind == "infusion"]
    if not infusions:
        return found
    first = infusions[0]
    upcoming = checkin.upcoming_infusion_nudge(1, going=first.going, ride=bool(first.driver))
    assert upcoming is not None
    worrying = [n for n in found if n.rule == "partner_low"]
    rest = [n for n in found if n.rule != "partner_low" and n.tip != upcoming.tip]
    return tuple([*worrying, upcoming, *rest][:2])


def appointment_status(store: Store, today: date) -> tuple[Appointment | None, str | None]:
    """The next appointment, and which care list the day calls for."""
    from partnercare import appointments, clock

    care = None
    if any(a.kind == "infusion" for a in appointments.on_day(store, today)):
        care = "day"
    elif any(a.kind == "infusion" for a in appointments.on_day(store, today + timedelta(days=1))):
        care = "before"
    return appointments.next_appointment(store, clock.now()), care


def streak(store: Store, today: date) -> int:
    """Consecutive days with a check-in, ending today (or yesterday, if today isn't done).
    Counted by SQLite, so a streak of years costs one query, not a read of every day."""
    if journal.checkin_days(store, today, today):
        return journal.checkin_run(store, today)
    return journal.checkin_run(store, today - timedelta(days=1))


def today_status(store: Store, today: date) -> TodayStatus:
    """Whether today's check-in is done, the streak, and one nudge from the latest check-in
    (today's, or yesterday's while today's is not done yet)."""
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
    following, care = appointment_status(store, today)
    if not worried and (nudge is None or nudge.rule != "partner_low"):
        nudge = _appointment_nudge(store, today, care, [when for when, _ in rows]) or nudge
    return TodayStatus(
        done=done,
        streak=streak(store, today),
        nudge=nudge,
        worried=worried,
        next_appointment=following,
        care=care,
    )


def _appointment_nudge(
    store: Store, today: date, care: str | None, checked_in: list[date]
) -> Nudge | None:
    """Infusion today or tomorrow; else an infusion of the last days nothing recorded."""
    from partnercare import appointments
    from partnercare.dates import day_words

    if care == "before":
        tomorrow = appointments.on_day(store, today + timedelta(days=1))
        going = next((a.going for a in tomorrow if a.kind == "infusion"), None)
        return checkin.upcoming_infusion_nudge(1, going=going)
    if care == "day":
        planned = [
            a
            for a in appointments.on_day(store, today)
            if a.kind == "infusion" and a.state == "planned"
        ]
        return checkin.upcoming_infusion_nudge(0, going=planned[0].going) if planned else None
    missed = appointments.missed_infusion(store, today, checked_in)
    if missed is None:
        return None
    return checkin.missed_infusion_nudge(day_words(missed.day, today), missed.id)
