"""The WHO-5 Well-Being Index: scoring, plain words for a score, and when to ask it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from partnercare.checkin.answers import _whole, who5_score
from partnercare.checkin.questions import _shown
from partnercare.errors import InvalidInputError

__all__ = ["WHO5_INTERVAL_DAYS", "describe_who5", "needs_who5", "who5_score"]

#: The WHO-5 asks about the last two weeks: it is offered when the last score is this old,
#: and a change is compared with a score at least this many days earlier.
WHO5_INTERVAL_DAYS = 14

# --------------------------------------------------------------------------- WHO-5


def describe_who5(
    score: int,
    previous: int | None = None,
    items: Sequence[int] | None = None,
    *,
    since: str = "last time",
) -> str:
    """Plain words for a WHO-5 score, and for its change since a score at least 14 days
    earlier (`previous`, from the day `since` names).

    Describes, never diagnoses: the thresholds are the WHO-5's own (50 or below
    suggests low wellbeing; 28 or below suggests screening for depression; any single
    item answered 0 or 1 is worth raising with a doctor too; a change of 10 points
    or more is meaningful).
    """
    for name, value in (("score", score), ("previous", previous)):
        if value is not None and (_whole(value) is None or not 0 <= value <= 100):
            raise InvalidInputError(f"a WHO-5 {name} must be from 0 to 100, got {_shown(value)}")
    text = f"A WHO-5 score of {score} out of 100"
    if score <= 28:
        text += (
            " suggests low wellbeing; it may be worth asking your doctor"
            " about a screening for depression. If things feel too heavy right now:"
            " partnercare help-now. Caring for yourself too: partnercare tips 9."
        )
    elif score <= 50:
        text += " suggests low wellbeing; it may help to talk to your doctor."
    else:
        text += " does not suggest low wellbeing."
    low = sum(1 for item in items or () if item <= 1)
    if low:
        text += (
            f' You answered {low} of the five statements with "some of the time" or'
            ' "at no time"; whatever the total, that is worth talking over with your doctor.'
        )
    if previous is not None:
        change = score - previous
        direction = "up" if change > 0 else "down"
        points = "point" if abs(change) == 1 else "points"
        if abs(change) >= 10:
            text += (
                f" That is {direction} {abs(change)} {points} since {since}, a change worth noting."
            )
        elif change:
            text += f" That is close to {since} ({direction} {abs(change)} {points})."
        else:
            text += f" That is the same as {since}."
    return text


def needs_who5(last_who5_date: date | None, today: date) -> bool:
    """True when no WHO-5 was answered in the last 14 days (today and the 13 before)."""
    return last_who5_date is None or (today - last_who5_date).days >= WHO5_INTERVAL_DAYS
