"""`partnercare appointments` through CliRunner: every command, every refusal, the
.ics export read back by an independent parser, and where appointments show up
(the today screen, the check-in, nudges, the journal's JSON export)."""

from __future__ import annotations

import json
import os
import stat
import time as systime
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from partnercare import clock
from partnercare.cli import app
from partnercare.cli import common as cli_common

# Saturday 28 November 2026, 14:20, in UTC (so offsets in JSON are +00:00).
NOW = datetime(2026, 11, 28, 14, 20)
TODAY = NOW.date()
MINIMAL: dict[str, object] = {"mood": 4, "stress": 2, "sleep": 3, "safety": "no"}


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


def refused(runner: CliRunner, *args: str, input: str | None = None) -> str:
    """The one line on stderr of a refused command; exit 1."""
    result = runner.invoke(app, list(args), input=input)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[0].startswith("partnercare: ")
    return lines[0]


def add_course(runner: CliRunner) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = as_json(
        runner,
        "appointments", "add", "next monday 10:00", "--repeat", "6", "--every", "mon,thu",
        "--where", "Riverside Clinic, 2nd floor", "--going", "--driver", "Alex",
    )  # fmt: skip
    return data


def db_bytes(home: Path) -> bytes:
    return (home / "partnercare.db").read_bytes() if (home / "partnercare.db").exists() else b""


# -- add and list -------------------------------------------------------------------------


def test_add_a_series_and_see_it(runner: CliRunner) -> None:
    added = add_course(runner)
    assert [a["starts"] for a in added] == [
        "2026-11-30T10:00:00+00:00",
        "2026-12-03T10:00:00+00:00",
        "2026-12-07T10:00:00+00:00",
        "2026-12-10T10:00:00+00:00",
        "2026-12-14T10:00:00+00:00",
        "2026-12-17T10:00:00+00:00",
    ]
    first = added[0]
    assert set(first) == {
        "id", "uuid", "kind", "starts", "all_day", "title", "where", "note",
        "going", "driver", "status", "series",
    }  # fmt: skip
    assert first["kind"] == "infusion"
    assert first["series"] == {"index": 1, "count": 6}
    assert added[-1]["series"] == {"index": 6, "count": 6}
    assert first["going"] is True and first["driver"] == "Alex"
    assert first["status"] == "upcoming" and first["all_day"] is False
    assert first["where"] == "Riverside Clinic, 2nd floor"

    out = ok(runner, "appointments").stdout
    assert "Infusion 3 of 6" in out
    assert "Mon 7 Dec, 10:00" in out
    assert "Alex drives home" in out
    assert "you're going" in out
    assert ok(runner, "appointments", "list").stdout == out


def test_add_says_what_was_added_on_stderr(runner: CliRunner) -> None:
    result = ok(runner, "appointments", "add", "tomorrow 3pm", "--kind", "couples_therapy")
    assert "Added 1 appointment (#1)." in result.stderr
    assert "Couples therapy" in result.stdout
    assert "Tomorrow, Sun 29 Nov, 15:00" in result.stdout


def test_no_time_means_all_day(runner: CliRunner) -> None:
    (item,) = as_json(runner, "appointments", "add", "2026-12-01", "--kind", "prescriber")
    assert item["starts"] == "2026-12-01" and item["all_day"] is True
    assert item["going"] is None and item["series"] is None


def test_a_new_user_sees_how_to_start(runner: CliRunner) -> None:
    out = ok(runner, "appointments").stdout
    assert "No appointments yet" in out
    assert "partnercare appointments add" in out
    assert as_json(runner, "appointments") == []


def test_the_list_shows_upcoming_then_the_last_three_past(runner: CliRunner) -> None:
    for back in range(1, 6):
        ok(runner, "appointments", "add", f"{back} days ago", "--kind", "therapy", "--yes")
    ok(runner, "appointments", "add", "in 2 days", "--kind", "therapy")
    listed = as_json(runner, "appointments")
    assert [a["starts"] for a in listed] == ["2026-11-30", "2026-11-25", "2026-11-26", "2026-11-27"]
    assert [a["status"] for a in listed] == ["upcoming", "missed", "missed", "missed"]
    assert len(as_json(runner, "appointments", "--all")) == 6
    past = as_json(runner, "appointments", "--past")
    assert [a["starts"] for a in past][:2] == ["2026-11-27", "2026-11-26"]  # newest first
    assert len(past) == 5
    assert as_json(runner, "appointments", "--kind", "infusion") == []
    out = ok(runner, "appointments").stdout
    assert out.index("Upcoming") < out.index("Past")


def test_a_past_when_needs_yes_outside_a_terminal(runner: CliRunner, isolated_home: Path) -> None:
    ok(runner, "appointments")  # the journal exists
    before = db_bytes(isolated_home)
    line = refused(runner, "appointments", "add", "last monday 10:00", "--kind", "infusion")
    assert "in the past" in line and "--yes" in line
    assert as_json(runner, "appointments", "--all") == []
    assert db_bytes(isolated_home) == before
    ok(runner, "appointments", "add", "last monday 10:00", "--kind", "infusion", "--yes")
    assert as_json(runner, "appointments", "--all")[0]["status"] == "missed"


def test_a_past_when_asks_in_a_terminal(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    from partnercare import prompts

    asked: list[str] = []

    def no(question: str, default: bool = False) -> bool:
        asked.append(question)
        return False

    monkeypatch.setattr(cli_common, "interactive", lambda: True)
    monkeypatch.setattr(prompts, "confirm", no)
    result = runner.invoke(app, ["appointments", "add", "yesterday", "--kind", "welcome"])
    assert result.exit_code == 1
    assert "nothing was changed" in result.stderr
    assert asked == ["Yesterday, Friday 27 November is in the past. Add it anyway?"]
    monkeypatch.setattr(prompts, "confirm", lambda q, default=False: True)
    ok(runner, "appointments", "add", "yesterday", "--kind", "welcome")
    assert len(as_json(runner, "appointments", "--all")) == 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["soon-ish"], "not a date and time"),
        (["tomorrow 25:00"], "no such time"),
        (["tomorrow", "--repeat", "0", "--every", "mon"], "1 to 60"),
        (["tomorrow", "--repeat", "500", "--every", "mon"], "1 to 60"),
        (
            ["tomorrow", "--repeat", "6", "--every", "fortnightly-ish"],
            "--every is not a repeat I understand",
        ),
        (["tomorrow", "--repeat", "6"], "--repeat needs --every"),
        (["tomorrow", "--every", "3d"], "--every needs --repeat"),
        (["tomorrow", "--kind", "massage"], "--kind must be one of"),
        (["tomorrow", "--title", "a\nb"], "one line"),
        (["tomorrow", "--where", "\x1b]52;c;ZXZpbA==\x07"], "one line"),
        (["tomorrow", "--note", "x" * 20_000], "at most 10,000"),
        (["\x00\xff"], "not a date and time"),
    ],
)
def test_add_refuses_in_one_line_and_saves_nothing(
    runner: CliRunner, isolated_home: Path, args: list[str], words: str
) -> None:
    ok(runner, "appointments")
    before = db_bytes(isolated_home)
    line = refused(runner, "appointments", "add", *args)
    assert words in line
    assert "\x1b" not in line and "\x07" not in line
    assert db_bytes(isolated_home) == before


# -- edit, cancel, done ---------------------------------------------------------------------


def test_edit_moves_and_changes_details(runner: CliRunner) -> None:
    add_course(runner)
    (moved,) = as_json(runner, "appointments", "edit", "2", "thursday 11:30", "--driver", "Sam")
    assert moved["starts"] == "2026-12-03T11:30:00+00:00"
    assert moved["driver"] == "Sam" and moved["series"] == {"index": 2, "count": 6}
    (item,) = as_json(runner, "appointments", "edit", "2", "--not-going", "--title", "Booster")
    assert item["going"] is False and item["title"] == "Booster"
    assert item["starts"] == "2026-12-03T11:30:00+00:00"
    result = ok(runner, "appointments", "edit", "3", "--kind", "therapy")
    assert "Changed appointment 3." in result.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["99", "--title", "x"], "there is no appointment 99"),
        (["0", "--title", "x"], "there is no appointment 0"),
        (["abc", "--title", "x"], "an appointment id is a number"),
        (["1"], "nothing to change"),
        (["1", "whenever"], "not a date and time"),
        (["1", "--kind", "nap"], "--kind must be one of"),
    ],
)
def test_edit_refuses(runner: CliRunner, args: list[str], words: str) -> None:
    ok(runner, "appointments", "add", "tomorrow 10am")
    assert words in refused(runner, "appointments", "edit", *args)


def test_cancel_asks_first_and_refuses_without_a_terminal(runner: CliRunner) -> None:
    add_course(runner)
    line = refused(runner, "appointments", "cancel", "2")
    assert "--yes" in line
    assert as_json(runner, "appointments")[1]["status"] == "upcoming"
    (item,) = as_json(runner, "appointments", "cancel", "2", "--yes")
    assert item["status"] == "cancelled"
    out = ok(runner, "appointments").stdout
    assert "cancelled" in out


def test_cancel_in_a_terminal_asks(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    from partnercare import prompts

    add_course(runner)
    asked: list[str] = []

    def yes(question: str, default: bool = False) -> bool:
        asked.append(question)
        return True

    monkeypatch.setattr(cli_common, "interactive", lambda: True)
    monkeypatch.setattr(prompts, "confirm", yes)
    ok(runner, "appointments", "cancel", "1")
    assert asked == ["Cancel infusion 1 of 6 on Monday 30 November, 10:00?"]


def test_cancel_a_series_leaves_what_is_done(runner: CliRunner) -> None:
    ok(runner, "appointments", "add", "4 days ago 10:00", "--repeat", "6", "--every", "2d",
       "--yes")  # fmt: skip
    ok(runner, "appointments", "done", "1", "--went")
    result = ok(runner, "appointments", "cancel", "4", "--series", "--yes", "--json")
    assert [c["series"]["index"] for c in json.loads(result.stdout)] == [4, 5, 6]
    assert "cancel 4 --undo" in result.stderr
    statuses = [a["status"] for a in as_json(runner, "appointments", "--all")]
    # the done one stays done; the one past and not recorded stays as it was
    assert statuses == ["upcoming", "cancelled", "cancelled", "cancelled", "done", "missed"]
    again = ok(runner, "appointments", "cancel", "4", "--series", "--yes")
    assert "Nothing in that series is left to cancel" in again.stderr
    (item,) = as_json(runner, "appointments", "cancel", "5", "--undo")
    assert item["status"] == "upcoming"


def test_done_records_what_happened(runner: CliRunner) -> None:
    ok(runner, "appointments", "add", "yesterday 10:00", "--kind", "infusion", "--yes")
    assert as_json(runner, "appointments")[0]["status"] == "missed"
    (item,) = as_json(runner, "appointments", "done", "1", "--did-not-go")
    assert item["status"] == "done" and item["going"] is False
    (item,) = as_json(runner, "appointments", "done", "1", "--went")
    assert item["going"] is True
    out = ok(runner, "appointments").stdout
    assert "you went along" in out


def test_done_and_cancel_refuse_unknown_ids(runner: CliRunner) -> None:
    ok(runner, "appointments")  # the first run's welcome is behind us
    assert "no appointment 7" in refused(runner, "appointments", "done", "7")
    assert "no appointment 7" in refused(runner, "appointments", "cancel", "7", "--yes")
    assert "no appointment 0" in refused(runner, "appointments", "done", "9" * 30)


def test_done_is_for_what_has_happened(runner: CliRunner) -> None:
    ok(runner, "appointments", "add", "tomorrow", "--kind", "therapy")
    assert "still to come" in refused(runner, "appointments", "done", "1")
    # Cancelled, and then it happened after all: done says so.
    ok(runner, "appointments", "add", "yesterday", "--kind", "therapy", "--yes")
    ok(runner, "appointments", "cancel", "2", "--yes")
    (item,) = as_json(runner, "appointments", "done", "2")
    assert item["status"] == "done"


# -- export and import (.ics) -----------------------------------------------------------------


def test_export_is_an_ics_file_a_calendar_reads(runner: CliRunner, tmp_path: Path) -> None:
    icalendar = pytest.importorskip("icalendar")
    add_course(runner)
    ok(runner, "appointments", "edit", "1", "--note", "Bring: ID, card; the blue folder\nAsk Dr. Ø")
    target = tmp_path / "course.ics"
    result = ok(runner, "appointments", "export", "--output", str(target))
    assert "Exported 6 appointments" in result.stderr
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    raw = target.read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    cal = icalendar.Calendar.from_ical(raw)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 6
    first = events[0]
    assert str(first["SUMMARY"]) == "Infusion 1 of 6"
    assert str(first["LOCATION"]) == "Riverside Clinic, 2nd floor"
    assert str(first["DESCRIPTION"]) == "Bring: ID, card; the blue folder\nAsk Dr. Ø"
    assert first.decoded("DTSTART") == datetime(2026, 11, 30, 10, 0).astimezone()
    alarms = list(first.walk("VALARM"))
    assert len(alarms) == 1 and "ride home" in str(alarms[0]["DESCRIPTION"])


def test_export_to_stdout_and_since(runner: CliRunner) -> None:
    ok(runner, "appointments", "add", "yesterday", "--kind", "therapy", "--yes")
    ok(runner, "appointments", "add", "tomorrow", "--kind", "therapy")
    everything = ok(runner, "appointments", "export").stdout
    assert everything.count("BEGIN:VEVENT") == 2
    upcoming = ok(runner, "appointments", "export", "--since", "today").stdout
    assert upcoming.count("BEGIN:VEVENT") == 1
    assert "not a date" in refused(runner, "appointments", "export", "--since", "whenever")


def test_export_then_import_adds_nothing_twice(runner: CliRunner, tmp_path: Path) -> None:
    add_course(runner)
    target = tmp_path / "course.ics"
    ok(runner, "appointments", "export", "--output", str(target))
    result = ok(runner, "appointments", "import", str(target))
    assert "Imported 0 appointments" in result.stderr and "6 already here" in result.stderr
    assert len(as_json(runner, "appointments", "--all")) == 6


def test_an_ics_round_trip_into_a_new_journal_is_lossless(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_course(runner)
    ok(runner, "appointments", "edit", "2", "--title", "Dr. Ø; room 3, east", "--note", "a,b;c\nd")
    ok(runner, "appointments", "add", "yesterday 9:00", "--kind", "welcome", "--yes")
    ok(runner, "appointments", "done", "7", "--did-not-go")
    before = as_json(runner, "appointments", "--all")
    target = tmp_path / "course.ics"
    ok(runner, "appointments", "export", "--output", str(target))
    monkeypatch.setenv("PARTNERCARE_HOME", str(tmp_path / "new-laptop"))
    ok(runner, "appointments", "import", str(target))
    after = as_json(runner, "appointments", "--all")
    assert [{k: v for k, v in a.items() if k != "id"} for a in after] == [
        {k: v for k, v in a.items() if k != "id"} for a in before
    ]


CLINIC_INVITE = "\r\n".join(
    [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Clinic//EN",
        "METHOD:REQUEST",
        "BEGIN:VEVENT",
        "UID:visit-12345@clinic.example",
        "DTSTAMP:20261120T120000Z",
        "DTSTART:20261202T150000Z",
        "DTEND:20261202T170000Z",
        "SUMMARY:Ketamine infusion\\, session 2",
        "LOCATION:Riverside Clinic\\, Suite 4",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:visit-99@clinic.example",
        "DTSTAMP:20261120T120000Z",
        "DTSTART;VALUE=DATE:20261204",
        "SUMMARY:Couples session",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
)


def test_import_a_clinic_invite_and_check_the_kinds(runner: CliRunner, tmp_path: Path) -> None:
    invite = tmp_path / "invite.ics"
    invite.write_text(CLINIC_INVITE, newline="")
    result = ok(runner, "appointments", "import", str(invite))
    assert "Imported 2 appointments" in result.stderr
    assert "guessed" in result.stderr
    assert "Ketamine infusion, session 2" in result.stdout
    listed = as_json(runner, "appointments")
    assert [a["kind"] for a in listed] == ["infusion", "couples_therapy"]
    assert listed[0]["starts"] == "2026-12-02T15:00:00+00:00"
    assert listed[0]["where"] == "Riverside Clinic, Suite 4"
    assert listed[1]["all_day"] is True
    # The user corrects a kind; the clinic moves the first visit; importing again
    # updates the time and keeps the correction, and adds nothing.
    ok(runner, "appointments", "edit", "2", "--kind", "therapy")
    moved = CLINIC_INVITE.replace("20261202T15", "20261202T16")
    invite.write_text(moved, newline="")
    # The same event, changed but not marked newer (its DTSTAMP as before): kept as is.
    assert "updated" not in ok(runner, "appointments", "import", str(invite)).stderr
    # Marked newer, as a clinic's calendar sends it: updated.
    invite.write_text(moved.replace("DTSTAMP:20261120", "DTSTAMP:20261121"), newline="")
    result = ok(runner, "appointments", "import", str(invite))
    assert "Imported 0 appointments from" in result.stderr and "updated 1" in result.stderr
    listed = as_json(runner, "appointments")
    assert len(listed) == 2
    assert listed[0]["starts"] == "2026-12-02T16:00:00+00:00"
    assert listed[1]["kind"] == "therapy"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"hello, this is not a calendar", "nothing was imported"),
        (b"", "nothing was imported"),
        (b"\x00\xff" * 1000, "nothing was imported"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "nothing was imported"),
        (
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:No start\r\n"
            b"END:VEVENT\r\nEND:VCALENDAR\r\n",
            "nothing was imported",
        ),
    ],
)
def test_import_refuses_what_is_not_a_calendar(
    runner: CliRunner, tmp_path: Path, isolated_home: Path, content: bytes, words: str
) -> None:
    ok(runner, "appointments")
    before = db_bytes(isolated_home)
    bad = tmp_path / "bad.ics"
    bad.write_bytes(content)
    line = refused(runner, "appointments", "import", str(bad))
    assert words in line and "bad.ics" in line
    assert db_bytes(isolated_home) == before


def test_import_refuses_a_huge_file_and_odd_paths(runner: CliRunner, tmp_path: Path) -> None:
    ok(runner, "appointments")
    huge = tmp_path / "huge.ics"
    huge.write_bytes(b"BEGIN:VCALENDAR\r\n" + b"X-FILL:" + b"a" * 6_000_000 + b"\r\n")
    assert "nothing was imported" in refused(runner, "appointments", "import", str(huge))
    assert refused(runner, "appointments", "import", str(tmp_path))
    assert refused(runner, "appointments", "import", str(tmp_path / "missing.ics"))
    assert as_json(runner, "appointments", "--all") == []


# -- where appointments show up ---------------------------------------------------------------


def test_the_today_screen_shows_the_next_appointment_and_the_day_before(
    runner: CliRunner,
) -> None:
    ok(runner, "appointments", "add", "tomorrow 10:00", "--kind", "infusion",
       "--where", "Riverside Clinic", "--driver", "Alex")  # fmt: skip
    out = ok(runner).stdout
    assert "Next: Infusion tomorrow, Sunday 29 November, 10:00, at Riverside Clinic" in out
    assert "Alex drives home" in out
    assert "ride home" in out and "alcohol" in out.lower()
    today = json.loads(ok(runner, "--json").stdout)
    assert today["next_appointment"]["kind"] == "infusion"
    assert today["nudge"]["rule"] == "infusion_tomorrow"
    assert today["nudge"]["tip"] == 2
    assert "ride home" in today["nudge"]["text"]


def test_the_today_screen_on_the_day_of_an_infusion(runner: CliRunner) -> None:
    ok(runner, "appointments", "add", "today 9:00", "--kind", "infusion", "--yes")
    out = ok(runner).stdout
    assert "what is common afterwards" in out
    assert "emergency number" in out and "breathing" in out
    # The morning's infusion has passed: nothing is "next", and no "go along" nudge.
    assert "Next:" not in out
    assert json.loads(ok(runner, "--json").stdout)["nudge"] is None


def test_an_infusion_later_today_gets_its_nudge(runner: CliRunner) -> None:
    ok(runner, "appointments", "add", "today 16:00", "--kind", "infusion", "--not-going")
    today = json.loads(ok(runner, "--json").stdout)
    assert today["nudge"]["rule"] == "infusion_today"
    assert today["next_appointment"]["starts"] == "2026-11-28T16:00:00+00:00"


def test_the_next_one_is_found_however_many_came_earlier_today(runner: CliRunner) -> None:
    for hour in range(1, 12):
        ok(runner, "appointments", "add", f"today {hour:02d}:00", "--kind", "other", "--yes")
    ok(runner, "appointments", "add", "today 15:00", "--kind", "therapy")
    today = json.loads(ok(runner, "--json").stdout)
    assert today["next_appointment"]["starts"] == "2026-11-28T15:00:00+00:00"


def test_no_appointment_lines_without_appointments(runner: CliRunner) -> None:
    out = ok(runner).stdout
    assert "Next:" not in out
    assert json.loads(ok(runner, "--json").stdout)["next_appointment"] is None


def test_a_cancelled_appointment_is_not_next(runner: CliRunner) -> None:
    ok(runner, "appointments", "add", "tomorrow 10:00", "--kind", "infusion")
    ok(runner, "appointments", "add", "in 3 days 10:00", "--kind", "therapy")
    ok(runner, "appointments", "cancel", "1", "--yes")
    today = json.loads(ok(runner, "--json").stdout)
    assert today["next_appointment"]["kind"] == "therapy"
    assert today["nudge"] is None or today["nudge"]["rule"] != "infusion_tomorrow"


def checkin(runner: CliRunner, day: str = "today", **answers: object) -> Any:
    return ok(
        runner, "checkin", "--answers", "-", "--date", day, "--json",
        input=json.dumps({**MINIMAL, **answers}),
    )  # fmt: skip


def test_a_checkin_logging_the_infusion_marks_it_done(runner: CliRunner) -> None:
    ok(runner, "appointments", "add", "today 9:00", "--kind", "infusion", "--yes")
    checkin(runner, treatment="infusion", accompanied=True)
    (item,) = as_json(runner, "appointments", "--all")
    assert item["status"] == "done" and item["going"] is True


def test_a_checkin_without_the_treatment_leaves_it(runner: CliRunner) -> None:
    ok(runner, "appointments", "add", "today 9:00", "--kind", "infusion", "--yes")
    checkin(runner)
    (item,) = as_json(runner, "appointments", "--all")
    assert item["status"] == "upcoming"


def test_a_missed_infusion_gets_a_gentle_nudge(runner: CliRunner) -> None:
    ok(runner, "appointments", "add", "yesterday 10:00", "--kind", "infusion", "--yes")
    nudge = json.loads(ok(runner, "--json").stdout)["nudge"]
    assert nudge["rule"] == "infusion_unrecorded"
    assert "partnercare appointments done 1" in nudge["text"]
    for guilt in ("should", "failed", "forgot", "missed"):
        assert guilt not in nudge["text"].lower()
    ok(runner, "appointments", "done", "1")
    assert json.loads(ok(runner, "--json").stdout)["nudge"] is None


def test_the_checkin_the_day_before_an_infusion_nudges_the_ride(runner: CliRunner) -> None:
    ok(runner, "appointments", "add", "tomorrow 10:00", "--kind", "infusion")
    saved = json.loads(checkin(runner).stdout)
    assert saved["nudges"][0]["rule"] == "infusion_tomorrow"
    worried = json.loads(checkin(runner, safety="yes").stdout)
    assert worried["nudges"] == []


def test_the_interactive_checkin_starts_on_the_days_appointment(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At the prompt seam: Enter on every question takes the appointment's defaults."""
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from partnercare import prompts

    ok(runner, "appointments", "add", "today 16:00", "--kind", "infusion", "--going")
    real = prompts.ask_checkin
    monkeypatch.setattr(cli_common, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr(prompts, "ask_country", lambda *a, **k: "US")

    def ask(questions: Any, **kwargs: Any) -> dict[str, object]:
        with create_pipe_input() as pipe:
            pipe.send_text("\r" * 20)
            return real(questions, input=pipe, output=DummyOutput(), **kwargs)

    monkeypatch.setattr(prompts, "ask_checkin", ask)
    saved = json.loads(ok(runner, "checkin", "--json").stdout)
    assert saved["entry"]["data"]["treatment"] == "infusion"
    assert saved["entry"]["data"]["accompanied"] is True
    (item,) = as_json(runner, "appointments", "--all")
    assert item["status"] == "done"


def test_the_journal_export_carries_appointments(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_course(runner)
    ok(runner, "appointments", "add", "yesterday 9:00", "--kind", "welcome", "--yes")
    ok(runner, "appointments", "done", "7", "--went")
    ok(runner, "journal", "add", "first note")
    backup = tmp_path / "backup.json"
    ok(runner, "journal", "export", "--output", str(backup))
    document = json.loads(backup.read_text())
    assert document["version"] == 3
    assert len(document["appointments"]) == 7
    before = as_json(runner, "appointments", "--all")
    monkeypatch.setenv("PARTNERCARE_HOME", str(tmp_path / "new-laptop"))
    result = ok(runner, "journal", "import", str(backup))
    assert "imported 7 appointments" in result.stderr
    after = as_json(runner, "appointments", "--all")
    assert [{**a, "id": 0} for a in after] == [{**a, "id": 0} for a in before]
    # Everything a calendar needs to keep taking updates moves too (the SEQUENCE).
    moved = tmp_path / "moved.json"
    ok(runner, "journal", "export", "--output", str(moved))
    assert json.loads(moved.read_text())["appointments"] == document["appointments"]
    again = ok(runner, "journal", "import", str(backup))
    assert "imported 0 appointments (7 already here)" in again.stderr
    assert len(as_json(runner, "appointments", "--all")) == 7


def test_a_version_1_export_still_imports(runner: CliRunner, tmp_path: Path) -> None:
    old = {
        "format": "partnercare-journal",
        "version": 1,
        "exported_at": "2026-11-01T10:00:00+00:00",
        "entries": [],
    }
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old))
    ok(runner, "journal", "import", str(path))


def test_a_bad_appointment_in_an_export_imports_nothing(runner: CliRunner, tmp_path: Path) -> None:
    add_course(runner)
    backup = tmp_path / "backup.json"
    ok(runner, "journal", "export", "--output", str(backup))
    document = json.loads(backup.read_text())
    document["appointments"][2]["kind"] = "surgery"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    line = refused(runner, "journal", "import", str(bad))
    assert "appointment 3" in line and "nothing was imported" in line


def test_help_names_every_command(runner: CliRunner) -> None:
    out = ok(runner, "appointments", "--help").stdout
    for command in ("add", "list", "edit", "cancel", "done", "export", "import"):
        assert command in out
    assert "appointments" in ok(runner, "--help").stdout


def test_edit_with_only_a_time_or_only_a_date_keeps_the_other(runner: CliRunner) -> None:
    ok(runner, "appointments", "add", "2026-12-14 10:00", "--kind", "infusion")
    (item,) = as_json(runner, "appointments", "edit", "1", "11:30")
    assert item["starts"] == "2026-12-14T11:30:00+00:00"
    (item,) = as_json(runner, "appointments", "edit", "1", "2026-12-15")
    assert item["starts"] == "2026-12-15T11:30:00+00:00"
    (item,) = as_json(runner, "appointments", "edit", "1", "--all-day")
    assert item["starts"] == "2026-12-15" and item["all_day"] is True
    (item,) = as_json(runner, "appointments", "edit", "1", "tomorrow 9am")
    assert item["starts"] == "2026-11-29T09:00:00+00:00"


# -- what a re-import may and may not change ----------------------------------------------------


def test_reimporting_an_invite_never_undoes_what_you_recorded(
    runner: CliRunner, tmp_path: Path
) -> None:
    invite = tmp_path / "invite.ics"
    invite.write_text(CLINIC_INVITE.replace("20261202T15", "20261127T15"), newline="")
    ok(runner, "appointments", "import", str(invite))
    ok(runner, "appointments", "done", "1", "--went")
    ok(runner, "appointments", "edit", "1", "--driver", "Sam")
    ok(runner, "appointments", "import", str(invite))
    item = as_json(runner, "appointments", "--all")[-1]
    assert (item["status"], item["going"], item["driver"]) == ("done", True, "Sam")


def test_an_older_export_never_undoes_a_later_change(runner: CliRunner, tmp_path: Path) -> None:
    add_course(runner)
    old = tmp_path / "old.ics"
    ok(runner, "appointments", "export", "--output", str(old))
    ok(runner, "appointments", "edit", "3", "thursday 11:00", "--driver", "Sam")
    ok(runner, "appointments", "cancel", "6", "--yes")
    before = as_json(runner, "appointments", "--all")
    result = ok(runner, "appointments", "import", str(old))
    assert "6 already here" in result.stderr
    assert as_json(runner, "appointments", "--all") == before
    # A newer export (more changes) does update.
    newer = tmp_path / "newer.ics"
    ok(runner, "appointments", "export", "--output", str(newer))
    ok(runner, "appointments", "edit", "3", "--driver", "Alex")
    ok(runner, "appointments", "import", str(old))
    assert as_json(runner, "appointments", "--all")[2]["driver"] == "Alex"


SERIES_INVITE = "\r\n".join(
    [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Clinic//EN",
        "BEGIN:VEVENT",
        "UID:course-7@clinic.example",
        "DTSTAMP:20261120T120000Z",
        "SEQUENCE:{sequence}",
        "DTSTART:20261130T100000Z",
        "RRULE:FREQ=WEEKLY;BYDAY=MO,TH;COUNT=6",
        "{exdate}",
        "SUMMARY:Ketamine infusion",
        "END:VEVENT",
        "{moved}",
        "END:VCALENDAR",
        "",
    ]
)
MOVED = "\r\n".join(
    [
        "BEGIN:VEVENT",
        "UID:course-7@clinic.example",
        "DTSTAMP:20261121T120000Z",
        "SEQUENCE:1",
        "RECURRENCE-ID:20261210T100000Z",
        "DTSTART:20261211T120000Z",
        "SUMMARY:Ketamine infusion",
        "END:VEVENT",
    ]
)


def series_file(tmp_path: Path, *, sequence: int = 0, exdate: str = "", moved: str = "") -> str:
    path = tmp_path / f"course-{sequence}-{bool(exdate)}-{bool(moved)}.ics"
    text = SERIES_INVITE.format(sequence=sequence, exdate=exdate, moved=moved)
    path.write_text(text.replace("\r\n\r\n", "\r\n"), newline="")
    return str(path)


def test_a_clinic_series_updated_in_place(runner: CliRunner, tmp_path: Path) -> None:
    ok(runner, "appointments", "import", series_file(tmp_path))
    ok(runner, "appointments", "edit", "3", "--driver", "Alex", "--going")
    days = [a["starts"][:10] for a in as_json(runner, "appointments")]
    assert days == ["2026-11-30", "2026-12-03", "2026-12-07", "2026-12-10", "2026-12-14",
                    "2026-12-17"]  # fmt: skip
    # The clinic moves 10 Dec to 11 Dec and takes 14 Dec out.
    changed = series_file(tmp_path, sequence=1, exdate="EXDATE:20261214T100000Z", moved=MOVED)
    result = ok(runner, "appointments", "import", changed)
    assert "cancelled 1 that the calendar no longer has" in result.stderr
    listed = as_json(runner, "appointments")
    by_id = {a["id"]: a for a in listed}
    assert by_id[3]["starts"][:10] == "2026-12-07" and by_id[3]["driver"] == "Alex"
    assert by_id[4]["starts"] == "2026-12-11T12:00:00+00:00"
    assert by_id[5]["status"] == "cancelled"
    assert by_id[6]["starts"][:10] == "2026-12-17" and by_id[6]["status"] == "upcoming"
    assert len(listed) == 6


def test_text_pasted_from_an_email_is_kept_and_backs_up(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (item,) = as_json(runner, "appointments", "add", "tomorrow", "--where", "12\u00a0Main St",
                      "--title", "Family 👨‍👩‍👧 day")  # fmt: skip
    assert item["where"] == "12 Main St" and item["title"] == "Family 👨‍👩‍👧 day"
    invite = tmp_path / "invite.ics"
    invite.write_text(
        CLINIC_INVITE.replace("Couples session", "Couples\u00a0session\u2028room 2"), newline=""
    )
    ok(runner, "appointments", "import", str(invite))
    backup = tmp_path / "backup.json"
    ok(runner, "journal", "export", "--output", str(backup))
    monkeypatch.setenv("PARTNERCARE_HOME", str(tmp_path / "elsewhere"))
    ok(runner, "journal", "import", str(backup))
    titles = [a["title"] for a in as_json(runner, "appointments", "--all")]
    assert "Couples session room 2" in titles


def test_a_date_too_far_ahead_is_refused_not_crashed_on(runner: CliRunner) -> None:
    ok(runner, "appointments")
    assert "too far" in refused(runner, "appointments", "add", "9999-12-31 23:00")
    line = refused(runner, "appointments", "add", "2126-12-20", "--repeat", "6", "--every", "1w")
    assert "100 years" in line
    assert as_json(runner, "appointments", "--all") == []


def test_a_checkin_file_without_going_along_keeps_what_you_said(runner: CliRunner) -> None:
    ok(runner, "appointments", "add", "today 9:00", "--kind", "infusion", "--going", "--yes")
    saved = json.loads(checkin(runner, treatment="infusion").stdout)
    (item,) = as_json(runner, "appointments", "--all")
    assert item["status"] == "done" and item["going"] is True
    # The check-in says the same, and no nudge says "offer to go along next time".
    assert saved["entry"]["data"]["accompanied"] is True
    assert "infusion_alone" not in [n["rule"] for n in saved["nudges"]]


def test_a_journal_import_is_all_or_nothing_with_its_appointments(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from partnercare.errors import StoreError
    from partnercare.store import appointments as table

    add_course(runner)
    ok(runner, "journal", "add", "a note")
    backup = tmp_path / "backup.json"
    ok(runner, "journal", "export", "--output", str(backup))
    monkeypatch.setenv("PARTNERCARE_HOME", str(tmp_path / "elsewhere"))
    ok(runner, "journal")

    def broken(*args: object, **kwargs: object) -> None:
        raise StoreError("the disk is full; nothing was saved")

    monkeypatch.setattr(table, "merge_in", broken)
    refused(runner, "journal", "import", str(backup))
    monkeypatch.undo()
    monkeypatch.setenv("PARTNERCARE_HOME", str(tmp_path / "elsewhere"))
    assert as_json(runner, "journal", "list") == []


def test_an_older_invitation_never_undoes_a_newer_one(runner: CliRunner, tmp_path: Path) -> None:
    older = series_file(tmp_path)
    longer = Path(series_file(tmp_path, sequence=2))
    longer.write_text(longer.read_text().replace("COUNT=6", "COUNT=8"), newline="")
    ok(runner, "appointments", "import", older)
    ok(runner, "appointments", "edit", "2", "11:00")  # a local change of time
    ok(runner, "appointments", "import", str(longer))  # the clinic extends the course
    listed = as_json(runner, "appointments")
    assert [a["series"] for a in listed][-2:] == [
        {"index": 7, "count": 8},
        {"index": 8, "count": 8},
    ]
    assert listed[0]["series"] == {"index": 1, "count": 8}
    again = ok(runner, "appointments", "import", older)  # the old invitation, again
    assert "cancelled" not in again.stderr and "updated" not in again.stderr
    assert [a["status"] for a in as_json(runner, "appointments")] == ["upcoming"] * 8


def test_a_later_cancellation_from_the_clinic_leaves_what_happened(
    runner: CliRunner, tmp_path: Path
) -> None:
    invite = tmp_path / "invite.ics"
    past = CLINIC_INVITE.replace("20261202T15", "20261127T15")
    invite.write_text(past, newline="")
    ok(runner, "appointments", "import", str(invite))
    ok(runner, "appointments", "done", "1", "--went")
    cancelled = past.replace(
        "SUMMARY:Ketamine", "STATUS:CANCELLED\r\nSEQUENCE:1\r\nSUMMARY:Ketamine"
    )
    invite.write_text(cancelled, newline="")
    ok(runner, "appointments", "import", str(invite))
    assert as_json(runner, "appointments", "--all")[-1]["status"] == "done"


def test_what_happened_cannot_be_cancelled(runner: CliRunner) -> None:
    ok(runner, "appointments", "add", "yesterday", "--kind", "therapy", "--yes")
    ok(runner, "appointments", "done", "1")
    assert "it happened" in refused(runner, "appointments", "cancel", "1", "--yes")
    assert as_json(runner, "appointments", "--all")[0]["status"] == "done"


def test_undo_a_whole_cancelled_series(runner: CliRunner) -> None:
    add_course(runner)
    ok(runner, "appointments", "cancel", "2", "--series", "--yes")
    restored = as_json(runner, "appointments", "cancel", "3", "--undo", "--series")
    assert [a["series"]["index"] for a in restored] == [3, 4, 5, 6]
    statuses = [a["status"] for a in as_json(runner, "appointments")]
    assert statuses == ["upcoming", "cancelled", *["upcoming"] * 4]


def test_export_since_reads_dates_as_every_since_does(runner: CliRunner) -> None:
    ok(runner, "appointments", "add", "2026-11-24", "--kind", "therapy", "--yes")  # Tuesday
    ok(runner, "appointments", "add", "2026-11-22", "--kind", "therapy", "--yes")  # Sunday
    # `monday` is the last Monday (23 November), as in `journal list --since monday`.
    assert ok(runner, "appointments", "export", "--since", "monday").stdout.count("VEVENT") == 2
    ok(runner, "appointments", "add", "in 5 days", "--kind", "therapy")
    since = ok(runner, "appointments", "export", "--since", "in 3 days").stdout
    assert since.count("BEGIN:VEVENT") == 1


def test_edit_refuses_a_time_and_all_day_together(runner: CliRunner) -> None:
    ok(runner, "appointments", "add", "tomorrow 10:00")
    assert "not both" in refused(runner, "appointments", "edit", "1", "11:00", "--all-day")


def test_a_backup_with_a_date_too_far_ahead_imports_nothing(
    runner: CliRunner, tmp_path: Path
) -> None:
    add_course(runner)
    backup = tmp_path / "backup.json"
    ok(runner, "journal", "export", "--output", str(backup))
    document = json.loads(backup.read_text())
    document["appointments"][0]["date"] = "9999-12-31"
    backup.write_text(json.dumps(document))
    assert "100 years ahead" in refused(runner, "journal", "import", str(backup))
