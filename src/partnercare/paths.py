"""Where partnercare keeps its data, and nothing else."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

ENV_HOME = "PARTNERCARE_HOME"
DB_NAME = "partnercare.db"
# The editor's temporary note: NOTE_PREFIX + the writing process's id + "-...".
NOTE_PREFIX = "partnercare-note-"


def data_dir() -> Path:
    """The data directory: PARTNERCARE_HOME if set, else the platform's user data path.

    Nothing is created here; `ensure_data_dir` does that on the first write.
    """
    override = os.environ.get(ENV_HOME, "")
    if override.strip():  # set to spaces by mistake is not set
        path = Path(override)
        # ~user for a user that does not exist stays as written, as a shell leaves it.
        with suppress(RuntimeError):
            path = path.expanduser()
        # Made absolute, so the welcome names the folder wherever the command is
        # run (unless the current folder itself is gone).
        with suppress(OSError):
            path = path.absolute()
        return path
    # platformdirs is only needed when no override is set, which tests never hit.
    from platformdirs import user_data_path

    return user_data_path("partnercare", appauthor=False)


def unusable(error: OSError) -> str:
    """The one line for a data directory that cannot be used, in plain words."""
    import errno

    directory = data_dir()
    if error.errno == errno.ENOTDIR:
        why = "it is a file, or inside one, not a folder"
    elif error.errno == errno.ELOOP:
        why = "it is a link that leads back to itself"
    elif error.errno == errno.ENOENT and directory.is_symlink():
        why = "it is a link to something that does not exist"
    elif error.errno in (errno.EACCES, errno.EPERM):
        why = "permission denied"
    elif error.errno == errno.EROFS:
        why = "the disk is read-only"
    else:
        why = (error.strerror or str(error)).lower()
    where = f" (set by {ENV_HOME})" if os.environ.get(ENV_HOME, "").strip() else ""
    return f"cannot keep partnercare's data in {directory}{where}: {why}"


def memory_notes_dir() -> Path:
    """Where the editor's note goes while the journal is encrypted: a folder of ours
    (0700) in memory, $XDG_RUNTIME_DIR/partnercare, else /dev/shm/partnercare-UID,
    so no plain text of a note ever reaches the disk. None there: a one-line error."""
    from partnercare.errors import InvalidInputError

    for base, name in (
        (os.environ.get("XDG_RUNTIME_DIR", ""), "partnercare"),
        ("/dev/shm", f"partnercare-{os.getuid()}"),
    ):
        if not base.strip() or not os.path.isdir(base):
            continue
        folder = Path(base) / name
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
            info = folder.lstat()
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
                continue  # someone else's, or a link: never written into
            folder.chmod(0o700)
        except OSError:
            continue
        return folder
    raise InvalidInputError(
        "your journal is encrypted, and this computer has no folder in memory for the "
        "editor's note ($XDG_RUNTIME_DIR or /dev/shm); give the text instead: "
        'partnercare journal add "...", or pipe it in'
    )


def memory_notes_dirs() -> list[Path]:
    """The memory folders that may hold an editor's note, where they exist."""
    found = []
    for folder in (
        Path(os.environ.get("XDG_RUNTIME_DIR", "") or "/nonexistent") / "partnercare",
        Path("/dev/shm") / f"partnercare-{os.getuid()}",
    ):
        with suppress(OSError):
            info = folder.lstat()
            if stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid():
                found.append(folder)
    return found


def db_path() -> Path:
    return data_dir() / DB_NAME


def ensure_data_dir() -> Path:
    """The data directory, created 0700 if it is missing (every folder on the
    way too, whatever the umask)."""
    directory = data_dir()
    if not directory.exists():
        _make_private(directory)
    return directory


def tighten_data_dir(notify: Callable[[str], None] | None = None) -> None:
    """Make an existing data directory of ours that others can read 0700, and
    tell `notify` so; that happens once, as it then stays 0700.

    Only a directory owned by this user that holds nothing but partnercare's own
    files: never a sticky shared one (/tmp), and never a folder with other things
    in it (PARTNERCARE_HOME=$HOME, or / as root), whose mode is not ours to change.
    The journal in it is 0600 whatever the folder's mode.
    """
    directory = data_dir()
    try:
        info = directory.lstat()
        mode = stat.S_IMODE(info.st_mode)
        if (
            not stat.S_ISDIR(info.st_mode)
            or info.st_uid != os.getuid()
            or not mode & 0o077
            or mode & stat.S_ISVTX
            or not all(_ours(name) for name in os.listdir(directory))
        ):
            return
        directory.chmod(0o700)
    except OSError:
        return
    if notify is not None:
        notify(
            f"{directory} could be read by other users of this computer; "
            "it is now private to you (0700)"
        )


# Everything partnercare itself writes in its data directory.
_OUR_NAMES = ("partnercare", "settings.json", "recovered", ".settings.json.")


def _ours(name: str) -> bool:
    return name.startswith(_OUR_NAMES)


def _make_private(directory: Path) -> None:
    """Create directory and any missing parents, each 0700 (mkdir's mode meets the umask)."""
    missing = []
    for folder in (directory, *directory.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            # Another partnercare process (two first commands at once) made it just now.
            continue
        folder.chmod(0o700)
