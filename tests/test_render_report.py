"""The report's three formats, drawn from one model: the same numbers in each, the
sections in order, hostile text shown as text in every format."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from partnercare import report, trends
from partnercare.render import html, markdown
from partnercare.render import json as shapes
from test_report import APPOINTMENTS, CHECKINS, UNTIL, WRITTEN, day, entry

HOSTILE = (
    "<script>alert(1)</script> [click](javascript:alert(1)) ![x](http://evil/x.png)\n"
    "# Not a heading\n- not a list\n1. not a list either\n| not | a | table |\n"
    "<img src=x onerror=alert(1)> &amp; \x1b[31mred\x1b[0m \u202eevil"
)


def make(*, include_notes: bool, extra: tuple[object, ...] = ()) -> report.Report:
    found = trends.build(day(1), UNTIL, CHECKINS, APPOINTMENTS, [(day(10), 48), (day(26), 64)])
    return report.build(
        found,
        [*WRITTEN, *extra],  # type: ignore[list-item]
        prepared=UNTIL,
        include_notes=include_notes,
        country="US",
    )


SECTIONS = [
    "Summary",
    "What you observed in your partner",
    "Your own wellbeing",
    "Routines and self-care",
    "Questions for the clinician",
    "Notes",
    "Method and limits",
]


def test_markdown_has_every_section_in_order_and_the_models_numbers() -> None:
    made = make(include_notes=False)
    text = markdown.report(made)
    headings = re.findall(r"^## (.+)$", text, re.M)
    assert headings == SECTIONS
    for line in report.summary_lines(made):
        assert f"- {line}" in text
    assert "| Mon 2 Nov 2026 | 3.0 | 4.0 |" in text  # a weekly average
    assert "- Tue 10 Nov 2026: 48, low wellbeing" in text
    assert "- Thu 26 Nov 2026: 64, not low; up 16 points since Tue 10 Nov 2026 (from 48)" in text
    assert "Is it normal that she sleeps so much the day after?" in text
    assert "A good walk today." not in text  # notes are left out by default
    assert report.NOTES_LEFT_OUT in text
    assert text.rstrip().endswith("Call or text 988.")


def test_html_has_every_section_in_order_and_the_same_numbers() -> None:
    made = make(include_notes=True)
    page = html.report(made)
    assert re.findall(r"<h2>(.+?)</h2>", page) == [s.replace("'", "&#x27;") for s in SECTIONS]
    for line in report.summary_lines(made):
        assert f"<li>{html._e(line)}</li>" in page
    assert '<td>Mon 2 Nov 2026</td><td class="n">3.0</td><td class="n">4.0</td>' in page
    assert "A good walk today." in page and "Felt calmer after the session." in page
    assert page.count("<svg") == 2 and page.count("<circle") == 18 + 18  # one per answer


def test_json_is_the_model_with_the_same_numbers() -> None:
    made = make(include_notes=False)
    data = json.loads(json.dumps(shapes.report(made)))
    assert data["summary"] == report.summary_lines(made)
    assert data["attendance"] == [{"kind": "infusion", "total": 6, "attended": 5, "accompanied": 4}]
    assert data["worried"] == ["2026-11-07", "2026-11-14"]
    assert data["notes"] is None
    assert data["questions"] == [{"date": "2026-11-03", "kind": "note", "text": WRITTEN[0].text}]
    assert data["trends"] == shapes.trends(made.trends)  # trends' numbers, not a copy
    assert data["crisis"]["emergency"] == "911"


def test_the_html_is_self_contained_and_inert() -> None:
    page = html.report(make(include_notes=True, extra=(entry(20, HOSTILE),)))
    assert (
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">" in page
    )
    lowered = page.lower()
    assert "<script" not in lowered and "javascript:" not in lowered.replace(
        "javascript:alert(1))", ""
    )
    # nothing loaded from anywhere: no src, no external href but the crisis directory
    # (the hostile note's "<img src=x" is text: &lt;img src=x)
    assert re.findall(r"<[a-z]+[^>]*\bsrc\s*=", page) == []
    assert re.findall(r'href="([^"]+)"', page) == ["https://findahelpline.com"]
    assert "@media print" in page and "break-inside: avoid" in page


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_hostile_text_is_text_in_html() -> None:
    page = html.report(make(include_notes=True, extra=(entry(20, HOSTILE, tags=("question",)),)))
    parsed = _Text()
    parsed.feed(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    shown = "".join(parsed.text)
    assert "<script>alert(1)</script>" in shown  # shown, as typed
    assert "\\x1b[31mred\\x1b[0m" in shown and "\\u202eevil" in shown  # controls visible
    assert "\x1b" not in page and "\u202e" not in page


def test_hostile_text_is_text_in_markdown() -> None:
    text = markdown.report(make(include_notes=True, extra=(entry(20, HOSTILE),)))
    item = text[text.index("**Fri 20 Nov 2026** (note)") :]
    assert "\\<script\\>alert(1)\\</script\\>" in item
    assert "\\[click\\](javascript:alert(1))" in item  # no link: the brackets are text
    assert "!\\[x\\](http:/\\/evil/x.png)" in item  # no image, and no automatic link
    assert "\n  \\# Not a heading" in item
    assert "\n  \\- not a list" in item and "\n  1\\. not a list either" in item
    assert "\\| not \\| a \\| table \\|" in item
    # controls made visible, and that backslash escaped too: it reads \x1b[31m
    assert "\\&amp;" in item and "\x1b" not in text and "\\\\x1b\\[31m" in item
    assert not re.search(r"^#+ Not a heading", text, re.M)


def test_json_keeps_the_text_exactly() -> None:
    data = shapes.report(make(include_notes=True, extra=(entry(20, HOSTILE),)))
    assert data["notes"][-1]["text"] == HOSTILE


def test_markdown_escape_keeps_plain_words_plain() -> None:
    assert markdown.escape("Sam's walk went well.") == "Sam's walk went well."
    assert markdown.escape("2 + 2 = 4, isn't it?") == "2 + 2 = 4, isn't it?"


def test_markdown_never_links_indents_or_keeps_carriage_returns() -> None:
    text = "see https://evil.example/a, www.example.com, a@b.c or mailto:x\r\n\r\n    <b>x</b>"
    escaped = markdown.escape(text)
    assert escaped == (
        "see https:/\\/evil.example/a, www\\.example.com, a\\@b.c or mailto\\:x\n\n\\<b\\>x\\</b\\>"
    )
    assert "\r" not in html._e("one\r\ntwo") and "\\x0d" not in html._e("one\r\ntwo")


def test_the_treatment_course_in_markdown_and_html() -> None:
    made = make(include_notes=False)
    rows = report.course_rows(made)
    assert rows[0] == ("Mon 2 Nov 2026", "Infusion 1 of 6", "went along", "3, 3, 3")
    assert rows[2] == ("Mon 9 Nov 2026", "Infusion 3 of 6", "did not go along", "3, 3, 3")
    # no check-in on the 12th; 14 Nov was "couldn't tell"
    assert ("Thu 12 Nov 2026", "Infusion 4 of 6", "not recorded", "-, 3, -") in rows
    text = markdown.report(made)
    assert "| Mon 2 Nov 2026 | Infusion 1 of 6 | went along | 3, 3, 3 |" in text
    page = html.report(made)
    assert "<td>Thu 12 Nov 2026</td><td>Infusion 4 of 6</td><td>not recorded</td>" in page
