"""Encryption at rest: SQLCipher 4 through the `sqlcipher3` driver (the `encryption` extra).

A journal is encrypted when its file does not start with SQLite's plain header.
The driver is imported only then, so a plain journal never pays for it.

Keys. SQLCipher turns a passphrase into a key with PBKDF2-HMAC-SHA512 (256,000
iterations) over the 16-byte salt at the start of the file. partnercare does the
same derivation itself (`derive`, hashlib, the same defaults) and always hands
SQLCipher the raw key, so that:

- the derivation is paid once per command, not once per connection;
- `unlock` can print that raw key for PARTNERCARE_KEY (no derivation at all);
- every file partnercare makes from the journal (backups, a converted journal)
  is written with the same key and salt, so one passphrase, or one raw key,
  opens them all. SQLCipher's own `PRAGMA key = 'passphrase'` opens them too.

Everything else keeps SQLCipher 4's defaults (AES-256, an HMAC on every page).
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

from partnercare.errors import StoreError

PLAIN_HEADER = b"SQLite format 3\x00"
EXTRA = "pip install 'partnercare[encryption]'"
#: SQLCipher 4's defaults: PBKDF2-HMAC-SHA512, 256,000 iterations, a 32-byte key.
KDF_ITERATIONS = 256_000
KEY_BYTES = 32
SALT_BYTES = 16


class Key(NamedTuple):
    """A raw SQLCipher key, and the salt a new file written with it gets."""

    raw: bytes
    salt: bytes

    def pragma(self) -> str:
        """The value for `PRAGMA key` / `ATTACH ... KEY`: raw key and salt, in hex."""
        return f"\"x'{self.raw.hex()}{self.salt.hex()}'\""

    def hex(self) -> str:
        """What PARTNERCARE_KEY holds: key and salt, 96 hexadecimal digits."""
        return self.raw.hex() + self.salt.hex()


def derive(passphrase: str, salt: bytes) -> Key:
    """The key SQLCipher 4 derives from this passphrase for a file with this salt."""
    import hashlib

    raw = hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS)
    return Key(raw[:KEY_BYTES], salt)


def new_key(passphrase: str) -> Key:
    """A key for a newly encrypted journal: the passphrase over a fresh random salt
    (never one that reads as text, which `encrypted` would take for a plain file)."""
    import secrets

    while True:
        salt = secrets.token_bytes(SALT_BYTES)
        if not _text(salt):
            return derive(passphrase, salt)


def _text(start: bytes) -> bool:
    return all(32 <= byte < 127 or byte in b"\t\r\n" for byte in start)


def parse_key(text: str) -> Key | None:
    """A key as PARTNERCARE_KEY holds it (from `partnercare unlock`), or None."""
    text = text.strip().lower()
    if len(text) != 2 * (KEY_BYTES + SALT_BYTES):
        return None
    try:
        data = bytes.fromhex(text)
    except ValueError:
        return None
    return Key(data[:KEY_BYTES], data[KEY_BYTES:])


def header(path: Path) -> bytes:
    """The file's first 16 bytes (b"" for a file that is missing or cannot be read)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(PLAIN_HEADER))
    except OSError:
        return b""


def encrypted(path: Path) -> bool:
    """Whether the file looks like an SQLCipher database: whole pages (a multiple of
    512 bytes) that do not start with SQLite's header and start with random bytes,
    not text. An empty or missing file is a new plain journal; a text file or a
    damaged plain file is left to SQLite to refuse."""
    import stat

    try:
        info = path.stat()
    except (OSError, ValueError):
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_size < 512 or info.st_size % 512:
        return False
    start = header(path)
    if len(start) < SALT_BYTES or start == PLAIN_HEADER:
        return False
    return not _text(start)


_DRIVER: ModuleType | None = None


NEEDED = "the journal is encrypted, and this partnercare cannot open it"


def driver(needed: str = NEEDED) -> ModuleType:
    """sqlcipher3, imported on first use, with SQLCipher's own log lines (which it
    writes to stderr on a wrong key) turned off; a one-line StoreError naming the
    extra when it is not installed (`needed` says what for)."""
    global _DRIVER
    if _DRIVER is not None:
        return _DRIVER
    try:
        import sqlcipher3
    except ImportError:
        raise StoreError(f"{needed}: install the encryption extra ({EXTRA})") from None
    module: ModuleType = sqlcipher3
    quiet = module.connect(":memory:")
    try:
        quiet.execute("PRAGMA cipher_log_level = NONE")
    finally:
        quiet.close()
    _DRIVER = module
    return module


def apply(conn: Any, key: Key) -> None:
    """Give a fresh connection its key (before anything else is read)."""
    conn.execute(f"PRAGMA key = {key.pragma()}")


def read_only_uri(path: Path) -> str:
    """A read-only URI for a file no connection may change: `immutable` too when it has
    no -wal file (closed cleanly), so reading creates no -wal/-shm beside it and works
    in a folder that cannot be written."""
    uri = f"{path.absolute().as_uri()}?mode=ro"
    if not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    return uri


def opens(path: Path, key: Key) -> bool:
    """Whether `key` opens the encrypted file at `path` (read-only, nothing written)."""
    module = driver()
    try:
        conn = module.connect(read_only_uri(path), uri=True)
    except module.Error:
        return False
    try:
        apply(conn, key)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except module.Error:
        return False
    finally:
        conn.close()
    return True


def connect_file(path: Path, key: Key | None) -> Any:
    """A read-only connection to a journal file that is not the open journal (a backup):
    plain through sqlite3, encrypted through sqlcipher3 with `key`. The caller catches
    both drivers' errors (`errors()`)."""
    uri = read_only_uri(path)
    if key is None or not encrypted(path):
        import sqlite3

        return sqlite3.connect(uri, uri=True)
    module = driver()
    conn = module.connect(uri, uri=True)
    try:
        apply(conn, key)
    except module.Error:
        conn.close()
        raise
    return conn


def errors() -> tuple[type[BaseException], ...]:
    """The error classes of both drivers (sqlcipher3's once it is imported)."""
    import sqlite3

    classes: list[type[BaseException]] = [sqlite3.Error]
    if _DRIVER is not None:
        classes.append(_DRIVER.Error)
    return tuple(classes)
