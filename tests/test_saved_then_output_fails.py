"""Saved, then the output fails (issue 10): one line that says the data was saved.

A script that sees a traceback after a save retries and saves twice. Each case
runs the real command with its standard output on /dev/full (a full disk).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")

ANSWERS = {"partner_mood": 3, "communication": 3, "mood": 3, "stress": 3, "sleep": 3}


def _run(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PARTNERCARE_HOME": str(home), "TERM": "dumb"}
    with open("/dev/full", "w") as full:
        return subprocess.run(
            [sys.executable, "-m", "partnercare", *args],
            env=env,
            input=stdin,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=30,
        )


def _count(home: Path) -> int:
    with sqlite3.connect(home / "partnercare.db") as conn:
        return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["journal", "add", "walked", "--json"], "entry 1 was saved"),
        (["checkin", "--answers", "-"], "the check-in for"),
        (["checkin", "--answers", "-", "--json"], "the check-in for"),
    ],
)
def test_a_save_then_a_full_disk_on_stdout_says_it_was_saved(
    tmp_path: Path, args: list[str], says: str
) -> None:
    home = tmp_path / "home"
    answers = json.dumps({**ANSWERS, "safety": "no"})
    result = _run(home, *args, stdin=answers)
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("partnercare: could not write to standard output")
    assert says in last
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert _count(home) == 1


def test_reading_to_a_full_disk_is_one_line_and_claims_no_save(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _run(home, "journal", "add", "one")
    result = _run(home, "journal", "list", "--json")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "partnercare: could not write to standard output (no space left on device)"
    )
    assert _count(home) == 1


def test_a_full_stderr_loses_only_the_message_not_the_exit_code(tmp_path: Path) -> None:
    """`journal add x 2>/dev/full` saved and then exited 1, so a script would add it
    again; the message is all that is lost, and the exit says the save happened."""
    home = tmp_path / "home"
    env = {**os.environ, "PARTNERCARE_HOME": str(home), "TERM": "dumb"}
    for _ in range(2):  # the first run also has the welcome to write
        with open("/dev/full", "w") as full:
            result = subprocess.run(
                [sys.executable, "-m", "partnercare", "journal", "add", "walked"],
                env=env,
                stdout=subprocess.PIPE,
                stderr=full,
                text=True,
                timeout=30,
            )
        assert result.returncode == 0
    assert _count(home) == 2


def _to_a_closed_pipe(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PARTNERCARE_HOME": str(home), "TERM": "dumb"}
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone, as after `| head -0`
    try:
        return subprocess.run(
            [sys.executable, "-m", "partnercare", *args],
            env=env,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=30,
        )
    finally:
        os.close(write_end)


def test_a_reader_that_went_away_is_quiet_unless_something_was_saved(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _run(home, "journal", "add", "one")
    listed = _to_a_closed_pipe(home, "journal", "list")
    assert listed.returncode == 1
    assert listed.stderr == ""  # the end of a pipeline, not an error worth a line
    added = _to_a_closed_pipe(home, "journal", "add", "two", "--json")
    assert added.returncode == 1
    assert added.stderr.strip() == (
        "partnercare: could not write to standard output (broken pipe); entry 2 was saved"
    )


def test_a_safety_worry_is_saved_even_when_stdout_is_closed(
    isolated_home: Path, tmp_path: Path
) -> None:
    """`partnercare checkin --answers F | head -1`: the crisis screen comes first and
    the pipe closes under it; the check-in saying someone may be in danger is still
    saved (and the screen goes to stderr)."""
    answers = tmp_path / "worried.json"
    answers.write_text(json.dumps({"mood": 2, "stress": 4, "sleep": 2, "safety": "yes"}))
    env = {**os.environ, "PARTNERCARE_HOME": str(isolated_home)}
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody reads: every write to stdout fails
    try:
        done = subprocess.run(
            [sys.executable, "-m", "partnercare", "checkin", "--answers", str(answers)],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=env,
            timeout=30,
        )
    finally:
        os.close(write_end)
    assert b"Traceback" not in done.stderr
    assert b"Saved your check-in" in done.stderr
    listed = subprocess.run(
        [sys.executable, "-m", "partnercare", "journal", "list", "--json"],
        capture_output=True, text=True, env=env, timeout=30, check=True,
    )  # fmt: skip
    (entry,) = json.loads(listed.stdout)
    assert entry["kind"] == "checkin" and entry["data"]["safety"] == "yes"
