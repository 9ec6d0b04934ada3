"""The one-tip view without rich prints exactly what rich prints, or steps aside."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import rich_text
from partnercare import terminal, tips
from partnercare.render.screen import tip_full
from partnercare.render.tip_plain import tip_text

CONTENT = tips.content()
LABELS = (None, "Tip of the day", "Next unread tip")


def _rich(tip: tips.Tip, *, label: str | None, width: int, styled: bool) -> str:
    rendered = tip_full(tip, len(CONTENT.tips), CONTENT.disclaimer, label=label)
    return rich_text(rendered, width=width, styled=styled)


def _light(tip: tips.Tip, *, label: str | None, width: int, styled: bool) -> str | None:
    return tip_text(
        tip, len(CONTENT.tips), CONTENT.disclaimer, label=label, width=width, styled=styled
    )


@pytest.mark.parametrize("tip", CONTENT.tips, ids=lambda t: t.slug)
@pytest.mark.parametrize("styled", [False, True], ids=["plain", "styled"])
def test_every_shipped_tip_matches_rich_at_every_width(tip: tips.Tip, styled: bool) -> None:
    for width, label in itertools.product(range(24, terminal.MAX_WIDTH + 1), LABELS):
        expected = _rich(tip, label=label, width=width, styled=styled)
        assert _light(tip, label=label, width=width, styled=styled) == expected, (width, label)


def test_shipped_tips_never_need_rich_at_usual_widths() -> None:
    # If a content edit adds a character the view cannot measure, reading a
    # tip silently gets slower; this says so instead.
    for tip, width in itertools.product(CONTENT.tips, (40, 80, terminal.MAX_WIDTH)):
        assert _light(tip, label=None, width=width, styled=True) is not None, (tip.slug, width)


def test_styles_are_the_ones_rich_writes() -> None:
    text = _light(CONTENT.tips[2], label="Tip of the day", width=80, styled=True)
    assert text is not None
    assert text.startswith("\x1b[2mTip of the day\x1b[0m\n\x1b[36mTip 3 of 10\x1b[0m  \x1b[1m")
    assert "  \x1b[1;32mTry this today: \x1b[0m" in text


def test_plain_output_has_no_escape_codes() -> None:
    text = _light(CONTENT.tips[0], label=None, width=80, styled=False)
    assert text is not None
    assert "\x1b" not in text
    assert all(len(line) <= 80 for line in text.splitlines())


WORDS = st.text(alphabet=st.sampled_from("abcdefghij,.'’–—éü?!()"), min_size=1, max_size=14)
PROSE = st.lists(WORDS, min_size=1, max_size=40).map(" ".join)


@given(
    title=PROSE,
    summary=PROSE,
    body=st.lists(PROSE, min_size=1, max_size=3).map("\n\n".join),
    action=PROSE,
    width=st.integers(min_value=1, max_value=120),
    styled=st.booleans(),
)
def test_any_narrow_text_matches_rich_or_is_left_to_it(
    title: str, summary: str, body: str, action: str, width: int, styled: bool
) -> None:
    tip = CONTENT.tips[0]._replace(title=title, summary=summary, body=body, try_today=action)
    light = _light(tip, label=None, width=width, styled=styled)
    if light is not None:
        assert light == _rich(tip, label=None, width=width, styled=styled)


@pytest.mark.parametrize(
    "title",
    ["Wide 漢字 title", "Emoji 🙂 title", "tab\there", "e\u0301 combining", "no\u00a0break"],
)
def test_text_it_cannot_measure_is_left_to_rich(title: str) -> None:
    tip = CONTENT.tips[0]._replace(title=title)
    assert _light(tip, label=None, width=80, styled=False) is None


def test_a_word_longer_than_the_line_is_left_to_rich() -> None:
    assert _light(CONTENT.tips[0], label=None, width=8, styled=False) is None


def test_styled_output_on_windows_is_left_to_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    # An older Windows console shows escape codes as text; rich knows how to style it.
    monkeypatch.setattr("partnercare.render.tip_plain.os.name", "nt")
    assert _light(CONTENT.tips[0], label=None, width=80, styled=True) is None
    assert _light(CONTENT.tips[0], label=None, width=80, styled=False) is not None
