"""Issue 10, "no traceback, ever": what a user can type, or an environment can be,
gives one line and exit 1 (or a usage error, exit 2), and changes nothing."""

from __future__ import annotations

import errno
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from partnercare import paths
from partnercare.cli import app

MINIMAL = {"mood": 4, "stress": 2, "sleep": 3, "safety": "no"}


def digest(path: Path) -> str | None:
    """The database and its WAL, so a test can see that nothing changed."""
    parts = [p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.is_file()]
    return hashlib.sha256(b"\0".join(parts)).hexdigest() if parts else None


def one_line(result: Result) -> str:
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("partnercare: ")
    return lines[0]


@pytest.fixture
def journal_with_a_note(runner: CliRunner) -> Path:
    assert runner.invoke(app, ["journal", "add", "walked by the river"]).exit_code == 0
    return paths.db_path()


# -- what a user can type -------------------------------------------------------------


@pytest.mark.parametrize("command", [["checkin", "--answers"], ["journal", "import"]])
def test_a_json_integer_too_long_to_read_is_one_line(
    runner: CliRunner, journal_with_a_note: Path, tmp_path: Path, command: list[str]
) -> None:
    source = tmp_path / "huge.json"
    source.write_text('{"mood": ' + "4" * 5000 + ', "entries": [' + "1" * 4400 + "]}")
    before = digest(journal_with_a_note)
    line = one_line(runner.invoke(app, [*command, str(source)]))
    assert "number too long" in line
    assert digest(journal_with_a_note) == before


@pytest.mark.parametrize("typed", ["²", "①", "١٢", "1" * 5000, "#" + "9" * 25])
@pytest.mark.parametrize("command", ["show", "edit", "delete", "star"])
def test_an_id_that_is_not_ascii_digits_is_one_line(
    runner: CliRunner, journal_with_a_note: Path, typed: str, command: str
) -> None:
    before = digest(journal_with_a_note)
    line = one_line(runner.invoke(app, ["journal", command, typed]))
    assert "an entry id is a number" in line
    assert digest(journal_with_a_note) == before


@pytest.mark.parametrize("limit", ["99999999999999999999999", "9" * 5000, "1000001"])
@pytest.mark.parametrize("command", [["journal", "list"], ["journal", "search", "river"]])
def test_limit_has_a_real_upper_bound(
    runner: CliRunner, journal_with_a_note: Path, limit: str, command: list[str]
) -> None:
    result = runner.invoke(app, [*command, "--limit", limit])
    assert result.exit_code == 2, result.stderr
    assert "Traceback" not in result.stderr


def test_the_largest_limit_still_lists(runner: CliRunner, journal_with_a_note: Path) -> None:
    result = runner.invoke(app, ["journal", "list", "--limit", "1000000"])
    assert result.exit_code == 0
    assert "walked by the river" in result.stdout


@pytest.mark.parametrize("day", ["0001-01-01", "0001-01-03", "1899-12-31"])
def test_a_check_in_date_before_1900_is_one_line_and_saves_nothing(
    runner: CliRunner, journal_with_a_note: Path, day: str
) -> None:
    before = digest(journal_with_a_note)
    result = runner.invoke(
        app, ["checkin", "--answers", "-", "--date", day], input=json.dumps(MINIMAL)
    )
    assert "before 1900" in one_line(result)
    assert digest(journal_with_a_note) == before


@pytest.mark.parametrize(
    "command",
    [
        ["journal", "add", "x", "--date", "0001-01-01"],
        ["journal", "list", "--since", "0999-12-31"],
        ["journal", "search", "river", "--until", "1899-12-31"],
        ["journal", "export", "--on", "0001-01-01"],
    ],
)
def test_every_date_option_refuses_a_date_before_1900(
    runner: CliRunner, journal_with_a_note: Path, command: list[str]
) -> None:
    before = digest(journal_with_a_note)
    assert "before 1900" in one_line(runner.invoke(app, command))
    assert digest(journal_with_a_note) == before


# -- closed and full standard streams, from a real process ------------------------------


def _process(home: Path, args: list[str], *, close: int | None = None, full: bool = False) -> Any:
    """Run `python -m partnercare ARGS` with one standard stream closed, or stdout on
    /dev/full; stderr is captured."""
    import subprocess
    import sys

    def close_fd() -> None:
        if close is not None:
            os.close(close)

    with open(os.devnull if not full else "/dev/full", "wb") as out:
        return subprocess.run(
            [sys.executable, "-m", "partnercare", *args],
            env={**os.environ, "PARTNERCARE_HOME": str(home)},
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=close_fd,
            timeout=60,
            check=False,
        )


def _one_line_from(process: Any) -> str:
    assert process.returncode == 1, process.stderr
    lines = process.stderr.strip().splitlines()
    assert len(lines) == 1, process.stderr  # no traceback, no "Exception ignored in"
    assert lines[0].startswith("partnercare: ")
    return str(lines[0])


@pytest.mark.parametrize(
    "args", [["checkin", "--answers", "-"], ["journal", "add"], ["journal", "import", "-"]]
)
def test_closed_stdin_is_one_line(
    isolated_home: Path, journal_with_a_note: Path, args: list[str]
) -> None:
    before = digest(journal_with_a_note)
    line = _one_line_from(_process(isolated_home, args, close=0))
    assert "cannot read stdin" in line
    assert digest(journal_with_a_note) == before


@pytest.mark.parametrize("args", [["tips", "2"], ["journal", "list", "--json"], ["--version"]])
def test_closed_stdout_is_one_line(
    isolated_home: Path, journal_with_a_note: Path, args: list[str]
) -> None:
    line = _one_line_from(_process(isolated_home, args, close=1))
    assert "could not write to standard output" in line


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["tips", "2"], ["--help"], ["journal", "export"]])
def test_full_stdout_is_one_line(
    isolated_home: Path, journal_with_a_note: Path, args: list[str]
) -> None:
    line = _one_line_from(_process(isolated_home, args, full=True))
    assert "no space left on device" in line


def test_an_os_error_no_guard_saw_is_one_line_at_the_exit_point(
    runner: CliRunner, journal_with_a_note: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from partnercare.cli import tips

    def fails(*_a: object, **_k: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tips, "_show_tip", fails)
    line = one_line(runner.invoke(app, ["tips", "2"]))
    assert line == "partnercare: could not write to standard output (no space left on device)"


# -- $EDITOR ----------------------------------------------------------------------------


def _script(path: Path, body: str) -> str:
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return str(path)


@pytest.mark.parametrize("kind", ["a directory", "not executable"])
@pytest.mark.parametrize("command", [["add"], ["edit", "1"]])
def test_an_editor_that_cannot_run_is_one_line(
    runner: CliRunner,
    journal_with_a_note: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    command: list[str],
) -> None:
    from partnercare.cli import common

    target = tmp_path / "editor"
    if kind == "a directory":
        target.mkdir()
    else:
        target.write_text("not a program\n")
        target.chmod(0o644)
    monkeypatch.setenv("EDITOR", str(target))
    monkeypatch.setattr(common, "stdin_is_terminal", lambda: True)
    before = digest(journal_with_a_note)
    line = one_line(runner.invoke(app, ["journal", *command]))
    assert f"cannot run the editor {str(target)!r}" in line
    assert "$VISUAL / $EDITOR" in line
    assert digest(journal_with_a_note) == before


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ('rm "$1"', "the editor removed the note's file"),
        ('rm "$1" && mkdir "$1"', "the editor left a folder where the note was"),
        # a FIFO: opening it to read would wait for a writer for ever
        ('rm "$1" && mkfifo "$1"', "the editor left something other than a file"),
        ('rm "$1" && ln -s /etc/passwd "$1"', "the editor left something other than a file"),
    ],
    ids=["deletes", "directory", "fifo", "link"],
)
@pytest.mark.parametrize("command", [["add"], ["edit", "1"]])
def test_an_editor_that_deletes_or_replaces_its_file_is_one_line(
    runner: CliRunner,
    journal_with_a_note: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    body: str,
    says: str,
    command: list[str],
) -> None:
    from partnercare.cli import common

    monkeypatch.setenv("EDITOR", _script(tmp_path / "odd-editor", body))
    monkeypatch.setattr(common, "stdin_is_terminal", lambda: True)
    before = digest(journal_with_a_note)
    line = one_line(runner.invoke(app, ["journal", *command]))
    assert says in line
    assert line.endswith("nothing was saved")
    assert digest(journal_with_a_note) == before
    # nothing is left behind in the data folder, not even the editor's directory (the
    # backups folder holds the day's copy, made when the fixture wrote its note)
    assert sorted(p.name for p in paths.data_dir().iterdir()) == [
        "backups",
        "partnercare.db",
        "partnercare.db.lock",
    ]


# -- a full disk -------------------------------------------------------------------------


def test_a_full_disk_already_rolled_back_says_disk_full_not_cannot_rollback() -> None:
    import sqlite3

    from partnercare.errors import StoreError
    from partnercare.store import Store

    def save_on_a_full_disk(store: Store) -> None:
        with store.transaction() as conn:
            conn.execute("INSERT INTO _migrations (name) VALUES ('half')")
            conn.execute("ROLLBACK")  # what SQLite does itself on some SQLITE_FULL errors
            raise sqlite3.OperationalError("database or disk is full")

    with Store.open() as store:
        with pytest.raises(StoreError) as info:
            save_on_a_full_disk(store)
        assert "cannot rollback" not in str(info.value)
        assert "is full; nothing was saved" in str(info.value)
        assert not store.conn.in_transaction
        assert "half" not in store.applied_migrations()


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (["checkin", "--answers", "-"], json.dumps({**MINIMAL, "note": "a long day " * 20000})),
        (["journal", "add", "a long day " * 20000], None),
    ],
    ids=["checkin", "journal-add"],
)
def test_a_full_disk_during_a_save_is_one_line_and_saves_nothing(
    runner: CliRunner,
    journal_with_a_note: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    stdin: str | None,
) -> None:
    from partnercare.cli import common

    opened = common.open_store

    def full_store() -> Any:
        # SQLite's own size limit gives the same SQLITE_FULL a full disk does.
        store = opened()
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages}")
        return store

    monkeypatch.setattr(common, "open_store", full_store)
    before = digest(journal_with_a_note)
    line = one_line(runner.invoke(app, args, input=stdin))
    assert line.endswith("is full; nothing was saved")
    assert digest(journal_with_a_note) == before


# -- a read-only journal -----------------------------------------------------------------


@pytest.fixture
def read_only_journal(
    runner: CliRunner, journal_with_a_note: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A journal with a note and a check-in whose file and folder cannot be written.
    Tests run as root, which file modes do not stop: the access check is the seam."""
    result = runner.invoke(app, ["checkin", "--answers", "-"], input=json.dumps(MINIMAL))
    assert result.exit_code == 0, result.stderr
    monkeypatch.setattr(os, "access", lambda *_a, **_k: False)
    return journal_with_a_note


def _files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


@pytest.mark.parametrize(
    ("args", "shows"),
    [
        (["journal", "list"], "walked by the river"),
        (["journal"], "walked by the river"),
        (["journal", "list", "--json"], "walked by the river"),
        (["journal", "show", "1"], "walked by the river"),
        (["journal", "search", "river"], "walked by the river"),
        (["journal", "export", "--format", "md"], "walked by the river"),
        (["journal", "export", "--format", "csv"], "walked by the river"),
        ([], "check-in is done"),
        (["tips"], "Learn about their condition"),
        (["tips", "2"], "Encourage help"),
    ],
)
def test_a_read_only_journal_can_still_be_read(
    runner: CliRunner, read_only_journal: Path, args: list[str], shows: str
) -> None:
    before, files = digest(read_only_journal), _files(read_only_journal.parent)
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert shows in result.stdout
    assert digest(read_only_journal) == before
    assert _files(read_only_journal.parent) == files  # not even a -wal or -shm beside it


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (["journal", "add", "x"], None),
        (["journal", "star", "1"], None),
        (["journal", "delete", "1", "--yes"], None),
        (
            ["journal", "import", "-"],
            '{"format": "partnercare-journal", "version": 1, "entries": []}',
        ),
        (["checkin", "--answers", "-", "--date", "yesterday"], json.dumps(MINIMAL)),
    ],
)
def test_a_read_only_journal_refuses_only_writes_in_one_line(
    runner: CliRunner, read_only_journal: Path, args: list[str], stdin: str | None
) -> None:
    before = digest(read_only_journal)
    line = one_line(runner.invoke(app, args, input=stdin))
    assert "read-only" in line
    assert str(read_only_journal) in line
    assert digest(read_only_journal) == before


def test_a_read_only_store_cannot_write_even_as_root(read_only_journal: Path) -> None:
    from partnercare import journal
    from partnercare.errors import StoreError
    from partnercare.store import Store

    before = digest(read_only_journal)
    with Store.open(reading=True) as store:
        assert store.read_only
        with pytest.raises(StoreError, match="read-only"):
            journal.set_starred(store, 1, True)
    assert digest(read_only_journal) == before


def test_a_read_only_journal_that_needs_a_schema_step_says_so_in_one_line(
    runner: CliRunner, journal_with_a_note: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    conn = sqlite3.connect(journal_with_a_note)
    with conn:
        conn.execute("DELETE FROM _migrations WHERE rowid = (SELECT max(rowid) FROM _migrations)")
    conn.close()
    monkeypatch.setattr(os, "access", lambda *_a, **_k: False)
    before = digest(journal_with_a_note)
    line = one_line(runner.invoke(app, ["journal", "list"]))
    assert "read-only" in line
    assert "make it writable" in line
    assert digest(journal_with_a_note) == before


# -- an unusable PARTNERCARE_HOME --------------------------------------------------------


def _unusable_home(kind: str, tmp_path: Path) -> str:
    if kind == "/dev/null":
        return "/dev/null"
    if kind == "a file":
        (tmp_path / "file").write_text("not a folder\n")
        return str(tmp_path / "file")
    if kind == "under a file":
        (tmp_path / "file").write_text("not a folder\n")
        return str(tmp_path / "file" / "partnercare")
    if kind == "a dangling symlink":
        (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
        return str(tmp_path / "dangling")
    if kind == "a symlink loop":
        (tmp_path / "loop-a").symlink_to(tmp_path / "loop-b")
        (tmp_path / "loop-b").symlink_to(tmp_path / "loop-a")
        return str(tmp_path / "loop-a")
    assert kind == "an unwritable parent"
    return "/proc/partnercare"  # no one, not even root, can make a folder there


HOMES = [
    "/dev/null",
    "a file",
    "under a file",
    "a dangling symlink",
    "a symlink loop",
    "an unwritable parent",
]


@pytest.mark.parametrize("kind", HOMES)
@pytest.mark.parametrize(
    "args",
    [
        ["journal", "add", "x"],
        ["journal", "list"],
        ["journal", "show", "1"],
        ["journal", "search", "x"],
        ["journal", "export"],
        ["journal", "import", "-"],
        ["checkin", "--answers", "-"],
    ],
)
def test_an_unusable_home_is_one_line_for_every_command(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    args: list[str],
) -> None:
    home = _unusable_home(kind, tmp_path)
    monkeypatch.setenv("PARTNERCARE_HOME", home)
    line = one_line(runner.invoke(app, args, input=json.dumps(MINIMAL)))
    if args[1] == "import":
        return  # the file is read (and here refused) before the journal is opened
    assert f"cannot keep partnercare's data in {home} (set by PARTNERCARE_HOME): " in line
    assert line.endswith(WHY_UNUSABLE[kind]), line


WHY_UNUSABLE = {
    "/dev/null": "it is a file, or inside one, not a folder",
    "a file": "it is a file, or inside one, not a folder",
    "under a file": "it is a file, or inside one, not a folder",
    "a dangling symlink": "it is a link to something that does not exist",
    "a symlink loop": "it is a link that leads back to itself",
    "an unwritable parent": "no such file or directory",
}


@pytest.mark.parametrize("kind", HOMES)
def test_an_unusable_home_still_shows_the_crisis_lines_tips_and_today(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    monkeypatch.setenv("PARTNERCARE_HOME", _unusable_home(kind, tmp_path))
    for args in (["help-now"], ["sos"], ["tips"], []):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert "988" in runner.invoke(app, ["help-now"]).stdout


def test_a_full_disk_that_sqlite_calls_an_io_error_is_named_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no room for its -shm file, SQLite says only "disk I/O error"; the free
    space on that disk says it is full. Any other I/O error keeps SQLite's words."""
    import sqlite3
    from types import SimpleNamespace

    from partnercare.errors import StoreError
    from partnercare.store import connection

    db = tmp_path / "partnercare.db"
    room = {"free": 3, "inodes": 100}  # 12 KiB: not room for the -shm file
    monkeypatch.setattr(
        "os.statvfs",
        lambda _path: SimpleNamespace(
            f_bavail=room["free"], f_frsize=4096, f_favail=room["inodes"]
        ),
    )
    with pytest.raises(StoreError, match="is full; nothing was saved"), connection.errors_named(db):
        raise sqlite3.OperationalError("disk I/O error")
    room.update(free=1000, inodes=0)  # space, but no inode for a new file
    with pytest.raises(StoreError, match="is full"), connection.errors_named(db):
        raise sqlite3.OperationalError("unable to open database file")
    room.update(free=1000, inodes=100)
    with pytest.raises(StoreError, match="disk I/O error"), connection.errors_named(db):
        raise sqlite3.OperationalError("disk I/O error")


def test_a_folder_with_things_in_it_left_by_the_editor_is_kept_and_named(
    runner: CliRunner, journal_with_a_note: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from partnercare.cli import common

    body = 'rm "$1" && mkdir "$1" && echo words > "$1/draft.txt"'
    monkeypatch.setenv("EDITOR", _script(tmp_path / "odd-editor", body))
    monkeypatch.setattr(common, "stdin_is_terminal", lambda: True)
    line = one_line(runner.invoke(app, ["journal", "add"]))
    assert (
        "the editor left a folder where the note was; nothing was saved; "
        "what the editor left there is kept in" in line
    )
    [kept] = [p for p in paths.data_dir().iterdir() if p.name.startswith("partnercare-kept-")]
    assert kept.is_dir() and not kept.name.endswith(".md")
    assert (kept / "draft.txt").read_text() == "words\n"
    assert not [p for p in paths.data_dir().iterdir() if p.name.startswith("partnercare-note-")]
