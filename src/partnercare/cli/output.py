"""The CLI's output: data to stdout, messages and errors to stderr (files: `files.py`)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from partnercare.text import neutralise, neutralise_json

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from rich.console import RenderableType


def examples(*lines: str) -> str:
    """An --help epilog listing examples, one per line."""
    return "\n".join(["Examples:", *(f"  {line}" for line in lines)])


def print_error(message: str) -> None:
    """One line on stderr, with anything the user typed made harmless."""
    line = neutralise(" ".join(message.split()))
    sys.stderr.write(f"partnercare: {line}\n")


def print_message(message: str, *, stdout: bool = False) -> None:
    """A line for the user (on stderr, or stdout for a command whose result it is)."""
    (sys.stdout if stdout else sys.stderr).write(neutralise(message) + "\n")


def print_json(data: Any) -> None:
    import json

    text = json.dumps(data, ensure_ascii=False, indent=2)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # Saved text with a lone surrogate (written by another tool) cannot be UTF-8;
        # escaped as \udxxx it is still valid JSON, and nothing is lost.
        text = json.dumps(data, ensure_ascii=True, indent=2)
    if _is_terminal(sys.stdout):
        # On a screen, controls in saved text are written as JSON escapes; a pipe
        # or file gets the exact text.
        text = neutralise_json(text)
    sys.stdout.write(text + "\n")


def _is_terminal(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):  # closed or replaced
        return False


def write_output(chunks: Iterable[str], output: Path | None) -> bool:
    """An export or report to FILE (--output), else to stdout; True if a file was written.

    A file is new, 0600 and whole, or not written at all. Files and pipes get
    the exact bytes; on a screen, escape sequences someone typed are made visible.
    """
    from partnercare.files import write_private, write_stream

    if output is None or str(output) == "-":
        if sys.stdout.isatty():
            chunks = (neutralise(chunk.replace("\r\n", "\n")) for chunk in chunks)
        write_stream(chunks, sys.stdout)
        return False
    write_private(output, chunks)
    return True


def show(*renderables: RenderableType, stderr: bool = False) -> None:
    """Rich renderables on stdout (or stderr, for a screen that must not mix with data)."""
    from partnercare.render.screen import make_console

    console = make_console(stderr=stderr)
    for renderable in renderables:
        console.print(renderable)
