"""What the commands share: the one way to open the journal, the terminal seams,
and options repeated across commands (defined once, as Annotated aliases: the
date filters, --json, --format and --output).

Tests replace `stdin_is_terminal` and `interactive` here, once for every command.
An encrypted journal's passphrase is asked here too (`journal_key`), once a process:
the root callback asks it before a command does anything else.
"""

from __future__ import annotations

import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from partnercare.passphrase import Ask
    from partnercare.store import Store
    from partnercare.store.cipher import Key

# When this process started, near enough: an editor's note older than this,
# from a version that did not name its process, is not being written now.
STARTED = time.time()

# -- the terminal ----------------------------------------------------------------------


def stdin_is_terminal() -> bool:
    """Whether questions can be asked (stdin is a terminal)."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):  # closed or replaced
        return False


def plain_terminal() -> bool:
    """TERM=dumb (or unknown): a terminal that cannot move the cursor or show colour,
    where the check-in's questions (which redraw themselves) would print raw escapes."""
    from partnercare import terminal

    return terminal.dumb()


def interactive() -> bool:
    """Whether a question can be asked and its screen seen: stdin and stdout are terminals."""
    try:
        return stdin_is_terminal() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


# -- the journal -------------------------------------------------------------------------

#: The key of the encrypted journal, per file, once this process has it.
_KEYS: dict[Path, Key] = {}


def journal_encrypted() -> bool:
    from partnercare import paths
    from partnercare.store import cipher

    return cipher.encrypted(paths.db_path())


def journal_key(*, asking: bool = True) -> Key | None:
    """None for a plain (or missing) journal; for an encrypted one, its key: from
    PARTNERCARE_KEY, PARTNERCARE_PASSPHRASE_COMMAND or the terminal (see passphrase.py).
    `asking=False`: only a key already at hand (PARTNERCARE_KEY), else None; nothing
    is asked (tips, which work while the journal is locked)."""
    from partnercare import paths
    from partnercare.store import cipher

    path = paths.db_path()
    if not cipher.encrypted(path):
        return None
    if path in _KEYS:
        return _KEYS[path]
    from partnercare.errors import PartnercareError

    if not asking:
        try:
            cipher.driver()
        except PartnercareError:
            return None  # tips work on without the extra, unmarked
    cipher.driver()  # the extra is installed, or one line saying which to install
    from partnercare import passphrase
    from partnercare.cli.output import print_message

    if asking:
        _KEYS[path] = passphrase.unlock(path, passphrase_asker(), print_message)
        return _KEYS[path]
    try:
        at_hand = passphrase.key_from_env()
    except Exception:
        return None
    if at_hand is None or not cipher.opens(path, at_hand):
        return None
    _KEYS[path] = at_hand
    return at_hand


def passphrase_asker() -> Ask | None:
    """How a passphrase can be asked: on the terminal stdin is, or (a note piped in) on
    the terminal the command runs in, through /dev/tty as getpass reads it; None when
    there is no one to ask."""
    from partnercare import passphrase

    if stdin_is_terminal():
        return passphrase.ask_on_terminal
    try:
        if not sys.stderr.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    return passphrase.terminal()


def forget_key() -> None:
    """After the journal's key changed (encrypt, decrypt, passphrase, restore)."""
    _KEYS.clear()


def open_store() -> Store:
    """The journal, created if needed and brought up to date; for commands that write.

    A journal found damaged is refused here, before the editor opens or a question
    is asked, rather than after the user has written what cannot be saved."""
    store = _open(reading=False, existing=False)
    assert store is not None
    try:
        store.refuse_writes_if_damaged()
    except BaseException:
        store.close()
        raise
    return store


def _open(*, reading: bool, existing: bool) -> Store | None:
    """The one place commands open the journal (and, later, ask for its passphrase):
    messages from the store go to stderr, and notes a killed run left are recovered."""
    from partnercare.cli.output import print_message
    from partnercare.store import Store

    opener = Store.open_existing if existing else Store.open
    store = opener(
        reading=reading,
        notify=print_message,
        before_upgrade=_backup_before_upgrade,
        key=journal_key(),
    )
    if store is not None and not store.read_only:
        _recover_notes(store.path.parent)
        _remove_stale_temporary(store.path.parent)
        if store.key is not None:
            _remove_stale_memory_notes()
        store.after_write = _daily_backup
    return store


def _backup_before_upgrade(store: Store) -> None:
    """Before a newer partnercare changes the journal's tables: a copy as it was."""
    from partnercare import backup, clock
    from partnercare.cli.output import print_message

    if not backup.worth_a_copy(store):
        return  # a new journal another partnercare is creating right now
    made = backup.make(store, clock.now().replace(tzinfo=None), why="before-upgrade")
    print_message(f"Before updating your journal for this version, a backup: {made.path}")


def _daily_backup(store: Store) -> None:
    """After the first write of the day: the day's automatic copy (issue 14)."""
    from partnercare import backup, clock

    backup.daily(store, clock.now().replace(tzinfo=None))


def _recover_notes(directory: Path) -> None:
    """Notes a killed partnercare left in the editor's temporary file: kept, and said once."""
    import os

    from partnercare.paths import NOTE_PREFIX

    try:
        if not any(name.startswith(NOTE_PREFIX) for name in os.listdir(directory)):
            return  # the usual case, without loading the file helpers
    except OSError:
        return
    from partnercare.cli.output import print_message
    from partnercare.files import recover_stale

    moved = recover_stale(directory, NOTE_PREFIX, started=STARTED)
    if moved:
        print_message(
            f"{len(moved)} unsaved {'note' if len(moved) == 1 else 'notes'} from a partnercare "
            f"that was stopped in the editor: kept in {moved[0].parent}"
        )


def _remove_stale_temporary(directory: Path) -> None:
    """Half-written copies a killed conversion, restore or backup left: removed."""
    import os

    from partnercare.backup import FOLDER

    try:
        names = os.listdir(directory)
    except OSError:
        return
    temporary = any(name.startswith((".", "partnercare.db.converting-")) for name in names)
    if not temporary and FOLDER not in names:
        return
    from partnercare.files import remove_stale_temporary

    remove_stale_temporary(directory, directory / FOLDER)


def _remove_stale_memory_notes() -> None:
    """With an encrypted journal, the editor's note is in memory; one a killed
    partnercare left there is removed (never moved to the disk), and said."""
    import os

    from partnercare.paths import NOTE_PREFIX, memory_notes_dirs

    for folder in memory_notes_dirs():
        try:
            names = [name for name in os.listdir(folder) if name.startswith(NOTE_PREFIX)]
        except OSError:
            continue
        if not names:
            continue
        from partnercare.cli.output import print_message
        from partnercare.files import remove_stale

        removed = remove_stale(folder, NOTE_PREFIX, started=STARTED)
        if removed:
            print_message(
                f"Removed {len(removed)} unsaved {'note' if len(removed) == 1 else 'notes'} "
                f"left in memory ({folder}) by a partnercare stopped in the editor: with "
                "an encrypted journal, no note is kept where it is not encrypted."
            )


def open_store_to_read() -> Store:
    """The journal, for commands that only read it: a read-only file or folder is
    opened read-only (list, show, search, export still work) instead of refused."""
    store = _open(reading=True, existing=False)
    assert store is not None
    return store


def open_existing_store() -> Store | None:
    """The journal if it exists (None if not): reading never creates it, and a
    read-only one is opened read-only."""
    return _open(reading=True, existing=True)


def open_if_unlocked() -> Store | None:
    """The journal for what works without it (tips' read marks): None if it is
    encrypted and no key is at hand (nothing is asked), else as open_store_to_read."""
    if journal_encrypted() and journal_key(asking=False) is None:
        return None
    return open_store_to_read()


# -- options shared by several commands ------------------------------------------------------

DATE_WORDS = "ISO (2026-11-25) or words: today, yesterday, '3 days ago', 'last monday'"

Since = Annotated[
    str | None,
    typer.Option("--since", metavar="DATE", help=f"On or after DATE: {DATE_WORDS}."),
]
Until = Annotated[str | None, typer.Option("--until", metavar="DATE", help="On or before DATE.")]
On = Annotated[str | None, typer.Option("--on", metavar="DATE", help="That day only.")]
Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of the readable layout.")]


class Format(StrEnum):
    """What an export is written as: JSON (lossless), Markdown (to read) or CSV."""

    json = "json"
    md = "md"
    csv = "csv"


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="json, md or csv.")]
Force = Annotated[
    bool, typer.Option("--force", help="Replace the --output file if it exists, without asking.")
]


def check_output(output: Path | None, *, force: bool) -> None:
    """Refuse an --output that must not be written, and ask before replacing a file
    (in a terminal; elsewhere --force says yes). Done before the journal is read."""
    if output is None or str(output) == "-":
        return
    from partnercare import files, paths
    from partnercare.errors import CancelledError, InvalidInputError

    if not files.output_target(output, private_dir=paths.data_dir()) or force:
        return
    if not interactive():
        raise InvalidInputError(f"{output} exists; add --force to replace it")
    from partnercare import prompts

    if not prompts.confirm(f"{output} exists. Replace it?", default=False):
        raise CancelledError(f"kept {output} as it was; nothing was written")


Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write to FILE (0600) instead of stdout."),
]
