"""`partnercare checkin`: the daily check-in, asked in the terminal or read from a file.

Import-light at the top (typer and the standard library): the journal, the store,
rich and questionary are imported inside the command.
"""

from __future__ import annotations

import sys
from contextlib import suppress
from typing import TYPE_CHECKING, Annotated

import typer

from partnercare.cli import common
from partnercare.cli.help_examples import examples

if TYPE_CHECKING:
    from datetime import date

    from partnercare.checkin import Checkin
    from partnercare.checkin.service import History, Saved
    from partnercare.store import Store

HELP = (
    "The daily check-in: how your partner seemed, how you are, what you did together "
    "and for yourself, in under a minute. Saved in your journal, one per day; every "
    "14 days it offers the WHO-5 Well-Being Index (World Health Organization, 1998). "
    "A worry about anyone's safety shows the crisis screen at once. Not medical advice."
)
EPILOG = examples(
    ("partnercare checkin", "answer with arrow keys and Enter"),
    ("partnercare checkin --date yesterday", "backfill or amend a day"),
    ("partnercare checkin --weekly", "answer the WHO-5 now"),
    ("partnercare checkin --answers today.json", "from a file (- is stdin)"),
    ("partnercare checkin --schema", "the answers file's JSON Schema"),
)
NO_TERMINAL = (
    "the check-in asks its questions in a terminal, and stdin is not one; "
    "from a script, use --answers FILE (or --answers - for stdin)"
)

PLAIN_TERMINAL = (
    "this terminal (TERM=dumb) cannot show the check-in's questions; "
    "answer in a file instead: partnercare checkin --answers FILE (see --schema)"
)

# -- seams the tests replace ----------------------------------------------------


def _read_answers(source: str) -> object:
    """The JSON in FILE (or stdin for `-`), or a one-line InvalidInputError."""
    from partnercare.files import load_json, read_input

    raw, name = read_input(source, limit=10_000_000)  # answers are a few hundred bytes
    return load_json(raw, name, outcome="nothing was saved")


def _ask(
    history: History,
    *,
    weekly: bool,
    day_words: str,
    country: str | None,
    defaults: dict[str, object] | None = None,
) -> Checkin:
    """The questions in the terminal; a worry about safety shows the crisis screen at once.
    `defaults`: what Enter picks instead of the usual (the day's appointment)."""
    from dataclasses import replace

    from partnercare import checkin, prompts

    def crisis_screen_now() -> None:
        from partnercare.cli.help_now import show_crisis_screen

        print()
        show_crisis_screen(country=country, worried=True)
        print()

    given = defaults or {}
    questions = [
        replace(q, default=given[q.key]) if q.key in given else q  # type: ignore[arg-type]
        for q in checkin.questions()
    ]
    raw = prompts.ask_checkin(
        questions,
        ask_who5=weekly,
        offer_who5=history.needs_who5 and not weekly,
        day_words=day_words,
        on_worry=crisis_screen_now,
    )
    return checkin.validate(raw)


def _ask_country_once() -> str | None:
    """The first interactive check-in asks for the country, so that the crisis screen
    shows the right lines when it matters (this time, even if it cannot be saved)."""
    from partnercare.cli.help_now import ask_country_once

    return ask_country_once(cancel=True)


def _appointment_defaults(store: Store, day: date) -> dict[str, object]:
    """On a day with an infusion or therapy appointment, the treatment question
    starts on it, and "did you go along" on whether the user said they would."""
    from partnercare import appointments
    from partnercare.errors import PartnercareError

    try:
        return appointments.checkin_defaults(appointments.on_day(store, day))
    except PartnercareError:
        return {}  # never in the way of the check-in


def _going_from_the_appointment(store: Store, day: date, raw: object, given: Checkin) -> Checkin:
    """An answers file that logs the day's treatment but leaves out "did you go along"
    takes the answer from the appointment (`--going`), as the questions would have
    started on it; the check-in and the appointment then say the same."""
    from partnercare import checkin

    if not isinstance(raw, dict) or "accompanied" in raw or given.treatment == "none":
        return given
    defaults = _appointment_defaults(store, day)
    if defaults.get("treatment") != given.treatment or "accompanied" not in defaults:
        return given
    return checkin.validate({**raw, "accompanied": defaults["accompanied"]})


def _crisis_screen_first(raw: object, *, stderr: bool) -> None:
    """An answers file that says someone's safety is a worry gets the crisis screen
    before anything else is checked or saved: whatever fails next, help was shown."""
    from partnercare import checkin
    from partnercare.cli.help_now import show_crisis_screen

    alarm = checkin.question("safety").alarm
    said = raw.get("safety") if isinstance(raw, dict) else None
    if isinstance(said, str):
        # Read generously here ("Yes", "not sure"): validation comes after the screen.
        said = "unsure" if said.strip().lower() == "not sure" else said.strip().lower()
    if said in alarm or said is True:
        from partnercare.errors import PartnercareError

        try:
            show_crisis_screen(worried=True, stderr=stderr)
            print("", file=sys.stderr if stderr else sys.stdout)
        except (OSError, PartnercareError):
            # stdout is gone (`| head -1` closed it): the screen goes to stderr instead,
            # and the check-in that says someone may be in danger is still saved.
            with suppress(OSError, PartnercareError):
                show_crisis_screen(worried=True, stderr=True)


def _confirm_replace(store: Store, day: date, today: date) -> bool:
    """Interactively, a second check-in for a day asks before replacing the first."""
    from partnercare import journal, prompts
    from partnercare.dates import describe

    if journal.checkin_on(store, day) is None:
        return True
    when = "today" if day == today else describe(day)
    return prompts.confirm(f"You already checked in for {when}. Replace that check-in?")


# -- the command ----------------------------------------------------------------


def checkin_command(
    *,
    answers: Annotated[
        str | None,
        typer.Option(
            "--answers",
            "-a",
            metavar="FILE",
            help="Read the answers from a JSON file (- for stdin) instead of asking. "
            "See --schema for the fields.",
        ),
    ] = None,
    day_text: Annotated[
        str | None,
        typer.Option(
            "--date",
            "-d",
            metavar="DATE",
            help="The day to check in for: ISO (2026-11-25) or words (yesterday, "
            "'3 days ago', 'last monday'). A day's check-in replaces its earlier one.",
        ),
    ] = None,
    weekly: Annotated[
        bool,
        typer.Option(
            "--weekly", help="Answer the WHO-5 now (it is offered by itself every 14 days)."
        ),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the saved check-in as JSON.")
    ] = False,
    schema: Annotated[
        bool, typer.Option("--schema", help="Print the answers file's JSON Schema and exit.")
    ] = False,
) -> None:
    """1. Read the answers (file, or prompts in a terminal); 2. save; 3. crisis screen
    first if anyone's safety is a worry; 4. the day's summary, WHO-5 and nudges."""
    from partnercare import checkin, clock
    from partnercare.checkin import service as daily
    from partnercare.cli.output import print_json, print_message
    from partnercare.dates import day_words

    if schema:
        print_json(checkin.json_schema())
        return
    if answers is not None:
        raw = _read_answers(answers)
        _crisis_screen_first(raw, stderr=as_json)
        given = checkin.validate(raw)
    elif not common.stdin_is_terminal():
        from partnercare.errors import InvalidInputError

        raise InvalidInputError(NO_TERMINAL)
    elif common.plain_terminal():
        from partnercare.errors import InvalidInputError

        raise InvalidInputError(PLAIN_TERMINAL)
    today = clock.today()
    day = daily.parse_day(day_text, today)
    with common.open_store() as store:
        if answers is None:
            if not _confirm_replace(store, day, today):
                print_message("Kept the check-in you already have; nothing changed.")
                return
            country = _ask_country_once()
            past = daily.history(store, day)
            words = day_words(day, today)
            given = _ask(
                past,
                weekly=weekly,
                day_words=words,
                country=country,
                defaults=_appointment_defaults(store, day),
            )
        else:
            past = daily.history(store, day)
            given = _going_from_the_appointment(store, day, raw, given)
        # An answers file that leaves "accompanied" out says nothing about going along:
        # the appointment keeps what the user said there.
        told = answers is None or (isinstance(raw, dict) and "accompanied" in raw)
        saved = daily.save(store, day, given, past, today=today, accompanied_given=told)
    from partnercare.cli.output import saved as say_saved
    from partnercare.dates import describe

    say_saved(f"the check-in for {describe(day)} was saved")
    if as_json:
        from partnercare.render import json as shapes

        print_json(shapes.saved_checkin(saved))
        return
    _show_result(saved, day, today)


def _show_result(saved: Saved, day: date, today: date) -> None:
    from partnercare.cli.output import print_message, show
    from partnercare.dates import describe
    from partnercare.render.screen import checkin_result

    when = "today" if day == today else describe(day)
    verb = "Replaced the check-in for" if saved.replaced else "Saved your check-in for"
    heading = f"{verb} {when} (journal entry #{saved.entry.id})."
    print_message(heading)
    show(checkin_result(saved.summary, saved.who5_text, saved.nudges))
