"""Shared fixtures: no test can touch a real home, and output is deterministic."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from time import tzset

import pytest
from typer.testing import CliRunner

from helpers import TEST_KEY_HEX


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
    for name in (
        "PARTNERCARE_KEY",
        "PARTNERCARE_PASSPHRASE_COMMAND",
        "PARTNERCARE_NEW_PASSPHRASE_COMMAND",
    ):
        monkeypatch.delenv(name, raising=False)
    # The editor's notes of an encrypted journal go to memory: a folder of this test's.
    # (beside tmp_path, not in it: tests look at what tmp_path holds)
    run = tmp_path.with_name(tmp_path.name + "-run")
    run.mkdir(mode=0o700, exist_ok=True)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(run))
    from partnercare.cli import common

    common.forget_key()
    return home


@pytest.fixture(params=["sqlite3", "sqlcipher3"])
def both_drivers(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test against a plain journal (sqlite3) and an encrypted one (sqlcipher3).

    For sqlcipher3, every journal the test creates is encrypted with a test key
    (Store.open is given it for a new file or an encrypted one), and commands find
    the key in PARTNERCARE_KEY; a plain file a test writes by hand stays plain."""
    if request.param == "sqlcipher3":
        pytest.importorskip("sqlcipher3")
        from partnercare import paths
        from partnercare.store import Store, cipher

        key = cipher.parse_key(TEST_KEY_HEX)
        original = Store.open.__func__  # type: ignore[attr-defined]

        def open_encrypted(
            cls: type[Store], /, path: Path | None = None, **kwargs: object
        ) -> Store:
            target = path or paths.db_path()
            new = not target.exists() or target.stat().st_size == 0
            if kwargs.get("key") is None and (new or cipher.encrypted(target)):
                kwargs["key"] = key
            return original(cls, path, **kwargs)  # type: ignore[no-any-return]

        monkeypatch.setattr(Store, "open", classmethod(open_encrypted))
        monkeypatch.setenv("PARTNERCARE_KEY", TEST_KEY_HEX)
    return str(request.param)


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
