"""--help fits the terminal it is shown in: no line wider than the width, and no
example command wrapped in the middle by the terminal (a long one is broken
between words with a shell continuation, so it still runs as copied)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from helpers import spawn_partnercare
from partnercare.cli import app
from partnercare.cli.help_examples import examples, fitted

COMMANDS = [
    [],
    ["journal"],
    ["journal", "add"],
    ["journal", "list"],
    ["journal", "show"],
    ["journal", "edit"],
    ["journal", "search"],
    ["journal", "star"],
    ["journal", "delete"],
    ["journal", "export"],
    ["journal", "import"],
    ["checkin"],
    ["help-now"],
    ["tips"],
]
EPILOG = examples(
    ("partnercare checkin --answers today.json", "from a file (- is stdin)"),
    "echo 'Infusion 3 went fine' | partnercare journal add --date yesterday --star",
    "jrnl --export json > jrnl.json && partnercare journal import jrnl.json",
    "partnercare journal search '\"morning light\"' --json",
)
COMMANDS_IN_EPILOG = [
    "partnercare checkin --answers today.json",
    "echo 'Infusion 3 went fine' | partnercare journal add --date yesterday --star",
    "jrnl --export json > jrnl.json && partnercare journal import jrnl.json",
    "partnercare journal search '\"morning light\"' --json",
]


def _commands(text: str) -> list[str]:
    """The example commands in a help text, continuation lines joined, comments left out."""
    body = text.split("Examples:", 1)[1]
    body = re.sub(r" \\\n\s*", " ", body)
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    # in the wide layout, three spaces part a command from its description
    return [re.split(" {3,}", line)[0] for line in lines if not line.startswith("#")]


@pytest.mark.parametrize("width", [100, 80, 60, 40])
def test_fitted_examples_fit_and_each_command_is_whole(width: int) -> None:
    text = fitted(EPILOG, width)
    assert max(len(line) for line in text.splitlines()) <= width - 2  # rich's padding
    assert _commands(text) == COMMANDS_IN_EPILOG


def test_wide_enough_keeps_commands_and_descriptions_side_by_side() -> None:
    text = fitted(examples(("partnercare tips 4", "read tip 4"), ("partnercare", "today")), 80)
    assert text.strip().splitlines() == [
        "Examples:",
        "  partnercare tips 4   read tip 4",
        "  partnercare          today",
    ]


def test_narrow_puts_the_description_above_as_a_comment_and_breaks_after_a_pipe() -> None:
    text = fitted(EPILOG, 60)
    lines = text.strip().splitlines()
    assert lines[1:3] == [
        "  # from a file (- is stdin)",
        "  partnercare checkin --answers today.json",
    ]
    assert "  echo 'Infusion 3 went fine' | \\" in lines
    assert "  jrnl --export json > jrnl.json && \\" in lines


def test_quoted_words_are_never_split() -> None:
    text = fitted(examples("partnercare journal add 'Walked; Sam smiled' -t walk"), 30)
    assert "'Walked; Sam smiled'" in text
    assert _commands(text) == ["partnercare journal add 'Walked; Sam smiled' -t walk"]


@pytest.mark.parametrize("width", [80, 60, 40])
def test_every_help_fits_the_width_with_whole_examples(runner: CliRunner, width: int) -> None:
    for command in COMMANDS:
        result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": str(width)})
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        too_wide = [line for line in lines if cell_len(line) > width]
        assert not too_wide, (command, too_wide)
        examples_part = result.stdout.split("Examples:", 1)[1]
        for line in examples_part.splitlines():
            # each line is a command's start, a continuation, or a comment: never a
            # fragment the terminal wrapped onto the next line
            text = line.strip()
            if not text:
                continue
            assert text.startswith(("partnercare", "#", "echo", "jrnl")) or line.startswith(
                "     "
            ), (command, width, line)


def test_help_on_a_pipe_has_no_trailing_spaces(runner: CliRunner) -> None:
    for command in ([], ["journal", "list"], ["help"], ["help", "journal"]):
        out = runner.invoke(app, [*command] if command[:1] == ["help"] else [*command, "--help"])
        assert out.exit_code == 0
        assert "Usage" in out.stdout
        assert not [line for line in out.stdout.splitlines() if line.endswith(" ")], command


@pytest.mark.slow
@pytest.mark.parametrize("width", [60, 40])
def test_messages_on_a_terminal_wrap_between_words(isolated_home: Path, width: int) -> None:
    import pexpect

    child = spawn_partnercare(isolated_home, "tips", "1", dimensions=(24, width))
    child.expect(pexpect.EOF)
    lines = child.before.replace("\r\n", "\n").split("\n")
    welcome = lines[: lines.index("In a crisis: partnercare help-now") + 1]
    home = str(isolated_home)
    assert all(len(line) <= width or line == home for line in welcome), welcome
    assert " ".join(" ".join(welcome).split()).startswith(
        "Welcome. partnercare offers general information, not medical advice. "
        "What you write stays private, on this computer, in"
    )


def test_messages_to_a_pipe_keep_each_line_whole(runner: CliRunner) -> None:
    result = runner.invoke(app, ["tips", "1"], env={"COLUMNS": "40"})
    assert "Welcome. partnercare offers general information, not medical advice.\n" in (
        result.stderr
    )


@pytest.mark.parametrize("width", [80, 60, 40])
def test_commands_on_screens_are_never_broken_in_the_middle(runner: CliRunner, width: int) -> None:
    env = {"COLUMNS": str(width)}
    screens = [
        runner.invoke(app, ["help-now"], env=env).stdout,
        runner.invoke(app, ["tips"], env=env).stdout,
        runner.invoke(app, ["journal", "list"], env=env).stdout,
    ]
    lines = [line.strip() for screen in screens for line in screen.splitlines()]
    for command in (
        "partnercare help-now --add-contact",
        "partnercare help-now --worried",
        "partnercare tips --next",
        "partnercare journal add 'a few words'",
    ):
        assert any(line.endswith(command) for line in lines), (width, command)
    assert all(len(line) <= width for screen in screens for line in screen.splitlines())


@pytest.mark.parametrize("width", [80, 50])
def test_a_crisis_line_that_wraps_stays_under_its_heading(
    runner: CliRunner, isolated_home: Path, width: int
) -> None:
    """A number or address carried onto the next line stays indented, so it never
    looks like an item of its own on the crisis screen."""
    isolated_home.mkdir(exist_ok=True)
    (isolated_home / "settings.json").write_text('{"country": "US"}')
    screen = runner.invoke(app, ["help-now"], env={"COLUMNS": str(width)}).stdout
    block = screen.split("Support for you\n", 1)[1].split("\n\n", 1)[0]
    assert all(line.startswith("  ") for line in block.splitlines()), block
    today = runner.invoke(app, [], env={"COLUMNS": str(width)}).stdout
    assert any(
        line.strip().endswith("partnercare checkin (under a minute)") for line in today.splitlines()
    )


def test_completion_is_offered_by_the_root_only(runner: CliRunner) -> None:
    assert "--install-completion" in runner.invoke(app, ["--help"]).stdout
    assert "completion" not in runner.invoke(app, ["journal", "--help"]).stdout
    result = runner.invoke(app, ["journal", "--install-completion"])
    assert result.exit_code == 2 and "no such option" in result.stderr
