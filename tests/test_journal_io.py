"""The JSON export's version 3 without the CLI: settings and tips read in the document,
ids kept only whole, `settings.fill_in`, and the store keeping ids only in an empty
journal."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, time
from typing import Any

import pytest

from partnercare import journal, journal_io, settings
from partnercare.errors import InvalidInputError, StoreError
from partnercare.models import EntryFilter, NewAppointment, NewEntry, TipRead
from partnercare.settings import Contact, SafetyPlan, Settings
from partnercare.store import Store, entries

STAMP = "2026-11-20T21:00:00+00:00"
LEE = Contact("Dr Lee", "555 0100", "clinician")
ALEX = Contact("Alex", "555 0199")
GIVEN = Settings("GB", (LEE, ALEX), SafetyPlan("yes", "kitchen drawer"))


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open() as opened:
        yield opened


def new_entry(number: int, *, id: int | None = None, kind: str = "note") -> NewEntry:
    return NewEntry(
        uuid=f"00000000-0000-4000-8000-{number:012}",
        kind=kind,
        day=date(2026, 11, number % 28 + 1),
        created_at=STAMP,
        updated_at=STAMP,
        text=f"entry {number}",
        id=id,
    )


def new_appointment(number: int, *, id: int | None = None) -> NewAppointment:
    return NewAppointment(
        uuid=f"00000000-0000-4000-8000-{number:012}",
        kind="infusion",
        day=date(2026, 12, number),
        at=time(10, 0),
        created_at=STAMP,
        updated_at=STAMP,
        id=id,
    )


def exported(store: Store, **extra: Any) -> dict[str, Any]:
    rows = entries.oldest_first(store, EntryFilter())
    text = "".join(
        journal_io.export_json(rows, journal.appointments_between(store, EntryFilter()), **extra)
    )
    document: dict[str, Any] = json.loads(text)
    return document


# -- the document ------------------------------------------------------------------------


def test_version_3_carries_settings_and_tips_read_and_reads_them_back(store: Store) -> None:
    journal.import_entries(store, [new_entry(1, id=5)], [new_appointment(2, id=9)])
    reads = [TipRead(3, STAMP, "2026-11-21T08:00:00+00:00", 2), TipRead(7, STAMP, STAMP)]
    document = exported(store, settings=settings.exported(GIVEN)[0], tips_read=reads)
    assert document["version"] == journal_io.FORMAT_VERSION == 3
    assert list(document) == [
        "format", "version", "exported_at", "entries", "appointments", "settings", "tips_read",
    ]  # fmt: skip
    assert document["entries"][0]["id"] == 5
    assert document["appointments"][0]["id"] == 9
    assert next(iter(document["appointments"][0])) == "id"
    assert document["tips_read"][0] == {
        "number": 3,
        "first_read_at": STAMP,
        "last_read_at": "2026-11-21T08:00:00+00:00",
        "times": 2,
    }
    parsed = journal_io.parse_file(json.dumps(document).encode(), source="backup.json")
    assert parsed.settings == GIVEN
    assert parsed.tips_read == tuple(reads)
    assert [e.id for e in parsed.entries] == [5]
    assert [a.id for a in parsed.appointments] == [9]


def test_without_settings_or_tips_read_the_keys_are_left_out(store: Store) -> None:
    document = exported(store)
    assert "settings" not in document and "tips_read" not in document
    parsed = journal_io.parse_file(json.dumps(document).encode(), source="f")
    assert parsed.settings is None and parsed.tips_read == ()
    empty = exported(store, settings=settings.exported(Settings())[0], tips_read=[])
    assert empty["settings"] == {"country": None, "contacts": [], "safety_plan": None}
    assert empty["tips_read"] == []


def test_a_tip_read_needs_only_its_number_and_first_read() -> None:
    document = {
        "format": "partnercare-journal",
        "version": 3,
        "entries": [],
        "tips_read": [{"number": 2, "first_read_at": STAMP}],
    }
    parsed = journal_io.parse_file(json.dumps(document).encode(), source="f")
    assert parsed.tips_read == (TipRead(2, STAMP, STAMP, 1),)


def _with_ids(*ids: object) -> bytes:
    items = [
        {
            **({} if given is ... else {"id": given}),
            "uuid": f"00000000-0000-4000-8000-{n:012}",
            "kind": "note",
            "date": "2026-11-20",
            "created_at": STAMP,
            "updated_at": STAMP,
            "text": f"entry {n}",
            "tags": [],
            "starred": False,
            "data": None,
        }
        for n, given in enumerate(ids, start=1)
    ]
    return json.dumps(items).encode()


@pytest.mark.parametrize(
    ("ids", "kept"),
    [
        ((4, 2, 9), [4, 2, 9]),
        ((4, 4, 9), [None, None, None]),  # two the same: none kept
        ((4, None, 9), [None, None, None]),  # one without: none kept
        ((4, ..., 9), [None, None, None]),
        ((), []),
    ],
)
def test_ids_are_kept_only_whole(ids: tuple[object, ...], kept: list[int | None]) -> None:
    _, parsed = journal_io.parse_import(_with_ids(*ids), source="list.json")
    assert [e.id for e in parsed] == kept


@pytest.mark.parametrize("bad", [0, -3, 2**63, "7", 7.0, True, [7]])
def test_an_id_that_is_no_id_is_refused(bad: object) -> None:
    with pytest.raises(InvalidInputError, match="entry 1 in f: 'id' must be a whole number"):
        journal_io.parse_import(_with_ids(bad), source="f")


def test_a_jrnl_export_has_no_ids() -> None:
    raw = json.dumps({"entries": [{"title": "t", "date": "2026-11-20", "body": ""}]}).encode()
    parsed = journal_io.parse_file(raw, source="jrnl.json")
    assert parsed.kind == "jrnl" and [e.id for e in parsed.entries] == [None]
    assert parsed.settings is None and parsed.tips_read == ()


@pytest.mark.parametrize(
    ("section", "says"),
    [
        ({"country": "United Kingdom"}, "'country' must be one with verified crisis lines"),
        ({"country": "ZZ"}, "'country' must be one with verified crisis lines (US, GB"),
        ({"contacts": [{"name": "Dr Lee"}]}, "contact 1: the number for Dr Lee is empty"),
        ({"contacts": [{"name": "Dr Lee", "number": "12"}]}, "contact 1: '12' does not look"),
        ({"contacts": [LEE._asdict(), {"name": "x" * 61, "number": "555"}]}, "contact 2:"),
        ({"safety_plan": {"has": "yes", "where": 3}}, "the safety plan is not a JSON object"),
        ({"safety_plan": []}, "the safety plan is not a JSON object"),
    ],
)
def test_a_malformed_settings_section_is_one_line(section: dict[str, Any], says: str) -> None:
    document = {"format": "partnercare-journal", "version": 3, "entries": [], "settings": section}
    with pytest.raises(InvalidInputError) as info:
        journal_io.parse_file(json.dumps(document).encode(), source="f.json")
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("the settings in f.json: ") and says in message
    assert message.endswith("; nothing was imported")


def test_settings_are_cleaned_as_help_now_cleans_them() -> None:
    section = {
        "country": "other",
        "contacts": [{"name": "  Dr   Lee ", "number": "555  0100"}],
        "safety_plan": {"has": "no", "where": "ignored when there is none"},
    }
    assert settings.from_exported(section) == Settings(
        "other", (Contact("Dr Lee", "555 0100", "trusted"),), SafetyPlan("no", "")
    )


def test_the_export_leaves_out_what_the_import_would_refuse() -> None:
    odd = Settings("GB", (LEE, Contact("Mum", "1")), SafetyPlan("yes", "x" * 300))
    document, left_out = settings.exported(odd)
    assert document["contacts"] == [LEE._asdict()]
    assert document["safety_plan"] is None
    assert len(left_out) == 2 and "'Mum' was left out" in left_out[0]
    assert settings.from_exported(document) == Settings("GB", (LEE,))
    # A code saved by hand that help-now --save would not save.
    document, left_out = settings.exported(Settings("ZZ"))
    assert document["country"] is None
    assert left_out == ("the country 'ZZ' was left out (it has no verified crisis lines)",)


# -- fill_in (pure) -----------------------------------------------------------------------


def test_fill_in_takes_only_what_is_not_saved() -> None:
    own = Settings("US", (Contact("dr lee", "555 9999"),), None, encrypted=True)
    new, filled = settings.fill_in(own, GIVEN)
    assert new == Settings(
        "US", (Contact("dr lee", "555 9999"), ALEX), GIVEN.safety_plan, encrypted=True
    )
    assert filled == settings.Filled(country=False, contacts=1, plan=True, left_out=0)
    assert filled.anything
    again, nothing = settings.fill_in(new, GIVEN)
    assert again == new and not nothing.anything
    assert settings.fill_in(Settings(), GIVEN) == (
        GIVEN,
        settings.Filled(country=True, contacts=2, plan=True),
    )
    assert not settings.fill_in(GIVEN, Settings())[1].anything


def test_fill_in_respects_the_most_contacts_help_now_holds() -> None:
    full = Settings(contacts=tuple(Contact(f"P{n}", "555") for n in range(settings.MAX_CONTACTS)))
    new, filled = settings.fill_in(full, GIVEN)
    assert new.contacts == full.contacts
    assert (filled.contacts, filled.left_out) == (0, 2)
    assert filled.anything  # the country and the plan still come
    twice = Settings(contacts=(LEE, LEE._replace(number="555 7777"), ALEX))
    assert settings.fill_in(Settings(), twice)[0].contacts == (LEE, ALEX)


# -- the store: ids, and tip reads -------------------------------------------------------------


def test_an_empty_journal_keeps_the_ids_and_numbers_on_after_them(store: Store) -> None:
    done = journal.import_entries(store, [new_entry(1, id=12), new_entry(2, id=3)])
    assert done.entries == (2, 0, 0)
    assert {e.id: e.text for e in entries.newest(store, EntryFilter(), limit=None)} == {
        12: "entry 1",
        3: "entry 2",
    }
    assert journal.add(store, text="next").id == 13


def test_a_journal_with_entries_numbers_imports_as_ever(store: Store) -> None:
    mine = journal.add(store, text="mine")
    journal.import_entries(store, [new_entry(1, id=1), new_entry(2, id=7)])
    ids = {e.text: e.id for e in entries.newest(store, EntryFilter(), limit=None)}
    assert ids == {"mine": mine.id, "entry 1": mine.id + 1, "entry 2": mine.id + 2}


def test_appointments_keep_their_ids_only_where_there_are_none(store: Store) -> None:
    done = journal.import_entries(store, [], [new_appointment(3, id=8), new_appointment(4, id=2)])
    assert done.appointments == 2
    kept = {a.uuid[-1]: a.id for a in journal.appointments_between(store, EntryFilter())}
    assert kept == {"3": 8, "4": 2}
    journal.import_entries(store, [], [new_appointment(5, id=1)])
    later = {a.uuid[-1]: a.id for a in journal.appointments_between(store, EntryFilter())}
    assert later["5"] == 9  # the journal had appointments: the next id, not the file's


def test_tip_reads_merge_without_duplicates(store: Store) -> None:
    from partnercare import tips

    tips.mark_read(store, 3, "2026-11-01T08:00:00+00:00")
    reads = [TipRead(3, STAMP, STAMP, 4), TipRead(7, STAMP, STAMP, 2), TipRead(7, STAMP, STAMP)]
    assert journal.import_entries(store, [], tips_read=reads).tips_read == 1
    assert journal.import_entries(store, [], tips_read=reads).tips_read == 0
    assert journal.tips_read(store) == [
        TipRead(3, "2026-11-01T08:00:00+00:00", "2026-11-01T08:00:00+00:00", 1),
        TipRead(7, STAMP, STAMP, 2),
    ]


def test_a_failed_import_adds_no_tip_reads_either(store: Store) -> None:
    journal.add(store, text="mine")
    # An appointment the database refuses (no kind) fails the one transaction.
    broken = new_appointment(1)._replace(kind=None)  # type: ignore[arg-type]
    with pytest.raises(StoreError):
        journal.import_entries(store, [new_entry(1)], [broken], [TipRead(5, STAMP, STAMP)])
    assert journal.tips_read(store) == []
    assert [e.text for e in entries.newest(store, EntryFilter(), limit=None)] == ["mine"]
