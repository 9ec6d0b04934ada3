"""Hostile values for real commands and options, through CliRunner: every run ends
in exit 0, 1 or 2, never a traceback, and a run refused with exit 1 changes nothing.

Kept to a fixed, modest number of examples so that it runs in CI in seconds.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from partnercare import paths
from partnercare.cli import app
from test_hardening import digest

# What people (and scripts, and shells) really pass. Never a path that could be
# written to (no --output), nor a device that never ends (/dev/zero).
HOSTILE = [
    "",
    " ",
    "-",
    "--",
    "#",
    "0",
    "-1",
    "1.5",
    "1e309",
    "nan",
    "²",
    "①",
    "١٢",
    "9" * 30,
    "9" * 5000,
    "0001-01-01",
    "1899-12-31",
    "9999-12-31",
    "2026-02-30",
    "last monday",
    "3 days ago",
    "in 10000 years",
    "\udcff",  # an invalid UTF-8 byte in argv, as Python sees it
    "\x1b[31mred\x1b[0m",
    "\r\n",
    "😀",
    "a,b,,c",
    "#tag",
    'walk" OR "x',
    "NEAR(",
    "*",
    "%s%n",
    "../../x",
    "/dev/null",
    "/nonexistent/file.json",
    "x" * 10_000,
]
VALUE = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30))

STDIN = st.one_of(
    st.sampled_from(
        [
            "",
            "null",
            "[]",
            "{}",
            '{"mood": 1e999}',
            '{"mood": NaN}',
            '{"mood": ' + "9" * 5000 + "}",
            '{"mood": 4, "stress": 2, "sleep": 3, "safety": "no"}',
            '{"format": "partnercare-journal", "version": 1, "entries": [{}]}',
            '{"format": "partnercare-journal", "version": ' + "1" * 4400 + "}",
            "[" * 100_000,
            "\ufeff{}",
        ]
    ),
    st.text(max_size=50),
)


def _journal(v: str) -> list[list[str]]:
    return [
        ["journal", "add", v],
        ["journal", "add", "x", "--tag", v],
        ["journal", "add", "x", "--date", v],
        ["journal", "list", "--since", v],
        ["journal", "list", "--until", v],
        ["journal", "list", "--on", v],
        ["journal", "list", "--tag", v],
        ["journal", "list", "--kind", v],
        ["journal", "list", "--limit", v],
        ["journal", "show", v],
        ["journal", "show", v, "--json"],
        ["journal", "star", v],
        ["journal", "delete", v, "--yes"],
        ["journal", "edit", v, "new text"],
        ["journal", "search", v],
        ["journal", "search", "river", "--limit", v],
        ["journal", "export", "--format", v],
        ["journal", "export", "--since", v, "--format", "csv"],
        ["journal", "import", v],
    ]


def _others(v: str) -> list[list[str]]:
    return [
        ["checkin", "--answers", v],
        ["checkin", "--answers", "-", "--date", v],
        ["tips", v],
        ["tips", "--search", v],
        ["help-now", "--country", v],
        [v],
        ["--json", v],
    ]


COMMAND = st.builds(
    lambda v, i: (lambda all_: all_[i % len(all_)])([*_journal(v), *_others(v)]),
    VALUE,
    st.integers(min_value=0, max_value=1000),
)


@pytest.fixture
def seeded(runner: CliRunner) -> Path:
    for text in ("walked by the river", "a quiet evening"):
        assert runner.invoke(app, ["journal", "add", text, "--tag", "walk"]).exit_code == 0
    return paths.db_path()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(args=COMMAND, stdin=STDIN)
def test_no_traceback_for_hostile_values(
    runner: CliRunner, seeded: Path, args: list[str], stdin: str
) -> None:
    before = digest(seeded)
    result = runner.invoke(app, args, input=stdin)
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        repr(result.exception),
    )
    assert "Traceback" not in result.stderr
    if result.exit_code != 0:
        assert digest(seeded) == before, args
    if result.exit_code == 1:
        lines = result.stderr.strip().splitlines()
        assert lines, args
        assert lines[-1].startswith("partnercare: "), (args, result.stderr)
