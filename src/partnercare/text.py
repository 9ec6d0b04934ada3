"""Small pure helpers for text the user typed."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and C1 controls: these can move the
# cursor, change colours or rewrite the terminal title if printed raw.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def neutralise(text: str) -> str:
    r"""Show control characters as visible escapes (ESC becomes `\x1b`), keep the rest."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def one_line(text: str, width: int) -> str:
    """The first non-empty line of text, cut to width with an ellipsis."""
    for line in text.splitlines():
        if line.strip():
            line = line.strip()
            return line if len(line) <= width else line[: width - 1].rstrip() + "…"
    return ""
