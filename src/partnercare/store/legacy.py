"""Reading what partnercare 0.1 kept in the database, without touching the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def read_legacy_settings(path: Path) -> dict[str, str]:
    """The `settings` table of a database from before settings.json.

    `immutable=1`: no lock is taken or waited on, and nothing is written, not
    even a WAL index (help-now calls this, and must neither hang nor change a
    file it may not understand). It reads the main file only, where partnercare
    0.1's settings are once its last connection has closed. Raises sqlite3.Error
    or OSError when the file cannot be read.
    """
    from urllib.parse import quote

    from partnercare.store.cipher import encrypted

    if encrypted(path):
        return {}  # partnercare 0.1 had no encryption: nothing of 0.1's is in there
    uri = f"file:{quote(str(path))}?mode=ro&immutable=1"
    conn = sqlite3.connect(uri, uri=True, timeout=0)
    try:
        names = {
            str(name)
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if not {"settings", "_migrations"} <= names:
            return {}  # not partnercare's: another program's settings are not ours to read
        return {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM settings")}
    finally:
        conn.close()
