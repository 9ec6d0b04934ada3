"""Content checks for src/partnercare/content/tips.toml.

Pure data tests: the TOML is loaded directly with tomllib, nothing is imported
from partnercare. The overlap test compares against the source article in
shared/seed/, which lives beside the repository checkout; it is skipped when
that file is not available.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

TIPS_PATH = Path(__file__).parent.parent / "src/partnercare/content/tips.toml"
SOURCE_PATH = Path(__file__).resolve().parents[2] / "shared/seed/supporting-a-partner.txt"

NGRAM = 8
TIP_TEXT_FIELDS = ("title", "summary", "body", "try_today")
TIP_FIELDS = ("number", "slug", "title", "summary", "body", "try_today", "keywords")
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
KEYWORD_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def _load() -> dict[str, Any]:
    with TIPS_PATH.open("rb") as fh:
        return tomllib.load(fh)


DATA = _load()
TIPS = DATA.get("tip", [])
TIP_NUMBERS = list(range(1, 11))


def _tip(number: int) -> dict[str, Any]:
    matches = [t for t in TIPS if t.get("number") == number]
    assert len(matches) == 1, f"expected exactly one tip numbered {number}"
    tip: dict[str, Any] = matches[0]
    return tip


def words(text: str) -> list[str]:
    """Lowercase, unify apostrophes, split on non-word characters.

    Apostrophes inside words are kept ("partner's" stays one word); every other
    non-alphanumeric character, hyphens included, separates words.
    """
    return WORD_RE.findall(text.lower().translate(APOSTROPHES))


def ngrams(text: str, n: int = NGRAM) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}


def _all_text_fields() -> list[tuple[str, str]]:
    """(label, text) for every human-readable text field in the file."""
    fields = [("closing", DATA.get("closing", "")), ("disclaimer", DATA.get("disclaimer", ""))]
    for tip in TIPS:
        for name in TIP_TEXT_FIELDS:
            fields.append((f"tip {tip.get('number')} {name}", tip.get(name, "")))
        fields.append((f"tip {tip.get('number')} keywords", " ".join(tip.get("keywords", []))))
    return fields


TEXT_FIELDS = _all_text_fields()


# --- structure ---------------------------------------------------------------


def test_ten_tips_in_order() -> None:
    assert [t.get("number") for t in TIPS] == TIP_NUMBERS


def test_slugs_unique() -> None:
    slugs = [t.get("slug") for t in TIPS]
    assert len(slugs) == len(set(slugs)), f"duplicate slugs: {slugs}"


@pytest.mark.parametrize("number", TIP_NUMBERS)
def test_tip_fields_present_and_non_empty(number: int) -> None:
    tip = _tip(number)
    for name in TIP_FIELDS:
        assert name in tip, f"tip {number} is missing {name!r}"
        value = tip[name]
        if isinstance(value, str):
            assert value.strip(), f"tip {number} has an empty {name!r}"
        elif isinstance(value, list):
            assert value, f"tip {number} has an empty {name!r}"
    for name in ("slug", "title", "summary", "body", "try_today"):
        assert isinstance(tip[name], str), f"tip {number} {name!r} must be a string"
    assert isinstance(tip["number"], int)


@pytest.mark.parametrize("number", TIP_NUMBERS)
def test_slug_format(number: int) -> None:
    slug = _tip(number)["slug"]
    assert SLUG_RE.match(slug), f"bad slug {slug!r}"
    assert 2 <= len(slug.split("-")) <= 5, f"slug {slug!r} should be 2-5 words"


@pytest.mark.parametrize("number", TIP_NUMBERS)
def test_title_and_summary_lengths(number: int) -> None:
    tip = _tip(number)
    assert "\n" not in tip["title"] and len(tip["title"]) <= 40, tip["title"]
    summary = tip["summary"]
    assert "\n" not in summary and "\r" not in summary, f"tip {number} summary is not one line"
    assert len(summary) <= 72, f"tip {number} summary is {len(summary)} chars: {summary!r}"


@pytest.mark.parametrize("number", TIP_NUMBERS)
def test_try_today_is_one_short_line(number: int) -> None:
    text = _tip(number)["try_today"]
    assert "\n" not in text, f"tip {number} try_today is not one line"
    assert len(text) <= 140, f"tip {number} try_today is {len(text)} chars"


@pytest.mark.parametrize("number", TIP_NUMBERS)
def test_body_shape(number: int) -> None:
    body = _tip(number)["body"].strip()
    assert "\n\n\n" not in body, f"tip {number}: paragraphs must be separated by one blank line"
    paragraphs = body.split("\n\n")
    assert 2 <= len(paragraphs) <= 4, f"tip {number} has {len(paragraphs)} paragraphs"
    assert all(p.strip() for p in paragraphs)
    count = len(body.split())
    assert 80 <= count <= 220, f"tip {number} body has {count} words"


@pytest.mark.parametrize("number", TIP_NUMBERS)
def test_keywords(number: int) -> None:
    keywords = _tip(number)["keywords"]
    assert isinstance(keywords, list)
    assert 3 <= len(keywords) <= 8, f"tip {number} has {len(keywords)} keywords"
    assert len(keywords) == len(set(keywords)), f"tip {number} has duplicate keywords"
    for kw in keywords:
        assert isinstance(kw, str) and KEYWORD_RE.match(kw), f"tip {number} keyword {kw!r}"


def test_closing_and_disclaimer() -> None:
    closing = DATA.get("closing", "")
    disclaimer = DATA.get("disclaimer", "")
    assert isinstance(closing, str) and closing.strip()
    assert isinstance(disclaimer, str) and disclaimer.strip()
    assert "\n" not in disclaimer and len(disclaimer) <= 110, disclaimer
    assert "not medical advice" in disclaimer.lower()
    for phrase in ("compassion", "patience", "not alone", "both of you"):
        assert phrase in closing.lower(), f"closing is missing {phrase!r}"


@pytest.mark.parametrize(("label", "text"), TEXT_FIELDS, ids=[f[0] for f in TEXT_FIELDS])
def test_no_markup_brackets(label: str, text: str) -> None:
    assert "[" not in text and "]" not in text, f"{label} contains markup brackets"


# --- originality ----------------------------------------------------------------


def test_normalisation() -> None:
    assert words("Partner\u2019s  Gut-Brain axis, isn't it?") == [
        "partner's",
        "gut",
        "brain",
        "axis",
        "isn't",
        "it",
    ]
    assert ngrams("a b c", 2) == {("a", "b"), ("b", "c")}


@pytest.fixture(scope="module")
def source_ngrams() -> set[tuple[str, ...]]:
    if not SOURCE_PATH.is_file():
        pytest.skip(f"source article not found at {SOURCE_PATH}")
    return ngrams(SOURCE_PATH.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("label", "text"), TEXT_FIELDS, ids=[f[0] for f in TEXT_FIELDS])
def test_no_eight_word_run_shared_with_source(
    label: str, text: str, source_ngrams: set[tuple[str, ...]]
) -> None:
    shared = sorted(ngrams(text) & source_ngrams)
    runs = ["'" + " ".join(g) + "'" for g in shared]
    assert not shared, f"{label} shares {NGRAM}-word runs with the source: " + "; ".join(runs)


# --- facts from the source --------------------------------------------------------

# Each entry: (tip number, required items). An item is a lowercase substring, or
# a tuple of alternatives of which at least one must appear in the tip's text.
REQUIRED_FACTS: list[tuple[int, list[str | tuple[str, ...]]]] = [
    (1, ["symptoms", ("trigger", "set them off"), "books", "websites", "professional"]),
    (
        2,
        [
            "therapy",
            ("counselling", "counseling"),
            "ketamine",
            "infusion",
            ("accompany", "go with", "come along"),
            ("not facing this by themselves", "not alone"),
            ("second listener", "two people"),
            ("introductory", "first infusion"),
            # infusion-day practicalities
            "ride home",
            ("not drive", "no driving"),
            ("next day", "night's sleep"),
            "alcohol",
            ("someone stays nearby", "someone nearby", "someone with them"),
            ("sleepy", "sleepiness"),
            ("dizzy", "dizziness"),
            "detached",
            "chest pain",
            ("trouble breathing", "difficulty breathing"),
            "hard to wake",
            "emergency",
            "instructions",
        ],
    ),
    (3, ["couple", "safe space", "professional", "pushed aside", "difficult"]),
    (
        4,
        [
            "morning",
            "evening",
            ("light", "daylight"),
            "body clock",
            "sleep",
            "walk",
            "yoga",
            "exercise",
            ("wind-down", "wind down"),
            "reading",
            "music",
            "meditat",
            "tea",
            "stretch",
            "tv",
            "scroll",
        ],
    ),
    (
        5,
        [
            "fruit",
            "vegetables",
            "whole grains",
            "gut-brain",
            "serotonin",
            ("does not cross into the brain", "doesn't cross into the brain"),
            ("researchers", "research"),
            ("fibre", "fiber"),
            "fermented",
            ("your own health", "your own long-term health"),
            "maoi",
            "tyramine",
            "prescriber",
        ],
    ),
    (
        6,
        [
            "hiking",
            "painting",
            "gardening",
            "music",
            ("normal life", "normality", "normalcy"),
            "start small",
            "park",
            ("crowd", "loud"),
            "overwhelm",
        ],
    ),
    (
        7,
        [
            "patience",
            "without judg",
            "trauma",
            ("words", "describe"),
            "studies",
            "imaging",
            "ptsd",
            "broca",
            "frontal lobe",
            "speech",
            "amygdala",
            "fight-or-flight",
            "own speed",
            "pressure",
        ],
    ),
    (
        8,
        [
            "decisions",
            "surprise",
            ("time together", "time to be together"),
            "give up",
            "nine",
            "tenth",
        ],
    ),
    (
        9,
        [
            "limits",
            ("as much care", "just as much", "equally"),
            "overwhelmed",
            ("caring for yourself", "care for yourself"),
            "friendships",
            "self-care",
            ("local support group", "support group near you"),
        ],
    ),
    (10, ["experiences", "advice", "emotional support", "peers", "friends", "allies", "weight"]),
]


def _tip_text(number: int) -> str:
    tip = _tip(number)
    return " ".join(str(tip[name]) for name in TIP_TEXT_FIELDS).lower()


def test_required_facts_table_covers_every_tip() -> None:
    assert [n for n, _ in REQUIRED_FACTS] == TIP_NUMBERS


@pytest.mark.parametrize(
    ("number", "required"), REQUIRED_FACTS, ids=[f"tip{n}" for n, _ in REQUIRED_FACTS]
)
def test_required_facts_present(number: int, required: list[str | tuple[str, ...]]) -> None:
    text = _tip_text(number)
    missing = []
    for item in required:
        options = item if isinstance(item, tuple) else (item,)
        if not any(opt in text for opt in options):
            missing.append(" or ".join(repr(o) for o in options))
    assert not missing, f"tip {number} is missing: {', '.join(missing)}"


# --- generic, non-clinic wording ----------------------------------------------------

FORBIDDEN = ["rivas", "contact us", "our patients", "dr.", "clinic's"]


@pytest.mark.parametrize("phrase", FORBIDDEN)
def test_nothing_clinic_specific(phrase: str) -> None:
    raw = TIPS_PATH.read_text(encoding="utf-8").lower()
    assert phrase not in raw, f"tips.toml contains clinic-specific text {phrase!r}"


@pytest.mark.parametrize(("label", "text"), TEXT_FIELDS, ids=[f[0] for f in TEXT_FIELDS])
def test_no_first_person_plural(label: str, text: str) -> None:
    found = {"we", "our", "ours", "us"} & set(words(text))
    assert not found, f"{label} speaks as 'we' ({sorted(found)}); address the reader as 'you'"


# --- claims deliberately dropped or softened ----------------------------------------

SENTENCE_RE = re.compile(r"(?<=[.!?])\s+")
MOOD_CLAIM_RE = re.compile(
    r"\b(shap|affect|set|control|regulat|influenc|driv|boost|lift|steady|steadies)\w*\b[^.]*\bmood"
)
NEGATIONS = ("not", "doesn't", "isn't", "never")


def _sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_RE.split(" ".join(text.lower().split())) if s]


def test_tip5_does_not_say_gut_serotonin_shapes_mood() -> None:
    """Gut serotonin does not cross into the brain; no sentence may tie it to mood."""
    for sentence in _sentences(_tip_text(5)):
        if "serotonin" not in sentence or not MOOD_CLAIM_RE.search(sentence):
            continue
        assert set(NEGATIONS) & set(words(sentence)), f"tip 5 ties serotonin to mood: {sentence!r}"


def test_tip5_no_autoimmune_claim() -> None:
    assert "autoimmun" not in _tip_text(5)


def test_tip7_broca_passage_is_framed_as_research() -> None:
    """The Broca's area account is what some imaging studies found, not settled fact."""
    body = _tip(7)["body"].lower()
    paragraphs = [p for p in body.split("\n\n") if "broca" in p]
    assert len(paragraphs) == 1, "tip 7 should discuss Broca's area in one paragraph"
    paragraph = paragraphs[0]
    assert "some" in words(paragraph) and "studies" in words(paragraph), paragraph
    assert set(words(paragraph)) & {"may", "might"}, "the explanation must be hedged"
    for settled in ("this can dampen", "this can inhibit", "which is governed by"):
        assert settled not in paragraph
