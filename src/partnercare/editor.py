"""Writing a note in the user's editor ($VISUAL, then $EDITOR).

The text passes through a temporary file that only the user can read (0600),
inside the 0700 data directory, and the file is removed however the editor
ends: saved, quit, crashed, or interrupted with Ctrl-C (or SIGTERM, or the
terminal closing, which the CLI turns into Ctrl-C). Its name carries our
process id (NOTE_PREFIX + PID), so a note left by a partnercare that was
killed outright can be told from one still being written.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path

from partnercare.errors import CancelledError, InvalidInputError, PartnercareError
from partnercare.paths import NOTE_PREFIX


def editor_command() -> list[str] | None:
    """The user's editor as an argument list, or None if neither variable is set."""
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            try:
                return shlex.split(value)
            except ValueError:
                raise InvalidInputError(f"cannot understand ${name} ({value!r})") from None
    return None


def edit(initial: str, *, directory: Path) -> str:
    """Open the editor on `initial` and return what the user saved (as typed).

    1. Write `initial` to a new 0600 file in `directory`.
    2. Run the editor on it and wait.
    3. Read it back, and remove the file in every case.
    """
    command = editor_command()
    if command is None:
        raise InvalidInputError(
            "no editor: set $EDITOR (for example EDITOR=nano), or give the text as an argument"
        )
    fd, name = tempfile.mkstemp(prefix=f"{NOTE_PREFIX}{os.getpid()}-", suffix=".md", dir=directory)
    path = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(initial)
        try:
            status = subprocess.run([*command, str(path)], check=False).returncode
        except FileNotFoundError:
            raise InvalidInputError(
                f"cannot run the editor {command[0]!r}; check $VISUAL / $EDITOR"
            ) from None
        except KeyboardInterrupt:
            raise CancelledError("cancelled; nothing was saved") from None
        if status != 0:
            raise PartnercareError(f"the editor exited with status {status}; nothing was saved")
        try:
            return path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInputError(
                "the editor saved text that is not UTF-8; nothing was saved"
            ) from None
    finally:
        path.unlink(missing_ok=True)
