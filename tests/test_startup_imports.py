"""Start-up discipline: a command imports only what it uses (not a timing test)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("questionary", "prompt_toolkit", "dateparser", "rich.markdown", "partnercare.journal")


def _imported(args: list[str], home: Path) -> set[str]:
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['partnercare', *{args!r}]\n"
        "try:\n"
        "    runpy.run_module('partnercare', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write('\\nMODULES ' + ' '.join(sorted(sys.modules)))\n"
    )
    env = {**os.environ, "PARTNERCARE_HOME": str(home)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return set(result.stderr.rsplit("MODULES ", 1)[1].split())


@pytest.mark.parametrize(
    ("args", "needs"),
    [
        (["tips", "3"], ()),
        (["tips"], ()),
        # today's screen reads the recent check-ins (streak, nudge) from the journal
        ([], ("partnercare.journal",)),
        (["--version"], ()),
        (["help-now"], ()),
    ],
)
def test_light_commands_import_nothing_heavy(
    args: list[str], needs: tuple[str, ...], isolated_home: Path
) -> None:
    modules = _imported(args, isolated_home)
    assert "partnercare.cli" in modules
    loaded = sorted(m for m in modules if m.startswith(HEAVY) and m not in needs)
    assert loaded == []


def test_checkin_from_a_file_does_not_import_the_prompts(isolated_home: Path) -> None:
    answers = isolated_home.parent / "answers.json"
    answers.write_text('{"mood": 3, "stress": 3, "sleep": 3, "safety": "no"}', encoding="utf-8")
    modules = _imported(["checkin", "--answers", str(answers)], isolated_home)
    assert "partnercare.journal" in modules
    assert not any(m.startswith(("questionary", "prompt_toolkit")) for m in modules)


@pytest.mark.parametrize(
    "args",
    [
        ["journal", "add", "a note"],
        ["journal", "add", "a note", "--json"],
        ["journal", "list", "--json"],
        ["journal", "export"],
        ["journal", "export", "--format", "md"],
        ["journal", "export", "--format", "csv"],
    ],
)
def test_journal_writing_and_exporting_leave_rich_unloaded(
    args: list[str], isolated_home: Path
) -> None:
    # JSON, Markdown and CSV are laid out without rich (render/json, markdown, csv).
    modules = _imported(args, isolated_home)
    assert "partnercare.cli.journal" in modules
    assert not any(m == "rich" or m.startswith("rich.") for m in modules)


def test_version_does_not_even_load_rich(isolated_home: Path) -> None:
    modules = _imported(["--version"], isolated_home)
    assert "rich.console" not in modules
    assert "sqlite3" not in modules


def test_reading_a_tip_loads_no_other_command(isolated_home: Path) -> None:
    modules = _imported(["tips", "3"], isolated_home)
    assert "partnercare.cli.tips" in modules
    others = {"partnercare.cli.journal", "partnercare.cli.checkin", "partnercare.checkin"}
    assert modules & others == set()


def test_reading_a_tip_leaves_rich_unloaded(isolated_home: Path) -> None:
    # The one-tip view lays itself out (partnercare.render.tip_plain): rich's console
    # alone would cost a third of Typer's import time on the hottest command.
    modules = _imported(["tips", "3"], isolated_home)
    assert "partnercare.render.tip_plain" in modules
    assert not any(m == "rich" or m.startswith("rich.") for m in modules)
