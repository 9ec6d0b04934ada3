"""`partnercare backup`: a checked copy of the journal now, or the list of copies kept."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from partnercare.cli import common
from partnercare.cli.help_examples import examples

HELP = (
    "A copy of your journal, now: consistent (made by SQLite while nothing half-written "
    "can slip in), checked before it is kept, readable only by you, in your data folder's "
    "backups/ (or --output FILE, which must not exist). --list shows the copies kept, "
    "with their date, size and number of entries."
)
EPILOG = examples(
    ("partnercare backup", "a copy now, in the backups folder"),
    ("partnercare backup --output ~/usb/journal.db", "a copy to take with you"),
    ("partnercare backup --list", "the copies kept"),
)


def backup_command(
    *,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write the copy to FILE (must not exist)."
        ),
    ] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the copies kept.")] = False,
    as_json: common.Json = False,
) -> None:
    from partnercare.cli.output import print_json, print_message

    if list_:
        if output is not None:
            from partnercare.errors import InvalidInputError

            raise InvalidInputError("use --list on its own, or --output to make a copy")
        _list(as_json=as_json)
        return
    from partnercare import backup, clock, files, paths
    from partnercare.errors import InvalidInputError

    if output is not None and files.output_target(output, private_dir=paths.data_dir()):
        raise InvalidInputError(f"{output} exists; a backup never writes over a file")
    store = common.open_existing_store()
    if store is None:
        print_message("There is no journal yet, so there is nothing to back up.")
        return
    with store:
        made = backup.make(store, clock.now().replace(tzinfo=None), output)
    if as_json:
        print_json({"path": str(made.path), "size": made.size, "entries": made.entries})
        return
    held = "1 entry" if made.entries == 1 else f"{made.entries} entries"
    print_message(f"Backup written to {made.path} ({held}; readable only by you).")


def _list(*, as_json: bool) -> None:
    from partnercare import backup, encryption
    from partnercare.cli.output import print_json, print_text

    key = common.journal_key()
    kept = backup.listing(key)
    if as_json:
        print_json(
            [
                {
                    "path": str(item.path),
                    "made": item.made.isoformat(),
                    "size": item.size,
                    "entries": item.entries,
                    "encrypted": encryption.encrypted(item.path),
                }
                for item in kept
            ]
        )
        return
    if not kept:
        print_text("No backups yet. Make one now: partnercare backup\n")
        return
    lines = [f"{'Made':<19}  {'Size':>9}  Entries"]
    for item in kept:
        entries = "unreadable" if item.entries is None else f"{item.entries:,}"
        if key is not None and not encryption.encrypted(item.path):
            entries += "  (plain: NOT encrypted)"
        elif item.entries is None and encryption.encrypted(item.path):
            entries = "another passphrase" if key is not None else "encrypted"
        lines.append(f"{item.made:%Y-%m-%d %H:%M:%S}  {_size(item.size):>9}  {entries}")
    lines.append(f"In {kept[0].path.parent}")
    print_text("\n".join(lines) + "\n")


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KiB"
    return f"{size / 1024 / 1024:.1f} MiB"
