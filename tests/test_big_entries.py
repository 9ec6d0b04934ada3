"""One entry's text is capped; an entry already too big is still shown and searched quickly."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from helpers import rich_text
from partnercare import journal
from partnercare.cli import app
from partnercare.errors import InvalidInputError
from partnercare.journal import MARKS, MAX_TEXT_BYTES
from partnercare.models import EntryFilter, new_entry
from partnercare.render.screen import _pieces, journal_entry
from partnercare.store import Store, entries
from partnercare.store.entries import SNIPPET_MAX_CHARS

# The store's tests run on a plain journal (sqlite3) and an encrypted one (sqlcipher3).
pytestmark = pytest.mark.usefixtures("both_drivers")

TOO_BIG = "a" * MAX_TEXT_BYTES + "b"
DAY = date(2026, 11, 1)


@pytest.fixture(autouse=True)
def journal_made() -> None:
    Store.open().close()  # past the first-run welcome, so stderr holds only what we test


def dump() -> list[tuple[object, ...]]:
    with Store.open() as store:
        return list(store.conn.execute("SELECT * FROM entries ORDER BY id"))


def refused(result: Result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "1 MB" in lines[0]
    return lines[0]


def test_add_of_a_text_over_1_mb_is_refused_and_says_the_limit(runner: CliRunner) -> None:
    refused(runner.invoke(app, ["journal", "add"], input=TOO_BIG))
    assert dump() == []
    exactly = runner.invoke(app, ["journal", "add"], input="é" * (MAX_TEXT_BYTES // 2))
    assert exactly.exit_code == 0, exactly.stderr


def test_edit_import_and_checkin_note_are_capped_alike(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(app, ["journal", "add", "small"]).exit_code == 0
    before = dump()
    source = tmp_path / "big.json"
    source.write_text(
        json.dumps(
            {
                "tags": {},
                "entries": [
                    {
                        "title": "t",
                        "body": TOO_BIG,
                        "date": "2026-11-01",
                        "time": "09:15",
                        "tags": [],
                        "starred": False,
                    }
                ],
            }
        )
    )
    refused(runner.invoke(app, ["journal", "import", str(source)]))
    answers = {"mood": 4, "stress": 2, "sleep": 3, "safety": "no", "note": TOO_BIG}
    result = runner.invoke(app, ["checkin", "--answers", "-"], input=json.dumps(answers))
    assert result.exit_code == 1 and "1 MB" in result.stderr
    with Store.open() as store, pytest.raises(InvalidInputError, match="1 MB"):
        journal.edit_text(store, 1, TOO_BIG)
    assert dump() == before


def _saved_as_before(text: str) -> None:
    """An entry written before the cap (straight into the store)."""
    with Store.open() as store:
        entries.add(store, new_entry("note", DAY, text))


def test_a_long_entry_gets_its_snippet_from_a_window_not_from_sqlite() -> None:
    long_text = "intro words. " * 100 + "we walked in the Morning light " * 10_000
    _saved_as_before("a short note: walked in the morning")
    _saved_as_before(long_text)
    with Store.open() as store:
        raw = entries.search(store, '"walked"', EntryFilter(), limit=None, marks=MARKS)
        snippets = {entry.text[:5]: snippet for entry, snippet in raw}
        assert snippets["intro"] is None  # SQLite's snippet() never ran on it
        assert snippets["a sho"] is not None
        hits = {
            hit.entry.text[:5]: hit.snippet
            for hit in journal.search(store, "walked", EntryFilter())
        }
    long_snippet = hits["intro"]
    assert len(long_snippet) < 200
    assert f"{MARKS[0]}walked{MARKS[1]}" in long_snippet
    assert long_snippet.startswith("…") and long_snippet.endswith("…")
    assert len(long_text) > SNIPPET_MAX_CHARS


@pytest.mark.parametrize(
    ("query", "marked"),
    [("MORNING", "Morning"), ("walk*", "walked"), ('"walked in"', "walked")],
)
def test_the_window_snippet_marks_the_query_words(query: str, marked: str) -> None:
    text = "x " * 5000 + "we walked in the Morning light " + "y " * 5000
    snippet = journal._long_snippet(text, query)
    assert f"{MARKS[0]}{marked}{MARKS[1]}" in snippet


def test_a_huge_entry_is_shown_in_pieces_and_loses_nothing() -> None:
    text = "line one\n\n" + "word " * 5000 + "\nlast line"
    pieces = _pieces(text)
    assert len(pieces) > 3 and all(len(piece) <= 8000 for piece in pieces)
    # Lines are kept; a long line is cut after a space, so nothing is lost.
    assert "\n".join(pieces).split() == text.split()
    assert "".join(pieces) == text.replace("\n", "")
    shown = rich_text(journal_entry(_entry(text)), width=80, styled=False)
    assert shown.split().count("word") == 5000 and "last line" in shown


def test_a_short_entry_is_shown_as_before() -> None:
    text = "one\ntwo  spaces\n\nthree"
    assert _pieces(text) == [text]


def _entry(text: str) -> journal.Entry:
    with Store.open() as store:
        entry_id = entries.add(store, new_entry("note", DAY, text))
        return journal.get(store, entry_id)
