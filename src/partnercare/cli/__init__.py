"""Typer wiring: the root app, its one exit point, and the command groups.

Command modules stay import-light: anything heavy (questionary, the journal,
date parsing) is imported inside the command that needs it, so that
`partnercare tips 3` starts about as fast as Typer itself.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
import typer._click as click
from typer.core import TyperGroup

from partnercare import __version__
from partnercare.cli.output import examples
from partnercare.errors import PartnercareError

DISCLAIMER = "partnercare offers general information and a private journal, not medical advice."


class _Root(TyperGroup):
    """The one exit point: a PartnercareError from any command becomes one line and exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PartnercareError as exc:
            from partnercare.cli.output import print_error

            print_error(str(exc))
            raise typer.Exit(exc.exit_code) from None


app = typer.Typer(
    cls=_Root,
    name="partnercare",
    help=(
        "A private companion for supporting a partner through depression, anxiety or PTSD "
        "and treatment such as ketamine therapy: tips, a daily check-in and a local journal.\n\n"
        f"{DISCLAIMER} In a crisis run: partnercare help-now"
    ),
    epilog=examples(
        "partnercare                 today's screen",
        "partnercare tips 4          read tip 4",
        "partnercare help-now        crisis lines, any time",
    ),
    invoke_without_command=True,
    no_args_is_help=False,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"partnercare {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    *,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print today's summary as JSON.")] = False,
) -> None:
    """Run without a command for today's screen."""
    _welcome_once()
    if ctx.invoked_subcommand is None:
        from partnercare.cli.today import show_today

        show_today(as_json=as_json)


def _welcome_once() -> None:
    """On the very first run, say what partnercare is and is not, and create its data file."""
    from partnercare import paths

    if paths.db_path().exists():
        return
    from partnercare.cli.output import print_message
    from partnercare.store import Store

    Store.open().close()
    print_message(
        f"Welcome to partnercare. {DISCLAIMER} Everything you write stays on this computer, "
        f"in {paths.data_dir()}. In a crisis: partnercare help-now"
    )


def _register() -> None:
    from partnercare.cli import help_now, journal, tips

    app.command("tips", help=tips.HELP, epilog=tips.EPILOG)(tips.tips_command)
    app.command("help-now", help=help_now.HELP, epilog=help_now.EPILOG)(help_now.help_now)
    app.add_typer(journal.app, name="journal")
    from partnercare.cli import checkin

    app.command("checkin", help=checkin.HELP, epilog=checkin.EPILOG)(checkin.checkin_command)


_register()


def main() -> None:
    app(prog_name="partnercare")
