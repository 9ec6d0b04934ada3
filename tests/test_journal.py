"""The journal's domain operations, on a real store in a temporary home."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from partnercare import clock, journal, journal_io, tags
from partnercare.errors import InvalidInputError, NotFoundError
from partnercare.models import EntryFilter
from partnercare.render import csv as render_csv
from partnercare.render import markdown
from partnercare.store import Store, entries

# The store's tests run on a plain journal (sqlite3) and an encrypted one (sqlcipher3).
pytestmark = pytest.mark.usefixtures("both_drivers")

DAY = date(2026, 11, 25)


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open() as opened:
        yield opened


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    moment = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
    monkeypatch.setattr(clock, "now", lambda: moment)
    monkeypatch.setattr(clock, "today", lambda: moment.date())


def test_add_returns_the_stored_entry(store: Store) -> None:
    entry = journal.add(store, text="Walked", tags=["#walk", "@Sam", "walk"], starred=True)
    assert entry.id == 1
    assert entry.kind == "note"
    assert entry.day == DAY
    assert entry.tags == ("walk", "sam")  # the tag rule: shown lowercased
    assert entry.starred
    assert entry.data is None
    assert entry.created_at == entry.updated_at == "2026-11-25T09:30:00+00:00"
    assert journal.get(store, entry.id) == entry


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t"])
def test_empty_note_saves_nothing(store: Store, text: str) -> None:
    with pytest.raises(InvalidInputError, match="empty"):
        journal.add(store, text=text)
    assert entries.newest(store, EntryFilter(), limit=None) == []


def test_lone_surrogate_is_refused(store: Store) -> None:
    with pytest.raises(InvalidInputError, match="UTF-8"):
        journal.add(store, text="bad \udc80 byte")


@pytest.mark.parametrize("tag", ["", "#", "  @ ", "two\nlines"])
def test_bad_tags_are_refused(tag: str) -> None:
    with pytest.raises(InvalidInputError):
        tags.parse([tag])


def test_from_editor_drops_only_trailing_line_breaks() -> None:
    assert journal.from_editor("  hello \n\n") == "  hello "
    assert journal.from_editor("a\r\n") == "a"
    assert journal.from_editor("a\n b") == "a\n b"


def test_list_is_newest_first_and_limit_says_if_more(store: Store) -> None:
    journal.add(store, text="old", day=date(2026, 1, 1))
    journal.add(store, text="new", day=date(2026, 11, 1))
    journal.add(store, text="same day, later id", day=date(2026, 11, 1))
    entries, more = journal.list_recent(store, EntryFilter(), limit=2)
    assert [e.text for e in entries] == ["same day, later id", "new"]
    assert more
    entries, more = journal.list_recent(store, EntryFilter(), limit=3)
    assert not more


def test_filters_narrow(store: Store) -> None:
    journal.add(store, text="a", day=date(2026, 11, 1), tags=["sam"])
    journal.add(store, text="b", day=date(2026, 11, 10), tags=["sam", "walk"], starred=True)
    journal.add(store, text="c", day=date(2026, 11, 20), tags=["walk"])
    journal.upsert_checkin(store, date(2026, 11, 21), "felt ok", {"mood": 3})

    def texts(**kw: object) -> list[str]:
        filters = journal.make_filter(today=DAY, **kw)  # type: ignore[arg-type]
        return [e.text for e in journal.list_recent(store, filters, limit=None)[0]]

    assert texts(tags=["SAM"]) == ["b", "a"]
    assert texts(tags=["sam", "walk"]) == ["b"]
    assert texts(since="2026-11-10") == ["felt ok", "c", "b"]
    assert texts(until="2026-11-10") == ["b", "a"]
    assert texts(on="2026-11-10") == ["b"]
    assert texts(starred=True) == ["b"]
    assert texts(kind="checkin") == ["felt ok"]
    assert texts(kind="note", since="5 days ago") == ["c"]


@pytest.mark.parametrize(
    "kw",
    [
        {"since": "2026-11-10", "until": "2026-11-01"},
        {"on": "today", "since": "yesterday"},
        {"kind": "diary"},
        {"since": "whenever"},
    ],
)
def test_bad_filters_are_one_line_errors(kw: dict[str, str]) -> None:
    with pytest.raises(InvalidInputError) as info:
        journal.make_filter(today=DAY, **kw)  # type: ignore[arg-type]
    assert "\n" not in str(info.value)


def test_edit_star_delete(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    entry = journal.add(store, text="first")
    later = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    monkeypatch.setattr(clock, "now", lambda: later)
    edited = journal.edit_text(store, entry.id, "second")
    assert edited.text == "second"
    assert edited.updated_at == later.isoformat()
    assert edited.created_at == entry.created_at
    assert journal.set_starred(store, entry.id, True).starred
    assert not journal.set_starred(store, entry.id, False).starred
    journal.delete(store, entry.id)
    with pytest.raises(NotFoundError):
        journal.get(store, entry.id)


@pytest.mark.parametrize(
    "call",
    [
        lambda s: journal.get(s, 42),
        lambda s: journal.edit_text(s, 42, "x"),
        lambda s: journal.set_starred(s, 42, True),
        lambda s: journal.delete(s, 42),
    ],
)
def test_missing_entry_is_not_found(store: Store, call: object) -> None:
    with pytest.raises(NotFoundError, match="42"):
        call(store)  # type: ignore[operator]


@pytest.mark.parametrize(("typed", "expected"), [("12", 12), ("#12", 12), (" 7 ", 7)])
def test_parse_id(typed: str, expected: int) -> None:
    assert journal.parse_id(typed) == expected


@pytest.mark.parametrize("typed", ["", "x", "-1", "1.5", "9" * 30])
def test_parse_id_refuses(typed: str) -> None:
    with pytest.raises(InvalidInputError):
        journal.parse_id(typed)


def test_an_id_no_entry_can_have_is_not_found() -> None:
    with pytest.raises(NotFoundError, match="there is no journal entry 0"):
        journal.parse_id("0")


# -- search --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("walk", ['"walk"']),
        ("sam walk", ['"sam" "walk"']),
        ("walk*", ['"walk"*']),
        ("sam-walk", ['"sam-walk"']),
        ('say "hi', ['"say" """hi"']),
        ("a:b", ['"a:b"']),
        ("* - :", []),
        ('"morning light"', ['"morning light"', '"""morning" "light"""']),
        ("sam OR walk", ["sam OR walk", '"sam" "OR" "walk"']),
    ],
)
def test_fts_expressions(query: str, expected: list[str]) -> None:
    assert journal.fts_expressions(query) == expected


def test_search_ranks_and_marks(store: Store) -> None:
    journal.add(store, text="We walked. Walking helps. A long walk by the sea.")
    journal.add(store, text="Sam mentioned a walk once, among many other things to do today.")
    journal.add(store, text="Nothing to do with it")
    hits = journal.search(store, "walk", EntryFilter())
    assert [hit.entry.id for hit in hits] == [1, 2]
    start, end = journal.MARKS
    assert f"{start}walk{end}" in hits[1].snippet
    assert journal.plain_snippet(hits[1].snippet).startswith("Sam mentioned")


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        "*",
        "-",
        ":",
        "NOT",
        "AND OR",
        "a:",
        "sam-walk",
        "(",
        ")",
        "NEAR(",
        "^",
        "+",
        "text:walk",
        'walk"',
        "'",
        "\\",
        "💙",
        "walk* *",
        "ünïcödé",
    ],
)
def test_search_never_crashes_on_fts_syntax(store: Store, query: str) -> None:
    journal.add(store, text="sam walk text: NOT ünicode 💙 and or")
    try:
        journal.search(store, query, EntryFilter())
    except InvalidInputError as exc:
        message = str(exc)
    else:
        message = ""
    assert "\n" not in message


def test_search_with_filters_and_phrase(store: Store) -> None:
    journal.add(store, text="morning light outside", tags=["light"], day=date(2026, 11, 1))
    journal.add(store, text="light in the morning", day=date(2026, 11, 20))
    phrase = journal.search(store, '"morning light"', EntryFilter())
    assert [h.entry.text for h in phrase] == ["morning light outside"]
    both = journal.search(store, "morning light", EntryFilter(since=date(2026, 11, 10)))
    assert [h.entry.text for h in both] == ["light in the morning"]
    tagged = journal.search(store, "light", EntryFilter(tags=("light",)))
    assert len(tagged) == 1


def test_plain_words_match_tags_and_the_index_follows_every_change(store: Store) -> None:
    from partnercare.models import new_entry
    from partnercare.store import checkins

    note = journal.add(store, text="walked to the park", tags=["sleep"])
    journal.add(store, text="a bad night")

    def found(query: str) -> list[int]:
        return [hit.entry.id for hit in journal.search(store, query, EntryFilter())]

    assert found("sleep") == [note.id]
    assert found("sleeping") == [note.id]  # the same stemming as the text
    assert found("walked sleep") == [note.id]  # one word in the text, one in the tags
    assert found("night -sleep") == [2]
    # a check-in saved again with other tags: the old tag no longer finds it
    day = date(2026, 11, 20)
    first, _ = checkins.upsert(store, new_entry("checkin", day, "calm", tags=("infusion",)))
    assert found("infusion") == [first]
    checkins.upsert(store, new_entry("checkin", day, "calm", tags=("rest",)))
    assert found("infusion") == []
    assert found("rest") == [first]
    journal.delete(store, note.id)
    assert found("sleep") == []
    # the index agrees with the rows after all of it
    store.conn.execute("INSERT INTO entries_fts (entries_fts, rank) VALUES ('integrity-check', 1)")


def test_search_stems_words(store: Store) -> None:
    journal.add(store, text="She was sleeping better")
    assert len(journal.search(store, "sleep", EntryFilter())) == 1


# -- check-ins -----------------------------------------------------------------


def test_upsert_checkin_replaces_the_days_checkin_keeping_its_uuid(store: Store) -> None:
    first, replaced = journal.upsert_checkin(store, DAY, "note 1", {"mood": 2}, ["infusion"])
    assert not replaced
    assert first.kind == "checkin"
    second, replaced = journal.upsert_checkin(store, DAY, "note 2", {"mood": 4}, ["walk"])
    assert replaced
    assert (second.id, second.uuid, second.created_at) == (first.id, first.uuid, first.created_at)
    assert second.text == "note 2"
    assert second.data == {"mood": 4}
    assert second.tags == ("walk",)
    _other, replaced = journal.upsert_checkin(store, date(2026, 11, 24), "", {"mood": 5})
    assert not replaced
    assert journal.checkin_on(store, DAY) == second
    assert journal.checkin_on(store, date(2020, 1, 1)) is None
    journal.add(store, text="a note that day", day=DAY)
    assert journal.checkins_between(store, date(2026, 11, 1), DAY) == [
        (date(2026, 11, 24), {"mood": 5}),
        (DAY, {"mood": 4}),
    ]
    assert journal.checkins_between(store, DAY, DAY) == [(DAY, {"mood": 4})]


def test_add_entry_with_kind_and_data(store: Store) -> None:
    entry = journal.add(store, text="", kind="checkin", data={"partner_mood": 3}, day=DAY)
    assert entry.kind == "checkin"
    assert entry.data == {"partner_mood": 3}
    with pytest.raises(InvalidInputError):
        journal.add(store, text="x", kind="dream")


# -- export / import -----------------------------------------------------------


EXPORTERS = {"json": journal_io.export_json, "md": markdown.journal, "csv": render_csv.journal}


def _export(store: Store, fmt: str, filters: EntryFilter | None = None) -> str:
    return "".join(EXPORTERS[fmt](entries.oldest_first(store, filters or EntryFilter())))


def test_json_export_round_trips_through_import(store: Store, tmp_path: object) -> None:
    journal.add(store, text="one [bold]x[/bold]\x1b[2J", tags=["a"], starred=True)
    journal.upsert_checkin(store, DAY, "ci", {"mood": 3, "nested": {"x": [1, 2]}})
    journal.add(store, text="two\nlines", day=date(2020, 2, 29))
    exported = _export(store, "json")
    document = json.loads(exported)
    assert document["format"] == "partnercare-journal"
    assert document["entries"][0]["text"] == "two\nlines"  # oldest first
    store.conn.execute("DELETE FROM entries")
    kind, parsed = journal_io.parse_import(exported.encode(), source="backup.json")
    assert kind == "partnercare"
    assert entries.import_new(store, parsed) == (3, 0, 0)
    assert entries.import_new(store, parsed) == (0, 3, 0)
    again = json.loads(_export(store, "json"))
    strip = [{k: v for k, v in e.items() if k != "id"} for e in document["entries"]]
    assert [{k: v for k, v in e.items() if k != "id"} for e in again["entries"]] == strip


def test_markdown_export_has_a_heading_per_day(store: Store) -> None:
    journal.add(store, text="a", day=date(2026, 11, 1))
    journal.add(store, text="b", day=date(2026, 11, 1), tags=["x"], starred=True)
    journal.add(store, text="c", day=date(2026, 11, 2))
    md = _export(store, "md")
    assert md.count("\n## ") == 2
    assert "## Sunday 1 November 2026" in md
    assert "### Note · 09:30 · ★ · #x" in md


def test_csv_export_is_a_spreadsheet_with_formulas_defused(store: Store) -> None:
    import csv
    import io

    journal.add(store, text='=HYPERLINK("http://x")', tags=["a", "b"])
    journal.add(store, text="line one\nline, two")
    rows = list(csv.reader(io.StringIO(_export(store, "csv"))))
    assert rows[0] == list(render_csv.JOURNAL_FIELDS)
    assert rows[1][8] == '\'=HYPERLINK("http://x")'
    assert rows[1][7] == "a, b"
    assert rows[2][8] == "line one\nline, two"


def test_export_respects_filters(store: Store) -> None:
    journal.add(store, text="a", tags=["x"])
    journal.add(store, text="b")
    document = json.loads(_export(store, "json", EntryFilter(tags=("x",))))
    assert [e["text"] for e in document["entries"]] == ["a"]
    assert json.loads(_export(store, "json", EntryFilter(tags=("none",))))["entries"] == []


JRNL = {
    "tags": {"@sam": 1},
    "entries": [
        {
            "title": "Walked with @sam.",
            "body": "It helped.",
            "date": "2026-11-20",
            "time": "09:15",
            "tags": ["@sam"],
            "starred": False,
        },
        {
            "title": "Short one",
            "body": "",
            "date": "2026-11-21",
            "time": "21:00",
            "tags": [],
            "starred": True,
        },
    ],
}


def test_jrnl_import(store: Store) -> None:
    raw = json.dumps(JRNL).encode()
    kind, parsed = journal_io.parse_import(raw, source="jrnl.json")
    assert kind == "jrnl"
    assert entries.import_new(store, parsed) == (2, 0, 0)
    assert entries.import_new(store, journal_io.parse_import(raw, source="j")[1]) == (0, 2, 0)
    listed = entries.newest(store, EntryFilter(), limit=None)
    assert [(e.text, e.tags, e.starred, e.day, e.created_at) for e in listed] == [
        ("Short one", (), True, date(2026, 11, 21), "2026-11-21T21:00:00"),
        (
            "Walked with @sam.\nIt helped.",
            ("sam",),
            False,
            date(2026, 11, 20),
            "2026-11-20T09:15:00",
        ),
    ]


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"{not json",
        b"\xff\xfe",
        b"42",
        b'{"hello": 1}',
        b'{"format": "partnercare-journal", "version": 99, "entries": []}',
        b'{"format": "partnercare-journal", "version": 1, "entries": {}}',
        b'{"format": "partnercare-journal", "version": 1, "entries": [{"uuid": "x"}]}',
        b'{"entries": [{"title": "t", "date": "yesterday"}]}',
        b'[{"uuid": "9b0c7f1e-1111-4222-8333-444455556666", "kind": "note", "date": '
        b'"2026-01-01", "created_at": "2026-01-01T00:00:00", "updated_at": '
        b'"2026-01-01T00:00:00", "text": "t", "tags": [], "starred": 1, "data": null}]',
    ],
)
def test_malformed_import_is_one_line_error(raw: bytes) -> None:
    with pytest.raises(InvalidInputError) as info:
        journal_io.parse_import(raw, source="bad.json")
    message = str(info.value)
    assert "\n" not in message
    assert "bad.json" in message


def test_import_is_all_or_nothing(store: Store) -> None:
    good = json.loads(_export_one(store))
    store.conn.execute("DELETE FROM entries")
    good["entries"].append({"broken": True})
    with pytest.raises(InvalidInputError, match="entry 2"):
        journal_io.parse_import(json.dumps(good).encode(), source="f")
    assert entries.newest(store, EntryFilter(), limit=None) == []


def _export_one(store: Store) -> str:
    journal.add(store, text="x")
    return _export(store, "json")


def test_search_ranks_only_the_newest_window_and_says_so(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from partnercare.store import entries as store_module

    journal.add(store, text="walk walk walk walk walk, the oldest and best match")
    for n in range(4):
        journal.add(store, text=f"a long day at work, then a short walk number {n}")
    everything = EntryFilter()

    best = journal.search(store, "walk", everything, limit=10)
    assert "oldest" in best[0].entry.text
    assert journal.search_scope_note(store, "walk", everything) is None

    monkeypatch.setattr(store_module, "RANK_WINDOW", 3)
    monkeypatch.setattr(journal, "RANK_WINDOW", 3)
    windowed = journal.search(store, "walk", everything, limit=10)
    assert len(windowed) == 3
    assert all("oldest" not in hit.entry.text for hit in windowed)
    note = journal.search_scope_note(store, "walk", everything)
    assert note is not None
    assert "More than 3 entries match" in note


def test_all_lists_every_public_function() -> None:
    import inspect

    public = {
        name
        for name, value in vars(journal).items()
        if not name.startswith("_")
        and inspect.isfunction(value)
        and value.__module__ == journal.__name__
    }
    assert public <= set(journal.__all__)
    assert all(hasattr(journal, name) for name in journal.__all__)


def test_an_edit_is_refused_over_a_change_made_within_the_same_second(store: Store) -> None:
    """Times are kept to the second, so a change made while the editor was open, in
    the same second, shows only in the text: the edit must not overwrite it."""
    entry = journal.add(store, text="first words")
    with store.transaction() as conn:  # another command, the same second
        conn.execute("UPDATE entries SET text = 'changed elsewhere' WHERE id = ?", (entry.id,))
    with pytest.raises(InvalidInputError, match="changed by another command"):
        journal.edit_text(store, entry.id, "my edit", as_read=entry)
    assert journal.get(store, entry.id).text == "changed elsewhere"
    # unchanged since it was read: the edit is saved
    fresh = journal.get(store, entry.id)
    assert journal.edit_text(store, entry.id, "my edit", as_read=fresh).text == "my edit"


def test_a_star_given_while_the_editor_is_open_is_no_conflict(store: Store) -> None:
    entry = journal.add(store, text="first words")
    journal.set_starred(store, entry.id, True)  # another command, meanwhile
    edited = journal.edit_text(store, entry.id, "my edit", as_read=entry)
    assert edited.text == "my edit" and edited.starred
