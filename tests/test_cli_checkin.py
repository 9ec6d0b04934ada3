"""`partnercare checkin` through CliRunner: answers files, errors, replacing, safety, nudges,
and the interactive path with the prompts replaced at the `prompts.py` seam."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from partnercare import checkin, clock, prompts
from partnercare.cli import app
from partnercare.cli import common as cli_common
from partnercare.errors import CancelledError
from partnercare.models import NewEntry
from partnercare.store import Store, entries

TODAY = date(2026, 11, 25)
MINIMAL: dict[str, object] = {"mood": 4, "stress": 2, "sleep": 3, "safety": "no"}


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fixed day, and the first-run welcome already said, so stderr holds only errors."""
    Store.open().close()
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 11, 25, 20, 30, tzinfo=UTC))


def run(runner: CliRunner, answers: object, *args: str) -> Result:
    """`checkin --answers -` with the answers on stdin."""
    text = answers if isinstance(answers, str) else json.dumps(answers)
    return runner.invoke(app, ["checkin", "--answers", "-", *args], input=text)


def saved(runner: CliRunner) -> list[dict[str, Any]]:
    result = runner.invoke(app, ["journal", "list", "--kind", "checkin", "--json"])
    assert result.exit_code == 0, result.stderr
    entries: list[dict[str, Any]] = json.loads(result.stdout)
    return entries


def test_answers_from_a_file(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "today.json"
    answers = {
        **MINIMAL,
        "partner_mood": 2,
        "together": ["morning_light"],
        "note": "Sam [bold]smiled[/bold] at breakfast",
        "tags": ["#Breakfast"],
    }
    path.write_text(json.dumps(answers), encoding="utf-8")
    result = runner.invoke(app, ["checkin", "--answers", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "Saved your check-in for today" in result.stderr
    assert "Your partner: low (2/5)" in result.stdout
    assert "Together: morning light" in result.stdout
    [entry] = saved(runner)
    assert entry["date"] == TODAY.isoformat()
    assert entry["kind"] == "checkin"
    assert entry["text"] == "Sam [bold]smiled[/bold] at breakfast"
    assert entry["tags"] == ["breakfast"]
    assert entry["data"] == checkin.validate(answers).to_data()


def test_answers_from_stdin_and_json_output(runner: CliRunner) -> None:
    result = run(runner, MINIMAL, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["replaced"] is False
    assert data["safety_concern"] is False
    assert data["entry"]["data"]["mood"] == 4
    assert data["entry"]["text"] == ""
    assert data["who5"] is None
    assert saved(runner)[0]["id"] == data["entry"]["id"]


def test_schema_is_printed(runner: CliRunner) -> None:
    result = runner.invoke(app, ["checkin", "--schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == checkin.json_schema()


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({**MINIMAL, "sleep": 9}, "'sleep'"),
        ({**MINIMAL, "mood": "good"}, "'mood'"),
        ({"mood": 3, "stress": 3, "sleep": 3}, "'safety'"),
        ({**MINIMAL, "colour": "blue"}, '"colour"'),
        ({**MINIMAL, "together": ["dancing"]}, "'together'"),
        ({**MINIMAL, "together": ["invitation"]}, "'invitation'"),
        ({**MINIMAL, "accompanied": True}, "'accompanied'"),
        ({**MINIMAL, "tags": "sleep"}, "'tags'"),
        ({**MINIMAL, "who5": [1, 2, 3]}, "'who5'"),
        ({**MINIMAL, "safety": "maybe"}, "'safety'"),
        ([1, 2, 3], "JSON object"),
        ("{not json", "not valid JSON"),
    ],
)
def test_invalid_answers_name_the_field_and_save_nothing(
    runner: CliRunner, answers: object, field: str
) -> None:
    result = run(runner, answers)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert field in result.stderr
    assert "Traceback" not in result.stderr
    assert saved(runner) == []


def test_answers_file_with_a_byte_order_mark_is_read(runner: CliRunner, tmp_path: Path) -> None:
    # Windows editors often save UTF-8 with a BOM; the journal import already accepted it.
    path = tmp_path / "today.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(MINIMAL).encode("utf-8"))
    result = runner.invoke(app, ["checkin", "--answers", str(path)])
    assert result.exit_code == 0, result.stderr
    assert saved(runner)[0]["data"]["mood"] == MINIMAL["mood"]


def test_missing_answers_file_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["checkin", "--answers", str(tmp_path / "nope.json")])
    assert result.exit_code == 1
    assert "cannot read" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_same_day_replaces_and_keeps_one_entry(runner: CliRunner) -> None:
    assert run(runner, MINIMAL).exit_code == 0
    first = saved(runner)[0]
    result = run(runner, {**MINIMAL, "mood": 1, "note": "second thoughts"})
    assert result.exit_code == 0
    assert "Replaced the check-in for today" in result.stderr
    [entry] = saved(runner)
    assert entry["id"] == first["id"]
    assert entry["data"]["mood"] == 1
    assert entry["text"] == "second thoughts"


@pytest.mark.parametrize(
    ("given", "day"),
    [("yesterday", TODAY - timedelta(days=1)), ("2026-11-02", date(2026, 11, 2))],
)
def test_date_backfills(runner: CliRunner, given: str, day: date) -> None:
    result = run(runner, MINIMAL, "--date", given)
    assert result.exit_code == 0, result.stderr
    assert [e["date"] for e in saved(runner)] == [day.isoformat()]


@pytest.mark.parametrize("given", ["the other day", "2026-02-30", "tomorrow"])
def test_bad_or_future_date_is_one_line_and_saves_nothing(runner: CliRunner, given: str) -> None:
    result = run(runner, MINIMAL, "--date", given)
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert saved(runner) == []


@pytest.mark.parametrize("safety", ["yes", "unsure"])
def test_safety_worry_shows_the_crisis_screen_first(runner: CliRunner, safety: str) -> None:
    result = run(runner, {**MINIMAL, "safety": safety})
    assert result.exit_code == 0
    out = result.stdout
    assert "988" in out
    assert out.index("Help now") < out.index("988") < out.index("You: feeling")
    assert out.lstrip().startswith("─") or out.lstrip().startswith("Help now")
    assert "\x1b" not in out
    assert saved(runner)[0]["data"]["safety"] == safety


def test_safety_worry_uses_the_saved_country(runner: CliRunner) -> None:
    assert runner.invoke(app, ["help-now", "--country", "GB", "--save"]).exit_code == 0
    out = run(runner, {**MINIMAL, "safety": "yes"}).stdout
    assert "999" in out
    assert out.index("999") < out.index("You: feeling")


def test_safety_worry_with_json_keeps_stdout_json(runner: CliRunner) -> None:
    result = run(runner, {**MINIMAL, "safety": "yes"}, "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["safety_concern"] is True
    assert "988" in result.stderr


def test_no_worry_no_crisis_screen(runner: CliRunner) -> None:
    assert "Help now" not in run(runner, MINIMAL).stdout


def test_who5_score_and_change_since_last_time(runner: CliRunner) -> None:
    first = run(runner, {**MINIMAL, "who5": [3, 3, 3, 3, 3]}, "--date", "2026-11-10")
    assert "A WHO-5 score of 60 out of 100 does not suggest low wellbeing." in " ".join(
        first.stdout.split()
    )
    second = run(runner, {**MINIMAL, "who5": [2, 2, 2, 2, 1]})
    out = " ".join(second.stdout.split())
    assert "WHO-5 Well-Being Index (World Health Organization, 1998): 36 out of 100" in out
    assert out.count("World Health Organization") == 1  # named once where it is shown
    said = checkin.describe_who5(36, 60, [2, 2, 2, 2, 1], since="Tuesday 10 November 2026")
    assert said in out
    assert "down 24 points" in out
    assert "WHO-5 Well-Being Index (World Health Organization, 1998)" in out


def test_the_who5_change_is_measured_against_a_score_at_least_14_days_earlier(
    runner: CliRunner,
) -> None:
    assert run(runner, {**MINIMAL, "who5": [5, 5, 5, 5, 5]}, "--date", "2026-11-01").exit_code == 0
    assert run(runner, {**MINIMAL, "who5": [3, 3, 3, 3, 3]}, "--date", "2026-11-20").exit_code == 0
    data = json.loads(run(runner, {**MINIMAL, "who5": [2, 2, 2, 2, 2]}, "--json").stdout)
    # 5 days after a 60 (overlapping weeks): measured against the 100 of 1 November
    description = data["who5"]["description"]
    assert "down 60 points since Sunday 1 November 2026" in description
    assert "60 out of 100" not in description.split("score of 40")[0]


def test_no_who5_change_without_a_score_14_days_earlier(runner: CliRunner) -> None:
    assert run(runner, {**MINIMAL, "who5": [5, 5, 5, 5, 5]}, "--date", "2026-11-20").exit_code == 0
    data = json.loads(run(runner, {**MINIMAL, "who5": [2, 2, 2, 2, 2]}, "--json").stdout)
    assert "since" not in data["who5"]["description"]


def test_nudges_point_to_tips(runner: CliRunner) -> None:
    result = run(runner, {**MINIMAL, "together": ["invitation"], "invitation": "declined"})
    out = " ".join(result.stdout.split())
    assert "They said no this time." in out
    assert "-> partnercare tips 8" in out


def test_nudges_use_the_recent_days(runner: CliRunner) -> None:
    for back in (2, 1):
        assert run(runner, MINIMAL, "--date", f"{back} days ago").exit_code == 0
    data = json.loads(run(runner, MINIMAL, "--json").stdout)
    rules = {n["rule"]: n["command"] for n in data["nudges"]}
    assert rules["no_self_care"] == "partnercare tips 9"
    assert len(rules) <= 2


# --------------------------------------------------------------------------- interactive


def test_no_terminal_and_no_answers_is_one_line(runner: CliRunner) -> None:
    result = runner.invoke(app, ["checkin"], input="")
    assert result.exit_code == 1
    assert "--answers" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert saved(runner) == []


class FakePrompts:
    """Stands in for the prompts module: records what was asked, answers from a script."""

    def __init__(
        self, answers: dict[str, object] | None, *, replace: bool = True, country: str = "US"
    ) -> None:
        self.answers = answers
        self.replace = replace
        self.country = country
        self.calls: list[dict[str, object]] = []
        self.day_words: list[object] = []
        self.confirms: list[str] = []
        self.countries_asked = 0

    def ask_checkin(self, questions: object, **kwargs: Any) -> dict[str, object]:
        self.calls.append({k: kwargs[k] for k in ("ask_who5", "offer_who5")})
        self.day_words.append(kwargs.get("day_words"))
        if self.answers is None:
            raise CancelledError(prompts.CHECKIN_CANCELLED)
        # as the real prompts do: the crisis screen right after a worrying safety answer
        if self.answers.get("safety") in ("yes", "unsure"):
            print("<<after the safety answer>>")
            kwargs["on_worry"]()
            print("<<the rest of the check-in>>")
        return dict(self.answers)

    def ask_country(self, countries: object, **kwargs: object) -> str:
        self.countries_asked += 1
        return self.country

    def confirm(self, message: str, *, default: bool = False) -> bool:
        self.confirms.append(message)
        return self.replace


@pytest.fixture
def interactive(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(cli_common, "stdin_is_terminal", lambda: True)

    def install(fake: FakePrompts) -> FakePrompts:
        monkeypatch.setattr(prompts, "ask_checkin", fake.ask_checkin)
        monkeypatch.setattr(prompts, "confirm", fake.confirm)
        monkeypatch.setattr(prompts, "ask_country", fake.ask_country)
        return fake

    return install


def test_interactive_checkin_is_saved(runner: CliRunner, interactive: Any) -> None:
    fake = interactive(FakePrompts({**MINIMAL, "note": "a good day"}))
    result = runner.invoke(app, ["checkin"])
    assert result.exit_code == 0, result.stderr
    assert "Saved your check-in for today" in result.stderr
    assert saved(runner)[0]["text"] == "a good day"
    # a new user has never answered the WHO-5: it is offered
    assert fake.calls == [{"ask_who5": False, "offer_who5": True}]
    assert fake.confirms == []


def test_weekly_asks_the_who5_and_a_recent_one_is_not_offered(
    runner: CliRunner, interactive: Any
) -> None:
    assert run(runner, {**MINIMAL, "who5": [3, 3, 3, 3, 3]}, "--date", "3 days ago").exit_code == 0
    fake = interactive(FakePrompts(MINIMAL))
    assert runner.invoke(app, ["checkin"]).exit_code == 0
    assert runner.invoke(app, ["checkin", "--weekly", "--date", "yesterday"]).exit_code == 0
    assert fake.calls == [
        {"ask_who5": False, "offer_who5": False},
        {"ask_who5": True, "offer_who5": False},
    ]


def test_cancel_saves_nothing(runner: CliRunner, interactive: Any) -> None:
    interactive(FakePrompts(None))
    result = runner.invoke(app, ["checkin"])
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("check-in cancelled, nothing was saved")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert saved(runner) == []


def test_second_interactive_checkin_asks_before_replacing(
    runner: CliRunner, interactive: Any
) -> None:
    assert run(runner, {**MINIMAL, "note": "first"}).exit_code == 0
    keep = interactive(FakePrompts({**MINIMAL, "note": "second"}, replace=False))
    result = runner.invoke(app, ["checkin"])
    assert result.exit_code == 0
    assert keep.confirms == ["You already checked in for today. Replace that check-in?"]
    assert keep.calls == []
    assert "nothing changed" in result.stderr
    assert [e["text"] for e in saved(runner)] == ["first"]

    interactive(FakePrompts({**MINIMAL, "note": "second"}, replace=True))
    result = runner.invoke(app, ["checkin"])
    assert result.exit_code == 0
    assert "Replaced the check-in for today" in result.stderr
    assert [e["text"] for e in saved(runner)] == ["second"]


def test_interactive_safety_worry_shows_the_crisis_screen_first(
    runner: CliRunner, interactive: Any
) -> None:
    interactive(FakePrompts({**MINIMAL, "safety": "unsure"}))
    result = runner.invoke(app, ["checkin"])
    assert result.exit_code == 0
    out = result.stdout
    # shown right after the safety answer, before the rest of the check-in, once
    assert out.index("<<after the safety answer>>") < out.index("988")
    assert out.index("988") < out.index("<<the rest of the check-in>>")
    assert out.count("Help now") == 1
    assert "If you are worried about suicide" in out
    assert out.index("<<the rest") < out.index("You: feeling")
    [entry] = saved(runner)
    assert entry["data"]["safety"] == "unsure"


def test_no_crisis_screen_when_nobody_is_worried(runner: CliRunner, interactive: Any) -> None:
    interactive(FakePrompts(MINIMAL))
    out = runner.invoke(app, ["checkin"]).stdout
    assert "Help now" not in out
    assert "988" not in out


def test_the_first_interactive_checkin_asks_for_the_country_once(
    runner: CliRunner, interactive: Any, isolated_home: Path
) -> None:
    fake = interactive(FakePrompts({**MINIMAL, "safety": "yes"}, country="GB"))
    out = runner.invoke(app, ["checkin"]).stdout
    assert fake.countries_asked == 1
    assert "116 123" in out  # the crisis screen already shows the lines for GB
    assert "988" not in out
    assert json.loads((isolated_home / "settings.json").read_text())["country"] == "GB"
    assert runner.invoke(app, ["checkin", "--date", "yesterday"]).exit_code == 0
    assert fake.countries_asked == 1


def test_a_checkin_from_a_file_never_asks_for_the_country(
    runner: CliRunner, interactive: Any
) -> None:
    fake = interactive(FakePrompts(MINIMAL))
    assert run(runner, {**MINIMAL, "safety": "yes"}).exit_code == 0
    assert fake.countries_asked == 0


@pytest.mark.parametrize(
    ("when", "words"),
    [
        ([], "today"),
        (["--date", "yesterday"], "yesterday"),
        (["--date", "2026-11-23"], "on Monday 23 November"),
        (["--date", "2025-12-31"], "on Wednesday 31 December 2025"),
    ],
)
def test_a_backfilled_day_is_asked_about_by_its_name(
    runner: CliRunner, interactive: Any, when: list[str], words: str
) -> None:
    fake = interactive(FakePrompts(MINIMAL))
    assert runner.invoke(app, ["checkin", *when]).exit_code == 0
    assert fake.day_words == [words]


def test_a_backfilled_summary_does_not_say_today(runner: CliRunner) -> None:
    result = run(runner, {**MINIMAL, "communication": 1}, "--date", "2026-11-23")
    assert result.exit_code == 0
    assert "today" not in result.stdout.lower()
    assert "Communication was hard on Monday 23 November." in " ".join(result.stdout.split())


def test_a_country_that_cannot_be_saved_is_still_used_this_time(
    runner: CliRunner, interactive: Any, isolated_home: Path
) -> None:
    (isolated_home / "settings.json.lock").mkdir()  # saving settings will fail
    fake = interactive(FakePrompts({**MINIMAL, "safety": "yes"}, country="AU"))
    result = runner.invoke(app, ["checkin"])
    assert result.exit_code == 0
    assert fake.countries_asked == 1
    assert "13 11 14" in result.stdout
    assert "988" not in result.stdout
    assert "your country was not saved" in result.stderr


def test_partner_low_counts_logged_days_however_far_apart(runner: CliRunner) -> None:
    low = {**MINIMAL, "partner_mood": 2}
    for back, answers in [(12, low), (9, low), (6, {**MINIMAL, "partner_mood": 3})]:
        assert run(runner, answers, "--date", f"{back} days ago").exit_code == 0
    data = json.loads(run(runner, {**MINIMAL, "partner_mood": 1}, "--json").stdout)
    assert "partner_low" in [n["rule"] for n in data["nudges"]]
    today = json.loads(runner.invoke(app, ["--json"]).stdout)
    assert today["nudge"]["rule"] == "partner_low"


def test_a_checkin_saved_by_an_older_version_never_vanishes_from_the_history(
    runner: CliRunner,
) -> None:
    # Saved answers today's validation would refuse: an unknown key, a value out of
    # range, a missing required answer. They still count for the nudges and the WHO-5.
    with Store.open() as store:
        for back in (2, 1):
            day = TODAY - timedelta(days=back)
            entries.add(
                store,
                NewEntry(
                    uuid=f"old-{back}",
                    kind="checkin",
                    day=day,
                    created_at="2026-11-20T20:00:00+00:00",
                    updated_at="2026-11-20T20:00:00+00:00",
                    text="",
                    data={"mood": 9, "retired_question": True, "self_care": []},
                ),
            )
    data = json.loads(run(runner, MINIMAL, "--json").stdout)
    assert "no_self_care" in [n["rule"] for n in data["nudges"]]


def test_an_impossible_imported_who5_score_is_not_compared_with(runner: CliRunner) -> None:
    with Store.open() as store:
        entries.add(
            store,
            NewEntry(
                uuid="imported",
                kind="checkin",
                day=TODAY - timedelta(days=20),
                created_at="2026-11-05T20:00:00+00:00",
                updated_at="2026-11-05T20:00:00+00:00",
                text="",
                data={**MINIMAL, "who5_score": -4},
            ),
        )
    # before, describing the change against -4 failed every later WHO-5 check-in
    result = run(runner, {**MINIMAL, "who5": [3, 3, 3, 3, 3]}, "--json")
    assert result.exit_code == 0, result.stderr
    assert "since" not in json.loads(result.stdout)["who5"]["description"]
