"""`partnercare restore`: a backup in place of the journal; the journal as it was is kept."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from partnercare.cli import common
from partnercare.cli.help_examples import examples

if TYPE_CHECKING:
    from partnercare.store.backups import Holds
    from partnercare.store.cipher import Key

HELP = (
    "Put a backup in place of your journal: FILE, the newest (--latest) or the newest of a "
    "day (--date). The file is checked first; what it holds is shown beside your journal "
    "now, and you are asked (or --yes). Your journal as it was is kept as a backup first."
)
EPILOG = examples(
    ("partnercare backup --list", "the backups kept"),
    ("partnercare restore --latest", "the newest"),
    ("partnercare restore --date yesterday", "the newest made that day"),
    ("partnercare restore ~/usb/journal.db --yes", "a copy you made, without asking"),
)


def restore_command(
    source: Annotated[
        str | None, typer.Argument(metavar="[FILE]", help="A backup file to restore.")
    ] = None,
    *,
    latest: Annotated[bool, typer.Option("--latest", help="The newest backup.")] = False,
    date: Annotated[
        str | None,
        typer.Option("--date", metavar="DATE", help="The newest backup made on DATE."),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Restore without asking.")] = False,
) -> None:
    from partnercare import backup, clock, encryption, paths
    from partnercare.cli.output import print_message
    from partnercare.errors import CancelledError, InvalidInputError

    key = common.journal_key()  # the journal's (None: plain, or none yet)
    path = backup.pick(source, latest=latest, day=date, today=clock.today(), key=key)
    backup_key = _backup_key(path, key)
    backup.check(path, backup_key)
    journal = paths.db_path()
    if journal.exists() and path.resolve() == journal.resolve():
        raise InvalidInputError(f"{path} is your journal itself; give a backup")
    if not yes and not common.interactive():
        raise InvalidInputError("restoring replaces your journal: add --yes to go ahead")
    # The journal keeps its form: a backup is encrypted with the journal's key, or
    # made plain, on the way in. With no journal yet, the backup is restored as it is.
    target = key if journal.exists() else backup_key
    now = backup.holds(journal, key) if journal.exists() else None
    print_message(
        f"The backup {path} holds {_words(backup.holds(path, backup_key))}.\n"
        f"Your journal now holds {_words(now)}."
    )
    if not yes:
        from partnercare import prompts

        if not prompts.confirm("Replace your journal with this backup?", default=False):
            raise CancelledError("kept your journal as it was; nothing was changed")
    # From here on no other command has the journal open: nothing it saves can fall
    # between the copy kept and the restore, and its form cannot change under us.
    with backup.replacing(journal):
        if journal.exists() and (
            encryption.encrypted(journal) != (key is not None)
            or (key is not None and not encryption.opens(journal, key))
        ):
            raise InvalidInputError(
                "your journal was encrypted, decrypted or given a new passphrase by another "
                "command meanwhile; nothing was changed. Run restore again"
            )
        kept = _keep_current(journal) if journal.exists() else None
        backup.put_in_place(path, journal, backup_key, target)
    common.forget_key()
    encryption.note(journal)
    said = f"Restored your journal from {path}."
    if backup_key is not None and target is None:
        said += " (It was encrypted; your journal is not, so it is plain now.)"
    elif backup_key is None and target is not None:
        said += " (It was not encrypted; it is now, as your journal is.)"
    if kept is not None:
        said += f" Your journal as it was is kept: {kept}"
    print_message(said)


def _backup_key(path: Path, key: Key | None) -> Key | None:
    """The key that opens an encrypted backup: the journal's, else its own passphrase
    (asked, or from PARTNERCARE_PASSPHRASE_COMMAND). None for a plain file."""
    from partnercare import encryption
    from partnercare.cli.output import print_message

    ask = common.passphrase_asker()
    return encryption.backup_key(path, key, ask, print_message)


def _words(held: Holds | None) -> str:
    if held is None:
        return "nothing (there is no journal)"
    newest = f", the newest from {held.newest}" if held.newest else ""
    entries = "1 entry" if held.entries == 1 else f"{held.entries:,} entries"
    checkins = "1 check-in" if held.checkins == 1 else f"{held.checkins:,} check-ins"
    appointments = (
        "1 appointment" if held.appointments == 1 else f"{held.appointments:,} appointments"
    )
    return f"{entries} ({checkins}), {appointments}{newest}"


def _keep_current(journal: Path) -> str:
    """The journal as it is, as a backup: a checked copy, or, if it cannot be opened
    (damaged: the usual reason to restore), its file as it is."""
    import shutil

    from partnercare import backup, clock
    from partnercare.errors import StoreError

    moment = clock.now().replace(tzinfo=None)
    try:
        store = common.open_existing_store()
        if store is not None:
            with store:
                return str(backup.make(store, moment, why="before-restore").path)
    except StoreError:
        pass  # damaged, or not a journal SQLite can open: kept byte for byte below
    target = backup.folder() / backup.name_for(moment, "before-restore")
    shutil.copyfile(journal, target)
    target.chmod(0o600)
    wal = Path(f"{journal}-wal")
    if wal.exists():  # what was saved last may still be only there
        shutil.copyfile(wal, f"{target}-wal")
        Path(f"{target}-wal").chmod(0o600)
    return str(target)
