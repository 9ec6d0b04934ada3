"""Moving to a new laptop loses nothing (issue 14): the journal's JSON export carries the
help-now settings, the tips read and the appointments as well as the entries, and an
import into an empty journal keeps the ids, all through the CLI, from one
PARTNERCARE_HOME to another."""

from __future__ import annotations

import json
import time as systime
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from partnercare import clock, settings
from partnercare.cli import app

# Saturday 28 November 2026, 14:20, in UTC (so offsets in JSON are +00:00).
NOW = datetime(2026, 11, 28, 14, 20)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def pinned(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    systime.tzset()
    monkeypatch.setattr(clock, "now", lambda: NOW.astimezone())
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    yield
    monkeypatch.undo()
    systime.tzset()


def ok(runner: CliRunner, *args: str, input: str | None = None) -> Any:
    result = runner.invoke(app, list(args), input=input)
    assert result.exit_code == 0, result.stderr
    return result


def as_json(runner: CliRunner, *args: str) -> Any:
    return json.loads(ok(runner, *args, "--json").stdout)


def refused(runner: CliRunner, *args: str) -> str:
    """The one line on stderr of a refused command; exit 1, nothing on stdout."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("partnercare: ")
    return lines[0]


def use_home(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    monkeypatch.setenv("PARTNERCARE_HOME", str(home))


def files_in(home: Path) -> dict[str, bytes]:
    """Every file of a data folder, byte for byte (the journal, settings, backups)."""
    return {str(p.relative_to(home)): p.read_bytes() for p in home.rglob("*") if p.is_file()}


def everything(runner: CliRunner) -> dict[str, Any]:
    """All the CLI shows of what moves: entries, appointments, tips and help-now."""
    return {
        "entries": as_json(runner, "journal", "list"),
        "appointments": as_json(runner, "appointments", "--all"),
        "tips": [(t["number"], t["read"], t["first_read_at"]) for t in as_json(runner, "tips")],
        "help-now": {k: v for k, v in as_json(runner, "help-now").items() if k != "note"},
    }


def old_laptop(runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A journal with gaps in its ids and ids out of date order, settings, tips read and
    appointments; exported to a file, which is returned."""
    use_home(monkeypatch, tmp_path / "old-laptop")
    ok(runner, "journal", "add", "Infusion 1 went well", "--tag", "infusion")  # 1
    ok(runner, "journal", "add", "a note I deleted")  # 2, deleted below
    ok(runner, "journal", "add", "Sam slept late", "--date", "2026-11-20", "--star")  # 3
    ok(runner, "journal", "delete", "2", "--yes")
    ok(runner, "appointments", "add", "next thursday 10:00", "--kind", "infusion")  # 1
    ok(runner, "appointments", "add", "tomorrow 15:00", "--kind", "couples_therapy")  # 2
    ok(
        runner, "help-now", "--save", "--country", "GB",
        "--contact", "Dr Lee=555 0100", "--role", "clinician",
        "--safety-plan", "kitchen drawer, blue folder",
    )  # fmt: skip
    ok(runner, "help-now", "--contact", "Alex=555 0199")
    ok(runner, "tips", "3")
    ok(runner, "tips", "7")
    backup = tmp_path / "backup.json"
    ok(runner, "journal", "export", "--output", str(backup))
    return backup


def test_everything_moves_to_an_empty_journal_with_its_ids(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    backup = old_laptop(runner, monkeypatch, tmp_path)
    before = everything(runner)
    shown = {n: ok(runner, "journal", "show", n).stdout for n in ("1", "3")}
    document = json.loads(backup.read_text())
    assert document["version"] == 3
    assert document["settings"] == {
        "country": "GB",
        "contacts": [
            {"name": "Dr Lee", "number": "555 0100", "role": "clinician"},
            {"name": "Alex", "number": "555 0199", "role": "trusted"},
        ],
        "safety_plan": {"has": "yes", "where": "kitchen drawer, blue folder"},
    }
    stamp = NOW.astimezone().isoformat()
    assert document["tips_read"] == [
        {"number": n, "first_read_at": stamp, "last_read_at": stamp, "times": 1} for n in (3, 7)
    ]
    assert [e["id"] for e in document["entries"]] == [3, 1]  # oldest first
    assert [a["id"] for a in document["appointments"]] == [2, 1]  # by date

    use_home(monkeypatch, tmp_path / "new-laptop")
    result = ok(runner, "journal", "import", str(backup))
    assert result.stderr.splitlines()[-2:] == [
        f"Imported 2 entries from the partnercare export {backup}; skipped 0 already in "
        "the journal; imported 2 appointments (0 already here).",
        "Brought over: country, 2 help-now contacts, where the safety plan is kept, 2 tips read.",
    ]
    assert everything(runner) == before
    # The same note under the same number; the contacts on the crisis screen; the tips
    # marked read; the appointments under the numbers the user knew them by.
    assert {n: ok(runner, "journal", "show", n).stdout for n in ("1", "3")} == shown
    crisis = ok(runner, "help-now").stdout
    assert "Dr Lee" in crisis and "555 0100" in crisis and "Alex" in crisis
    assert "kitchen drawer, blue folder" in crisis
    assert "Samaritans" in crisis or "116 123" in crisis  # the saved country: GB
    tips = ok(runner, "tips").stdout
    assert "2 of 10 read" in tips
    marks = {line.split()[0]: line.split()[1] for line in tips.splitlines() if line[:3].strip()}
    assert (marks["3"], marks["7"], marks["1"]) == ("✓", "✓", "·")
    listed = ok(runner, "appointments", "list").stdout
    assert "#2  Tomorrow" in listed and "#1  Thu 3 Dec" in listed
    # What is new on the new laptop takes the next numbers: none is ever taken twice.
    assert "entry 4" in ok(runner, "journal", "add", "first on the new laptop").stderr
    assert "#3" in ok(runner, "appointments", "add", "2026-12-10 09:00").stderr


def test_a_second_import_adds_nothing_and_writes_no_settings(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    backup = old_laptop(runner, monkeypatch, tmp_path)
    new = tmp_path / "new-laptop"
    use_home(monkeypatch, new)
    ok(runner, "journal", "import", str(backup))
    shown = everything(runner)
    saved = (new / "settings.json").read_bytes()
    again = ok(runner, "journal", "import", str(backup))
    assert again.stderr.splitlines()[-2:] == [
        f"Imported 0 entries from the partnercare export {backup}; skipped 2 already in "
        "the journal; imported 0 appointments (2 already here).",
        "Settings and tips read: nothing to bring over (what you have here is kept).",
    ]
    assert everything(runner) == shown
    assert (new / "settings.json").read_bytes() == saved


def test_an_import_into_a_journal_in_use_keeps_its_ids_and_its_settings(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    backup = old_laptop(runner, monkeypatch, tmp_path)
    use_home(monkeypatch, tmp_path / "in-use")
    ok(runner, "journal", "add", "mine, written here")
    ok(runner, "appointments", "add", "2026-12-01 08:00", "--kind", "prescriber")
    ok(runner, "help-now", "--save", "--country", "US", "--contact", "dr lee=555 9999")
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 11, 1, 8, 0).astimezone())
    ok(runner, "tips", "3")
    monkeypatch.setattr(clock, "now", lambda: NOW.astimezone())
    mine = ok(runner, "journal", "show", "1", "--json").stdout

    result = ok(runner, "journal", "import", str(backup))
    assert result.stderr.splitlines()[-1] == (
        "Brought over: 1 help-now contact, where the safety plan is kept, 1 tip read."
    )
    assert ok(runner, "journal", "show", "1", "--json").stdout == mine
    texts = {e["id"]: e["text"] for e in as_json(runner, "journal", "list")}
    assert texts[1] == "mine, written here"
    assert sorted(texts) == [1, 2, 3]
    assert sorted(texts.values()) == ["Infusion 1 went well", "Sam slept late", texts[1]]
    appointments = {a["id"]: a["kind"] for a in as_json(runner, "appointments", "--all")}
    assert appointments[1] == "prescriber" and sorted(appointments) == [1, 2, 3]
    # Its own country and its own Dr Lee (by name, whatever the case) stay as they were;
    # only what it had nothing of came over: Alex, and where the safety plan is kept.
    kept = settings.load().settings
    assert kept.country == "US"
    assert [(c.name, c.number) for c in kept.contacts] == [
        ("dr lee", "555 9999"),
        ("Alex", "555 0199"),
    ]
    assert kept.safety_plan == settings.SafetyPlan("yes", "kitchen drawer, blue folder")
    read = {t["number"]: t["first_read_at"] for t in as_json(runner, "tips") if t["read"]}
    assert read == {3: "2026-11-01T08:00:00+00:00", 7: NOW.astimezone().isoformat()}


def test_contacts_come_over_only_as_far_as_help_now_holds_them(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    backup = old_laptop(runner, monkeypatch, tmp_path)
    use_home(monkeypatch, tmp_path / "full")
    many = [f"--contact=Person {n}=555 01{n:02}" for n in range(settings.MAX_CONTACTS - 1)]
    ok(runner, "help-now", *many)
    result = ok(runner, "journal", "import", str(backup))
    assert result.stderr.splitlines()[-1] == (
        "Brought over: country, 1 help-now contact, where the safety plan is kept, "
        "2 tips read. 1 more contact was left out: help-now holds 12."
    )
    contacts = settings.load().settings.contacts
    assert len(contacts) == settings.MAX_CONTACTS and contacts[-1].name == "Dr Lee"


def _document(tmp_path: Path) -> dict[str, Any]:
    return {
        "format": "partnercare-journal",
        "version": 3,
        "exported_at": "2026-11-28T14:20:00+00:00",
        "entries": [
            {
                "id": 12,
                "uuid": "00000000-0000-4000-8000-000000000012",
                "kind": "note",
                "date": "2026-11-20",
                "created_at": "2026-11-20T21:00:00+00:00",
                "updated_at": "2026-11-20T21:00:00+00:00",
                "text": "from the file",
                "tags": [],
                "starred": False,
                "data": None,
            }
        ],
        "appointments": [],
        "settings": {
            "country": "IE",
            "contacts": [{"name": "Dr Lee", "number": "555 0100", "role": "clinician"}],
            "safety_plan": None,
        },
        "tips_read": [
            {
                "number": 4,
                "first_read_at": "2026-11-02T10:00:00+00:00",
                "last_read_at": "2026-11-03T10:00:00+00:00",
                "times": 2,
            }
        ],
    }


def _break(document: dict[str, Any], where: str, value: object) -> dict[str, Any]:
    """The document with one value replaced: where is a path like settings.contacts.0.number."""
    *path, last = where.split(".")
    target: Any = document
    for key in path:
        target = target[int(key)] if isinstance(target, list) else target[key]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return document


@pytest.mark.parametrize(
    ("where", "value", "says"),
    [
        ("settings", ["GB"], "bad.json: they are not a JSON object"),
        ("settings.country", "gb", "'country' must be one with verified crisis lines"),
        ("settings.country", 44, "'country' must be one with verified crisis lines"),
        ("settings.contacts", {"Dr Lee": "555"}, "'contacts' must be a list"),
        ("settings.contacts.0", "Dr Lee=555 0100", "contact 1 is not a JSON object"),
        ("settings.contacts.0.number", "", "contact 1: the number for Dr Lee is empty"),
        ("settings.contacts.0.number", 5550100, "contact 1 is not a JSON object"),
        ("settings.contacts.0.role", "boss", "contact 1: unknown role 'boss'"),
        ("settings.contacts.0.name", "Dr\nLee", "contact 1: the contact's name has a control"),
        ("settings.safety_plan", {"has": "maybe"}, "a safety plan answer is yes, no, unsure"),
        ("settings.safety_plan", "drawer", "the safety plan is not a JSON object"),
        ("tips_read", {"4": "read"}, "bad.json has no list of tips read"),
        ("tips_read.0", 4, "bad.json: it is not a JSON object"),
        ("tips_read.0.number", 0, "bad.json: 'number' must be a tip's number"),
        ("tips_read.0.number", True, "'number' must be a whole number"),
        ("tips_read.0.first_read_at", "yesterday", "'first_read_at' is not an ISO timestamp"),
        ("tips_read.0.last_read_at", None, "'last_read_at' is not an ISO timestamp"),
        ("tips_read.0.times", -1, "'times' must be a whole number from 1"),
        ("entries.0.id", "12", "bad.json: 'id' must be a whole number from 1"),
        ("entries.0.id", 0, "'id' must be a whole number from 1"),
    ],
)
def test_a_malformed_part_imports_nothing_and_changes_nothing(
    runner: CliRunner,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    where: str,
    value: object,
    says: str,
) -> None:
    home = tmp_path / "in-use"
    use_home(monkeypatch, home)
    ok(runner, "journal", "add", "mine")
    ok(runner, "help-now", "--contact", "Alex=555 0199")
    ok(runner, "tips", "1")
    before = files_in(home)
    assert {"partnercare.db", "settings.json"} <= set(before)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(_break(_document(tmp_path), where, value)))
    line = refused(runner, "journal", "import", str(bad))
    assert says in line and line.endswith("; nothing was imported")
    part = where.split(".")[0]
    assert {"settings": "the settings in", "tips_read": "tip", "entries": "entry 1 in"}[
        part
    ] in line
    assert files_in(home) == before


def test_settings_that_cannot_be_saved_over_refuse_the_import_before_anything_is_written(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    home = tmp_path / "newer-settings"
    use_home(monkeypatch, home)
    ok(runner, "journal", "add", "mine")
    (home / "settings.json").write_text(json.dumps({"version": 99, "country": "GB"}))
    before = files_in(home)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(_document(tmp_path)))
    line = refused(runner, "journal", "import", str(good))
    assert "the settings in" in line and "newer version of partnercare" in line
    assert line.endswith("nothing was imported")
    assert files_in(home) == before
    # A file that brings no settings imports as ever.
    without = _document(tmp_path)
    del without["settings"]
    good.write_text(json.dumps(without))
    assert "Brought over: 1 tip read." in ok(runner, "journal", "import", str(good)).stderr


def test_a_version_2_export_still_imports_and_keeps_its_entry_ids(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    old = _document(tmp_path)
    old["version"] = 2
    del old["settings"], old["tips_read"]
    old["appointments"] = [
        {
            "uuid": "00000000-0000-4000-8000-0000000000a1",
            "kind": "infusion",
            "date": "2026-12-03",
            "time": "10:00",
            "title": "",
            "where": "Riverside",
            "note": "",
            "going": True,
            "driver": "Alex",
            "state": "planned",
            "series": None,
            "ical_uid": None,
            "source_version": None,
            "sequence": 0,
            "created_at": "2026-11-20T21:00:00+00:00",
            "updated_at": "2026-11-20T21:00:00+00:00",
        }
    ]
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(old))
    result = ok(runner, "journal", "import", str(path))
    assert result.stderr.splitlines()[-1].startswith("Imported 1 entry")
    assert "Brought over" not in result.stderr and "Settings" not in result.stderr
    assert ok(runner, "journal", "show", "12", "--json").stdout.count("from the file") == 1
    (item,) = as_json(runner, "appointments", "--all")
    assert (item["id"], item["where"]) == (1, "Riverside")
    assert settings.load().settings == settings.Settings()


def test_a_narrowed_export_carries_no_settings_or_tips_read(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    old_laptop(runner, monkeypatch, tmp_path)
    narrowed = json.loads(ok(runner, "journal", "export", "--tag", "infusion").stdout)
    assert "settings" not in narrowed and "tips_read" not in narrowed
    assert narrowed["appointments"] == []
    dated = json.loads(ok(runner, "journal", "export", "--since", "2026-11-25").stdout)
    assert dated["settings"]["country"] == "GB" and len(dated["tips_read"]) == 2


def test_an_export_leaves_out_what_would_not_import_and_says_so(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    home = tmp_path / "damaged-settings"
    use_home(monkeypatch, home)
    ok(runner, "journal", "add", "mine")
    (home / "settings.json").write_text(
        json.dumps({"country": "GB", "contacts": [{"name": "Alex"}, {"name": "B", "number": "1"}]})
    )
    result = ok(runner, "journal", "export")
    assert result.stderr.splitlines()[-1] == (
        "Note: one of your saved contacts could not be read; the contact 'B' was left out "
        "('1' does not look like a phone number (it needs at least 3 digits)); the export "
        "carries the rest of your settings."
    )
    carried = json.loads(result.stdout)["settings"]
    assert carried == {"country": "GB", "contacts": [], "safety_plan": None}
    # What it carries always imports again.
    use_home(monkeypatch, tmp_path / "new-laptop")
    imported = ok(runner, "journal", "import", "-", input=result.stdout)
    assert imported.stderr.splitlines()[-1] == "Brought over: country."
