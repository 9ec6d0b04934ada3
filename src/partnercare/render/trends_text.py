"""The `partnercare trends` screen, laid out without rich: strips, grids and a few lines
of words, from a finished `trends.Trends`.

Why without rich: the command must stay within twice Typer's own start-up
(bench/trends.py), and importing and laying out rich's console cost about 70 ms,
as much as all of trends' own work. Nothing here needs what rich is for: the
screen holds no text the user typed (labels come from content/checkin.toml,
everything else is numbers and dates), columns are fixed, and paragraphs wrap
between words (`textwrap`), with `partnercare ...` commands kept whole.

Laid out for the width it is printed at: labels on the left, one character a column
on a shared time axis (`render.charts`); under 50 columns each label goes on a
line of its own above its row. Everything reads without colour: bars have
heights, marks are letters, and the legend says so. Styles (SGR codes) only
when `styled`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING

from partnercare.dates import describe
from partnercare.render import charts
from partnercare.trends import TREATMENT_ORDER, days_words, treatment_marks

if TYPE_CHECKING:
    from partnercare.trends import Treatment, Trends, Who5

LABEL = 14
#: Under this width, labels go above their rows instead of beside them.
STACK_BELOW = 50
#: Room kept at the right of a grid row for the share (" 100%").
SHARE = 5

MEASURE_LABELS = {
    "partner_mood": "Partner mood",
    "communication": "Communication",
    "mood": "Your mood",
    "stress": "Stress",
    "sleep": "Sleep",
}
# SGR parameters: partner measures in cyan, the user's own in magenta.
_BOLD, _DIM, _CYAN, _MAGENTA, _GREEN = "1", "2", "36", "35", "32"
MEASURE_STYLES = {
    "partner_mood": _CYAN,
    "communication": _CYAN,
    "mood": _MAGENTA,
    "stress": _MAGENTA,
    "sleep": _MAGENTA,
}

Run = tuple[str, str]  # (text, SGR parameters)
Line = list[Run]

_COMMAND = re.compile(r"partnercare(?: (?:--?[a-z][\w-]*|[a-z][\w-]*))+")


#: For an output that cannot take the chart characters (PYTHONIOENCODING=ascii, a
#: Latin-1 terminal): the answer as its digit, "." for a gap, "#" for ticked.
_ASCII = str.maketrans({**{bar: str(n) for n, bar in enumerate(charts.LEVELS, 1)},
                        charts.GAP: ".", charts.TICKED: "#"})  # fmt: skip


def _trimmed(line: Line) -> Line:
    """The line without trailing spaces, whatever run they are in."""
    runs = list(line)
    while runs and not runs[-1][0].rstrip():
        runs.pop()
    if runs:
        runs[-1] = (runs[-1][0].rstrip(), runs[-1][1])
    return runs


def trends_text(
    found: Trends, *, today: date, width: int, styled: bool, ascii_only: bool = False
) -> str:
    """The whole screen at `width` columns, with styles or without; `ascii_only`: in
    ASCII (bars as digits)."""
    lines = list(_screen(found, width, today, ascii_only=ascii_only))
    out = []
    for line in lines:
        line = _trimmed(line)  # no trailing spaces, styled or not
        if styled:
            out.append(
                "".join(f"\x1b[{code}m{text}\x1b[0m" if code else text for text, code in line)
            )
        else:
            out.append("".join(text for text, _ in line).rstrip())
    text = "\n".join(out) + "\n"
    if not ascii_only:
        return text
    return text.translate(_ASCII)  # one character for one: every line keeps its width


def _screen(found: Trends, width: int, today: date, *, ascii_only: bool = False) -> Iterator[Line]:
    from partnercare.trends import DAILY_UP_TO

    stacked = width < STACK_BELOW
    room = max(10, width - SHARE - (0 if stacked else LABEL + 1))
    cols = charts.columns(found.days, room, daily_up_to=DAILY_UP_TO)
    log = found.logging
    yield from _heading(found, width, today)
    if not (log.days_logged or found.treatments or found.who5):
        return  # nothing to draw: the heading says how to begin
    yield []
    yield from _charts(found, cols, stacked=stacked, width=width, ascii_only=ascii_only)
    if log.days_logged:
        yield []
        yield from _averages(found, width)
        yield []
        yield from _grid(found, cols, stacked=stacked, width=width, ascii_only=ascii_only)
    yield []
    yield from _who5(found.who5, width)
    if found.treatments:
        yield []
        yield from _course(found.treatments, width)
    if log.days_logged:
        yield []
        yield from _insights(found, width)


# -- words ---------------------------------------------------------------------------------


def _wrap(text: str, width: int, code: str = "", *, indent: int = 0) -> list[Line]:
    """A paragraph wrapped between words; a `partnercare ...` command is never split
    (one longer than the line gets a line of its own)."""
    import textwrap

    protected = _COMMAND.sub(lambda m: m.group().replace(" ", "\0"), text)
    lines = textwrap.wrap(
        protected,
        max(1, width - indent),
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [[(" " * indent + line.replace("\0", " "), code)] for line in lines or [""]]


def _heading(found: Trends, width: int, today: date) -> Iterator[Line]:
    from partnercare.trends import FEW_DAYS

    log = found.logging
    ongoing = found.until >= today  # a period that ends today can still fill up
    title = f"{describe(found.since)} to {describe(found.until)} ({days_words(log.days_in_period)})"
    if log.days_in_period == 1:
        title = f"{describe(found.since)} (1 day)"
    first, *rest = _wrap(f"Trends {title}", width)
    yield [("Trends", _BOLD), (first[0][0][len("Trends") :], "")]
    yield from rest
    unread = ""
    if found.unreadable:
        count = found.unreadable
        unread = (
            f" {count} {'check-in' if count == 1 else 'check-ins'} in this period could not "
            f"be read and {'is' if count == 1 else 'are'} left out."
        )
    if log.days_logged == 0:
        if not ongoing:
            yield from _wrap("No check-ins in this period." + unread, width)
            return
        yield from _wrap(
            "No check-ins in this period yet." + unread + " Trends need about a week of them "
            "to show anything; one takes under a minute: partnercare checkin",
            width,
        )
        return
    if log.days_in_period == 1:
        logged = "You checked in that day."
    elif log.days_logged == log.days_in_period:
        logged = f"You checked in on every one of these {days_words(log.days_in_period)}."
    else:
        logged = f"You checked in on {log.days_logged:,} of these {days_words(log.days_in_period)}."
    # The run going on (over the whole journal), when it says more than the count.
    if log.current_run > 1 and (
        log.days_logged < log.days_in_period or log.current_run > log.days_in_period
    ):
        logged += f" Current run: {log.current_run:,} days in a row."
    yield from _wrap(logged + unread, width)
    if found.few and log.days_in_period >= FEW_DAYS:
        so_far = " so far" if ongoing else ""
        yield from _wrap(
            f"Trends need about a week of check-ins to show much; this period has "
            f"{days_words(log.days_logged)}{so_far}. Here is what there is.",
            width,
        )


# -- charts --------------------------------------------------------------------------------


def _row(label: str, body: Line, *, stacked: bool) -> Iterator[Line]:
    if stacked:
        yield [(label, _BOLD)]
        yield body
        return
    yield [(label, _BOLD), (" " * (LABEL + 1 - len(label)), ""), *body]


def _bars(strip: str, code: str) -> Line:
    """A strip in its colour, gaps dimmed; one run for each stretch of either."""
    line: Line = []
    for char in strip:
        style = _DIM if char == charts.GAP else code
        if line and line[-1][1] == style:
            line[-1] = (line[-1][0] + char, style)
        else:
            line.append((char, style))
    return line


def _charts(
    found: Trends, cols: charts.Columns, *, stacked: bool, width: int, ascii_only: bool
) -> Iterator[Line]:
    indent = "" if stacked else " " * (LABEL + 1)
    yield [(indent + charts.axis(cols, width - len(indent)), _DIM)]
    for name, label in MEASURE_LABELS.items():
        values = dict(zip(found.days, found.measures[name].series, strict=True))
        yield from _row(
            label, _bars(charts.strip(cols, values), MEASURE_STYLES[name]), stacked=stacked
        )
    row = charts.marks(cols, treatment_marks(found.treatments), TREATMENT_ORDER)
    yield from _row("Treatment", [(row, "")], stacked=stacked)
    who5 = {item.day: {"W"} for item in found.who5}
    yield from _row("WHO-5", [(charts.marks(cols, who5, "W"), "")], stacked=stacked)
    yield []
    unit = charts.unit_words(cols.unit, cols.span)
    scale = "Digits: the answers, 1 to 5" if ascii_only else f"Bars: 1 {charts.LEVELS} 5"
    yield from _wrap(
        f"{unit[:1].upper()}{unit[1:]}. {scale}, higher is better (for stress, 5 is very "
        "stressed).",
        width,
        _DIM,
    )
    yield from _wrap(
        f"{charts.GAP} no answer (no check-in, or couldn't tell): a gap, not a zero. "
        "I infusion, T therapy, C couples therapy, W a WHO-5 answered.",
        width,
        _DIM,
    )


def _two_columns(rows: Sequence[tuple[str, str]], width: int) -> Iterator[Line]:
    """Rows of a short first column and words wrapped beside it (under it, when the
    line is too narrow for both)."""
    first = max(len(a) for a, _ in rows) + 2
    for left, right in rows:
        if width < STACK_BELOW or width - first < 20:
            yield [(left, "")]
            yield from _wrap(right, width, indent=2)
            continue
        wrapped = _wrap(right, width - first)
        yield [(left.ljust(first), ""), *wrapped[0]]
        for line in wrapped[1:]:
            yield [(" " * first, ""), *line]


def _averages(found: Trends, width: int) -> Iterator[Line]:
    from partnercare.trends import change_words

    yield from _wrap(
        f"Averages, 1 to 5, against the {days_words(found.logging.days_in_period)} before:",
        width,
        _BOLD,
    )
    rows = []
    for name, label in MEASURE_LABELS.items():
        item = found.measures[name]
        if item.mean is None:
            rows.append((label, "no days with an answer"))
        else:
            rows.append((label, f"{item.mean:.1f} on {days_words(item.n)}; {change_words(item)}"))
    yield from _two_columns(rows, width)


def _grid(
    found: Trends, cols: charts.Columns, *, stacked: bool, width: int, ascii_only: bool
) -> Iterator[Line]:
    from partnercare import checkin

    logged = set(found.ticks)
    indent = "" if stacked else " " * (LABEL + 1)
    if cols.unit == "day":
        key = f"{charts.TICKED} yes, {charts.NOT_TICKED} not that day, blank: no check-in"
    else:
        shown_as = "1-4: quarters" if ascii_only else "bars"
        key = (
            f"{shown_as}: the share of its logged days ({charts.NONE_TICKED} none, "
            f"{charts.GAP} no check-in)"
        )
    yield from _wrap(
        f"Together, and for yourself: the share of the {days_words(found.logging.days_logged)} "
        f"logged at the right; {key}.",
        width,
        _BOLD,
    )
    yield [(indent + charts.axis(cols, width - len(indent) - SHARE), _DIM)]
    for source, items in (("together", found.routines), ("self_care", found.self_care)):
        question = checkin.question(source)
        for key_, (_, share) in items.items():
            ticked = {day for day, ticks in found.ticks.items() if (source, key_) in ticks}
            shown = "   -" if share is None else f"{share:>4.0%}"
            row = charts.grid_row(cols, ticked, logged, quarters="1234" if ascii_only else "")
            body = [(row, _GREEN), (f" {shown}", "")]
            label = question.short(key_) or key_
            yield from _row(label[:LABEL], body, stacked=stacked)


# -- the WHO-5, the treatment course, insights ------------------------------------------------


def _who5(items: Sequence[Who5], width: int) -> Iterator[Line]:
    yield from _wrap("Your own wellbeing (WHO-5, 0 to 100):", width, _BOLD)
    if not items:
        yield from _wrap(
            "No WHO-5 in this period. The check-in offers it every 14 days, or answer it "
            "now: partnercare checkin --weekly",
            width,
        )
        return
    rows = []
    for item in items:
        words = item.band
        if item.change is not None and item.since is not None:
            direction = "up" if item.change > 0 else "down"
            words += (
                f"; {direction} {abs(item.change)} points since {describe(item.since)}"
                f" (from {item.score - item.change})"
            )
        rows.append((describe(item.day), str(item.score), words))
    day_width = max(len(day) for day, _, _ in rows)
    score_width = max(len(score) for _, score, _ in rows)
    lefts = [(f"{day:<{day_width}}  {score:>{score_width}}", words) for day, score, words in rows]
    yield from _two_columns(lefts, width)
    yield from _wrap(
        "A change of 10 points or more, against a score at least 14 days earlier, is shown.",
        width,
        _DIM,
    )


def _course(items: Sequence[Treatment], width: int) -> Iterator[Line]:
    from partnercare.appointments import KIND_WORDS  # only with a course to show

    yield from _wrap("The treatment course, and how your partner seemed:", width, _BOLD)
    rows = []
    for item in items:
        what = KIND_WORDS[item.kind]
        if item.series is not None:
            what += f" {item.series[0]} of {item.series[1]}"
        went = {True: "you went along", False: "you did not go", None: "not recorded"}[
            item.accompanied
        ]
        moods = " ".join(charts.GAP if m is None else str(m) for m in item.partner_mood)
        rows.append((describe(item.day), what, went, moods))
    widths = [max(len(row[n]) for row in rows) for n in range(4)]
    for row in rows:
        cells = [cell.ljust(size) for cell, size in zip(row, widths, strict=True)]
        if sum(widths) + 6 <= width:
            yield [("  ".join(cells), "")]
        else:  # too narrow for one line: the rest in words under the date
            yield [(row[0], "")]
            yield from _wrap(f"{row[1]}, {row[2]}; partner mood {row[3]}", width, indent=2)
    yield from _wrap(
        "The numbers: partner mood that day and on the next two (1 to 5, "
        f"{charts.GAP} no answer). They describe; they do not show what the treatment did.",
        width,
        _DIM,
    )


def _insights(found: Trends, width: int) -> Iterator[Line]:
    from partnercare.trends import insight_lines

    yield from _wrap("What went together:", width, _BOLD)
    for line in insight_lines(found):
        yield from _wrap(line, width)
