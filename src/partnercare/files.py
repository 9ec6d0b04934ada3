"""Files in and out: FILE-or-stdin, JSON reading, and files written whole and private.

`read_input` reads a FILE argument (`-` for stdin) and `load_json` reads the
JSON in it, each failing with one line that names the file. `write_private`
is the one atomic writer: a temporary 0600 file beside the target, flushed to
disk, then renamed over it, so a crash or a full disk leaves either the old
file or the new one, never half of either. `write_stream` is its stdout twin.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import TextIO

from partnercare.errors import InvalidInputError

# The most any FILE or stdin argument is read for (an export of 100,000 entries is
# about 30 MB); `/dev/zero` or a wrong file must not take the machine's memory.
READ_LIMIT = 256_000_000


def read_input(
    source: str, *, limit: int = READ_LIMIT, outcome: str = "nothing was saved"
) -> tuple[bytes, str]:
    """The bytes of FILE, or of stdin for `-`, and the name to show for them.

    At most `limit` bytes are read: more is refused in one line, as is a FILE
    that is not a regular file (a device such as /dev/zero, a pipe that may
    never end, a directory).
    """
    if source == "-":
        try:
            data = sys.stdin.buffer.read(limit + 1)
        except OSError as exc:  # closed (`<&-`), or a device that fails
            raise InvalidInputError(f"cannot read stdin: {exc.strerror or exc}") from None
        name = "stdin"
    else:
        if not source.strip():
            raise InvalidInputError("give a file name, or - to read stdin")
        import stat

        not_a_file = InvalidInputError(
            f"{source} is not a regular file; give a file, or - to read stdin"
        )
        try:
            # Checked before opening too: opening a FIFO waits for a writer.
            if not stat.S_ISREG(os.stat(source).st_mode):
                raise not_a_file
            with open(source, "rb") as handle:
                if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                    raise not_a_file
                data = handle.read(limit + 1)
        except OSError as exc:
            raise InvalidInputError(f"cannot read {source}: {exc.strerror or exc}") from None
        name = source
    if len(data) > limit:
        raise InvalidInputError(
            f"{name} holds more than {limit / 1_000_000:g} MB, more than partnercare reads; "
            f"{outcome}"
        )
    return data, name


def load_json(raw: bytes, name: str, *, outcome: str) -> object:
    """The JSON document in raw (UTF-8, with or without a byte-order mark).

    Anything else is a one-line InvalidInputError naming the file and ending
    with outcome ("nothing was saved"), so the user knows what did not happen.
    """
    import json

    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InvalidInputError(f"{name} is not UTF-8 text; {outcome}") from None
    except json.JSONDecodeError as error:
        raise InvalidInputError(
            f"{name} is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg}); {outcome}"
        ) from None
    except RecursionError:
        raise InvalidInputError(f"{name} is nested too deeply to read; {outcome}") from None
    except ValueError:
        # Python refuses to read an integer of more than 4,300 digits (CVE-2020-10735).
        raise InvalidInputError(f"{name} holds a number too long to read; {outcome}") from None


def output_target(path: Path, *, private_dir: Path) -> bool:
    """Check an --output FILE before anything is read or written: True if it names an
    existing regular file, which writing would replace.

    Refused, with one line: the data directory or anything in it (the journal,
    its -wal and -shm, settings), and anything that exists but is not a regular
    file (a directory, a device, a pipe, a dangling symbolic link), which an
    atomic write would silently turn into a regular file.
    """
    import stat

    home = private_dir.resolve()
    resolved = path.resolve()
    if resolved == home or home in resolved.parents:
        raise InvalidInputError(
            f"{path} is in partnercare's data folder ({home}), where the journal lives; "
            "write it somewhere else"
        )
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            raise InvalidInputError(f"{path} is a link to nothing; give a new file name") from None
        return False
    except OSError as exc:
        raise InvalidInputError(f"cannot write {path}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise InvalidInputError(f"{path} is a directory; give a file name for --output")
    if not stat.S_ISREG(mode):
        raise InvalidInputError(
            f"{path} is not a regular file (a device or a pipe); give a file name, "
            "or leave out --output to write to standard output"
        )
    return True


def write_stream(chunks: Iterable[str], stream: TextIO) -> None:
    """Write chunks to a text stream as UTF-8 bytes, exactly (no newline translation)."""
    binary = getattr(stream, "buffer", None)
    if binary is None:
        for chunk in chunks:
            stream.write(chunk)
        stream.flush()
        return
    stream.flush()
    for chunk in chunks:
        binary.write(chunk.encode("utf-8"))
    binary.flush()


def write_private(
    path: Path, chunks: Iterable[str], *, what: str = "--output", replace: bool = True
) -> None:
    """Write chunks to path atomically, as a 0600 file.

    Raises InvalidInputError (one line naming the file) if it cannot be written;
    an existing file is then left as it was. With `replace` False the file must
    not exist when it is published (a hard link, which fails if it does), so a file
    that appeared while the content was being made is never written over.
    """
    if path.is_dir():
        raise InvalidInputError(f"{path} is a directory; give a file name for {what}")
    import tempfile  # here, not at the top: every command loads this module to sweep notes

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
        if replace:
            os.replace(temporary, path)
        else:
            appeared = InvalidInputError(
                f"{path} exists (it appeared while this was being written); "
                "add --force to replace it"
            )
            try:
                os.link(temporary, path)
            except FileExistsError:
                raise appeared from None
            except OSError:  # no hard links here (FAT, some network drives)
                if os.path.lexists(path):
                    raise appeared from None
                os.replace(temporary, path)
        _sync_directory(directory)
    except OSError as exc:
        raise InvalidInputError(f"cannot write {path}: {exc.strerror}") from None
    finally:
        temporary.unlink(missing_ok=True)


def recover_stale(directory: Path, prefix: str, *, started: float) -> list[Path]:
    """Move files `prefix` + PID + ... that a process now gone left in directory
    into directory/recovered (0700), and return where they are now.

    Nothing is deleted: the text in them is the user's. A file whose process is
    alive is left alone, as is one without a PID in its name (written by an
    earlier version) unless it is older than `started`, this process's start.
    """
    try:
        names = [entry.name for entry in os.scandir(directory) if entry.name.startswith(prefix)]
    except OSError:
        return []
    moved = []
    for name in names:
        path = directory / name
        pid = name[len(prefix) :].split("-", 1)[0]
        try:
            stale = not _alive(int(pid)) if pid.isdigit() else path.stat().st_mtime < started
            if not stale or not path.is_file():
                continue
            into = directory / "recovered"
            into.mkdir(mode=0o700, exist_ok=True)
            into.chmod(0o700)
            target = into / name
            if target.exists():
                continue
            os.rename(path, target)
        except OSError:
            continue
        moved.append(target)
    return moved


def remove_stale(directory: Path, prefix: str, *, started: float) -> list[Path]:
    """Remove the files `prefix` + PID + ... of processes now gone (the editor's notes
    of a killed partnercare, in memory while the journal is encrypted); return them."""
    removed = []
    try:
        names = [entry.name for entry in os.scandir(directory) if entry.name.startswith(prefix)]
    except OSError:
        return []
    for name in names:
        path = directory / name
        pid = name[len(prefix) :].split("-", 1)[0]
        try:
            stale = not _alive(int(pid)) if pid.isdigit() else path.stat().st_mtime < started
            if stale and path.is_file():
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


#: Temporary files of a copy, a conversion or a restore, with the writing process's
#: id: `partnercare.db.converting-PID`, `.partnercare.db.restore.PID.tmp`,
#: `.NAME.converting-PID` and `.NAME.PID.tmp` (backups); SQLite's -journal too.
_TEMPORARY = (
    # (a process id has at most 7 digits; mkstemp's 8 random characters never match)
    r"^(?:partnercare\.db\.converting-(\d+)|\..*\.converting-(\d+)|\..*\.(\d{1,7})\.tmp)"
    r"(?:-journal|-wal|-shm)?$"
)


def remove_stale_temporary(*folders: Path) -> None:
    """Remove the temporary files a killed partnercare left (a half-written copy of the
    journal may hold plain text while the journal is encrypted). Best effort."""
    import re

    pattern = re.compile(_TEMPORARY)
    for folder in folders:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            found = pattern.match(name)
            pid = found and next(group for group in found.groups() if group)
            if pid and not _alive(int(pid)):
                with suppress(OSError):
                    (folder / name).unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OverflowError:
        return False  # a number no process can have
    except PermissionError:
        return True  # someone else's process
    return True


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
