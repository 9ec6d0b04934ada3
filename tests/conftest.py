"""Shared fixtures: no test can touch a real home, and output is deterministic."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from time import tzset

import pytest
from typer.testing import CliRunner


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point PARTNERCARE_HOME (and XDG) at a fresh temporary directory for every test."""
    home = tmp_path / "partnercare-home"
    monkeypatch.setenv("PARTNERCARE_HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "40")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    return home


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def local_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Pin the machine's time zone for one test (TZ and tzset), and put it back after."""
    before = os.environ.get("TZ")

    def pin(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        tzset()

    yield pin
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    tzset()
