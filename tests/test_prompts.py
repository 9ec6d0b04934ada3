"""The real questionary prompts, driven through prompt_toolkit's pipe input.

Keys: Enter is "\\r", the down arrow "\\x1b[B", space ticks a checkbox, Ctrl-C is "\\x03".
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from partnercare import checkin, prompts
from partnercare.errors import CancelledError

ENTER = "\r"
DOWN = "\x1b[B"
SPACE = " "
CTRL_C = "\x03"

pytestmark = pytest.mark.timeout(20)


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe:
        yield pipe


def ask(keys: PipeInput, typed: str, **options: bool) -> dict[str, object]:
    keys.send_text(typed)
    return prompts.ask_checkin(
        checkin.questions(),
        ask_who5=options.get("ask_who5", False),
        offer_who5=options.get("offer_who5", False),
        input=keys,
        output=DummyOutput(),
    )


def enters(*, until: str = "") -> int:
    """How many questions Enter alone goes through (before the question `until`)."""
    answers: dict[str, object] = {}
    for q in checkin.questions():
        if q.key == until:
            break
        if q.asked(answers):
            answers[q.key] = q.default
    return len(answers)


def test_enter_on_every_question_gives_a_valid_checkin(keys: PipeInput) -> None:
    answers = ask(keys, ENTER * enters())
    result = checkin.validate(answers)
    assert result == checkin.validate(
        {"partner_mood": 3, "communication": 3, "mood": 3, "stress": 3, "sleep": 3, "safety": "no"}
    )
    assert answers["safety"] == "no"
    assert answers["note"] == ""
    assert "invitation" not in answers
    assert "accompanied" not in answers


def test_arrow_keys_space_and_typing(keys: PipeInput) -> None:
    typed = "".join(
        [
            DOWN * 3 + ENTER,  # partner: 3 -> 4, 5, couldn't tell
            DOWN + ENTER,  # communication: 4
            ENTER,  # mood: 3
            DOWN + ENTER,  # stress: 4
            ENTER,  # sleep: 3
            SPACE + DOWN * 6 + SPACE + ENTER,  # together: morning light, invitation
            DOWN + ENTER,  # invitation: not this time
            ENTER,  # self-care: nothing
            DOWN + ENTER,  # treatment: an infusion
            "y",  # went along
            DOWN * 2 + ENTER,  # safety: not sure
            "Sam [b]laughed[/b]" + ENTER,  # note
            "#walk, Sleep" + ENTER,  # tags
        ]
    )
    answers = ask(keys, typed)
    assert answers == {
        "partner_mood": None,
        "communication": 4,
        "mood": 3,
        "stress": 4,
        "sleep": 3,
        "together": ["morning_light", "invitation"],
        "invitation": "declined",
        "self_care": [],
        "treatment": "infusion",
        "accompanied": True,
        "safety": "unsure",
        "note": "Sam [b]laughed[/b]",
        "tags": ["#walk", "Sleep"],
    }
    assert checkin.validate(answers).tags == ("walk", "sleep")


def test_who5_comes_before_the_note(keys: PipeInput) -> None:
    before_note = enters(until="note")
    typed = ENTER * before_note + DOWN * 2 + ENTER + ENTER * 4 + "last\r" + ENTER
    answers = ask(keys, typed, ask_who5=True)
    assert answers["who5"] == [3, 5, 5, 5, 5]
    assert answers["note"] == "last"
    assert checkin.validate(answers).who5_score == 92


def test_the_who5_offer_can_be_declined(keys: PipeInput) -> None:
    before_note = enters(until="note")
    answers = ask(keys, ENTER * before_note + "n" + ENTER * 2, offer_who5=True)
    assert "who5" not in answers
    checkin.validate(answers)


def test_enter_on_the_who5_offer_skips_it_rather_than_scoring_100(keys: PipeInput) -> None:
    before_note = enters(until="note")
    answers = ask(keys, ENTER * (before_note + 3), offer_who5=True)
    assert "who5" not in answers
    checkin.validate(answers)


def test_the_who5_offer_can_be_accepted(keys: PipeInput) -> None:
    before_note = enters(until="note")
    answers = ask(keys, ENTER * before_note + "y" + ENTER * 7, offer_who5=True)
    assert len(answers["who5"]) == 5  # type: ignore[arg-type]


def test_ctrl_c_cancels(keys: PipeInput) -> None:
    with pytest.raises(CancelledError, match="check-in cancelled, nothing saved"):
        ask(keys, ENTER * 3 + CTRL_C)


def test_ctrl_c_in_the_note_cancels(keys: PipeInput) -> None:
    with pytest.raises(CancelledError, match="nothing saved"):
        ask(keys, ENTER * enters(until="note") + "half a sentence" + CTRL_C)


def test_escape_cancels(keys: PipeInput) -> None:
    # A lone Esc is told apart from an arrow key's escape sequence by a short pause,
    # so it is sent on its own (keys sent together with it would be read as one sequence).
    with pytest.raises(CancelledError, match="nothing saved"):
        ask(keys, "\x1b")


def test_ctrl_d_in_the_note_cancels(keys: PipeInput) -> None:
    with pytest.raises(CancelledError, match="nothing saved"):
        ask(keys, ENTER * enters(until="note") + "\x04")
