"""Where partnercare keeps its data, and nothing else."""

from __future__ import annotations

import os
from pathlib import Path

ENV_HOME = "PARTNERCARE_HOME"
DB_NAME = "partnercare.db"


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


def ensure_data_dir() -> Path:
    """Create the data directory 0700 if it is missing and return it."""
    directory = data_dir()
    if not directory.exists():
        try:
            directory.mkdir(parents=True, mode=0o700)
        except FileExistsError:
            # Another partnercare process (two first commands at once) made it just now.
            return directory
        # mkdir's mode is filtered by the umask; set it explicitly.
        directory.chmod(0o700)
    return directory
