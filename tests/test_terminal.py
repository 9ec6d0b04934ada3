"""How wide output is, and when it is styled: the rules both renderers follow."""

from __future__ import annotations

import io
import os

import pytest

from partnercare import terminal
from partnercare.render.screen import make_console


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Closed(io.StringIO):
    def isatty(self) -> bool:
        raise ValueError("I/O operation on closed file")


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("COLUMNS", "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    return monkeypatch


@pytest.mark.parametrize(("columns", "expected"), [("60", 60), ("80", 80), ("250", 100)])
def test_columns_sets_the_width_up_to_the_cap(
    clean_env: pytest.MonkeyPatch, columns: str, expected: int
) -> None:
    clean_env.setenv("COLUMNS", columns)
    assert terminal.width(io.StringIO()) == expected


@pytest.mark.parametrize("columns", ["", "wide", "-5", "0"])
def test_unusable_columns_falls_back_to_80_without_a_terminal(
    clean_env: pytest.MonkeyPatch, columns: str
) -> None:
    clean_env.setenv("COLUMNS", columns)

    def no_terminal(fd: int) -> os.terminal_size:
        raise OSError("not a terminal")

    clean_env.setattr(os, "get_terminal_size", no_terminal)
    assert terminal.width(io.StringIO()) == 80


def test_terminal_size_is_used_when_columns_is_unset(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setattr(os, "get_terminal_size", lambda fd: os.terminal_size((72, 30)))
    assert terminal.width(io.StringIO()) == 72


def test_a_dumb_terminal_is_80_wide(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("TERM", "dumb")
    clean_env.setattr(os, "get_terminal_size", lambda fd: os.terminal_size((132, 30)))
    assert terminal.width(_Tty()) == 80


@pytest.mark.parametrize(
    ("env", "stream", "expected"),
    [
        ({}, _Tty(), True),
        ({}, io.StringIO(), False),
        ({}, _Closed(), False),
        ({"NO_COLOR": "1"}, _Tty(), False),
        ({"TERM": "dumb"}, _Tty(), False),
        ({"TERM": "unknown"}, _Tty(), False),
        ({"FORCE_COLOR": "1"}, io.StringIO(), True),
        ({"FORCE_COLOR": ""}, _Tty(), False),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, io.StringIO(), False),
        ({"TTY_COMPATIBLE": "1"}, io.StringIO(), True),
        ({"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"}, _Tty(), False),
    ],
)
def test_styles_only_where_wanted(
    clean_env: pytest.MonkeyPatch, env: dict[str, str], stream: io.StringIO, expected: bool
) -> None:
    for name, value in env.items():
        clean_env.setenv(name, value)
    assert terminal.styled(stream) is expected


def test_rich_console_follows_the_same_rules(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("COLUMNS", "64")
    clean_env.setenv("FORCE_COLOR", "1")
    console = make_console()
    assert console.width == 64
    assert console.is_terminal
    assert console.color_system is not None
    clean_env.setenv("NO_COLOR", "1")
    assert make_console().color_system is None
