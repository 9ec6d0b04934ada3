"""The schema's history: append-only steps, each applied once, in its own transaction.

A step, once released, is never edited or reordered, because databases in the
wild record its name in `_migrations`. `Store.migrate` runs them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = tuple[str, Callable[[sqlite3.Connection], None]]


def _tip_reads(conn: sqlite3.Connection) -> None:
    conn.execute(
        """
        CREATE TABLE tip_reads (
            number        INTEGER PRIMARY KEY,
            first_read_at TEXT NOT NULL,
            last_read_at  TEXT NOT NULL,
            times         INTEGER NOT NULL DEFAULT 1
        )
        """
    )


def _settings(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def _entries(conn: sqlite3.Connection) -> None:
    # AUTOINCREMENT: an id, once shown to the user, never names another entry,
    # even after the newest entry is deleted. `date` is the calendar day the
    # entry is about (YYYY-MM-DD); created_at and updated_at are local ISO
    # timestamps with offset. `data` holds a check-in's answers as JSON, NULL
    # for notes.
    conn.execute(
        """
        CREATE TABLE entries (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            uuid       TEXT NOT NULL UNIQUE,
            kind       TEXT NOT NULL CHECK (kind IN ('note', 'checkin')),
            date       TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            text       TEXT NOT NULL,
            starred    INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),
            data       TEXT
        )
        """
    )
    # The list order is (date DESC, created_at DESC, id DESC): one index serves
    # it and date ranges, so `list --limit 20` reads 20 rows at any size.
    conn.execute("CREATE INDEX entries_by_date ON entries (date, created_at, id)")
    conn.execute("CREATE INDEX entries_by_kind ON entries (kind, date, created_at, id)")
    conn.execute("CREATE INDEX entries_starred ON entries (date, created_at, id) WHERE starred = 1")
    # One check-in per day; notes are unlimited.
    conn.execute("CREATE UNIQUE INDEX one_checkin_a_day ON entries (date) WHERE kind = 'checkin'")
    conn.execute(
        """
        CREATE TABLE tags (
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            tag      TEXT NOT NULL COLLATE NOCASE,
            UNIQUE (entry_id, tag)
        )
        """
    )
    conn.execute("CREATE INDEX tags_by_tag ON tags (tag, entry_id)")


def _entries_fts(conn: sqlite3.Connection) -> None:
    # External-content FTS5 over entries.text, kept in step by triggers so the
    # index changes in the same transaction as the row, whoever writes it.
    conn.execute(
        "CREATE VIRTUAL TABLE entries_fts USING fts5("
        " text, content='entries', content_rowid='id',"
        " tokenize='porter unicode61 remove_diacritics 2')"
    )
    conn.execute(
        "CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN"
        " INSERT INTO entries_fts (rowid, text) VALUES (new.id, new.text); END"
    )
    conn.execute(
        "CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN"
        " INSERT INTO entries_fts (entries_fts, rowid, text) VALUES ('delete', old.id, old.text);"
        " END"
    )
    conn.execute(
        "CREATE TRIGGER entries_fts_update AFTER UPDATE OF text ON entries BEGIN"
        " INSERT INTO entries_fts (entries_fts, rowid, text) VALUES ('delete', old.id, old.text);"
        " INSERT INTO entries_fts (rowid, text) VALUES (new.id, new.text); END"
    )
    conn.execute("INSERT INTO entries_fts (entries_fts) VALUES ('rebuild')")


def _tags_one_rule(conn: sqlite3.Connection) -> None:
    # Tags come under the one rule of tags.py: lowercase, one word of letters,
    # digits, - and _, at most 40 characters; spelling variants on one entry merge.
    # A tag the rule cannot hold at all (only emoji or punctuation) is kept, with
    # any tag whose spelling changed beyond case and spaces, in tags_before_rule.
    import json

    from partnercare.tags import coerce, coerce_all, tidy

    conn.execute(
        "CREATE TABLE IF NOT EXISTS tags_before_rule ("
        " entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,"
        " tag TEXT NOT NULL)"
    )
    by_entry: dict[int, list[str]] = {}
    for entry_id, tag in conn.execute("SELECT entry_id, tag FROM tags ORDER BY entry_id, rowid"):
        by_entry.setdefault(int(entry_id), []).append(str(tag))
    for entry_id, old in by_entry.items():
        new = coerce_all(old)
        if list(new) == old:
            continue
        conn.execute("DELETE FROM tags WHERE entry_id = ?", (entry_id,))
        conn.executemany(
            "INSERT INTO tags (entry_id, tag) VALUES (?, ?)", [(entry_id, tag) for tag in new]
        )
        changed = [t for t in old if coerce(t) != tidy(t)]
        conn.executemany(
            "INSERT INTO tags_before_rule (entry_id, tag) VALUES (?, ?)",
            [(entry_id, tag) for tag in changed],
        )
    # A check-in's answers repeat its tags.
    rows = conn.execute(
        "SELECT id, data FROM entries WHERE kind = 'checkin' AND json_valid(data)"
        " AND json_type(data, '$.tags') = 'array'"
    ).fetchall()
    for entry_id, raw in rows:
        # Saved by hand or by a tool, a row may be odd in ways SQLite's JSON reading
        # does not see (a key twice, an escaped lone surrogate): such a row is left
        # as it is, and read leniently later, rather than stop the journal opening.
        try:
            data = json.loads(raw)
            saved = data["tags"] if isinstance(data, dict) else None
            if not isinstance(saved, list) or not all(isinstance(t, str) for t in saved):
                continue
            rewritten = list(coerce_all(saved))
            if rewritten != saved:
                data["tags"] = rewritten
                conn.execute(
                    "UPDATE entries SET data = ? WHERE id = ?",
                    (json.dumps(data, ensure_ascii=False), entry_id),
                )
        except (ValueError, TypeError, KeyError, UnicodeError):
            continue


def _search_tags(conn: sqlite3.Connection) -> None:
    # Plain words in a search match an entry's tags as well as its text: the
    # index gains a second column, fed from entries.tag_words (the entry's tags,
    # space-separated), which the store writes with the tags (entries.py).
    # External content needs the exact old values to delete a row from the
    # index, so the words live in a column rather than being worked out anew.
    conn.execute("ALTER TABLE entries ADD COLUMN tag_words TEXT NOT NULL DEFAULT ''")
    conn.execute(
        "UPDATE entries SET tag_words = coalesce((SELECT group_concat(tag, ' ') FROM"
        " (SELECT tag FROM tags WHERE entry_id = entries.id ORDER BY rowid)), '')"
    )
    for trigger in ("insert", "delete", "update"):
        conn.execute(f"DROP TRIGGER entries_fts_{trigger}")
    conn.execute("DROP TABLE entries_fts")
    conn.execute(
        "CREATE VIRTUAL TABLE entries_fts USING fts5("
        " text, tag_words, content='entries', content_rowid='id',"
        " tokenize='porter unicode61 remove_diacritics 2')"
    )
    conn.execute(
        "CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN"
        " INSERT INTO entries_fts (rowid, text, tag_words)"
        " VALUES (new.id, new.text, new.tag_words); END"
    )
    conn.execute(
        "CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN"
        " INSERT INTO entries_fts (entries_fts, rowid, text, tag_words)"
        " VALUES ('delete', old.id, old.text, old.tag_words); END"
    )
    # Only a real change re-indexes: a star, or a check-in saved again with the
    # same words, leaves a long entry's index alone.
    conn.execute(
        "CREATE TRIGGER entries_fts_update AFTER UPDATE OF text, tag_words ON entries"
        " WHEN old.text IS NOT new.text OR old.tag_words IS NOT new.tag_words BEGIN"
        " INSERT INTO entries_fts (entries_fts, rowid, text, tag_words)"
        " VALUES ('delete', old.id, old.text, old.tag_words);"
        " INSERT INTO entries_fts (rowid, text, tag_words)"
        " VALUES (new.id, new.text, new.tag_words); END"
    )
    conn.execute("INSERT INTO entries_fts (entries_fts) VALUES ('rebuild')")


def _appointments(conn: sqlite3.Connection) -> None:
    # Treatment and therapy appointments, apart from entries. `day` (YYYY-MM-DD)
    # and `at` (HH:MM, NULL for all day) are local wall-clock time, so 10:00
    # stays 10:00 across a daylight-saving change; the offset is worked out when
    # shown or exported. `state` is what was recorded ('upcoming' and 'missed'
    # are worked out from the date). `going`: 1, 0 or NULL (not said).
    conn.execute(
        """
        CREATE TABLE appointments (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            uuid         TEXT NOT NULL UNIQUE,
            kind         TEXT NOT NULL,
            day          TEXT NOT NULL,
            at           TEXT,
            title        TEXT NOT NULL DEFAULT '',
            place        TEXT NOT NULL DEFAULT '',
            note         TEXT NOT NULL DEFAULT '',
            going        INTEGER CHECK (going IN (0, 1)),
            driver       TEXT NOT NULL DEFAULT '',
            state        TEXT NOT NULL DEFAULT 'planned'
                         CHECK (state IN ('planned', 'done', 'cancelled')),
            series_uuid  TEXT,
            series_index INTEGER,
            series_count INTEGER,
            ical_uid     TEXT,
            source_version TEXT,
            sequence     INTEGER NOT NULL DEFAULT 0,
            created_at   TEXT NOT NULL,
            updated_at   TEXT NOT NULL
        )
        """
    )
    # The today screen asks for the next one, the check-in for a day's: one index
    # serves both, so neither reads the whole table.
    conn.execute("CREATE INDEX appointments_by_day ON appointments (day, at, id)")
    conn.execute("CREATE INDEX appointments_by_series ON appointments (series_uuid, series_index)")


# The schema's history, oldest first. Append only: a step, once released, is
# never edited or reordered, because databases in the wild record its name.
MIGRATIONS: list[Migration] = [
    ("0001_tip_reads", _tip_reads),
    ("0002_settings", _settings),
    ("0003_entries", _entries),
    ("0004_entries_fts", _entries_fts),
    ("0005_tags_one_rule", _tags_one_rule),
    ("0006_search_tags", _search_tags),
    ("0007_appointments", _appointments),
]
