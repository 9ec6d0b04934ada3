"""End to end in a real pseudo-terminal: the installed command, answered with keystrokes."""

from __future__ import annotations

import io
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
    child = spawn_partnercare(home, "checkin", *args, dimensions=(40, 100))
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
    _answer(child, "Where are you?", ENTER)  # nothing is chosen yet: Enter does nothing
    child.send(DOWN + ENTER)  # the United States, asked once
    _answer(child, "How did your partner seem today?", DOWN + ENTER)  # 4 good
    _answer(child, "How was communication between you today?", ENTER)
    _answer(child, "How are you feeling?", ENTER)
    _answer(child, "How stressed are you?", ENTER)
    _answer(child, "How did you sleep?", ENTER)
    _answer(child, "What did you do together today?", " " + ENTER)  # morning light
    _answer(child, "What did you do for yourself?", ENTER)
    _answer(child, "Any treatment or therapy today?", ENTER)
    _answer(child, "worried about anyone's safety", ENTER)
    _answer(child, "own wellbeing", ENTER)  # Enter: not now (the default)
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


def _country_saved(home: Path) -> None:
    home.mkdir(exist_ok=True)
    (home / "settings.json").write_text('{"country": "US"}')


def test_ctrl_c_mid_way_saves_nothing(isolated_home: Path) -> None:
    _country_saved(isolated_home)
    child = _spawn(isolated_home)
    _answer(child, "How did your partner seem today?", ENTER)
    _answer(child, "How was communication between you today?", ENTER)
    _answer(child, "How are you feeling?", "\x03")
    _answer(child, "Discard this check-in?", "y")
    child.expect_exact("check-in cancelled, nothing was saved")
    child.expect(pexpect.EOF)
    rest = child.before
    child.close()
    assert child.exitstatus == 1
    assert "Traceback" not in rest
    assert _saved(isolated_home) == []


def test_escape_cancels_too(isolated_home: Path) -> None:
    _country_saved(isolated_home)
    child = _spawn(isolated_home)
    _answer(child, "How did your partner seem today?", ENTER)
    _answer(child, "How was communication between you today?", "\x1b")
    _answer(child, "Discard this check-in?", "\x03")  # a second Ctrl-C discards
    child.expect_exact("check-in cancelled, nothing was saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert _saved(isolated_home) == []


def _to_safety(child: Any) -> None:
    for prompt in (
        "How did your partner seem today?",
        "How was communication between you today?",
        "How are you feeling?",
        "How stressed are you?",
        "How did you sleep?",
        "What did you do together today?",
        "What did you do for yourself?",
        "Any treatment or therapy today?",
    ):
        _answer(child, prompt, ENTER)


def test_the_crisis_screen_comes_right_after_a_worried_safety_answer(isolated_home: Path) -> None:
    child = _spawn(isolated_home)
    _answer(child, "Where are you?", DOWN * 2 + ENTER)  # the United Kingdom
    _to_safety(child)
    _answer(child, "worried about anyone's safety", DOWN + ENTER)  # yes
    child.expect_exact("Help now")
    # nothing else was asked between the answer and the crisis screen
    assert "WHO-5" not in child.before
    assert "A note" not in child.before
    child.expect_exact("116 123")
    child.expect_exact("If you are worried about suicide")
    child.expect_exact("What now?")
    child.send(DOWN + ENTER)  # save it now with the answers so far
    child.expect_exact("Saved your check-in for today")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [entry] = _saved(isolated_home)
    assert entry["data"]["safety"] == "yes"
    today = run_partnercare(isolated_home)
    assert today.index("partnercare help-now") < today.index("check-in is done")


def test_the_who5_cannot_be_scored_by_enter_alone(isolated_home: Path) -> None:
    _country_saved(isolated_home)
    child = _spawn(isolated_home, "--weekly")
    _to_safety(child)
    _answer(child, "worried about anyone's safety", ENTER)
    child.expect_exact("WHO-5 Well-Being Index (World Health Organization, 1998)")
    child.expect_exact("(1 of 5)")
    child.send(ENTER * 3)
    with pytest.raises(pexpect.TIMEOUT):
        child.expect_exact("(2 of 5)", timeout=1.5)
    child.send("2")  # a number key answers at once
    child.expect_exact("(2 of 5)")
    child.send(ENTER + DOWN + ENTER)  # Enter still nothing; down then Enter: 5
    child.expect_exact("(3 of 5)")
    child.send("3" + "4" + "1")
    _answer(child, "A note, if you like", ENTER)
    _answer(child, "Tags, if any", ENTER)
    child.expect_exact("Saved your check-in for today")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [entry] = _saved(isolated_home)
    assert entry["data"]["who5"] == [2, 5, 3, 4, 1]


def test_after_a_worry_ctrl_c_saves_rather_than_discards(isolated_home: Path) -> None:
    _country_saved(isolated_home)
    child = _spawn(isolated_home)
    _to_safety(child)
    _answer(child, "worried about anyone's safety", DOWN * 2 + ENTER)  # not sure
    _answer(child, "What now?", "\x03")
    child.expect_exact("Saved your check-in for today")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    [entry] = _saved(isolated_home)
    assert entry["data"]["safety"] == "unsure"


def test_escape_skips_the_country_question_and_the_checkin_goes_on(isolated_home: Path) -> None:
    child = _spawn(isolated_home)
    _answer(child, "Where are you?", "\x1b")
    _answer(child, "How did your partner seem today?", "\x03")  # nothing answered: cancels
    child.expect_exact("check-in cancelled, nothing was saved")
    child.expect(pexpect.EOF)
    child.close()
    assert not (isolated_home / "settings.json").exists()


@pytest.mark.parametrize("signal_name", ["SIGHUP", "SIGTERM"])
def test_closing_the_terminal_after_a_worry_keeps_the_checkin(
    isolated_home: Path, signal_name: str
) -> None:
    import signal
    import time

    _country_saved(isolated_home)
    child = _spawn(isolated_home)
    _to_safety(child)
    _answer(child, "worried about anyone's safety", DOWN + ENTER)  # yes
    _answer(child, "What now?", ENTER)  # go on
    _answer(child, "own wellbeing", ENTER)  # not now
    _answer(child, "A note, if you like", "he said goodbye to the dog")
    time.sleep(0.5)
    child.kill(getattr(signal, signal_name))
    child.expect(pexpect.EOF)
    child.close()
    [entry] = _saved(isolated_home)
    assert entry["data"]["safety"] == "yes"
    assert entry["text"] == "he said goodbye to the dog"


def test_ctrl_c_in_the_note_after_a_worry_keeps_what_was_typed(isolated_home: Path) -> None:
    _country_saved(isolated_home)
    child = _spawn(isolated_home)
    _to_safety(child)
    _answer(child, "worried about anyone's safety", DOWN + ENTER)
    _answer(child, "What now?", ENTER)
    _answer(child, "own wellbeing", ENTER)
    _answer(child, "A note, if you like", "he said goodbye to the dog" + "\x03")
    child.expect_exact("Saved your check-in for today")
    child.expect(pexpect.EOF)
    child.close()
    [entry] = _saved(isolated_home)
    assert entry["text"] == "he said goodbye to the dog"


def test_a_narrow_terminal_shows_every_question_whole(isolated_home: Path) -> None:
    """At 44 columns the questions wrap between words, indented under the question,
    and the key hints sit on a line of their own: nothing is cut mid-word."""
    pyte = pytest.importorskip("pyte")
    _country_saved(isolated_home)
    child = spawn_partnercare(isolated_home, "checkin", "--weekly", dimensions=(30, 44))
    shown = io.StringIO()
    child.logfile_read = shown
    _to_safety(child)
    _answer(child, "safety", ENTER)
    child.expect_exact("At no time")
    screen = pyte.Screen(44, 30)
    pyte.Stream(screen).feed(shown.getvalue())
    lines = [line.rstrip() for line in screen.display]
    text = " ".join(" ".join(lines).split())
    for whole in (
        "Are you worried about anyone's safety right now?",
        "Five statements about how you have felt over the last two weeks",
        "I have felt cheerful and in good spirits (arrow keys then Enter, or 0-5)",
    ):
        assert whole in text, "\n".join(lines)
    assert "  (arrow keys then Enter, or 0-5)" in lines
    child.send("3")  # answered: the answer too starts a line of its own, whole
    child.expect_exact("(2 of 5)")
    child.expect_exact("At no time")
    screen.reset()
    pyte.Stream(screen).feed(shown.getvalue())
    lines = [line.rstrip() for line in screen.display]
    assert "  3  More than half of the time" in lines, "\n".join(lines)
    child.sendcontrol("c")
    child.close()
