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


def load_json(raw: bytes, name: str, *, outcome: str) -> object:
    """The JSON document in raw (UTF-8, with or without a byte-order mark).

    Anything else is a one-line InvalidInputError naming the file and ending
    with outcome ("nothing saved"), so the user knows what did not happen.
    """
    import json

    from partnercare.errors import InvalidInputError

    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InvalidInputError(f"{name} is not UTF-8 text; {outcome}") from None
    except json.JSONDecodeError as error:
        raise InvalidInputError(
            f"{name} is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg}); {outcome}"
        ) from None
    except RecursionError:
        raise InvalidInputError(f"{name} is nested too deeply to read; {outcome}") from None
