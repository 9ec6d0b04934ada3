"""help-now in a real pseudo-terminal: the country asked once, and contacts added step by step."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from helpers import run_partnercare, spawn_partnercare

pexpect: Any = pytest.importorskip("pexpect")

pytestmark = [pytest.mark.slow, pytest.mark.timeout(60)]

ENTER = "\r"
DOWN = "\x1b[B"


def _spawn(home: Path, *args: str) -> Any:
    return spawn_partnercare(home, "help-now", *args, dimensions=(40, 100))


def _finish(child: Any) -> str:
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    return str(child.before)


def test_the_first_help_now_in_a_terminal_asks_the_country_once(isolated_home: Path) -> None:
    child = _spawn(isolated_home)
    # the lines come first: help never waits for the question
    child.expect_exact("Help now")
    child.expect_exact("988")
    child.expect_exact("Where are you?")
    child.send(ENTER)  # nothing chosen yet: Enter alone saves no country
    child.send(DOWN * 2 + ENTER)  # the United Kingdom
    child.expect_exact("Help now")
    rest = _finish(child)
    assert "116 123" in rest
    assert "988" not in rest
    again = _spawn(isolated_home)
    again.expect_exact("Help now")
    rest = _finish(again)
    assert "Where are you?" not in rest
    assert "999" in rest


def test_ctrl_c_at_the_country_question_still_shows_the_lines(isolated_home: Path) -> None:
    child = _spawn(isolated_home)
    child.expect_exact("988")
    child.expect_exact("Where are you?")
    child.send("\x03")
    _finish(child)
    assert not (isolated_home / "settings.json").exists()


def test_contacts_added_step_by_step_come_first(isolated_home: Path) -> None:
    isolated_home.mkdir()
    (isolated_home / "settings.json").write_text('{"country": "US"}')
    child = _spawn(isolated_home, "--add-contact")
    child.expect_exact("Name (for example")
    child.send("Dr Lee" + ENTER)
    child.expect_exact("Number for Dr Lee")
    child.send("no digits" + ENTER)  # refused where it was typed
    child.expect_exact("at least 3 digits")
    child.send("\x15" + "555 0100" + ENTER)  # Ctrl-U clears the line
    child.expect_exact("Who is Dr Lee?")
    child.send(ENTER)  # their clinician or after-hours line
    child.expect_exact("Add another contact?")
    child.send("n")
    child.expect_exact("safety plan")
    child.send(ENTER)  # yes
    child.expect_exact("Where is it kept?")
    child.send("blue folder" + ENTER)
    child.expect_exact("Help now")
    _finish(child)
    out = run_partnercare(isolated_home, "help-now")
    assert out.index("Dr Lee (their clinician or after-hours line): 555 0100") < out.index("911")
    assert "Their safety plan: blue folder" in out
    saved = json.loads((isolated_home / "settings.json").read_text())
    assert saved["contacts"] == [{"name": "Dr Lee", "number": "555 0100", "role": "clinician"}]
