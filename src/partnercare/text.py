"""Small pure helpers for text the user typed."""

from __future__ import annotations

import re

# What a terminal must not be given raw, each shown as a visible escape instead:
# - C0 controls except tab and newline, DEL, and C1 controls: these can move
#   the cursor, change colours or rewrite the terminal title;
# - bidi controls (U+061C, U+200E/F, U+202A-E, U+2066-9): they reorder what
#   follows, so a line can read differently from what it holds;
# - invisible characters (U+200B, U+2060-4, U+FEFF, U+180E), which hide text.
#   The joiners U+200C/U+200D are kept between two visible characters, where
#   emoji sequences and several scripts need them, and shown anywhere else.
# - lone surrogates, which cannot be written as UTF-8: Python holds each byte
#   of an argument that was not UTF-8 as one (U+DC80-U+DCFF), shown as that
#   byte, `\xff`.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"
    "\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
    "\ud800-\udfff]"
    "|(?<!\\S)[\u200c\u200d]|[\u200c\u200d](?!\\S)"
)


def neutralise(text: str) -> str:
    r"""Show unsafe characters as visible escapes (ESC becomes `\x1b`, U+202E
    `\u202e`), keep the rest."""
    return _UNSAFE.sub(lambda m: _escape(m.group()), text)


def neutralise_json(text: str) -> str:
    r"""JSON text with the same characters written as JSON escapes (`\u202e`):
    the same data, shown harmlessly on a terminal."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        code -= 0xDC00  # a byte that was not UTF-8, as Python's surrogateescape holds it
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_ESCAPED_BYTE = re.compile(r"\\udc([89a-f][0-9a-f])")


def shown_bytes(text: str) -> str:
    r"""Text where repr() wrote a byte that was not UTF-8 (`\udcff`) as that byte (`\xff`)."""
    return _ESCAPED_BYTE.sub(r"\\x\1", text) if "\\udc" in text else text


def one_line(text: str, width: int) -> str:
    """The first non-empty line of text, cut to width with an ellipsis."""
    for line in text.splitlines():
        if line.strip():
            line = line.strip()
            return line if len(line) <= width else line[: width - 1].rstrip() + "…"
    return ""
