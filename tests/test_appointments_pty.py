"""Appointments in a real pseudo-terminal: cancelling and adding a past day ask first,
"no" changes nothing, and a narrow terminal still shows every part of a line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from helpers import run_partnercare, spawn_partnercare

pexpect: Any = pytest.importorskip("pexpect")

pytestmark = [pytest.mark.slow, pytest.mark.timeout(60)]


def _statuses(home: Path) -> list[str]:
    listed = json.loads(run_partnercare(home, "appointments", "--all", "--json"))
    return [item["status"] for item in listed]


def _answer(home: Path, answer: str, *args: str) -> str:
    child = spawn_partnercare(home, "appointments", *args, dimensions=(24, 100))
    child.expect(r"\?")
    child.send(answer)
    child.expect(pexpect.EOF)
    child.close()
    output: str = child.before
    return output


def test_cancel_asks_and_no_keeps_it(isolated_home: Path) -> None:
    run_partnercare(isolated_home, "appointments", "add", "in 3 days 10:00", "--kind", "infusion")
    _answer(isolated_home, "n", "cancel", "1")
    assert _statuses(isolated_home) == ["upcoming"]
    _answer(isolated_home, "y", "cancel", "1")
    assert _statuses(isolated_home) == ["cancelled"]


def test_a_past_day_asks_before_it_is_added(isolated_home: Path) -> None:
    run_partnercare(isolated_home, "appointments")
    shown = _answer(isolated_home, "n", "add", "yesterday 10:00", "--kind", "infusion")
    assert "in the past" in shown
    assert _statuses(isolated_home) == []
    _answer(isolated_home, "y", "add", "yesterday 10:00", "--kind", "infusion")
    assert _statuses(isolated_home) == ["missed"]


def test_a_narrow_terminal_keeps_every_detail(isolated_home: Path) -> None:
    run_partnercare(
        isolated_home, "appointments", "add", "in 2 days 10:00", "--repeat", "2", "--every",
        "3d", "--where", "Riverside Clinic, 2nd floor", "--going", "--driver", "Alex",
    )  # fmt: skip
    child = spawn_partnercare(isolated_home, "appointments", dimensions=(30, 44), NO_COLOR="1")
    child.expect(pexpect.EOF)
    shown = " ".join(child.before.split())
    assert "Infusion 2 of 2" in shown
    assert "Riverside" in shown and "Alex drives home" in shown
    assert all(len(line) <= 44 for line in child.before.replace("\r", "").split("\n"))
