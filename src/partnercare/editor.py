"""Writing a note in the user's editor ($VISUAL, then $EDITOR).

The text passes through a temporary file that only the user can read (0600),
inside the 0700 data directory, or, while the journal is encrypted, a 0700
folder in memory (`paths.memory_notes_dir`). The file is removed however the editor ends
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
    """Open the editor on `initial`; inside the `with`, the text the user saved.

    1. Write `initial` to a new 0600 file in `directory`, named with our PID.
    2. Run the editor on it and wait; read the text back.
    3. If the `with` block raises (saving failed), keep the file as
       partnercare-kept-* and name it in the error; otherwise remove it.
    """
    command = editor_command()
    if command is None:
        raise InvalidInputError(
            "no editor: set $EDITOR (for example EDITOR=nano), or give the text as an argument"
        )
    fd, name = tempfile.mkstemp(prefix=f"{NOTE_PREFIX}{os.getpid()}-", suffix=".md", dir=directory)
    path = Path(name)
    kept: Path | None = None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(initial)
        yield _run(command, path)
    except BaseException as exc:
        if _is_a_folder_with_things_in(path):
            # An odd editor left a folder in the note's place: never deleted.
            kept = _keep(path, suffix="")
            so_far = now = f"what the editor left there is kept in {kept}"
        elif _holds_new_text(path, initial):
            kept = _keep(path)
            so_far, now = f"your text so far is kept in {kept}", f"your text is kept in {kept}"
        else:
            raise
        if isinstance(exc, KeyboardInterrupt | CancelledError):
            raise CancelledError(f"cancelled; {so_far}") from None
        if isinstance(exc, PartnercareError):
            raise PartnercareError(f"{exc}; {now}") from None
        raise
    finally:
        if kept is None:
            _remove(path)


def _holds_new_text(path: Path, initial: str) -> bool:
    try:
        written = _read_note(path).decode("utf-8", "replace")
    except (OSError, InvalidInputError):
        return False
    return bool(written.strip()) and written != initial


def _read_note(path: Path) -> bytes:
    """What the editor saved in the note's file. Only a regular file is opened: an
    editor may leave a FIFO there (whose open would wait for ever), a folder or a
    link; each is one error, and a folder with something in it is kept."""
    import stat

    info = path.lstat()
    if stat.S_ISREG(info.st_mode):
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as handle:
            return handle.read()
    what = "a folder" if stat.S_ISDIR(info.st_mode) else "something other than a file"
    raise InvalidInputError(f"the editor left {what} where the note was; nothing was saved")


def _is_a_folder_with_things_in(path: Path) -> bool:
    try:
        return path.is_dir() and not path.is_symlink() and any(path.iterdir())
    except OSError:
        return False


def _run(command: list[str], path: Path) -> str:
    """Run the editor on path and return what it saved there."""
    try:
        # The editor (and what it runs) has no need of the journal's key.
        env = {k: v for k, v in os.environ.items() if k != "PARTNERCARE_KEY"}
        status = subprocess.run([*command, str(path)], check=False, env=env).returncode
    except OSError as exc:  # missing, a directory, not executable
        raise InvalidInputError(
            f"cannot run the editor {command[0]!r} ({exc.strerror or exc}); check $VISUAL / $EDITOR"
        ) from None
    except KeyboardInterrupt:
        # Ctrl-C, SIGTERM or the terminal closing while the editor is open; what the
        # editor already wrote is kept by `edited`, never deleted.
        raise CancelledError("cancelled; nothing was saved") from None
    if status != 0:
        raise PartnercareError(f"the editor exited with status {status}; nothing was saved")
    try:
        return _read_note(path).decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInputError(
            "the editor saved text that is not UTF-8; nothing was saved"
        ) from None
    except FileNotFoundError:
        raise InvalidInputError("the editor removed the note's file; nothing was saved") from None
    except OSError as exc:
        raise InvalidInputError(
            f"cannot read what the editor saved ({exc.strerror or exc}); nothing was saved"
        ) from None


def _keep(path: Path, *, suffix: str = ".md") -> Path:
    """The note renamed partnercare-kept-* (which the stale-note sweep leaves alone);
    a folder in its place gets the same name without `.md`."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    rest = path.name.removeprefix(NOTE_PREFIX).removesuffix(".md")
    kept = path.with_name(f"partnercare-kept-{stamp}-{rest}{suffix}")
    try:
        path.rename(kept)
    except OSError:
        return path  # left where it is, under its own name: still not deleted
    return kept


def _remove(path: Path) -> None:
    """Remove the note's file, or what an odd editor left in its place: a FIFO or a
    link (unlinked), or an empty folder (a folder with things in it was kept)."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        with suppress(OSError):
            path.rmdir()
