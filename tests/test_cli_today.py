"""Bare `partnercare`: today's check-in status, streak, tip of the day and one nudge."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from partnercare import clock, tips
from partnercare.cli import app
from partnercare.store import Store

TODAY = date(2026, 11, 25)
MINIMAL: dict[str, object] = {"mood": 4, "stress": 2, "sleep": 3, "safety": "no"}


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


def check_in(runner: CliRunner, day: date, **answers: object) -> None:
    result = runner.invoke(
        app,
        ["checkin", "--answers", "-", "--date", day.isoformat()],
        input=json.dumps({**MINIMAL, **answers}),
    )
    assert result.exit_code == 0, result.stderr


def today_json(runner: CliRunner) -> dict[str, Any]:
    result = runner.invoke(app, ["--json"])
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_new_user_sees_the_checkin_is_not_done(runner: CliRunner) -> None:
    result = runner.invoke(app, [])
    assert result.exit_code == 0
    out = result.stdout
    assert "Wednesday 25 November 2026" in out
    assert "Today's check-in is not done yet: partnercare checkin" in out
    assert "streak" not in out
    assert tips.of_the_day(TODAY).title in out
    for command in ("partnercare tips", "partnercare checkin", "partnercare journal"):
        assert command in out
    assert "partnercare help-now" in out


def test_reading_today_creates_no_database(isolated_home: Path) -> None:
    from partnercare.cli.today import show_today

    show_today(as_json=True)
    assert not (isolated_home / "partnercare.db").exists()
    assert Store.open_existing() is None


def test_done_today_and_the_streak(runner: CliRunner) -> None:
    for back in (3, 2, 1, 0):
        check_in(runner, TODAY - timedelta(days=back))
    out = runner.invoke(app, []).stdout
    assert "✓ Today's check-in is done." in out
    assert "Check-in streak: 4 days in a row" in out
    data = today_json(runner)
    assert data["checkin_done"] is True
    assert data["streak"] == 4


def test_a_one_day_streak_is_not_called_a_row(runner: CliRunner) -> None:
    check_in(runner, TODAY - timedelta(days=10))
    check_in(runner, TODAY)
    out = runner.invoke(app, []).stdout
    assert "Check-in streak: 1 day\n" in out
    assert "in a row" not in out


def test_streak_still_counts_until_today_is_done(runner: CliRunner) -> None:
    for back in (5, 2, 1):
        check_in(runner, TODAY - timedelta(days=back))
    data = today_json(runner)
    assert data["checkin_done"] is False
    assert data["streak"] == 2


def test_a_long_streak_is_counted_in_full(runner: CliRunner) -> None:
    with Store.open() as store:
        from partnercare import checkin, journal

        data = checkin.validate(MINIMAL).to_data()
        for back in range(100):
            journal.upsert_checkin(store, TODAY - timedelta(days=back), "", data)
    assert today_json(runner)["streak"] == 100


def test_one_nudge_from_the_latest_checkin(runner: CliRunner) -> None:
    check_in(runner, TODAY, together=["invitation"], invitation="declined", communication=1)
    out = " ".join(runner.invoke(app, []).stdout.split())
    assert "They said no this time." in out
    assert "-> partnercare tips 8" in out
    assert "partnercare tips 7" not in out
    nudge = today_json(runner)["nudge"]
    assert nudge["tip"] == 8
    assert nudge["command"] == "partnercare tips 8"


def test_yesterdays_nudge_shows_until_today_is_done(runner: CliRunner) -> None:
    check_in(runner, TODAY - timedelta(days=1), treatment="couples_therapy")
    assert today_json(runner)["nudge"]["tip"] == 3
    check_in(runner, TODAY - timedelta(days=4), treatment="couples_therapy")
    check_in(runner, TODAY - timedelta(days=1))
    assert today_json(runner)["nudge"] is None


def test_no_nudge_from_old_checkins(runner: CliRunner) -> None:
    check_in(runner, TODAY - timedelta(days=3), treatment="couples_therapy")
    assert today_json(runner)["nudge"] is None
