"""Check-ins in a few words: one line for a list, a few lines after saving."""

from __future__ import annotations

from collections.abc import Mapping

from partnercare.checkin.answers import Checkin
from partnercare.checkin.questions import question, who5_name

# --------------------------------------------------------------------------- summaries

_SUMMARY_WIDTH = 70


def _scale_text(data: Mapping[str, object], key: str) -> str:
    value = data.get(key)
    q = question(key)
    number = value if isinstance(value, int) and not isinstance(value, bool) else None
    return f"{number}/{q.max}" if number is not None and q.min <= number <= q.max else "?"


def _routine_names(chosen: object) -> list[str]:
    together = question("together")
    if not isinstance(chosen, list | tuple):
        return []
    return [together.short(v) for v in together.values if v in chosen]


def summary_line(data: Mapping[str, object]) -> str:
    """One line for the journal list, such as
    `partner 3/5 · you 4/5 · stress 2/5 · routines: morning light, walk`.

    Reads saved data leniently: an unexpected value shows as "?" rather than failing.
    """
    head = " · ".join(
        f"{name} {_scale_text(data, key)}"
        for name, key in (("partner", "partner_mood"), ("you", "mood"), ("stress", "stress"))
    )
    treatment = data.get("treatment")
    if isinstance(treatment, str) and treatment != "none":
        short = question("treatment").short(treatment)
        if short:
            head += f" · {short}"
    names = _routine_names(data.get("together"))
    if not names:
        return f"{head} · routines: none"
    for shown in range(len(names), 0, -1):
        rest = len(names) - shown
        listed = ", ".join(names[:shown]) + (f" +{rest}" if rest else "")
        line = f"{head} · routines: {listed}"
        if len(line) <= _SUMMARY_WIDTH:
            return line
    return f"{head} · routines: {len(names)}"


def _rated(key: str, value: int | None) -> str:
    q = question(key)
    if value is None:
        return q.skip_label
    return f"{q.label(value)} ({value}/{q.max})"


def day_summary(c: Checkin) -> list[str]:
    """A few short lines about the day, shown after saving."""
    lines = [
        f"Your partner: {_rated('partner_mood', c.partner_mood)}"
        f" · communication: {_rated('communication', c.communication)}",
        f"You: feeling {_rated('mood', c.mood)} · stress: {_rated('stress', c.stress)}"
        f" · sleep: {_rated('sleep', c.sleep)}",
    ]
    together_q = question("together")
    together = [
        f"invited them ({question('invitation').label(c.invitation)})"
        if v == "invitation"
        else together_q.short(v)
        for v in c.together
    ]
    lines.append("Together: " + (", ".join(together) if together else "nothing logged"))
    self_care_q = question("self_care")
    own = [self_care_q.short(v) for v in c.self_care]
    lines.append("For yourself: " + (", ".join(own) if own else "nothing logged"))
    if c.treatment != "none":
        went = ", and you went along" if c.accompanied else ""
        lines.append(f"Treatment: {question('treatment').label(c.treatment)}{went}")
    if c.who5 is not None:
        lines.append(f"{who5_name()}: {c.who5_score} out of 100")
    if c.tags:
        lines.append("Tags: " + " ".join(f"#{t}" for t in c.tags))
    return lines
