"""Rich renderables for every screen partnercare shows: the one module that builds rich objects.

Renderers return renderables; the CLI prints them. User text always goes in
through `Text` (never markup) after `neutralise`, so `[bold]` or an escape
sequence in an entry is shown exactly as typed.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.text import Text

from partnercare import terminal
from partnercare.dates import describe_long
from partnercare.text import neutralise

if TYPE_CHECKING:
    from rich.table import Table

    from partnercare.checkin import Nudge
    from partnercare.journal import Hit
    from partnercare.models import Appointment, Entry
    from partnercare.resources import Guidance, Resources
    from partnercare.settings import Contact, SafetyPlan
    from partnercare.tips import Match, Tip

T = TypeVar("T")

# rich.table and rich.rule are imported inside the renderers that use them:
# reading one tip is the hot path and needs neither.


def make_console(*, stderr: bool = False) -> Console:
    """A console that prints no escape codes to pipes, with NO_COLOR, or on TERM=dumb.

    Width and styling come from `terminal`, which the one-tip view also asks,
    so both renderers lay text out alike on the same terminal.
    """
    stream = sys.stderr if stderr else sys.stdout
    is_styled = terminal.styled(stream)
    return Console(
        stderr=stderr,
        highlight=False,
        emoji=False,
        markup=False,
        force_terminal=is_styled,
        color_system="auto" if is_styled else None,
        width=terminal.width(stream),
    )


def user_text(text: str, style: str = "") -> Text:
    """Text the user typed: never interpreted as markup, controls made visible."""
    return Text(neutralise(text), style=style)


def _table() -> Table:
    from rich.table import Table

    return Table(box=None, show_header=False, pad_edge=False, show_edge=False)


# -- tips ----------------------------------------------------------------------


def tips_table(tips: Sequence[Tip], read: Mapping[int, str]) -> RenderableType:
    """One tip per two lines (title, then summary) so the list fits 80 columns."""
    table = _table()
    table.add_column(justify="right", style="cyan", no_wrap=True)
    table.add_column(justify="center", no_wrap=True)
    table.add_column(ratio=1)
    for tip in tips:
        mark = "✓" if tip.number in read else "·"
        table.add_row(
            str(tip.number),
            mark,
            Text.assemble((tip.title, "bold"), "\n", (tip.summary, "dim")),
        )
    done = sum(1 for tip in tips if tip.number in read)
    footer = Text(f"\n✓ read  · not yet read ({done} of {len(tips)} read)", style="dim")
    return Group(
        table,
        footer,
        CommandHint("Read one:", "partnercare tips N", style="dim"),
        *(
            [CommandHint("Next unread:", "partnercare tips --next", style="dim")]
            if done < len(tips)
            else []
        ),
    )


def closing_thoughts(closing: str) -> RenderableType:
    """The tips' closing thoughts: after the tenth tip, and once all ten are read."""
    return Group(Text("A closing thought", style="bold"), Text(" ".join(closing.split())))


def tip_full(
    tip: Tip,
    total: int,
    disclaimer: str,
    *,
    label: str | None = None,
    closing: str | None = None,
) -> RenderableType:
    heading = Text.assemble(
        (f"Tip {tip.number} of {total}", "cyan"),
        "  ",
        (tip.title, "bold"),
    )
    parts: list[RenderableType] = []
    if label:
        parts.append(Text(label, style="dim"))
    parts += [heading, Text(tip.summary, style="italic"), Text("")]
    for paragraph in tip.paragraphs:
        parts += [Text(paragraph), Text("")]
    parts.append(
        Padding(
            Text.assemble(("Try this today: ", "bold green"), tip.try_today),
            (0, 0, 0, 2),
            expand=False,
        )
    )
    if closing is not None:
        parts += [Text(""), closing_thoughts(closing)]
    parts += [Text(""), Text(disclaimer, style="dim")]
    return Group(*parts)


def highlighted(text: str, terms: tuple[str, ...]) -> Text:
    # Imported here: journal and help-now screens render without loading the tips.
    from partnercare.tips import term_spans

    result = Text(text)
    for start, end in term_spans(text, terms):
        result.stylize("bold reverse", start, end)
    return result


def search_results(matches: Sequence[Match], query: str) -> RenderableType:
    if not matches:
        return Text(f"No tip matches {neutralise(query)!r}. Try other words, or: partnercare tips")
    parts: list[RenderableType] = []
    for match in matches:
        tip = match.tip
        parts.append(Text.assemble((f"{tip.number:>2}  ", "cyan"), (tip.title, "bold")))
        parts.append(Padding(highlighted(match.passage, match.terms), (0, 0, 1, 4), expand=False))
    parts.append(Text("Read one in full: partnercare tips N", style="dim"))
    return Group(*parts)


# -- crisis --------------------------------------------------------------------


def crisis_screen(
    res: Resources,
    *,
    contacts: Sequence[Contact] = (),
    plan: SafetyPlan | None = None,
    problems: Sequence[str] = (),
    guidance: Guidance | None = None,
) -> RenderableType:
    """The crisis screen: the user's own people first, then the national lines.

    Plain words, nothing that needs colour to be read. Contacts and the plan's
    place are the user's own text, so they go in as user text.
    """
    from rich.rule import Rule

    from partnercare.settings import ROLES

    parts: list[RenderableType] = [
        Rule("Help now", style="bold red"),
        Text(
            "If you or your partner might be in danger, or you are worried about "
            "anyone's safety right now, reach out now. You do not have to handle this alone."
        ),
        Text(""),
    ]
    if problems:
        shown = "; ".join(problems)
        parts += [Text(f"Note: {shown[0].upper()}{shown[1:]}.", style="yellow"), Text("")]
    if contacts or (plan is not None and plan.has == "yes"):
        parts.append(Text("Your people", style="bold underline"))
        for contact in contacts:
            parts.append(
                Padding(
                    Text.assemble(
                        user_text(contact.name, "bold"),
                        f" ({ROLES.get(contact.role, contact.role)}): ",
                        user_text(contact.number),
                    ),
                    (0, 0, 0, 2),
                    expand=False,
                )
            )
        if plan is not None and plan.has == "yes":
            where = user_text(plan.where) if plan.where else Text("ask their treatment team")
            parts.append(
                Padding(
                    Text.assemble(("Their safety plan: ", "bold"), where),
                    (0, 0, 0, 2),
                    expand=False,
                )
            )
        parts.append(Text(""))
    if res.note:
        parts += [Text(res.note, style="yellow"), Text("")]
    if res.country is not None:
        country = res.country
        parts.append(
            Text.assemble(
                ("Emergency: ", "bold"),
                (f"call {country.emergency}", "bold"),
                f"  (immediate danger, {country.name})",
            )
        )
        parts.append(Text(""))
        for kind, heading in (("crisis", "Crisis support"), ("family", "Support for you")):
            lines = [line for line in country.lines if line.kind == kind]
            if not lines:
                continue
            parts.append(Text(heading, style="bold underline"))
            for line in lines:
                # Padded, not spaces: a wrapped number stays indented under its name.
                parts.append(
                    Padding(
                        Text.assemble((line.name, "bold"), ": ", line.contact),
                        (0, 0, 0, 2),
                        expand=False,
                    )
                )
                parts.append(Padding(Text(line.detail, style="dim"), (0, 0, 0, 4), expand=False))
            parts.append(Text(""))
    else:
        parts += [
            Text.assemble(("Emergency: ", "bold"), "call your local emergency number."),
            Text(""),
        ]
    directory = res.international
    lead = "Another country? " if res.country is not None else "Crisis lines in your country: "
    parts.append(Text.assemble((lead, "bold"), f"{directory.name}: {directory.contact}"))
    parts.append(Padding(Text(directory.detail, style="dim"), (0, 0, 0, 2), expand=False))
    if guidance is not None:
        # The guidance is long: the numbers that matter most again, where the eye is now.
        parts += [Text(""), worried_guidance(guidance), Text(""), _crisis_recap(res, contacts)]
    hints: list[RenderableType] = []
    if not contacts:
        hints.append(
            CommandHint(
                "Save your own people (their clinician, the clinic, someone you trust) to see "
                "them here first:",
                "partnercare help-now --add-contact",
                style="dim",
            )
        )
    if plan is not None and plan.has != "yes":
        hints.append(
            Text(
                "A safety plan, made with their treatment team, lists warning signs, steps "
                "and people to call. It may help to ask them about one.",
                style="dim",
            )
        )
    if guidance is None:
        hints.append(
            CommandHint(
                "If you are worried about suicide:", "partnercare help-now --worried", style="dim"
            )
        )
    if hints:
        parts.append(Text(""))
        parts += hints
    return Group(*parts)


class CommandHint:
    """Words, then a command to type: on one line if the width allows, else the
    command on a line of its own, so no width breaks a command in the middle."""

    def __init__(self, words: str, command: str, *, style: str = "") -> None:
        self.words = words
        self.command = command
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.cells import cell_len

        # rich wraps the words; the command goes after them if it fits whole there.
        lines = Text(self.words).wrap(console, options.max_width)
        if cell_len(lines[-1].plain) + 1 + cell_len(self.command) <= options.max_width:
            yield Text(f"{self.words} {self.command}", style=self.style)
        else:
            yield Text(self.words, style=self.style)
            yield Text(f"  {self.command}", style=self.style)


def _crisis_recap(res: Resources, contacts: Sequence[Contact]) -> Text:
    """One line with the numbers from the top of the screen: emergency, a crisis line, a person."""
    country = res.country
    recap = Text("Right now: ", style="bold")
    if country is None:
        recap.append(f"your local emergency number; crisis lines: {res.international.contact}")
    else:
        recap.append(f"emergency {country.emergency}")
        first = next((line for line in country.lines if line.kind == "crisis"), None)
        if first is not None:
            recap.append(f"; {first.name}: {first.contact}")
    if contacts:
        recap.append("; ")
        recap.append_text(user_text(f"{contacts[0].name}: {contacts[0].number}"))
    return recap


def worried_guidance(guidance: Guidance) -> RenderableType:
    """What to do when worried about suicide: a heading, then short points per section."""
    from rich.rule import Rule

    parts: list[RenderableType] = [Rule(guidance.title, style="bold"), Text(guidance.intro)]
    for heading, points in guidance.sections:
        # A bullet column, so that a wrapped point stays indented under its first line.
        table = _table()
        table.add_column(no_wrap=True)
        table.add_column(ratio=1)
        for point in points:
            table.add_row("-", point)
        parts += [Text(""), Text(heading, style="bold"), Padding(table, (0, 0, 0, 2))]
    return Group(*parts)


# -- today ---------------------------------------------------------------------


def today_screen(
    today: date, tip: Tip, lines: Iterable[RenderableType], commands: Sequence[tuple[str, str]]
) -> RenderableType:
    parts: list[RenderableType] = [
        Text(describe_long(today), style="bold"),
        *lines,
        Text(""),
        Text.assemble(("Tip of the day: ", "bold"), (f"{tip.number}. {tip.title}", "cyan")),
        Padding(Text(tip.summary), (0, 0, 0, 2), expand=False),
        Padding(
            Text(f"Read it: partnercare tips {tip.number}", style="dim"), (0, 0, 0, 2), expand=False
        ),
        Text(""),
    ]
    table = _table()
    table.add_column(style="cyan", no_wrap=True)
    table.add_column()
    for command, what in commands:
        table.add_row(command, what)
    parts.append(table)
    return Group(*parts)


# -- journal -------------------------------------------------------------------

_PREVIEW_LINES = 2
_PREVIEW_WIDTH = 94


def _entry_heading(entry: Entry) -> Text:
    from partnercare.dates import describe

    heading = Text.assemble((f"#{entry.id}", "cyan"), "  ", (describe(entry.day), "bold"))
    if entry.starred:
        heading.append("  ★", style="yellow")
    if entry.kind == "checkin":
        heading.append("  check-in", style="magenta")
    if entry.tags:
        heading.append("  ")
        heading.append_text(user_text(" ".join(f"#{tag}" for tag in entry.tags), "green"))
    return heading


def _preview(entry: Entry) -> Text:
    """The first lines of an entry (a check-in leads with its summary), each cut to fit."""
    from partnercare.checkin.summary import summary_line
    from partnercare.text import one_line

    lines: list[str] = []
    if entry.kind == "checkin":
        lines.append(summary_line(entry.data or {}))
    for line in entry.text.splitlines():
        if len(lines) >= _PREVIEW_LINES:
            lines.append("…")
            break
        if line.strip():
            lines.append(one_line(line, _PREVIEW_WIDTH))
    return user_text("\n".join(lines))


def journal_list(entries: Sequence[Entry], *, more: bool, filtered: bool = False) -> RenderableType:
    """Newest first: a heading line (id, day, star, tags) and the first lines of each entry."""
    if not entries and filtered:
        return Text("No entries match. Try fewer filters, or: partnercare journal list")
    if not entries:
        return CommandHint(
            "Your journal is empty. Write the first note:", "partnercare journal add 'a few words'"
        )
    parts: list[RenderableType] = []
    for entry in entries:
        parts.append(_entry_heading(entry))
        parts += [Padding(_preview(entry), (0, 0, 0, 4), expand=False), Text("")]
    parts.append(Text("Full text: partnercare journal show ID", style="dim"))
    if more:
        parts.append(Text("Older entries: --limit N, --since DATE or --until DATE", style="dim"))
    return Group(*parts)


def journal_entry(entry: Entry) -> RenderableType:
    """One entry in full; a check-in with every answer in words, then its note."""
    written = entry.created_at.replace("T", " ")[:16]
    meta = f"{'check-in' if entry.kind == 'checkin' else 'note'} · written {written}"
    if entry.updated_at != entry.created_at:
        meta += f" · edited {entry.updated_at.replace('T', ' ')[:16]}"
    parts: list[RenderableType] = [_entry_heading(entry), Text(meta, style="dim"), Text("")]
    if entry.kind == "checkin":
        from partnercare.checkin import day_summary, question
        from partnercare.checkin.answers import read_saved

        answers = read_saved(entry.data or {})
        lines = [
            *day_summary(answers),
            f"Worried about someone's safety: {question('safety').label(answers.safety)}",
        ]
        # The lines repeat the user's own tags, so they go in as user text.
        parts += [user_text(line) for line in lines]
        if entry.text:
            parts.append(Text(""))
    parts += [user_text(piece) for piece in _pieces(entry.text)]
    return Group(*parts)


# rich lays out one Text in time that grows faster than its length (10 MB
# took a minute), so a long text goes in as pieces: 10 MB then takes 3 s, 1 MB 0.3 s.
_PIECE_CHARS = 8000


def _pieces(text: str) -> list[str]:
    """text as its lines, each line longer than _PIECE_CHARS cut after a space
    before that: every character is kept, and each piece is laid out alone."""
    if len(text) <= _PIECE_CHARS:
        return [text]
    pieces: list[str] = []
    for line in text.split("\n"):
        while len(line) > _PIECE_CHARS:
            cut = line.rfind(" ", 0, _PIECE_CHARS) + 1 or _PIECE_CHARS
            pieces.append(line[:cut])
            line = line[cut:]
        pieces.append(line)
    return pieces


def progress(items: Sequence[T], description: str) -> Iterator[T]:
    """items one at a time, while a bar on stderr counts them (gone when done)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=make_console(stderr=True),
        transient=True,
    ) as bar:
        yield from bar.track(items, description=description)


def marked_snippet(snippet: str, marks: tuple[str, str]) -> Text:
    """A search snippet with the matches highlighted; the rest shown literally."""
    result = Text()
    start, end = marks
    rest = " ".join(snippet.split())
    while rest:
        before, found, after = rest.partition(start)
        result.append(neutralise(before.replace(end, "")))
        if not found:
            break
        match, _, rest = after.partition(end)
        result.append(neutralise(match), style="bold reverse")
    return result


def journal_search(hits: Sequence[Hit], query: str, marks: tuple[str, str]) -> RenderableType:
    if not hits:
        return Text(
            f"No journal entry matches {neutralise(query)!r}. "
            "Try fewer or other words, or end a word with * to match its start."
        )
    parts: list[RenderableType] = []
    for hit in hits:
        parts.append(_entry_heading(hit.entry))
        parts += [Padding(marked_snippet(hit.snippet, marks), (0, 0, 0, 4), expand=False), Text("")]
    parts.append(Text("Full text: partnercare journal show ID", style="dim"))
    return Group(*parts)


# -- check-in ------------------------------------------------------------------


def nudge_lines(nudges: Sequence[Nudge]) -> RenderableType:
    """Each nudge as one sentence and the tip it points to."""
    return Group(
        *(KeepCommands(f"{nudge.text}  ->  partnercare tips {nudge.tip}") for nudge in nudges)
    )


_COMMAND = re.compile(r"partnercare(?: (?:--?[a-z][\w-]*|[a-z][\w-]*|\d+))+")


class KeepCommands:
    """A paragraph wrapped between words, where each `partnercare ...` command in it
    is kept whole (a command cut in two cannot be copied) and shown in cyan. A
    command longer than the width gets a line of its own."""

    def __init__(self, text: str) -> None:
        self.text = text

    def _words(self) -> list[tuple[Text, int]]:
        """Each word (a command, with what is stuck to it, is one) and the spaces
        before it."""
        protected = _COMMAND.sub(lambda m: m.group().replace(" ", "\0"), self.text)
        words: list[tuple[Text, int]] = []
        spaces = 0
        for token in protected.split(" "):
            if not token:
                spaces += 1
                continue
            plain = token.replace("\0", " ")
            word = Text(plain)
            for match in _COMMAND.finditer(plain):
                word.stylize("cyan", match.start(), match.end())
            words.append((word, spaces + 1 if words else 0))
            spaces = 0
        return words

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.cells import cell_len

        width = options.max_width
        line = Text()
        for word, gap in self._words():
            if line.plain and cell_len(line.plain) + gap + cell_len(word.plain) > width:
                yield line
                line, gap = Text(), 0
            line.append(" " * (gap if line.plain else 0))
            line.append_text(word)
        if line.plain:
            yield line


def checkin_result(
    summary: Sequence[str],
    who5_text: str | None,
    nudges: Sequence[Nudge],
) -> RenderableType:
    """After saving (the message saying so is on stderr): the day in a few lines, the
    WHO-5 in words, the nudges."""
    # The summary repeats the user's own tags, so it goes in as user text.
    parts: list[RenderableType] = [
        Padding(user_text(line), (0, 0, 0, 2), expand=False) for line in summary
    ]
    if who5_text:
        parts += [Text(""), Text(who5_text)]
    if nudges:
        parts += [Text(""), nudge_lines(nudges)]
    return Group(*parts)


def today_checkin_lines(
    *, done: bool, streak: int, nudge: Nudge | None, command: str, worried: bool = False
) -> list[RenderableType]:
    """The today screen's check-in part: done or not, the streak, and one nudge.

    On a day whose check-in said someone's safety is a worry, a calm pointer to
    help comes first and no nudge is shown.
    """
    lines: list[RenderableType] = []
    if worried:
        lines += [
            Text.assemble(
                "Today you said you were worried, or not sure, about someone's safety. "
                "Help is there any time: ",
                ("partnercare help-now", "bold cyan"),
                ", and what to do if you are worried: ",
                ("partnercare help-now --worried", "bold cyan"),
            ),
            Text(""),
        ]
        nudge = None
    status: RenderableType
    if done:
        status = Text.assemble(("✓ ", "green"), "Today's check-in is done.")
    else:
        status = CommandHint("Today's check-in is not done yet:", f"{command} (under a minute)")
    lines.append(status)
    if streak == 1:
        lines.append(Text("Check-in streak: 1 day"))
    elif streak:
        lines.append(Text(f"Check-in streak: {streak} days in a row"))
    if nudge is not None:
        lines += [Text(""), nudge_lines([nudge])]
    return lines


# -- appointments --------------------------------------------------------------


class _AppointmentRows:
    """One appointment a row: its id, when (in words), then what it is, where, and who
    goes and drives, wrapped beside the date; on a narrow terminal (under 60 columns)
    what it is goes under the date instead, so no word is cut."""

    NARROW = 60

    def __init__(self, items: Sequence[Appointment], today: date) -> None:
        self.rows = [_appointment_row(item, today) for item in items]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if options.max_width >= self.NARROW:
            table = _table()
            table.add_column(style="dim", no_wrap=True, justify="right")
            table.add_column(no_wrap=True)
            table.add_column(ratio=1)
            for row in self.rows:
                table.add_row(*row)
            yield table
            return
        for number, when, what in self.rows:
            yield Text.assemble((number, "dim"), "  ", when)
            yield Padding(what, (0, 0, 0, 4))


def _appointment_row(item: Appointment, today: date) -> tuple[str, Text, Text]:
    from partnercare import appointments as appts

    state = appts.status(item, today)
    what = Text()
    what.append(appts.kind_words(item), style="bold" if state == "upcoming" else "")
    for part in (item.title, item.where):
        if part:
            what.append(" · ")
            what.append_text(user_text(part))
    details = [{"missed": "not marked done", "upcoming": ""}.get(state, state)]
    if state != "cancelled":
        details.append(appts.going_words(item, today))
    if item.driver and state != "cancelled":
        details.append(f"{neutralise(item.driver)} drives home")
    shown = ", ".join(d for d in details if d)
    if shown:
        what.append("\n")
        what.append(shown, style="dim")
    style = "dim strike" if state == "cancelled" else ""
    when = appts.when_words(item, today, short=True)
    return f"#{item.id}", Text(when[:1].upper() + when[1:], style=style), what


def _appointment_rows(items: Sequence[Appointment], today: date) -> RenderableType:
    return _AppointmentRows(items, today)


def appointments_list(
    upcoming: Sequence[Appointment],
    past: Sequence[Appointment],
    today: date,
    *,
    filtered: bool = False,
    past_only: bool = False,
) -> RenderableType:
    """Upcoming first, then the past ones asked for; a hint when there are none."""
    if not upcoming and not past:
        if past_only and not filtered:
            return Text("No past appointments yet.")
        if filtered or past_only:
            return Text("No appointments match. All of them: partnercare appointments --all")
        return CommandHint(
            "No appointments yet. Plan the course, for example:",
            "partnercare appointments add 'next monday 10:00' --repeat 6 --every mon,thu",
        )
    parts: list[RenderableType] = []
    if not past_only:
        parts.append(Text("Upcoming", style="bold"))
        parts.append(_appointment_rows(upcoming, today) if upcoming else Text("  none planned"))
    if past:
        if parts:
            parts.append(Text(""))
        parts.append(Text("Past", style="bold"))
        parts.append(_appointment_rows(past, today))
    parts += [Text(""), CommandHint("Change one:", "partnercare appointments edit ID", style="dim")]
    return Group(*parts)


def appointments_changed(items: Sequence[Appointment], today: date) -> RenderableType:
    """What an add, edit, cancel, done or import just saved."""
    return _appointment_rows(items, today)


def next_appointment_lines(
    item: Appointment | None, today: date, care: Sequence[tuple[str, Sequence[str]]]
) -> list[RenderableType]:
    """The today screen's next appointment, and the care list for the day before or
    the day of an infusion (`care`: heading, points)."""
    lines: list[RenderableType] = [Text("")]
    if item is not None:
        lines += _next_line(item, today)
    for heading, points in care:
        lines.append(Padding(Text(heading, style="bold"), (0, 0, 0, 2), expand=False))
        bullets = _table()
        bullets.add_column(no_wrap=True)
        bullets.add_column(ratio=1)
        for point in points:
            bullets.add_row("•", point)  # wrapped lines hang under the text, not the bullet
        lines.append(Padding(bullets, (0, 0, 0, 4)))
    return lines


def _next_line(item: Appointment, today: date) -> list[RenderableType]:
    from partnercare import appointments as appts

    line = Text.assemble(("Next: ", "bold"), appts.kind_words(item))
    if item.title:
        line.append(" (")
        line.append_text(user_text(item.title))
        line.append(")")
    line.append(" " + appts.when_words(item, today))
    if item.where:
        line.append(", at ")
        line.append_text(user_text(item.where))
    details = [appts.going_words(item, today)]
    if item.driver:
        details.append(f"{neutralise(item.driver)} drives home")
    shown = ", ".join(d for d in details if d)
    lines: list[RenderableType] = [line]
    if shown:
        lines.append(Padding(Text(shown, style="dim"), (0, 0, 0, 6), expand=False))
    return lines
