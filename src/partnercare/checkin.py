"""The daily check-in: its questions as data, validation, the WHO-5, summaries and nudges.

Pure: nothing here prints, prompts or touches the database. The questions live in
`content/checkin.toml`; the prompts, the `--answers` validation, the JSON schema and
the summaries are all driven by that one definition.

Answers that an answers file may leave out take these values:

- `partner_mood`, `communication`: null ("couldn't tell");
- `together`, `self_care`, `tags`: empty; `note`: "";
- `invitation`: "none"; `treatment`: "none"; `accompanied`: false; `who5`: absent.

`mood`, `stress`, `sleep` and `safety` are required: every check-in answers the
safety question.

Two answers depend on others, and the rule is the most forgiving one that keeps the
saved data consistent: an `invitation` of "accepted" or "declined" implies that
`together` includes "invitation" (added if missing), but `together` including
"invitation" with no outcome is an error, because the outcome cannot be guessed.
Likewise `accompanied` can only be true when there was a treatment.
"""

from __future__ import annotations

import difflib
import json
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Literal, cast

from partnercare.errors import InvalidInputError

Kind = Literal["scale", "choice", "multi", "bool", "text", "tags"]
#: A single answer: a scale number (or None for "couldn't tell"), a choice, a flag,
#: a note, or a list of choices or tags.
Answer = int | str | bool | tuple[str, ...] | None

_KINDS: tuple[Kind, ...] = ("scale", "choice", "multi", "bool", "text", "tags")
_CONTEXT = "check-in answers"
MAX_TAG_LENGTH = 40
#: The WHO-5 asks about the last two weeks: it is offered when the last score is this old,
#: and a change is compared with a score at least this many days earlier.
WHO5_INTERVAL_DAYS = 14


# --------------------------------------------------------------------------- questions


@dataclass(frozen=True)
class Condition:
    """A question is asked only when another answer `has` a value, or `is_not` one."""

    key: str
    op: Literal["has", "is_not"]
    value: str

    def holds(self, answers: Mapping[str, object]) -> bool:
        answer = answers.get(self.key)
        if self.op == "has":
            return isinstance(answer, list | tuple) and self.value in answer
        return answer != self.value

    def describe(self) -> str:
        if self.op == "has":
            return f"{self.key!r} includes {_shown(self.value)}"
        return f"{self.key!r} is not {_shown(self.value)}"


@dataclass(frozen=True)
class Question:
    """One check-in question, as defined in `content/checkin.toml`.

    `default` is what Enter alone picks; `missing` is what an answers file that
    leaves the key out (or a flow that does not ask the question) saves.
    """

    key: str
    kind: Kind
    prompt: str
    default: Answer
    missing: Answer = None
    required: bool = False
    min: int = 1
    max: int = 5
    labels: tuple[tuple[int, str], ...] = ()
    skippable: bool = False
    skip_label: str = ""
    options: tuple[tuple[str, str], ...] = ()
    short_labels: tuple[tuple[str, str], ...] = ()
    ask_if: Condition | None = None
    past: str = ""
    alarm: tuple[str, ...] = ()
    counts: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def values(self) -> tuple[str, ...]:
        """The option values of a choice or multi question, in order."""
        return tuple(value for value, _ in self.options)

    def label(self, value: object) -> str:
        """The words for a scale number or an option value ("" if unknown)."""
        if value is None and self.skippable:
            return self.skip_label
        pairs: Iterable[tuple[object, str]] = self.labels if self.kind == "scale" else self.options
        return next((label for v, label in pairs if v == value and type(v) is type(value)), "")

    def prompt_for(self, day_words: str) -> str:
        """The question about a day: "today", "yesterday" or "on Monday 23 November".

        A past day uses the `past` wording when there is one ("How were you feeling
        {day}?"); `{day}` in either is replaced by day_words.
        """
        text = self.past if self.past and day_words != "today" else self.prompt
        return text.replace("{day}", day_words)

    def counted_as(self, value: str) -> tuple[str, ...]:
        """What an option counts as for the nudges ("routine", "enjoyed"), from checkin.toml."""
        return next((kinds for v, kinds in self.counts if v == value), ())

    def short(self, value: str) -> str:
        """The short label of an option, for one-line summaries ("" if unknown)."""
        return next((label for v, label in self.short_labels if v == value), "")

    def asked(self, answers: Mapping[str, object]) -> bool:
        """Whether to ask this question, given the answers so far."""
        return self.ask_if is None or self.ask_if.holds(answers)


@dataclass(frozen=True)
class _Content:
    questions: tuple[Question, ...]
    who5_name: str
    who5_about: str
    who5_preamble: str
    who5_lead: str
    who5_items: tuple[str, ...]
    who5_options: tuple[tuple[int, str], ...]


def _str(table: Mapping[str, object], name: str, default: str | None = None) -> str:
    value = table.get(name, default)
    if not isinstance(value, str):
        raise ValueError(f"checkin.toml: {name!r} must be a string in {table!r}")
    return value


def _int(table: Mapping[str, object], name: str, default: int) -> int:
    value = table.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"checkin.toml: {name!r} must be an integer in {table!r}")
    return value


def _answer(value: object) -> Answer:
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    if value is None or isinstance(value, int | str | bool):
        return value
    raise ValueError(f"checkin.toml: unsupported default {value!r}")


def _question(table: Mapping[str, object]) -> Question:
    kind = _str(table, "kind")
    if kind not in _KINDS:
        raise ValueError(f"checkin.toml: unknown kind {kind!r}")
    labels_table = cast(Mapping[str, object], table.get("labels", {}))
    labels = tuple(sorted((int(k), str(v)) for k, v in labels_table.items()))
    option_tables = cast(list[Mapping[str, object]], table.get("options", []))
    options = tuple((_str(o, "value"), _str(o, "label")) for o in option_tables)
    shorts = tuple((_str(o, "value"), _str(o, "short", _str(o, "label"))) for o in option_tables)
    ask_if = None
    if "ask_if" in table:
        cond = cast(Mapping[str, object], table["ask_if"])
        op: Literal["has", "is_not"] = "has" if "has" in cond else "is_not"
        ask_if = Condition(_str(cond, "key"), op, _str(cond, op))
    counts = tuple(
        (_str(o, "value"), tuple(str(k) for k in cast(list[object], o.get("counts", []))))
        for o in option_tables
    )
    alarm = tuple(str(v) for v in cast(list[object], table.get("alarm", [])))
    skippable = bool(table.get("skippable", False))
    default = _answer(table.get("default"))
    missing = _answer(table["missing"]) if "missing" in table else (None if skippable else default)
    return Question(
        key=_str(table, "key"),
        kind=kind,
        prompt=_str(table, "prompt"),
        default=default,
        missing=missing,
        required=bool(table.get("required", False)),
        min=_int(table, "min", 1),
        max=_int(table, "max", 5),
        labels=labels,
        skippable=skippable,
        skip_label=_str(table, "skip_label", ""),
        options=options,
        short_labels=shorts,
        ask_if=ask_if,
        past=_str(table, "past", ""),
        alarm=alarm,
        counts=counts,
    )


@cache
def _content() -> _Content:
    raw = (resources.files("partnercare") / "content" / "checkin.toml").read_text("utf-8")
    data = tomllib.loads(raw)
    who5 = data["who5"]
    return _Content(
        questions=tuple(_question(q) for q in data["question"]),
        who5_name=str(who5["name"]),
        who5_about=str(who5["about"]),
        who5_preamble=str(who5["preamble"]),
        who5_lead=str(who5["lead"]),
        who5_items=tuple(str(item) for item in who5["items"]),
        who5_options=tuple((int(o["value"]), str(o["label"])) for o in who5["options"]),
    )


def questions() -> tuple[Question, ...]:
    """The daily questions, in the order they are asked."""
    return _content().questions


@cache
def question(key: str) -> Question:
    """The question with this key (a KeyError for an unknown key is a programming error)."""
    for q in questions():
        if q.key == key:
            return q
    raise KeyError(key)


def who5_items() -> tuple[str, ...]:
    """The five WHO-5 statements, in order."""
    return _content().who5_items


def who5_options() -> tuple[tuple[int, str], ...]:
    """The WHO-5 answer scale, from 5 "All of the time" down to 0 "At no time"."""
    return _content().who5_options


def who5_name() -> str:
    """The instrument's name and source, said once where it is asked and shown."""
    return _content().who5_name


def who5_about() -> str:
    """One line on what the WHO-5 is."""
    return _content().who5_about


def who5_preamble() -> str:
    """The WHO-5 instruction shown before the five statements."""
    return _content().who5_preamble


def who5_lead() -> str:
    """The words that lead into each WHO-5 statement ("Over the last two weeks...")."""
    return _content().who5_lead


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


def _shown(value: object, width: int = 40) -> str:
    """A value as JSON, as the user wrote it, with control characters made visible."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        # not JSON (a Python caller), nested too deep, or an integer too long to print
        text = f"a value of type {type(value).__name__}"
    # json escapes C0 controls; this catches C1 controls and bidi overrides as well.
    text = "".join(c if c.isprintable() or c == " " else f"\\u{ord(c):04x}" for c in text)
    return text if len(text) <= width else text[: width - 1] + "…"


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


def _is_forbidden_in_tag(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in {"Cc", "Cf", "Cs", "Zl", "Zp"}


def normalise_tags(tags: Iterable[object]) -> tuple[str, ...]:
    """Tags as saved: stripped of spaces and a leading '#' or '@', lowercase, no empties
    or repeats, in the order given.

    Raises InvalidInputError for a tag that is not a string, holds whitespace or a
    control character, or is longer than 40 characters.
    """
    seen: dict[str, None] = {}
    for tag in tags:
        if not isinstance(tag, str):
            raise InvalidInputError(f"a tag must be a string, got {_shown(tag)}")
        clean = tag.strip().lstrip("#@").strip().lower()
        if not clean:
            continue
        if any(_is_forbidden_in_tag(c) for c in clean):
            raise InvalidInputError(
                f"tag {_shown(tag)} has a space or control character in it; "
                "use one word per tag, like sleep or first-infusion"
            )
        if len(clean) > MAX_TAG_LENGTH:
            raise InvalidInputError(f"tag {_shown(tag)} is longer than {MAX_TAG_LENGTH} characters")
        seen[clean] = None
    return tuple(seen)


def split_tags(text: str) -> list[str]:
    """Tags typed on one line, separated by spaces or commas (not yet normalised)."""
    return text.replace(",", " ").split()


def _check_tags(q: Question, value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        raise _fail(f"{q.key!r} must be a list of strings, got {_shown(value)}")
    try:
        return normalise_tags(value)
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
    a = answers
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
                f"{q.prompt_for('today')}: one word each, at most {MAX_TAG_LENGTH} characters;"
                " a leading # or @ is dropped and tags are saved in lowercase"
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


# --------------------------------------------------------------------------- WHO-5


def who5_score(items: Sequence[int]) -> int:
    """The WHO-5 score: the five items (0-5 each) summed and multiplied by 4, so 0-100."""
    return sum(_check_who5(items)) * 4


def describe_who5(
    score: int,
    previous: int | None = None,
    items: Sequence[int] | None = None,
    *,
    since: str = "last time",
) -> str:
    """Plain words for a WHO-5 score, and for its change since a score at least 14 days
    earlier (`previous`, from the day `since` names).

    Describes, never diagnoses: the thresholds are the WHO-5's own (50 or below
    suggests low wellbeing; 28 or below suggests screening for depression; any single
    item answered 0 or 1 is worth raising with a doctor too; a change of 10 points
    or more is meaningful).
    """
    for name, value in (("score", score), ("previous", previous)):
        if value is not None and (_whole(value) is None or not 0 <= value <= 100):
            raise InvalidInputError(f"a WHO-5 {name} must be from 0 to 100, got {_shown(value)}")
    text = f"A WHO-5 score of {score} out of 100"
    if score <= 28:
        text += (
            " suggests low wellbeing; it may be worth asking your doctor"
            " about a screening for depression. If things feel too heavy right now:"
            " partnercare help-now. Caring for yourself too: partnercare tips 9."
        )
    elif score <= 50:
        text += " suggests low wellbeing; it may help to talk to your doctor."
    else:
        text += " does not suggest low wellbeing."
    low = sum(1 for item in items or () if item <= 1)
    if low:
        text += (
            f' You answered {low} of the five statements with "some of the time" or'
            ' "at no time"; whatever the total, that is worth talking over with your doctor.'
        )
    if previous is not None:
        change = score - previous
        direction = "up" if change > 0 else "down"
        points = "point" if abs(change) == 1 else "points"
        if abs(change) >= 10:
            text += (
                f" That is {direction} {abs(change)} {points} since {since}, a change worth noting."
            )
        elif change:
            text += f" That is close to {since} ({direction} {abs(change)} {points})."
        else:
            text += f" That is the same as {since}."
    return text


def needs_who5(last_who5_date: date | None, today: date) -> bool:
    """True when no WHO-5 was answered in the last 14 days (today and the 13 before)."""
    return last_who5_date is None or (today - last_who5_date).days >= WHO5_INTERVAL_DAYS


# --------------------------------------------------------------------------- summaries

_SUMMARY_WIDTH = 70


def _scale_text(data: Mapping[str, object], key: str) -> str:
    value = data.get(key)
    q = question(key)
    number = value if isinstance(value, int) and not isinstance(value, bool) else None
    return f"{number}/{q.max}" if number is not None and q.min <= number <= q.max else "?"


def _routine_names(chosen: object) -> list[str]:
    together = question("together")
    if not isinstance(chosen, list | tuple):
        return []
    return [together.short(v) for v in together.values if v in chosen]


def summary_line(data: Mapping[str, object]) -> str:
    """One line for the journal list, such as
    `partner 3/5 · you 4/5 · stress 2/5 · routines: morning light, walk`.

    Reads saved data leniently: an unexpected value shows as "?" rather than failing.
    """
    head = " · ".join(
        f"{name} {_scale_text(data, key)}"
        for name, key in (("partner", "partner_mood"), ("you", "mood"), ("stress", "stress"))
    )
    treatment = data.get("treatment")
    if isinstance(treatment, str) and treatment != "none":
        short = question("treatment").short(treatment)
        if short:
            head += f" · {short}"
    names = _routine_names(data.get("together"))
    if not names:
        return f"{head} · routines: none"
    for shown in range(len(names), 0, -1):
        rest = len(names) - shown
        listed = ", ".join(names[:shown]) + (f" +{rest}" if rest else "")
        line = f"{head} · routines: {listed}"
        if len(line) <= _SUMMARY_WIDTH:
            return line
    return f"{head} · routines: {len(names)}"


def _rated(key: str, value: int | None) -> str:
    q = question(key)
    if value is None:
        return q.skip_label
    return f"{q.label(value)} ({value}/{q.max})"


def day_summary(c: Checkin) -> list[str]:
    """A few short lines about the day, shown after saving."""
    lines = [
        f"Your partner: {_rated('partner_mood', c.partner_mood)}"
        f" · communication: {_rated('communication', c.communication)}",
        f"You: feeling {_rated('mood', c.mood)} · stress: {_rated('stress', c.stress)}"
        f" · sleep: {_rated('sleep', c.sleep)}",
    ]
    together_q = question("together")
    together = [
        f"invited them ({question('invitation').label(c.invitation)})"
        if v == "invitation"
        else together_q.short(v)
        for v in c.together
    ]
    lines.append("Together: " + (", ".join(together) if together else "nothing logged"))
    self_care_q = question("self_care")
    own = [self_care_q.short(v) for v in c.self_care]
    lines.append("For yourself: " + (", ".join(own) if own else "nothing logged"))
    if c.treatment != "none":
        went = ", and you went along" if c.accompanied else ""
        lines.append(f"Treatment: {question('treatment').label(c.treatment)}{went}")
    if c.who5 is not None:
        lines.append(f"{who5_name()}: {c.who5_score} out of 100")
    if c.tags:
        lines.append("Tags: " + " ".join(f"#{t}" for t in c.tags))
    return lines


# --------------------------------------------------------------------------- nudges


@dataclass(frozen=True)
class Nudge:
    """A gentle pointer to the tip that fits what the answers show."""

    rule: str
    text: str
    tip: int


@dataclass(frozen=True)
class Days:
    """Today's check-in and the earlier ones by date, as the nudge rules see them."""

    today: Checkin
    day: date
    earlier: Mapping[date, Checkin] = field(default_factory=dict)

    def running(self, n: int) -> tuple[Checkin, ...] | None:
        """Today and the n-1 days before it, if every one of them has a check-in."""
        run = [self.today]
        for back in range(1, n):
            day = self.earlier.get(self.day - timedelta(days=back))
            if day is None:
                return None
            run.append(day)
        return tuple(run)

    def within(self, n: int) -> tuple[Checkin, ...]:
        """The check-ins on the n calendar days before today (gaps are simply absent)."""
        days = (self.earlier.get(self.day - timedelta(days=back)) for back in range(1, n + 1))
        return tuple(c for c in days if c is not None)

    def logged(self, n: int) -> tuple[Checkin, ...]:
        """The day's check-in and the n-1 logged days before it, however far apart."""
        earlier = [self.earlier[day] for day in sorted(self.earlier, reverse=True)]
        return (self.today, *earlier[: n - 1])

    def every(self, n: int, test: Callable[[Checkin], bool]) -> bool:
        """True when today and the n-1 days before all have a check-in that passes test."""
        run = self.running(n)
        return run is not None and all(test(c) for c in run)


@dataclass(frozen=True)
class NudgeRule:
    id: str
    tip: int
    text: str
    applies: Callable[[Days], bool]


def _partner_low(d: Days) -> bool:
    """Partner mood 2 or less on at least 3 of the last 5 logged days, today among them
    (a day they seemed well is not the day to say they have seemed low)."""
    low = [c.partner_mood is not None and c.partner_mood <= 2 for c in d.logged(5)]
    return low[0] and sum(low) >= 3


#: In priority order: a worrying pattern first, then what happened that day, then the
#: user's own load, then patterns. A rule never fires on a day whose answers say
#: otherwise (each has a test for the day that must not trigger it), and no text
#: adds guilt. `{day}` is "today", "yesterday" or "on Monday 23 November".
NUDGE_RULES: tuple[NudgeRule, ...] = (
    NudgeRule(
        "partner_low",
        2,
        "Your partner has seemed low on several of your recent check-ins. It may help to "
        "let their treatment team know. If you are worried about their safety: "
        "partnercare help-now --worried",
        _partner_low,
    ),
    NudgeRule(
        "infusion_alone",
        2,
        "Infusion day. If they would like company and you are able to, offer to go along "
        "next time: two people take in more of what the clinic says than one.",
        lambda d: d.today.treatment == "infusion" and not d.today.accompanied,
    ),
    NudgeRule(
        "infusion_together",
        2,
        "Infusion day, and you went along. Being there tells them they are not doing this alone.",
        lambda d: d.today.treatment == "infusion" and d.today.accompanied,
    ),
    NudgeRule(
        "invitation_declined",
        8,
        "They said no this time. Keep inviting, gently: "
        "the tenth invitation may be the yes they need.",
        lambda d: d.today.invitation == "declined",
    ),
    NudgeRule(
        "no_self_care",
        9,
        "No time for yourself three days running. You need care too: "
        "looking after yourself is also part of looking after them.",
        lambda d: d.every(3, lambda c: not c.self_care),
    ),
    NudgeRule(
        "stress_high",
        10,
        "Your stress has been high on most of the last few days. "
        "People in a support group know this weight, and can share it.",
        lambda d: d.today.stress >= 4 and sum(c.stress >= 4 for c in d.within(3)) >= 2,
    ),
    NudgeRule(
        "communication_low",
        7,
        "Communication was hard {day}. They may want to share and not yet be able to: "
        "patience, and listening without judgement, help.",
        lambda d: d.today.communication is not None and d.today.communication <= 2,
    ),
    NudgeRule(
        "couples_therapy",
        3,
        "Couples therapy {day}. It is a space for your needs too, not only theirs.",
        lambda d: d.today.treatment == "couples_therapy",
    ),
    NudgeRule(
        "partner_unclear",
        1,
        "You couldn't tell how your partner seemed three days running. "
        "Knowing their signs and triggers can make them easier to read.",
        lambda d: d.every(3, lambda c: c.partner_mood is None),
    ),
    NudgeRule(
        "no_routine",
        4,
        "No routine together logged for three days running. "
        "Morning light, a short walk or a wind-down can be small and still count.",
        lambda d: d.every(3, lambda c: not c.did("routine")),
    ),
    NudgeRule(
        "no_meals",
        5,
        "No balanced meals logged for three days. "
        "If you have the energy, taking the lead on one simple meal can help you both.",
        lambda d: d.every(3, lambda c: "meals" not in c.together),
    ),
    NudgeRule(
        "no_shared_fun",
        6,
        "Nothing you both enjoy logged for five days or more. "
        "Start small: a short walk somewhere pleasant counts.",
        lambda d: d.every(5, lambda c: not c.did("enjoyed")),
    ),
)


def nudges(
    today: Checkin,
    recent: Sequence[tuple[date, Checkin]],
    today_date: date,
    *,
    limit: int = 2,
    day_words: str = "today",
) -> list[Nudge]:
    """At most `limit` nudges for a day's check-in, in rule priority order, one per tip.

    `recent` holds the previous days' check-ins, newest first, not including the day;
    "N days running" means N really consecutive dates ending that day. A day with a
    worry about someone's safety gets no nudge: the crisis screen is what matters.
    """
    if today.worried_about_safety:
        return []
    earlier: dict[date, Checkin] = {}
    for day, checkin in recent:
        if day < today_date:
            earlier.setdefault(day, checkin)
    days = Days(today, today_date, earlier)
    found: list[Nudge] = []
    for rule in NUDGE_RULES:
        if len(found) >= limit:
            break
        if all(n.tip != rule.tip for n in found) and rule.applies(days):
            found.append(Nudge(rule.id, rule.text.replace("{day}", day_words), rule.tip))
    return found


def upcoming_infusion_nudge(days_until: int) -> Nudge | None:
    """A nudge toward tip 2 when an infusion is today or tomorrow, else None."""
    if days_until == 1:
        return Nudge(
            "infusion_tomorrow",
            "Infusion tomorrow. If you can, offer to go along and plan the ride home: "
            "your presence can be a comfort.",
            2,
        )
    if days_until == 0:
        return Nudge(
            "infusion_today",
            "Infusion today. If you can, go along: your presence can be a comfort.",
            2,
        )
    return None


# --------------------------------------------------------------------------- streaks


def streak(dates: Iterable[date], today: date) -> int:
    """Consecutive days with a check-in, ending today, or yesterday if today isn't done yet."""
    done = set(dates)
    day = today if today in done else today - timedelta(days=1)
    count = 0
    while day in done:
        count += 1
        day -= timedelta(days=1)
    return count
