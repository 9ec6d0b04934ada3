"""What standard output is: how wide, and whether it takes colour and styles.

Both renderers ask here (rich's console in `render.screen.make_console`, and
the one-tip view in `render.tip_plain`), so they always agree about the terminal they
write to. The rules are rich's own: COLUMNS wins, else the size of the first
of stdin, stdout and stderr that is a terminal, else 80; styles only on a
terminal, never with NO_COLOR or on TERM=dumb; TTY_COMPATIBLE and
FORCE_COLOR override the terminal check.
"""

from __future__ import annotations

import os
from typing import TextIO

# Wider lines are hard to read, even on a wide terminal.
MAX_WIDTH = 100


def dumb() -> bool:
    """TERM says the terminal cannot show colour or move the cursor."""
    return os.environ.get("TERM", "").lower() in ("dumb", "unknown")


def width(stream: TextIO) -> int:
    """Columns to lay text out in, at most MAX_WIDTH."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isascii() and columns.isdigit():
        found = int(columns)
    elif dumb() and _isatty(stream):
        found = 80
    else:
        found = 0
        for fd in (0, 1, 2):
            try:
                found = os.get_terminal_size(fd).columns
            except (OSError, ValueError):
                continue
            break
    return min(found or 80, MAX_WIDTH)


def styled(stream: TextIO) -> bool:
    """Whether to write colour and bold to stream: only to a terminal that wants them."""
    environ = os.environ
    if environ.get("NO_COLOR") or dumb():
        return False
    compatible = environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = environ.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    return _isatty(stream)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False
