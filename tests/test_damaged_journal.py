"""A damaged page (issue 10, item 4): one line that says so, and no more writes.

SQLite notices a bad page only when a statement reads it, so an insert can
succeed in a damaged file. Once any command has seen the damage, writes are
refused until the file is restored or repaired; reading what is readable goes on.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from helpers import MIDDLE_ANSWERS
from partnercare import paths
from partnercare.cli import app
from partnercare.models import new_entry
from partnercare.store import Store, entries

# The store's tests run on a plain journal (sqlite3) and an encrypted one (sqlcipher3).
pytestmark = pytest.mark.usefixtures("both_drivers")


def _journal_with_entries(count: int = 60) -> None:
    with Store.open() as store:
        for n in range(count):
            text = f"entry {n} walked by the river with sam " + "and talked " * 40
            entries.add(store, new_entry("note", date(2026, 11, 1 + n % 27), text, tags=("walk",)))


def _damage(db: Path, pages: tuple[int, ...] = (18, 19, 29, 30, 35)) -> None:
    # Pages of the search index and of entries, not of the schema (pages 1, 24, 25).
    # Each step in schema.py that adds tables moves these: check with dbstat.
    data = bytearray(db.read_bytes())
    for page in pages:
        start = (page - 1) * 4096
        data[start : start + 4096] = b"\xde\xad\xbe\xef" * 1024
    db.write_bytes(bytes(data))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_line(result: Result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("partnercare: "), result.stderr
    return lines[0]


@pytest.fixture
def damaged(runner: CliRunner) -> Path:
    runner.invoke(app, ["journal", "list"])  # the welcome, out of the way
    _journal_with_entries()
    db = paths.db_path()
    shutil.copy(db, db.with_name("good-copy.db"))
    _damage(db)
    return db


def test_seeing_damage_is_one_line_that_points_to_a_backup(
    runner: CliRunner, damaged: Path
) -> None:
    message = _one_line(runner.invoke(app, ["journal", "search", "river"]))
    assert "is damaged (database disk image is malformed)" in message
    assert "backup" in message and "Traceback" not in message


def test_once_seen_no_command_writes_to_it(runner: CliRunner, damaged: Path) -> None:
    _one_line(runner.invoke(app, ["journal", "search", "river"]))
    before = _sha(damaged)
    for args in (["journal", "add", "hello"], ["tips", "3"], ["journal", "star", "1"]):
        message = _one_line(runner.invoke(app, args))
        assert "will not write to it" in message and "reading still works" in message
    answers = json.dumps(MIDDLE_ANSWERS)
    _one_line(runner.invoke(app, ["checkin", "--answers", "-"], input=answers))
    assert _sha(damaged) == before
    # reading goes on where the damage is not: what is left can still be shown
    assert runner.invoke(app, ["tips"]).exit_code == 0
    listed = runner.invoke(app, ["journal", "list", "-n", "3"])
    assert listed.exit_code == 0 or "is damaged" in _one_line(listed)


def test_a_restored_file_is_written_to_again(runner: CliRunner, damaged: Path) -> None:
    _one_line(runner.invoke(app, ["journal", "search", "river"]))
    shutil.copy(damaged.with_name("good-copy.db"), damaged)  # restored from a backup
    result = runner.invoke(app, ["journal", "add", "after the restore"])
    assert result.exit_code == 0, result.output
    assert not damaged.with_name("partnercare.db.damaged").exists()


def test_corruption_reported_in_other_words_is_damage_too(tmp_path: Path) -> None:
    """A bad page under the search index reads "vtable constructor failed": SQLite's
    error code, not its words, says the file is damaged."""
    from partnercare.store.connection import DamagedError, errors_named

    db = tmp_path / "partnercare.db"
    db.write_bytes(b"")
    error = sqlite3.DatabaseError("vtable constructor failed: entries_fts")
    error.sqlite_errorname = "SQLITE_CORRUPT"
    damaged = r"is damaged \(database disk image is malformed\)"
    with pytest.raises(DamagedError, match=damaged), errors_named(db):
        raise error
    assert db.with_name("partnercare.db.damaged").exists()  # no later command writes


def test_a_damaged_journal_refuses_before_the_editor_opens_or_a_question_is_asked(
    runner: CliRunner, damaged: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from partnercare import prompts
    from partnercare.cli import common

    _one_line(runner.invoke(app, ["journal", "search", "river"]))  # the damage, seen
    ran = tmp_path / "editor-ran"
    monkeypatch.setenv("EDITOR", f"touch {ran}")
    monkeypatch.setattr(common, "stdin_is_terminal", lambda: True)
    asked: list[str] = []

    def ask_checkin(*args: object, **kwargs: object) -> dict[str, object]:
        asked.append("asked")
        return {}

    monkeypatch.setattr(prompts, "ask_checkin", ask_checkin)
    for args in (["journal", "add"], ["checkin"]):
        assert "will not write to it" in _one_line(runner.invoke(app, args))
    assert not ran.exists()  # nothing typed in vain
    assert asked == []


def test_a_journal_seen_damaged_by_the_last_release_can_still_be_read(runner: CliRunner) -> None:
    """A pending schema step is a write too: on a journal marked damaged it waits,
    and reading goes on with the schema as it is."""
    from partnercare.store.connection import mark_damaged
    from test_upgrade import NOTES, _build_last_release

    paths.ensure_data_dir()
    db = paths.db_path()
    _build_last_release(db)
    mark_damaged(db, "database disk image is malformed")
    before = _sha(db)
    listed = runner.invoke(app, ["journal", "list", "--kind", "note", "--json"])
    assert listed.exit_code == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == len(NOTES)
    assert runner.invoke(app, ["journal", "search", "walk"]).exit_code == 0
    assert "will not write to it" in _one_line(runner.invoke(app, ["journal", "add", "x"]))
    assert _sha(db) == before


def test_the_today_screen_still_shows_the_way_to_help_then_says_why_it_failed(
    runner: CliRunner,
) -> None:
    """A journal that cannot be read (here another program's database) does not hide
    the tip and the commands, help-now among them; one line then says why, exit 1."""
    paths.ensure_data_dir()
    with sqlite3.connect(paths.db_path()) as other:
        other.execute("CREATE TABLE invoices (n INTEGER)")
        other.execute("INSERT INTO invoices VALUES (1)")
    before = _sha(paths.db_path())
    result = runner.invoke(app, [])
    assert "not a partnercare journal; partnercare has not changed it" in _one_line(result)
    assert "Tip of the day" in result.stdout
    assert "partnercare help-now" in result.stdout
    assert "check-in" not in result.stdout.split("Tip of the day")[0]  # no made-up status
    as_json = runner.invoke(app, ["--json"])
    assert as_json.exit_code == 1 and as_json.stdout == ""
    assert _sha(paths.db_path()) == before


def test_a_damaged_journal_from_before_appointments_can_still_be_read(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Seen damaged, a journal is opened without its pending schema steps: one made
    before appointments existed still shows today's screen and exports in full."""
    from helpers import raw_connect
    from partnercare.store.connection import mark_damaged

    runner.invoke(app, ["journal", "list"])  # the welcome, out of the way
    _journal_with_entries(5)
    db = paths.db_path()
    with raw_connect(db) as conn:
        conn.execute("DROP TABLE appointments")
        conn.execute("DELETE FROM _migrations WHERE name = '0007_appointments'")
    mark_damaged(db, "database disk image is malformed")
    today = runner.invoke(app, ["--json"])
    assert today.exit_code == 0, today.output
    assert json.loads(today.stdout)["next_appointment"] is None
    assert runner.invoke(app, ["appointments"]).exit_code == 0
    out = tmp_path / "rescue.json"
    result = runner.invoke(app, ["journal", "export", "--output", str(out)])
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text())
    assert len(document["entries"]) == 5 and document["appointments"] == []
