"""`partnercare appointments`: the treatment course and therapy sessions.

Import-light at the top (typer and the standard library): the store, the
domain and rich are imported inside the commands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from partnercare.cli import common
from partnercare.cli.help_examples import examples

if TYPE_CHECKING:
    from datetime import date

    from partnercare.models import Appointment

HELP = (
    'Treatment and therapy appointments: an infusion series ("infusion 3 of 6"), who '
    "goes along and who drives home, in your own calendar too (.ics). Run without a "
    "command to see what is coming up."
)
EPILOG = examples(
    ("partnercare appointments add 'next monday 10:00' --repeat 6 --every mon,thu",
     "an infusion series"),
    ("partnercare appointments add 'tomorrow 3pm' --kind couples_therapy", "one session"),
    ("partnercare appointments", "upcoming, then the last three"),
    ("partnercare appointments export --output course.ics", "into your calendar"),
)  # fmt: skip

app = typer.Typer(
    name="appointments",
    add_completion=False,
    help=HELP,
    epilog=EPILOG,
    invoke_without_command=True,
    no_args_is_help=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

KINDS_HELP = "infusion, welcome, therapy, couples_therapy, prescriber or other"
Id = Annotated[str, typer.Argument(metavar="ID", help="The appointment's id, as the list shows.")]
Json = common.Json
Past = Annotated[bool, typer.Option("--past", help="Only past appointments, newest first.")]
All = Annotated[bool, typer.Option("--all", help="Every past appointment too, not the last three.")]
KindFilter = Annotated[
    str | None, typer.Option("--kind", metavar="KIND", help=f"Only this kind: {KINDS_HELP}.")
]
Kind = Annotated[str | None, typer.Option("--kind", metavar="KIND", help=f"{KINDS_HELP}.")]
Title = Annotated[str | None, typer.Option("--title", metavar="TEXT", help="What it is called.")]
Where = Annotated[str | None, typer.Option("--where", metavar="TEXT", help="Where it is.")]
Note = Annotated[str | None, typer.Option("--note", metavar="TEXT", help="Anything to remember.")]
Going = Annotated[
    bool | None,
    typer.Option("--going/--not-going", help="Whether you are going along.", show_default=False),
]
Driver = Annotated[
    str | None, typer.Option("--driver", metavar="NAME", help="Who drives them home.")
]
Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do it without asking.")]


@app.callback()
def appointments_root(
    ctx: typer.Context,
    *,
    past: Past = False,
    everything: All = False,
    kind: KindFilter = None,
    as_json: Json = False,
) -> None:
    """Upcoming appointments first, then the last three past ones."""
    if ctx.invoked_subcommand is None:
        list_appointments(past=past, everything=everything, kind=kind, as_json=as_json)


@app.command(
    "list",
    help="Upcoming appointments first, then the last three past ones.",
    epilog=examples(
        "partnercare appointments list --past",
        "partnercare appointments list --kind infusion --json",
    ),
)
def list_appointments(
    *, past: Past = False, everything: All = False, kind: KindFilter = None, as_json: Json = False
) -> None:
    from partnercare import appointments, clock
    from partnercare.cli.output import print_json, show

    today = clock.today()
    kind_ = None if kind is None else appointments.check_kind(kind)
    store = common.open_existing_store()
    upcoming: list[Appointment] = []
    earlier: list[Appointment] = []
    if store is not None:
        with store:
            upcoming, earlier = appointments.listing(
                store, today, past=past, everything=everything, kind=kind_
            )
    if as_json:
        from partnercare.render import json as shapes

        print_json([shapes.appointment(a, today) for a in [*upcoming, *earlier]])
        return
    from partnercare.render.screen import appointments_list

    show(appointments_list(upcoming, earlier, today, filtered=kind_ is not None, past_only=past))


def _show_changed(items: list[Appointment], today: date, *, as_json: bool) -> None:
    from partnercare.cli.output import print_json, show

    if as_json:
        from partnercare.render import json as shapes

        print_json([shapes.appointment(a, today) for a in items])
        return
    from partnercare.render.screen import appointments_changed

    show(appointments_changed(items, today))


def _count(n: int, what: str = "appointment") -> str:
    return f"{n:,} {what}{'' if n == 1 else 's'}"


def _confirm(question: str, refusal: str, *, yes: bool) -> None:
    """Ask in a terminal; elsewhere refuse unless --yes."""
    if yes:
        return
    from partnercare.errors import CancelledError, InvalidInputError

    if not common.interactive():
        raise InvalidInputError(refusal)
    from partnercare import prompts

    if not prompts.confirm(question, default=False):
        raise CancelledError("nothing was changed")


@app.command(
    "add",
    help=(
        "Add an appointment, or a series. WHEN is a date and optional time: ISO "
        "(2026-12-01 10:00) or words (tomorrow 10am, 'next thursday 14:30', 'in 3 days at 9'); "
        "no time means all day. A series: --repeat 6 --every mon,thu (or 3d, 1w); a series "
        "is infusions unless --kind says otherwise."
    ),
    epilog=examples(
        "partnercare appointments add 'next monday 10:00' --repeat 6 --every mon,thu",
        "partnercare appointments add 'tomorrow 9am' --kind welcome --going --driver Alex",
        "partnercare appointments add 2026-11-02 --kind infusion --yes",
    ),
)
def add(
    when: Annotated[str, typer.Argument(metavar="WHEN", help="The date and optional time.")],
    *,
    kind: Kind = None,
    title: Title = None,
    where: Where = None,
    note: Note = None,
    going: Going = None,
    driver: Driver = None,
    repeat: Annotated[
        int | None,
        typer.Option("--repeat", metavar="N", help="How many in the series (up to 60)."),
    ] = None,
    every: Annotated[
        str | None,
        typer.Option("--every", metavar="SPEC", help="mon,thu (weekdays), 3d or 1w."),
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Add it even if it is in the past, without asking.")
    ] = False,
    as_json: Json = False,
) -> None:
    from partnercare import appointments, clock
    from partnercare.cli.output import print_message, saved

    now = clock.now()
    planned = appointments.plan(
        when=when,
        now=now,
        kind=kind,
        title=title,
        where=where,
        note=note,
        going=going,
        driver=driver,
        repeat=repeat,
        every=every,
    )
    first = planned.appointments[0]
    if planned.in_the_past:
        words = appointments.when_words(first, now.date())
        words = words[:1].upper() + words[1:]
        _confirm(
            f"{words} is in the past. Add it anyway?",
            f"{words} is in the past; add --yes to add it anyway "
            "(backfilling a course already started is fine); nothing was saved",
            yes=yes,
        )
    with common.open_store() as store:
        added = appointments.add(store, planned)
    n = len(added)
    saved(f"{_count(n)} {'was' if n == 1 else 'were'} saved")
    ids = f"#{added[0].id}" if n == 1 else f"#{added[0].id} to #{added[-1].id}"
    print_message(f"Added {_count(n)} ({ids}).")
    _show_changed(added, now.date(), as_json=as_json)


@app.command(
    "edit",
    help="Change an appointment: a new WHEN, or any of its details. A WHEN with only a "
    "time keeps the day, and one with only a date keeps the time.",
    epilog=examples(
        "partnercare appointments edit 12 'thursday 11:00'",
        "partnercare appointments edit 12 11:30",
        "partnercare appointments edit 12 --driver Sam --going",
    ),
)
def edit(
    appointment_id: Id,
    when: Annotated[
        str | None, typer.Argument(metavar="[WHEN]", help="A new date and optional time.")
    ] = None,
    *,
    kind: Kind = None,
    title: Title = None,
    where: Where = None,
    note: Note = None,
    going: Going = None,
    driver: Driver = None,
    all_day: Annotated[
        bool, typer.Option("--all-day", help="No time of day: it takes the whole day.")
    ] = False,
    as_json: Json = False,
) -> None:
    from partnercare import appointments, clock
    from partnercare.cli.output import print_message, saved

    now = clock.now()
    number = appointments.parse_id(appointment_id)
    changes: dict[str, object] = {}
    if when is not None:
        # Checked before the journal is opened; read against the appointment below.
        appointments.parse_when(when, now=now)
    if all_day:
        if when is not None and appointments.parse_when(when, now=now)[1] is not None:
            from partnercare.errors import InvalidInputError

            raise InvalidInputError("give a time or --all-day, not both; nothing was saved")
        changes["at"] = None
    if kind is not None:
        changes["kind"] = appointments.check_kind(kind)
    for name, value, check in (
        ("title", title, appointments.check_line),
        ("where", where, appointments.check_line),
        ("driver", driver, appointments.check_line),
    ):
        if value is not None:
            changes[name] = check(value, f"--{name}")
    if note is not None:
        changes["note"] = appointments.check_note(note)
    if going is not None:
        changes["going"] = going
    if not changes and when is None:
        from partnercare.errors import InvalidInputError

        raise InvalidInputError(
            "nothing to change: give a new WHEN or an option such as --title or --driver"
        )
    with common.open_store() as store:
        item = appointments.get(store, number)
        if when is not None:
            kept = (item.day, None if all_day else item.at)
            changes["day"], changes["at"] = appointments.parse_when(when, now=now, keep=kept)
        changed = appointments.edit(store, item, changes)
    saved(f"appointment {number} was changed")
    print_message(f"Changed appointment {number}.")
    _show_changed([changed], now.date(), as_json=as_json)


@app.command(
    "cancel",
    help="Cancel an appointment, or with --series the rest of its series. It stays in the "
    "list, marked cancelled, and the calendar export tells your calendar.",
    epilog=examples(
        "partnercare appointments cancel 14",
        "partnercare appointments cancel 14 --series --yes",
    ),
)
def cancel(
    appointment_id: Id,
    *,
    series: Annotated[
        bool,
        typer.Option("--series", help="This one and the rest of its series still to come."),
    ] = False,
    undo: Annotated[bool, typer.Option("--undo", help="Plan a cancelled appointment again.")] = (
        False
    ),
    yes: Yes = False,
    as_json: Json = False,
) -> None:
    from partnercare import appointments, clock
    from partnercare.cli.output import print_message, saved

    today = clock.today()
    number = appointments.parse_id(appointment_id)
    with common.open_store() as store:
        item = appointments.get(store, number)
        if undo:
            if item.state != "cancelled":
                print_message(f"Appointment {number} is not cancelled; nothing changed.")
                _show_changed([item], today, as_json=as_json)
                return
            restored = appointments.restore(store, item, whole_series=series, today=today)
            what = _count(len(restored))
            saved(f"{what} {'was' if len(restored) == 1 else 'were'} planned again")
            print_message(f"Planned again: {what}.")
            _show_changed(restored, today, as_json=as_json)
            return
        if item.state == "done":
            from partnercare.errors import InvalidInputError

            raise InvalidInputError(
                f"appointment {number} is marked done: it happened, so it cannot be cancelled; "
                "nothing was changed"
            )
        if item.state == "cancelled" and not series:
            print_message(f"Appointment {number} was already cancelled; nothing changed.")
            _show_changed([item], today, as_json=as_json)
            return
        what = appointments.kind_words(item).lower() + " " + appointments.on_when(item, today)
        scope = " and the rest of its series" if series and item.series_uuid else ""
        _confirm(
            f"Cancel {what}{scope}?",
            f"cancelling asks first; add --yes to cancel appointment {number}; nothing was changed",
            yes=yes,
        )
        cancelled = appointments.cancel(store, item, whole_series=series, today=today)
    if not cancelled:
        print_message("Nothing in that series is left to cancel; nothing changed.")
        return
    saved(f"{_count(len(cancelled))} {'was' if len(cancelled) == 1 else 'were'} cancelled")
    again = "it" if len(cancelled) == 1 else "them"
    command = f"partnercare appointments cancel {cancelled[0].id} --undo"
    print_message(
        f"Cancelled {_count(len(cancelled))}. To plan {again} again: "
        f"{command}{' --series' if len(cancelled) > 1 else ''}"
    )
    _show_changed(cancelled, today, as_json=as_json)


@app.command(
    "done",
    help="Record that an appointment happened, and whether you went along, when no "
    "check-in did (a check-in that logs an infusion marks that day's infusion done).",
    epilog=examples("partnercare appointments done 14 --went"),
)
def done(
    appointment_id: Id,
    *,
    went: Annotated[
        bool | None,
        typer.Option("--went/--did-not-go", help="Whether you went along.", show_default=False),
    ] = None,
    as_json: Json = False,
) -> None:
    from partnercare import appointments, clock
    from partnercare.cli.output import print_message, saved

    today = clock.today()
    number = appointments.parse_id(appointment_id)
    with common.open_store() as store:
        item = appointments.get(store, number)
        changed = appointments.mark_done(store, item, went, today)
    saved(f"appointment {number} was marked done")
    print_message(f"Marked appointment {number} done.")
    _show_changed([changed], today, as_json=as_json)


@app.command(
    "export",
    help="Write the appointments as an iCalendar (.ics) file for Google Calendar, Apple "
    "Calendar, Thunderbird or Outlook, with a reminder the evening before each infusion. "
    "Importing it again updates the same events.",
    epilog=examples(
        "partnercare appointments export --output course.ics",
        "partnercare appointments export --since today > upcoming.ics",
    ),
)
def export(
    *,
    output: common.Output = None,
    force: common.Force = False,
    since: common.Since = None,
) -> None:
    from partnercare import appointments, clock
    from partnercare.cli.output import print_message, write_output
    from partnercare.render import ics

    start = None
    if since is not None:
        from partnercare.dates import parse_date
        from partnercare.errors import InvalidInputError

        # The words every --since takes (`monday`: the last one), then those `add`
        # takes ("in 3 days"), a day only.
        try:
            start = parse_date(since, today=clock.today())
        except InvalidInputError:
            start, _ = appointments.parse_when(since, now=clock.now())
    common.check_output(output, force=force)
    store = common.open_existing_store()
    items = [] if store is None else appointments.iter_all_list(store, start)
    if store is not None:
        store.close()
    written = write_output(ics.calendar(items, now=clock.now()), output)
    if written:
        print_message(f"Exported {_count(len(items))} to {output}.")


@app.command(
    "import",
    help="Add the events of an .ics file, such as a clinic's calendar invite. Importing "
    "the same file again adds nothing; a changed event is updated. Kinds are guessed "
    "from each event's title: check them in the list.",
    epilog=examples("partnercare appointments import invite.ics"),
)
def import_(
    file: Annotated[str, typer.Argument(metavar="FILE", help="The .ics file; - reads stdin.")],
    *,
    as_json: Json = False,
) -> None:
    from partnercare import appointments, clock
    from partnercare.cli.output import print_message, saved
    from partnercare.files import read_input

    raw, source = read_input(file, limit=appointments.MAX_ICS_BYTES, outcome="nothing was imported")
    today = clock.today()
    with common.open_store() as store:
        done = appointments.import_ics(store, raw, source=source, today=today)
    saved(f"{_count(done.added)} {'was' if done.added == 1 else 'were'} imported")
    message = f"Imported {_count(done.added)} from {source}"
    if done.updated:
        message += f", updated {done.updated:,}"
    if done.unchanged:
        message += f", {done.unchanged:,} already here"
    if done.cancelled:
        message += f", cancelled {done.cancelled:,} that the calendar no longer has"
    if done.guessed:
        message += (
            f". Kinds were guessed from the event titles ({_count(done.guessed)}); "
            "check them, and fix one with: partnercare appointments edit ID --kind KIND"
        )
    print_message(message + ".")
    _show_changed(list(done.items), today, as_json=as_json)
