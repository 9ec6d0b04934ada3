"""The report: one page for a therapist or the treatment team, as one `Report`.

Built once from the journal, the appointments and the trends computation
(`trends.Trends`: every average, share, WHO-5 change and insight comes from there,
never computed a second time), then drawn by `render.markdown.report`,
`render.html.report` and `render.json.report`. Pure except `load`, which reads.

What it holds, and what it never holds: the text the user wrote appears only as
the entries they tagged `question` (meant to be shared) and, with
`include_notes`, their notes and check-in notes. Never the help-now contacts,
the settings file, the passphrase state or a file path.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from partnercare.models import Entry
    from partnercare.store import Store
    from partnercare.trends import Trends

#: The tag that marks an entry as a question to bring to the clinician.
QUESTION_TAG = "question"
#: The treatments the report counts, in the order it names them.
KINDS = ("infusion", "therapy", "couples_therapy")
KIND_WORDS = {
    "infusion": ("infusion", "infusions"),
    "therapy": ("therapy session", "therapy sessions"),
    "couples_therapy": ("couples therapy session", "couples therapy sessions"),
}


class Attendance(NamedTuple):
    """One kind of treatment in the period: how many were planned or recorded,
    how many are recorded as attended, and how many the user went along to."""

    kind: str
    total: int
    attended: int
    accompanied: int


class Written(NamedTuple):
    """Text the user wrote, with its day: a question, a note, or a check-in's note."""

    day: date
    kind: str  # "note" or "checkin"
    text: str


class Crisis(NamedTuple):
    """The footer's crisis line: the saved country's, else the international directory."""

    country: str | None
    emergency: str | None
    name: str
    contact: str
    #: The international directory of crisis lines (a web address), always given too.
    directory_name: str = ""
    directory: str = ""


class Report(NamedTuple):
    since: date
    until: date
    #: The day it was made.
    prepared: date
    trends: Trends
    attendance: tuple[Attendance, ...]
    #: Weekly averages of partner mood and communication: (Monday, mean or None).
    weekly: dict[str, tuple[tuple[date, float | None], ...]]
    questions: tuple[Written, ...]
    #: None: notes were left out (the default); else every note and check-in note.
    notes: tuple[Written, ...] | None
    crisis: Crisis

    @property
    def couldnt_tell(self) -> dict[str, int]:
        """On how many logged days the user answered "couldn't tell" (a damaged answer is
        neither a number nor that)."""
        return dict(self.trends.couldnt_tell)


def attendance(found: Trends, prepared: date) -> tuple[Attendance, ...]:
    """Per kind, the treatment course as `trends` shows it: those recorded (a check-in
    logged it, or it was marked done) and those planned with nothing recorded, except
    on the day the report is made (later that day they may still happen); how many are
    recorded as attended; how many the user went along to."""
    out = []
    for kind in KINDS:
        course = [
            t for t in found.treatments if t.kind == kind and (t.recorded or t.day < prepared)
        ]
        if course:
            recorded = [t for t in course if t.recorded]
            went = sum(1 for t in recorded if t.accompanied)
            out.append(Attendance(kind, len(course), len(recorded), went))
    return tuple(out)


def attendance_words(item: Attendance) -> str:
    """ "Infusions: 5 of 6 recorded as attended; you went along to 4"."""
    one, many = KIND_WORDS[item.kind]
    label = (many if item.total != 1 else one).capitalize()
    return (
        f"{label}: {item.attended} of {item.total} recorded as attended; "
        f"you went along to {item.accompanied}"
    )


def build(
    found: Trends,
    written: Iterable[Entry],
    *,
    prepared: date,
    include_notes: bool,
    country: str | None,
) -> Report:
    """The report for the period of `found`. `written`: the period's entries with text
    (notes, check-ins, anything tagged `question`), oldest first. Pure."""
    from partnercare import trends as trend_math

    questions: list[Written] = []
    notes: list[Written] = []
    for entry in written:
        if not entry.text.strip():
            continue
        item = Written(entry.day, entry.kind, entry.text)
        if QUESTION_TAG in entry.tags:
            questions.append(item)
        elif include_notes:
            notes.append(item)
    weekly = {
        name: tuple(trend_math.weekly(found.measures[name].series, found.days))
        for name in ("partner_mood", "communication")
    }
    return Report(
        since=found.since,
        until=found.until,
        prepared=prepared,
        trends=found,
        attendance=attendance(found, prepared),
        weekly=weekly,
        questions=tuple(questions),
        notes=tuple(notes) if include_notes else None,
        crisis=crisis(country),
    )


def crisis(country: str | None) -> Crisis:
    """The crisis line the footer names: the saved country's first crisis line, else
    the international directory (with no country saved, partnercare does not guess
    one, and knows no emergency number)."""
    from partnercare import resources

    found = resources.for_country(country or resources.OTHER)
    directory = found.international
    if found.country is not None:
        line = next((x for x in found.country.lines if x.kind == "crisis"), None)
        if line is not None:
            return Crisis(
                found.country.name,
                found.country.emergency,
                line.name,
                line.contact,
                directory.name,
                directory.contact,
            )
    return Crisis(None, None, directory.name, directory.contact, directory.name, directory.contact)


def load(
    store: Store | None,
    since: date,
    until: date,
    *,
    prepared: date,
    include_notes: bool,
    country: str | None,
) -> Report:
    """The report for since..until, read from the journal (None: there is none yet)."""
    from partnercare import trends
    from partnercare.models import EntryFilter

    if store is None:
        return build(
            trends.build(since, until, {}, [], []),
            [],
            prepared=prepared,
            include_notes=include_notes,
            country=country,
        )
    from partnercare.store import entries

    found = trends.load(store, since, until)
    period = EntryFilter(since=since, until=until)
    if include_notes:
        written: list[Any] = list(entries.oldest_first(store, period))
    else:  # only what is meant to be shared is read at all
        written = list(entries.oldest_first(store, period._replace(tags=(QUESTION_TAG,))))
    return build(found, written, prepared=prepared, include_notes=include_notes, country=country)


# -- the words every format shares (no user text in any of them) -----------------------


def header_lines(report: Report) -> list[str]:
    from partnercare.dates import describe
    from partnercare.trends import days_words

    log = report.trends.logging
    tell = report.couldnt_tell
    return [
        f"Prepared on {describe(report.prepared)} by their partner, from a private daily "
        "journal, about what they observed; observations, not a diagnosis.",
        f'Days logged: {log.days_logged} of {log.days_in_period}. "Couldn\'t tell" how '
        f"their partner was: partner mood on {days_words(tell['partner_mood'])}, communication "
        f"on {days_words(tell['communication'])}."
        + (
            f" Check-ins that could not be read, left out: {report.trends.unreadable}."
            if report.trends.unreadable
            else ""
        ),
    ]


def summary_lines(report: Report) -> list[str]:
    """Three to five lines: how the partner seemed, treatment attendance, the days of
    a safety worry, the user's own WHO-5."""
    from partnercare.dates import describe
    from partnercare.trends import change_words, days_words

    found = report.trends
    lines = []
    for name, label in (("partner_mood", "Partner mood"), ("communication", "Communication")):
        item = found.measures[name]
        if item.mean is None:
            lines.append(f"{label}: no day with an answer in this period.")
        else:
            lines.append(
                f"{label}: {item.mean:.1f} on average (1 to 5) over {days_words(item.n)}; "
                f"{change_words(item)}."
            )
    if report.attendance:  # every kind in one line: the summary stays within five
        lines.append(". ".join(attendance_words(item) for item in report.attendance) + ".")
    if found.worried:
        days = ", ".join(describe(day) for day in found.worried)
        lines.append(
            f"You were worried, or not sure, about someone's safety on "
            f"{days_words(len(found.worried))}: {days}."
        )
    else:
        lines.append("No day in this period was logged with a worry about anyone's safety.")
    if found.who5:
        scores = ", ".join(f"{item.score} on {describe(item.day)}" for item in found.who5)
        lines.append(f"Your own wellbeing (WHO-5, 0 to 100): {scores}.")
    return lines


def shares(report: Report) -> tuple[list[tuple[str, int, str]], list[str]]:
    """Routines together and self-care: (label, days, share) for each done at least once,
    in the check-in's order; and the labels of those not done on any logged day."""
    from partnercare import checkin

    done: list[tuple[str, int, str]] = []
    never: list[str] = []
    found = report.trends
    for source, items in (("together", found.routines), ("self_care", found.self_care)):
        question = checkin.question(source)
        for key, (days, share) in items.items():
            label = (question.short(key) or key) + (" (together)" if source == "together" else "")
            if days:
                done.append((label, days, "-" if share is None else f"{share:.0%}"))
            else:
                never.append(label)
    return done, never


def never_words(never: Sequence[str]) -> str:
    return "Not on any logged day: " + ", ".join(never) + "." if never else ""


def course_rows(report: Report) -> list[tuple[str, str, str, str]]:
    """The treatment course, one row a treatment: the day, what (and its number in the
    series), whether the user went along, partner mood that day and the next two."""
    from partnercare.appointments import KIND_WORDS
    from partnercare.dates import describe

    rows = []
    for item in report.trends.treatments:
        what = KIND_WORDS[item.kind]
        if item.series is not None:
            what += f" {item.series[0]} of {item.series[1]}"
        went = {True: "went along", False: "did not go along", None: "not recorded"}[
            item.accompanied
        ]
        moods = ", ".join("-" if m is None else str(m) for m in item.partner_mood)
        rows.append((describe(item.day), what, went, moods))
    return rows


def who5_words(item: Any) -> str:
    """A WHO-5 score's band, and its change of 10 points or more, in words."""
    from partnercare.dates import describe

    words = str(item.band)
    if item.change is not None and item.since is not None:
        direction = "up" if item.change > 0 else "down"
        words += (
            f"; {direction} {abs(item.change)} points since {describe(item.since)} "
            f"(from {item.score - item.change})"
        )
    return words


def insights_words(report: Report) -> list[str]:
    """The insights exactly as `partnercare trends` words them, and the line after."""
    from partnercare.trends import insight_lines

    return insight_lines(report.trends)


NOTES_LEFT_OUT = (
    "Notes were left out: nothing written in the journal appears in this report except "
    "the entries tagged 'question'. (partnercare report --include-notes adds them.)"
)
METHOD = (
    "Every number comes from a one-minute daily check-in kept by the partner: how the "
    "person they support seemed to them (1 very low to 5 very good), and their own "
    "mood, stress and sleep (1 to 5). Averages count only the days with an answer: a "
    'day without a check-in, or "couldn\'t tell", is left out, never counted as 0; '
    "each is compared with the period of the same length just before. The WHO-5 "
    "(World Health Organization, 1998) is the wellbeing of the person keeping the "
    "journal, not of the person in treatment, offered every 14 days. "
    "Treatments come from the check-ins and the appointments kept in the journal.",
    "Patterns are sought only among a fixed list of 17 comparisons, from at least 21 "
    "logged days, 7 days with and 7 without, a difference of at least 0.5, and a "
    "permutation test within each calendar week (p < 0.05); they show things that went "
    "together, never what caused what.",
)


def footer_lines(report: Report) -> list[str]:
    found = report.crisis
    emergency = "your local emergency number"
    if found.emergency:
        emergency = f"your local emergency number ({found.emergency} in {found.country})"
    return [
        "partnercare is not monitored by anyone: nobody reads what is written in it.",
        f"In a crisis, call {emergency}, or {found.name}: {found.contact}.",
    ]
