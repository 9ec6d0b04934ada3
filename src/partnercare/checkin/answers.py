"""Answers: strict validation of what is typed or read from a file, and the `Checkin`
they make. See the package docstring for the rules."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

from partnercare import tags as tag_rule
from partnercare.checkin.questions import (
    _CONTEXT,
    Answer,
    Condition,
    Kind,
    Question,
    _shown,
    question,
    questions,
    who5_items,
)
from partnercare.errors import InvalidInputError

# --------------------------------------------------------------------------- validation


@dataclass(frozen=True)
class Checkin:
    """One day's validated answers. Build it with `validate`; save `to_data()`."""

    mood: int
    stress: int
    sleep: int
    safety: str
    partner_mood: int | None = None
    communication: int | None = None
    together: tuple[str, ...] = ()
    invitation: str = "none"
    self_care: tuple[str, ...] = ()
    treatment: str = "none"
    accompanied: bool = False
    note: str = ""
    tags: tuple[str, ...] = ()
    who5: tuple[int, ...] | None = None

    @property
    def who5_score(self) -> int | None:
        """The WHO-5 score (0-100) when the weekly items were answered."""
        return None if self.who5 is None else who5_score(self.who5)

    @property
    def worried_about_safety(self) -> bool:
        """True for "yes" and "not sure" (the safety question's alarm answers)."""
        return self.safety in question("safety").alarm

    def did(self, kind: str) -> bool:
        """Whether anything logged counts as kind ("routine", "enjoyed"; see checkin.toml)."""
        together = question("together")
        if any(kind in together.counted_as(v) for v in self.together):
            return True
        return kind in question("invitation").counted_as(self.invitation)

    def to_data(self) -> dict[str, object]:
        """The JSON-able dict saved in the journal entry; `validate` reads it back."""
        data: dict[str, object] = {}
        for q in questions():
            value = getattr(self, q.key)
            data[q.key] = list(value) if isinstance(value, tuple) else value
        if self.who5 is not None:
            data["who5"] = list(self.who5)
            data["who5_score"] = self.who5_score
        return data


def _fail(message: str) -> InvalidInputError:
    return InvalidInputError(f"{_CONTEXT}: {message}")


def _or_list(values: Sequence[str]) -> str:
    shown = [_shown(v) for v in values]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def _whole(value: object) -> int | None:
    """The value as an int if it is a whole number (bools are not), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _check_scale(q: Question, value: object) -> int | None:
    if value is None and q.skippable:
        return None
    number = _whole(value)
    if number is None or not q.min <= number <= q.max:
        skip = f', or null for "{q.skip_label}"' if q.skippable else ""
        raise _fail(
            f"{q.key!r} must be a whole number from {q.min} to {q.max}{skip}, got {_shown(value)}"
        )
    return number


def _check_choice(q: Question, value: object) -> str:
    allowed = list(q.values)
    if isinstance(q.missing, str) and q.missing not in allowed:
        allowed.append(q.missing)
    if not isinstance(value, str) or value not in allowed:
        raise _fail(f"{q.key!r} must be {_or_list(allowed)}, got {_shown(value)}")
    return value


def _check_multi(q: Question, value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        raise _fail(f"{q.key!r} must be a list (of {_or_list(q.values)}), got {_shown(value)}")
    for item in value:
        if not isinstance(item, str) or item not in q.values:
            raise _fail(
                f"{q.key!r} has an unknown item {_shown(item)} (choose from {_or_list(q.values)})"
            )
    return tuple(v for v in q.values if v in value)


def _check_bool(q: Question, value: object) -> bool:
    if not isinstance(value, bool):
        raise _fail(f"{q.key!r} must be true or false, got {_shown(value)}")
    return value


def _check_text(q: Question, value: object) -> str:
    if not isinstance(value, str):
        raise _fail(f"{q.key!r} must be a string, got {_shown(value)}")
    return value


def _blank_tag(text: str) -> bool:
    return not tag_rule.tidy(text).strip(",")


def _check_tags(q: Question, value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        raise _fail(f"{q.key!r} must be a list of strings, got {_shown(value)}")
    try:
        # Blank entries are skipped, as they always were in answers files.
        return tag_rule.parse(v for v in value if not (isinstance(v, str) and _blank_tag(v)))
    except InvalidInputError as error:
        raise _fail(f"{q.key!r}: {error}") from None


_CHECKS: dict[Kind, Callable[[Question, object], Answer]] = {
    "scale": _check_scale,
    "choice": _check_choice,
    "multi": _check_multi,
    "bool": _check_bool,
    "text": _check_text,
    "tags": _check_tags,
}


def _check_who5(value: object) -> tuple[int, ...]:
    items = value if isinstance(value, list | tuple) else None
    numbers = [_whole(v) for v in items] if items is not None else []
    if items is None or len(items) != 5 or any(n is None or not 0 <= n <= 5 for n in numbers):
        raise _fail(f"'who5' must be a list of five whole numbers from 0 to 5, got {_shown(value)}")
    return tuple(cast(list[int], numbers))


def _reconcile(answers: dict[str, Answer]) -> None:
    """Make answers that depend on each other consistent, or say why they cannot be."""
    for q in questions():
        cond = q.ask_if
        if cond is None:
            continue
        value = answers[q.key]
        if cond.holds(answers):
            if q.kind == "choice" and value not in q.values:
                raise _fail(
                    f"{q.key!r} must be {_or_list(q.values)} when {cond.describe()}, "
                    f"got {_shown(value)}"
                )
        elif value != q.missing:
            if cond.op == "has":
                # An outcome implies the thing happened: add it rather than complain.
                owner = question(cond.key)
                chosen = cast(tuple[str, ...], answers[cond.key])
                answers[cond.key] = tuple(v for v in owner.values if v in chosen or v == cond.value)
            else:
                raise _fail(f"{q.key!r} can only be {_shown(value)} when {cond.describe()}")


# A required answer an earlier version did not save (a check-in saved early after a
# worry): the middle of the scale, and "no" for safety, whose saved answer only
# matters when it was a worry, which is read as saved.
_SAVED_FALLBACK: dict[str, Answer] = {"mood": 3, "stress": 3, "sleep": 3, "safety": "no"}


def validate_saved(raw: object) -> Checkin:
    """Answers saved by a check-in, arriving again (an export being imported).

    Every answer given must pass the answers-file rules (a WHO-5 score that does
    not add up is refused), but what an earlier version left out and keys a later
    version added are tolerated, as `read_saved` tolerates them, and tags are
    brought under today's rule rather than refused.
    """
    if not isinstance(raw, Mapping):
        raise InvalidInputError(f"{_CONTEXT} must be a JSON object, got {_shown(raw)}")
    known = {q.key for q in questions()} | {"who5", "who5_score"}
    given: dict[str, object] = {k: v for k, v in raw.items() if k in known}
    for q in questions():
        if q.required and q.key not in given:
            given[q.key] = _SAVED_FALLBACK.get(q.key, q.default)
    saved_tags = given.get("tags")
    if isinstance(saved_tags, list) and all(isinstance(t, str) for t in saved_tags):
        given["tags"] = list(tag_rule.coerce_all(saved_tags))
    return validate(given)


def read_saved(data: Mapping[str, object]) -> Checkin:
    """A check-in as saved, by this version or an earlier one, read leniently.

    Strict validation is for input. Saved data must never vanish from the history
    because today's rules are stricter: unknown keys are ignored, and a missing or
    unreadable answer takes the value a file that leaves it out would get (for the
    required ones: the middle of the scale, and "no" for safety, whose saved
    answer only matters when it was a worry, which is read as saved).
    """
    fallback = _SAVED_FALLBACK
    answers: dict[str, Answer] = {}
    for q in questions():
        missing = fallback.get(q.key, q.missing)
        if q.key not in data:
            answers[q.key] = missing
            continue
        value = data[q.key]
        if q.kind == "tags" and isinstance(value, list):
            # Tags saved under an older rule are brought under today's, not dropped.
            answers[q.key] = tag_rule.coerce_all(v for v in value if isinstance(v, str))
            continue
        try:
            answers[q.key] = _CHECKS[q.kind](q, value)
        except InvalidInputError:
            answers[q.key] = missing
    try:
        _reconcile(answers)
    except InvalidInputError:
        answers["invitation"], answers["accompanied"] = "none", False
    try:
        who5 = None if data.get("who5") is None else _check_who5(data["who5"])
    except InvalidInputError:
        who5 = None
    return _make(answers, who5)


def validate(raw: object) -> Checkin:
    """Check a check-in's answers (a JSON object) and return them as a Checkin.

    Raises InvalidInputError naming the field for unknown keys, missing required
    answers, wrong types, out-of-range values and answers that contradict each other.
    """
    if not isinstance(raw, Mapping):
        raise InvalidInputError(f"{_CONTEXT} must be a JSON object, got {_shown(raw)}")
    known = [q.key for q in questions()] + ["who5", "who5_score"]
    for key in raw:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1) if isinstance(key, str) else []
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise _fail(f"unknown key {_shown(key)}{hint}")
    answers: dict[str, Answer] = {}
    for q in questions():
        if q.key in raw:
            answers[q.key] = _CHECKS[q.kind](q, raw[q.key])
        elif q.required:
            raise _fail(f"{q.key!r} is missing; every check-in must answer it")
        else:
            answers[q.key] = q.missing
    _reconcile(answers)
    who5 = None if raw.get("who5") is None else _check_who5(raw["who5"])
    given_score = raw.get("who5_score")
    if given_score is not None:
        if who5 is None:
            raise _fail(f"'who5_score' is {_shown(given_score)} but there are no 'who5' answers")
        expected = who5_score(who5)
        if _whole(given_score) != expected:
            raise _fail(
                f"'who5_score' must be {expected} (the 'who5' answers added up, x 4), "
                f"got {_shown(given_score)}"
            )
    return _make(answers, who5)


def _make(a: Mapping[str, Answer], who5: tuple[int, ...] | None) -> Checkin:
    return Checkin(
        partner_mood=cast(int | None, a["partner_mood"]),
        communication=cast(int | None, a["communication"]),
        mood=cast(int, a["mood"]),
        stress=cast(int, a["stress"]),
        sleep=cast(int, a["sleep"]),
        together=cast(tuple[str, ...], a["together"]),
        invitation=cast(str, a["invitation"]),
        self_care=cast(tuple[str, ...], a["self_care"]),
        treatment=cast(str, a["treatment"]),
        accompanied=cast(bool, a["accompanied"]),
        safety=cast(str, a["safety"]),
        note=cast(str, a["note"]),
        tags=cast(tuple[str, ...], a["tags"]),
        who5=who5,
    )


def json_schema() -> dict[str, object]:
    """A JSON Schema (draft 2020-12) for a check-in answers file, built from the questions."""
    properties: dict[str, object] = {}
    conditions: list[object] = []
    for q in questions():
        schema: dict[str, object] = {"description": q.prompt_for("today")}
        if q.kind == "scale":
            skip = f"; null = {q.skip_label}" if q.skippable else ""
            schema |= {
                "description": f"{q.prompt_for('today')} {q.min} = {q.label(q.min)} ... "
                f"{q.max} = {q.label(q.max)}{skip}",
                "type": ["integer", "null"] if q.skippable else "integer",
                "minimum": q.min,
                "maximum": q.max,
            }
        elif q.kind == "choice":
            values = list(q.values)
            if isinstance(q.missing, str) and q.missing not in values:
                values.append(q.missing)
            schema |= {"type": "string", "enum": values}
        elif q.kind == "multi":
            schema |= {"type": "array", "items": {"type": "string", "enum": list(q.values)}}
        elif q.kind == "bool":
            schema["type"] = "boolean"
        elif q.kind == "text":
            schema["type"] = "string"
        else:
            schema["description"] = (
                f"{q.prompt_for('today')}: each {tag_rule.RULE}; a leading # or @ is"
                " dropped, spaces inside become -, commas separate tags, and tags are saved"
                " in lowercase"
            )
            schema |= {"type": "array", "items": {"type": "string"}}
        if not q.required:
            missing = q.missing
            schema["default"] = list(missing) if isinstance(missing, tuple) else missing
        properties[q.key] = schema
        if q.ask_if is not None:
            conditions.append(_schema_condition(q, q.ask_if))
    properties["who5"] = {
        "description": "The weekly WHO-5 items, in order: " + "; ".join(who5_items()),
        "type": ["array", "null"],
        "items": {"type": "integer", "minimum": 0, "maximum": 5},
        "minItems": 5,
        "maxItems": 5,
    }
    properties["who5_score"] = {
        "description": "Optional; if given, must equal the sum of 'who5' x 4",
        "type": ["integer", "null"],
        "minimum": 0,
        "maximum": 100,
        "multipleOf": 4,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "partnercare check-in answers",
        "type": "object",
        "properties": properties,
        "required": [q.key for q in questions() if q.required],
        "additionalProperties": False,
        "allOf": conditions,
    }


def _schema_condition(q: Question, cond: Condition) -> dict[str, object]:
    if cond.op == "has":
        return {
            "if": {
                "properties": {cond.key: {"contains": {"const": cond.value}}},
                "required": [cond.key],
            },
            "then": {"properties": {q.key: {"enum": list(q.values)}}, "required": [q.key]},
        }
    # The key being absent means its missing value, which is what `is_not` excludes.
    return {
        "if": {"properties": {cond.key: {"const": cond.value}}},
        "then": {"properties": {q.key: {"const": q.missing}}},
    }


def who5_score(items: Sequence[int]) -> int:
    """The WHO-5 score: the five items (0-5 each) summed and multiplied by 4, so 0-100."""
    return sum(_check_who5(items)) * 4
