"""Markdown: the journal for reading, and the report for a therapist.

Streams like every export: entries are taken one at a time and text is yielded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING

from partnercare.dates import describe, describe_long
from partnercare.models import Entry
from partnercare.text import neutralise

if TYPE_CHECKING:
    from partnercare.report import Report, Written


def journal(entries: Iterable[Entry]) -> Iterator[str]:
    """Readable: one `##` heading per day, one `###` per entry, the text as written."""
    yield "# partnercare journal\n"
    day: date | None = None
    for entry in entries:
        if entry.day != day:
            day = entry.day
            yield f"\n## {describe_long(day)}\n"
        heading = "Check-in" if entry.kind == "checkin" else "Note"
        time = _time_of(entry.created_at)
        if time:
            heading += f" · {time}"
        if entry.starred:
            heading += " · ★"
        if entry.tags:
            heading += " · " + " ".join(f"#{tag}" for tag in entry.tags)
        yield f"\n### {heading}\n\n"
        if entry.kind == "checkin":
            from partnercare.checkin.summary import summary_line

            yield f"*{summary_line(entry.data or {})}*\n\n"
        yield entry.text + "\n"


def _time_of(stamp: str) -> str:
    try:
        return datetime.fromisoformat(stamp).strftime("%H:%M")
    except ValueError:
        return ""


# -- the report ------------------------------------------------------------------------------

# Characters with a meaning anywhere in Markdown (emphasis, code, links, images, HTML,
# tables, entities), and those with one at the start of a line (headings, lists, quotes).
_INLINE = re.compile(r"([\\`*_{}\[\]<>#|~&])")
# What GitHub-flavoured Markdown turns into a link by itself: a scheme's "://" or
# "mailto:", "www.", and the "@" of an address; the last character is escaped.
_AUTOLINK = re.compile(r"://|\b(?:mailto|tel|xmpp):|\bwww\.|@", re.IGNORECASE)
_LINE_START = re.compile(r"^(\s*\d*)([-+=>.)])")


def escape(text: str) -> str:
    """User text as Markdown that shows exactly that text: `# x` is no heading,
    `[a](javascript:...)` no link, `<script>` no HTML, `https://...`, `www.` and
    `a@b.c` no automatic link (GitHub's Markdown makes them links); indentation is
    dropped (four spaces would make a code block, showing every backslash); Windows
    line ends are plain ones; controls made visible."""
    lines = []
    plain = text.replace("\r\n", "\n").replace("\r", "\n")
    for line in neutralise(plain).split("\n"):
        line = _INLINE.sub(r"\\\1", line.strip())
        line = _AUTOLINK.sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], line)
        lines.append(_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line))
    return "\n".join(lines)


def report(found: Report) -> str:
    """The report in Markdown: the sections in the order of issue 13, every number from
    the model, user text escaped."""
    from partnercare import report as words
    from partnercare.render import charts
    from partnercare.trends import TREATMENT_ORDER, days_words, treatment_marks

    trends = found.trends
    out = [f"# partnercare report: {describe(found.since)} to {describe(found.until)}", ""]
    out += [line for text in words.header_lines(found) for line in (text, "")]
    out += ["## Summary", ""]
    out += [f"- {line}" for line in words.summary_lines(found)]
    out += ["", "## What you observed in your partner", ""]
    cols = charts.columns(trends.days, 60, daily_up_to=60)
    treated = treatment_marks(trends.treatments)
    for name, label, scale in (
        ("partner_mood", "Partner mood", "1 very low to 5 very good"),
        ("communication", "Communication", "1 very hard to 5 very good"),
    ):
        item = trends.measures[name]
        values = dict(zip(trends.days, item.series, strict=True))
        out += [
            f"### {label} ({scale})",
            "",
            "```text",
            charts.axis(cols, 60),
            charts.strip(cols, values),
            charts.marks(cols, treated, TREATMENT_ORDER),
            "```",
            "",
        ]
    out += [
        f"{_capital(charts.unit_words(cols.unit, cols.span))}; bars 1 {charts.LEVELS} 5; "
        f"{charts.GAP} no answer; under them, treatment days (I infusion, T therapy, "
        "C couples therapy).",
        "",
        *_course(found),
        "Weekly averages:",
        "",
        "| Week of | Partner mood | Communication |",
        "|---|---|---|",
    ]
    for (monday, mood), (_, talk) in zip(
        found.weekly["partner_mood"], found.weekly["communication"], strict=True
    ):
        out.append(f"| {describe(monday)} | {_number(mood)} | {_number(talk)} |")
    out += ["", "## Your own wellbeing", ""]
    from partnercare.trends import change_words

    for name, label in (("mood", "Your mood"), ("stress", "Stress"), ("sleep", "Sleep")):
        item = trends.measures[name]
        said = (
            "no day with an answer"
            if item.mean is None
            else f"{item.mean:.1f} over {days_words(item.n)}; {change_words(item)}"
        )
        out.append(f"- {label}: {said}.")
    out += ["", f"{_WHO5_ABOUT}:", ""]
    if trends.who5:
        out += [
            f"- {describe(item.day)}: {item.score}, {words.who5_words(item)}"
            for item in trends.who5
        ]
    else:
        out.append("- None in this period.")
    out += [
        "",
        "## Routines and self-care",
        "",
        "| Done | Days | Share of logged days |",
        "|---|---|---|",
    ]
    out += _shares(found)
    out += ["", *[line for text in words.insights_words(found) for line in (text, "")]]
    out += ["## Questions for the clinician", ""]
    if found.questions:
        out += [_written(item) for item in found.questions]
    else:
        out.append("None: no entry in this period is tagged 'question'.")
    out += ["", "## Notes", ""]
    if found.notes is None:
        out.append(words.NOTES_LEFT_OUT)
    elif found.notes:
        out += [_written(item) for item in found.notes]
    else:
        out.append("No notes in this period.")
    out += ["", "## Method and limits", ""]
    out += [line for text in words.METHOD for line in (text, "")]
    out += ["---", ""]
    out += [line for text in words.footer_lines(found) for line in (text, "")]
    return "\n".join(out).rstrip("\n") + "\n"


_WHO5_ABOUT = (
    "WHO-5 (0 to 100; a change of 10 points or more against a score at least 14 days "
    "earlier is noted)"
)


def _course(found: Report) -> list[str]:
    from partnercare import report as words

    rows = words.course_rows(found)
    if not rows:
        return []
    lines = [
        "Treatment course (partner mood that day, the next day, the day after):",
        "",
        "| Day | Treatment | You | Partner mood |",
        "|---|---|---|---|",
    ]
    lines += [f"| {day} | {what} | {went} | {moods} |" for day, what, went, moods in rows]
    return [*lines, ""]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _shares(found: Report) -> list[str]:
    from partnercare import report as words

    done, never = words.shares(found)
    rows = [f"| {label} | {days} | {share} |" for label, days, share in done]
    if not done:
        rows = ["| (none logged) | 0 | - |"]
    return rows + (["", words.never_words(never)] if never else [])


def _written(item: Written) -> str:
    """One question or note: its day, then the text, escaped, indented under the item."""
    kind = "check-in note" if item.kind == "checkin" else "note"
    first, *rest = escape(item.text.strip()).split("\n")
    lines = [f"- **{describe(item.day)}** ({kind}): {first}"]
    lines += [f"  {line}" if line.strip() else "" for line in rest]
    return "\n".join(lines)
