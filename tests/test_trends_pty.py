"""`partnercare trends` in a real pseudo-terminal: colour where the terminal takes it,
none on TERM=dumb, and every line within the terminal's width."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from helpers import run_partnercare, spawn_partnercare

pexpect: Any = pytest.importorskip("pexpect")

pytestmark = [pytest.mark.slow, pytest.mark.timeout(90)]

_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _history(home: Path, tmp_path: Path) -> None:
    today = date.today()
    for back in range(10):
        answers = tmp_path / f"day{back}.json"
        given: dict[str, object] = {"partner_mood": 2 + back % 3, "mood": 3, "stress": 4}
        given["sleep"] = 3
        given |= {"safety": "no", "together": ["activity"] if back % 2 else []}
        answers.write_text(json.dumps(given))
        day = (today - timedelta(days=back)).isoformat()
        run_partnercare(home, "checkin", "--answers", str(answers), "--date", day)


def _shown(home: Path, columns: int, term: str = "xterm-256color") -> str:
    child = spawn_partnercare(home, "trends", dimensions=(60, columns), TERM=term)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    output: str = child.before
    return output


def test_colour_in_a_terminal_and_every_line_fits(isolated_home: Path, tmp_path: Path) -> None:
    _history(isolated_home, tmp_path)
    raw = _shown(isolated_home, 80)
    assert "\x1b[" in raw  # styled: bold labels, coloured bars
    plain = _ESCAPE.sub("", raw).replace("\r", "")
    lines = plain.split("\n")
    strip = next(line for line in lines if line.startswith("Partner mood   "))
    # oldest first, each day 2 + (days back mod 3): 2, 4, 3, 2, 4, 3, 2, 4, 3, 2
    assert strip.rstrip().endswith("▂▆▄▂▆▄▂▆▄▂")
    assert all(len(line.rstrip()) <= 80 for line in lines)


def test_a_dumb_terminal_gets_no_escapes(isolated_home: Path, tmp_path: Path) -> None:
    _history(isolated_home, tmp_path)
    raw = _shown(isolated_home, 50, term="dumb")
    assert "\x1b" not in raw
    assert "Partner mood" in raw and "a gap, not a zero" in " ".join(raw.split())
