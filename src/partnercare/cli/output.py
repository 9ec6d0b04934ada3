"""The CLI's output: data to stdout, messages and errors to stderr (files: `files.py`)."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any, TextIO

from partnercare.errors import PartnercareError
from partnercare.text import neutralise, neutralise_json, shown_bytes

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from rich.console import RenderableType


_saved: str | None = None


def saved(what: str | None) -> None:
    """Say what is saved now ("entry 12 was saved"), so that if showing the result then
    fails (a full disk, a closed pipe) the one-line error says so: a script need not retry.
    None: nothing yet (each run starts so, even several in one process, as in tests)."""
    global _saved
    _saved = what


class OutputError(PartnercareError):
    """The result could not be written to stdout or stderr."""

    quiet = False  # exit 1 without a line: see output_failed


@contextmanager
def _guarded(stream: TextIO) -> Iterator[None]:
    """Write to stream, flushed; an OSError becomes one OutputError line, and the
    stream goes quiet so Python's own flush at exit cannot print a traceback."""
    try:
        yield
        stream.flush()
    except (OSError, ValueError) as exc:  # ValueError: the stream was closed
        raise output_failed(exc, stream) from None


def output_failed(exc: OSError | ValueError, stream: TextIO | None = None) -> OutputError:
    """The one line for a write to stdout (or `stream`) that failed; the stream goes
    quiet so Python's own flush at exit cannot print a traceback after it."""
    stream = sys.stdout if stream is None else stream
    _silence(stream)
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "it is closed"
    where = "standard output" if stream is sys.stdout else "standard error"
    message = f"could not write to {where} ({reason.lower()})"
    if _saved is not None:
        message += f"; {_saved}"
    error = OutputError(message)
    # The reader went away (`| head`): the usual end of a pipeline, not worth a
    # line, unless something was saved that the user must hear about.
    error.quiet = isinstance(exc, BrokenPipeError) and _saved is None
    return error


def _silence(stream: TextIO) -> None:
    import os

    with suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
    with suppress(Exception):
        stream.flush()


def print_error(message: str) -> None:
    """One line on stderr, with anything the user typed made harmless."""
    line = shown_bytes(neutralise(" ".join(message.split())))
    sys.stderr.write(f"partnercare: {line}\n")


def print_message(message: str) -> None:
    """A line for the user, on stderr (data alone goes to stdout).

    On a terminal, wrapped between words to its width; to a pipe or a file each
    line stays whole, for a script to read."""
    stream = sys.stderr
    text = neutralise(message)
    if _is_terminal(stream):
        from partnercare import terminal

        width = terminal.width(stream)
        text = "\n".join(_fitted(line, width) for line in text.split("\n"))
    # A message on stderr says what was done ("Saved entry 12"); if stderr cannot
    # take it (`2>/dev/full`), the work is still done, and an exit 1 would only
    # make a script do it twice. The message is dropped and stderr goes quiet.
    try:
        stream.write(text + "\n")
        stream.flush()
    except (OSError, ValueError):
        _silence(stream)


def _fitted(line: str, width: int) -> str:
    """A message line wrapped between words to the width, so the terminal never cuts
    a word; a word longer than a line (a path) is kept whole on a line of its own."""
    if len(line) <= width:
        return line
    import re
    import textwrap

    # A `partnercare ...` command in the message is one word: never broken.
    kept = re.sub(
        r"partnercare(?: (?:--?[a-z][\w-]*|[a-z][\w-]*|\d+|[A-Z]+\b))+",
        lambda m: m.group().replace(" ", "\0"),
        line,
    )
    wrapped = textwrap.wrap(kept, width, break_long_words=False, break_on_hyphens=False)
    return "\n".join(wrapped or [kept]).replace("\0", " ")


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
    with _guarded(sys.stdout):
        sys.stdout.write(text + "\n")


def print_text(text: str) -> None:
    """A screen partnercare laid out itself (escape codes included) on stdout."""
    with _guarded(sys.stdout):
        sys.stdout.write(text)


def _is_terminal(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):  # closed or replaced
        return False


def write_output(
    chunks: Iterable[str], output: Path | None, *, is_json: bool = False, replace: bool = True
) -> bool:
    """An export or report to FILE (--output), else to stdout; True if a file was written.

    A file is new, 0600 and whole, or not written at all. Files and pipes get
    the exact bytes; on a screen, escape sequences someone typed are made visible
    (in JSON as JSON escapes, `\\u009b`, so what is shown is still JSON).
    """
    from partnercare.files import write_private, write_stream

    if output is None or str(output) == "-":
        if sys.stdout.isatty():
            shown = neutralise_json if is_json else neutralise
            chunks = (shown(chunk.replace("\r\n", "\n")) for chunk in chunks)
        with _guarded(sys.stdout):
            write_stream(chunks, sys.stdout)
        if not _is_terminal(sys.stdout):  # on a screen it is only shown, not kept
            _not_encrypted("what was written out")
        return False
    write_private(output, chunks, replace=replace)
    _not_encrypted(str(output))
    return True


def _not_encrypted(what: str) -> None:
    """Every export is plain text: said on stderr when the journal is encrypted."""
    from partnercare.cli.common import journal_encrypted

    if journal_encrypted():
        print_message(
            f"Note: {what} is not encrypted, unlike your journal: anyone who can read "
            "it can read what it holds."
        )


@contextmanager
def help_trimmed() -> Iterator[None]:
    """While --help is printed (by typer's own rich console): on a pipe or in a file,
    each line without the spaces rich pads it to the width with, as `show` does."""
    from partnercare import terminal

    real = sys.stdout
    if terminal.styled(real):
        yield
        return
    trimmed = _Trimmed(real)
    sys.stdout = trimmed
    try:
        yield
    finally:
        sys.stdout = real
        trimmed.finish()


class _Trimmed(io.TextIOBase):
    """A text stream that passes each line on to another without trailing spaces."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream
        self._pending = ""

    def write(self, text: str) -> int:
        *lines, self._pending = (self._pending + text).split("\n")
        for line in lines:
            self._stream.write(line.rstrip(" ") + "\n")
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def finish(self) -> None:
        if self._pending:
            self._stream.write(self._pending.rstrip(" "))
            self._pending = ""
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", "utf-8") or "utf-8"


def show(*renderables: RenderableType, stderr: bool = False) -> None:
    """Rich renderables on stdout (or stderr, for a screen that must not mix with data)."""
    from partnercare import terminal
    from partnercare.render.screen import make_console

    stream = sys.stderr if stderr else sys.stdout
    console = make_console(stderr=stderr)
    with _guarded(stream):
        if terminal.styled(stream):
            for renderable in renderables:
                console.print(renderable)
            return
        # Plain text (a pipe, a file, NO_COLOR): without the spaces rich pads lines
        # with, which a diff, a grep or an email would carry along.
        with console.capture() as captured:
            for renderable in renderables:
                console.print(renderable)
        stream.write("\n".join(line.rstrip() for line in captured.get().split("\n")))
