"""`partnercare tips` through the CLI."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnercare import clock, tips
from partnercare.cli import app


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_list_shows_all_ten_unread(runner: CliRunner) -> None:
    code, out, _ = run(runner, "tips")
    assert code == 0
    for tip in tips.all_tips():
        assert tip.title in out
    assert "0 of 10 read" in out


def test_output_fits_80_columns_and_has_no_escape_codes(runner: CliRunner) -> None:
    for args in (["tips"], ["tips", "7"], ["tips", "--search", "sleep"], []):
        _, out, _ = run(runner, *args)
        assert "\x1b" not in out
        assert max(len(line) for line in out.splitlines()) <= 80, args


def test_reading_a_tip_shows_it_in_full_and_marks_it_read(runner: CliRunner) -> None:
    tip = tips.find("4")
    code, out, _ = run(runner, "tips", "4")
    assert code == 0
    assert "Tip 4 of 10" in out
    assert "Try this today:" in out
    assert "not medical advice" in out
    assert " ".join(tip.paragraphs[0].split()[:4]) in " ".join(out.split())
    _, listing, _ = run(runner, "tips")
    assert "1 of 10 read" in listing
    assert json.loads(run(runner, "tips", "--json")[1])[3]["read"] is True


def test_slug_works_like_number(runner: CliRunner) -> None:
    slug = tips.find("7").slug
    code, out, _ = run(runner, "tips", slug)
    assert code == 0
    assert "Tip 7 of 10" in out


@pytest.mark.parametrize("ref", ["0", "11", "abc", "[bold]x", "\x1b[31m"])
def test_unknown_tip_is_one_line_exit_1_and_writes_nothing(
    runner: CliRunner, ref: str, isolated_home: Path
) -> None:
    run(runner, "tips")  # first run creates the database
    before = (isolated_home / "partnercare.db").read_bytes()
    code, out, err = run(runner, "tips", ref)
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "1 to 10" in err
    assert "\x1b" not in err
    assert "Traceback" not in err
    assert (isolated_home / "partnercare.db").read_bytes() == before


def test_today_is_stable_and_marked_as_tip_of_the_day(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "today", lambda: date(2026, 11, 25))
    expected = tips.of_the_day(date(2026, 11, 25))
    first = run(runner, "tips", "--today")[1]
    assert "Tip of the day" in first
    assert f"Tip {expected.number} of 10" in first
    assert run(runner, "tips", "--today")[1] == first


def test_next_gives_first_unread_then_says_all_read(runner: CliRunner) -> None:
    assert "Tip 1 of 10" in run(runner, "tips", "--next")[1]
    assert "Tip 2 of 10" in run(runner, "tips", "--next")[1]
    for n in range(3, 11):
        run(runner, "tips", str(n))
    code, _, err = run(runner, "tips", "--next")
    assert code == 0
    assert "read all ten" in err
    assert json.loads(run(runner, "tips", "--next", "--json")[1]) == []


def test_random_shows_one_tip(runner: CliRunner) -> None:
    code, out, _ = run(runner, "tips", "--random")
    assert code == 0
    assert out.count(" of 10") == 1


def test_search_ranks_and_shows_passage(runner: CliRunner) -> None:
    code, out, _ = run(runner, "tips", "--search", "serotonin")
    assert code == 0
    assert out.lstrip().startswith("5")
    assert "serotonin" in out.lower()


def test_search_without_matches_is_empty_not_all_ten(runner: CliRunner) -> None:
    code, out, _ = run(runner, "tips", "--search", "xylophone")
    assert code == 0
    assert "No tip matches" in out
    assert json.loads(run(runner, "tips", "--search", "xylophone", "--json")[1]) == []


def test_search_json_is_ranked_array(runner: CliRunner) -> None:
    data = json.loads(run(runner, "tips", "--search", "amygdala", "--json")[1])
    assert data[0]["number"] == 7
    assert {"number", "slug", "title", "summary", "text", "try_today", "read", "passage"} <= set(
        data[0]
    )


def test_json_list_has_fields_and_read_state(runner: CliRunner) -> None:
    data = json.loads(run(runner, "tips", "--json")[1])
    assert [d["number"] for d in data] == list(range(1, 11))
    assert all(d["read"] is False for d in data)


def test_json_one_tip_is_an_array_of_one_and_does_not_mark_read(runner: CliRunner) -> None:
    data = json.loads(run(runner, "tips", "3", "--json")[1])
    assert len(data) == 1
    assert data[0]["slug"] == tips.find("3").slug
    assert "0 of 10 read" in run(runner, "tips")[1]


def test_two_selectors_is_a_usage_error(runner: CliRunner) -> None:
    code, _, _ = run(runner, "tips", "3", "--today")
    assert code == 2


def test_read_time_is_recorded(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    at = datetime(2026, 11, 25, 8, 30, tzinfo=UTC)
    monkeypatch.setattr(clock, "now", lambda: at)
    run(runner, "tips", "2")
    data = json.loads(run(runner, "tips", "--json")[1])
    assert data[1]["first_read_at"] == at.isoformat()


def test_markup_in_the_query_is_shown_literally(runner: CliRunner) -> None:
    _, out, _ = run(runner, "tips", "--search", "[bold]zzz[/bold]")
    assert "[bold]zzz[/bold]" in out


# -- closing thoughts and the disclaimer --------------------------------------------


def _closing_start() -> str:
    return " ".join(tips.content().closing.split())[:60]


def test_the_tenth_tip_ends_with_the_closing_thoughts(runner: CliRunner) -> None:
    out = " ".join(runner.invoke(app, ["tips", "10"]).stdout.split())
    assert "A closing thought" in out
    assert _closing_start() in out
    # still the disclaimer last
    assert out.index(_closing_start()) < out.index(tips.content().disclaimer[:40])
    assert "A closing thought" not in runner.invoke(app, ["tips", "9"]).stdout


def test_next_shows_the_closing_thoughts_when_all_are_read(runner: CliRunner) -> None:
    for number in range(1, 11):
        runner.invoke(app, ["tips", str(number)])
    result = runner.invoke(app, ["tips", "--next"])
    assert result.exit_code == 0
    assert _closing_start() in " ".join(result.stdout.split())
    assert "read all ten tips" in result.stderr


def test_next_before_all_are_read_has_no_closing(runner: CliRunner) -> None:
    assert _closing_start() not in " ".join(runner.invoke(app, ["tips", "--next"]).stdout.split())


@pytest.mark.parametrize(
    "args", [["tips", "--json"], ["tips", "3", "--json"], ["tips", "-s", "walk", "--json"]]
)
def test_tips_json_carries_the_disclaimer(runner: CliRunner, args: list[str]) -> None:
    data = json.loads(runner.invoke(app, args).stdout)
    assert data
    assert all(item["disclaimer"] == tips.content().disclaimer for item in data)
    assert "not medical advice" in data[0]["disclaimer"]


@pytest.mark.parametrize("args", [["tips"], ["tips", "3"], [], ["help-now"], ["journal", "list"]])
def test_piped_output_has_no_trailing_spaces(runner: CliRunner, args: list[str]) -> None:
    runner.invoke(app, ["journal", "add", "a note with #tags", "-t", "walk"])
    out = runner.invoke(app, args).stdout
    assert out.strip()
    assert [line for line in out.splitlines() if line != line.rstrip()] == []


def test_an_unknown_tip_says_where_the_numbers_are_in_plain_words(runner: CliRunner) -> None:
    result = runner.invoke(app, ["tips", "11"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "partnercare: no tip '11': choose a number from 1 to 10 ('partnercare tips' lists them)"
    )
    worded = runner.invoke(app, ["tips", "sleep"]).stderr
    assert "to search, use: partnercare tips --search 'sleep'" in worded
    assert "slug" not in worded


def test_an_empty_search_asks_for_a_word(runner: CliRunner) -> None:
    for empty in ("", "   "):
        result = runner.invoke(app, ["tips", "--search", empty])
        assert result.exit_code == 1
        assert result.stderr.splitlines()[-1] == (
            "partnercare: nothing to search for: give a word or two, such as --search sleep"
        )


def test_next_unread_is_offered_only_while_a_tip_is_unread(runner: CliRunner) -> None:
    assert "Next unread: partnercare tips --next" in runner.invoke(app, ["tips"]).stdout
    for number in range(1, 11):
        assert runner.invoke(app, ["tips", str(number)]).exit_code == 0
    listed = runner.invoke(app, ["tips"]).stdout
    assert "10 of 10 read" in listed and "Next unread" not in listed
