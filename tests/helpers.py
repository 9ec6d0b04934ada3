"""Helpers shared by test modules: a real terminal's environment, and rich's reference rendering."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console, RenderableType

if TYPE_CHECKING:
    import pexpect

    from partnercare.models import Appointment

# Every required answer in the middle of its scale, and no worry: what Enter gives
# on each question of the interactive check-in.
MIDDLE_ANSWERS: dict[str, object] = {
    "partner_mood": 3,
    "communication": 3,
    "mood": 3,
    "stress": 3,
    "sleep": 3,
    "safety": "no",
}


def terminal_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a colour terminal of its own size, with home as the data directory."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES")}
    # Nobody answers the cursor-position request in a pty from pexpect; a terminal would.
    return {
        **env,
        "PARTNERCARE_HOME": str(home),
        "TERM": "xterm-256color",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        **extra,
    }


def spawn_partnercare(
    home: Path,
    *args: str,
    timeout: int = 15,
    dimensions: tuple[int, int] = (24, 80),
    **env: str,
) -> pexpect.spawn:
    """`python -m partnercare ARGS` in a real pseudo-terminal of the given (rows, cols)."""
    import pexpect

    return pexpect.spawn(
        sys.executable,
        ["-m", "partnercare", *args],
        env=terminal_env(home, **env),
        encoding="utf-8",
        timeout=timeout,
        dimensions=dimensions,
    )


def run_partnercare(home: Path, *args: str) -> str:
    """Run `python -m partnercare ARGS` to completion, without a terminal; its stdout."""
    result = subprocess.run(
        [sys.executable, "-m", "partnercare", *args],
        env=terminal_env(home),
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return result.stdout


def rich_text(renderable: RenderableType, *, width: int, styled: bool) -> str:
    """What rich prints for renderable at width, plain or with standard colours."""
    out = io.StringIO()
    console = Console(
        file=out,
        width=width,
        force_terminal=styled,
        color_system="standard" if styled else None,
        highlight=False,
        emoji=False,
        markup=False,
    )
    console.print(renderable)
    if styled:
        return out.getvalue()
    # as cli/output.show prints plain text: without the spaces rich pads lines with
    return "\n".join(line.rstrip() for line in out.getvalue().split("\n"))


def stored_appointment(**fields: Any) -> Appointment:
    """An appointment as the store returns it: a therapy session at 10:00 on
    1 December 2026, planned, nothing else said; `fields` change any of that."""
    from partnercare.models import Appointment

    base = Appointment(
        id=1,
        uuid="0f0e4a52-8f6c-4c8e-9a55-3a2b1c0d9e8f",
        kind="therapy",
        day=date(2026, 12, 1),
        at=time(10, 0),
        title="",
        where="",
        note="",
        going=None,
        driver="",
        state="planned",
        series=None,
        series_uuid=None,
        ical_uid=None,
        sequence=0,
        created_at="2026-11-01T10:00:00+01:00",
        updated_at="2026-11-01T10:00:00+01:00",
    )
    return base._replace(**fields)


#: A raw SQLCipher key made by hand (deriving one from a passphrase takes ~0.3 s); its
#: salt is not text, as no real one is (store.cipher.encrypted tells them apart so).
TEST_KEY_HEX = bytes(range(32)).hex() + bytes(range(200, 216)).hex()


def raw_connect(db: Path) -> Any:
    """A DB-API connection to a journal file for a test to change by hand: sqlite3
    for a plain one, sqlcipher3 with the test key for an encrypted one."""
    import sqlite3

    from partnercare.store import cipher

    if not cipher.encrypted(db):
        return sqlite3.connect(db)
    key = cipher.parse_key(TEST_KEY_HEX)
    assert key is not None
    conn = cipher.driver().connect(str(db))
    cipher.apply(conn, key)
    return conn
