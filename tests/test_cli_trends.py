"""`partnercare trends` through CliRunner: the JSON contract with its numbers checked
by hand, the screen at 80 columns and less, without colour, every refusal."""

from __future__ import annotations

import json
import time as systime
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from partnercare import clock
from partnercare.cli import app

NOW = datetime(2026, 11, 28, 20, 0)  # a Saturday evening
TODAY = NOW.date()
BASE: dict[str, Any] = {"mood": 3, "stress": 3, "sleep": 3, "safety": "no"}


@pytest.fixture(autouse=True)
def pinned(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    systime.tzset()
    monkeypatch.setattr(clock, "now", lambda: NOW.astimezone())
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    yield
    monkeypatch.undo()
    systime.tzset()


def log(runner: CliRunner, day: date, **answers: Any) -> None:
    """A check-in for `day`, from an answers file."""
    given = json.dumps({**BASE, **answers})
    result = runner.invoke(
        app, ["checkin", "--answers", "-", "--date", day.isoformat()], input=given
    )
    assert result.exit_code == 0, result.stderr


def trends_json(runner: CliRunner, *args: str) -> Any:
    result = runner.invoke(app, ["trends", *args, "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def screen(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, ["trends", *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


@pytest.fixture
def two_weeks(runner: CliRunner) -> None:
    """Ten check-ins in the last 14 days, hand-made (16 November's given twice: the
    second replaces the first); one in the period before."""
    log(runner, ago(30), partner_mood=2, communication=2)
    for back, mood in [(13, 2), (12, 3), (10, 3), (9, None), (8, 4)]:
        log(runner, ago(back), partner_mood=mood, together=["activity"] if mood else [])
    for back in (4, 3, 2, 1, 0):
        log(runner, ago(back), partner_mood=4, communication=5, self_care=["friend"])
    log(runner, ago(12), partner_mood=3, treatment="infusion", accompanied=True)


def test_the_json_contract_with_its_numbers(runner: CliRunner, two_weeks: None) -> None:
    data = trends_json(runner)
    assert set(data) == {
        "since", "until", "days_in_period", "days_logged", "run", "measures", "routines",
        "self_care", "who5", "treatments", "insights", "checked",
    }  # fmt: skip
    assert (data["since"], data["until"]) == ("2026-11-01", "2026-11-28")
    assert (data["days_in_period"], data["days_logged"]) == (28, 10)
    assert data["run"] == {"current": 5, "longest": 5}
    partner = data["measures"]["partner_mood"]
    assert set(partner) == {"mean", "n", "previous_mean", "series"}
    assert len(partner["series"]) == 28
    # The last 14 days: 2, 3, gap, 3, gap ("couldn't tell"), 4, gaps, then five 4s.
    assert partner["series"][14:] == [2, 3, None, 3, None, 4, None, None, None, 4, 4, 4, 4, 4]
    assert partner["series"][:14] == [None] * 14  # no check-in: null, never 0
    assert (partner["mean"], partner["n"]) == (3.6, 9)  # (2 + 3 + 3 + 6 * 4) / 9 = 3.56
    assert partner["previous_mean"] == 2.0  # the one check-in of the 28 days before
    communication = data["measures"]["communication"]
    assert (communication["mean"], communication["n"], communication["previous_mean"]) == (
        5.0,
        5,
        2.0,
    )
    assert set(data["measures"]) == {"partner_mood", "communication", "mood", "stress", "sleep"}
    # 15, 18 and 20 November (16 November's check-in was replaced by the infusion's)
    assert data["routines"]["activity"] == {"days": 3, "share": 0.3}
    assert data["self_care"]["friend"] == {"days": 5, "share": 0.5}
    assert data["treatments"] == [
        {"date": "2026-11-16", "kind": "infusion", "accompanied": True, "series": None}
    ]
    assert data["who5"] == [] and data["insights"] == [] and data["checked"] == 0


def test_the_screen_at_80_columns(runner: CliRunner, two_weeks: None) -> None:
    out = screen(runner)
    assert "Trends Sun 1 Nov 2026 to Sat 28 Nov 2026 (28 days)" in out
    assert "You checked in on 10 of these 28 days. Current run: 5 days in a row." in out
    # a kind note under a week? no: ten days logged; but insights need three weeks
    assert "Patterns need at least 21 logged days in a period; this one has 10." in out
    strip = next(line for line in out.splitlines() if line.startswith("Partner mood   "))
    assert strip == "Partner mood   " + "·" * 14 + "▂▄·▄·▆···▆▆▆▆▆"
    treatment = next(line for line in out.splitlines() if line.startswith("Treatment"))
    assert treatment.index("I") == strip.index("▂") + 1  # 16 November
    assert "Partner mood   3.6 on 9 days; up 1.6 from 2.0 the period before (1 day)" in out
    walk = next(line for line in out.splitlines() if line.startswith("walk "))
    assert walk.endswith(" 30%")
    # 15 Nov, 16 (replaced by the infusion's), 17 (no check-in), 18, 19 (couldn't tell), 20
    assert walk[15 + 14 :] == "■- ■-■   -----  30%"
    assert "Mon 16 Nov 2026  Infusion  you went along  3 · 3" in out
    assert "No WHO-5 in this period." in out
    assert all(len(line) <= 80 for line in out.splitlines())
    assert "\x1b" not in out  # not a terminal: no colour codes
    assert "streak" not in out.lower()  # no streak guilt


def test_a_new_user_with_no_journal(runner: CliRunner, isolated_home: Path) -> None:
    out = screen(runner)
    assert "No check-ins in this period yet." in out
    assert "partnercare checkin" in out
    data = trends_json(runner, "--days", "7")
    assert data["days_logged"] == 0 and data["measures"]["mood"]["series"] == [None] * 7
    assert data["run"] == {"current": 0, "longest": 0}


def test_under_a_week_says_so_kindly(runner: CliRunner) -> None:
    for back in (5, 2, 0):
        log(runner, ago(back), partner_mood=3)
    out = screen(runner)
    assert (
        "Trends need about a week of check-ins to show much; this period has 3 days so far. "
        "Here is what there is." in " ".join(out.split())
    )
    assert "Partner mood   3.0 on 3 days; nothing to compare with before this period" in out


def test_an_insight_in_words_and_the_comparisons_checked(runner: CliRunner) -> None:
    for back in range(28):
        walked = back % 2 == 0
        log(runner, ago(back), partner_mood=4 if walked else 2, together=["activity"] * walked)
    data = trends_json(runner)
    (insight,) = data["insights"]
    assert insight == {
        "factor": "activity",
        "measure": "partner_mood",
        "with_mean": 4.0,
        "without_mean": 2.0,
        "with_days": 14,
        "without_days": 14,
        "p_value": insight["p_value"],
        "text": insight["text"],
    }
    assert 0 < insight["p_value"] < 0.05
    assert data["checked"] == 1  # only walks had 7 days with and 7 without
    out = " ".join(screen(runner).split())
    assert (
        "On the 14 days you went for a walk or something gentle together, your partner seemed "
        "4.0 on average; on the 14 days without, 2.0. These went together; that does not show "
        "one caused the other (they may have joined in on better days)." in out
    )
    assert (
        "1 of 17 comparisons were checked (those with at least 7 days with and 7 without): "
        "routines against how your partner seemed, self-care against your mood and stress; "
        "the others show no clear pattern yet." in out
    )


def test_appointments_and_who5_in_the_course(runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        ["appointments", "add", "2026-11-09 10:00", "--repeat", "3", "--every", "3d",
         "--kind", "infusion", "--going", "--yes"],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    log(runner, date(2026, 11, 9), partner_mood=2, treatment="infusion", accompanied=False)
    log(runner, date(2026, 11, 10), partner_mood=3)
    log(runner, date(2026, 11, 1), who5=[2, 2, 2, 2, 2])  # 40
    log(runner, date(2026, 11, 20), who5=[3, 3, 3, 3, 3])  # 60
    data = trends_json(runner)
    assert data["treatments"] == [
        # the check-in said the user did not go: that wins over the plan
        {"date": "2026-11-09", "kind": "infusion", "accompanied": False,
         "series": {"index": 1, "count": 3}},
        # planned, and nothing recorded since: whether the user went is not known
        {"date": "2026-11-12", "kind": "infusion", "accompanied": None,
         "series": {"index": 2, "count": 3}},
        {"date": "2026-11-15", "kind": "infusion", "accompanied": None,
         "series": {"index": 3, "count": 3}},
    ]  # fmt: skip
    assert data["who5"] == [
        {"date": "2026-11-01", "score": 40},
        {"date": "2026-11-20", "score": 60},
    ]
    out = screen(runner)
    assert "Mon 9 Nov 2026   Infusion 1 of 3  you did not go  2 3 ·" in out
    assert "Thu 12 Nov 2026  Infusion 2 of 3  not recorded    · · ·" in out
    assert "Sun 1 Nov 2026   40  low wellbeing" in out
    assert "Fri 20 Nov 2026  60  not low; up 20 points since Sun 1 Nov 2026 (from 40)" in out


def test_past_60_days_the_strips_are_weekly_and_say_so(runner: CliRunner, two_weeks: None) -> None:
    out = screen(runner, "--days", "90")
    assert "Each column is a week (Monday to Sunday), its average." in out
    strip = next(line for line in out.splitlines() if line.startswith("Partner mood"))
    # 31 Aug is a Monday: 13 weeks. 29 Oct's 2; none; 15 Nov's 2; 3, 3 and 4 (3.3);
    # five 4s.
    assert strip == "Partner mood   " + "·" * 8 + "▂·▂▄▆"
    assert len(trends_json(runner, "--days", "90")["measures"]["stress"]["series"]) == 90
    assert all(len(line) <= 80 for line in out.splitlines())


@pytest.mark.parametrize("days", ["1", "28", "60", "61", "400", "3650", "36600"])
@pytest.mark.parametrize("columns", ["80", "60", "40", "30", "20"])
def test_every_line_fits(
    runner: CliRunner, two_weeks: None, monkeypatch: pytest.MonkeyPatch, days: str, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    out = screen(runner, "--days", days)
    # A command to type is never cut: one longer than the width has a line of its own.
    too_long = [
        line
        for line in out.splitlines()
        if len(line) > int(columns) and not line.startswith("partnercare ")
    ]
    assert too_long == [], out


def test_narrow_terminals_put_labels_above(
    runner: CliRunner, two_weeks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    lines = screen(runner, "--days", "14").splitlines()
    at = lines.index("Partner mood")
    assert lines[at + 1] == "▂▄·▄·▆···▆▆▆▆▆"


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}])
def test_readable_without_colour(
    runner: CliRunner, two_weeks: None, monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("FORCE_COLOR", "1")  # even when colour is forced otherwise
    out = screen(runner)
    assert "\x1b" not in out
    assert "· no answer (no check-in, or couldn't tell): a gap, not a zero." in out
    assert "Bars: 1 ▁▂▄▆█ 5" in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--days", "0"], "--days takes a whole number of days from 1 to 36,600, not '0'"),
        (["--days", "lots"], "not 'lots'"),
        (["--days", "\x1b[31m"], "not '\\x1b[31m'"),
        (["--since", "2026-11-20", "--until", "2026-11-01"], "is after --until 2026-11-01"),
        (["--since", "tomorrow"], "after today"),
        (["--until", "next year"], "not a date I understand"),
        (["--since", "x" * 10_000], "not a date I understand"),
        (["--days", "3", "--since", "today", "--until", "today"], "not with both"),
    ],
)
def test_refusals_are_one_line_and_write_nothing(
    runner: CliRunner, isolated_home: Path, args: list[str], words: str
) -> None:
    log(runner, TODAY, partner_mood=3)
    before = (isolated_home / "partnercare.db").read_bytes()
    for json_flag in ([], ["--json"]):
        result = runner.invoke(app, ["trends", *args, *json_flag])
        assert result.exit_code == 1, result.stdout
        assert result.stdout == ""
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith("partnercare: ") and words in line
    assert (isolated_home / "partnercare.db").read_bytes() == before


def test_help_lists_trends(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert "trends" in result.stdout
    result = runner.invoke(app, ["trends", "--help"])
    assert result.exit_code == 0
    assert "partnercare trends --days 90" in result.stdout


def test_trends_on_a_new_install_creates_nothing(runner: CliRunner, isolated_home: Path) -> None:
    result = runner.invoke(app, ["trends", "--days", "abc"])
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()  # no welcome before the one line
    assert line.startswith("partnercare: --days")
    assert screen(runner).startswith("Trends ")
    assert not isolated_home.exists() or not (isolated_home / "partnercare.db").exists()


@pytest.mark.parametrize(
    ("args", "said", "unsaid"),
    [
        (["--days", "1"], "You checked in that day.", "these 1 day"),
        (["--days", "5"], "You checked in on every one of these 5 days.", "in a row"),
        (["--days", "2"], "every one of these 2 days", "Trends need about a week"),
        (["--until", "2026-11-26", "--days", "14"], "this period has 3 days. Here", "so far"),
        (["--days", "14"], "this period has 5 days so far. Here is what there is.", "streak"),
    ],
)
def test_the_words_fit_the_period(
    runner: CliRunner, args: list[str], said: str, unsaid: str
) -> None:
    for back in range(5):
        log(runner, ago(back), partner_mood=3)
    out = " ".join(screen(runner, *args).split())
    assert said in out and unsaid not in out


def test_damaged_rows_are_read_or_left_out_never_a_traceback(
    runner: CliRunner, isolated_home: Path
) -> None:
    import sqlite3

    for back in range(4):
        log(runner, ago(back), partner_mood=4)
    runner.invoke(app, ["appointments", "add", "2026-11-20 10:00", "--kind", "infusion", "--yes"])
    with sqlite3.connect(isolated_home / "partnercare.db") as conn:
        conn.execute("UPDATE entries SET date = date || ' ' WHERE date = ?", (ago(0).isoformat(),))
        conn.execute("UPDATE entries SET date = '2026-11-2x' WHERE date = ?", (ago(1).isoformat(),))
        conn.execute("UPDATE entries SET data = 'garbage{' WHERE date = ?", (ago(2).isoformat(),))
        conn.execute("UPDATE appointments SET day = '2026-11-20T10:00', at = '1x:00'")
    conn.close()
    result = runner.invoke(app, ["trends"])
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())
    # 28 Nov read as written ("2026-11-28 "); 27 Nov's date cannot be read: left out;
    # 26 Nov's answers cannot be read: counted apart.
    assert "You checked in on 2 of these 28 days" in out
    assert "1 check-in in this period could not be read and is left out." in out
    assert "Fri 20 Nov 2026 Infusion not recorded" in out
    for command in (["journal", "list"], ["appointments", "--all"], []):
        assert runner.invoke(app, command).exit_code == 0


@pytest.mark.parametrize("days", ["28", "90"])
def test_an_ascii_output_gets_digits_for_bars(
    runner: CliRunner, two_weeks: None, monkeypatch: pytest.MonkeyPatch, days: str
) -> None:
    """PYTHONIOENCODING=ascii, or a Latin-1 terminal: bars it cannot show become digits,
    with a legend that says so, and every line still fits."""
    import io
    import sys

    from partnercare.cli import output
    from partnercare.cli import trends as command

    captured: list[str] = []
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO(), encoding="ascii"))
    monkeypatch.setattr(output, "print_text", captured.append)
    command.trends_command(days=days)
    (text,) = captured
    text.encode("ascii")
    assert all(len(line) <= 80 for line in text.splitlines()), text
    words = " ".join(text.split())
    assert "Digits: the answers, 1 to 5, higher is better" in words
    strip = next(line for line in text.splitlines() if line.startswith("Partner mood"))
    if days == "28":
        assert strip == "Partner mood   " + "." * 14 + "23.3.4...44444"
    else:
        # weeks: 29 Oct's 2; none; 15 Nov's 2; 3, 3 and 4 (3.3); five 4s
        assert strip == "Partner mood   " + "." * 8 + "2.234"
        assert "1-4: quarters: the share of its logged days" in words
        walk = next(line for line in text.splitlines() if line.startswith("walk"))
        # 29 Oct: no walk; no check-in; 15 Nov: 1 of 1 (all: 4); 16-20 Nov: 2 of 4 logged
        # days (a half: 2); none of five. 3 of the 11 logged days: 27%.
        assert walk.endswith("_.42_  27%")


def test_the_current_run_is_the_whole_run_not_the_periods(runner: CliRunner) -> None:
    for back in range(1, 13):  # twelve days in a row up to yesterday; today not yet
        log(runner, ago(back), partner_mood=3)
    data = trends_json(runner, "--days", "7")
    assert data["days_logged"] == 6
    assert data["run"] == {"current": 12, "longest": 12}
    out = " ".join(screen(runner, "--days", "7").split())
    assert "You checked in on 6 of these 7 days. Current run: 12 days in a row." in out
