"""Export on a screen never passes a typed escape sequence to the terminal."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest
from typer.testing import CliRunner

from partnercare.cli import app

pytestmark = pytest.mark.slow

TEXT = "red \x1b[31malert\x1b[0m and a bell \x07"


@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_export_to_a_terminal_shows_escapes_literally(
    fmt: str, runner: CliRunner, isolated_home: Path
) -> None:
    assert runner.invoke(app, ["journal", "add", TEXT]).exit_code == 0
    env = {**os.environ, "PARTNERCARE_HOME": str(isolated_home)}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "partnercare", "journal", "export", "--format", fmt],
        env=env,
        encoding="utf-8",
        timeout=30,
    )
    child.expect(pexpect.EOF)
    child.close()
    screen = child.before or ""
    assert child.exitstatus == 0
    assert "\\x1b[31malert" in screen
    assert "\x1b" not in screen
    assert "\x07" not in screen


def test_export_to_a_pipe_keeps_the_exact_bytes(runner: CliRunner) -> None:
    runner.invoke(app, ["journal", "add", TEXT])
    result = runner.invoke(app, ["journal", "export", "--format", "md"])
    assert TEXT in result.stdout


def test_a_json_export_on_a_terminal_is_still_json(runner: CliRunner, isolated_home: Path) -> None:
    """Controls shown as JSON escapes (\\u001b, \\u009b), not \\x1b, which JSON lacks."""
    import json

    typed = TEXT + " c1 \x9b31m"
    assert runner.invoke(app, ["journal", "add", typed]).exit_code == 0
    env = {**os.environ, "PARTNERCARE_HOME": str(isolated_home)}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "partnercare", "journal", "export"],
        env=env,
        encoding="utf-8",
        timeout=30,
    )
    child.expect(pexpect.EOF)
    child.close()
    screen = (child.before or "").replace("\r\n", "\n")
    assert child.exitstatus == 0
    assert "\x1b" not in screen and "\x9b" not in screen
    assert json.loads(screen)["entries"][0]["text"] == typed
