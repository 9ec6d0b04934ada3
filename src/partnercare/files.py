"""Files partnercare writes outside the database: always whole, always private.

`write_private` is the one atomic writer: a temporary 0600 file beside the
target, flushed to disk, then renamed over it, so a crash or a full disk
leaves either the old file or the new one, never half of either.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from partnercare.errors import InvalidInputError


def write_private(path: Path, chunks: Iterable[str], *, what: str = "--output") -> None:
    """Write chunks to path atomically, as a 0600 file.

    Raises InvalidInputError (one line naming the file) if it cannot be written;
    an existing file is then left as it was.
    """
    if path.is_dir():
        raise InvalidInputError(f"{path} is a directory; give a file name for {what}")
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InvalidInputError(f"cannot write {path}: {exc.strerror}") from None
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
        _sync_directory(directory)
    except OSError as exc:
        raise InvalidInputError(f"cannot write {path}: {exc.strerror}") from None
    finally:
        temporary.unlink(missing_ok=True)


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
