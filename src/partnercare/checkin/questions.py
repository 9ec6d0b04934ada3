"""The check-in's questions, as data: loaded from `content/checkin.toml`."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal, cast

Kind = Literal["scale", "choice", "multi", "bool", "text", "tags"]
#: A single answer: a scale number (or None for "couldn't tell"), a choice, a flag,
#: a note, or a list of choices or tags.
Answer = int | str | bool | tuple[str, ...] | None

_KINDS: tuple[Kind, ...] = ("scale", "choice", "multi", "bool", "text", "tags")
_CONTEXT = "check-in answers"


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
    # A plain path, as tips.py reads its content: importlib.resources costs start-up.
    raw = (Path(__file__).parent.parent / "content" / "checkin.toml").read_text("utf-8")
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
