"""Deleting an entry in a real pseudo-terminal: it asks first, and "no" keeps the entry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from helpers import run_partnercare, spawn_partnercare

pexpect: Any = pytest.importorskip("pexpect")

pytestmark = [pytest.mark.slow, pytest.mark.timeout(60)]


def _ids(home: Path) -> list[int]:
    return [entry["id"] for entry in json.loads(run_partnercare(home, "journal", "list", "--json"))]


def _delete(home: Path, answer: str) -> str:
    child = spawn_partnercare(home, "journal", "delete", "1", dimensions=(24, 100))
    child.expect_exact("Delete entry 1 (")
    child.expect_exact("Slept badly, long talk at breakfast")
    child.send(answer)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    output: str = child.before
    return output


@pytest.fixture
def one_entry(isolated_home: Path) -> Path:
    run_partnercare(isolated_home, "journal", "add", "Slept badly, long talk at breakfast")
    assert _ids(isolated_home) == [1]
    return isolated_home


def test_enter_takes_the_safe_default_and_keeps_the_entry(one_entry: Path) -> None:
    output = _delete(one_entry, "\r")
    assert "Kept entry 1." in output
    assert _ids(one_entry) == [1]


def test_no_keeps_the_entry(one_entry: Path) -> None:
    assert "Kept entry 1." in _delete(one_entry, "n")
    assert _ids(one_entry) == [1]


def test_yes_deletes_it(one_entry: Path) -> None:
    assert "Deleted entry 1." in _delete(one_entry, "y")
    assert _ids(one_entry) == []


def test_ctrl_c_at_the_question_keeps_it_with_one_message(one_entry: Path) -> None:
    child = spawn_partnercare(one_entry, "journal", "delete", "1", dimensions=(24, 100))
    child.expect_exact("Slept badly, long talk at breakfast")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    after = child.before
    assert after.count("cancelled") == 1 and "Cancelled by user" not in after
    assert "Traceback" not in after
    assert _ids(one_entry) == [1]


def test_under_term_dumb_the_question_is_plain_text(one_entry: Path) -> None:
    child = spawn_partnercare(
        one_entry, "journal", "delete", "1", dimensions=(24, 100), TERM="dumb"
    )
    child.expect_exact("[y/N]")
    asked = child.before
    child.sendline("y")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "\x1b" not in asked + child.before
    assert "Deleted entry 1." in child.before
    assert _ids(one_entry) == []


def test_under_term_dumb_the_checkin_points_to_an_answers_file(isolated_home: Path) -> None:
    child = spawn_partnercare(isolated_home, "checkin", dimensions=(24, 100), TERM="dumb")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert "\x1b" not in child.before
    assert "TERM=dumb" in child.before and "--answers FILE" in child.before
