"""Nudges: a gentle pointer to the tip that fits what the answers show, as rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from partnercare.checkin.answers import Checkin

# --------------------------------------------------------------------------- nudges


@dataclass(frozen=True)
class Nudge:
    """A gentle pointer to the tip that fits what the answers show."""

    rule: str
    text: str
    tip: int


@dataclass(frozen=True)
class Days:
    """Today's check-in and the earlier ones by date, as the nudge rules see them."""

    today: Checkin
    day: date
    earlier: Mapping[date, Checkin] = field(default_factory=dict)

    def running(self, n: int) -> tuple[Checkin, ...] | None:
        """Today and the n-1 days before it, if every one of them has a check-in."""
        run = [self.today]
        for back in range(1, n):
            day = self.earlier.get(self.day - timedelta(days=back))
            if day is None:
                return None
            run.append(day)
        return tuple(run)

    def within(self, n: int) -> tuple[Checkin, ...]:
        """The check-ins on the n calendar days before today (gaps are simply absent)."""
        days = (self.earlier.get(self.day - timedelta(days=back)) for back in range(1, n + 1))
        return tuple(c for c in days if c is not None)

    def logged(self, n: int) -> tuple[Checkin, ...]:
        """The day's check-in and the n-1 logged days before it, however far apart."""
        earlier = [self.earlier[day] for day in sorted(self.earlier, reverse=True)]
        return (self.today, *earlier[: n - 1])

    def every(self, n: int, test: Callable[[Checkin], bool]) -> bool:
        """True when today and the n-1 days before all have a check-in that passes test."""
        run = self.running(n)
        return run is not None and all(test(c) for c in run)


@dataclass(frozen=True)
class NudgeRule:
    id: str
    tip: int
    text: str
    applies: Callable[[Days], bool]


def _partner_low(d: Days) -> bool:
    """Partner mood 2 or less on at least 3 of the last 5 logged days, today among them
    (a day they seemed well is not the day to say they have seemed low)."""
    low = [c.partner_mood is not None and c.partner_mood <= 2 for c in d.logged(5)]
    return low[0] and sum(low) >= 3


#: In priority order: a worrying pattern first, then what happened that day, then the
#: user's own load, then patterns. A rule never fires on a day whose answers say
#: otherwise (each has a test for the day that must not trigger it), and no text
#: adds guilt. `{day}` is "today", "yesterday" or "on Monday 23 November".
NUDGE_RULES: tuple[NudgeRule, ...] = (
    NudgeRule(
        "partner_low",
        2,
        "Your partner has seemed low on several of your recent check-ins. It may help to "
        "let their treatment team know. If you are worried about their safety: "
        "partnercare help-now --worried",
        _partner_low,
    ),
    NudgeRule(
        "infusion_alone",
        2,
        "Infusion day. If they would like company and you are able to, offer to go along "
        "next time: two people take in more of what the clinic says than one.",
        lambda d: d.today.treatment == "infusion" and not d.today.accompanied,
    ),
    NudgeRule(
        "infusion_together",
        2,
        "Infusion day, and you went along. Being there tells them they are not doing this alone.",
        lambda d: d.today.treatment == "infusion" and d.today.accompanied,
    ),
    NudgeRule(
        "invitation_declined",
        8,
        "They said no this time. Keep inviting, gently: "
        "the tenth invitation may be the yes they need.",
        lambda d: d.today.invitation == "declined",
    ),
    NudgeRule(
        "no_self_care",
        9,
        "No time for yourself three days running. You need care too: "
        "looking after yourself is also part of looking after them.",
        lambda d: d.every(3, lambda c: not c.self_care),
    ),
    NudgeRule(
        "stress_high",
        10,
        "Your stress has been high on most of the last few days. "
        "People in a support group know this weight, and can share it.",
        lambda d: d.today.stress >= 4 and sum(c.stress >= 4 for c in d.within(3)) >= 2,
    ),
    NudgeRule(
        "communication_low",
        7,
        "Communication was hard {day}. They may want to share and not yet be able to: "
        "patience, and listening without judgement, help.",
        lambda d: d.today.communication is not None and d.today.communication <= 2,
    ),
    NudgeRule(
        "couples_therapy",
        3,
        "Couples therapy {day}. It is a space for your needs too, not only theirs.",
        lambda d: d.today.treatment == "couples_therapy",
    ),
    NudgeRule(
        "partner_unclear",
        1,
        "You couldn't tell how your partner seemed three days running. "
        "Knowing their signs and triggers can make them easier to read.",
        lambda d: d.every(3, lambda c: c.partner_mood is None),
    ),
    NudgeRule(
        "no_routine",
        4,
        "No routine together logged for three days running. "
        "Morning light, a short walk or a wind-down can be small and still count.",
        lambda d: d.every(3, lambda c: not c.did("routine")),
    ),
    NudgeRule(
        "no_meals",
        5,
        "No balanced meals logged for three days. "
        "If you have the energy, taking the lead on one simple meal can help you both.",
        lambda d: d.every(3, lambda c: "meals" not in c.together),
    ),
    NudgeRule(
        "no_shared_fun",
        6,
        "Nothing you both enjoy logged for five days or more. "
        "Start small: a short walk somewhere pleasant counts.",
        lambda d: d.every(5, lambda c: not c.did("enjoyed")),
    ),
)


def nudges(
    today: Checkin,
    recent: Sequence[tuple[date, Checkin]],
    today_date: date,
    *,
    limit: int = 2,
    day_words: str = "today",
) -> list[Nudge]:
    """At most `limit` nudges for a day's check-in, in rule priority order, one per tip.

    `recent` holds the previous days' check-ins, newest first, not including the day;
    "N days running" means N really consecutive dates ending that day. A day with a
    worry about someone's safety gets no nudge: the crisis screen is what matters.
    """
    if today.worried_about_safety:
        return []
    earlier: dict[date, Checkin] = {}
    for day, checkin in recent:
        if day < today_date:
            earlier.setdefault(day, checkin)
    days = Days(today, today_date, earlier)
    found: list[Nudge] = []
    for rule in NUDGE_RULES:
        if len(found) >= limit:
            break
        if all(n.tip != rule.tip for n in found) and rule.applies(days):
            found.append(Nudge(rule.id, rule.text.replace("{day}", day_words), rule.tip))
    return found


def upcoming_infusion_nudge(
    days_until: int, *, going: bool | None = None, ride: bool = False
) -> Nudge | None:
    """A nudge toward tip 2 when an infusion is today or tomorrow, else None. Someone
    who said they are going is not asked to offer it, nor one with a driver named
    to plan the ride."""
    if days_until == 1:
        plan = "The ride home is planned." if ride else "Plan the ride home now."
        along = {
            True: "You are going along, and that can be a real comfort.",
            None: "Offer to go along if you can: your presence can be a comfort.",
            False: "A calm evening after it helps.",
        }[going]
        return Nudge("infusion_tomorrow", f"Infusion tomorrow. {plan} {along}", 2)
    if days_until == 0:
        text = {
            True: "Infusion today. Being there with them can be a real comfort.",
            None: "Infusion today. If you can, go along: your presence can be a comfort.",
            False: "Infusion today. A calm evening together afterwards helps.",
        }[going]
        return Nudge("infusion_today", text, 2)
    return None


def missed_infusion_nudge(day_words: str, appointment_id: int) -> Nudge:
    """An infusion whose day passed with nothing recorded: asked gently, no guilt
    (about half of courses are not completed as planned, and that is not a failure)."""
    return Nudge(
        "infusion_unrecorded",
        f"Nothing is recorded for the infusion {day_words}. If it happened: "
        f"partnercare appointments done {appointment_id}. If it did not, that is common "
        f"in a course (partnercare appointments cancel {appointment_id}), and the clinic "
        "can help plan the next one.",
        2,
    )


# --------------------------------------------------------------------------- streaks


def streak(dates: Iterable[date], today: date) -> int:
    """Consecutive days with a check-in, ending today, or yesterday if today isn't done yet."""
    done = set(dates)
    day = today if today in done else today - timedelta(days=1)
    count = 0
    while day in done:
        count += 1
        day -= timedelta(days=1)
    return count
