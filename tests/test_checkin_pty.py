"""End to end in a real pseudo-terminal: the installed command, answered with keystrokes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from helpers import run_partnercare, terminal_env

pexpect: Any = pytest.importorskip("pexpect")

pytestmark = [pytest.mark.slow, pytest.mark.timeout(60)]

ENTER = "\r"
DOWN = "\x1b[B"


def _spawn(home: Path) -> Any:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "partnercare", "checkin"],
        env=terminal_env(home),
        encoding="utf-8",
        timeout=15,
        dimensions=(40, 100),
    )
    return child


def _answer(child: Any, prompt: str, keys: str) -> None:
    child.expect_exact(prompt)
    child.send(keys)


def _saved(home: Path) -> list[dict[str, Any]]:
    listing = run_partnercare(home, "journal", "list", "--kind", "checkin", "--json")
    entries: list[dict[str, Any]] = json.loads(listing)
    return entries


def test_a_checkin_answered_with_keystrokes_is_saved(isolated_home: Path) -> None:
    child = _spawn(isolated_home)
    _answer(child, "How did your partner seem today?", DOWN + ENTER)  # 4 good
    _answer(child, "How was communication between you today?", ENTER)
    _answer(child, "How are you feeling?", ENTER)
    _answer(child, "How stressed are you?", ENTER)
    _answer(child, "How did you sleep?", ENTER)
    _answer(child, "What did you do together today?", " " + ENTER)  # morning light
    _answer(child, "What did you do for yourself?", ENTER)
    _answer(child, "Any treatment or therapy today?", ENTER)
    _answer(child, "worried about anyone's safety", ENTER)
    _answer(child, "wellbeing (WHO-5)", ENTER)  # Enter: not now (the default)
    _answer(child, "A note, if you like", "We walked at sunrise" + ENTER)
    _answer(child, "Tags, if any", ENTER)
    child.expect_exact("Saved your check-in for today")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [entry] = _saved(isolated_home)
    assert entry["text"] == "We walked at sunrise"
    assert entry["data"]["partner_mood"] == 4
    assert entry["data"]["together"] == ["morning_light"]
    assert entry["data"]["safety"] == "no"
    assert "who5" not in entry["data"]


def test_ctrl_c_mid_way_saves_nothing(isolated_home: Path) -> None:
    child = _spawn(isolated_home)
    _answer(child, "How did your partner seem today?", ENTER)
    _answer(child, "How was communication between you today?", ENTER)
    _answer(child, "How are you feeling?", "\x03")
    child.expect_exact("check-in cancelled, nothing saved")
    child.expect(pexpect.EOF)
    rest = child.before
    child.close()
    assert child.exitstatus == 1
    assert "Traceback" not in rest
    assert _saved(isolated_home) == []


def test_escape_cancels_too(isolated_home: Path) -> None:
    child = _spawn(isolated_home)
    _answer(child, "How did your partner seem today?", ENTER)
    _answer(child, "How was communication between you today?", "\x1b")
    child.expect_exact("check-in cancelled, nothing saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert _saved(isolated_home) == []
