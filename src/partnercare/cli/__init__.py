"""Typer wiring: the root app, its one exit point, and the command groups.

Command modules stay import-light: anything heavy (questionary, the journal,
date parsing) is imported inside the command that needs it, so that
`partnercare tips 3` starts about as fast as Typer itself.
"""

from __future__ import annotations

import errno
import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Annotated, Any

import typer
import typer._click as click
from typer.core import TyperGroup

from partnercare import __version__
from partnercare.cli.help_examples import examples
from partnercare.cli.output import saved
from partnercare.errors import PartnercareError

DISCLAIMER = "partnercare offers general information and a private journal, not medical advice."
CRISIS_LINE = "In a crisis: partnercare help-now"
#: Other names for help-now, for someone who types what they feel rather than what it is called.
CRISIS_ALIASES = ("crisis", "emergency", "sos")
_CRISIS_NAMES = frozenset({*CRISIS_ALIASES, "help-now"})


def _asked_for_help(args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    """Whether the command line named the crisis screen (`sos ...`, `help now ...`)."""
    argv = kwargs.get("args", args[0] if args else None)
    words = [str(w).lower() for w in (sys.argv[1:] if argv is None else argv)]
    words = [w for w in words if not w.startswith("-")]
    if not words:
        return False
    return words[0] in _CRISIS_NAMES or (
        words[0] == "help" and len(words) > 1 and words[1] in ("now", "me", *_CRISIS_NAMES)
    )


_SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def _completion_for_a_named_shell(argv: list[str]) -> None:
    """`--install-completion zsh` / `--show-completion fish`: for the shell named.

    Typer's options are flags that guess the shell from the parent process, so
    the shell a user names was ignored (zsh asked for from bash got bash's).
    """
    # Root options only: the words before the first command (or `--`), so that
    # `journal add -- --install-completion` is a note, not a change to ~/.bashrc.
    root: list[str] = []
    for word in argv:
        if word == "--" or not word.startswith("-"):
            if root and root[-1] in ("--install-completion", "--show-completion"):
                root.append(word)  # the shell named after the flag
                continue
            break
        root.append(word)
    argv = root
    for flag in ("--install-completion", "--show-completion"):
        shell = None
        for i, word in enumerate(argv):
            if word == flag:
                shell = argv[i + 1] if i + 1 < len(argv) else ""
            elif word.startswith(flag + "="):
                shell = word.split("=", 1)[1]
        if shell is None or (flag == "--show-completion" and not shell):
            continue
        if not shell or shell.startswith("-"):
            # No shell named: the one running partnercare, as typer would guess it.
            from typer._completion_shared import _get_shell_name

            shell = _get_shell_name() or ""
            if shell not in _SHELLS:
                sys.stderr.write(
                    f"partnercare: cannot tell which shell this is; name it: "
                    f"{flag} {' | '.join(_SHELLS)}\n"
                )
                raise SystemExit(2)
        if shell not in _SHELLS:
            sys.stderr.write(
                f"partnercare: {flag} takes one of {', '.join(_SHELLS)}, not {shell!r}\n"
            )
            raise SystemExit(2)
        from typer._completion_shared import get_completion_script, install

        if flag == "--show-completion":
            sys.stdout.write(
                get_completion_script(
                    prog_name="partnercare", complete_var="_PARTNERCARE_COMPLETE", shell=shell
                )
                + "\n"
            )
            raise SystemExit(0)
        try:
            _, path = install(shell=shell, prog_name="partnercare")
        except OSError as exc:
            where = f" ({exc.filename})" if exc.filename else ""
            sys.stderr.write(
                f"partnercare: cannot install {shell} completion: "
                f"{(exc.strerror or str(exc)).lower()}{where}\n"
            )
            raise SystemExit(1) from None
        # A message, not data: stderr, like every other message.
        sys.stderr.write(f"Installed {shell} completion in {path}; it works in new terminals.\n")
        raise SystemExit(0)


class _Root(TyperGroup):
    """The one exit point: a PartnercareError from any command becomes one line and exit 1."""

    unknown_command = False
    showing_help = False

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*_LAZY_COMMANDS, *super().list_commands(ctx)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _LAZY_COMMANDS:
            command = _load_command(cmd_name)
            if self.showing_help:  # examples appear only in help
                _fit_examples(command)
            return command
        # Typed in capitals in a panic (SOS, Help-Now): still the crisis screen.
        if cmd_name.lower() in _CRISIS_NAMES:
            return _load_command("help-now")
        if cmd_name.lower() == "help":
            return super().get_command(ctx, "help")
        return super().get_command(ctx, cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """An unknown command gets the closest names (lazy ones included) and, last,
        the crisis line: someone who mistypes may be someone looking for help."""
        try:
            return self._click_resolve_command(ctx, args)
        except click.exceptions.UsageError as error:
            if args and not args[0].startswith("-"):
                from difflib import get_close_matches

                self.unknown_command = True
                names = [*self.list_commands(ctx), *CRISIS_ALIASES]
                matches = get_close_matches(args[0], names)
                if matches:
                    suggestions = ", ".join(repr(m) for m in matches)
                    error.message = f"{error.message.rstrip('.')}. Did you mean {suggestions}?"
            raise

    def main(self, *args: Any, **kwargs: Any) -> Any:
        _stand_in_for_closed_streams()
        saved(None)
        _forget_keys()
        argv = kwargs.get("args", args[0] if args else None)
        words = list(sys.argv[1:] if argv is None else argv)
        self.words = words
        _completion_for_a_named_shell(words)
        # `journal --help` and `checkin -h` only show text: no welcome, no journal made.
        self.asking_for_help = bool(
            {"--help", "-h"} & set(words[: words.index("--")] if "--" in words else words)
        )
        self.showing_help = self.asking_for_help or words[:1] == ["help"]
        try:
            if not self.showing_help:
                return super().main(*args, **kwargs)
            _fit_examples(self)
            from partnercare.cli.output import help_trimmed

            with help_trimmed():
                return super().main(*args, **kwargs)
        except OSError as exc:
            # Help or --version could not be printed (`--help >/dev/full`).
            _say(_from_os_error(exc))
            sys.exit(1)
        except SystemExit as exit_:
            if exit_.code == 2 and _asked_for_help(args, kwargs):
                # `sos please`, `help-now --countr gb`: the screen they came for, anyway.
                from partnercare.cli.help_now import show_crisis_screen

                show_crisis_screen()
            elif self.unknown_command:
                sys.stderr.write(CRISIS_LINE + "\n")
            raise

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with _usage_errors_in_one_line():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            try:
                with _usage_errors_in_one_line(ctx, getattr(self, "words", [])):
                    return super().invoke(ctx)
            except OSError as exc:
                # A write that no output guard saw (a closed pipe, a full disk): one line too.
                raise _from_os_error(exc) from None
        except PartnercareError as exc:
            _say(exc)
            raise typer.Exit(exc.exit_code) from None


@contextmanager
def _usage_errors_in_one_line(
    ctx: click.Context | None = None, words: list[str] | None = None
) -> Iterator[None]:
    """A mistyped command line (an unknown option, a bad value, a missing argument)
    gets one line on stderr, saying where help is, instead of Click's boxed usage;
    the exit code stays Click's (2, a usage error). `ctx` is the root's, and `words`
    the command line, for an error Click raises without naming its command (an
    option missing its value)."""
    try:
        yield
    except click.exceptions.UsageError as exc:
        message = exc.format_message().rstrip()
        # In the words of partnercare's other errors: lower case, no "Got".
        message = message[:1].lower() + message[1:]
        message = message.removeprefix("got ")
        context = getattr(exc, "ctx", None)
        path = context.command_path if context is not None else _command_path(ctx, words)
        end = "" if message.endswith((".", "?")) else "."
        message = f"{message}{end} See '{path} --help'."
        _say(PartnercareError(message))
        raise typer.Exit(exc.exit_code) from None


def _command_path(ctx: click.Context | None, words: list[str] | None) -> str:
    """The command the command line's first words name: `partnercare journal search`."""
    if ctx is None:
        return "partnercare"
    path = [ctx.command_path]
    command: click.Command = ctx.command
    for word in words or []:
        if word.startswith("-"):
            continue  # an option (`partnercare --json journal list`)
        found = command.get_command(ctx, word) if isinstance(command, TyperGroup) else None
        if found is None:
            break
        path.append(word)
        command = found
    return " ".join(path)


def _say(exc: PartnercareError) -> None:
    """The one line on stderr, if stderr can take it (`2>&-` leaves only the exit code)."""
    from partnercare.cli.output import print_error

    if getattr(exc, "quiet", False):
        return
    with suppress(OSError, ValueError):
        print_error(str(exc))


def _from_os_error(exc: OSError) -> PartnercareError:
    """An OSError that reached the exit point: a file no command named, else the output."""
    if exc.filename is not None:
        return PartnercareError(f"cannot use {exc.filename}: {exc.strerror or exc}")
    from partnercare.cli.output import output_failed

    return output_failed(exc)


class _ClosedStream(io.TextIOBase):
    """What a standard stream the shell closed (`<&-`, `>&-`) is while partnercare runs:
    Python leaves None there; this fails every read and write with EBADF, as an
    unusable stream does, so the usual one line follows instead of an AttributeError."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    @property
    def buffer(self) -> _ClosedStream:
        return self

    def _closed(self) -> OSError:
        return OSError(errno.EBADF, "it is closed")

    def read(self, size: int | None = -1) -> str:
        raise self._closed()

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        raise self._closed()

    def write(self, text: str) -> int:
        raise self._closed()

    def isatty(self) -> bool:
        return False


def _stand_in_for_closed_streams() -> None:
    for name in ("stdin", "stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, _ClosedStream(name))


app = typer.Typer(
    cls=_Root,
    name="partnercare",
    help=(
        f"{CRISIS_LINE}\n\n"
        "A private companion for supporting a partner through depression, anxiety or PTSD "
        "and treatment such as ketamine therapy: tips, a daily check-in and a local journal.\n\n"
        f"{DISCLAIMER}"
    ),
    epilog=examples(
        ("partnercare", "today's screen"),
        ("partnercare tips 4", "read tip 4"),
        ("partnercare help-now", "crisis lines, any time"),
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
    asking_for_help = getattr(ctx.command, "asking_for_help", False)
    name = (ctx.invoked_subcommand or "").lower()
    if name not in _NO_WELCOME and not asking_for_help:
        _welcome_once()
        _settings_out_of_the_database()
    if name not in _NO_PASSPHRASE and not asking_for_help:
        # An encrypted journal's passphrase, before anything else happens: before the
        # check-in's questions, before the editor opens (nothing for a plain journal).
        from partnercare.cli.common import journal_key

        journal_key()
    if ctx.invoked_subcommand is None:
        from partnercare.cli.today import show_today

        show_today(as_json=as_json)


def _welcome_once() -> None:
    """On the very first run, say what partnercare is and is not, and create its data file."""
    from partnercare import paths

    if paths.db_path().exists():
        return
    from partnercare.cli.common import open_store
    from partnercare.cli.output import print_message
    from partnercare.errors import PartnercareError

    try:
        open_store().close()
    except PartnercareError:
        return  # the command itself says what is wrong, in one line
    # Short lines (print_message wraps them to the terminal): the first thing
    # anyone reads, perhaps on a bad day.
    print_message(
        "Welcome. partnercare offers general information, not medical advice.\n"
        f"What you write stays private, on this computer, in {paths.data_dir()}\n"
        f"{CRISIS_LINE}"
    )


@app.command("help", hidden=True)
def help_command(
    ctx: typer.Context,
    topic: Annotated[list[str] | None, typer.Argument(hidden=True)] = None,
) -> None:
    """The main help with the crisis line at its top; `help now` is the crisis screen,
    and `help COMMAND` that command's help."""
    words = [word.lower() for word in topic or []]
    if words and words[0] in ("now", "me", *CRISIS_ALIASES):
        from partnercare.cli.help_now import show_crisis_screen

        show_crisis_screen()
        return
    parent = ctx.parent or ctx
    command = _Root.get_command(app_group(parent), parent, words[0]) if words else None
    typer.echo(f"{CRISIS_LINE}\n")
    if command is not None:
        typer.echo(command.get_help(click.Context(command, info_name=words[0], parent=parent)))
    else:
        typer.echo(parent.get_help())


def app_group(ctx: click.Context) -> _Root:
    command = ctx.command
    assert isinstance(command, _Root)
    return command


# The crisis screen comes first and must not depend on anything being written;
# `help` only shows text; `trends`, `report` and `backup` only read the journal (on a
# new install they say there is nothing yet) and must not create it; `restore`
# creates it only from a backup it has checked.
_NO_WELCOME = frozenset(
    {"help-now", *CRISIS_ALIASES, "help", "trends", "report", "backup", "restore"}
)


# Commands that never ask for an encrypted journal's passphrase: the crisis screen and
# the tips work while it is locked; `encrypt` asks for a new one; `lock` only says how.
_NO_PASSPHRASE = frozenset({"help-now", *CRISIS_ALIASES, "help", "tips", "encrypt", "lock"})


def _forget_keys() -> None:
    """Each command finds its key afresh (a process runs one; tests run many)."""
    module = sys.modules.get("partnercare.cli.common")
    if module is not None:
        module.forget_key()


def _settings_out_of_the_database() -> None:
    """Once: copy a 0.1 database's settings into settings.json, so that help-now never
    needs to look inside the journal. Best effort; help-now can still read them there."""
    from partnercare import settings

    with suppress(Exception):  # never in the way of the command the user ran
        settings.adopt_legacy()


# Command name -> (module, attribute). Each command's Click object is built only
# when that command runs (or help lists it): Typer otherwise inspects every
# command's signature on every start, which cost `tips 3` about 8 ms.
_LAZY_COMMANDS = {
    "checkin": ("partnercare.cli.checkin", "checkin_command"),
    "tips": ("partnercare.cli.tips", "tips_command"),
    "journal": ("partnercare.cli.journal", "app"),
    "appointments": ("partnercare.cli.appointments", "app"),
    "trends": ("partnercare.cli.trends", "trends_command"),
    "report": ("partnercare.cli.report", "report_command"),
    "backup": ("partnercare.cli.backup", "backup_command"),
    "restore": ("partnercare.cli.restore", "restore_command"),
    "encrypt": ("partnercare.cli.encryption", "encrypt_command"),
    "decrypt": ("partnercare.cli.encryption", "decrypt_command"),
    "passphrase": ("partnercare.cli.encryption", "passphrase_command"),
    "unlock": ("partnercare.cli.encryption", "unlock_command"),
    "lock": ("partnercare.cli.encryption", "lock_command"),
    "help-now": ("partnercare.cli.help_now", "help_now"),
}


def _load_command(name: str) -> click.Command:
    import importlib

    module_name, attribute = _LAZY_COMMANDS[name]
    module = importlib.import_module(module_name)
    target = getattr(module, attribute)
    if isinstance(target, typer.Typer):
        command = typer.main.get_command(target)
    else:
        single = typer.Typer(add_completion=False)
        # A module with several commands has HELPS: name -> (help, epilog).
        helps = getattr(module, "HELPS", {})
        help_, epilog = helps[name] if name in helps else (module.HELP, module.EPILOG)  # noqa: SIM401
        single.command(name, help=help_, epilog=epilog)(target)
        command = typer.main.get_command(single)
    command.name = name
    return command


def _fit_examples(command: click.Command) -> None:
    """The --help examples laid out for the width help is shown at (stdout's)."""
    from partnercare import terminal
    from partnercare.cli.help_examples import fit

    fit(command, terminal.width(sys.stdout))


def main() -> None:
    _stop_like_ctrl_c()
    app(prog_name="partnercare")


def _stop_like_ctrl_c() -> None:
    """SIGTERM and SIGHUP (the terminal closed) interrupt like Ctrl-C, so the
    editor's note and a half-written export are removed on the way out."""
    import signal

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), interrupt)
