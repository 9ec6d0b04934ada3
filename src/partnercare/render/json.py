"""Every `--json` shape in one place: the scripting contract.

Each function takes finished records (models, domain results) and returns
plain dicts and lists for `json.dumps`; nothing here reads the journal,
prints, or imports rich. The lossless journal export writes its entries with
`entry` too, so `journal list --json` can be imported back.

Scripts read these keys: add new ones freely, never rename or drop one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from partnercare.checkin import Nudge
    from partnercare.checkin.service import Saved, TodayStatus
    from partnercare.models import Appointment, Entry
    from partnercare.report import Report
    from partnercare.resources import Guidance, Resources
    from partnercare.settings import Contact, SafetyPlan
    from partnercare.tips import Match, Tip
    from partnercare.trends import Trends

# -- the journal -------------------------------------------------------------------------


def entry(item: Entry) -> dict[str, Any]:
    """A journal entry, as `journal list/show/add --json` and the JSON export show it."""
    return {
        "id": item.id,
        "uuid": item.uuid,
        "kind": item.kind,
        "date": item.day.isoformat(),
        "created_at": item.created_at,
        "updated_at": item.updated_at,
        "text": item.text,
        "tags": list(item.tags),
        "starred": item.starred,
        "data": item.data,
    }


def search_hit(item: Entry, snippet: str) -> dict[str, Any]:
    """A search result: the entry and its matching passage (without match marks)."""
    return {**entry(item), "snippet": snippet}


# -- tips --------------------------------------------------------------------------------


def tip(item: Tip, read: Mapping[int, str], disclaimer: str) -> dict[str, object]:
    """A tip in full, with whether (and when first) it was read."""
    return {
        "number": item.number,
        "slug": item.slug,
        "title": item.title,
        "summary": item.summary,
        "text": "\n\n".join(item.paragraphs),
        "try_today": item.try_today,
        "read": item.number in read,
        "first_read_at": read.get(item.number),
        "disclaimer": disclaimer,
    }


def tip_match(match: Match, read: Mapping[int, str], disclaimer: str) -> dict[str, object]:
    """A tip found by `tips --search`: the tip, how well it matched, and the passage."""
    return {**tip(match.tip, read, disclaimer), "score": match.score, "passage": match.passage}


def tip_brief(item: Tip) -> dict[str, object]:
    """A tip by name only, as today's screen points to it."""
    return {
        "number": item.number,
        "slug": item.slug,
        "title": item.title,
        "summary": item.summary,
    }


# -- the check-in and today ----------------------------------------------------------------


def nudge(item: Nudge) -> dict[str, object]:
    """A pointer to a tip, with the command that opens it."""
    return {
        "rule": item.rule,
        "text": item.text,
        "tip": item.tip,
        "command": f"partnercare tips {item.tip}",
    }


def today(day: date, status: TodayStatus, tip_of_the_day: Tip) -> dict[str, object]:
    """Bare `partnercare --json`: today's check-in status, streak, tip and nudge."""
    return {
        "date": day.isoformat(),
        "checkin_done": status.done,
        "safety_concern": status.worried,
        "streak": status.streak,
        "tip_of_the_day": tip_brief(tip_of_the_day),
        "nudge": None if status.nudge is None else nudge(status.nudge),
        "next_appointment": None
        if status.next_appointment is None
        else appointment(status.next_appointment, day),
    }


def saved_checkin(saved: Saved) -> dict[str, Any]:
    """`checkin --json`: the saved entry and what was said about it."""
    score = saved.checkin.who5_score
    return {
        "entry": entry(saved.entry),
        "replaced": saved.replaced,
        "safety_concern": saved.checkin.worried_about_safety,
        "summary": list(saved.summary),
        "who5": None if score is None else {"score": score, "description": saved.who5_text},
        "nudges": [nudge(n) for n in saved.nudges],
    }


# -- appointments ------------------------------------------------------------------------


def appointment(item: Appointment, today: date) -> dict[str, Any]:
    """An appointment, as every appointments command's --json shows it."""
    from partnercare.appointments import starts, status

    return {
        "id": item.id,
        "uuid": item.uuid,
        "kind": item.kind,
        "starts": starts(item),
        "all_day": item.at is None,
        "title": item.title,
        "where": item.where,
        "note": item.note,
        "going": item.going,
        "driver": item.driver,
        "status": status(item, today),
        "series": None
        if item.series is None
        else {"index": item.series[0], "count": item.series[1]},
    }


def appointment_record(item: Appointment) -> dict[str, Any]:
    """An appointment in the lossless journal export: everything needed to bring it
    back as it was (what it is now, as `appointment` shows it, is worked out)."""
    return {
        "uuid": item.uuid,
        "kind": item.kind,
        "date": item.day.isoformat(),
        "time": None if item.at is None else f"{item.at:%H:%M}",
        "title": item.title,
        "where": item.where,
        "note": item.note,
        "going": item.going,
        "driver": item.driver,
        "state": item.state,
        "series": None
        if item.series is None
        else {"uuid": item.series_uuid, "index": item.series[0], "count": item.series[1]},
        "ical_uid": item.ical_uid,
        "source_version": item.source_version,
        "sequence": item.sequence,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
    }


# -- help-now ----------------------------------------------------------------------------


def resources(found: Resources) -> dict[str, object]:
    """A country's crisis lines (or none) and the international directory."""
    country = found.country
    return {
        "country": None if country is None else country.code,
        "country_name": None if country is None else country.name,
        "emergency": None if country is None else country.emergency,
        "lines": [] if country is None else [asdict(line) for line in country.lines],
        "international": asdict(found.international),
        "note": found.note,
    }


def guidance(item: Guidance) -> dict[str, object]:
    """What to do if you are worried about suicide: headed sections of points."""
    return {
        "title": item.title,
        "intro": item.intro,
        "sections": [{"heading": h, "points": list(p)} for h, p in item.sections],
    }


def crisis_screen(
    found: Resources,
    *,
    contacts: Sequence[Contact],
    plan: SafetyPlan | None,
    problems: Sequence[str],
    worried: Guidance | None,
) -> dict[str, object]:
    """`help-now --json`: the lines, the user's own contacts and plan, and what went wrong."""
    return {
        **resources(found),
        "contacts": [c._asdict() for c in contacts],
        "safety_plan": None if plan is None else plan._asdict(),
        "problems": list(problems),
        "worried": None if worried is None else guidance(worried),
    }


# -- trends --------------------------------------------------------------------------------


def trends(found: Trends) -> dict[str, Any]:
    """`partnercare trends --json`: the period's numbers, for scripts and the report.
    A day without a number (no check-in, "couldn't tell") is null, never 0."""
    return {
        "since": found.since.isoformat(),
        "until": found.until.isoformat(),
        "days_in_period": found.logging.days_in_period,
        "days_logged": found.logging.days_logged,
        "run": {"current": found.logging.current_run, "longest": found.logging.longest_run},
        "measures": {
            name: {
                "mean": item.mean,
                "n": item.n,
                "previous_mean": item.previous_mean,
                "series": list(item.series),
            }
            for name, item in found.measures.items()
        },
        "routines": {
            key: {"days": days, "share": share} for key, (days, share) in found.routines.items()
        },
        "self_care": {
            key: {"days": days, "share": share} for key, (days, share) in found.self_care.items()
        },
        "who5": [{"date": item.day.isoformat(), "score": item.score} for item in found.who5],
        "treatments": [
            {
                "date": item.day.isoformat(),
                "kind": item.kind,
                "accompanied": item.accompanied,
                "series": None
                if item.series is None
                else {"index": item.series[0], "count": item.series[1]},
            }
            for item in found.treatments
        ],
        "insights": [
            {
                "factor": item.factor,
                "measure": item.measure,
                "with_mean": item.with_mean,
                "without_mean": item.without_mean,
                "with_days": item.with_days,
                "without_days": item.without_days,
                "p_value": item.p_value,
                "text": item.text,
            }
            for item in found.insights
        ],
        "checked": found.checked,
    }


# -- the report ------------------------------------------------------------------------------


def report(found: Report) -> dict[str, Any]:
    """`partnercare report --format json`: the report's model itself, for scripts. The
    numbers are trends' own (`trends` below); `notes` is null when they were left out."""
    from partnercare import report as words

    return {
        "since": found.since.isoformat(),
        "until": found.until.isoformat(),
        "prepared": found.prepared.isoformat(),
        "header": words.header_lines(found),
        "summary": words.summary_lines(found),
        "couldnt_tell": found.couldnt_tell,
        "attendance": [
            {
                "kind": item.kind,
                "total": item.total,
                "attended": item.attended,
                "accompanied": item.accompanied,
            }
            for item in found.attendance
        ],
        "worried": [day.isoformat() for day in found.trends.worried],
        "weekly": {
            name: [{"week_of": monday.isoformat(), "mean": mean} for monday, mean in weeks]
            for name, weeks in found.weekly.items()
        },
        "who5": [
            {
                "date": item.day.isoformat(),
                "score": item.score,
                "band": item.band,
                "change": item.change,
                "since": None if item.since is None else item.since.isoformat(),
            }
            for item in found.trends.who5
        ],
        "trends": trends(found.trends),
        "questions": [_written(item) for item in found.questions],
        "notes": None if found.notes is None else [_written(item) for item in found.notes],
        "method": list(words.METHOD),
        "crisis": {
            "country": found.crisis.country,
            "emergency": found.crisis.emergency,
            "name": found.crisis.name,
            "contact": found.crisis.contact,
        },
    }


def _written(item: Any) -> dict[str, Any]:
    return {"date": item.day.isoformat(), "kind": item.kind, "text": item.text}
