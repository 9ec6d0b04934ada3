"""The root command: version, today's screen, first run, errors, and terminal output rules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from partnercare import __version__, clock, tips
from partnercare.cli import app


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"partnercare {__version__}"


def test_help_mentions_disclaimer_and_examples(runner: CliRunner) -> None:
    out = " ".join(runner.invoke(app, ["--help"]).stdout.split())
    assert "not medical advice" in out
    assert "Examples:" in out
    for command in ("tips", "help-now"):
        sub = runner.invoke(app, [command, "--help"])
        assert sub.exit_code == 0
        assert "Examples:" in sub.stdout


def test_bare_command_shows_tip_of_the_day(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "today", lambda: date(2026, 11, 25))
    result = runner.invoke(app, [])
    assert result.exit_code == 0
    tip = tips.of_the_day(date(2026, 11, 25))
    assert "Wednesday 25 November 2026" in result.stdout
    assert tip.title in result.stdout
    assert "partnercare tips" in result.stdout
    data = json.loads(runner.invoke(app, ["--json"]).stdout)
    assert data["tip_of_the_day"]["number"] == tip.number


def test_first_run_says_not_medical_advice_once(runner: CliRunner, isolated_home: Path) -> None:
    first = runner.invoke(app, ["tips"])
    assert "not medical advice" in first.stderr
    assert "Welcome" in first.stderr
    # short lines, the crisis line on its own
    assert (
        max(len(line) for line in first.stderr.splitlines()) <= 80
        or str(isolated_home) in first.stderr
    )
    assert "In a crisis: partnercare help-now" in first.stderr.splitlines()
    assert (isolated_home / "partnercare.db").exists()
    second = runner.invoke(app, ["tips"])
    assert "Welcome" not in second.stderr


def test_data_dir_is_private(runner: CliRunner, isolated_home: Path) -> None:
    runner.invoke(app, ["tips", "1"])
    assert (isolated_home.stat().st_mode & 0o777) == 0o700
    assert ((isolated_home / "partnercare.db").stat().st_mode & 0o777) == 0o600


def test_nothing_written_outside_the_data_dir(runner: CliRunner, tmp_path: Path) -> None:
    runner.invoke(app, ["tips", "1"])
    runner.invoke(app, ["help-now", "-c", "gb", "--save"])
    written = {p.relative_to(tmp_path).parts[0] for p in tmp_path.rglob("*")}
    assert written == {"partnercare-home"}


def test_a_file_that_is_not_a_database_is_one_line_and_untouched(
    runner: CliRunner, isolated_home: Path
) -> None:
    isolated_home.mkdir()
    db = isolated_home / "partnercare.db"
    db.write_bytes(b"this is my shopping list, not a database\n" * 100)
    before = db.read_bytes()
    result = runner.invoke(app, ["tips", "2"])
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert str(db) in result.stderr
    assert db.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write read-only files")
def test_read_only_database_still_shows_a_tip(runner: CliRunner, isolated_home: Path) -> None:
    runner.invoke(app, ["tips"])
    db = isolated_home / "partnercare.db"
    db.chmod(0o400)
    before = db.read_bytes()
    result = runner.invoke(app, ["tips", "2"])
    assert result.exit_code == 0, result.stderr
    assert db.read_bytes() == before  # shown, not marked read
    refused = runner.invoke(app, ["journal", "add", "x"])
    assert refused.exit_code == 1
    assert "read-only" in refused.stderr


def _run_process(
    args: list[str], env_extra: dict[str, str], home: Path
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PARTNERCARE_HOME": str(home), **env_extra}
    return subprocess.run(
        [sys.executable, "-m", "partnercare", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_python_dash_m_works(isolated_home: Path) -> None:
    result = _run_process(["--version"], {}, isolated_home)
    assert result.returncode == 0
    assert result.stdout.strip() == f"partnercare {__version__}"


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}, {}])
def test_no_escape_codes_in_pipes_no_color_or_dumb_terminals(
    env: dict[str, str], isolated_home: Path
) -> None:
    for args in (["tips"], ["tips", "4"], ["help-now"], []):
        result = _run_process(args, env, isolated_home)
        assert result.returncode == 0
        assert "\x1b" not in result.stdout
        assert "\x1b" not in result.stderr


def test_user_error_from_a_real_process_has_no_traceback(isolated_home: Path) -> None:
    result = _run_process(["tips", "42"], {}, isolated_home)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("partnercare: no tip '42'")


def test_unknown_command_is_usage_error(isolated_home: Path) -> None:
    assert _run_process(["bogus"], {}, isolated_home).returncode == 2


@pytest.mark.parametrize(
    "args", [["checkin", "--answers", ""], ["journal", "import", ""], ["journal", "import", "  "]]
)
def test_an_empty_file_name_is_a_clear_one_line_error(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "partnercare: give a file name, or - to read stdin"
    )


# -- the first run (docs/architecture.md, "The first run") ---------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["help-now"],
        ["crisis"],
        ["SOS"],
        ["help"],
        ["help", "now"],
        ["--version"],
        ["--help"],
        ["journal", "--help"],
        ["journal", "edit", "--help"],
        ["checkin", "--help"],
        ["tips", "-h"],
    ],
)
def test_help_and_the_crisis_screen_never_create_the_journal(
    runner: CliRunner, isolated_home: Path, args: list[str]
) -> None:
    assert runner.invoke(app, args).exit_code == 0
    assert not (isolated_home / "partnercare.db").exists()
    assert "Welcome" not in runner.invoke(app, args).stderr


@pytest.mark.parametrize(
    "args", [[], ["tips"], ["tips", "2"], ["journal", "list"], ["checkin", "--schema"]]
)
def test_any_other_first_command_creates_it_with_the_welcome(
    runner: CliRunner, isolated_home: Path, args: list[str]
) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert "Welcome" in result.stderr
    assert (isolated_home / "partnercare.db").exists()


@pytest.mark.parametrize("args", [[], ["--json"], ["tips"], ["tips", "--json"]])
def test_with_an_unusable_data_dir_reading_still_works(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    # The welcome steps aside; the screens that only read show what needs no journal.
    monkeypatch.setenv("PARTNERCARE_HOME", "/dev/null/partnercare")
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert "Welcome" not in result.stderr
    assert result.stdout.strip()


@pytest.mark.parametrize(
    ("args", "made"),
    [
        (["--install-completion", "zsh"], ".zfunc/_partnercare"),
        (["--install-completion=fish"], ".config/fish/completions/partnercare.fish"),
        (["--install-completion", "bash"], ".bash_completions/partnercare.sh"),
    ],
)
def test_completion_is_installed_for_the_shell_named(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], made: str
) -> None:
    home = tmp_path / "user"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("SHELL", "/bin/bash")  # the shell it runs in is not the one asked for
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert (home / made).is_file()
    if "bash" not in args:
        assert not (home / ".bashrc").exists()
    # a message, so on stderr
    assert result.stdout == ""
    assert "completion in" in result.stderr and "new terminals" in result.stderr


def test_completion_for_the_shell_it_runs_in_when_none_is_named(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer import _completion_shared

    home = tmp_path / "user"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(_completion_shared, "_get_shell_name", lambda: "zsh")
    result = runner.invoke(app, ["--install-completion"])
    assert result.exit_code == 0, result.output
    assert (home / ".zfunc/_partnercare").is_file()
    assert result.stdout == "" and "Installed zsh completion" in result.stderr
    monkeypatch.setattr(_completion_shared, "_get_shell_name", lambda: None)
    unknown = runner.invoke(app, ["--install-completion"])
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith("partnercare: cannot tell which shell this is")


def test_an_unknown_shell_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["--install-completion", "tcsh"])
    assert result.exit_code == 2
    assert "bash, zsh, fish" in result.stderr


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["journal", "list", "--limt", "3"], "no such option: --limt"),
        (["journal", "list", "--limit", "abc"], "give a whole number from 1 to 1,000,000"),
        (["journal", "search"], "missing argument 'QUERY...'"),
        (["journal", "show"], "missing argument 'ID'"),
        (
            ["checkin", "--date"],
            "option '--date' requires an argument. See 'partnercare checkin --help'",
        ),
        (["--bogus"], "no such option: --bogus"),
        (
            ["journal", "search", "sam", "-n"],
            "option '-n' requires an argument. See 'partnercare journal search --help'",
        ),
        (["journal", "list", "--\x1b[31mred"], "no such option: --\\x1b[31mred"),
    ],
)
def test_a_mistyped_command_line_is_one_line_and_exit_2(
    runner: CliRunner, args: list[str], says: str
) -> None:
    runner.invoke(app, ["tips"])  # the welcome, out of the way
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("partnercare: ") and says in line
    assert line.endswith("--help'.")
    assert "\x1b" not in line and result.stdout == ""


def test_a_mistyped_command_also_gets_the_crisis_line(runner: CliRunner) -> None:
    runner.invoke(app, ["tips"])
    result = runner.invoke(app, ["jornal"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "partnercare: no such command 'jornal'. Did you mean 'journal'? See 'partnercare --help'.",
        "In a crisis: partnercare help-now",
    ]


def test_completion_flags_count_only_before_the_command(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "user"
    monkeypatch.setenv("HOME", str(home))
    result = runner.invoke(app, ["journal", "add", "--", "--install-completion"])
    assert result.exit_code == 0, result.output
    assert not home.exists()  # no shell file touched
    listed = json.loads(runner.invoke(app, ["journal", "list", "--json"]).stdout)
    assert [entry["text"] for entry in listed] == ["--install-completion"]
