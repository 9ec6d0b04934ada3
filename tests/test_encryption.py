"""Encryption at rest (issue 14): keys, the passphrase's sources, encrypt / decrypt /
passphrase / unlock / lock, and no plain text of a note anywhere under the data
directory while the journal is encrypted."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from partnercare import passphrase, paths
from partnercare.cli import app
from partnercare.errors import CancelledError, InvalidInputError, PartnercareError
from partnercare.store import StoreError, cipher

sqlcipher3 = pytest.importorskip("sqlcipher3")

PASSWORD = "correct horse battery staple"
COMMAND = f"printf '%s\\n' '{PASSWORD}'"


def run(runner: CliRunner, *args: str, **env: str) -> Result:
    return runner.invoke(app, list(args), env=env or None)


def everything_under(folder: Path) -> bytes:
    """Every byte of every file under folder (the data directory)."""
    data = b""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data += path.read_bytes()
    return data


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


@pytest.fixture
def encrypted_journal(
    runner: CliRunner, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A journal with one note, encrypted with PASSWORD (given by the command)."""
    assert run(runner, "journal", "add", "an early note about the lighthouse").exit_code == 0
    monkeypatch.setenv("PARTNERCARE_PASSPHRASE_COMMAND", COMMAND)
    result = runner.invoke(app, ["encrypt"])
    assert result.exit_code == 0, result.output
    return isolated_home / "partnercare.db"


# -- keys ---------------------------------------------------------------------------------


def test_the_key_partnercare_derives_is_the_one_sqlcipher_derives(tmp_path: Path) -> None:
    key = cipher.new_key("a passphrase")
    db = tmp_path / "x.db"
    conn = sqlcipher3.connect(str(db))
    cipher.apply(conn, key)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES ('hello')")
    conn.commit()
    conn.close()
    assert db.read_bytes()[:16] == key.salt  # the salt we chose is the file's
    # SQLCipher's own derivation from the passphrase opens it: same defaults.
    own = sqlcipher3.connect(str(db))
    own.execute("PRAGMA key = 'a passphrase'")
    assert own.execute("SELECT x FROM t").fetchall() == [("hello",)]
    own.close()
    assert cipher.opens(db, cipher.derive("a passphrase", key.salt))
    assert not cipher.opens(db, cipher.derive("another", key.salt))


def test_a_key_round_trips_through_its_text() -> None:
    key = cipher.new_key("x")
    assert cipher.parse_key(key.hex()) == key
    assert cipher.parse_key(key.hex().upper() + "\n") == key
    for bad in ("", "abc", "zz" * 48, key.hex()[:-2]):
        assert cipher.parse_key(bad) is None


def test_what_counts_as_encrypted(tmp_path: Path) -> None:
    plain = tmp_path / "plain.db"
    sqlite3.connect(plain).execute("CREATE TABLE t (x)").connection.close()
    text = tmp_path / "list.db"
    text.write_bytes(b"a shopping list, not a database\n" * 128)  # 4096 bytes of text
    noise = tmp_path / "noise.db"
    noise.write_bytes(bytes([200]) + os.urandom(4095))
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    assert not cipher.encrypted(plain)
    assert not cipher.encrypted(text)
    assert not cipher.encrypted(empty)
    assert not cipher.encrypted(tmp_path / "missing.db")
    assert cipher.encrypted(noise)


# -- where the passphrase comes from --------------------------------------------------------


def test_a_passphrase_command_gives_its_output_without_the_line_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("X_CMD", "printf 'two words \\n'")
    assert passphrase.from_command("X_CMD") == "two words "
    monkeypatch.setenv("X_CMD", "exit 3")
    with pytest.raises(PartnercareError, match="exit status 3"):
        passphrase.from_command("X_CMD")
    monkeypatch.setenv("X_CMD", "true")
    with pytest.raises(PartnercareError, match="printed nothing"):
        passphrase.from_command("X_CMD")
    monkeypatch.delenv("X_CMD")
    assert passphrase.from_command("X_CMD") is None


def _answers(*given: str) -> passphrase.Ask:
    queue = list(given)
    return lambda prompt: queue.pop(0)


def test_a_new_passphrase_is_asked_twice_and_must_not_be_empty() -> None:
    told: list[str] = []
    assert (
        passphrase.new_passphrase(_answers(PASSWORD, PASSWORD), told.append, variable="NONE_SET")
        == PASSWORD
    )
    assert told == []
    with pytest.raises(InvalidInputError, match="differ"):
        passphrase.new_passphrase(_answers(PASSWORD, "other"), told.append, variable="NONE_SET")
    with pytest.raises(InvalidInputError, match="empty"):
        passphrase.new_passphrase(_answers("", ""), told.append, variable="NONE_SET")
    assert passphrase.new_passphrase(_answers("short", "short"), told.append, variable="N") == (
        "short"
    )
    assert "short (5 characters)" in told[0]


def test_three_tries_then_one_line(tmp_path: Path) -> None:
    key = cipher.new_key(PASSWORD)
    db = tmp_path / "j.db"
    conn = sqlcipher3.connect(str(db))
    cipher.apply(conn, key)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    told: list[str] = []
    assert passphrase.unlock(db, _answers("wrong", PASSWORD), told.append) == key
    assert told == ["That passphrase does not open your journal. 2 more tries."]
    with pytest.raises(passphrase.WrongPassphrase, match="did not open"):
        passphrase.unlock(db, _answers("a", "b", "c", PASSWORD), told.append)
    with pytest.raises(PartnercareError, match="PARTNERCARE_PASSPHRASE_COMMAND"):
        passphrase.unlock(db, None, told.append)

    def interrupted(prompt: str) -> str:
        raise KeyboardInterrupt

    with pytest.raises(CancelledError):
        passphrase.unlock(db, interrupted, told.append)


# -- the commands ---------------------------------------------------------------------------


def test_encrypt_leaves_no_plain_text_anywhere(
    runner: CliRunner, encrypted_journal: Path, isolated_home: Path, tmp_path: Path
) -> None:
    assert cipher.encrypted(encrypted_journal)
    assert json.loads((isolated_home / "settings.json").read_text())["encrypted"] is True
    # add, edit, check-in, import: all of it encrypted, -wal and backups included
    assert run(runner, "journal", "add", "the second note mentions marmalade").exit_code == 0
    edited = run(runner, "journal", "edit", "2", "--text", "now it mentions quinces instead")
    assert edited.exit_code == 0, edited.output
    answers = tmp_path / "answers.json"
    answers.write_text(
        json.dumps(
            {
                "partner_mood": 3,
                "communication": 3,
                "mood": 3,
                "stress": 3,
                "sleep": 3,
                "safety": "no",
                "note": "checkin words about pelicans",
            }
        )
    )
    checked = run(runner, "checkin", "--answers", str(answers))
    assert checked.exit_code == 0, checked.output
    imported = tmp_path / "in.json"
    imported.write_text(
        json.dumps(
            {
                "format": "partnercare-journal",
                "version": 2,
                "entries": [
                    {
                        "uuid": "0b6f4b8e-8d4f-4f51-9d7e-1f2a3b4c5d6e",
                        "kind": "note",
                        "date": "2026-11-01",
                        "created_at": "2026-11-01T09:00:00+00:00",
                        "updated_at": "2026-11-01T09:00:00+00:00",
                        "text": "imported words about zeppelins",
                        "tags": [],
                        "starred": False,
                        "data": None,
                    }
                ],
            }
        )
    )
    result = run(runner, "journal", "import", str(imported))
    assert result.exit_code == 0, result.output
    assert run(runner, "backup").exit_code == 0
    everything = everything_under(isolated_home)
    for word in (b"lighthouse", b"marmalade", b"quinces", b"pelicans", b"zeppelins"):
        assert word not in everything
    listed = run(runner, "journal", "list")
    for shown in ("lighthouse", "quinces", "zeppelins"):
        assert shown in listed.stdout
    # every backup is encrypted and opens with the journal's key
    backups = sorted((isolated_home / "backups").iterdir())
    assert backups and all(cipher.encrypted(b) for b in backups)


def test_a_wrong_passphrase_is_one_line_and_changes_nothing(
    runner: CliRunner, encrypted_journal: Path, isolated_home: Path
) -> None:
    before = digest(isolated_home)
    result = runner.invoke(
        app,
        ["journal", "add", "never saved"],
        env={"PARTNERCARE_PASSPHRASE_COMMAND": "echo wrong"},
    )
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "does not open your journal" in result.stderr
    assert "ERROR" not in result.stderr and "hmac" not in result.stderr
    assert digest(isolated_home) == before


def test_no_passphrase_at_hand_says_how_to_give_it(
    runner: CliRunner, encrypted_journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PARTNERCARE_PASSPHRASE_COMMAND")
    result = run(runner, "journal", "list")
    assert result.exit_code == 1
    assert "encrypted" in result.stderr and "PARTNERCARE_PASSPHRASE_COMMAND" in result.stderr
    assert result.stderr.count("\n") == 1


def test_without_the_extra_one_line_names_it(
    runner: CliRunner, encrypted_journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cipher, "_DRIVER", None)
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)  # import fails
    for args in (["journal", "list"], ["checkin"], []):
        result = run(runner, *args)
        assert result.exit_code == 1, args
        assert "pip install 'partnercare[encryption]'" in result.stderr
        assert result.stderr.count("\n") == 1


def test_help_now_and_tips_never_ask(
    runner: CliRunner, encrypted_journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PARTNERCARE_PASSPHRASE_COMMAND", "exit 9")  # would fail if run
    assert run(runner, "help-now").exit_code == 0
    shown = run(runner, "tips", "3")
    assert shown.exit_code == 0 and "Tip 3" in shown.stdout
    listed = run(runner, "tips")
    assert listed.exit_code == 0
    # a tip read while locked is not marked read
    monkeypatch.setenv("PARTNERCARE_PASSPHRASE_COMMAND", COMMAND)
    marks = json.loads(run(runner, "tips", "--json").stdout)
    assert not any(tip["read"] for tip in marks)


def test_unlock_prints_the_key_and_it_opens_the_journal(
    runner: CliRunner, encrypted_journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run(runner, "unlock")
    assert result.exit_code == 0
    line = result.stdout.strip()
    assert line.startswith("export PARTNERCARE_KEY=")
    assert PASSWORD not in result.stdout + result.stderr
    assert "any program running as you" in result.stderr
    monkeypatch.delenv("PARTNERCARE_PASSPHRASE_COMMAND")
    monkeypatch.setenv("PARTNERCARE_KEY", line.split("=", 1)[1])
    listed = run(runner, "journal", "list")
    assert listed.exit_code == 0 and "lighthouse" in listed.stdout
    monkeypatch.setenv("PARTNERCARE_KEY", "nonsense")
    bad = run(runner, "journal", "list")
    assert bad.exit_code == 1 and "PARTNERCARE_KEY" in bad.stderr
    locked = run(runner, "lock")
    assert locked.exit_code == 0 and locked.stdout == "unset PARTNERCARE_KEY\n"


def test_decrypt_asks_or_needs_yes_and_brings_the_backups_along(
    runner: CliRunner, encrypted_journal: Path, isolated_home: Path
) -> None:
    refused = run(runner, "decrypt")
    assert refused.exit_code == 1 and "--yes" in refused.stderr
    assert cipher.encrypted(encrypted_journal)
    result = run(runner, "decrypt", "--yes")
    assert result.exit_code == 0, result.output
    assert not cipher.encrypted(encrypted_journal)
    assert b"lighthouse" in everything_under(isolated_home)
    assert not any(cipher.encrypted(b) for b in (isolated_home / "backups").iterdir())
    assert json.loads((isolated_home / "settings.json").read_text())["encrypted"] is False
    listed = runner.invoke(app, ["journal", "list"], env={"PARTNERCARE_PASSPHRASE_COMMAND": ""})
    assert "lighthouse" in listed.stdout


def test_passphrase_changes_the_key_of_the_journal_and_its_backups(
    runner: CliRunner, encrypted_journal: Path, isolated_home: Path
) -> None:
    new = "a brand new passphrase"
    result = runner.invoke(
        app, ["passphrase"], env={"PARTNERCARE_NEW_PASSPHRASE_COMMAND": f"echo {new}"}
    )
    assert result.exit_code == 0, result.output
    old = run(runner, "journal", "list")
    assert old.exit_code == 1
    fresh = runner.invoke(
        app, ["journal", "list"], env={"PARTNERCARE_PASSPHRASE_COMMAND": f"echo {new}"}
    )
    assert fresh.exit_code == 0 and "lighthouse" in fresh.stdout
    salt = cipher.header(encrypted_journal)
    for copy in (isolated_home / "backups").iterdir():
        assert cipher.opens(copy, cipher.derive(new, salt))


def test_encrypt_refuses_twice_and_empty(
    runner: CliRunner, encrypted_journal: Path, isolated_home: Path
) -> None:
    again = run(runner, "encrypt")
    assert again.exit_code == 1 and "already encrypted" in again.stderr


def test_an_empty_passphrase_encrypts_nothing(runner: CliRunner, isolated_home: Path) -> None:
    assert run(runner, "journal", "add", "words").exit_code == 0
    before = digest(isolated_home)
    result = runner.invoke(
        app, ["encrypt"], env={"PARTNERCARE_PASSPHRASE_COMMAND": "printf ' \\n'"}
    )
    assert result.exit_code == 1 and "empty" in result.stderr
    assert digest(isolated_home) == before


@pytest.mark.parametrize("choice", ["keep", "delete"])
def test_plain_backups_kept_or_deleted_as_asked(
    runner: CliRunner, isolated_home: Path, choice: str
) -> None:
    assert run(runner, "journal", "add", "a note about otters").exit_code == 0
    assert run(runner, "backup").exit_code == 0
    result = runner.invoke(
        app, ["encrypt", "--plain-backups", choice], env={"PARTNERCARE_PASSPHRASE_COMMAND": COMMAND}
    )
    assert result.exit_code == 0, result.output
    backups = list((isolated_home / "backups").iterdir())
    if choice == "keep":
        assert len(backups) == 2 and not any(cipher.encrypted(b) for b in backups)
        assert "still NOT encrypted" in result.stderr
    else:
        assert backups == []
        assert "2 plain backups deleted" in result.stderr


def test_exports_say_they_are_not_encrypted(
    runner: CliRunner, encrypted_journal: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out.json"
    result = run(runner, "journal", "export", "--output", str(target))
    assert result.exit_code == 0
    assert f"{target} is not encrypted" in result.stderr
    report = run(runner, "report", "--output", str(tmp_path / "r.md"))
    assert report.exit_code == 0 and "is not encrypted" in report.stderr
    calendar = run(runner, "appointments", "export", "--output", str(tmp_path / "c.ics"))
    assert "is not encrypted" in calendar.stderr


def test_restore_brings_back_a_deleted_entry_into_an_encrypted_journal(
    runner: CliRunner, encrypted_journal: Path, isolated_home: Path
) -> None:
    assert run(runner, "backup").exit_code == 0
    deleted = run(runner, "journal", "delete", "1", "--yes")
    assert deleted.exit_code == 0, deleted.output
    assert "lighthouse" not in run(runner, "journal", "list").stdout
    result = run(runner, "restore", "--latest", "--yes")
    assert result.exit_code == 0, result.output
    assert "lighthouse" in run(runner, "journal", "list").stdout
    assert cipher.encrypted(encrypted_journal)


def test_a_plain_backup_restored_into_an_encrypted_journal_is_encrypted(
    runner: CliRunner, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(runner, "journal", "add", "a note about walruses").exit_code == 0
    outside = tmp_path / "copy.db"
    assert run(runner, "backup", "--output", str(outside)).exit_code == 0
    monkeypatch.setenv("PARTNERCARE_PASSPHRASE_COMMAND", COMMAND)
    assert run(runner, "encrypt", "--plain-backups", "encrypt").exit_code == 0
    result = run(runner, "restore", str(outside), "--yes")
    assert result.exit_code == 0, result.output
    assert cipher.encrypted(isolated_home / "partnercare.db")
    assert b"walruses" not in everything_under(isolated_home)
    assert "walruses" in run(runner, "journal", "list").stdout


def test_an_encrypted_backup_restored_on_a_new_install(
    runner: CliRunner, encrypted_journal: Path, isolated_home: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "carried.db"
    assert run(runner, "backup", "--output", str(copy)).exit_code == 0
    new_home = tmp_path / "new-laptop"
    result = runner.invoke(
        app, ["restore", str(copy), "--yes"], env={"PARTNERCARE_HOME": str(new_home)}
    )
    assert result.exit_code == 0, result.output
    assert cipher.encrypted(new_home / "partnercare.db")
    listed = runner.invoke(app, ["journal", "list"], env={"PARTNERCARE_HOME": str(new_home)})
    assert "lighthouse" in listed.stdout


def test_the_store_refuses_an_encrypted_file_without_a_key(encrypted_journal: Path) -> None:
    from partnercare.store import Store

    with pytest.raises(StoreError, match="encrypted"):
        Store.open(encrypted_journal)
    with pytest.raises(StoreError, match="does not open"):
        Store.open(encrypted_journal, key=cipher.new_key("nope"))


def test_the_editor_note_of_an_encrypted_journal_stays_in_memory(
    runner: CliRunner,
    encrypted_journal: Path,
    isolated_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from partnercare.cli import common

    where = tmp_path / "where"
    editor = tmp_path / "editor.sh"
    editor.write_text(f'#!/bin/sh\necho "words about narwhals" >> "$1"\necho "$1" > {where}\n')
    editor.chmod(0o700)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.setattr(common, "stdin_is_terminal", lambda: True)
    result = run(runner, "journal", "add")
    assert result.exit_code == 0, result.output
    used = Path(where.read_text().strip())
    assert used.parent == paths.memory_notes_dir()
    assert str(used.parent.parent) == os.environ["XDG_RUNTIME_DIR"]
    assert not used.exists()
    assert b"narwhals" not in everything_under(isolated_home)


# -- found by a new user's and a reviewer's tries ---------------------------------------------


def test_tips_work_without_the_extra(
    runner: CliRunner, encrypted_journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cipher, "_DRIVER", None)
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)
    shown = run(runner, "tips", "3")
    assert shown.exit_code == 0 and "Tip 3" in shown.stdout
    assert run(runner, "tips").exit_code == 0


def test_an_encrypted_journal_reads_in_a_folder_that_cannot_be_written(
    runner: CliRunner, encrypted_journal: Path, isolated_home: Path
) -> None:
    # what a read-only folder refuses: the -wal/-shm a WAL reader would make
    before = sorted(p.name for p in isolated_home.iterdir())
    assert cipher.opens(
        encrypted_journal, cipher.derive(PASSWORD, cipher.header(encrypted_journal))
    )
    assert sorted(p.name for p in isolated_home.iterdir()) == before
    assert not (isolated_home / "partnercare.db-shm").exists()


def test_a_half_written_copy_a_killed_run_left_is_removed(
    runner: CliRunner, encrypted_journal: Path, isolated_home: Path
) -> None:
    import subprocess

    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = isolated_home / f"partnercare.db.converting-{dead.pid}"
    stale.write_bytes(b"SQLite format 3\x00 plain words about herons")
    backup_tmp = isolated_home / "backups" / f".partnercare-x.db.{dead.pid}.tmp"
    backup_tmp.write_bytes(b"plain")
    alive = isolated_home / f"partnercare.db.converting-{os.getpid()}"
    alive.write_bytes(b"in progress")
    assert run(runner, "journal", "list").exit_code == 0
    assert not stale.exists() and not backup_tmp.exists()
    assert alive.exists()  # a live process's file is left alone


def test_restore_is_refused_while_another_command_has_the_journal_open(
    runner: CliRunner, encrypted_journal: Path, isolated_home: Path
) -> None:
    from partnercare.store import Store

    assert run(runner, "backup").exit_code == 0
    key = cipher.derive(PASSWORD, cipher.header(encrypted_journal))
    before = digest(isolated_home)
    with Store.open(key=key):
        result = run(runner, "restore", "--latest", "--yes")
    assert result.exit_code == 1
    assert "has the journal open" in result.stderr
    assert digest(isolated_home) == before


def test_a_passphrase_command_that_never_stops_printing_is_stopped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("X_CMD", "yes")
    with pytest.raises(PartnercareError, match="far too much"):
        passphrase.from_command("X_CMD")


def test_plain_backups_can_be_encrypted_later_and_the_list_says_which(
    runner: CliRunner, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(runner, "journal", "add", "a note about puffins").exit_code == 0
    monkeypatch.setenv("PARTNERCARE_PASSPHRASE_COMMAND", COMMAND)
    assert run(runner, "encrypt", "--plain-backups", "keep").exit_code == 0
    listed = run(runner, "backup", "--list")
    assert "plain: NOT encrypted" in listed.stdout
    assert json.loads(run(runner, "backup", "--list", "--json").stdout)[0]["encrypted"] is False
    later = run(runner, "encrypt", "--plain-backups", "encrypt")
    assert later.exit_code == 0, later.output
    assert "1 backup encrypted too" in later.stderr
    assert b"puffins" not in everything_under(isolated_home)
    assert "NOT encrypted" not in run(runner, "backup", "--list").stdout
