"""Upgrading: a journal written by the last release opens with this code and loses nothing.

The database is built with the schema steps that release had (0001 to 0004) and
rows of every shape it could save: notes with spaced, mixed-case and odd tags,
and check-ins without and with a WHO-5, with skipped answers, saved early
after a worry (answers missing), and with keys this version does not know.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from partnercare import paths
from partnercare.checkin import service
from partnercare.cli import app
from partnercare.models import EntryFilter
from partnercare.store import Store, entries
from partnercare.store.schema import MIGRATIONS

# The store's tests run on a plain journal (sqlite3) and an encrypted one (sqlcipher3).
pytestmark = pytest.mark.usefixtures("both_drivers")

RELEASED_STEPS = ["0001_tip_reads", "0002_settings", "0003_entries", "0004_entries_fts"]
STAMP = "2026-11-20T21:00:00+00:00"
FULL = {
    "partner_mood": 2,
    "communication": 3,
    "mood": 2,
    "stress": 4,
    "sleep": 2,
    "together": ["activity", "invitation"],
    "invitation": "accepted",
    "self_care": ["friend"],
    "treatment": "infusion",
    "accompanied": True,
    "safety": "no",
    "note": "Second infusion. Quiet evening.",
    "tags": ["infusion", "día"],
}
# (date, text, data, tags as the old rule saved them, starred)
CHECKINS: list[tuple[str, str, dict[str, Any], list[str], bool]] = [
    ("2026-11-10", "plain", FULL, ["infusion", "día"], False),
    (
        "2026-11-11",
        "with the WHO-5",
        {**FULL, "tags": [], "who5": [3, 3, 2, 3, 2], "who5_score": 52},
        [],
        True,
    ),
    (
        "2026-11-12",
        "skipped answers",
        {**FULL, "partner_mood": None, "communication": None, "tags": ["sam's"]},
        ["sam's"],
        False,
    ),
    (
        "2026-11-13",
        "saved early after a worry",
        {"partner_mood": 1, "mood": 2, "stress": 5, "sleep": 1, "safety": "unsure"},
        [],
        False,
    ),
    ("2026-11-14", "a later version's keys", {**FULL, "tags": [], "energy": 4, "v": 9}, [], False),
    (
        "2026-11-15",
        "tags in any script",
        {**FULL, "tags": ["हिंदी", "Work Stress"]},
        ["हिंदी", "Work Stress"],
        False,
    ),
    # written by hand or another tool: left as saved, read leniently
    ("2026-11-16", "odd tags in the answers", {**FULL, "tags": [1, None, "Sam's"]}, [], False),
]
NOTES: list[tuple[str, str, list[str], bool]] = [
    ("2026-11-09", "Sam slept better after the walk", ["Sam", "first infusion", "Sleep"], True),
    ("2026-11-12", "odd tags", ["Sam's walk", "❤️", "a,b", "SAM"], False),
    ("2026-11-13", "no tags at all\nsecond line", [], False),
]


def _build_last_release(db: Path) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(
        "CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL"
        " DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))"
    )
    steps = dict(MIGRATIONS)
    for name in RELEASED_STEPS:
        steps[name](conn)
        conn.execute("INSERT INTO _migrations VALUES (?, ?)", (name, STAMP))
    conn.execute("INSERT INTO settings VALUES ('country', 'GB')")  # as 0.1 saved it
    conn.execute("INSERT INTO tip_reads VALUES (3, ?, ?, 2)", (STAMP, STAMP))
    rows: list[tuple[str, str, str, dict[str, Any] | None, list[str], bool]] = [
        ("note", day, text, None, tags, star) for day, text, tags, star in NOTES
    ]
    rows += [("checkin", day, text, data, tags, star) for day, text, data, tags, star in CHECKINS]
    for number, (kind, day, text, data, tags, star) in enumerate(rows):
        cursor = conn.execute(
            "INSERT INTO entries (uuid, kind, date, created_at, updated_at, text, starred, data)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                f"00000000-0000-4000-8000-{number:012d}",
                kind,
                day,
                STAMP,
                STAMP,
                text,
                int(star),
                None if data is None else json.dumps(data, ensure_ascii=False),
            ),
        )
        for tag in tags:
            conn.execute("INSERT INTO tags VALUES (?, ?)", (cursor.lastrowid, tag))
    conn.close()


def _run(runner: CliRunner, *args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if "--json" in args else result.stdout


def test_the_last_release_opens_and_loses_nothing(runner: CliRunner) -> None:
    paths.ensure_data_dir()
    _build_last_release(paths.db_path())

    listed = _run(runner, "journal", "list", "--limit", "100", "--json")
    assert len(listed) == len(NOTES) + len(CHECKINS)
    by_uuid = {e["uuid"]: e for e in listed}
    for number, (day, text, _tags, star) in enumerate(NOTES):
        entry = by_uuid[f"00000000-0000-4000-8000-{number:012d}"]
        assert (entry["date"], entry["text"], entry["starred"]) == (day, text, star)
        assert entry["created_at"] == entry["updated_at"] == STAMP
    for number, (day, text, data, _tags, star) in enumerate(CHECKINS, start=len(NOTES)):
        entry = by_uuid[f"00000000-0000-4000-8000-{number:012d}"]
        assert (entry["kind"], entry["date"], entry["text"], entry["starred"]) == (
            "checkin",
            day,
            text,
            star,
        )
        # answers are kept as saved, unknown keys included; only tags follow the new rule
        assert {k: v for k, v in entry["data"].items() if k != "tags"} == {
            k: v for k, v in data.items() if k != "tags"
        }
        if "tags" in data and all(isinstance(t, str) for t in data["tags"]):
            assert entry["data"]["tags"] == entry["tags"]  # the answers repeat the same tags
        elif "tags" in data:
            assert entry["data"]["tags"] == data["tags"]

    tags_of = {e["text"]: e["tags"] for e in listed}
    assert tags_of["Sam slept better after the walk"] == ["sam", "first-infusion", "sleep"]
    assert tags_of["odd tags"] == ["sam-s-walk", "a", "b", "sam"]
    assert tags_of["skipped answers"] == ["sam-s"]
    assert tags_of["plain"] == ["infusion", "día"]
    assert tags_of["tags in any script"] == ["हिंदी", "work-stress"]
    assert [e["text"] for e in _run(runner, "journal", "list", "--tag", "SAM", "--json")] == [
        "odd tags",
        "Sam slept better after the walk",
    ]
    found = _run(runner, "journal", "search", "walk", "--json")  # "odd tags" by its tag
    assert sorted(hit["text"] for hit in found) == ["Sam slept better after the walk", "odd tags"]
    # a word finds the entries tagged with it, saved before tags were searched
    found = _run(runner, "journal", "search", "sleep", "--json")
    assert [hit["text"] for hit in found] == ["Sam slept better after the walk"]
    found = _run(runner, "journal", "search", "work", "stress", "--json")
    assert [hit["text"] for hit in found] == ["tags in any script"]

    with Store.open() as store:
        assert store.applied_migrations()[:4] == RELEASED_STEPS
        kept = store.conn.execute("SELECT tag FROM tags_before_rule ORDER BY rowid").fetchall()
        # what the rule could not keep as written is still in the database
        assert [t for (t,) in kept] == ["Sam's walk", "❤️", "a,b", "sam's"]
        history = service.history(store, date(2026, 11, 17))
        everything = entries.newest(store, EntryFilter(kind="checkin"), limit=None)
    assert len(everything) == len(CHECKINS)
    # every check-in ever saved is in the history the nudges read, none dropped
    assert sorted(day.isoformat() for day, _ in history.recent) == [c[0] for c in CHECKINS]
    assert history.last_who5 is not None

    # the 0.1 settings: the country saved in the database is still the country used
    assert "Samaritans" in _run(runner, "help-now")
    assert _run(runner, "tips", "--json")[2]["read"]
    exported = json.loads(_run(runner, "journal", "export", "--format", "json"))
    assert len(exported["entries"]) == len(listed)


def test_opening_twice_changes_nothing_more(runner: CliRunner) -> None:
    paths.ensure_data_dir()
    _build_last_release(paths.db_path())
    first = _run(runner, "journal", "list", "--limit", "100", "--json")
    second = _run(runner, "journal", "list", "--limit", "100", "--json")
    assert first == second
    with Store.open() as store:
        assert store.conn.execute("SELECT count(*) FROM tags_before_rule").fetchone() == (4,)


@pytest.mark.parametrize(
    "raw",
    [
        '{"tags": ["A"], "tags": 5}',  # a key twice: SQLite and Python read it differently
        '{"tags": ["A"], "note": "\\ud800"}',  # an escaped lone surrogate
        '{"tags": "sleep"}',
        "[1, 2, 3]",
        "not json at all",
    ],
)
def test_odd_saved_answers_never_stop_the_journal_opening(runner: CliRunner, raw: str) -> None:
    paths.ensure_data_dir()
    _build_last_release(paths.db_path())
    conn = sqlite3.connect(paths.db_path(), isolation_level=None)
    conn.execute("UPDATE entries SET data = ? WHERE text = 'plain'", (raw,))
    conn.close()
    listed = _run(runner, "journal", "list", "--limit", "100", "--json")
    assert len(listed) == len(NOTES) + len(CHECKINS)
    with Store.open() as store:
        kept = store.conn.execute("SELECT data FROM entries WHERE text = 'plain'").fetchone()
    assert kept == (raw,)  # left as saved, read leniently
