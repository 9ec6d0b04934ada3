"""The one-tip view, laid out without rich: what `partnercare tips N` prints.

Reading a tip is the command people open most, and importing rich's console
costs about 17 ms, a third of what Typer itself costs to import
(bench/startup.py). This view needs only word wrapping, a two-space indent
and five text styles, so this module lays it out itself, exactly as
`render.screen.tip_full` does through rich: tests/test_render_tip_plain.py checks the two
agree byte for byte, for every tip, at every width, with and without styles.

Text this module cannot lay out exactly like rich (tabs, new lines, wide or
combining characters, a word longer than the line) gets None, and the
caller falls back to rich. So does styled output on Windows, where rich
knows how to style a console that does not take escape codes.
"""

from __future__ import annotations

import os
import re

from partnercare.tips import Tip

# SGR parameters, as rich writes them for these styles.
_PLAIN = ""
_BOLD = "1"
_DIM = "2"
_ITALIC = "3"
_CYAN = "36"
_BOLD_GREEN = "1;32"

Run = tuple[str, str]  # (text, SGR parameters)

# rich's definition of a word: the word and the spaces around it.
_WORD = re.compile(r"\s*\S+\s*")
# Anything but the space and characters one cell wide in every Unicode
# version: printable ASCII, Latin-1 and Latin Extended (no soft hyphen, no
# no-break space), and typographic dashes, quotes and ellipsis.
_UNMEASURED = re.compile(r"[^\x20-\x7e\u00a1-\u00ac\u00ae-\u02ff\u2010-\u2027\u2030-\u205e]")
_ACTION = "Try this today: "


def tip_text(
    tip: Tip,
    total: int,
    disclaimer: str,
    *,
    label: str | None,
    width: int,
    styled: bool,
) -> str | None:
    """The tip as render.screen.tip_full prints it at width, or None to leave it to rich."""
    if styled and os.name == "nt":
        return None
    blocks: list[list[Run]] = []
    if label:
        blocks.append([(label, _DIM)])
    blocks += [
        [(f"Tip {tip.number} of {total}", _CYAN), ("  ", _PLAIN), (tip.title, _BOLD)],
        [(tip.summary, _ITALIC)],
        [],
    ]
    for paragraph in tip.paragraphs:
        blocks += [[(paragraph, _PLAIN)], []]
    out: list[str] = []
    for runs in blocks:
        lines = _wrap(runs, width)
        if lines is None:
            return None
        out += [_sgr(line, styled) for line in lines]

    # "Try this today" is indented two spaces, and rich pads each of its
    # lines to the width of the block.
    inner = min(len(_ACTION) + len(tip.try_today) + 2, width) - 2
    lines = _wrap([(_ACTION, _BOLD_GREEN), (tip.try_today, _PLAIN)], inner)
    closing = _wrap([(disclaimer, _DIM)], width)
    if lines is None or closing is None:
        return None
    for line in lines:
        length = sum(len(text) for text, _ in line)
        out.append("  " + _sgr(line, styled) + " " * (inner - length))
    out.append("")
    out += [_sgr(line, styled) for line in closing]
    if not styled:  # as cli/output.show prints rich's plain text: no padding at line ends
        out = [line.rstrip() for line in out]
    return "\n".join(out) + "\n"


def _sgr(line: list[Run], styled: bool) -> str:
    if not styled:
        return "".join(text for text, _ in line)
    return "".join(f"\x1b[{code}m{text}\x1b[0m" if code else text for text, code in line)


def _wrap(runs: list[Run], width: int) -> list[list[Run]] | None:
    """Runs split into lines of at most width cells, breaking where rich breaks."""
    plain = "".join(text for text, _ in runs)
    if not plain:
        return [[]]
    if width < 1 or _UNMEASURED.search(plain):
        return None
    starts = [0]
    offset = 0  # cells used on the current line
    for match in _WORD.finditer(plain):
        word = match.group()
        length = len(word.rstrip())
        if length > width:
            return None  # rich would fold the word across lines
        if width - offset >= length:
            offset += len(word)
        elif offset and match.start():
            starts.append(match.start())
            offset = len(word)
    lines = []
    for start, end in zip(starts, [*starts[1:], len(plain)], strict=True):
        # Spaces that would run past the edge are dropped; the rest stay.
        excess = end - start - width
        if excess > 0:
            spaces = len(plain[start:end]) - len(plain[start:end].rstrip())
            end -= min(spaces, excess)
        lines.append(_slice(runs, start, end))
    return lines


def _slice(runs: list[Run], start: int, end: int) -> list[Run]:
    """The parts of runs between two offsets of their joined text."""
    result = []
    position = 0
    for text, code in runs:
        low, high = max(start, position), min(end, position + len(text))
        if low < high:
            result.append((text[low - position : high - position], code))
        position += len(text)
    return result
