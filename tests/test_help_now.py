"""Crisis help that cannot fail: help-now against every broken state, its aliases, the
typo suggestion, the user's own contacts and safety plan, and the worried guidance."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from partnercare import prompts, resources, settings
from partnercare.cli import app
from partnercare.cli import common as cli_common
from partnercare.store import Store
from partnercare.store.schema import MIGRATIONS

US_LINES = ("911", "988", "findahelpline.com")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "-"


def shows_the_crisis_lines(out: str, *numbers: str) -> None:
    for number in numbers or US_LINES:
        assert number in out, number


def run_process(
    home: Path | str, *args: str, timeout: float = 20
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PARTNERCARE_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "partnercare", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def save_country(home: Path, code: str) -> None:
    home.mkdir(exist_ok=True)
    (home / "settings.json").write_text(json.dumps({"country": code}))


# -- every broken state ----------------------------------------------------------------


def test_no_database_at_all(runner: CliRunner, isolated_home: Path) -> None:
    result = runner.invoke(app, ["help-now"])
    assert result.exit_code == 0
    shows_the_crisis_lines(result.stdout)
    assert "could not be read" not in result.stdout
    # help first: nothing was created to show it
    assert not (isolated_home / "partnercare.db").exists()


def _corrupt(db: Path) -> None:
    db.write_bytes(b"SQLite format 3\x00" + os.urandom(4096))


def _newer(db: Path) -> None:
    with Store.open(db) as store, store.transaction() as conn:
        conn.execute("INSERT INTO _migrations (name) VALUES ('9999_from_the_future')")


def _not_a_database(db: Path) -> None:
    db.write_bytes(b"my shopping list\n" * 200)


def _read_only(db: Path) -> None:
    Store.open(db).close()
    db.chmod(0o400)


def _unreadable(db: Path) -> None:
    db.mkdir()  # a directory where the file should be: unreadable as a database, even by root


def _empty(db: Path) -> None:
    db.write_bytes(b"")


BROKEN = {
    "corrupt": _corrupt,
    "newer": _newer,
    "not-a-database": _not_a_database,
    "read-only": _read_only,
    "unreadable": _unreadable,
    "empty": _empty,
}


@pytest.mark.parametrize("state", sorted(BROKEN))
@pytest.mark.parametrize("saved", [None, "NZ"])
def test_a_broken_database_never_stops_help_now(
    runner: CliRunner, isolated_home: Path, state: str, saved: str | None
) -> None:
    isolated_home.mkdir()
    db = isolated_home / "partnercare.db"
    BROKEN[state](db)
    if saved:
        save_country(isolated_home, saved)
    before = digest(db)
    for command in ("help-now", "crisis", "sos", "emergency"):
        result = runner.invoke(app, [command])
        assert result.exit_code == 0, (command, result.stderr)
        if saved:
            shows_the_crisis_lines(result.stdout, "111", "1737")
        else:
            shows_the_crisis_lines(result.stdout)
    assert digest(db) == before


@pytest.mark.parametrize("state", ["corrupt", "not-a-database", "unreadable"])
def test_a_saved_country_that_cannot_be_read_gives_the_default_and_says_so(
    runner: CliRunner, isolated_home: Path, state: str
) -> None:
    # partnercare 0.1 kept the country in the database; this one is damaged
    isolated_home.mkdir()
    BROKEN[state](isolated_home / "partnercare.db")
    result = runner.invoke(app, ["help-now"])
    assert result.exit_code == 0
    shows_the_crisis_lines(result.stdout)
    notes = [line for line in result.stdout.splitlines() if "could not be read" in line]
    assert len(notes) == 1
    assert "saved country could not be read" in notes[0].lower()


@pytest.mark.parametrize(
    "content", [b"{not json", b"\xff\xfe\x00", b"[1, 2]", b'{"country": 42}', b'{"country": "???"}']
)
def test_a_damaged_settings_file_gives_the_default_and_one_line(
    runner: CliRunner, isolated_home: Path, content: bytes
) -> None:
    isolated_home.mkdir()
    (isolated_home / "settings.json").write_bytes(content)
    result = runner.invoke(app, ["help-now"])
    assert result.exit_code == 0
    shows_the_crisis_lines(result.stdout)
    assert len([x for x in result.stdout.splitlines() if "could not be read" in x]) == 1
    assert (isolated_home / "settings.json").read_bytes() == content


def test_a_settings_file_that_is_a_directory(runner: CliRunner, isolated_home: Path) -> None:
    (isolated_home / "settings.json").mkdir(parents=True)
    result = runner.invoke(app, ["help-now", "--worried"])
    assert result.exit_code == 0
    shows_the_crisis_lines(result.stdout)
    assert "could not be read" in result.stdout


def test_the_legacy_country_in_the_database_is_still_used(
    runner: CliRunner, isolated_home: Path
) -> None:
    with Store.open() as store, store.transaction() as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES ('country', 'IE')")
    result = runner.invoke(app, ["help-now"])
    assert result.exit_code == 0
    shows_the_crisis_lines(result.stdout, "112 or 999", "116 123")
    assert not (isolated_home / "settings.json").exists()  # reading wrote nothing


@pytest.mark.parametrize("home", ["/dev/null", "/dev/null/partnercare", "/proc/version"])
def test_a_data_directory_that_cannot_be_created(home: str) -> None:
    result = run_process(home, "help-now")
    assert result.returncode == 0, result.stderr
    shows_the_crisis_lines(result.stdout)
    assert "Traceback" not in result.stderr


def test_a_data_directory_that_is_a_file(tmp_path: Path) -> None:
    home = tmp_path / "file"
    home.write_text("not a directory")
    result = run_process(home, "help-now", "--worried")
    assert result.returncode == 0, result.stderr
    shows_the_crisis_lines(result.stdout)
    assert "If you are worried about suicide" in result.stdout
    assert home.read_text() == "not a directory"


@pytest.fixture
def locked_database(isolated_home: Path) -> Iterator[Path]:
    """A database another process holds an exclusive lock on (a writer mid-transaction,
    in rollback-journal mode, where even readers must wait)."""
    db = isolated_home / "partnercare.db"
    with Store.open(db) as store, store.transaction() as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES ('country', 'AU')")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA journal_mode=DELETE")
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO settings (key, value) VALUES ('held', 'yes')")
    try:
        yield db
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_locked_database_is_never_waited_on(locked_database: Path, isolated_home: Path) -> None:
    listing = sorted(p.name for p in isolated_home.iterdir())
    result = run_process(isolated_home, "help-now", timeout=30)
    assert result.returncode == 0, result.stderr
    # the country saved by 0.1 is read without waiting for the lock, and without
    # writing anything (no -wal or -shm beside the database)
    shows_the_crisis_lines(result.stdout, "000", "13 11 14")
    assert sorted(p.name for p in isolated_home.iterdir()) == listing


def test_a_locked_database_does_not_hide_a_saved_country(
    locked_database: Path, isolated_home: Path
) -> None:
    save_country(isolated_home, "AU")
    result = run_process(isolated_home, "help-now", timeout=30)
    assert result.returncode == 0
    shows_the_crisis_lines(result.stdout, "000", "13 11 14")
    assert "could not be read" not in result.stdout


def test_help_now_never_asks_for_anything_in_a_pipe(isolated_home: Path) -> None:
    result = run_process(isolated_home, "help-now")
    assert result.returncode == 0
    assert "Where are you?" not in result.stdout + result.stderr
    assert not (isolated_home / "settings.json").exists()


def test_the_checkin_crisis_screen_survives_damaged_settings(
    runner: CliRunner, isolated_home: Path
) -> None:
    isolated_home.mkdir()
    (isolated_home / "settings.json").write_bytes(b"\x00garbage")
    answers = {"mood": 3, "stress": 3, "sleep": 3, "safety": "yes"}
    result = runner.invoke(app, ["checkin", "--answers", "-"], input=json.dumps(answers))
    assert result.exit_code == 0, result.stderr
    shows_the_crisis_lines(result.stdout)
    assert "could not be read" in result.stdout
    assert "If you are worried about suicide" in result.stdout
    assert result.stdout.index("Help now") < result.stdout.index("You: feeling")
    assert "Saved your check-in" in result.stderr


def test_the_checkin_crisis_screen_goes_to_stderr_with_json(runner: CliRunner) -> None:
    answers = {"mood": 3, "stress": 3, "sleep": 3, "safety": "unsure"}
    result = runner.invoke(app, ["checkin", "--answers", "-", "--json"], input=json.dumps(answers))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["safety_concern"] is True
    shows_the_crisis_lines(result.stderr)


# -- names -------------------------------------------------------------------------------


@pytest.mark.parametrize("alias", ["crisis", "emergency", "sos"])
def test_aliases_show_the_same_screen(runner: CliRunner, alias: str) -> None:
    assert runner.invoke(app, [alias]).stdout == runner.invoke(app, ["help-now"]).stdout
    assert runner.invoke(app, [alias, "--worried"]).exit_code == 0


def test_aliases_are_hidden_from_the_command_list(runner: CliRunner) -> None:
    listing = runner.invoke(app, ["--help"]).stdout
    # The first word of each row of the command table (not a wrapped description).
    rows = [line[2:] for line in listing.splitlines() if line.startswith("│ ")]
    names = [row.split(" ")[0] for row in rows if not row.startswith(" ")]
    assert "help-now" in names
    assert "appointments" in names
    assert not {"crisis", "emergency", "sos"} & set(names)


def test_help_shows_the_main_help_with_the_crisis_line_on_top(runner: CliRunner) -> None:
    result = runner.invoke(app, ["help"])
    assert result.exit_code == 0
    lines = [line.strip() for line in result.stdout.splitlines() if line.strip()]
    assert lines[0] == "In a crisis: partnercare help-now"
    assert "checkin" in result.stdout and "journal" in result.stdout


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("tipz", "tips"), ("jornal", "journal"), ("helpnow", "help-now"), ("chekin", "checkin")],
)
def test_a_mistyped_command_gets_a_suggestion_and_the_crisis_line(
    isolated_home: Path, typed: str, meant: str
) -> None:
    result = run_process(isolated_home, typed)
    assert result.returncode == 2
    assert f"Did you mean '{meant}'" in result.stderr
    assert result.stderr.strip().splitlines()[-1] == "In a crisis: partnercare help-now"
    assert "Traceback" not in result.stderr


def test_an_unknown_command_with_no_close_name_still_gets_the_crisis_line(
    runner: CliRunner,
) -> None:
    result = runner.invoke(app, ["xyzzy"])
    assert result.exit_code == 2
    assert "Did you mean" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == "In a crisis: partnercare help-now"


def test_a_mistyped_subcommand_is_not_a_top_level_one(runner: CliRunner) -> None:
    result = runner.invoke(app, ["journal", "lisst"])
    assert result.exit_code == 2
    assert "Did you mean 'list'" in result.stderr


# -- the country, asked once --------------------------------------------------------------


class Asked:
    def __init__(self, answer: str | Exception) -> None:
        self.answer = answer
        self.times = 0

    def __call__(self, countries: object, **kwargs: object) -> str:
        self.times += 1
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_common, "interactive", lambda: True)


def test_the_first_help_now_in_a_terminal_asks_the_country_once(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, terminal: None, isolated_home: Path
) -> None:
    asked = Asked("GB")
    monkeypatch.setattr(prompts, "ask_country", asked)
    first = runner.invoke(app, ["help-now"])
    assert first.exit_code == 0
    default, chosen = first.stdout.split("Help now")[1:]
    shows_the_crisis_lines(default)
    shows_the_crisis_lines(chosen, "999", "116 123")
    assert runner.invoke(app, ["help-now"]).stdout.count("Help now") == 1
    assert runner.invoke(app, ["help-now"]).exit_code == 0
    assert asked.times == 1
    assert settings.load().settings.country == "GB"


def test_other_saves_the_international_directory(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, terminal: None
) -> None:
    monkeypatch.setattr(prompts, "ask_country", Asked(settings.COUNTRY_OTHER))
    out = runner.invoke(app, ["help-now"]).stdout
    # the default lines first (help never waits for the question), then the answer's
    first, chosen = out.split("Help now")[1:]
    assert "988" in first
    assert "Crisis lines in your country: Find A Helpline: findahelpline.com" in chosen
    assert "988" not in chosen
    assert "no verified list" not in chosen
    assert settings.load().settings.country == "other"


@pytest.mark.parametrize("failure", [KeyboardInterrupt(), RuntimeError("no terminal"), OSError()])
def test_a_country_question_that_fails_still_shows_the_lines(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, terminal: None, failure: Exception
) -> None:
    from partnercare.errors import CancelledError

    error = CancelledError("x") if isinstance(failure, KeyboardInterrupt) else failure
    monkeypatch.setattr(prompts, "ask_country", Asked(error))
    result = runner.invoke(app, ["help-now"])
    assert result.exit_code == 0
    shows_the_crisis_lines(result.stdout)


def test_the_country_is_not_asked_with_a_country_or_json(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, terminal: None
) -> None:
    asked = Asked("GB")
    monkeypatch.setattr(prompts, "ask_country", asked)
    runner.invoke(app, ["help-now", "--country", "ie"])
    runner.invoke(app, ["help-now", "--json"])
    assert asked.times == 0


# -- my people ----------------------------------------------------------------------------


def contacts_of(runner: CliRunner) -> list[dict[str, str]]:
    data = json.loads(runner.invoke(app, ["help-now", "--json"]).stdout)
    found: list[dict[str, str]] = data["contacts"]
    return found


def test_a_contact_is_saved_and_shown_before_the_national_lines(
    runner: CliRunner, isolated_home: Path
) -> None:
    result = runner.invoke(app, ["help-now", "--contact", "Dr Lee=555 0100", "--role", "clinician"])
    assert result.exit_code == 0, result.stderr
    assert "Saved Dr Lee" in result.stderr
    runner.invoke(app, ["help-now", "--contact", "Jo=07700 900123"])
    out = runner.invoke(app, ["help-now"]).stdout
    assert out.index("Your people") < out.index("Dr Lee") < out.index("Jo") < out.index("988")
    assert "Dr Lee (their clinician or after-hours line): 555 0100" in out
    assert "Jo (a trusted person): 07700 900123" in out
    assert (isolated_home / "settings.json").stat().st_mode & 0o777 == 0o600
    assert not (isolated_home / "partnercare.db").exists()  # contacts live outside the journal


def test_contacts_are_listed_by_role(runner: CliRunner) -> None:
    for contact, role in [("Me=111 222", "own-support"), ("Clinic=333 444", "clinic")]:
        runner.invoke(app, ["help-now", "--contact", contact, "--role", role])
    assert [c["name"] for c in contacts_of(runner)] == ["Clinic", "Me"]


def test_a_contact_of_the_same_name_is_replaced(runner: CliRunner) -> None:
    runner.invoke(app, ["help-now", "--contact", "Dr Lee=555 0100"])
    runner.invoke(app, ["help-now", "--contact", "dr lee=555 0199", "--role", "clinician"])
    assert contacts_of(runner) == [{"name": "dr lee", "number": "555 0199", "role": "clinician"}]


def test_a_contact_can_be_removed(runner: CliRunner) -> None:
    runner.invoke(app, ["help-now", "--contact", "Dr Lee=555 0100"])
    result = runner.invoke(app, ["help-now", "--remove-contact", "DR LEE"])
    assert result.exit_code == 0
    assert "Removed" in result.stderr
    assert contacts_of(runner) == []


def test_markup_in_a_contact_is_shown_as_typed(runner: CliRunner) -> None:
    runner.invoke(app, ["help-now", "--contact", "[bold]Sam[/bold]=555 0100"])
    assert "[bold]Sam[/bold]" in runner.invoke(app, ["help-now"]).stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--contact", "Dr Lee 555 0100"], "NAME=NUMBER"),
        (["--contact", "=555 0100"], "name is empty"),
        (["--contact", "Dr Lee="], "empty"),
        (["--contact", "Dr Lee=call her"], "phone number"),
        (["--contact", "Dr\x1b[31mLee=555 0100"], "control character"),
        (["--contact", "x" * 100 + "=555 0100"], "longer than 60"),
        (["--contact", "Dr Lee=555 0100", "--role", "doctor"], "unknown role"),
        (["--remove-contact", "Nobody"], "no saved contact"),
    ],
)
def test_bad_contacts_are_one_line_and_change_nothing(
    runner: CliRunner, isolated_home: Path, args: list[str], says: str
) -> None:
    runner.invoke(app, ["help-now", "--contact", "Kept=555 0100"])
    before = digest(isolated_home / "settings.json")
    result = runner.invoke(app, ["help-now", *args])
    assert result.exit_code == 1
    assert says in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert digest(isolated_home / "settings.json") == before


@pytest.mark.parametrize(
    "args", [["--role", "clinic"], ["--save"], ["--country", "", "--save"], ["--country", " "]]
)
def test_options_that_do_not_go_together_still_show_the_screen(
    runner: CliRunner, isolated_home: Path, args: list[str]
) -> None:
    result = runner.invoke(app, ["help-now", *args])
    assert result.exit_code == (0 if args == ["--country", " "] else 1)
    assert "findahelpline.com" in result.stdout
    assert not (isolated_home / "settings.json").exists()


@pytest.mark.parametrize("args", [["sos", "please"], ["help-now", "--countr", "gb"]])
def test_a_usage_error_on_a_crisis_command_still_shows_the_screen(
    runner: CliRunner, args: list[str]
) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    shows_the_crisis_lines(result.stdout)


@pytest.mark.parametrize("home", ["/dev/null", "/dev/null/partnercare"])
def test_answers_with_a_worry_where_no_data_can_live(home: str) -> None:
    env = {**os.environ, "PARTNERCARE_HOME": home}
    result = subprocess.run(
        [sys.executable, "-m", "partnercare", "checkin", "--answers", "-"],
        input='{"mood": 3, "stress": 3, "sleep": 3, "safety": "yes"}',
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    shows_the_crisis_lines(result.stdout)


@pytest.mark.parametrize("said", ["Yes", "not sure", " YES ", True])
def test_an_answers_file_that_says_it_loosely_still_gets_the_screen_first(
    runner: CliRunner, said: object
) -> None:
    answers = {"mood": 3, "stress": 3, "sleep": 3, "safety": said}
    result = runner.invoke(app, ["checkin", "--answers", "-"], input=json.dumps(answers))
    assert result.exit_code == 1  # not a valid answer: nothing was saved
    assert "'safety'" in result.stderr
    shows_the_crisis_lines(result.stdout)


def test_a_damaged_settings_file_is_never_saved_over(
    runner: CliRunner, isolated_home: Path
) -> None:
    isolated_home.mkdir()
    (isolated_home / "settings.json").write_text('{"contacts": [{"name": "Dr Lee"')
    result = runner.invoke(app, ["help-now", "--contact", "Jo=555 0100"])
    assert result.exit_code == 1
    assert "cannot be saved over: it could not be read" in result.stderr
    shows_the_crisis_lines(result.stdout)  # the screen still comes
    assert (isolated_home / "settings.json").read_text() == '{"contacts": [{"name": "Dr Lee"'


def test_add_contact_needs_a_terminal(runner: CliRunner) -> None:
    result = runner.invoke(app, ["help-now", "--add-contact"])
    assert result.exit_code == 1
    assert "--contact" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_add_contact_interactively_at_the_prompt_seam(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, terminal: None
) -> None:
    script: list[Any] = [("Dr Lee", "555 0100", "clinician"), ("Jo", "07700 900123", "trusted")]
    monkeypatch.setattr(prompts, "ask_contact", lambda *a: script.pop(0) if script else None)
    more = iter([True, False])
    monkeypatch.setattr(prompts, "ask_another", lambda message: next(more))
    monkeypatch.setattr(prompts, "ask_safety_plan", lambda answers: ("yes", "blue folder"))
    monkeypatch.setattr(prompts, "ask_country", Asked("US"))
    result = runner.invoke(app, ["help-now", "--add-contact"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.index("Dr Lee") < out.index("Jo") < out.index("Their safety plan: blue folder")
    assert out.index("Their safety plan") < out.index("Emergency: call 911")


def test_the_safety_plan_is_saved_shown_and_forgotten(runner: CliRunner) -> None:
    assert runner.invoke(app, ["help-now", "--safety-plan", "blue folder, fridge"]).exit_code == 0
    out = runner.invoke(app, ["help-now"]).stdout
    assert "Their safety plan: blue folder, fridge" in out
    data = json.loads(runner.invoke(app, ["help-now", "--json"]).stdout)
    assert data["safety_plan"] == {"has": "yes", "where": "blue folder, fridge"}
    result = runner.invoke(app, ["help-now", "--safety-plan", ""])
    assert "Forgot" in result.stderr
    assert "Their safety plan" not in runner.invoke(app, ["help-now"]).stdout


# -- if you are worried ----------------------------------------------------------------------


def test_worried_adds_the_guidance_under_the_lines(runner: CliRunner) -> None:
    out = runner.invoke(app, ["help-now", "--worried"]).stdout
    guidance = resources.worried_guidance()
    assert out.index("988") < out.index(guidance.title)
    for heading, points in guidance.sections:
        assert heading in out
        assert points[0][:30] in " ".join(out.split())
    plain = runner.invoke(app, ["help-now"]).stdout
    assert guidance.intro[:40] not in " ".join(plain.split())
    assert "partnercare help-now --worried" in plain


def test_worried_json(runner: CliRunner) -> None:
    data = json.loads(runner.invoke(app, ["help-now", "--worried", "--json"]).stdout)
    assert data["worried"]["title"] == "If you are worried about suicide"
    assert len(data["worried"]["sections"]) >= 5
    assert data["problems"] == []
    assert json.loads(runner.invoke(app, ["help-now", "--json"]).stdout)["worried"] is None


def test_the_guidance_names_no_number_of_its_own() -> None:
    import re

    guidance = resources.worried_guidance()
    text = " ".join([guidance.intro, *(p for _, points in guidance.sections for p in points)])
    assert not re.search(r"\d", text)


# -- the today screen on a worried day -------------------------------------------------------


def test_today_leads_with_help_after_a_worried_checkin(runner: CliRunner) -> None:
    answers = {
        "mood": 3,
        "stress": 5,
        "sleep": 3,
        "safety": "unsure",
        "communication": 1,
        "treatment": "infusion",
    }
    assert (
        runner.invoke(app, ["checkin", "--answers", "-"], input=json.dumps(answers)).exit_code == 0
    )
    out = runner.invoke(app, []).stdout
    body = out.splitlines()[1:]
    first = next(line for line in body if line.strip())
    assert "worried, or not sure, about someone's safety" in first
    assert "partnercare help-now" in " ".join(out.split())
    assert "partnercare help-now --worried" in " ".join(out.split())
    assert "->  partnercare tips" not in out  # no other nudge that day
    data = json.loads(runner.invoke(app, ["--json"]).stdout)
    assert data["safety_concern"] is True
    assert data["nudge"] is None


def test_today_is_calm_on_an_ordinary_day(runner: CliRunner) -> None:
    answers = {"mood": 3, "stress": 3, "sleep": 3, "safety": "no", "communication": 1}
    runner.invoke(app, ["checkin", "--answers", "-"], input=json.dumps(answers))
    out = runner.invoke(app, []).stdout
    assert "about someone's safety" not in out
    assert json.loads(runner.invoke(app, ["--json"]).stdout)["safety_concern"] is False


def test_settings_moved_to_a_file_without_a_schema_step() -> None:
    # the old settings table stays as it was, so the country saved in it is still read
    assert [name for name, _ in MIGRATIONS if "settings" in name] == ["0002_settings"]


def test_after_the_long_guidance_the_key_numbers_come_again(runner: CliRunner) -> None:
    runner.invoke(app, ["help-now", "--contact", "Dr Lee=555 0100", "--role", "clinician"])
    out = runner.invoke(app, ["help-now", "--worried", "-c", "gb"]).stdout
    recap = " ".join(out[out.index("Right now:") :].split())
    assert recap.startswith("Right now: emergency 999; Samaritans: Call 116 123; Dr Lee: 555 0100")
    assert out.index("Look after yourself") < out.index("Right now:")
    other = runner.invoke(app, ["help-now", "--worried", "-c", "other"]).stdout
    assert "Right now: your local emergency number; crisis lines: findahelpline.com" in " ".join(
        other.split()
    )


@pytest.mark.parametrize("typed", ["United Kingdom", "12", "U.S.", "É", "ABC"])
def test_only_a_known_country_or_other_can_be_saved(
    runner: CliRunner, isolated_home: Path, typed: str
) -> None:
    result = runner.invoke(app, ["help-now", "--country", typed, "--save"])
    assert result.exit_code == 1
    assert "no verified crisis lines" in result.stderr
    shows_the_crisis_lines(result.stdout, "findahelpline.com")  # the screen still comes
    assert not (isolated_home / "settings.json").exists()
    # and nothing is blocked afterwards
    assert runner.invoke(app, ["help-now", "--contact", "Jo=555 0100"]).exit_code == 0
    assert runner.invoke(app, ["help-now", "-c", "other", "--save"]).exit_code == 0
    assert settings.load().settings.country == "other"


def test_several_contacts_at_once(runner: CliRunner) -> None:
    args = ["help-now", "--contact", "A=555 0001", "--contact", "B=555 0002", "--role", "clinic"]
    assert runner.invoke(app, args).exit_code == 0
    assert [(c["name"], c["role"]) for c in contacts_of(runner)] == [
        ("A", "clinic"),
        ("B", "clinic"),
    ]


def test_bad_input_still_shows_the_screen(runner: CliRunner) -> None:
    result = runner.invoke(app, ["help-now", "--contact", "no equals sign"])
    assert result.exit_code == 1
    shows_the_crisis_lines(result.stdout)


def test_a_fifo_database_or_settings_file_never_hangs(isolated_home: Path) -> None:
    isolated_home.mkdir()
    os.mkfifo(isolated_home / "partnercare.db")
    result = run_process(isolated_home, "help-now", timeout=20)
    assert result.returncode == 0
    shows_the_crisis_lines(result.stdout)
    os.mkfifo(isolated_home / "settings.json")
    result = run_process(isolated_home, "help-now", timeout=20)
    assert result.returncode == 0
    shows_the_crisis_lines(result.stdout)


def test_an_intact_legacy_database_is_read_without_writing_anything(
    runner: CliRunner, isolated_home: Path
) -> None:
    db = isolated_home / "partnercare.db"
    with Store.open(db) as store, store.transaction() as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES ('country', 'CA')")
    listing = sorted(p.name for p in isolated_home.iterdir())
    out = runner.invoke(app, ["help-now"]).stdout
    shows_the_crisis_lines(out, "911", "9-8-8")
    assert sorted(p.name for p in isolated_home.iterdir()) == listing


def test_any_other_command_moves_the_legacy_country_out_of_the_database(
    runner: CliRunner, isolated_home: Path
) -> None:
    with Store.open() as store, store.transaction() as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES ('country', 'CA')")
    runner.invoke(app, ["tips"])
    assert json.loads((isolated_home / "settings.json").read_text())["country"] == "CA"


@pytest.mark.parametrize("typed", ["SOS", "Crisis", "HELP-NOW", "Emergency"])
def test_crisis_names_in_capitals(runner: CliRunner, isolated_home: Path, typed: str) -> None:
    result = runner.invoke(app, [typed])
    assert result.exit_code == 0
    shows_the_crisis_lines(result.stdout)
    assert not isolated_home.exists()  # nothing created to show help


@pytest.mark.parametrize("words", [["help", "now"], ["help", "crisis"], ["help", "me"]])
def test_help_now_typed_with_a_space(runner: CliRunner, words: list[str]) -> None:
    result = runner.invoke(app, words)
    assert result.exit_code == 0
    shows_the_crisis_lines(result.stdout)


def test_help_for_a_command(runner: CliRunner) -> None:
    result = runner.invoke(app, ["help", "tips"])
    assert result.exit_code == 0
    assert "partnercare tips" in result.stdout
    assert result.stdout.startswith("In a crisis: partnercare help-now")


def test_answers_with_a_worry_show_the_screen_even_when_saving_fails(
    runner: CliRunner, isolated_home: Path
) -> None:
    isolated_home.mkdir()
    BROKEN["corrupt"](isolated_home / "partnercare.db")
    worried = {"mood": 3, "stress": 3, "sleep": 3, "safety": "yes"}
    result = runner.invoke(app, ["checkin", "--answers", "-"], input=json.dumps(worried))
    assert result.exit_code == 1
    shows_the_crisis_lines(result.stdout)
    # and when the answers themselves are wrong
    invalid = {**worried, "mood": 9}
    result = runner.invoke(app, ["checkin", "--answers", "-"], input=json.dumps(invalid))
    assert result.exit_code == 1
    assert "'mood'" in result.stderr
    shows_the_crisis_lines(result.stdout)
