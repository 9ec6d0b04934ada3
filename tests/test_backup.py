"""`partnercare backup` (issue 14, first part): a checked copy now, and the list of copies."""

from __future__ import annotations

import json
import sqlite3
import stat
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnercare import backup
from partnercare.cli import app


def add_notes(runner: CliRunner, count: int) -> None:
    for n in range(count):
        result = runner.invoke(app, ["journal", "add", f"note {n}", "--date", "2026-11-20"])
        assert result.exit_code == 0, result.stderr


def test_a_backup_is_a_checked_private_copy(runner: CliRunner, isolated_home: Path) -> None:
    add_notes(runner, 3)
    result = runner.invoke(app, ["backup", "--json"])
    assert result.exit_code == 0, result.stderr
    made = json.loads(result.stdout)
    path = Path(made["path"])
    assert path.parent == isolated_home / "backups"
    assert made["entries"] == 3 and made["size"] == path.stat().st_size
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
        texts = [row[0] for row in conn.execute("SELECT text FROM entries ORDER BY id")]
    conn.close()
    assert texts == ["note 0", "note 1", "note 2"]
    # the day's automatic copy (after the first note) and this one; no temporary left
    assert all(backup.made_at(p.name) for p in path.parent.iterdir())
    assert path.name.endswith("-manual.db")


def test_the_list_says_when_how_big_and_how_many(runner: CliRunner) -> None:
    add_notes(runner, 2)
    assert runner.invoke(app, ["backup"]).exit_code == 0
    listed = json.loads(runner.invoke(app, ["backup", "--list", "--json"]).stdout)
    # the day's automatic copy (after the first note), and this one
    (manual,) = [item for item in listed if item["path"].endswith("-manual.db")]
    (daily,) = [item for item in listed if item is not manual]
    assert daily["entries"] == 1 and manual["entries"] == 2 and manual["size"] > 0
    only = manual
    assert datetime.fromisoformat(only["made"])
    shown = runner.invoke(app, ["backup", "--list"]).stdout
    assert shown.splitlines()[0].split() == ["Made", "Size", "Entries"]
    assert sorted(line[-1] for line in shown.splitlines()[1:3]) == ["1", "2"]


def test_an_output_file_is_never_written_over(
    runner: CliRunner, isolated_home: Path, tmp_path: Path
) -> None:
    add_notes(runner, 1)
    target = tmp_path / "copy.db"
    assert runner.invoke(app, ["backup", "--output", str(target)]).exit_code == 0
    before = target.read_bytes()
    again = runner.invoke(app, ["backup", "--output", str(target)])
    assert again.exit_code == 1
    assert again.stderr.strip() == (
        f"partnercare: {target} exists; a backup never writes over a file"
    )
    assert target.read_bytes() == before
    inside = runner.invoke(app, ["backup", "--output", str(isolated_home / "x.db")])
    assert inside.exit_code == 1 and "data folder" in inside.stderr


def test_no_journal_nothing_to_back_up(runner: CliRunner, isolated_home: Path) -> None:
    result = runner.invoke(app, ["backup"])
    assert result.exit_code == 0
    assert "nothing to back up" in result.stderr
    assert not isolated_home.exists() or not any(isolated_home.iterdir())
    assert runner.invoke(app, ["backup", "--list"]).stdout.startswith("No backups yet.")


@pytest.mark.parametrize(
    ("name", "made"),
    [
        ("partnercare-2026-11-28-093015.db", datetime(2026, 11, 28, 9, 30, 15)),
        ("partnercare-2026-13-28-093015.db", None),
        ("notes.db", None),
        (".partnercare-2026-11-28-093015.db.12.tmp", None),
    ],
)
def test_backup_names(name: str, made: datetime | None) -> None:
    assert backup.made_at(name) == made
    if made is not None:
        assert backup.name_for(made) == name


def test_rotation_keeps_seven_days_and_four_weeks() -> None:
    # an automatic copy every day for 60 days (two on the last day), and three kept
    # for other reasons, which rotation never removes
    start = datetime(2026, 9, 30, 9, 0)
    from datetime import timedelta

    names = [backup.name_for(start + timedelta(days=n)) for n in range(60)]
    names.append(backup.name_for(start + timedelta(days=59, hours=5)))
    extra = [
        backup.name_for(start, "manual"),
        backup.name_for(start, "before-upgrade"),
        backup.name_for(start, "before-restore"),
    ]
    removed = set(backup.to_remove([*names, *extra, "notes.db"]))
    kept = sorted(set(names) - removed)
    assert not removed & set(extra)
    days = sorted({backup.made_at(n).date() for n in kept})  # type: ignore[union-attr]
    # the last 7 days, and the newest of the 4 most recent ISO weeks
    assert days[-7:] == [(start + timedelta(days=n)).date() for n in range(53, 60)]
    assert len(kept) == 7 + 2  # two older weeks' newest copies beyond the last 7 days
    # on the last day, the newer of its two copies is the one kept
    assert backup.name_for(start + timedelta(days=59, hours=5)) in kept
    assert backup.name_for(start + timedelta(days=59)) in removed


def test_the_first_write_of_the_day_makes_the_days_copy(
    runner: CliRunner, isolated_home: Path
) -> None:
    add_notes(runner, 3)  # three writes: one copy
    folder = isolated_home / "backups"
    (copy,) = list(folder.iterdir())
    assert backup.made_at(copy.name) is not None and copy.name.count("-") == 4  # automatic
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT count(*) FROM entries").fetchone() == (1,)  # right after
    conn.close()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600


def test_a_journal_from_an_older_version_is_copied_before_it_is_updated(
    runner: CliRunner, isolated_home: Path
) -> None:
    add_notes(runner, 1)
    db = isolated_home / "partnercare.db"
    with sqlite3.connect(db) as conn:  # as if the last schema step were new
        conn.execute("DELETE FROM _migrations WHERE name = '0007_appointments'")
        conn.execute("DROP TABLE appointments")
    conn.close()
    result = runner.invoke(app, ["journal", "list"])
    assert result.exit_code == 0, result.stderr
    assert "Before updating your journal for this version, a backup:" in result.stderr
    (before,) = [p for p in (isolated_home / "backups").iterdir() if "before-upgrade" in p.name]
    with sqlite3.connect(before) as conn:
        steps = [row[0] for row in conn.execute("SELECT name FROM _migrations")]
    conn.close()
    assert "0007_appointments" not in steps  # the copy is the journal as it was


def _texts(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        found = [row[0] for row in conn.execute("SELECT text FROM entries ORDER BY id")]
    conn.close()
    return found


def test_restore_the_latest_keeps_the_journal_as_it_was(
    runner: CliRunner, isolated_home: Path
) -> None:
    add_notes(runner, 1)
    assert runner.invoke(app, ["backup"]).exit_code == 0
    add_notes(runner, 1)  # "note 0" again: two entries now
    db = isolated_home / "partnercare.db"
    refused = runner.invoke(app, ["restore", "--latest"])
    assert refused.exit_code == 1
    assert refused.stderr.strip() == (
        "partnercare: restoring replaces your journal: add --yes to go ahead"
    )
    assert len(_texts(db)) == 2
    done = runner.invoke(app, ["restore", "--latest", "--yes"])
    assert done.exit_code == 0, done.stderr
    assert "holds 1 entry (" in done.stderr and "Your journal now holds 2 entries" in done.stderr
    assert _texts(db) == ["note 0"]
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0
    (kept,) = [p for p in (isolated_home / "backups").iterdir() if "before-restore" in p.name]
    assert len(_texts(kept)) == 2  # nothing is lost: the journal before the restore
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert runner.invoke(app, ["journal", "list"]).exit_code == 0


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"not a database at all", "not a partnercare journal (not an SQLite database)"),
        (b"SQLite format 3\x00" + b"\x00" * 100, "cannot restore"),
    ],
)
def test_a_bad_file_is_refused_in_one_line(
    runner: CliRunner, isolated_home: Path, tmp_path: Path, content: bytes, words: str
) -> None:
    add_notes(runner, 1)
    db = isolated_home / "partnercare.db"
    before = _texts(db)
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    result = runner.invoke(app, ["restore", str(bad), "--yes"])
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert words in line and line.endswith("nothing was changed")
    assert _texts(db) == before


def test_a_database_of_another_program_or_a_newer_version_is_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE things (x)")
    conn.close()
    result = runner.invoke(app, ["restore", str(other), "--yes"])
    assert "it is not a partnercare journal" in result.stderr and result.exit_code == 1
    add_notes(runner, 1)
    newer = tmp_path / "newer.db"
    made = json.loads(runner.invoke(app, ["backup", "--json", "-o", str(newer)]).stdout)
    with sqlite3.connect(made["path"]) as conn:
        conn.execute("INSERT INTO _migrations (name) VALUES ('9999_from_the_future')")
    conn.close()
    result = runner.invoke(app, ["restore", str(newer), "--yes"])
    assert "written by a newer version of partnercare" in result.stderr


def test_restore_by_date_and_what_there_is_not(runner: CliRunner) -> None:
    add_notes(runner, 1)
    missing = runner.invoke(app, ["restore", "--date", "2001-01-01", "--yes"])
    assert missing.exit_code == 1 and "no backup was made on 2001-01-01" in missing.stderr
    assert runner.invoke(app, ["restore", "--date", "today", "--yes"]).exit_code == 0
    both = runner.invoke(app, ["restore", "--latest", "--date", "today"])
    assert both.exit_code == 1 and "one of FILE, --latest or --date" in both.stderr


def test_in_a_terminal_restore_asks_and_no_changes_nothing(
    runner: CliRunner, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from partnercare import prompts
    from partnercare.cli import common

    add_notes(runner, 1)
    assert runner.invoke(app, ["backup"]).exit_code == 0
    add_notes(runner, 1)
    asked: list[str] = []

    def answer(question: str, *, default: bool = False) -> bool:
        asked.append(question)
        return False

    monkeypatch.setattr(common, "interactive", lambda: True)
    monkeypatch.setattr(prompts, "confirm", answer)
    result = runner.invoke(app, ["restore", "--latest"])
    assert result.exit_code == 1
    assert asked == ["Replace your journal with this backup?"]
    assert "kept your journal as it was; nothing was changed" in result.stderr
    assert len(_texts(isolated_home / "partnercare.db")) == 2


def test_a_damaged_journal_can_be_restored_and_is_kept_as_it_was(
    runner: CliRunner, isolated_home: Path
) -> None:
    add_notes(runner, 2)
    assert runner.invoke(app, ["backup"]).exit_code == 0
    db = isolated_home / "partnercare.db"
    damaged = b"SQLite format 3\x00" + b"\xff" * 8192
    db.write_bytes(damaged)
    result = runner.invoke(app, ["restore", "--latest", "--yes"])
    assert result.exit_code == 0, result.stderr
    assert _texts(db) == ["note 0", "note 1"]
    (kept,) = [p for p in (isolated_home / "backups").iterdir() if "before-restore" in p.name]
    assert kept.read_bytes() == damaged  # the damaged file, as it was: nothing thrown away


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["999"], "999 is not a file; nothing was changed"),
        ([""], "give the backup file to restore, or --latest"),
        (["--date", "nonsense", "--yes"], "not a date I understand"),
        (["[bold]x\x1b[31m", "--yes"], "is not a file"),
    ],
)
def test_restore_refusals_on_a_new_install_create_nothing(
    runner: CliRunner, isolated_home: Path, args: list[str], words: str
) -> None:
    result = runner.invoke(app, ["restore", *args])
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()  # no welcome before it
    assert words in line and "Traceback" not in result.stderr
    assert not isolated_home.exists() or not any(isolated_home.iterdir())


def test_two_copies_in_the_same_second_are_both_kept(runner: CliRunner) -> None:
    from partnercare.store import Store

    add_notes(runner, 1)
    moment = datetime(2026, 11, 28, 9, 30, 15)
    with Store.open() as store:
        first = backup.make(store, moment, why="manual")
        second = backup.make(store, moment, why="manual")  # another process, same second
    assert first.path.name == "partnercare-2026-11-28-093015-manual.db"
    assert second.path.name == "partnercare-2026-11-28-093016-manual.db"
    assert first.entries == second.entries == 1


def test_the_backup_schedule_is_read_from_the_settings_file(
    runner: CliRunner, isolated_home: Path
) -> None:
    import json

    from partnercare import settings

    assert settings.load().settings.backup_schedule == (7, 4)
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "settings.json").write_text(
        json.dumps({"version": 1, "backups": {"daily": 2, "weekly": 1}})
    )
    assert settings.load().settings.backup_schedule == (2, 1)
    (isolated_home / "settings.json").write_text(
        json.dumps({"version": 1, "backups": {"daily": "lots", "weekly": 0}})
    )
    assert settings.load().settings.backup_schedule == (7, 4)
    # a save keeps (and writes) the schedule
    (isolated_home / "settings.json").write_text(
        json.dumps({"version": 1, "backups": {"daily": 3, "weekly": 2}})
    )
    settings.record_encrypted(True)
    saved = json.loads((isolated_home / "settings.json").read_text())
    assert saved["backups"] == {"daily": 3, "weekly": 2} and saved["encrypted"] is True
