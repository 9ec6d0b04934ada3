"""The ten tips: loading, the tip of the day, lookup and search. Pure: no I/O but the data file."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from partnercare.errors import NotFoundError

if TYPE_CHECKING:
    import random

    from partnercare.store import Store


# NamedTuple rather than frozen dataclasses: as immutable, and a third of the
# cost to define, which every `partnercare tips N` pays at start-up.


class Tip(NamedTuple):
    number: int
    slug: str
    title: str
    summary: str
    body: str
    try_today: str
    keywords: tuple[str, ...] = ()

    @property
    def paragraphs(self) -> list[str]:
        return [" ".join(p.split()) for p in self.body.strip().split("\n\n") if p.strip()]


class Content(NamedTuple):
    tips: tuple[Tip, ...]
    closing: str
    disclaimer: str


@cache
def content() -> Content:
    # A plain path, not importlib.resources: the package is always installed as files,
    # and this is on the start-up path of every command.
    raw = (Path(__file__).parent / "content" / "tips.toml").read_text("utf-8")
    data = tomllib.loads(raw)
    tips = tuple(
        Tip(
            number=int(t["number"]),
            slug=str(t["slug"]),
            title=str(t["title"]),
            summary=str(t["summary"]),
            body=str(t["body"]),
            try_today=str(t["try_today"]),
            keywords=tuple(t.get("keywords", ())),
        )
        for t in data["tip"]
    )
    return Content(tips=tips, closing=str(data["closing"]), disclaimer=str(data["disclaimer"]))


def all_tips() -> tuple[Tip, ...]:
    return content().tips


def find(ref: str) -> Tip:
    """A tip by number ("3") or slug ("couples-therapy"), or a one-line NotFoundError."""
    tips = all_tips()
    key = ref.strip().lower()
    is_number = key.isascii() and key.isdigit()
    # A number of thousands of digits is no tip (and int() refuses over 4,300 digits).
    if is_number and len(key) < 10:
        for tip in tips:
            if tip.number == int(key):
                return tip
    for tip in tips:
        if tip.slug == key:
            return tip
    prefixed = [tip for tip in tips if key and tip.slug.startswith(key)]
    if len(prefixed) == 1:
        return prefixed[0]
    hint = (
        ""
        if is_number or not key
        else f"; to search, use: partnercare tips --search {ref.strip()!r}"
    )
    shown = ref.strip() if len(ref.strip()) <= 40 else ref.strip()[:40] + "…"
    raise NotFoundError(
        f"no tip {shown!r}: choose a number from 1 to {len(tips)} "
        f"('partnercare tips' lists them){hint}"
    )


def of_the_day(today: date) -> Tip:
    """Same tip all day, the next one tomorrow: walks through all ten in turn."""
    tips = all_tips()
    return tips[today.toordinal() % len(tips)]


def pick_random(rng: random.Random | None = None) -> Tip:
    import random

    return (rng or random.Random()).choice(all_tips())


def read_marks(store: Store) -> dict[int, str]:
    """Tip number -> when it was first read (ISO timestamp)."""
    from partnercare.store import tip_reads

    return tip_reads.first_reads(store)


def mark_read(store: Store, number: int, when: str) -> None:
    from partnercare.store import tip_reads

    tip_reads.mark(store, number, when)


def first_unread(read: set[int]) -> Tip | None:
    return next((tip for tip in all_tips() if tip.number not in read), None)


# -- search ------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "do",
        "for",
        "from",
        "how",
        "i",
        "if",
        "in",
        "is",
        "it",
        "me",
        "my",
        "of",
        "on",
        "or",
        "so",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "we",
        "what",
        "when",
        "with",
        "you",
        "your",
    ]
)
_FIELD_WEIGHTS = (("title", 5.0), ("keywords", 4.0), ("summary", 3.0), ("try_today", 1.5))


class Match(NamedTuple):
    tip: Tip
    score: float
    passage: str
    terms: tuple[str, ...]


def _stem(word: str) -> str:
    """A light stemmer: enough that "walking", "walks" and "walk" meet."""
    for suffix in ("ing", "ies", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def query_terms(query: str) -> tuple[str, ...]:
    words = _WORD.findall(query.lower())
    stems = [_stem(w) for w in words if w not in _STOP]
    return tuple(dict.fromkeys(s for s in stems if s))


def _matches(word: str, term: str) -> bool:
    """Prefix match for real words; short fragments ("x", "hi") must match whole words."""
    return word.startswith(term) if len(term) >= 4 else _stem(word) == term


def _hits(text: str, terms: tuple[str, ...]) -> int:
    return sum(1 for w in _WORD.findall(text.lower()) for t in terms if _matches(w, t))


def _sentences(tip: Tip) -> list[str]:
    text = " ".join([*tip.paragraphs, tip.try_today])
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def search(query: str) -> list[Match]:
    """Tips that share words with the query, best first, with their best passage.

    Words are matched by prefix of a light stem, so "walk" finds "walking".
    A query of words that match nothing gives an empty list.
    """
    terms = query_terms(query)
    if not terms:
        return []
    matches: list[Match] = []
    for tip in all_tips():
        fields = {
            "title": tip.title,
            "keywords": " ".join(tip.keywords),
            "summary": tip.summary,
            "try_today": tip.try_today,
        }
        score = sum(_hits(fields[name], terms) * weight for name, weight in _FIELD_WEIGHTS)
        score += _hits(tip.body, terms)
        if score == 0:
            continue
        # A tip that covers more of the query's words ranks above one that repeats one word.
        covered = sum(1 for t in terms if _hits(" ".join([*fields.values(), tip.body]), (t,)))
        score *= covered
        passage = max(_sentences(tip), key=lambda s: _hits(s, terms), default=tip.summary)
        if _hits(passage, terms) == 0:
            passage = tip.summary
        matches.append(Match(tip=tip, score=score, passage=passage, terms=terms))
    matches.sort(key=lambda m: (-m.score, m.tip.number))
    return matches


def term_spans(text: str, terms: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where the query's words occur in text, for highlighting."""
    spans = []
    for m in _WORD.finditer(text.lower()):
        if any(_matches(m.group(), t) for t in terms):
            spans.append((m.start(), m.end()))
    return spans
