"""`partnercare journal`: write, read, find, export and import journal entries.

Import-light at the top (typer and the standard library): the journal, the
store and rich are imported inside the commands, so other commands never pay
for them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date as _date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
import typer._click as click
from typer._click.types import ParamType
from typer.core import TyperGroup

from partnercare.cli import common
from partnercare.cli.help_examples import examples
from partnercare.models import LIST_LIMIT

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from partnercare.models import Entry, EntryFilter
    from partnercare.settings import Filled

HELP = (
    "Your private journal: notes and check-ins, stored only on this computer. "
    "Run without a command to see the latest entries."
)
EPILOG = examples(
    "partnercare journal add 'Sam slept well' --tag sleep",
    "partnercare journal",
    "partnercare journal search walk",
    "partnercare journal list --since 'last monday' --tag sam",
    "partnercare journal export --format md --output journal.md",
)

_LIST_OPTIONS = "partnercare.journal.list_options"


class _JournalGroup(TyperGroup):
    """`journal` alone is `journal list`: the group takes list's options as list
    defines them (so they are written once, on list), parses them where they have
    always been parsed (`journal --since monday`), and its callback hands them on."""

    def _list_params(self) -> list[click.Parameter]:
        return list(self.commands["list"].params)

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        return [*self._list_params(), *super().get_params(ctx)]

    def invoke(self, ctx: click.Context) -> Any:
        # The callback takes only the context: list's options wait for it in ctx.meta.
        names = [p.name for p in self._list_params() if p.name in ctx.params]
        ctx.meta[_LIST_OPTIONS] = {name: ctx.params.pop(name) for name in names if name}
        return super().invoke(ctx)


app = typer.Typer(
    cls=_JournalGroup,
    name="journal",
    # Completion is installed for the whole command, from the root only.
    add_completion=False,
    help=HELP,
    epilog=EPILOG,
    invoke_without_command=True,
    no_args_is_help=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Kind(StrEnum):
    note = "note"
    checkin = "checkin"


_DATE_WORDS = common.DATE_WORDS
Since = common.Since
Until = common.Until
On = common.On
FilterTags = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        "-t",
        metavar="TAG",
        help="Entries with this tag; repeat (or use commas: a,b) to require several.",
    ),
]
# Search has no short options: `-tired` and `-night` are words to leave out, not
# `-t ired` and `-n ight` (see `search`).
SearchTags = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        metavar="TAG",
        help="Entries with this tag (or -t TAG); repeat, or use commas, for several.",
    ),
]
KindOpt = Annotated[Kind | None, typer.Option("--kind", help="Only notes, or only check-ins.")]
Starred = Annotated[bool, typer.Option("--starred", help="Only starred entries.")]
# A real upper bound: an unbounded int overflows SQLite's LIMIT (and int() itself).
MAX_LIMIT = 1_000_000


class _Count(ParamType):
    """A whole number from 1 to MAX_LIMIT, refused in words rather than as a range."""

    name = "number"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number: int | None = value
        else:
            text = str(value).strip()
            number = int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None
        if number is None or not 1 <= number <= MAX_LIMIT:
            self.fail(f"give a whole number from 1 to {MAX_LIMIT:,}, not {value!r}", param, ctx)
        return number


Limit = Annotated[
    int,
    typer.Option(
        "--limit", "-n", click_type=_Count(), metavar="N", help="At most this many entries."
    ),
]
SearchLimit = Annotated[
    int,
    typer.Option(
        "--limit", click_type=_Count(), metavar="N", help="At most this many entries (or -n N)."
    ),
]
Json = common.Json
Format = common.Format
DEFAULT_LIMIT = LIST_LIMIT  # models is a few records: cheap at start-up
EntryId = Annotated[str, typer.Argument(metavar="ID", help="The entry's id, as shown by list.")]


def _filter(
    *,
    since: str | None,
    until: str | None,
    on: str | None,
    tags: list[str] | None,
    kind: Kind | None,
    starred: bool,
) -> EntryFilter:
    from partnercare import clock, journal

    return journal.make_filter(
        today=clock.today(),
        since=since,
        until=until,
        on=on,
        tags=tags or (),
        kind=None if kind is None else kind.value,
        starred=starred,
    )


def _exporter(fmt: Format) -> Callable[[Iterable[Entry]], Iterator[str]]:
    """The writer for --format: the lossless JSON (what import reads), or a renderer."""
    if fmt is Format.md:
        from partnercare.render import markdown

        return markdown.journal
    if fmt is Format.csv:
        from partnercare.render import csv

        return csv.journal
    from partnercare import journal_io

    return journal_io.export_json


def _read_stdin() -> str:
    from partnercare import journal
    from partnercare.errors import InvalidInputError
    from partnercare.files import read_input

    try:
        # A little more than an entry holds, so the size check can say how much it was.
        return read_input("-", limit=journal.MAX_TEXT_BYTES * 4)[0].decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInputError("the text on stdin is not UTF-8; nothing was saved") from None


T = TypeVar("T")
# Fewer entries than this import in well under a second: no bar.
_PROGRESS_FROM = 1000


def _with_progress(items: list[T], description: str) -> Iterable[T]:
    """items, counted by a progress bar on stderr when it is a terminal and they are many."""
    try:
        on_screen = sys.stderr.isatty()
    except (AttributeError, ValueError):
        on_screen = False
    if len(items) < _PROGRESS_FROM or not on_screen:
        return items
    from partnercare.render.screen import progress

    return progress(items, description)


def _confirm_future(day: _date) -> None:
    """A note dated after today is most likely a typo: ask (or, in a script, want --yes)."""
    from partnercare.dates import describe
    from partnercare.errors import CancelledError, InvalidInputError

    when = describe(day)
    if not common.interactive():
        raise InvalidInputError(
            f"{when} is in the future; add --yes to save a note dated then, or fix --date"
        )
    from partnercare import prompts

    if not prompts.confirm(f"{when} is in the future. Save the note on that day?"):
        raise CancelledError("nothing was saved; give --date the day the note is about")


@contextmanager
def _typed(text: str | None, *, initial: str = "") -> Iterator[str]:
    """The text to save: TEXT as given, else piped stdin, else what the user writes in
    the editor, whose file is kept (and named in the error) if the save in the
    `with` block fails."""
    if text is not None:
        yield text
        return
    from partnercare import journal

    if not common.stdin_is_terminal():
        yield journal.from_editor(_read_stdin())
        return
    from partnercare import editor, paths

    # An encrypted journal's note never touches the disk: the editor's file is in memory.
    encrypted = common.journal_encrypted()
    directory = paths.memory_notes_dir() if encrypted else paths.ensure_data_dir()
    with editor.edited(initial, directory=directory) as raw:
        yield journal.from_editor(raw)


def _short_options(words: list[str]) -> tuple[list[str], list[str], int | None]:
    """Search's `-t TAG` and `-n N`, each a word of its own: (the other words, the
    tags, the limit). Click cannot be given them, or `-tired` would be `-t ired`;
    a -word joined to its letters is a word to leave out."""
    rest: list[str] = []
    tags: list[str] = []
    limit: int | None = None
    given = iter(words)
    for word in given:
        if word not in ("-t", "-n"):
            rest.append(word)
            continue
        value = next(given, None)
        if value is None:
            raise click.exceptions.UsageError(f"Option '{word}' requires an argument.")
        if word == "-t":
            tags.append(value)
        else:
            try:
                limit = _Count().convert(value, None, None)
            except click.exceptions.BadParameter as error:
                raise click.exceptions.UsageError(
                    f"invalid value for '-n': {error.message}"
                ) from None
    return rest, tags, limit


# -- commands -------------------------------------------------------------------


@app.callback()
def journal_root(ctx: typer.Context) -> None:
    """Your private journal. Without a command: the latest entries, like `journal list`."""
    if ctx.invoked_subcommand is None:
        group = ctx.command
        assert isinstance(group, _JournalGroup)
        callback = group.commands["list"].callback
        assert callback is not None
        ctx.invoke(callback, **ctx.meta[_LIST_OPTIONS])


@app.command(
    "add",
    help=(
        "Write a note. The text comes from TEXT, else from stdin when it is piped, "
        "else from $VISUAL/$EDITOR. The new entry's id is in the message (on stderr), or in --json."
    ),
    epilog=examples(
        "partnercare journal add 'Walked; Sam smiled' -t walk",
        "echo 'Infusion 3 went fine' | partnercare journal add --date yesterday --star",
        ("partnercare journal add", "opens your editor"),
    ),
)
def add(
    text: Annotated[str | None, typer.Argument(help="The note; quote it in the shell.")] = None,
    *,
    tag: Annotated[
        list[str] | None,
        typer.Option(
            "--tag",
            "-t",
            metavar="TAG",
            help=(
                "A tag: one word of letters, digits, - and _ (spaces become -). "
                "Repeat, or separate with commas, for more."
            ),
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", "-d", metavar="DATE", help=f"The day it is about: {_DATE_WORDS}."),
    ] = None,
    star: Annotated[bool, typer.Option("--star", help="Star the entry.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the saved entry as JSON.")] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Save a note dated in the future without asking.")
    ] = False,
) -> None:
    from partnercare import clock, journal
    from partnercare import tags as tag_rule
    from partnercare.cli.output import print_json, print_message, saved
    from partnercare.dates import describe, parse_date
    from partnercare.render import json as shapes

    today = clock.today()
    day = parse_date(date, today=today) if date is not None else None
    tags = tag_rule.parse(tag or ())
    if day is not None and day > today and not yes:
        _confirm_future(day)
    # The journal first: one that cannot take the note refuses before the editor opens.
    with common.open_store() as store, _typed(text) as typed:
        entry = journal.add(store, text=typed, day=day, tags=tags, starred=star)
    saved(f"entry {entry.id} was saved")
    if as_json:
        print_json(shapes.entry(entry))
    else:
        print_message(f"Saved entry {entry.id} ({describe(entry.day)}).")


@app.command(
    "list",
    help="Entries, newest first: date, star, tags and the first lines.",
    epilog=examples(
        "partnercare journal list",
        "partnercare journal list --since '2 weeks ago'",
        "partnercare journal list --on yesterday",
        "partnercare journal list --tag sam --starred",
        "partnercare journal list --kind checkin --json",
    ),
)
def list_entries(
    *,
    since: Since = None,
    until: Until = None,
    on: On = None,
    tag: FilterTags = None,
    kind: KindOpt = None,
    starred: Starred = False,
    limit: Limit = DEFAULT_LIMIT,
    as_json: Json = False,
) -> None:
    from partnercare import journal
    from partnercare.cli.output import print_json, show

    filters = _filter(since=since, until=until, on=on, tags=tag, kind=kind, starred=starred)
    with common.open_store_to_read() as store:
        entries, more = journal.list_recent(store, filters, limit=limit)
    if as_json:
        from partnercare.render import json as shapes

        print_json([shapes.entry(entry) for entry in entries])
        return
    from partnercare.models import EntryFilter
    from partnercare.render.screen import journal_list

    show(journal_list(entries, more=more, filtered=filters != EntryFilter()))


@app.command(
    "show",
    help="One entry in full.",
    epilog=examples("partnercare journal show 12", "partnercare journal show 12 --json"),
)
def show_entry(entry_id: EntryId, *, as_json: Json = False) -> None:
    from partnercare import journal
    from partnercare.cli.output import print_json, show

    with common.open_store_to_read() as store:
        entry = journal.get(store, journal.parse_id(entry_id))
    if as_json:
        from partnercare.render import json as shapes

        print_json(shapes.entry(entry))
        return
    from partnercare.render.screen import journal_entry

    show(journal_entry(entry))


@app.command(
    "edit",
    help="Change an entry's text: in $VISUAL/$EDITOR, from --text, or from piped stdin.",
    epilog=examples(
        "partnercare journal edit 12",
        "partnercare journal edit 12 --text 'Infusion 3: calmer afterwards'",
    ),
)
def edit(
    entry_id: EntryId,
    *,
    text: Annotated[
        str | None, typer.Option("--text", metavar="TEXT", help="The new text, replacing the old.")
    ] = None,
) -> None:
    from partnercare import journal
    from partnercare.cli.output import print_message, saved

    number = journal.parse_id(entry_id)
    with common.open_store() as store:
        entry = journal.get(store, number)
        with _typed(text, initial=entry.text) as typed:
            if typed == entry.text:
                print_message(f"Entry {number} is unchanged.")
                return
            # Refused if another command changed the entry while the editor was open.
            journal.edit_text(store, number, typed, as_read=entry)
    saved(f"the new text of entry {number} was saved")
    print_message(f"Saved the new text of entry {number}.")


@app.command(
    "delete",
    help="Delete an entry, after asking. Without a terminal it needs --yes.",
    epilog=examples("partnercare journal delete 12", "partnercare journal delete 12 --yes"),
)
def delete(
    entry_id: EntryId,
    *,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Delete without asking.")] = False,
) -> None:
    from partnercare import journal
    from partnercare.cli.output import print_message, saved
    from partnercare.dates import describe
    from partnercare.errors import InvalidInputError
    from partnercare.text import neutralise, one_line

    number = journal.parse_id(entry_id)
    with common.open_store() as store:
        entry = journal.get(store, number)
        if not yes:
            if not common.stdin_is_terminal():
                raise InvalidInputError(
                    f"not deleting entry {number} without asking; "
                    "there is no terminal to ask in, so add --yes to delete it"
                )
            from partnercare import prompts

            first = neutralise(one_line(entry.text, 50))
            question = f"Delete entry {number} ({describe(entry.day)}: {first})?"
            if not prompts.confirm(question, default=False):
                print_message(f"Kept entry {number}.")
                return
        journal.delete(store, number)
    saved(f"entry {number} was deleted")
    print_message(f"Deleted entry {number}.")


@app.command(
    "star",
    help="Star an entry so `list --starred` finds it; --unstar takes the star away.",
    epilog=examples("partnercare journal star 12", "partnercare journal star 12 --unstar"),
)
def star(
    entry_id: EntryId,
    *,
    unstar: Annotated[bool, typer.Option("--unstar", help="Remove the star.")] = False,
) -> None:
    from partnercare import journal
    from partnercare.cli.output import print_message, saved

    number = journal.parse_id(entry_id)
    with common.open_store() as store:
        journal.set_starred(store, number, not unstar)
    saved(f"entry {number} was {'unstarred' if unstar else 'starred'}")
    print_message(f"{'Unstarred' if unstar else 'Starred'} entry {number}.")


@app.command(
    "search",
    help=(
        "Find entries by words, best match first, with the matching passage. "
        "Every word must be in the entry's text or tags; a word finds its other forms too "
        "(walk finds walked and walking), and insom* finds every word that starts so; "
        "-word leaves out entries with that word; #tag keeps only entries with that tag; "
        '"two words" in quotes must appear together. Case and accents do not matter.'
    ),
    epilog=examples(
        "partnercare journal search walk",
        "partnercare journal search 'insom*' --since '2 weeks ago'",
        "partnercare journal search '\"morning light\"' --json",
        "partnercare journal search sam -work '#infusion'",
    ),
    # `-work` is a word to leave out, not an option; a mistyped --option is caught below.
    context_settings={"ignore_unknown_options": True, "help_option_names": ["--help"]},
)
def search(
    ctx: typer.Context,
    query: Annotated[list[str], typer.Argument(metavar="QUERY...", help="Words to look for.")],
    *,
    since: Since = None,
    until: Until = None,
    on: On = None,
    tag: SearchTags = None,
    kind: KindOpt = None,
    starred: Starred = False,
    limit: SearchLimit = DEFAULT_LIMIT,
    as_json: Json = False,
) -> None:
    from partnercare import journal
    from partnercare.cli.output import print_json, show

    mistyped = [word for word in query if word.startswith("--")]
    if mistyped:
        raise click.exceptions.UsageError(f"No such option: {mistyped[0]}")
    if "-h" in query:  # -h is still help, as for every command; -hard is a word
        typer.echo(ctx.get_help())
        raise typer.Exit()
    query, short_tags, short_limit = _short_options(query)
    tag = [*(tag or []), *short_tags]
    limit = limit if short_limit is None else short_limit
    words = " ".join(query)
    filters = _filter(since=since, until=until, on=on, tags=tag, kind=kind, starred=starred)
    with common.open_store_to_read() as store:
        hits = journal.search(store, words, filters, limit=limit)
        # Only a full page can hide more matches than search ranks.
        note = journal.search_scope_note(store, words, filters) if len(hits) == limit else None
    if note:
        from partnercare.cli.output import print_message

        print_message(note)
    if as_json:
        from partnercare.render import json as shapes

        print_json(
            [shapes.search_hit(hit.entry, journal.plain_snippet(hit.snippet)) for hit in hits]
        )
        return
    from partnercare.render.screen import journal_search

    show(journal_search(hits, words, journal.MARKS))


@app.command(
    "export",
    help=(
        "Write the journal (or what the filters select) as JSON (the lossless backup that "
        "`journal import` reads), Markdown (one heading per day) or CSV (for a spreadsheet)."
    ),
    epilog=examples(
        "partnercare journal export --output backup.json",
        "partnercare journal export --format md --since 2026-11-01 --output for-therapist.md",
        "partnercare journal export --format csv > journal.csv",
    ),
)
def export(
    *,
    fmt: common.FormatOpt = Format.json,
    output: common.Output = None,
    force: common.Force = False,
    since: Since = None,
    until: Until = None,
    on: On = None,
    tag: FilterTags = None,
    kind: KindOpt = None,
    starred: Starred = False,
) -> None:
    from partnercare import journal
    from partnercare.cli.output import print_message, write_output

    filters = _filter(since=since, until=until, on=on, tags=tag, kind=kind, starred=starred)
    common.check_output(output, force=force)
    with common.open_store_to_read() as store:
        rows = journal.iter_entries(store, filters)
        if fmt == common.Format.json:
            from partnercare import journal_io

            # The lossless backup carries the appointments too (those in the
            # dates asked for), the help-now settings and the tips read; none of
            # them when only notes, check-ins, tags or stars are asked for.
            narrowed = kind is not None or starred or bool(tag)
            if narrowed:
                chunks = journal_io.export_json(rows)
            else:
                chunks = journal_io.export_json(
                    rows,
                    journal.appointments_between(store, filters),
                    settings=_exported_settings(),
                    tips_read=journal.tips_read(store),
                )
        else:
            chunks = _exporter(fmt)(rows)
        written = write_output(chunks, output, is_json=fmt == common.Format.json)
    if written:
        print_message(f"Exported to {output}.")


def _exported_settings() -> dict[str, Any]:
    """The help-now settings for the JSON export; what could not be read is said, and
    the rest still goes."""
    from partnercare import settings
    from partnercare.cli.output import print_message

    loaded = settings.load()
    document, left_out = settings.exported(loaded.settings)
    problems = (*loaded.problems, *left_out)
    if problems:
        print_message(f"Note: {'; '.join(problems)}; the export carries the rest of your settings.")
    return document


@app.command(
    "import",
    help=(
        "Add the entries of a partnercare JSON export (entries already here are skipped, "
        "so importing twice adds nothing) or of a jrnl JSON export (`jrnl --export json`). "
        "A partnercare export brings its appointments and tips read too, and the help-now "
        "settings you have not saved here (none you have are changed); into an empty "
        "journal, entries and appointments keep their ids."
    ),
    epilog=examples(
        "partnercare journal import backup.json",
        "jrnl --export json > jrnl.json && partnercare journal import jrnl.json",
    ),
)
def import_(
    file: Annotated[str, typer.Argument(metavar="FILE", help="The JSON file; - reads stdin.")],
) -> None:
    from partnercare import journal, journal_io
    from partnercare.cli.output import print_message, saved
    from partnercare.files import read_input

    raw, source = read_input(file, outcome="nothing was imported")
    # Every part of the file is checked, and whether its settings can be saved,
    # before anything is written.
    parsed = journal_io.parse_file(raw, source=source)
    given = parsed.settings
    planned = None if given is None else journal_io.settings_to_bring(given, source)
    with common.open_store() as store:
        done = journal.import_entries(
            store,
            _with_progress(parsed.entries, "Importing"),
            parsed.appointments,
            parsed.tips_read,
        )
    added = done.entries.added
    saved(f"the {added:,} imported {'entry was' if added == 1 else 'entries were'} saved")
    # The settings are a file of their own: written only now the journal's part is in.
    filled = (
        journal_io.bring_settings(given, source)
        if given is not None and planned is not None and planned.anything
        else None
    )
    what = "jrnl export" if parsed.kind == "jrnl" else "partnercare export"
    message = (
        f"Imported {added:,} {'entry' if added == 1 else 'entries'} from the {what} {source}; "
        f"skipped {done.entries.already:,} already in the journal"
    )
    if parsed.appointments:
        booked = done.appointments
        message += (
            f"; imported {booked:,} {'appointment' if booked == 1 else 'appointments'} "
            f"({len(parsed.appointments) - booked:,} already here)"
        )
    same_day = done.entries.same_day
    if same_day == 1:
        message += (
            ", and 1 check-in for a day that already has one; the check-in in your journal is kept"
        )
    elif same_day:
        message += (
            f", and {same_day:,} check-ins for days that already have one; the "
            "check-ins in your journal are kept"
        )
    print_message(message + ".")
    from partnercare.settings import Settings

    # Said only of a file that carries some (not of a jrnl file, nor of an empty list).
    if parsed.tips_read or given not in (None, Settings()):
        print_message(_brought_over(filled, done.tips_read))


def _brought_over(filled: Filled | None, tips: int) -> str:
    """What came over besides the journal: "country, 2 help-now contacts, 7 tips read"."""
    from partnercare.settings import MAX_CONTACTS, Filled

    filled = filled or Filled()
    parts = ["country"] if filled.country else []
    if filled.contacts:
        parts.append(f"{filled.contacts} help-now contact{'s' if filled.contacts != 1 else ''}")
    if filled.plan:
        parts.append("where the safety plan is kept")
    if tips:
        parts.append(f"{tips} tip{'s' if tips != 1 else ''} read")
    line = (
        f"Brought over: {', '.join(parts)}."
        if parts
        else "Settings and tips read: nothing to bring over (what you have here is kept)."
    )
    if filled.left_out:
        line += (
            f" {filled.left_out} more contact{'s were' if filled.left_out != 1 else ' was'} "
            f"left out: help-now holds {MAX_CONTACTS}."
        )
    return line
