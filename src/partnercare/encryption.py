"""Encryption at rest, as the commands use it (the SQL is in `store.cipher` and
`store.convert`): whether a file is encrypted, a new key, the journal rewritten
under another key with settings.json told, and the key that opens a backup."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from partnercare.store import cipher

if TYPE_CHECKING:
    from partnercare.passphrase import Ask
    from partnercare.store import Store
    from partnercare.store.cipher import Key


def encrypted(path: Path) -> bool:
    return cipher.encrypted(path)


def require_extra() -> None:
    """One line naming the extra to install, when it is not."""
    cipher.driver("encrypting the journal needs SQLCipher, which is not installed")


def new_key(passphrase: str) -> Key:
    return cipher.new_key(passphrase)


def opens(path: Path, key: Key) -> bool:
    return cipher.opens(path, key)


def rewrite(store: Store, key: Key | None, tell: Callable[[str], None]) -> None:
    """The open journal rewritten under `key` (None: plain; the store is closed after),
    and settings.json's note of it brought up to date."""
    from partnercare.store.convert import convert_journal

    convert_journal(store, key)
    note(store.path, tell)


def note(journal: Path, tell: Callable[[str], None] | None = None) -> None:
    """settings.json notes whether the journal is encrypted (its first bytes decide)."""
    from partnercare import settings

    try:
        settings.record_encrypted(cipher.encrypted(journal))
    except Exception as exc:  # a note only
        if tell is not None:
            tell(f"(settings.json could not note this: {exc})")


def backup_key(
    path: Path, key: Key | None, ask: Ask | None, tell: Callable[[str], None]
) -> Key | None:
    """The key that opens the backup at `path`: None if it is plain, the journal's
    `key` if that opens it, else the backup's own passphrase (asked, or from
    PARTNERCARE_PASSPHRASE_COMMAND)."""
    from partnercare import passphrase

    if not cipher.encrypted(path):
        return None
    cipher.driver(f"the backup {path.name} is encrypted, and this partnercare cannot open it")
    if key is not None and cipher.opens(path, key):
        return key
    return passphrase.unlock(path, ask, tell, what=f"the backup {path.name}")
