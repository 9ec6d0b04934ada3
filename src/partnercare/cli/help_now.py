"""`partnercare help-now` (also `crisis`, `sos`, `emergency`): crisis lines and support.

What it guarantees (docs/crisis-help.md): the crisis screen is printed and the
command exits 0 whatever state the data is in. It never opens the journal
database for writing, never waits on a lock, and never asks for a passphrase:
the country and the user's own contacts come from `settings.json`, and
anything that cannot be read becomes one line on the screen, above the lines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from partnercare.cli import common
from partnercare.cli.help_examples import examples
from partnercare.cli.output import print_error, print_json, print_message

if TYPE_CHECKING:
    from partnercare.settings import Change, Loaded

HELP = (
    "Crisis lines and support for you and your partner, your own saved contacts first. "
    "In immediate danger, call your local emergency number."
)
EPILOG = examples(
    "partnercare help-now",
    ("partnercare help-now --worried", "if you are worried about suicide"),
    "partnercare help-now --country GB --save",
    ("partnercare help-now --add-contact", "save your own people, step by step"),
    'partnercare help-now --contact "Dr Lee=555 0100" --role clinician',
    'partnercare help-now --remove-contact "Dr Lee"',
    'partnercare help-now --safety-plan "blue folder on the fridge"',
)
NO_TERMINAL_CONTACT = (
    "--add-contact asks its questions in a terminal, and this is not one; "
    'use --contact "NAME=NUMBER" --role ROLE instead'
)


def help_now(
    *,
    country: Annotated[
        str | None,
        typer.Option(
            "--country",
            "-c",
            metavar="CODE",
            help="Two-letter country code: US, GB (or UK), IE, CA, AU, NZ; 'other' for the "
            "international directory. Others get the international directory too.",
        ),
    ] = None,
    save: Annotated[bool, typer.Option("--save", help="Remember --country for next time.")] = False,
    worried: Annotated[
        bool,
        typer.Option("--worried", "-w", help="Add what to do if you are worried about suicide."),
    ] = False,
    add_contact: Annotated[
        bool,
        typer.Option(
            "--add-contact", help="Save your own crisis contacts, asked step by step in a terminal."
        ),
    ] = False,
    contact: Annotated[
        list[str] | None,
        typer.Option(
            "--contact",
            metavar="NAME=NUMBER",
            help="Save a contact (one of the same name is replaced); repeat for more.",
        ),
    ] = None,
    role: Annotated[
        str | None,
        typer.Option(
            "--role",
            metavar="ROLE",
            help="With --contact: clinician (their clinician or after-hours line), clinic, "
            "trusted (a trusted person, the default) or own-support.",
        ),
    ] = None,
    remove_contact: Annotated[
        str | None,
        typer.Option("--remove-contact", metavar="NAME", help="Forget a saved contact."),
    ] = None,
    safety_plan: Annotated[
        str | None,
        typer.Option(
            "--safety-plan",
            metavar="WHERE",
            help="Where your partner's safety plan (made with their treatment team) is kept; "
            "shown with your contacts. '' forgets it.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the resources as JSON.")] = False,
) -> None:
    """1. Save what was asked to be saved (whatever fails is one line on stderr);
    2. the crisis screen, always; 3. the first time in a terminal, ask the country
    and show its lines if they differ; 4. exit 1 only if something asked for failed."""
    changing = bool(save or contact or remove_contact is not None or safety_plan is not None)
    failed = False
    try:
        from partnercare.errors import InvalidInputError

        if save and country is None:
            raise InvalidInputError("--save needs --country CODE; nothing was saved")
        if role is not None and not contact:
            raise InvalidInputError("--role goes with --contact NAME=NUMBER; nothing was saved")
        if changing:
            change = _changes(
                country if save else None, contact or [], role, remove_contact, safety_plan
            )
            failed = not _save(change)
        elif add_contact:
            if not common.interactive():
                from partnercare.errors import InvalidInputError

                raise InvalidInputError(NO_TERMINAL_CONTACT)
            failed = not _add_contacts_interactively()
    except Exception as exc:  # nothing asked for may stop the screen below
        from partnercare.errors import PartnercareError

        print_error(
            str(exc) if isinstance(exc, PartnercareError) else f"nothing was saved: {exc!r}"
        )
        failed = True
    show_crisis_screen(country=country, worried=worried, as_json=as_json)
    if country is None and not (as_json or changing or add_contact or failed):
        _ask_country_after_the_screen(worried=worried)
    if failed:
        raise typer.Exit(1)


def _ask_country_after_the_screen(*, worried: bool) -> None:
    """The first time in a terminal: the lines are already on screen; ask where the
    user is, and if the answer is not what was shown, show that country's lines."""
    from partnercare import resources

    if not common.interactive() or common.plain_terminal():
        return
    chosen = ask_country_once()
    if chosen is not None and chosen != resources.for_country(None).requested:
        print()
        show_crisis_screen(country=chosen, worried=worried)


# -- the screen, shared with the check-in ----------------------------------------------


def _load_settings() -> Loaded:
    from partnercare import settings

    try:
        return settings.load()
    except Exception:  # load() does not raise; this is a last guard
        return settings.Loaded(settings.Settings(), ("your saved settings could not be read",))


def show_crisis_screen(
    *,
    country: str | None = None,
    worried: bool = False,
    as_json: bool = False,
    stderr: bool = False,
) -> None:
    """The crisis screen (or its JSON), with the user's own people first.

    Nothing about the saved data can stop it: settings that cannot be read give
    the default country and one line saying so.
    """
    from partnercare import resources, settings

    loaded = _load_settings()
    found = resources.for_country(country or loaded.settings.country)
    contacts = settings.ordered_contacts(loaded.settings)
    plan = loaded.settings.safety_plan
    guidance = resources.worried_guidance() if worried else None
    if as_json:
        from partnercare.render import json as shapes

        print_json(
            shapes.crisis_screen(
                found, contacts=contacts, plan=plan, problems=loaded.problems, worried=guidance
            )
        )
        return
    from partnercare.cli.output import show
    from partnercare.render.screen import crisis_screen

    screen = crisis_screen(
        found, contacts=contacts, plan=plan, problems=loaded.problems, guidance=guidance
    )
    show(screen, stderr=stderr)


# -- saving ------------------------------------------------------------------------------


def _changes(
    country: str | None,
    contacts: list[str],
    role: str | None,
    remove: str | None,
    plan_where: str | None,
) -> Change:
    """What to save, checked before anything is written."""
    from partnercare import resources, settings
    from partnercare.errors import InvalidInputError

    code = None
    if country is not None:
        found = resources.for_country(country or "?")
        if found.country is None and found.requested != settings.COUNTRY_OTHER:
            known = ", ".join(resources.supported_countries())
            raise InvalidInputError(
                f"no verified crisis lines for {country.strip()[:20]!r} to save: choose "
                f"{known}, or 'other' to remember the international directory"
            )
        code = found.requested
    return settings.Change(
        country=code,
        add=tuple(
            settings.parse_contact(c, settings.DEFAULT_ROLE if role is None else role)
            for c in contacts
        ),
        remove=remove,
        plan=settings.make_plan("yes", plan_where) if plan_where and plan_where.strip() else None,
        forget_plan=plan_where is not None and not plan_where.strip(),
    )


def _save(change: Change) -> bool:
    """Save the change; on failure say why in one line (the screen still follows)."""
    from partnercare import settings
    from partnercare.errors import PartnercareError

    try:
        settings.update(change.apply)
    except PartnercareError as exc:
        print_error(str(exc))
        return False
    from partnercare.cli.output import saved

    # If the screen then cannot be shown (a closed stdout), the one line says so.
    saved("your help-now settings were saved")
    if change.remove is not None:
        print_message(f"Removed {' '.join(change.remove.split())} from your contacts.")
    for contact in change.add:
        print_message(
            f"Saved {contact.name} ({settings.ROLES[contact.role]}): "
            "help-now shows your people first."
        )
    if change.country is not None:
        print_message(f"Saved: help-now will show {_country_words(change.country)} from now on.")
    if change.plan is not None:
        print_message("Saved where the safety plan is kept.")
    elif change.forget_plan:
        print_message("Forgot where the safety plan is kept.")
    return True


def _country_words(code: str) -> str:
    from partnercare import resources

    name = resources.supported_countries().get(code)
    return f"the lines for {name}" if name else "the international directory"


# -- asked in a terminal -----------------------------------------------------------------


def ask_country_once(*, cancel: bool = False) -> str | None:
    """Ask where the user is, the first time it matters, and remember it; the answer,
    or None when nothing was asked or nothing chosen.

    Asked only while no country is saved (and the settings could be read). The
    answer is returned even if it cannot be saved, so that this run still shows the
    right lines. Anything else that goes wrong is one line at most: help must not
    depend on it. With cancel, Ctrl-C here raises CancelledError (the check-in stops).
    """
    from partnercare import prompts, resources, settings
    from partnercare.errors import CancelledError, PartnercareError

    loaded = _load_settings()
    if loaded.settings.country is not None or loaded.problems:
        return None
    try:
        code = prompts.ask_country(resources.supported_countries(), other=settings.COUNTRY_OTHER)
    except CancelledError:
        if cancel:
            raise
        return None
    except Exception:  # a terminal questionary cannot drive: help first, ask next time
        return None
    if code is None:  # skipped with Esc: asked again another time
        return None
    try:
        settings.update(lambda current: current._replace(country=code))
    except PartnercareError as exc:
        print_error(f"{exc} (your country was not saved)")
    return code


def _add_contacts_interactively() -> bool:
    """Ask for contacts one by one (each saved at once), then about the safety plan.

    Ctrl-C stops asking; what was saved before it stays saved.
    """
    from partnercare import prompts, settings
    from partnercare.errors import CancelledError, PartnercareError

    def check_number(name: str, number: str) -> str | None:
        """The error sentence for a contact as typed so far, or None when it is fine."""
        try:
            settings.make_contact(name, number, settings.DEFAULT_ROLE)
        except PartnercareError as exc:
            return str(exc)
        return None

    def check_name(name: str) -> str | None:
        return check_number(name, "000")  # a stand-in number: only the name is judged

    print_message(
        "Save the few people who matter most in a crisis: your partner's clinician or their "
        "after-hours line, the treatment clinic, someone you trust, your own support. "
        "They stay on this computer and show first on the crisis screen."
    )
    try:
        while True:
            answered = prompts.ask_contact(settings.ROLES, check_name, check_number)
            if answered is None:
                break
            contact = settings.make_contact(*answered)
            if not _save(settings.Change(add=(contact,))):
                return False
            if not prompts.ask_another("Add another contact?"):
                break
        has, where = prompts.ask_safety_plan(settings.PLAN_ANSWERS)
        plan = settings.make_plan(has, where)
        settings.update(lambda current: current._replace(safety_plan=plan))
    except CancelledError:
        print_message("Stopped. Anything saved before stays saved.")
    except PartnercareError as exc:
        print_error(str(exc))
        return False
    return True
