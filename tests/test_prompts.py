"""The real questionary prompts, driven through prompt_toolkit's pipe input.

Keys: Enter is "\\r", the down arrow "\\x1b[B", space ticks a checkbox, Ctrl-C is "\\x03".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from helpers import MIDDLE_ANSWERS
from partnercare import checkin, prompts
from partnercare.errors import CancelledError

ENTER = "\r"
DOWN = "\x1b[B"
UP = "\x1b[A"
SPACE = " "
CTRL_C = "\x03"

pytestmark = pytest.mark.timeout(20)


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe:
        yield pipe


def ask(keys: PipeInput, typed: str, **options: Any) -> dict[str, object]:
    keys.send_text(typed)
    return prompts.ask_checkin(
        checkin.questions(),
        ask_who5=options.get("ask_who5", False),
        offer_who5=options.get("offer_who5", False),
        on_worry=options.get("on_worry"),
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
    assert result == checkin.validate(MIDDLE_ANSWERS)
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
        "tags": ["#walk, Sleep"],  # one typed line; validation splits it on commas
    }
    assert checkin.validate(answers).tags == ("walk", "sleep")


def test_who5_comes_before_the_note(keys: PipeInput) -> None:
    before_note = enters(until="note")
    typed = ENTER * before_note + "3" + "5555" + "last\r" + ENTER
    answers = ask(keys, typed, ask_who5=True)
    assert answers["who5"] == [3, 5, 5, 5, 5]
    assert answers["note"] == "last"
    assert checkin.validate(answers).who5_score == 92


def test_enter_alone_never_answers_a_who5_item(keys: PipeInput) -> None:
    # Enter before a choice does nothing: each item waits for a real answer.
    before_note = enters(until="note")
    typed = ENTER * before_note + (ENTER * 3 + "2") + (ENTER + "0") + "1" + "4" + (ENTER + "5")
    answers = ask(keys, typed + ENTER * 2, ask_who5=True)
    assert answers["who5"] == [2, 0, 1, 4, 5]


def test_who5_answers_by_arrow_keys_start_from_no_choice(keys: PipeInput) -> None:
    # Down from no choice is the first answer (5), up is the last (0).
    before_note = enters(until="note")
    typed = ENTER * before_note + DOWN + ENTER + UP + ENTER + DOWN * 3 + ENTER + "22"
    answers = ask(keys, typed + ENTER * 2, ask_who5=True)
    assert answers["who5"] == [5, 0, 3, 2, 2]


def test_number_keys_answer_a_scale_at_once(keys: PipeInput) -> None:
    answers = ask(keys, "1" + "5" + "2" + ENTER * (enters() - 3))
    assert (answers["partner_mood"], answers["communication"], answers["mood"]) == (1, 5, 2)


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
    answers = ask(keys, ENTER * before_note + "y" + "44444" + ENTER * 2, offer_who5=True)
    assert answers["who5"] == [4, 4, 4, 4, 4]


def test_ctrl_c_before_any_answer_cancels_at_once(keys: PipeInput) -> None:
    with pytest.raises(CancelledError, match="check-in cancelled, nothing was saved"):
        ask(keys, CTRL_C)


def test_ctrl_c_after_answers_asks_before_discarding(keys: PipeInput) -> None:
    with pytest.raises(CancelledError, match="check-in cancelled, nothing was saved"):
        ask(keys, ENTER * 3 + CTRL_C + "y")


def test_a_second_ctrl_c_discards(keys: PipeInput) -> None:
    with pytest.raises(CancelledError, match="check-in cancelled, nothing was saved"):
        ask(keys, ENTER * 3 + CTRL_C + CTRL_C)


@pytest.mark.parametrize("keep", [ENTER, "n"])
def test_not_discarding_goes_back_to_the_same_question(keys: PipeInput, keep: str) -> None:
    # Ctrl-C at the 4th question (stress), keep the check-in, then answer it with 5.
    typed = ENTER * 3 + CTRL_C + keep + "5" + ENTER * (enters() - 4)
    answers = ask(keys, typed)
    assert answers["stress"] == 5
    assert checkin.validate(answers).mood == 3


def test_escape_in_the_note_asks_before_throwing_answers_away(keys: PipeInput) -> None:
    keys.send_text(ENTER * enters(until="note") + "half a sentence")
    keys.send_text("\x1b")  # a lone Esc is told apart from a sequence by a pause
    answers = ask(keys, "n" + " and the rest" + ENTER + ENTER)
    assert answers["note"] == "half a sentence and the rest"
    assert answers["mood"] == 3


def test_ctrl_c_in_the_note_cancels_after_asking(keys: PipeInput) -> None:
    with pytest.raises(CancelledError, match="nothing was saved"):
        ask(keys, ENTER * enters(until="note") + "half a sentence" + CTRL_C + "y")


def test_escape_cancels(keys: PipeInput) -> None:
    # A lone Esc is told apart from an arrow key's escape sequence by a short pause,
    # so it is sent on its own (keys sent together with it would be read as one sequence).
    with pytest.raises(CancelledError, match="nothing was saved"):
        ask(keys, "\x1b")


def test_ctrl_d_in_the_note_cancels(keys: PipeInput) -> None:
    with pytest.raises(CancelledError, match="nothing was saved"):
        ask(keys, ENTER * enters(until="note") + "\x04")


def _logged_questions(monkeypatch: pytest.MonkeyPatch, events: list[str]) -> None:
    original = prompts._ask_question

    def logged(session: Any, q: Any, day_words: str) -> object:
        events.append(q.key)
        return original(session, q, day_words)

    monkeypatch.setattr(prompts, "_ask_question", logged)


@pytest.mark.parametrize("worry", [1, 2])  # the safety options: no, yes (1 down), not sure (2)
def test_a_worry_shows_the_crisis_screen_before_any_further_question(
    keys: PipeInput, monkeypatch: pytest.MonkeyPatch, worry: int
) -> None:
    events: list[str] = []
    _logged_questions(monkeypatch, events)
    before_safety = enters(until="safety")
    go_on = ENTER
    typed = ENTER * before_safety + DOWN * worry + ENTER + go_on + "33333" + "a note" + ENTER * 2
    answers = ask(keys, typed, on_worry=lambda: events.append("CRISIS SCREEN"), ask_who5=True)
    assert answers["who5"] == [3, 3, 3, 3, 3]
    assert events[events.index("safety") + 1] == "CRISIS SCREEN"
    assert events[-3:] == ["CRISIS SCREEN", "note", "tags"]
    assert answers["note"] == "a note"
    assert answers["safety"] == ("yes" if worry == 1 else "unsure")


def test_after_the_crisis_screen_the_checkin_can_be_saved_at_once(
    keys: PipeInput, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    _logged_questions(monkeypatch, events)
    typed = ENTER * enters(until="safety") + DOWN + ENTER + DOWN + ENTER
    answers = ask(keys, typed, on_worry=lambda: events.append("CRISIS SCREEN"), ask_who5=True)
    assert events[-2:] == ["safety", "CRISIS SCREEN"]
    assert "note" not in answers
    assert "who5" not in answers
    assert checkin.validate(answers).worried_about_safety


def test_no_crisis_screen_when_the_answer_is_no(
    keys: PipeInput, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    ask(keys, ENTER * enters(), on_worry=lambda: events.append("CRISIS SCREEN"))
    assert events == []


@pytest.mark.parametrize("keys_after", [CTRL_C, CTRL_C + CTRL_C, ENTER + "\x04"])
def test_after_a_worry_leaving_early_keeps_the_answers(keys: PipeInput, keys_after: str) -> None:
    typed = ENTER * enters(until="safety") + DOWN + ENTER + keys_after
    answers = ask(keys, typed, on_worry=lambda: None)
    assert answers["safety"] == "yes"
    assert checkin.validate(answers).worried_about_safety


def test_escape_at_the_discard_question_goes_back(keys: PipeInput) -> None:
    keys.send_text(ENTER * 3 + CTRL_C)
    keys.send_text("\x1b")  # Esc at "Discard this check-in?": no
    answers = ask(keys, "4" + ENTER * (enters() - 4))
    assert answers["stress"] == 4


def test_going_back_to_the_note_keeps_what_was_typed(keys: PipeInput) -> None:
    typed = ENTER * enters(until="note") + "half a sentence" + CTRL_C + "n" + " and more" + ENTER
    answers = ask(keys, typed + ENTER)
    assert answers["note"] == "half a sentence and more"


def test_a_tag_outside_the_rule_is_caught_at_the_prompt_and_can_be_fixed(keys: PipeInput) -> None:
    # Enter on "sam's" is refused where it was typed (the answers so far are not
    # lost at the end); after deleting the apostrophe and its s, Enter goes through.
    backspace = "\x7f"
    typed = ENTER * enters(until="tags") + "sam's" + ENTER + backspace * 2 + ENTER
    answers = ask(keys, typed)
    assert answers["tags"] == ["sam"]
    assert checkin.validate(answers).tags == ("sam",)


def test_after_a_worry_a_half_typed_tag_is_kept_under_the_rule(keys: PipeInput) -> None:
    typed = ENTER * enters(until="safety") + DOWN + ENTER + ENTER  # yes, then go on
    typed += ENTER * 1 + "Sam's, walk" + CTRL_C  # the note, then tags half typed
    answers = ask(keys, typed, on_worry=lambda: None)
    assert answers["tags"] == ["sam-s", "walk"]
    assert checkin.validate(answers).worried_about_safety


@pytest.mark.parametrize("columns", [100, 80, 60, 44, 36])
def test_a_question_is_laid_out_for_the_width(
    monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    question = (
        "WHO-5 Well-Being Index (World Health Organization, 1998)\n"
        "  Five statements about how you have felt over the last two weeks.\n"
        "  I have felt cheerful and in good spirits"
    )
    hint = "(arrow keys then Enter, or 0-5)"
    answer = "3  More than half of the time"
    message, instruction = prompts.laid_out(question, hint, [answer, "0  At no time"])
    # as questionary shows it: asked, then answered
    for shown in (f"? {message} {instruction}", f"? {message} {answer}"):
        lines = shown.split("\n")
        assert max(len(line) for line in lines) < columns, lines
        assert all(line.startswith("  ") for line in lines[1:])  # indented under the question
    # the words are all there, in order, none split
    assert " ".join(f"{message} {instruction}".split()) == " ".join(f"{question} {hint}".split())
    # the hint and the answer start a line of their own only when they do not fit after it
    fits = len(f"  I have felt cheerful and in good spirits {hint}") < columns
    assert message.endswith("\n ") != fits


def test_a_short_question_is_left_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert prompts.laid_out("How did you sleep?", "(1-5)") == ("How did you sleep?", "(1-5)")
    assert prompts.laid_out("A note, if you like", "") == ("A note, if you like", "")


@pytest.mark.parametrize("columns", [80, 40])
def test_a_bad_tag_is_explained_on_the_one_line_the_prompt_has(
    monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    problem = prompts._tag_problem("sam's walk!")
    assert isinstance(problem, str)
    assert len(problem) < columns
    assert problem.startswith("a tag cannot hold ! '")  # what is wrong comes first
    if columns == 80:
        assert problem.endswith("(only letters, digits, - and _)")
    assert prompts._tag_problem("sleep, first infusion") is True


def test_a_yes_no_question_once_answered_shows_the_answer_not_the_hint(keys: PipeInput) -> None:
    """Rendered for real (a VT100 output read back through a terminal emulator)."""
    import io

    pyte = pytest.importorskip("pyte")
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.output.vt100 import Vt100_Output

    screen_text = io.StringIO()
    output = Vt100_Output(screen_text, lambda: Size(rows=40, columns=80), term="xterm")
    typed = ENTER * enters(until="treatment") + DOWN + ENTER + "y"  # an infusion; went along
    keys.send_text(typed + ENTER * 3)  # safety: no; no note; no tags
    answers = prompts.ask_checkin(
        checkin.questions(), ask_who5=False, offer_who5=False, input=keys, output=output
    )
    assert answers["accompanied"] is True
    screen = pyte.Screen(80, 40)
    pyte.Stream(screen).feed(screen_text.getvalue())
    [answered] = [line.rstrip() for line in screen.display if "along" in line]
    assert answered.endswith("? Yes") or answered.endswith(" Yes"), answered
    assert "(y/N)" not in answered and "(Y/n)" not in answered


@pytest.mark.parametrize("colour", ["\x1b[31m", "\x1b[1;31m", "\x1b[0m"])
def test_colour_codes_typed_or_pasted_into_the_note_do_not_end_the_checkin(
    keys: PipeInput, colour: str
) -> None:
    """prompt_toolkit reads `ESC [ 31 m` as a mouse report it cannot parse (a ValueError
    that ended the check-in, answers lost): the codes are left out, the words kept."""
    answers = ask(keys, ENTER * enters(until="note") + f"went ok {colour}red" + ENTER + ENTER)
    assert answers["note"] == "went ok red"
    assert answers["safety"] == "no"
