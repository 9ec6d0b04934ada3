"""Where partnercare keeps its data, and nothing else."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

ENV_HOME = "PARTNERCARE_HOME"
DB_NAME = "partnercare.db"
# The editor's temporary note: NOTE_PREFIX + the writing process's id + "-...".
NOTE_PREFIX = "partnercare-note-"


def data_dir() -> Path:
    """The data directory: PARTNERCARE_HOME if set, else the platform's user data path.

    Nothing is created here; `ensure_data_dir` does that on the first write.
    """
    override = os.environ.get(ENV_HOME)
    if override:
        return Path(override).expanduser()
    # platformdirs is only needed when no override is set, which tests never hit.
    from platformdirs import user_data_path

    return user_data_path("partnercare", appauthor=False)


def db_path() -> Path:
    return data_dir() / DB_NAME


def ensure_data_dir(notify: Callable[[str], None] | None = None) -> Path:
    """The data directory, private (0700), created if it is missing.

    Every folder created on the way is 0700 whatever the umask. An existing
    directory of ours that others can read is tightened to 0700, and
    `notify` (if given) is told so; that happens once, as it then stays 0700.
    """
    directory = data_dir()
    if not directory.exists():
        _make_private(directory)
        return directory
    try:
        info = directory.stat()
        mode = stat.S_IMODE(info.st_mode)
        # A sticky folder (/tmp) is shared on purpose: never take it from the others.
        if info.st_uid == os.getuid() and mode & 0o077 and not mode & stat.S_ISVTX:
            directory.chmod(0o700)
            if notify is not None:
                notify(
                    f"{directory} could be read by other users of this computer; "
                    "it is now private to you (0700)"
                )
    except OSError:
        pass  # not a directory, or not ours: opening the database says what is wrong
    return directory


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
