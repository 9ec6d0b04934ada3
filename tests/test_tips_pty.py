"""Reading a tip in a real pseudo-terminal: styled, sized to it, as rich would print it."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from helpers import rich_text, run_partnercare, terminal_env
from partnercare import tips
from partnercare.render.screen import tip_full

pexpect: Any = pytest.importorskip("pexpect")

pytestmark = [pytest.mark.slow, pytest.mark.timeout(60)]


def _in_terminal(home: Path, columns: int, **extra: str) -> str:
    # Create the database first, so the one-time welcome (stderr) stays out of the screen.
    run_partnercare(home, "tips")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "partnercare", "tips", "3"],
        env=terminal_env(home, **extra),
        encoding="utf-8",
        timeout=15,
        dimensions=(24, columns),
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    output: str = child.before
    return output.replace("\r\n", "\n")


def _rich_styled(width: int) -> str:
    content = tips.content()
    tip = tip_full(content.tips[2], len(content.tips), content.disclaimer)
    return rich_text(tip, width=width, styled=True)


@pytest.mark.parametrize("columns", [60, 80])
def test_a_tip_in_a_terminal_is_styled_and_fits_it(isolated_home: Path, columns: int) -> None:
    screen = _in_terminal(isolated_home, columns)
    assert screen.startswith("\x1b[36mTip 3 of 10\x1b[0m  \x1b[1mConsider couples therapy")
    assert screen == _rich_styled(columns)


def test_no_color_in_a_terminal_means_no_escape_codes(isolated_home: Path) -> None:
    screen = _in_terminal(isolated_home, 80, NO_COLOR="1")
    assert "\x1b" not in screen
    assert screen.startswith("Tip 3 of 10  Consider couples therapy\n")


def test_reading_in_a_terminal_marks_the_tip_read(isolated_home: Path) -> None:
    _in_terminal(isolated_home, 80)
    listing = run_partnercare(isolated_home, "tips", "--json")
    read = {tip["number"]: tip["read"] for tip in json.loads(listing)}
    assert read[3] is True
    assert not any(read[n] for n in read if n != 3)
