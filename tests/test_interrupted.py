"""Stopped by SIGTERM or a closed terminal: nothing left behind; a note a killed
process left is kept for the user, never deleted."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from helpers import spawn_partnercare
from partnercare import paths
from partnercare.cli import app
from partnercare.models import new_entry
from partnercare.store import Store, entries

pexpect: Any = pytest.importorskip("pexpect")

pytestmark = [pytest.mark.slow, pytest.mark.timeout(60)]


def _wait_for(find: Any, seconds: float = 15) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = find()
        if found:
            return found
        time.sleep(0.002)
    raise AssertionError("never appeared")


def _count(home: Path) -> int:
    conn = sqlite3.connect(home / "partnercare.db")
    try:
        return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])
    finally:
        conn.close()


def _editor(tmp_path: Path, body: str) -> str:
    """An $EDITOR: a shell script running `body` on the note's path ($1)."""
    script = tmp_path / "editor.sh"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o700)
    return str(script)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_in_the_editor_is_ctrl_c(
    isolated_home: Path, tmp_path: Path, signum: signal.Signals
) -> None:
    Store.open().close()
    slow_editor = _editor(tmp_path, 'echo "private words" >> "$1"\nexec sleep 30')
    child = spawn_partnercare(isolated_home, "journal", "add", EDITOR=slow_editor)
    note = _wait_for(lambda: list(isolated_home.glob(f"{paths.NOTE_PREFIX}*")))[0]
    _wait_for(lambda: "private words" in note.read_text())  # the editor is running
    assert note.name.startswith(f"{paths.NOTE_PREFIX}{child.pid}-")
    os.kill(child.pid, signum)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    # what the editor had already written is kept, never deleted
    assert "cancelled; your text so far is kept in" in child.before
    assert "Traceback" not in child.before
    assert list(isolated_home.glob("partnercare-note-*")) == []
    [kept] = isolated_home.glob("partnercare-kept-*.md")
    assert kept.read_text() == "private words\n"
    assert _count(isolated_home) == 0


def test_a_signal_before_anything_is_written_leaves_nothing(
    isolated_home: Path, tmp_path: Path
) -> None:
    Store.open().close()
    idle_editor = _editor(tmp_path, "exec sleep 30")
    child = spawn_partnercare(isolated_home, "journal", "add", EDITOR=idle_editor)
    _wait_for(lambda: list(isolated_home.glob(f"{paths.NOTE_PREFIX}*")))
    time.sleep(0.3)  # the editor is running
    os.kill(child.pid, signal.SIGTERM)
    child.expect(pexpect.EOF)
    child.close()
    assert "cancelled; nothing was saved" in child.before
    assert list(isolated_home.glob("partnercare-*.md")) == []


def test_sigterm_during_an_export_leaves_no_partial_file(
    isolated_home: Path, tmp_path: Path
) -> None:
    with Store.open() as store:
        for number in range(300):
            entries.add(
                store, new_entry("note", date(2026, 11, 1), f"{number} " + "word " * 20_000)
            )
    target = tmp_path / "out" / "export.json"
    target.parent.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "partnercare", "journal", "export", "-o", str(target)],
        env={**os.environ, "PARTNERCARE_HOME": str(isolated_home)},
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_for(lambda: list(target.parent.glob(".export.json.*.tmp")))
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode != 0 and "Traceback" not in stderr
    assert list(target.parent.iterdir()) == []


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_note_a_killed_partnercare_left_is_moved_to_recovered_and_said_once(
    isolated_home: Path, runner: CliRunner
) -> None:
    Store.open().close()
    left = isolated_home / f"{paths.NOTE_PREFIX}{_dead_pid()}-abcd1234.md"
    left.write_text("what I wrote before the power went")
    writing = isolated_home / f"{paths.NOTE_PREFIX}{os.getpid()}-efgh5678.md"
    writing.write_text("still being written")
    kept = isolated_home / "partnercare-kept-xyz.md"
    kept.write_text("kept for the user on purpose")
    first = runner.invoke(app, ["journal", "list"])
    assert first.exit_code == 0, first.stderr
    recovered = isolated_home / "recovered" / left.name
    assert recovered.read_text() == "what I wrote before the power went"
    assert not left.exists()
    assert (recovered.parent.stat().st_mode & 0o777) == 0o700
    assert first.stderr.count("1 unsaved note") == 1 and str(recovered.parent) in first.stderr
    assert writing.read_text() == "still being written"
    assert kept.read_text() == "kept for the user on purpose"
    again = runner.invoke(app, ["journal", "list"])
    assert "unsaved" not in again.stderr
