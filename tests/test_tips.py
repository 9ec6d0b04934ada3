"""Pure tests of tips.py: lookup, tip of the day, first unread, search."""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnercare import tips
from partnercare.errors import NotFoundError, PartnercareError


def test_ten_tips_in_order() -> None:
    assert [t.number for t in tips.all_tips()] == list(range(1, 11))


@pytest.mark.parametrize("number", range(1, 11))
def test_find_by_number_and_slug(number: int) -> None:
    tip = tips.find(str(number))
    assert tip.number == number
    assert tips.find(tip.slug) is tip
    assert tips.find(f"  {tip.slug.upper()} ") is tip


def test_find_by_unique_slug_prefix() -> None:
    assert tips.find("know-your").number == 9


@pytest.mark.parametrize("ref", ["0", "11", "-1", "", "   ", "nope", "1.5", "999999999999"])
def test_unknown_tip_names_the_range(ref: str) -> None:
    with pytest.raises(NotFoundError, match="from 1 to 10"):
        tips.find(ref)


def test_tip_of_the_day_is_stable_within_a_day_and_changes_daily() -> None:
    day = date(2026, 11, 25)
    assert tips.of_the_day(day) is tips.of_the_day(day)
    seen = [tips.of_the_day(day + timedelta(days=i)).number for i in range(10)]
    assert sorted(seen) == list(range(1, 11))
    assert all(a != b for a, b in itertools.pairwise(seen))


def test_first_unread_walks_in_order() -> None:
    assert tips.first_unread(set()) is not None
    assert tips.first_unread({1, 2, 4}).number == 3  # type: ignore[union-attr]
    assert tips.first_unread(set(range(1, 11))) is None


def test_random_uses_the_given_generator() -> None:
    a = tips.pick_random(random.Random(7))
    b = tips.pick_random(random.Random(7))
    assert a is b


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("serotonin", 5),
        ("gut", 5),
        ("broca amygdala", 7),
        ("support group", 10),
        ("couples therapy", 3),
        ("morning light", 4),
        ("infusion", 2),
        ("invitation", 8),
        ("burnout overwhelmed", 9),
    ],
)
def test_search_ranks_the_obvious_tip_first(query: str, expected_first: int) -> None:
    results = tips.search(query)
    assert results, query
    assert results[0].tip.number == expected_first


def test_search_passage_contains_a_query_word() -> None:
    match = tips.search("serotonin")[0]
    assert "serotonin" in match.passage.lower()
    assert tips.term_spans(match.passage, match.terms)


@pytest.mark.parametrize(
    "query", ["xylophone", "qqqq zzzz", "", "   ", "the and of", "***", "x", "hi", "[/b]"]
)
def test_search_with_no_matching_words_is_empty(query: str) -> None:
    assert tips.search(query) == []


def test_search_stems_simple_word_forms() -> None:
    assert tips.search("walking")[0].tip.number in {4, 6}


def test_results_sorted_best_first() -> None:
    scores = [m.score for m in tips.search("partner sleep walk")]
    assert scores == sorted(scores, reverse=True)


@given(st.text())
def test_no_query_crashes_search(query: str) -> None:
    for match in tips.search(query):
        assert match.score > 0


@given(st.text())
def test_no_ref_crashes_find(ref: str) -> None:
    try:
        tip = tips.find(ref)
    except PartnercareError as exc:
        message = str(exc)
    else:
        message = ""
        assert 1 <= tip.number <= 10
    assert "\n" not in message


def test_a_number_of_thousands_of_digits_is_no_tip() -> None:
    with pytest.raises(NotFoundError) as raised:
        tips.find("9" * 5000)  # int() refuses over 4,300 digits: found by the fuzz test
    assert len(str(raised.value)) < 200
