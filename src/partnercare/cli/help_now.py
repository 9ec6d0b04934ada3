"""`partnercare help-now`: crisis lines and support, at any time."""

from __future__ import annotations

from typing import Annotated

import typer

from partnercare.cli.output import examples, print_json, print_message, show

HELP = (
    "Crisis lines and support for you and your partner. "
    "In immediate danger, call your local emergency number."
)
EPILOG = examples(
    "partnercare help-now",
    "partnercare help-now --country GB",
    "partnercare help-now --country IE --save",
)
COUNTRY_SETTING = "country"


def help_now(
    *,
    country: Annotated[
        str | None,
        typer.Option(
            "--country",
            "-c",
            metavar="CODE",
            help="Two-letter country code: US, GB (or UK), IE, CA, AU, NZ. Others get the "
            "international directory.",
        ),
    ] = None,
    save: Annotated[bool, typer.Option("--save", help="Remember --country for next time.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the resources as JSON.")] = False,
) -> None:
    from partnercare import resources
    from partnercare.store import Store

    if save and country is None:
        raise typer.BadParameter("--save needs --country CODE")
    if country is None:
        store = Store.open_existing()
        if store is not None:
            with store:
                country = store.get_setting(COUNTRY_SETTING)
    found = resources.for_country(country)
    if as_json:
        print_json(resources.to_json(found))
    else:
        from partnercare.render import crisis_screen

        show(crisis_screen(found))
    if save and country is not None:
        with Store.open() as store:
            store.set_setting(COUNTRY_SETTING, found.requested)
        print_message(f"Saved: help-now will show {found.requested} from now on.")
