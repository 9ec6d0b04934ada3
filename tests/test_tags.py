"""The one tag rule (tags.py), for typed tags and for saved or imported ones."""

from __future__ import annotations

import json
import sqlite3

import pytest
from typer.testing import CliRunner

from helpers import MIDDLE_ANSWERS
from partnercare import paths, tags
from partnercare.cli import app
from partnercare.errors import InvalidInputError


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        (["sleep"], ("sleep",)),
        (["Sleep", "SLEEP", "#sleep", "@sleep"], ("sleep",)),
        (["first infusion"], ("first-infusion",)),
        (["  two   spaces  "], ("two-spaces",)),
        (["a,b", "c"], ("a", "b", "c")),
        (["a,,b,"], ("a", "b")),
        (["first infusion, Sam"], ("first-infusion", "sam")),
        (["Día", "睡眠", "x_y-2"], ("día", "睡眠", "x_y-2")),
        (["e\u0301te"], ("\u00e9te",)),  # one spelling of é, whichever was typed
        (["x" * 40], ("x" * 40,)),
        # letters of any script keep their combining marks
        (["हिंदी", "ภาษาไทย", "İstanbul"], ("हिंदी", "ภาษาไทย", "i\u0307stanbul")),
    ],
)
def test_typed_tags_follow_the_rule(typed: list[str], saved: tuple[str, ...]) -> None:
    assert tags.parse(typed) == saved


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ([""], "at least one letter or digit"),
        (["#"], "at least one letter or digit"),
        ([","], "at least one letter or digit"),
        (["---"], "at least one letter or digit"),
        (["sam's"], '"\'"'),
        (["c++"], "'+'"),
        (["two\nlines"], "'\\n'"),
        (["esc\x1b[31m"], "'\\x1b'"),
        (["bidi\u202eoverride"], "'\\u202e'"),
        (["x" * 41], "longer than 40"),
        ([3], "must be a string"),
    ],
)
def test_typed_tags_outside_the_rule_are_refused_by_name(typed: list[object], says: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        tags.parse(typed)
    message = str(caught.value)
    assert says in message
    assert "\x1b" not in message and "\u202e" not in message and "\n" not in message


@pytest.mark.parametrize(
    ("saved", "now"),
    [
        (["Sam"], ("sam",)),
        (["first infusion", "First Infusion"], ("first-infusion",)),
        (["Sam's walk"], ("sam-s-walk",)),
        (["a,b"], ("a", "b")),
        (["C++", "c"], ("c",)),
        (["❤️", "!!!", "ok"], ("ok",)),
        (["y" * 60], ("y" * 40,)),
        (["#x" + "-" * 45 + "z"], ("x-z",)),  # runs of - become one
    ],
)
def test_saved_tags_are_brought_under_the_rule_never_refused(
    saved: list[str], now: tuple[str, ...]
) -> None:
    assert tags.coerce_all(saved) == now


@pytest.mark.parametrize("tag", ["0-", "-a", "a_", "x" * 40, "día"])
def test_a_tag_the_rule_accepts_is_read_back_unchanged(tag: str) -> None:
    assert tags.parse([tag]) == (tag,)
    assert tags.coerce(tag) == tag


def test_a_long_bad_tag_is_named_briefly() -> None:
    with pytest.raises(InvalidInputError) as caught:
        tags.parse(["x" * 5000 + "!"])
    assert len(str(caught.value)) < 200


def test_filters_read_a_typed_tag_like_a_saved_one() -> None:
    # an old spelling still finds what the rule saved it as
    assert tags.for_filter(["Sam's", "First Infusion"]) == ("sam-s", "first-infusion")
    assert tags.for_filter(["a,b"]) == ("a", "b")
    with pytest.raises(InvalidInputError, match="at least one letter or digit"):
        tags.for_filter(["#"])


def test_what_coerce_keeps_always_passes_the_strict_rule() -> None:
    for raw in ["Sam's walk", "a b c", "über-Müde", "x" * 80, "#_-a-_", "١٢٣"]:
        kept = tags.coerce(raw)
        assert tags.parse([kept]) == (kept,)


# -- through the command -----------------------------------------------------------------


def _journal(runner: CliRunner, *args: str) -> object:
    result = runner.invoke(app, ["journal", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout) if "--json" in args else result.stdout


def test_journal_add_splits_on_commas_and_joins_spaces(runner: CliRunner) -> None:
    entry = _journal(runner, "add", "x", "--tag", "Sleep, first infusion", "-t", "#SAM", "--json")
    assert isinstance(entry, dict)
    assert entry["tags"] == ["sleep", "first-infusion", "sam"]
    listed = _journal(runner, "list", "--tag", "FIRST INFUSION", "--json")
    assert isinstance(listed, list) and [e["id"] for e in listed] == [entry["id"]]
    assert "#first-infusion" in str(_journal(runner, "show", str(entry["id"])))


@pytest.mark.parametrize("bad", ["sam's", "#", "a\x1bb", "x" * 41])
def test_a_bad_tag_is_one_line_exit_1_and_nothing_saved(runner: CliRunner, bad: str) -> None:
    _journal(runner, "add", "before")
    before = paths.db_path().read_bytes()
    result = runner.invoke(app, ["journal", "add", "x", "--tag", bad])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "tag" in result.stderr
    assert "\x1b" not in result.stderr
    with sqlite3.connect(paths.db_path()) as conn:
        assert conn.execute("SELECT count(*) FROM entries").fetchone() == (1,)
    assert paths.db_path().read_bytes() == before


def test_an_old_spelling_finds_its_entries(runner: CliRunner) -> None:
    entry = _journal(runner, "add", "x", "--tag", "sam-s", "--json")
    assert isinstance(entry, dict)
    listed = _journal(runner, "list", "--tag", "Sam's", "--json")
    assert isinstance(listed, list) and [e["id"] for e in listed] == [entry["id"]]


def test_checkin_answers_tags_follow_the_same_rule(runner: CliRunner) -> None:
    answers = {
        **MIDDLE_ANSWERS,
        "tags": ["First Infusion, Sleep", "#sleep", ""],
    }
    result = runner.invoke(app, ["checkin", "--answers", "-", "--json"], input=json.dumps(answers))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["entry"]["tags"] == ["first-infusion", "sleep"]
