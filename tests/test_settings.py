"""settings.json: the country and the user's own crisis contacts, readable whatever happens."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnercare import settings
from partnercare.errors import InvalidInputError, NotFoundError, StoreError
from partnercare.settings import Contact, Settings


def test_nothing_saved_is_the_defaults_and_no_problem() -> None:
    assert settings.load() == settings.Loaded(Settings(), ())


def test_a_round_trip_through_the_file(isolated_home: Path) -> None:
    plan = settings.make_plan("yes", "  blue   folder ")
    saved = settings.update(
        lambda s: s._replace(
            country="GB",
            contacts=(Contact("Dr Lee", "555 0100", "clinician"),),
            safety_plan=plan,
        )
    )
    assert settings.load().settings == saved
    assert settings.load().problems == ()
    assert saved.safety_plan == settings.SafetyPlan("yes", "blue folder")
    document = json.loads((isolated_home / "settings.json").read_text())
    assert document["version"] == 1
    assert (isolated_home / "settings.json").stat().st_mode & 0o777 == 0o600


def test_one_damaged_contact_does_not_hide_the_others(isolated_home: Path) -> None:
    isolated_home.mkdir()
    (isolated_home / "settings.json").write_text(
        json.dumps(
            {
                "country": "NZ",
                "contacts": [
                    {"name": "Jo", "number": "555 0100", "role": "trusted"},
                    {"name": 7},
                    {"name": "Clinic", "number": "555 0199", "role": "from the future"},
                ],
            }
        )
    )
    loaded = settings.load()
    assert loaded.settings.country == "NZ"
    assert [c.name for c in loaded.settings.contacts] == ["Jo", "Clinic"]
    assert loaded.settings.contacts[1].role == "trusted"  # an unknown role is still shown
    assert loaded.problems == ("one of your saved contacts could not be read",)


@pytest.mark.parametrize(
    ("name", "number", "role", "says"),
    [
        ("", "555 0100", "trusted", "empty"),
        ("   ", "555 0100", "trusted", "empty"),
        ("Jo", "", "trusted", "empty"),
        ("Jo", "ring her", "trusted", "at least 3 digits"),
        ("Jo", "12", "trusted", "at least 3 digits"),
        ("Jo\x07", "555 0100", "trusted", "control character"),
        ("Jo", "555\u202e0100", "trusted", "control character"),
        ("Jo", "5" * 61, "trusted", "longer than 60"),
        ("Jo", "555 0100", "boss", "unknown role"),
    ],
)
def test_contacts_are_checked(name: str, number: str, role: str, says: str) -> None:
    with pytest.raises(InvalidInputError, match=says):
        settings.make_contact(name, number, role)


@pytest.mark.parametrize("role", ["clinician", "Clinic", "own_support", "own support", "TRUSTED"])
def test_roles_are_forgiving_about_how_they_are_typed(role: str) -> None:
    assert settings.make_contact("Jo", "555 0100", role).role in settings.ROLES


def test_spaces_are_tidied() -> None:
    assert settings.parse_contact("  Dr   Lee = +44 (0)20 7946 0000 ") == Contact(
        "Dr Lee", "+44 (0)20 7946 0000", "trusted"
    )


def test_a_same_named_contact_replaces_and_the_list_has_a_limit() -> None:
    current = Settings()
    for n in range(settings.MAX_CONTACTS):
        current, replaced = settings.with_contact(current, Contact(f"P{n}", "555 0100"))
        assert not replaced
    current, replaced = settings.with_contact(current, Contact("p3", "555 0199"))
    assert replaced
    assert len(current.contacts) == settings.MAX_CONTACTS
    with pytest.raises(InvalidInputError, match="remove one first"):
        settings.with_contact(current, Contact("One more", "555 0100"))


def test_removing_an_unknown_contact_names_the_ones_there() -> None:
    current = Settings(contacts=(Contact("Jo", "555 0100"),))
    with pytest.raises(NotFoundError, match="'Jo'"):
        settings.without_contact(current, "Sam")
    assert settings.without_contact(current, " jo ").contacts == ()


def test_contacts_are_ordered_by_role_then_as_saved() -> None:
    current = Settings(
        contacts=(
            Contact("Me", "555 0001", "own-support"),
            Contact("Jo", "555 0002", "trusted"),
            Contact("Clinic", "555 0003", "clinic"),
            Contact("Dr Lee", "555 0004", "clinician"),
            Contact("Sam", "555 0005", "trusted"),
        )
    )
    names = [c.name for c in settings.ordered_contacts(current)]
    assert names == ["Dr Lee", "Clinic", "Jo", "Sam", "Me"]


def test_a_change_applies_every_part() -> None:
    change = settings.Change(
        country="IE",
        add=(Contact("Jo", "555 0100"),),
        remove="Old",
        plan=settings.SafetyPlan("yes", "drawer"),
    )
    before = Settings(contacts=(Contact("Old", "555 0000"),))
    assert change.apply(before) == Settings(
        country="IE", contacts=(Contact("Jo", "555 0100"),), safety_plan=change.plan
    )
    assert settings.Change(forget_plan=True).apply(Settings(safety_plan=change.plan)) == Settings()


def test_the_plan_keeps_where_only_when_there_is_one() -> None:
    assert settings.make_plan("no", "drawer") == settings.SafetyPlan("no", "")
    with pytest.raises(InvalidInputError):
        settings.make_plan("maybe")


def test_two_saves_at_once_keep_both(isolated_home: Path) -> None:
    names = [f"Person {n}" for n in range(8)]

    def add(name: str) -> None:
        settings.update(lambda s: settings.with_contact(s, Contact(name, "555 0100"))[0])

    threads = [threading.Thread(target=add, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(c.name for c in settings.load().settings.contacts) == names


def test_a_file_that_cannot_be_read_is_never_saved_over(isolated_home: Path) -> None:
    isolated_home.mkdir()
    target = isolated_home / "settings.json"
    target.write_bytes(b"{damaged")
    with pytest.raises(StoreError, match="cannot be saved over: it could not be read"):
        settings.update(lambda s: s._replace(country="US"))
    assert target.read_bytes() == b"{damaged"


def test_a_data_directory_that_cannot_be_made_is_one_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PARTNERCARE_HOME", "/dev/null/partnercare")
    assert settings.load().problems == ()
    with pytest.raises(StoreError):
        settings.update(lambda s: s._replace(country="US"))


@given(st.text(max_size=80), st.text(max_size=80))
def test_whatever_is_typed_a_contact_is_made_or_refused_in_one_line(name: str, number: str) -> None:
    message = ""
    try:
        contact = settings.make_contact(name, number)
    except InvalidInputError as error:
        message = str(error)
    if message:
        assert "\n" not in message
    else:
        assert contact.name.strip() and len(contact.name) <= settings.MAX_NAME
        assert all(c.isprintable() for c in contact.name + contact.number)


@given(st.binary(max_size=200))
def test_load_never_raises_whatever_the_file_holds(data: bytes) -> None:
    loaded = settings._parse(data)
    assert isinstance(loaded.settings, Settings)


def test_a_damaged_part_does_not_block_a_save_and_is_kept(isolated_home: Path) -> None:
    isolated_home.mkdir()
    damaged = {"name": 7, "number": ["x"]}
    (isolated_home / "settings.json").write_text(
        json.dumps({"country": "United Kingdom", "contacts": [damaged], "later": {"a": 1}})
    )
    settings.update(lambda s: settings.with_contact(s, Contact("Jo", "555 0100"))[0])
    document = json.loads((isolated_home / "settings.json").read_text())
    assert document["contacts"] == [
        {"name": "Jo", "number": "555 0100", "role": "trusted"},
        damaged,
    ]
    assert document["later"] == {"a": 1}  # a key of a later version is kept
    assert document["country"] is None  # the unreadable country is not carried on


def test_a_file_from_a_newer_partnercare_is_read_but_never_saved_over(isolated_home: Path) -> None:
    isolated_home.mkdir()
    text = json.dumps({"version": 2, "country": "IE", "contacts": [], "new": True})
    (isolated_home / "settings.json").write_text(text)
    assert settings.load().settings.country == "IE"
    with pytest.raises(StoreError, match="newer version"):
        settings.update(lambda s: s._replace(country="GB"))
    assert (isolated_home / "settings.json").read_text() == text


@pytest.mark.parametrize("kind", ["fifo", "zero", "big"])
def test_only_a_regular_file_of_sensible_size_is_read(isolated_home: Path, kind: str) -> None:
    import os

    isolated_home.mkdir()
    target = isolated_home / "settings.json"
    if kind == "fifo":
        os.mkfifo(target)  # opening it would wait for a writer for ever
    elif kind == "zero":
        target.symlink_to("/dev/zero")  # reading it would never end
    else:
        target.write_bytes(b" " * (settings.MAX_FILE_BYTES + 1))
    loaded = settings.load()
    assert loaded.settings == Settings()
    assert len(loaded.problems) == 1
    assert loaded.blocked


def test_a_failed_change_leaves_no_trace_on_disk(isolated_home: Path) -> None:
    with pytest.raises(NotFoundError):
        settings.update(lambda s: settings.without_contact(s, "Nobody"))
    assert not isolated_home.exists()


def test_a_held_lock_is_one_error_not_a_hang(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl
    import os

    monkeypatch.setattr(settings, "LOCK_WAIT", 0.2)
    isolated_home.mkdir()
    fd = os.open(isolated_home / "settings.json.lock", os.O_CREAT | os.O_RDWR, 0o600)
    holder = os.fdopen(fd)
    try:
        fcntl.flock(holder.fileno(), fcntl.LOCK_EX)
        with pytest.raises(StoreError, match="another partnercare command is saving"):
            settings.update(lambda s: s._replace(country="GB"))
    finally:
        holder.close()
    assert settings.update(lambda s: s._replace(country="GB")).country == "GB"


@pytest.mark.parametrize("text", ["Bo\nb", "Bo\tb", "Bo\u2028b", "Bo\u200bb", "Bo\udcffb"])
def test_line_breaks_and_invisible_characters_are_refused(text: str) -> None:
    with pytest.raises(InvalidInputError, match="control character"):
        settings.make_contact(text, "555 0100")


def test_an_empty_role_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="unknown role"):
        settings.check_role("")


def test_the_legacy_country_is_adopted_into_the_file(isolated_home: Path) -> None:
    from partnercare.store import Store

    with Store.open() as store, store.transaction() as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES ('country', 'NZ')")
    assert settings.adopt_legacy()
    assert json.loads((isolated_home / "settings.json").read_text())["country"] == "NZ"
    assert not settings.adopt_legacy()  # once


def test_other_means_the_same_to_settings_and_resources() -> None:
    from partnercare import resources

    assert settings.COUNTRY_OTHER == resources.OTHER
    assert resources.for_country(settings.COUNTRY_OTHER).requested == settings.COUNTRY_OTHER
