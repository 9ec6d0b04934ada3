"""The Markdown export (render/markdown.py), from hand-made entries."""

from __future__ import annotations

from datetime import date

from partnercare.models import Entry
from partnercare.render import markdown


def _entry(day: date, text: str, **changes: object) -> Entry:
    entry = Entry(
        id=1,
        uuid="u",
        kind="note",
        day=day,
        created_at="2026-11-01T09:30:00+00:00",
        updated_at="2026-11-01T09:30:00+00:00",
        text=text,
        starred=False,
        tags=(),
        data=None,
    )
    return entry._replace(**changes)  # type: ignore[arg-type]


def test_a_heading_per_day_and_per_entry() -> None:
    entries = [
        _entry(date(2026, 11, 1), "a"),
        _entry(date(2026, 11, 1), "b", starred=True, tags=("x", "y")),
        _entry(date(2026, 11, 2), "c", created_at="not a time"),
    ]
    assert "".join(markdown.journal(entries)) == (
        "# partnercare journal\n"
        "\n## Sunday 1 November 2026\n"
        "\n### Note · 09:30\n\na\n"
        "\n### Note · 09:30 · ★ · #x #y\n\nb\n"
        "\n## Monday 2 November 2026\n"
        "\n### Note\n\nc\n"
    )


def test_a_checkin_has_its_summary_in_italics() -> None:
    entry = _entry(date(2026, 11, 1), "", kind="checkin", data={"mood": 4, "stress": 2})
    text = "".join(markdown.journal([entry]))
    assert "### Check-in · 09:30\n\n*" in text


def test_no_entries_is_the_title_alone() -> None:
    assert "".join(markdown.journal([])) == "# partnercare journal\n"
