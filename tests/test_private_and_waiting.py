"""The data directory is private whatever the umask, and a write that waits says so."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnercare import paths
from partnercare.cli import app
from partnercare.errors import StoreError
from partnercare.store import Store
from partnercare.store.connection import WAITING


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_missing_parents_are_made_0700_whatever_the_umask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "a" / "b" / "home"
    monkeypatch.setenv("PARTNERCARE_HOME", str(home))
    old = os.umask(0)
    try:
        Store.open().close()
    finally:
        os.umask(old)
    assert [_mode(p) for p in (tmp_path / "a", tmp_path / "a" / "b", home)] == [0o700] * 3


def test_an_existing_open_home_is_made_private_and_said_once(
    isolated_home: Path, runner: CliRunner
) -> None:
    isolated_home.mkdir(mode=0o755)
    isolated_home.chmod(0o755)
    first = runner.invoke(app, ["journal", "add", "hello"])
    assert first.exit_code == 0
    assert _mode(isolated_home) == 0o700
    assert first.stderr.count("now private to you (0700)") == 1
    again = runner.invoke(app, ["journal", "add", "again"])
    assert "0700" not in again.stderr


def test_a_write_waiting_on_another_command_says_so_once(isolated_home: Path) -> None:
    Store.open().close()
    other = sqlite3.connect(paths.db_path(), isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    told: list[str] = []
    releaser = threading.Timer(1.5, lambda: other.execute("COMMIT"))
    with Store.open(notify=told.append) as store:
        releaser.start()
        started = time.monotonic()
        with store.transaction() as conn:
            conn.execute(
                "INSERT INTO tip_reads (number, first_read_at, last_read_at) VALUES (1, 'x', 'x')"
            )
        assert time.monotonic() - started >= 1.0
        with store.transaction():
            pass
    releaser.join()
    other.close()
    assert told == [WAITING]


def test_a_write_that_gets_the_lock_at_once_says_nothing(isolated_home: Path) -> None:
    told: list[str] = []
    with Store.open(notify=told.append) as store, store.transaction():
        pass
    assert told == []


def test_only_a_directory_holding_our_journal_is_tightened(
    isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("mine")
    not_a_folder.chmod(0o644)
    monkeypatch.setenv("PARTNERCARE_HOME", str(not_a_folder))
    told: list[str] = []
    with pytest.raises(StoreError):
        Store.open(notify=told.append)
    assert _mode(not_a_folder) == 0o644
    monkeypatch.setenv("PARTNERCARE_HOME", str(isolated_home))
    isolated_home.mkdir(mode=0o755)
    isolated_home.chmod(0o755)
    (isolated_home / "partnercare.db").write_bytes(b"not a database" * 100)
    with pytest.raises(StoreError):
        Store.open(notify=told.append)
    assert _mode(isolated_home) == 0o755
    assert told == []


def test_a_folder_with_other_things_in_it_is_never_tightened(
    isolated_home: Path, runner: CliRunner
) -> None:
    """PARTNERCARE_HOME=$HOME (or / as root) must not make that folder private:
    its mode is not partnercare's to change. The journal itself is still 0600."""
    isolated_home.mkdir(mode=0o755)
    isolated_home.chmod(0o755)
    (isolated_home / ".bashrc").write_text("# someone's home\n")
    result = runner.invoke(app, ["journal", "add", "hello"])
    assert result.exit_code == 0
    assert _mode(isolated_home) == 0o755
    assert "0700" not in result.stderr
    assert _mode(isolated_home / "partnercare.db") == 0o600


def test_a_relative_or_blank_partnercare_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from partnercare import paths

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PARTNERCARE_HOME", "rel")
    assert paths.data_dir() == tmp_path / "rel"
    # ~user for no such user stays as written, as a shell leaves it: no traceback
    monkeypatch.setenv("PARTNERCARE_HOME", "~no-such-user-here/x")
    assert paths.data_dir() == tmp_path / "~no-such-user-here" / "x"
    # blank is not set: the platform's folder, as with no PARTNERCARE_HOME at all
    monkeypatch.delenv("PARTNERCARE_HOME")
    unset = paths.data_dir()
    monkeypatch.setenv("PARTNERCARE_HOME", "   ")
    assert paths.data_dir() == unset
