"""The examples at the foot of each --help, laid out for the terminal's width.

An example is a command, or a command and what it does. Commands are written
once, with `examples()`, in the wide layout; `fit()` lays every command's
examples out again for the width help is shown at, so that a command is never
wrapped in the middle by the terminal: at a narrow width each description goes
on its own line (as a shell comment), and a command too long for a line is
broken between words with a shell continuation (` \\`), so it still runs as
copied.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer._click as click

HEADING = "Examples:"
_INDENT = "  "
# A continuation line is indented further, so it reads as part of the command.
_MORE = "    "
_GAP = "   "
# The wide layout's gap: three spaces or more part a command from its description.
_SPLIT = re.compile(r" {3,}")
# Rich pads an epilog by one column on each side.
_PADDING = 2


def examples(*items: str | tuple[str, str]) -> str:
    """An --help epilog: each item a command, or (command, what it does)."""
    pairs = [(item, "") if isinstance(item, str) else item for item in items]
    # The empty first line keeps the indents: typer removes the indent common to
    # all lines after the first (inspect.cleandoc), then leading empty lines.
    return "\n".join(["", HEADING, *_wide(pairs)])


def fit(command: click.Command, width: int) -> None:
    """Lay out the examples of command and its subcommands for `width` columns."""
    source = getattr(command, "_examples_source", None)
    if source is None and command.epilog and command.epilog.startswith(f"\n{HEADING}"):
        source = command.epilog
        command._examples_source = source  # type: ignore[attr-defined]
    if source is not None:
        command.epilog = fitted(source, width)
    for sub in getattr(command, "commands", {}).values():
        fit(sub, width)


def fitted(epilog: str, width: int) -> str:
    """An `examples()` epilog laid out for `width` columns."""
    pairs = _parse(epilog)
    room = max(width - _PADDING, 20)
    wide = _wide(pairs)
    if all(len(line) <= room for line in wide):
        return "\n".join(["", HEADING, *wide])
    lines = ["", HEADING]
    for command, description in pairs:
        if description:
            lines.extend(_comment(description, room))
        lines.extend(_broken(command, room))
    return "\n".join(lines)


def _parse(epilog: str) -> list[tuple[str, str]]:
    pairs = []
    for line in epilog.splitlines()[2:]:
        command, *description = _SPLIT.split(line.strip(), maxsplit=1)
        pairs.append((command, description[0] if description else ""))
    return pairs


def _wide(pairs: list[tuple[str, str]]) -> list[str]:
    column = max((len(command) for command, description in pairs if description), default=0)
    return [
        f"{_INDENT}{command.ljust(column)}{_GAP}{description}"
        if description
        else f"{_INDENT}{command}"
        for command, description in pairs
    ]


def _comment(description: str, room: int) -> list[str]:
    import textwrap

    return textwrap.wrap(
        description, room, initial_indent=f"{_INDENT}# ", subsequent_indent=f"{_INDENT}# "
    )


def _broken(command: str, room: int) -> list[str]:
    """The command on lines of at most `room` columns, broken between words (never
    inside quotes; after a `|` or `&&` first), each line but the last ending in a
    shell continuation."""
    if len(_INDENT) + len(command) <= room:
        return [_INDENT + command]
    words = _WORD.findall(command) or [command]
    lines: list[str] = []
    line = ""
    for number, word in enumerate(words, start=1):
        last = number == len(words)
        # Room for the continuation mark too, unless the command ends here.
        mark = 0 if last else len(" \\")
        if line and len(line) + 1 + len(word) + mark <= room:
            line += " " + word
        else:
            if line:
                lines.append(line + " \\")
            line = (_INDENT if not lines else _MORE) + word
        if word in _PIPES and not last:
            lines.append(line + " \\")
            line = ""
    lines.append(line)
    return lines


# A command's shell words, quoted strings kept whole.
_WORD = re.compile(r"""(?:'[^']*'|"(?:[^"\\]|\\.)*"|[^\s'"])+""")
_PIPES = frozenset({"|", "&&", "||", ";"})
