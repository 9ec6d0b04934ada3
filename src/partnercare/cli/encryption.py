"""`encrypt`, `decrypt`, `passphrase`, `unlock` and `lock`: the journal at rest.

The journal file is rewritten by `store.convert` (a new file, checked, renamed
over the old one); these commands ask, say what happened, keep settings.json's
note of it, and bring the backups along: they always follow the journal
(encrypted with its key, or plain when it is), except plain backups when a
journal is first encrypted, which the user is asked about.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from partnercare.cli import common
from partnercare.cli.help_examples import examples

if TYPE_CHECKING:
    from partnercare.store import Store
    from partnercare.store.cipher import Key


class PlainBackups(StrEnum):
    """What `encrypt` does with backups made while the journal was plain."""

    encrypt = "encrypt"
    delete = "delete"
    keep = "keep"


NO_RECOVERY = (
    "Keep the passphrase somewhere safe: if it is forgotten, there is no way to recover "
    "the journal or its backups."
)

HELPS = {
    "encrypt": (
        "Encrypt your journal with a passphrase (SQLCipher; needs the encryption extra). "
        "Asked twice, or taken from PARTNERCARE_PASSPHRASE_COMMAND. Your backups are "
        "encrypted too (in a terminal you are asked what to do with the plain ones).",
        examples(
            ("partnercare encrypt", "asks for a new passphrase"),
            (
                "PARTNERCARE_PASSPHRASE_COMMAND='pass show partnercare' partnercare encrypt",
                "from a password manager",
            ),
        ),
    ),
    "decrypt": (
        "Turn an encrypted journal (and its backups) back into plain files. Asks first, or --yes.",
        examples(("partnercare decrypt", "asks for the passphrase, then to be sure")),
    ),
    "passphrase": (
        "Change the journal's passphrase (its backups follow). The new one is asked twice, "
        "or taken from PARTNERCARE_NEW_PASSPHRASE_COMMAND.",
        examples(("partnercare passphrase", "the current one, then the new one twice")),
    ),
    "unlock": (
        "Print a shell line that keeps the journal's key in this terminal "
        "(export PARTNERCARE_KEY=...), so the passphrase is asked once, not every command.",
        examples(
            ('eval "$(partnercare unlock)"', "unlocked in this shell"),
            ('eval "$(partnercare lock)"', "locked again"),
        ),
    ),
    "lock": (
        "Print the shell line that forgets PARTNERCARE_KEY (unset PARTNERCARE_KEY).",
        examples(('eval "$(partnercare lock)"', "locked again")),
    ),
}
HELP = None
EPILOG = None


# -- encrypt ------------------------------------------------------------------------------


def encrypt_command(
    *,
    plain_backups: Annotated[
        PlainBackups | None,
        typer.Option(
            "--plain-backups",
            help="What to do with backups made before: encrypt (the default without a "
            "terminal), delete or keep. In a terminal you are asked.",
        ),
    ] = None,
) -> None:
    from partnercare import encryption, passphrase, paths
    from partnercare.cli.output import print_message
    from partnercare.errors import InvalidInputError

    journal = paths.db_path()
    if encryption.encrypted(journal):
        if plain_backups is None:
            raise InvalidInputError(
                "your journal is already encrypted; to change its passphrase: "
                "partnercare passphrase (plain backups: --plain-backups encrypt or delete)"
            )
        # Already encrypted: only the backups still plain (a choice made later).
        key = common.journal_key()
        assert key is not None
        if not _plain_backups(key, plain_backups):
            print_message("No backup is plain: all of them are encrypted.")
        return
    encryption.require_extra()  # before anything is asked
    ask = common.passphrase_asker()
    chosen = passphrase.new_passphrase(ask, print_message, variable=passphrase.ENV_COMMAND)
    key = encryption.new_key(chosen)
    del chosen
    store = common.open_store()
    try:
        print_message("Encrypting your journal...")
        _rewrite(store, key)
    finally:
        store.close()
    print_message(f"Your journal is encrypted: {journal}\n{NO_RECOVERY}")
    _plain_backups(key, plain_backups)
    _plain_notes_left()


def _rewrite(store: Store, key: Key | None) -> None:
    """The journal rewritten under `key` (None: plain), and settings.json told."""
    from partnercare import encryption
    from partnercare.cli.output import print_message

    try:
        encryption.rewrite(store, key, print_message)
    finally:
        common.forget_key()


def _plain_backups(key: Key, choice: PlainBackups | None) -> bool:
    """Plain backups encrypted, deleted or kept, as chosen (asked in a terminal); and
    said clearly if any are left plain. False if there were none."""
    from partnercare import backup
    from partnercare.cli.output import print_message
    from partnercare.errors import CancelledError

    plain = [item.path for item in backup.listing() if not _is_encrypted(item.path)]
    if not plain:
        return False
    count = _count(len(plain), "backup")
    if choice is None and common.interactive():
        from partnercare import prompts

        print_message(f"{count} from before {'is' if len(plain) == 1 else 'are'} not encrypted.")
        try:
            if prompts.confirm(
                "Encrypt them with the same passphrase (recommended)?", default=True
            ):
                choice = PlainBackups.encrypt
            elif prompts.confirm("Delete them instead? None would be left.", default=False):
                choice = PlainBackups.delete
            else:
                choice = PlainBackups.keep
        except CancelledError:
            choice = PlainBackups.keep  # the journal is encrypted already: say what is not
    choice = choice or PlainBackups.encrypt
    left = plain
    if choice is PlainBackups.encrypt:
        left = backup.convert_all(plain, None, key)
        done = len(plain) - len(left)
        if done:
            print_message(f"{_count(done, 'backup')} encrypted too.")
    elif choice is PlainBackups.delete:
        left = backup.delete_all(plain)
        if len(plain) - len(left):
            print_message(f"{_count(len(plain) - len(left), 'plain backup')} deleted.")
    if left:
        print_message(
            f"{_count(len(left), 'backup')} in {left[0].parent} "
            f"{'is' if len(left) == 1 else 'are'} still NOT encrypted: anyone who can read "
            "your files can read them. Encrypt or delete them: partnercare encrypt "
            "--plain-backups encrypt (or delete)"
            if choice is not PlainBackups.keep
            else f"{_count(len(left), 'backup')} in {left[0].parent} "
            f"{'is' if len(left) == 1 else 'are'} still NOT encrypted, as you chose. "
            "Later: partnercare encrypt --plain-backups encrypt (or delete)"
        )
    return True


def _plain_notes_left() -> None:
    """Notes kept from a stopped editor (recovered/, partnercare-kept-*) are plain text."""
    from partnercare import paths
    from partnercare.cli.output import print_message

    folder = paths.data_dir()
    found = list(folder.glob("partnercare-kept-*"))
    recovered = folder / "recovered"
    if recovered.is_dir():
        found += list(recovered.iterdir())
    if found:
        print_message(
            f"{_count(len(found), 'note')} kept from an editor that was stopped "
            f"{'is' if len(found) == 1 else 'are'} still plain text in {folder}: add "
            "what you want to keep to the journal, then delete them."
        )


def _is_encrypted(path: Path) -> bool:
    from partnercare import encryption

    return encryption.encrypted(path)


def _count(n: int, what: str) -> str:
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


# -- decrypt ------------------------------------------------------------------------------


def decrypt_command(
    *,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Decrypt without asking.")] = False,
) -> None:
    from partnercare import backup, paths
    from partnercare.cli.output import print_message
    from partnercare.errors import CancelledError, InvalidInputError

    journal = paths.db_path()
    key = common.journal_key()
    if key is None:
        raise InvalidInputError("your journal is not encrypted; there is nothing to decrypt")
    if not yes:
        if not common.interactive():
            raise InvalidInputError(
                "decrypting leaves your journal readable by anyone who can read your files: "
                "add --yes to go ahead"
            )
        from partnercare import prompts

        if not prompts.confirm(
            "Decrypt your journal and its backups? Anyone who can read your files could "
            "then read them.",
            default=False,
        ):
            raise CancelledError("kept your journal encrypted; nothing was changed")
    store = common.open_store()
    _rewrite(store, None)
    print_message(f"Your journal is no longer encrypted: {journal}")
    encrypted = [item.path for item in backup.listing(key) if _is_encrypted(item.path)]
    left = backup.convert_all(encrypted, key, None)
    if len(encrypted) - len(left):
        print_message(f"{_count(len(encrypted) - len(left), 'backup')} decrypted too.")
    _left_encrypted(left)


def _left_encrypted(left: list[Path]) -> None:
    from partnercare.cli.output import print_message

    if left:
        one = len(left) == 1
        print_message(
            f"{_count(len(left), 'backup')} made under another passphrase "
            f"{'was' if one else 'were'} left as {'it was' if one else 'they were'}"
            f" (restoring {'it' if one else 'one'} asks for that passphrase): "
            + ", ".join(p.name for p in left[:3])
            + (" ..." if len(left) > 3 else "")
        )


# -- passphrase ---------------------------------------------------------------------------


def passphrase_command() -> None:
    from partnercare import backup, encryption, passphrase
    from partnercare.cli.output import print_message
    from partnercare.errors import InvalidInputError

    old = common.journal_key()
    if old is None:
        raise InvalidInputError(
            "your journal is not encrypted; to encrypt it with a passphrase: partnercare encrypt"
        )
    ask = common.passphrase_asker()
    chosen = passphrase.new_passphrase(ask, print_message, variable=passphrase.ENV_NEW_COMMAND)
    key = encryption.new_key(chosen)
    del chosen
    store = common.open_store()
    _rewrite(store, key)
    print_message(f"Your journal's passphrase is changed.\n{NO_RECOVERY}")
    encrypted = [item.path for item in backup.listing(old) if _is_encrypted(item.path)]
    left = backup.convert_all(encrypted, old, key)
    if len(encrypted) - len(left):
        done = len(encrypted) - len(left)
        print_message(f"{_count(done, 'backup')} {'uses' if done == 1 else 'use'} it now too.")
    _left_encrypted(left)
    if passphrase.key_from_env() is not None:
        print_message(
            "PARTNERCARE_KEY in this shell holds the old key and no longer opens the journal: "
            'eval "$(partnercare unlock)" again, or unset it.'
        )


# -- unlock and lock ----------------------------------------------------------------------

TRADE = (
    "PARTNERCARE_KEY opens your journal and its backups without the passphrase, for as "
    "long as it is set: any program running as you can read it from this shell's "
    'environment. Forget it when you are done: eval "$(partnercare lock)", or close the '
    "terminal. Changing the passphrase makes it useless."
)


def unlock_command() -> None:
    from partnercare import passphrase
    from partnercare.cli.output import print_message, print_text
    from partnercare.errors import InvalidInputError

    key = common.journal_key()
    if key is None:
        raise InvalidInputError("your journal is not encrypted; there is nothing to unlock")
    if common.interactive():
        # Printed on a screen the key would only sit in the scrollback, doing nothing.
        print_message(
            'Run it as  eval "$(partnercare unlock)"  to keep the key in this shell.\n' + TRADE
        )
        return
    print_text(f"export {passphrase.ENV_KEY}={key.hex()}\n")
    print_message(TRADE)


def lock_command() -> None:
    from partnercare import passphrase
    from partnercare.cli.output import print_message, print_text

    print_text(f"unset {passphrase.ENV_KEY}\n")
    if common.interactive():
        print_message(
            'partnercare cannot change your shell: run  eval "$(partnercare lock)"  (or close '
            "the terminal) to forget the key. Commands then ask for the passphrase again."
        )
