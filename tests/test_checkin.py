"""The check-in domain: questions as data, validation, WHO-5, summaries, nudges, streaks."""

from __future__ import annotations

import contextlib
import json
import math
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnercare import checkin
from partnercare.checkin import Checkin, Nudge
from partnercare.errors import InvalidInputError

TODAY = date(2026, 11, 25)
MINIMAL: dict[str, object] = {"mood": 3, "stress": 2, "sleep": 4, "safety": "no"}


def answers(**changes: object) -> dict[str, object]:
    return {**MINIMAL, **changes}


def rejects(raw: object, *words: str) -> str:
    with pytest.raises(InvalidInputError) as caught:
        checkin.validate(raw)
    message = str(caught.value)
    for word in words:
        assert word in message, message
    return message


# --------------------------------------------------------------------------- the questions


def test_questions_cover_the_answers_contract_in_order() -> None:
    keys = [q.key for q in checkin.questions()]
    assert keys == [
        "partner_mood",
        "communication",
        "mood",
        "stress",
        "sleep",
        "together",
        "invitation",
        "self_care",
        "treatment",
        "accompanied",
        "safety",
        "note",
        "tags",
    ]


def test_questions_use_the_product_wording() -> None:
    prompts = {q.key: q.prompt for q in checkin.questions()}
    assert prompts["partner_mood"] == "How did your partner seem today?"
    assert prompts["communication"] == "How was communication between you today?"
    assert prompts["mood"] == "How are you feeling?"
    assert prompts["stress"] == "How stressed are you?"
    assert prompts["sleep"] == "How did you sleep?"
    assert prompts["safety"] == "Are you worried about anyone's safety right now?"


@pytest.mark.parametrize(
    ("key", "low", "high"),
    [
        ("partner_mood", "very low", "very good"),
        ("mood", "very low", "very good"),
        ("stress", "very calm", "very stressed"),
        ("sleep", "very badly", "very well"),
    ],
)
def test_scales_have_a_label_for_every_number(key: str, low: str, high: str) -> None:
    q = checkin.question(key)
    assert (q.min, q.max) == (1, 5)
    assert [n for n, _ in q.labels] == [1, 2, 3, 4, 5]
    assert (q.label(1), q.label(5)) == (low, high)


def test_only_the_partner_questions_can_be_skipped() -> None:
    skippable = {q.key for q in checkin.questions() if q.skippable}
    assert skippable == {"partner_mood", "communication"}
    assert checkin.question("partner_mood").label(None) == "couldn't tell"


def test_choice_and_multi_options_match_the_contract() -> None:
    assert checkin.question("together").values == (
        "morning_light",
        "evening_light",
        "activity",
        "wind_down",
        "meals",
        "shared_fun",
        "invitation",
    )
    assert checkin.question("self_care").values == (
        "own_time",
        "friend",
        "support_group",
        "exercise",
        "own_therapy",
    )
    assert checkin.question("treatment").values == (
        "none",
        "infusion",
        "therapy",
        "couples_therapy",
        "other",
    )
    assert checkin.question("safety").values == ("no", "yes", "unsure")


def test_checkin_fields_are_exactly_the_question_keys_and_who5() -> None:
    fields = set(Checkin.__dataclass_fields__)
    assert fields == {q.key for q in checkin.questions()} | {"who5"}


def test_safety_is_asked_and_defaults_to_no() -> None:
    q = checkin.question("safety")
    assert q.required
    assert q.default == "no"
    assert q.ask_if is None


def enter_alone() -> dict[str, object]:
    """What pressing Enter on every question asked gives, in the order asked."""
    given: dict[str, object] = {}
    for q in checkin.questions():
        if q.asked(given):
            given[q.key] = list(q.default) if isinstance(q.default, tuple) else q.default
    return given


def test_enter_alone_on_every_question_gives_a_valid_checkin() -> None:
    c = checkin.validate(enter_alone())
    assert c.safety == "no"
    assert (c.mood, c.stress, c.sleep) == (3, 3, 3)
    assert c.invitation == "none"
    assert c.together == ()


def test_every_default_validates_even_for_questions_that_are_skipped() -> None:
    defaults = {
        q.key: list(q.default) if isinstance(q.default, tuple) else q.default
        for q in checkin.questions()
    }
    assert checkin.validate(defaults).invitation == "accepted"


@pytest.mark.parametrize("q", checkin.questions(), ids=lambda q: q.key)
def test_each_default_is_a_valid_answer_on_its_own(q: checkin.Question) -> None:
    value = list(q.default) if isinstance(q.default, tuple) else q.default
    raw = answers(**{q.key: value})
    if q.key == "invitation":
        raw["together"] = ["invitation"]
    if q.key == "accompanied":
        raw["treatment"] = "infusion"
    checkin.validate(raw)


def test_invitation_and_accompanied_are_asked_only_when_relevant() -> None:
    invitation, accompanied = checkin.question("invitation"), checkin.question("accompanied")
    assert not invitation.asked({"together": ["meals"]})
    assert invitation.asked({"together": ["meals", "invitation"]})
    assert not accompanied.asked({"treatment": "none"})
    assert accompanied.asked({"treatment": "infusion"})


def test_who5_is_the_1998_wording() -> None:
    assert checkin.who5_items() == (
        "I have felt cheerful and in good spirits",
        "I have felt calm and relaxed",
        "I have felt active and vigorous",
        "I woke up feeling fresh and rested",
        "My daily life has been filled with things that interest me",
    )
    assert checkin.who5_options() == (
        (5, "All of the time"),
        (4, "Most of the time"),
        (3, "More than half of the time"),
        (2, "Less than half of the time"),
        (1, "Some of the time"),
        (0, "At no time"),
    )
    assert "over the last two weeks" in checkin.who5_preamble()
    assert checkin.who5_lead() == "Over the last two weeks..."


# --------------------------------------------------------------------------- validation


def test_minimal_answers_take_the_documented_defaults() -> None:
    c = checkin.validate(MINIMAL)
    assert c == Checkin(
        mood=3,
        stress=2,
        sleep=4,
        safety="no",
        partner_mood=None,
        communication=None,
        together=(),
        invitation="none",
        self_care=(),
        treatment="none",
        accompanied=False,
        note="",
        tags=(),
        who5=None,
    )
    assert c.who5_score is None


def test_a_full_check_in_is_kept_as_given() -> None:
    raw = {
        "partner_mood": 2,
        "communication": None,
        "mood": 4,
        "stress": 5,
        "sleep": 1,
        "together": ["meals", "morning_light", "invitation"],
        "invitation": "declined",
        "self_care": ["exercise"],
        "treatment": "infusion",
        "accompanied": True,
        "safety": "unsure",
        "note": "First infusion.\nSam slept after.",
        "tags": ["#Infusion", "first"],
        "who5": [3, 3, 2, 4, 1],
    }
    c = checkin.validate(raw)
    assert c.together == ("morning_light", "meals", "invitation")
    assert c.tags == ("infusion", "first")
    assert c.note == "First infusion.\nSam slept after."
    assert c.who5_score == 52
    assert c.worried_about_safety


@pytest.mark.parametrize("key", ["mood", "stress", "sleep", "safety"])
def test_required_answers_must_be_there(key: str) -> None:
    raw = dict(MINIMAL)
    del raw[key]
    rejects(raw, f"'{key}'", "missing")


@pytest.mark.parametrize("key", ["partner_mood", "communication", "mood", "stress", "sleep"])
@pytest.mark.parametrize("value", [1, 2, 3, 4, 5, 4.0])
def test_scales_accept_whole_numbers_from_1_to_5(key: str, value: object) -> None:
    assert getattr(checkin.validate(answers(**{key: value})), key) == value


@pytest.mark.parametrize("key", ["partner_mood", "communication", "mood", "stress", "sleep"])
@pytest.mark.parametrize(
    "value", [0, 6, 7, -1, True, False, 2.5, "3", [3], {"v": 3}, math.nan, math.inf]
)
def test_scales_reject_anything_else(key: str, value: object) -> None:
    message = rejects(answers(**{key: value}), f"'{key}'", "whole number from 1 to 5")
    assert message.startswith("check-in answers: ")


def test_the_error_message_reads_as_the_issue_says() -> None:
    assert rejects(answers(stress=7)) == (
        "check-in answers: 'stress' must be a whole number from 1 to 5, got 7"
    )
    assert rejects(answers(mood=True)).endswith("got true")


@pytest.mark.parametrize("key", ["partner_mood", "communication"])
def test_partner_scales_accept_null_for_couldnt_tell(key: str) -> None:
    assert getattr(checkin.validate(answers(**{key: None})), key) is None


@pytest.mark.parametrize("key", ["mood", "stress", "sleep"])
def test_own_scales_do_not_accept_null(key: str) -> None:
    rejects(answers(**{key: None}), f"'{key}'")


@pytest.mark.parametrize(
    ("key", "good", "bad"),
    [
        ("safety", ["no", "yes", "unsure"], ["No", "maybe", "", None, True, 1, ["no"]]),
        (
            "treatment",
            ["none", "infusion", "therapy", "couples_therapy", "other"],
            ["ketamine", "None", None, 0, ["infusion"]],
        ),
        ("invitation", ["none"], ["maybe", "yes", None, False]),
    ],
)
def test_choices(key: str, good: list[object], bad: list[object]) -> None:
    for value in good:
        assert getattr(checkin.validate(answers(**{key: value})), key) == value
    for value in bad:
        rejects(answers(**{key: value}), f"'{key}'", "must be")


@pytest.mark.parametrize("key", ["together", "self_care"])
def test_multi_answers_are_kept_in_question_order_without_repeats(key: str) -> None:
    values = [v for v in checkin.question(key).values if v != "invitation"]
    shuffled = [*reversed(values), values[0]]
    assert getattr(checkin.validate(answers(**{key: shuffled})), key) == tuple(values)
    assert getattr(checkin.validate(answers(**{key: []})), key) == ()


@pytest.mark.parametrize("key", ["together", "self_care"])
@pytest.mark.parametrize("value", ["meals", None, 3, ["walk"], [1], [None], {"meals": True}])
def test_multi_answers_reject_unknown_items_and_wrong_types(key: str, value: object) -> None:
    rejects(answers(**{key: value}), f"'{key}'")


@pytest.mark.parametrize("value", [True, False])
def test_accompanied_is_a_boolean(value: bool) -> None:
    assert checkin.validate(answers(treatment="therapy", accompanied=value)).accompanied is value


@pytest.mark.parametrize("value", [1, 0, "yes", "true", None])
def test_accompanied_rejects_non_booleans(value: object) -> None:
    rejects(answers(treatment="therapy", accompanied=value), "'accompanied'", "true or false")


def test_accompanied_without_a_treatment_is_a_contradiction() -> None:
    rejects(answers(accompanied=True), "'accompanied'", "'treatment'")
    assert checkin.validate(answers(accompanied=False)).accompanied is False


@pytest.mark.parametrize("value", ["", "a note", "[bold]x[/bold]\n\x1b[31m"])
def test_note_is_any_string(value: str) -> None:
    assert checkin.validate(answers(note=value)).note == value


@pytest.mark.parametrize("value", [None, 3, ["a"], True])
def test_note_rejects_non_strings(value: object) -> None:
    rejects(answers(note=value), "'note'", "string")


class TestInvitation:
    """An outcome implies the invitation; an invitation needs an outcome."""

    @pytest.mark.parametrize("outcome", ["accepted", "declined"])
    def test_an_outcome_adds_invitation_to_together(self, outcome: str) -> None:
        c = checkin.validate(answers(invitation=outcome, together=["meals"]))
        assert c.together == ("meals", "invitation")
        assert c.invitation == outcome

    @pytest.mark.parametrize("outcome", ["accepted", "declined"])
    def test_invitation_with_an_outcome_is_fine(self, outcome: str) -> None:
        c = checkin.validate(answers(invitation=outcome, together=["invitation"]))
        assert c.together == ("invitation",)

    @pytest.mark.parametrize("extra", [{}, {"invitation": "none"}])
    def test_invitation_without_an_outcome_is_an_error(self, extra: dict[str, object]) -> None:
        rejects(answers(together=["invitation"], **extra), "'invitation'", '"accepted"')

    def test_no_invitation_is_the_default(self) -> None:
        c = checkin.validate(answers(together=["meals"]))
        assert (c.together, c.invitation) == (("meals",), "none")


@pytest.mark.parametrize(
    ("given_tags", "saved"),
    [
        ([], ()),
        (["sleep"], ("sleep",)),
        ([" #Sleep ", "@sam", "SLEEP", "sleep"], ("sleep", "sam")),
        (["#", "", "  ", "@"], ()),  # blank entries are skipped, as they always were
        (["##double", "# spaced"], ("double", "spaced")),
        (["first-infusion", "día"], ("first-infusion", "día")),
        (["x" * 40], ("x" * 40,)),
        (("a", "b"), ("a", "b")),
    ],
)
def test_tags_are_normalised(given_tags: list[str], saved: tuple[str, ...]) -> None:
    assert checkin.validate(answers(tags=given_tags)).tags == saved


@pytest.mark.parametrize(
    "bad",
    [
        ["sam's"],
        ["line\nbreak"],
        ["esc\x1b[31m"],
        ["bidi\u202eoverride"],
        ["x" * 41],
        [3],
        [None],
        "sleep",
        None,
    ],
)
def test_tags_reject_empties_punctuation_controls_long_tags_and_non_strings(bad: object) -> None:
    message = rejects(answers(tags=bad), "'tags'")
    assert "\x1b" not in message
    assert "\u202e" not in message


def test_tags_split_on_commas_and_spaces_inside_become_hyphens() -> None:
    c = checkin.validate(answers(tags=[" #a, b,,c  d ", "First Infusion"]))
    assert c.tags == ("a", "b", "c-d", "first-infusion")


@pytest.mark.parametrize(
    ("key", "hint"),
    [("moood", "did you mean 'mood'?"), ("colour", ""), ("who5score", "'who5_score'")],
)
def test_unknown_keys_are_named(key: str, hint: str) -> None:
    message = rejects(answers(**{key: 1}), f'unknown key "{key}"')
    assert hint in message


@pytest.mark.parametrize("raw", [None, [], "answers", 3, True, [MINIMAL]])
def test_answers_must_be_an_object(raw: object) -> None:
    rejects(raw, "JSON object")


def test_values_that_cannot_be_shown_still_give_a_one_line_error() -> None:
    deep: list[object] = []
    for _ in range(5000):
        deep = [deep]
    rejects(answers(note=deep), "'note'", "got a value of type list")
    rejects(answers(stress=10**5000), "'stress'", "got a value of type int")
    rejects(answers(stress=object()), "'stress'", "got a value of type object")
    assert "…" in rejects(answers(note=["x" * 100]))


def test_a_non_string_key_is_an_unknown_key() -> None:
    raw: dict[object, object] = {"mood": 3, "stress": 2, "sleep": 4, "safety": "no", 1: 2}
    rejects(raw, "unknown key 1")


# --------------------------------------------------------------------------- WHO-5


@pytest.mark.parametrize(
    ("items", "score"),
    [([0, 0, 0, 0, 0], 0), ([5, 5, 5, 5, 5], 100), ([3, 3, 2, 4, 1], 52), ([1, 1, 1, 2, 2], 28)],
)
def test_who5_score_is_the_sum_times_four(items: list[int], score: int) -> None:
    assert checkin.who5_score(items) == score
    assert checkin.validate(answers(who5=items)).who5_score == score


@pytest.mark.parametrize(
    "items",
    [[], [1, 2, 3, 4], [1, 2, 3, 4, 5, 0], [6, 0, 0, 0, 0], [-1, 0, 0, 0, 0], [True, 1, 1, 1, 1]],
)
def test_who5_score_rejects_bad_items(items: list[int]) -> None:
    with pytest.raises(InvalidInputError, match="'who5'"):
        checkin.who5_score(items)


@pytest.mark.parametrize(
    "value", [[1, 2, 3, 4], [1, 2, 3, 4, 6], "12345", 12, [1, 2, 3, 4, None], [1, 2, "3", 4, 5]]
)
def test_who5_answers_reject_bad_values(value: object) -> None:
    rejects(answers(who5=value), "'who5'", "five whole numbers from 0 to 5")


def test_who5_null_is_the_same_as_absent() -> None:
    assert checkin.validate(answers(who5=None)).who5 is None


def test_who5_score_is_accepted_only_when_it_matches() -> None:
    c = checkin.validate(answers(who5=[3, 3, 3, 3, 3], who5_score=60))
    assert c.who5_score == 60
    rejects(answers(who5=[3, 3, 3, 3, 3], who5_score=64), "'who5_score'", "60")
    rejects(answers(who5_score=60), "'who5_score'", "'who5'")
    rejects(answers(who5=[3, 3, 3, 3, 3], who5_score=True), "'who5_score'")


@pytest.mark.parametrize(
    ("score", "says", "not_says"),
    [
        (0, "screening for depression", "may help to talk"),
        (28, "screening for depression", "may help to talk"),
        (29, "it may help to talk to your doctor", "screening"),
        (50, "suggests low wellbeing; it may help to talk to your doctor", "screening"),
        (51, "does not suggest low wellbeing", "doctor"),
        (100, "does not suggest low wellbeing", "doctor"),
    ],
)
def test_describe_who5_thresholds(score: int, says: str, not_says: str) -> None:
    text = checkin.describe_who5(score, None)
    assert says in text
    assert not_says not in text
    assert f"{score} out of 100" in text


@pytest.mark.parametrize(
    ("score", "previous", "says"),
    [
        (60, 50, "up 10 points since last time, a change worth noting"),
        (40, 52, "down 12 points since last time, a change worth noting"),
        (59, 50, "close to last time (up 9 points)"),
        (41, 50, "close to last time (down 9 points)"),
        (51, 50, "(up 1 point)"),
        (50, 50, "the same as last time"),
    ],
)
def test_describe_who5_change(score: int, previous: int, says: str) -> None:
    text = checkin.describe_who5(score, previous)
    assert says in text
    assert ("worth noting" in text) == (abs(score - previous) >= 10)


@pytest.mark.parametrize("score", range(0, 101, 4))
def test_describe_who5_never_diagnoses(score: int) -> None:
    text = checkin.describe_who5(score, 100 - score).lower()
    assert "you are" not in text
    assert "depressed" not in text


@pytest.mark.parametrize(("score", "previous"), [(-4, None), (104, None), (50, 101)])
def test_describe_who5_rejects_impossible_scores(score: int, previous: int | None) -> None:
    with pytest.raises(InvalidInputError):
        checkin.describe_who5(score, previous)


@pytest.mark.parametrize(
    ("last", "needed"),
    [
        (None, True),
        (TODAY, False),
        (TODAY - timedelta(days=7), False),
        (TODAY - timedelta(days=13), False),
        (TODAY - timedelta(days=14), True),
        (TODAY - timedelta(days=30), True),
        (TODAY + timedelta(days=1), False),
    ],
)
def test_needs_who5_every_fourteen_days(last: date | None, needed: bool) -> None:
    # Its items ask about the last two weeks: weekly scores would overlap.
    assert checkin.needs_who5(last, TODAY) is needed


@pytest.mark.parametrize("score", [0, 12, 28])
def test_a_score_of_28_or_below_points_to_help_now_and_tip_9(score: int) -> None:
    text = checkin.describe_who5(score)
    assert "partnercare help-now" in text
    assert "partnercare tips 9" in text


@pytest.mark.parametrize("score", [32, 52, 100])
def test_a_higher_score_does_not_point_to_help_now(score: int) -> None:
    assert "help-now" not in checkin.describe_who5(score)


@pytest.mark.parametrize(
    ("items", "low"),
    [
        ([5, 5, 5, 5, 1], 1),  # 84: a high total, and still one item at "some of the time"
        ([0, 4, 4, 4, 4], 1),
        ([1, 0, 3, 3, 3], 2),
        ([2, 2, 2, 2, 2], 0),
        ([5, 5, 5, 5, 5], 0),
    ],
)
def test_any_item_answered_0_or_1_is_said_whatever_the_total(items: list[int], low: int) -> None:
    text = checkin.describe_who5(checkin.who5_score(items), None, items)
    if low:
        assert f"You answered {low} of the five statements" in text
        assert "worth talking over with your doctor" in text
    else:
        assert "You answered" not in text


def test_the_change_names_the_day_it_is_measured_from() -> None:
    text = checkin.describe_who5(40, 60, since="Monday 9 November 2026")
    assert "down 20 points since Monday 9 November 2026, a change worth noting" in text


def test_the_who5_is_named_with_its_source() -> None:
    assert checkin.who5_name() == "WHO-5 Well-Being Index (World Health Organization, 1998)"
    assert "two weeks" in checkin.who5_about()
    assert "diagnos" in checkin.who5_about()


# --------------------------------------------------------------------------- round trip


def test_to_data_holds_every_answer_and_round_trips() -> None:
    c = checkin.validate(answers(who5=[1, 2, 3, 4, 5], tags=["#A"], together=["meals"]))
    data = c.to_data()
    assert set(data) == {q.key for q in checkin.questions()} | {"who5", "who5_score"}
    assert data["who5_score"] == 60
    assert data["partner_mood"] is None
    assert data["tags"] == ["a"]
    assert checkin.validate(json.loads(json.dumps(data))) == c


def test_to_data_leaves_who5_out_when_not_asked() -> None:
    data = checkin.validate(MINIMAL).to_data()
    assert "who5" not in data
    assert "who5_score" not in data


# --------------------------------------------------------------------------- JSON schema


def test_json_schema_is_built_from_the_questions() -> None:
    schema = checkin.json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["mood", "stress", "sleep", "safety"]
    properties = schema["properties"]
    assert isinstance(properties, dict)
    assert list(properties) == [q.key for q in checkin.questions()] + ["who5", "who5_score"]
    assert properties["stress"]["minimum"] == 1
    assert properties["partner_mood"]["type"] == ["integer", "null"]
    assert properties["safety"]["enum"] == ["no", "yes", "unsure"]
    assert properties["invitation"]["enum"] == ["accepted", "declined", "none"]
    json.dumps(schema)


def test_json_schema_agrees_with_validate() -> None:
    jsonschema: Any = pytest.importorskip("jsonschema")
    schema = checkin.json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    good = [
        MINIMAL,
        enter_alone(),
        checkin.validate(
            answers(who5=[1, 1, 1, 1, 1], together=["invitation"], invitation="declined")
        ).to_data(),
    ]
    for raw in good:
        assert validator.is_valid(raw), raw
    bad = [
        answers(stress=7),
        answers(mood=True),
        answers(extra=1),
        {"mood": 3, "stress": 3, "sleep": 3},
        answers(together=["invitation"]),
        answers(accompanied=True),
        answers(who5=[1, 2, 3]),
    ]
    for wrong in bad:
        assert not validator.is_valid(wrong), wrong
        with pytest.raises(InvalidInputError):
            checkin.validate(wrong)


# --------------------------------------------------------------------------- summaries


@pytest.mark.parametrize(
    ("changes", "line"),
    [
        (
            {"partner_mood": 3, "mood": 4, "stress": 2, "together": ["morning_light", "activity"]},
            "partner 3/5 · you 4/5 · stress 2/5 · routines: morning light, walk",
        ),
        ({"mood": 4}, "partner ? · you 4/5 · stress 2/5 · routines: none"),
        (
            {"partner_mood": 5, "treatment": "infusion"},
            "partner 5/5 · you 3/5 · stress 2/5 · infusion · routines: none",
        ),
    ],
)
def test_summary_line(changes: dict[str, object], line: str) -> None:
    assert checkin.summary_line(checkin.validate(answers(**changes)).to_data()) == line


def test_summary_line_abbreviates_a_long_list() -> None:
    everything = list(checkin.question("together").values)
    data = answers(partner_mood=1, together=everything, invitation="accepted")
    line = checkin.summary_line(checkin.validate(data).to_data())
    assert line == "partner 1/5 · you 3/5 · stress 2/5 · routines: morning light +6"


def test_summary_line_counts_routines_when_no_name_fits() -> None:
    everything = list(checkin.question("together").values)
    data = answers(partner_mood=1, together=everything, treatment="couples_therapy")
    data["invitation"] = "accepted"
    line = checkin.summary_line(checkin.validate(data).to_data())
    assert line == "partner 1/5 · you 3/5 · stress 2/5 · couples · routines: 7"


@pytest.mark.parametrize(
    ("together", "routines"),
    [
        (["activity", "meals", "shared_fun"], "walk, meals, fun"),
        (["activity", "wind_down", "meals", "shared_fun"], "walk, wind-down, meals +1"),
        (["morning_light", "evening_light", "activity"], "morning light +2"),
        (
            ["activity", "wind_down", "meals", "shared_fun", "morning_light"],
            "morning light, walk +3",
        ),
    ],
)
def test_summary_line_fits_as_many_names_as_it_can(together: list[str], routines: str) -> None:
    data = checkin.validate(answers(mood=4, together=together)).to_data()
    line = checkin.summary_line(data)
    assert line == f"partner ? · you 4/5 · stress 2/5 · routines: {routines}"
    assert len(line) <= 70


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"partner_mood": True, "mood": "x", "stress": 9},
        {"together": "meals"},
        {"together": [1]},
    ],
)
def test_summary_line_is_lenient_with_odd_saved_data(data: dict[str, object]) -> None:
    assert checkin.summary_line(data).startswith("partner ? · you ? · stress ? · routines: none")


def test_day_summary_lines() -> None:
    c = checkin.validate(
        answers(
            partner_mood=None,
            communication=2,
            together=["meals", "invitation"],
            invitation="declined",
            self_care=["friend"],
            treatment="infusion",
            accompanied=True,
            tags=["first"],
            who5=[3, 3, 3, 3, 3],
        )
    )
    assert checkin.day_summary(c) == [
        "Your partner: couldn't tell · communication: hard (2/5)",
        "You: feeling okay (3/5) · stress: calm (2/5) · sleep: well (4/5)",
        "Together: meals, invited them (not this time)",
        "For yourself: friend",
        "Treatment: an infusion, and you went along",
        "WHO-5 Well-Being Index (World Health Organization, 1998): 60 out of 100",
        "Tags: #first",
    ]


def test_day_summary_of_a_quiet_day() -> None:
    assert checkin.day_summary(checkin.validate(MINIMAL))[2:] == [
        "Together: nothing logged",
        "For yourself: nothing logged",
    ]


# --------------------------------------------------------------------------- nudges

# A day on which no rule fires: something of everything, calm, partner seen clearly.
GOOD_DAY = checkin.validate(
    answers(
        partner_mood=4,
        communication=4,
        stress=2,
        together=["morning_light", "meals", "shared_fun"],
        self_care=["exercise"],
    )
)


def day(**changes: Any) -> Checkin:
    return replace(GOOD_DAY, **changes)


def history(*days: Checkin, start: int = 1) -> list[tuple[date, Checkin]]:
    """Earlier check-ins, newest first, on consecutive dates from `start` days ago."""
    return [(TODAY - timedelta(days=start + i), c) for i, c in enumerate(days)]


def rules(today: Checkin, recent: list[tuple[date, Checkin]], limit: int = 99) -> list[str]:
    return [n.rule for n in checkin.nudges(today, recent, TODAY, limit=limit)]


def test_a_good_day_with_good_days_behind_it_gets_no_nudge() -> None:
    assert rules(GOOD_DAY, history(GOOD_DAY, GOOD_DAY, GOOD_DAY, GOOD_DAY)) == []
    assert rules(GOOD_DAY, []) == []


NO_ROUTINE = day(together=("shared_fun",))
NO_MEALS = day(together=("morning_light", "shared_fun"))
NO_FUN = day(together=("morning_light", "meals"))
NO_SELF = day(self_care=())
STRESSED = day(stress=4)
UNCLEAR = day(partner_mood=None)

# rule id, tip, (today, earlier days newest first) that fires, and one that does not.
RuleCase = tuple[str, int, tuple[Checkin, list[Checkin]], tuple[Checkin, list[Checkin]]]
RULE_CASES: list[RuleCase] = [
    (
        "infusion_alone",
        2,
        (day(treatment="infusion"), []),
        (day(treatment="therapy"), []),
    ),
    (
        "infusion_together",
        2,
        (day(treatment="infusion", accompanied=True), []),
        (day(treatment="other", accompanied=True), []),
    ),
    (
        "couples_therapy",
        3,
        (day(treatment="couples_therapy"), []),
        (day(treatment="therapy"), []),
    ),
    (
        "invitation_declined",
        8,
        (day(invitation="declined", together=(*GOOD_DAY.together, "invitation")), []),
        (day(invitation="accepted", together=(*GOOD_DAY.together, "invitation")), []),
    ),
    ("communication_low", 7, (day(communication=2), []), (day(communication=3), [])),
    ("no_routine", 4, (NO_ROUTINE, [NO_ROUTINE, NO_ROUTINE]), (NO_ROUTINE, [NO_ROUTINE, GOOD_DAY])),
    ("no_meals", 5, (NO_MEALS, [NO_MEALS, NO_MEALS]), (NO_MEALS, [GOOD_DAY, NO_MEALS])),
    ("no_shared_fun", 6, (NO_FUN, [NO_FUN] * 4), (NO_FUN, [NO_FUN] * 3)),
    ("no_self_care", 9, (NO_SELF, [NO_SELF, NO_SELF]), (NO_SELF, [NO_SELF])),
    (
        "stress_high",
        10,
        (STRESSED, [STRESSED, GOOD_DAY, STRESSED]),
        (STRESSED, [STRESSED, GOOD_DAY, GOOD_DAY]),
    ),
    ("partner_unclear", 1, (UNCLEAR, [UNCLEAR, UNCLEAR]), (UNCLEAR, [UNCLEAR, GOOD_DAY])),
    (
        "partner_low",
        2,
        (day(partner_mood=2), [day(partner_mood=4), day(partner_mood=1), day(partner_mood=2)]),
        (day(partner_mood=2), [day(partner_mood=4), day(partner_mood=4), day(partner_mood=1)]),
    ),
]

# Days whose own answers contradict a rule's sentence: the rule must stay quiet, however
# the days before went (each rule's history would otherwise make it fire).
WALK_AND_YES = day(together=("activity", "invitation"), invitation="accepted")
CONTRADICTIONS: list[tuple[str, Checkin, list[Checkin]]] = [
    # "Nothing you both enjoy": a walk together and an accepted invitation are enjoyed.
    ("no_shared_fun", WALK_AND_YES, [NO_FUN] * 4),
    ("no_shared_fun", day(together=("invitation",), invitation="accepted"), [NO_FUN] * 4),
    ("no_shared_fun", day(together=("activity",)), [NO_FUN] * 4),
    # "No routine together": meals, a walk, light or a wind-down are routines.
    ("no_routine", day(together=("meals",)), [NO_ROUTINE] * 2),
    ("no_routine", day(together=("activity",)), [NO_ROUTINE] * 2),
    ("no_routine", day(together=("wind_down",)), [NO_ROUTINE] * 2),
    ("no_routine", day(together=("evening_light",)), [NO_ROUTINE] * 2),
    ("no_meals", day(together=("meals",)), [NO_MEALS] * 2),
    ("no_self_care", day(self_care=("friend",)), [NO_SELF] * 2),
    ("partner_unclear", day(partner_mood=3), [UNCLEAR] * 2),
    ("stress_high", day(stress=2), [STRESSED] * 3),
    ("communication_low", day(communication=None), []),
    ("communication_low", day(communication=3), []),
    ("infusion_alone", day(treatment="infusion", accompanied=True), []),
    ("infusion_together", day(treatment="infusion", accompanied=False), []),
    ("invitation_declined", WALK_AND_YES, []),
    ("couples_therapy", day(treatment="therapy"), []),
    # "Your partner has seemed low": not on a day they seemed well, nor on 2 low days of 5.
    ("partner_low", day(partner_mood=4), [day(partner_mood=1)] * 4),
    ("partner_low", day(partner_mood=None), [day(partner_mood=1)] * 4),
    ("partner_low", day(partner_mood=2), [day(partner_mood=2), *[GOOD_DAY] * 3]),
]


@pytest.mark.parametrize(
    ("rule", "today", "before"),
    [pytest.param(*case, id=f"{case[0]}-{i}") for i, case in enumerate(CONTRADICTIONS)],
)
def test_a_rule_never_contradicts_the_day_just_logged(
    rule: str, today: Checkin, before: list[Checkin]
) -> None:
    assert rule not in rules(today, history(*before))


def test_every_rule_has_a_day_that_must_not_trigger_it() -> None:
    assert {r.id for r in checkin.NUDGE_RULES} <= {case[0] for case in CONTRADICTIONS}


def test_partner_low_counts_logged_days_not_calendar_days() -> None:
    low = day(partner_mood=1)
    spread = [(TODAY - timedelta(days=2), low), (TODAY - timedelta(days=6), low)]
    assert "partner_low" in rules(low, spread)
    # the last five logged days hold only two low ones
    five = [(TODAY - timedelta(days=n), c) for n, c in enumerate([GOOD_DAY] * 4 + [low], 1)]
    assert "partner_low" not in rules(low, five)


def test_partner_low_points_to_the_treatment_team_and_worried_guidance() -> None:
    low = day(partner_mood=2)
    [nudge] = checkin.nudges(low, history(low, low), TODAY, limit=1)
    assert nudge.rule == "partner_low"
    assert nudge.tip == 2
    assert "partnercare help-now --worried" in nudge.text


@pytest.mark.parametrize("safety", ["yes", "unsure"])
def test_a_worry_about_safety_shows_no_other_nudge(safety: str) -> None:
    worried = day(safety=safety, treatment="infusion", communication=1, self_care=())
    assert checkin.nudges(worried, history(NO_SELF, NO_SELF), TODAY, limit=99) == []
    assert rules(day(treatment="infusion", communication=1), []) != []


def test_nudges_about_a_past_day_do_not_say_today() -> None:
    past = day(communication=1, treatment="couples_therapy")
    for words in ("yesterday", "on Monday 23 November"):
        found = checkin.nudges(past, [], TODAY, limit=99, day_words=words)
        assert {n.rule for n in found} >= {"communication_low", "couples_therapy"}
        for nudge in found:
            assert "today" not in nudge.text.lower()
        assert any(words in n.text for n in found)
    found = checkin.nudges(past, [], TODAY, limit=99)
    assert "Communication was hard today." in [n.text.split(" They")[0] for n in found]


GUILT = ("next time, offer", "you should", "you must", "failed", "before you can care", "forgot")


def test_no_nudge_adds_guilt() -> None:
    for rule in checkin.NUDGE_RULES:
        text = rule.text.lower()
        assert not any(word in text for word in GUILT), rule.id
    meal = next(r for r in checkin.NUDGE_RULES if r.id == "no_meals")
    assert "if you have the energy" in meal.text.lower()
    alone = next(r for r in checkin.NUDGE_RULES if r.id == "infusion_alone")
    assert "if they would like company and you are able to" in alone.text.lower()
    own = next(r for r in checkin.NUDGE_RULES if r.id == "no_self_care")
    assert "also" in own.text


@pytest.mark.parametrize(
    ("rule", "tip", "fires", "quiet"), [pytest.param(*case, id=case[0]) for case in RULE_CASES]
)
def test_each_nudge_rule_fires_only_when_it_should(
    rule: str,
    tip: int,
    fires: tuple[Checkin, list[Checkin]],
    quiet: tuple[Checkin, list[Checkin]],
) -> None:
    found = checkin.nudges(fires[0], history(*fires[1]), TODAY, limit=99)
    assert rule in [n.rule for n in found]
    assert next(n for n in found if n.rule == rule).tip == tip
    assert rule not in rules(quiet[0], history(*quiet[1]))


def test_every_rule_has_a_case() -> None:
    assert {r.id for r in checkin.NUDGE_RULES} == {case[0] for case in RULE_CASES}
    assert len({r.id for r in checkin.NUDGE_RULES}) == len(checkin.NUDGE_RULES)


@pytest.mark.parametrize(
    ("rule", "streak_day", "days_back"),
    [
        ("no_routine", NO_ROUTINE, 3),
        ("no_meals", NO_MEALS, 3),
        ("no_self_care", NO_SELF, 3),
        ("partner_unclear", UNCLEAR, 3),
        ("no_shared_fun", NO_FUN, 5),
    ],
)
def test_a_missing_day_breaks_a_run(rule: str, streak_day: Checkin, days_back: int) -> None:
    unbroken = history(*[streak_day] * (days_back - 1))
    assert rule in rules(streak_day, unbroken)
    # the same number of check-ins, but one day skipped in between
    gapped = [(d - timedelta(days=1) if i else d, c) for i, (d, c) in enumerate(unbroken)]
    assert rule not in rules(streak_day, gapped)


def test_stress_counts_days_within_the_last_three_even_with_a_gap() -> None:
    recent = [(TODAY - timedelta(days=1), STRESSED), (TODAY - timedelta(days=3), STRESSED)]
    assert "stress_high" in rules(STRESSED, recent)
    older = [(TODAY - timedelta(days=1), STRESSED), (TODAY - timedelta(days=4), STRESSED)]
    assert "stress_high" not in rules(STRESSED, older)
    assert "stress_high" not in rules(day(stress=3), history(STRESSED, STRESSED, STRESSED))


def test_check_ins_dated_today_or_later_are_not_earlier_days() -> None:
    recent = [(TODAY, NO_SELF), (TODAY + timedelta(days=1), NO_SELF)]
    assert "no_self_care" not in rules(NO_SELF, recent)


def test_at_most_two_nudges_in_priority_order() -> None:
    bad = day(
        treatment="infusion",
        invitation="declined",
        together=("invitation",),
        communication=1,
        self_care=(),
        stress=5,
        partner_mood=None,
    )
    recent = history(*[bad] * 6)
    everything = rules(bad, recent)
    assert len(everything) >= 8
    found = checkin.nudges(bad, recent, TODAY)
    assert [n.rule for n in found] == everything[:2] == ["infusion_alone", "invitation_declined"]
    assert checkin.nudges(bad, recent, TODAY, limit=1) == found[:1]
    assert checkin.nudges(bad, recent, TODAY, limit=0) == []


def test_no_two_nudges_point_at_the_same_tip() -> None:
    found = checkin.nudges(day(treatment="infusion", accompanied=True), [], TODAY, limit=99)
    assert [n.rule for n in found] == ["infusion_together"]
    every = checkin.nudges(
        day(treatment="infusion", communication=1, self_care=()),
        history(NO_SELF, NO_SELF),
        TODAY,
        limit=99,
    )
    tips = [n.tip for n in every]
    assert len(tips) == len(set(tips))


def test_nudges_are_plain_sentences_pointing_at_a_tip() -> None:
    for rule in checkin.NUDGE_RULES:
        assert 1 <= rule.tip <= 10
        assert rule.text.endswith((".", "partnercare help-now --worried"))
        assert "depressed" not in rule.text


@pytest.mark.parametrize(
    ("days_until", "rule"),
    [(1, "infusion_tomorrow"), (0, "infusion_today"), (2, None), (-1, None), (30, None)],
)
def test_upcoming_infusion_nudge(days_until: int, rule: str | None) -> None:
    nudge = checkin.upcoming_infusion_nudge(days_until)
    if rule is None:
        assert nudge is None
    else:
        assert nudge is not None
        assert (nudge.rule, nudge.tip) == (rule, 2)
        assert isinstance(nudge, Nudge)


# --------------------------------------------------------------------------- streaks


def ago(*days: int) -> list[date]:
    return [TODAY - timedelta(days=n) for n in days]


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ([], 0),
        (ago(0), 1),
        (ago(0, 1, 2), 3),
        (ago(1, 2, 3), 3),  # today not done yet: the streak is still alive
        (ago(0, 1, 3, 4), 2),  # a gap ends it
        (ago(2, 3), 0),  # yesterday missed: over
        (ago(0, 0, 1, 1), 2),  # duplicates count once
        ([*ago(0, 1), TODAY + timedelta(days=1)], 2),  # a future date is not part of it
    ],
)
def test_streak(dates: list[date], expected: int) -> None:
    assert checkin.streak(dates, TODAY) == expected
    assert checkin.streak(iter(dates), TODAY) == expected


# --------------------------------------------------------------------------- properties

json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(), inner, max_size=6),
    max_leaves=30,
)
KEYS = [q.key for q in checkin.questions()] + ["who5", "who5_score", "other"]


@given(json_like)
def test_validate_only_ever_raises_invalid_input(raw: object) -> None:
    with contextlib.suppress(InvalidInputError):
        checkin.validate(raw)


@given(st.dictionaries(st.sampled_from(KEYS), json_like | st.integers(0, 6), max_size=len(KEYS)))
def test_validate_only_ever_raises_invalid_input_on_near_answers(raw: dict[str, object]) -> None:
    try:
        checkin.validate({**MINIMAL, **raw})
    except InvalidInputError as error:
        message = str(error)
    else:
        return
    assert message.startswith("check-in answers")


def strategy_for(q: checkin.Question) -> st.SearchStrategy[object]:
    """Valid raw answers for one question."""
    strategies: dict[str, Callable[[], st.SearchStrategy[Any]]] = {
        "scale": lambda: st.integers(q.min, q.max) | (st.none() if q.skippable else st.nothing()),
        "choice": lambda: st.sampled_from(q.values),
        "multi": lambda: st.lists(st.sampled_from([v for v in q.values if v != "invitation"])),
        "bool": lambda: st.just(False),
        "text": lambda: st.text(),
        "tags": lambda: st.lists(
            st.from_regex(r"[#@]?[A-Za-z0-9][A-Za-z0-9_-]{0,29}", fullmatch=True), max_size=5
        ),
    }
    return strategies[q.kind]()


valid_answers = st.fixed_dictionaries(
    {q.key: strategy_for(q) for q in checkin.questions() if q.required},
    optional={
        **{q.key: strategy_for(q) for q in checkin.questions() if not q.required},
        "who5": st.lists(st.integers(0, 5), min_size=5, max_size=5),
    },
)


@given(valid_answers, st.sampled_from(["none", "accepted", "declined"]), st.booleans())
def test_valid_answers_round_trip_through_to_data(
    raw: dict[str, object], invitation: str, accompanied: bool
) -> None:
    raw["invitation"] = invitation
    if raw.get("treatment", "none") != "none":
        raw["accompanied"] = accompanied
    c = checkin.validate(raw)
    data = c.to_data()
    assert json.loads(json.dumps(data)) == data
    assert checkin.validate(data) == c
    assert checkin.validate(data).to_data() == data
    assert isinstance(checkin.summary_line(data), str)
    assert checkin.day_summary(c)


def test_every_question_about_the_day_has_words_for_a_past_day() -> None:
    for q in checkin.questions():
        if "today" in q.prompt:
            assert q.past, q.key
            assert "today" not in q.prompt_for("on Monday 23 November")
            assert "on Monday 23 November" in q.prompt_for("on Monday 23 November")
        assert q.prompt_for("today") == q.prompt
