"""Writing a note in the user's editor ($VISUAL, then $EDITOR).

The text passes through a temporary file that only the user can read (0600),
inside the 0700 data directory. The file is removed however the editor ends
(saved, quit, crashed, Ctrl-C, or SIGTERM or the terminal closing, which the
CLI turns into Ctrl-C) once what it held is safely in the journal. If saving
it fails (a full disk, the entry changed meanwhile), the file is kept as
`partnercare-kept-*.md` and the error says where: typed text is never lost.
Its name carries our process id (NOTE_PREFIX + PID), so a note left by a
partnercare that was killed outright can be told from one still being written.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
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


@contextmanager
def edited(initial: str, *, directory: Path) -> Iterator[str]:
    """The text the user saved in the editor, for the `with` block to store.

    If the block raises (the save failed), the text is kept in a file beside the
    journal and the error names it; if it ends normally, the file is removed.
    """
    holder: list[Path] = []
    text = edit(initial, directory=directory, keep=holder)
    path = holder[0]
    try:
        yield text
    except BaseException as exc:
        if not text.strip():
            path.unlink(missing_ok=True)
            raise
        kept = _kept_name(path)
        try:
            path.rename(kept)
        except OSError:
            kept = path
        if isinstance(exc, KeyboardInterrupt):
            raise CancelledError(f"cancelled; your text is kept in {kept}") from None
        if isinstance(exc, PartnercareError):
            raise PartnercareError(f"{exc}; your text is kept in {kept}") from None
        raise
    path.unlink(missing_ok=True)


def _kept_name(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"partnercare-kept-{stamp}-{path.name.removeprefix('partnercare-note-')}")


def _keep_if_written(path: Path, initial: str) -> Path | None:
    """The file renamed to partnercare-kept-*, if it holds text other than what it
    started with; else None."""
    try:
        text = path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return None
    if not text.strip() or text == initial:
        return None
    kept = _kept_name(path)
    try:
        path.rename(kept)
    except OSError:
        return None
    return kept


def edit(initial: str, *, directory: Path, keep: list[Path] | None = None) -> str:
    """Open the editor on `initial` and return what the user saved (as typed).

    1. Write `initial` to a new 0600 file in `directory`.
    2. Run the editor on it and wait.
    3. Read it back, and remove the file in every case; or, when `keep` is
       given and the text was read, leave it and append its path to `keep`
       (`edited` removes it once the text is saved).
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
        except OSError as exc:  # missing, a directory, not executable
            raise InvalidInputError(
                f"cannot run the editor {command[0]!r} ({exc.strerror or exc}); "
                "check $VISUAL / $EDITOR"
            ) from None
        except KeyboardInterrupt:
            # Ctrl-C, SIGTERM or the terminal closing while the editor is open: what
            # the editor had already written to the file is kept, never deleted.
            kept = _keep_if_written(path, initial)
            if kept is not None:
                if keep is not None:
                    keep.append(kept)  # so the cleanup below leaves it
                raise CancelledError(f"cancelled; your text so far is kept in {kept}") from None
            raise CancelledError("cancelled; nothing was saved") from None
        if status != 0:
            raise PartnercareError(f"the editor exited with status {status}; nothing was saved")
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInputError(
                "the editor saved text that is not UTF-8; nothing was saved"
            ) from None
        except OSError as exc:  # the editor deleted the file, or left a directory there
            raise InvalidInputError(
                f"cannot read what the editor saved ({exc.strerror or exc}); nothing was saved"
            ) from None
        if keep is not None:
            keep.append(path)
        return text
    finally:
        if keep is None or path not in keep:
            _remove(path)


def _remove(path: Path) -> None:
    """Remove the note's file, or the empty directory an odd editor left in its place."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        with suppress(OSError):
            path.rmdir()
