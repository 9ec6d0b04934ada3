"""The `partnercare trends` screen: strips, grids and a few lines of words, from a
finished `trends.Trends`.

Laid out for the width it is printed at (80 columns and less): the labels on the
left, one character a column on a shared time axis (`render.charts`); under 50
columns each label goes on a line of its own above its row. Everything reads
without colour: bars have heights, marks are letters, and the legend says so.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.text import Text

from partnercare.dates import describe
from partnercare.render import charts

if TYPE_CHECKING:
    from partnercare.trends import Measure, Treatment, Trends, Who5

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
MEASURE_STYLES = {
    "partner_mood": "cyan",
    "communication": "cyan",
    "mood": "magenta",
    "stress": "magenta",
    "sleep": "magenta",
}
#: Treatment letters, the first one found showing when a column has several.
TREATMENT_LETTERS = {"infusion": "I", "couples_therapy": "C", "therapy": "T"}
TREATMENT_WORDS = {
    "infusion": "Infusion",
    "therapy": "Therapy",
    "couples_therapy": "Couples therapy",
}


class TrendsScreen:
    """The whole screen; rich asks it for lines at the width it prints at."""

    def __init__(self, found: Trends) -> None:
        self.found = found

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        stacked = width < STACK_BELOW
        room = max(10, width - SHARE - (0 if stacked else LABEL + 1))
        from partnercare.trends import DAILY_UP_TO

        cols = charts.columns(self.found.days, room, daily_up_to=DAILY_UP_TO)
        yield from _heading(self.found)
        if not (self.found.logging.days_logged or self.found.treatments or self.found.who5):
            return  # nothing to draw: the heading says how to begin
        yield Text("")
        yield from _charts(self.found, cols, stacked=stacked, width=width)
        if self.found.logging.days_logged:
            yield Text("")
            yield from _averages(self.found)
            yield Text("")
            yield from _grid(self.found, cols, stacked=stacked, width=width)
        yield Text("")
        yield from _who5(self.found.who5)
        if self.found.treatments:
            yield Text("")
            yield from _course(self.found.treatments)
        if self.found.logging.days_logged:
            yield Text("")
            yield from _insights(self.found)


def _days(count: int) -> str:
    return f"{count:,} day" + ("" if count == 1 else "s")


def _heading(found: Trends) -> Iterator[RenderableType]:
    from partnercare.render.screen import KeepCommands

    log = found.logging
    yield Text.assemble(
        ("Trends ", "bold"),
        f"{describe(found.since)} to {describe(found.until)} ({_days(log.days_in_period)})",
    )
    if log.days_logged == 0:
        yield KeepCommands(
            "No check-ins in this period yet. Trends need about a week of them to show "
            "anything; one takes under a minute: partnercare checkin"
        )
        return
    if log.days_logged == log.days_in_period:
        logged = f"You checked in on every one of these {_days(log.days_in_period)}"
    else:
        logged = f"You checked in on {log.days_logged:,} of these {_days(log.days_in_period)}"
    if log.current_run > 1:
        logged += f", the most recent {log.current_run} in a row"
    yield Text(logged + ".")
    if found.few:
        yield Text(
            f"Trends need about a week of check-ins to show much; this period has "
            f"{_days(log.days_logged)} so far. Here is what there is."
        )


def _row(label: str, body: Text, *, stacked: bool) -> Iterator[Text]:
    if stacked:
        yield Text(label, style="bold")
        yield body
        return
    line = Text(f"{label:<{LABEL}} ", style="bold")
    line.append_text(body)
    yield line


def _charts(found: Trends, cols: charts.Columns, *, stacked: bool, width: int) -> Iterator[Text]:
    indent = "" if stacked else " " * (LABEL + 1)
    yield Text(indent + charts.axis(cols, width - len(indent)), style="dim")
    for name, label in MEASURE_LABELS.items():
        item = found.measures[name]
        values = dict(zip(found.days, item.series, strict=True))
        body = _styled_strip(charts.strip(cols, values), MEASURE_STYLES[name])
        yield from _row(label, body, stacked=stacked)
    # Several treatments in one column: the first in ICT order shows.
    treated: dict[date, set[str]] = {}
    for treatment in found.treatments:
        treated.setdefault(treatment.day, set()).add(TREATMENT_LETTERS[treatment.kind])
    row = charts.marks(cols, treated, "ICT")
    yield from _row("Treatment", Text(row), stacked=stacked)
    who5 = {item.day: {"W"} for item in found.who5}
    yield from _row("WHO-5", Text(charts.marks(cols, who5, "W")), stacked=stacked)
    yield Text("")
    for line in (
        f"{_capital(charts.unit_words(cols.unit))}. Bars: 1 {charts.LEVELS} 5, higher "
        "is better (for stress, 5 is very stressed).",
        f"{charts.GAP} no answer (no check-in, or couldn't tell): a gap, not a zero. "
        "I infusion, T therapy, C couples therapy, W a WHO-5 answered.",
    ):
        yield Text(line, style="dim")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _styled_strip(strip: str, style: str) -> Text:
    body = Text()
    for char in strip:
        body.append(char, style="dim" if char == charts.GAP else style)
    return body


def _averages(found: Trends) -> Iterator[RenderableType]:
    from partnercare.render.screen import _table
    from partnercare.trends import change_words

    yield Text(
        f"Averages, 1 to 5, against the {_days(found.logging.days_in_period)} before:",
        style="bold",
    )
    table = _table()
    table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    for name, label in MEASURE_LABELS.items():
        item: Measure = found.measures[name]
        if item.mean is None:
            table.add_row(label, "no days with an answer")
            continue
        table.add_row(label, f"{item.mean:.1f} on {_days(item.n)}; {change_words(item)}")
    yield table


def _grid(found: Trends, cols: charts.Columns, *, stacked: bool, width: int) -> Iterator[Text]:
    from partnercare import checkin

    logged = set(found.ticks)
    indent = "" if stacked else " " * (LABEL + 1)
    if cols.unit == "day":
        key = f"{charts.TICKED} yes, {charts.NOT_TICKED} not that day, blank: no check-in"
    else:
        key = (
            f"bars: the share of its logged days ({charts.NONE_TICKED} none, "
            f"{charts.GAP} no check-in)"
        )
    yield Text(
        f"Together, and for yourself: the share of the {_days(found.logging.days_logged)} "
        f"logged at the right; {key}.",
        style="bold",
    )
    yield Text(indent + charts.axis(cols, width - len(indent) - SHARE), style="dim")
    for source, items in (("together", found.routines), ("self_care", found.self_care)):
        question = checkin.question(source)
        for key_, (_, share) in items.items():
            ticked = {day for day, ticks in found.ticks.items() if (source, key_) in ticks}
            body = Text(charts.grid_row(cols, ticked, logged), style="green")
            body.append(f" {share:>4.0%}", style="")
            label = question.short(key_) or key_
            yield from _row(label[:LABEL], body, stacked=stacked)


def _who5(items: Sequence[Who5]) -> Iterator[RenderableType]:
    from partnercare.render.screen import KeepCommands, _table

    yield Text("Your own wellbeing (WHO-5, 0 to 100):", style="bold")
    if not items:
        yield KeepCommands(
            "No WHO-5 in this period. The check-in offers it every 14 days, or answer it "
            "now: partnercare checkin --weekly"
        )
        return
    table = _table()
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True, justify="right")
    table.add_column(ratio=1)
    for item in items:
        words = item.band
        if item.change is not None and item.since is not None:
            direction = "up" if item.change > 0 else "down"
            words += (
                f"; {direction} {abs(item.change)} points since {describe(item.since)}"
                f" ({item.score - item.change})"
            )
        table.add_row(describe(item.day), str(item.score), words)
    yield table
    yield Text(
        "A change of 10 points or more, against a score at least 14 days earlier, is shown.",
        style="dim",
    )


def _course(items: Sequence[Treatment]) -> Iterator[RenderableType]:
    from partnercare.render.screen import _table

    yield Text("The treatment course, and how your partner seemed:", style="bold")
    table = _table()
    table.add_column(no_wrap=True)
    table.add_column()
    table.add_column()
    table.add_column(no_wrap=True)
    for item in items:
        what = TREATMENT_WORDS[item.kind]
        if item.series is not None:
            what += f" {item.series[0]} of {item.series[1]}"
        went = {True: "you went along", False: "you did not go", None: "-"}[item.accompanied]
        moods = " ".join(charts.GAP if m is None else str(m) for m in item.partner_mood)
        table.add_row(describe(item.day), what, went, moods)
    yield table
    yield Text(
        "The numbers: partner mood that day and on the next two (1 to 5, "
        f"{charts.GAP} no answer). They describe; they do not show what the treatment did.",
        style="dim",
    )


def _insights(found: Trends) -> Iterator[RenderableType]:
    from partnercare.trends import MIN_LOGGED_DAYS

    yield Text("What went together:", style="bold")
    if found.checked == 0:
        yield Text(
            f"Patterns need at least {MIN_LOGGED_DAYS} logged days in a period; this one has "
            f"{found.logging.days_logged}. Until then, trends shows the numbers only."
        )
        return
    for item in found.insights:
        yield Text(item.text)
    others = "the others show no clear" if found.insights else "none shows a clear"
    yield Text(
        f"{found.checked} comparisons were checked (routines against how your partner "
        f"seemed, self-care against your mood and stress); {others} pattern yet. "
        "No clear pattern yet does not mean something doesn't help."
    )
