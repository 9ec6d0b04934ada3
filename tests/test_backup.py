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
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary left


def test_the_list_says_when_how_big_and_how_many(runner: CliRunner) -> None:
    add_notes(runner, 2)
    assert runner.invoke(app, ["backup"]).exit_code == 0
    listed = json.loads(runner.invoke(app, ["backup", "--list", "--json"]).stdout)
    (only,) = listed
    assert only["entries"] == 2 and only["size"] > 0
    assert datetime.fromisoformat(only["made"])
    shown = runner.invoke(app, ["backup", "--list"]).stdout
    assert shown.splitlines()[0].split() == ["Made", "Size", "Entries"]
    assert shown.splitlines()[1].endswith("  2")


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
