"""Property tests: anything a user can type is stored and exported back byte-for-byte.

What "exactly" means, decided here and in journal.py: text given as an argument
(or imported) is stored exactly, whitespace and all. Text from an editor or a
pipe loses only its trailing line breaks (editors add one). Tags lose a
leading `#`/`@` and surrounding spaces and are unique ignoring case; a tag that
is already in that form comes back exactly. Only lone surrogates, which cannot
be UTF-8, are refused.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from partnercare import journal, journal_io, tags
from partnercare.cli import app
from partnercare.errors import InvalidInputError
from partnercare.models import EntryFilter
from partnercare.render import csv as render_csv
from partnercare.render import markdown
from partnercare.store import Store, entries

# The store's tests run on a plain journal (sqlite3) and an encrypted one (sqlcipher3).
pytestmark = pytest.mark.usefixtures("both_drivers")

# Any Unicode text that UTF-8 can hold (no lone surrogates), including NUL,
# escape sequences, markup, and emoji.
TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=300)
NOTE = TEXT.filter(lambda t: not journal.is_empty(t))


def _is_canonical_tag(tag: str) -> bool:
    try:
        return tags.parse([tag]) == (tag,)
    except InvalidInputError:
        return False


# Tags as the one rule keeps them: any letters or digits (any script), - and _.
TAG = st.text(
    alphabet=st.characters(categories=["Ll", "Lo", "Nd"], include_characters="-_"),
    min_size=1,
    max_size=20,
).filter(_is_canonical_tag)
TAGS = st.lists(TAG, max_size=5, unique_by=str.lower)
DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31))

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open() as opened:
        yield opened


@SETTINGS
@given(text=NOTE, tags=TAGS, day=DAYS, starred=st.booleans())
def test_any_text_and_tags_round_trip_through_store_and_json_export(
    store: Store, text: str, tags: list[str], day: date, starred: bool
) -> None:
    store.conn.execute("DELETE FROM entries")
    entry = journal.add(store, text=text, tags=tags, day=day, starred=starred)
    stored = journal.get(store, entry.id)
    assert stored.text == text
    assert list(stored.tags) == tags
    exported = "".join(journal_io.export_json(entries.oldest_first(store, EntryFilter())))
    back = json.loads(exported.encode("utf-8"))["entries"][0]
    assert back["text"].encode("utf-8") == text.encode("utf-8")
    assert back["tags"] == tags
    # ... and through import into an empty journal, exactly.
    store.conn.execute("DELETE FROM entries")
    _, parsed = journal_io.parse_import(exported.encode("utf-8"), source="x")
    assert entries.import_new(store, parsed) == (1, 0, 0)
    again = entries.newest(store, EntryFilter(), limit=None)[0]
    assert (again.text, list(again.tags), again.day, again.starred, again.uuid) == (
        text,
        tags,
        day,
        starred,
        entry.uuid,
    )


@SETTINGS
@given(text=NOTE, tags=TAGS)
def test_text_survives_csv_and_markdown(store: Store, text: str, tags: list[str]) -> None:
    import csv
    import io

    store.conn.execute("DELETE FROM entries")
    journal.add(store, text=text, tags=tags)
    md = "".join(markdown.journal(entries.oldest_first(store, EntryFilter())))
    assert text in md
    rows = list(
        csv.reader(
            io.StringIO(
                "".join(render_csv.journal(entries.oldest_first(store, EntryFilter()))), newline=""
            )
        )
    )
    cell = rows[1][8]
    assert cell in (text, "'" + text)


SAFE = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=10)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | SAFE,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(SAFE, inner, max_size=3),
    max_leaves=6,
)


@SETTINGS
@given(data=st.dictionaries(SAFE, JSON_VALUES, max_size=5))
def test_checkin_data_round_trips(store: Store, data: dict[str, object]) -> None:
    store.conn.execute("DELETE FROM entries")
    entry, _ = journal.upsert_checkin(store, date(2026, 11, 25), "", data)
    assert journal.get(store, entry.id).data == data
    assert journal.checkins_between(store, date(2026, 11, 25), date(2026, 11, 25)) == [
        (date(2026, 11, 25), data)
    ]


@settings(max_examples=40, deadline=None)
@given(text=TEXT.filter(lambda t: "\x00" not in t and not journal.is_empty(t)))
def test_cli_add_argument_is_stored_exactly(text: str) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["journal", "add", "--json", "--", text])
    assert result.exit_code == 0, result.stderr
    saved = json.loads(result.stdout)
    assert saved["text"] == text
    shown = runner.invoke(app, ["journal", "show", str(saved["id"]), "--json"])
    assert json.loads(shown.stdout)["text"] == text


@settings(max_examples=40, deadline=None)
@given(text=NOTE)
def test_cli_add_from_stdin_keeps_all_but_trailing_line_breaks(text: str) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["journal", "add", "--json"], input=text.encode("utf-8"))
    expected = text.rstrip("\r\n")
    if journal.is_empty(expected):
        assert result.exit_code == 1
        return
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["text"] == expected


@settings(max_examples=100, deadline=None)
@given(query=st.text(max_size=30))
def test_search_never_raises_anything_but_invalid_input(query: str) -> None:
    from partnercare.errors import InvalidInputError

    with Store.open() as store:
        if not entries.newest(store, EntryFilter(), limit=1):
            journal.add(store, text='walk "sam" NOT x:y * - ( ) NEAR')
        with contextlib.suppress(InvalidInputError):
            journal.search(store, query, EntryFilter())
