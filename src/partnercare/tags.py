"""The one tag rule, for notes, check-ins and imports alike (pure).

A tag is one word of letters, digits, `-` and `_`, at most 40 characters. Tags
compare without regard to case and are kept and shown lowercased. When a tag
is typed, a leading `#` or `@` is dropped, spaces inside it become `-`, and
commas separate tags: `--tag "first infusion, Sleep"` is `first-infusion` and
`sleep`. Letters are any script's, with their combining marks (हिंदी, İstanbul).

Typed tags (`parse`) are strict: a character outside the rule is refused with a
message. Tags read from saved data or another tool's export (`coerce`) are
lenient: a tag the rule accepts is kept exactly, and otherwise each run of other
characters becomes `-`, so nothing is refused that was accepted before.
`coerce` is also what the schema step that brought old tags under this rule
used, and what a `--tag` filter uses, so an old spelling still finds its entries.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from partnercare.errors import InvalidInputError

MAX_LENGTH = 40
RULE = f"one word of letters, digits, - and _, at most {MAX_LENGTH} characters"

# Spaces and tabs inside a typed tag; a line break is refused, not joined.
_SPACES = re.compile(r"[^\S\n\r\v\f\x1c-\x1f\x85\u2028\u2029]+")
_DASHES = re.compile(r"-{2,}")


def _is_tag_char(char: str) -> bool:
    # Combining marks (category M) belong to the letter before them: Hindi vowel
    # signs, Thai tone marks, the dot that lowercasing İ adds.
    return char.isalnum() or char in "-_" or unicodedata.category(char).startswith("M")


def _follows_rule(tag: str) -> bool:
    return (
        0 < len(tag) <= MAX_LENGTH
        and all(_is_tag_char(c) for c in tag)
        and any(c.isalnum() for c in tag)
    )


def tidy(raw: str) -> str:
    """Trimmed, NFC, lowercased, leading # and @ dropped, inner spaces as `-`."""
    tag = unicodedata.normalize("NFC", raw).strip().lstrip("#@").strip().lower()
    return _SPACES.sub("-", tag)


def _shown(text: str) -> str:
    """What the user typed, quoted with escapes, and cut short if it is long."""
    return repr(text) if len(text) <= 40 else repr(text[:40]) + "…"


def _pieces(values: Iterable[str]) -> Iterable[str]:
    for value in values:
        yield from value.split(",")


class TagError(InvalidInputError):
    """A typed tag outside the rule; `short` says what is wrong in a few words, for
    the one line under the check-in's prompt."""

    def __init__(self, message: str, short: str) -> None:
        super().__init__(message)
        self.short = short


def parse(values: Iterable[object]) -> tuple[str, ...]:
    """Typed tags, each value split on commas, under the rule: once each, in order given.

    Empty pieces (`"a,,b"`, a trailing comma) are skipped. Raises InvalidInputError
    for a value that is not a string or holds no tag at all, or a tag outside the rule.
    """
    strings: list[str] = []
    for value in values:
        if not isinstance(value, str):
            raise InvalidInputError(f"a tag must be a string, not {_shown(str(value))}")
        strings.append(value)
    seen: dict[str, None] = {}
    for value in strings:
        found = False
        for piece in _pieces([value]):
            tag = tidy(piece)
            if not tag:
                continue
            bad = sorted({c for c in tag if not _is_tag_char(c)})
            if bad:
                shown = " ".join(repr(c) for c in bad[:5])
                raise TagError(
                    f"tag {_shown(piece.strip())} has {shown} in it; a tag is {RULE}, "
                    "like sleep or first-infusion",
                    short=f"a tag cannot hold {' '.join(bad[:5])} (only letters, digits, - and _)",
                )
            if not any(c.isalnum() for c in tag):
                raise TagError(
                    f"tag {_shown(piece.strip())} needs at least one letter or digit; "
                    f"a tag is {RULE}",
                    short="a tag needs a letter or a digit",
                )
            if len(tag) > MAX_LENGTH:
                raise TagError(
                    f"tag {_shown(piece.strip())} is longer than {MAX_LENGTH} characters",
                    short=f"a tag is at most {MAX_LENGTH} characters",
                )
            seen[tag] = None
            found = True
        if not found:
            raise InvalidInputError(
                f"a tag needs at least one letter or digit, not {_shown(value)}"
            )
    return tuple(seen)


@lru_cache(maxsize=4096)  # a journal has a few tag names, used many times
def coerce(raw: str) -> str:
    """A saved or imported tag brought under the rule without refusing it ("" if nothing is left).

    A tag that follows the rule is kept as it is. Otherwise each run of characters
    outside the rule becomes `-`, the ends lose their `-`, and it is cut to 40.
    """
    tag = tidy(raw)
    if _follows_rule(tag):
        return tag  # what a typed tag may be is kept exactly, so imports round-trip
    replaced = "".join(c if _is_tag_char(c) else "-" for c in tag)
    tag = _DASHES.sub("-", replaced).strip("-")[:MAX_LENGTH].rstrip("-")
    return tag if _follows_rule(tag) else ""


def coerce_all(values: Iterable[str]) -> tuple[str, ...]:
    """Saved or imported tags under the rule, split on commas, once each, in order."""
    seen: dict[str, None] = {}
    for piece in _pieces(values):
        tag = coerce(piece)
        if tag:
            seen[tag] = None
    return tuple(seen)


def for_filter(values: Iterable[str]) -> tuple[str, ...]:
    """Tags to filter by: typed, but read like saved ones, so `--tag "sam's"` finds
    what was saved as sam's before the rule (now `sam-s`). A value with no tag at
    all is refused, rather than silently filtering by nothing."""
    found: dict[str, None] = {}
    for value in values:
        tags = coerce_all([value])
        if not tags:
            raise InvalidInputError(
                f"a tag needs at least one letter or digit, not {_shown(value)}"
            )
        found.update(dict.fromkeys(tags))
    return tuple(found)
