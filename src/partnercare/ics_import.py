"""Reading an iCalendar (.ics) file: a clinic's invitation, or partnercare's own export.

`parse_ics` reads and checks every event before anything is written, and refuses
the whole file in one line (naming it, and the event) on anything it cannot
take: a malformed file imports nothing, as with the journal's imports.

- Times: a DATE start is all day; a time in UTC or in a named zone (known to the
  system, or described by a VTIMEZONE in the file) becomes this machine's local
  wall time; a floating time (no zone) is taken as local wall time as written.
- Identity: partnercare's own `<uuid>@partnercare` UIDs give that uuid back; any
  other UID gives a uuid derived from it (uuid5), so importing a clinic's updated
  invitation again replaces the appointment instead of adding another.
- A repeating event (RRULE with COUNT or UNTIL, EXDATE honoured) becomes a series,
  one appointment per occurrence ("3 of 6").
- `X-PARTNERCARE-*` properties, written by `render/ics.py`, carry back what
  iCalendar has no field for; an event with them is `ours` and read exactly.

icalendar (and dateutil, which it depends on) is imported only while reading a file.
"""

from __future__ import annotations

import re
import uuid as uuidlib
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any, NamedTuple

from partnercare.appointments import (
    FIRST_DAY,
    MAX_LINE,
    MAX_NOTE,
    MAX_SERIES,
    YEARS_AHEAD,
    coerce_line,
    coerce_note,
    last_day,
)
from partnercare.errors import InvalidInputError
from partnercare.models import APPOINTMENT_KINDS, APPOINTMENT_STATES, NewAppointment

if TYPE_CHECKING:
    from icalendar import Component

# uuid5 namespace for appointments from calendar events, so a re-import matches.
NAMESPACE = uuidlib.UUID("3b8f6f52-1d7e-5c1a-9a4e-6c2b7d0e4f19")
MAX_EVENTS = 1000
MAX_UID = 1000
#: The most appointments one file may hold once repeating events are expanded.
MAX_TOTAL = 2000
#: A repeating event is expanded over at most this many years from its start, so a
#: rule that never matches (31 February) gives up at once instead of searching to 9999.
_RULE_YEARS = 10
_OUTCOME = "nothing was imported"
# What icalendar or dateutil may raise on a file they cannot read; each becomes one line.
_UNREADABLE = (
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    OverflowError,
    RecursionError,
)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_OUR_UID = re.compile(r"([0-9a-fA-F-]{36})@partnercare")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_BEGIN_EVENT = re.compile(r"^BEGIN:VEVENT[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
# Guessing a clinic's event's kind from its SUMMARY: the first rule that matches.
_GUESSES = (
    (("infusion", "ketamine"), "infusion"),
    (("couples",), "couples_therapy"),
    (("welcome", "intake", "introduct"), "welcome"),
    (("therapy", "therapist"), "therapy"),
    (("prescriber", "psychiatr"), "prescriber"),
)


class IcsEvent(NamedTuple):
    """One appointment read from a file: `ours` when partnercare wrote it (X-PARTNERCARE-KIND),
    `guessed_kind` when its kind was guessed from the SUMMARY. `version` orders two
    versions of one event (SEQUENCE, then LAST-MODIFIED or DTSTAMP), so an older
    file never undoes a newer change."""

    new: NewAppointment
    ours: bool
    guessed_kind: bool
    version: str = ""


class _Bad(Exception):
    """What is wrong with one event, worded to follow "event 3 ('Summary') in FILE"."""


def parse_ics(raw: bytes, *, source: str, today: date) -> list[IcsEvent]:
    """Every appointment in the file, in file order; the last of two with one uuid wins.

    Raises InvalidInputError naming `source` (and the event) on anything it refuses.
    """
    import icalendar

    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refused(source, "is not an iCalendar file (it is not UTF-8 text)") from None
    if content.lstrip()[:15].upper() != "BEGIN:VCALENDAR":
        raise _refused(source, "is not an iCalendar file (it does not start with BEGIN:VCALENDAR)")
    try:
        calendars = icalendar.Calendar.from_ical(content, multiple=True)
        events = [
            (str(cal.get("METHOD", "")).upper(), event)
            for cal in calendars
            for event in cal.walk("VEVENT")
        ]
        repeating = {_text(event, "UID") for _, event in events if "RRULE" in event}
    except _UNREADABLE as exc:
        reason = f"is not an iCalendar file partnercare can read ({_short(exc)})"
        raise _refused(source, reason) from None
    begun = len(_BEGIN_EVENT.findall(content))
    if len(events) != begun or not calendars:  # icalendar drops what is never closed
        raise _refused(source, "is cut short (an event or the calendar is never closed)")
    if not events:
        raise _refused(source, "has no events (VEVENT)")
    if len(events) > MAX_EVENTS:
        raise _refused(source, f"has more than {MAX_EVENTS:,} events")

    # One changed occurrence of a series (RECURRENCE-ID, the original start) is read
    # in place of that occurrence; one whose series is not in this file (an update
    # a calendar sends alone) is read as itself, and finds the occurrence it changes
    # by the same identity: the series' UID and the original start.
    overrides: dict[tuple[str, str], tuple[int, Component]] = {}
    for number, (_, event) in enumerate(events, start=1):
        if "RECURRENCE-ID" in event and _text(event, "UID") in repeating:
            try:
                original = _instant(_moment(event, "RECURRENCE-ID"))
            except (_Bad, *_UNREADABLE):
                continue
            overrides[(_text(event, "UID"), original)] = (number, event)
    import time as clock

    deadline = clock.monotonic() + RULE_SECONDS
    found: dict[str, IcsEvent] = {}
    for number, (method, event) in enumerate(events, start=1):
        try:
            if "RECURRENCE-ID" in event and _text(event, "UID") in repeating:
                continue  # read with its series
            for item in _read_event(event, method, today, overrides, source, deadline):
                found.pop(item.new.uuid, None)  # a later version of the same event
                found[item.new.uuid] = item
                if len(found) > MAX_TOTAL:
                    raise _refused(source, f"holds more than {MAX_TOTAL:,} appointments")
        except _Bad as exc:
            raise _refused(source, f"{exc}", event=(number, event)) from None
        except _UNREADABLE as exc:
            reason = f"could not be read ({_short(exc)})"
            raise _refused(source, reason, event=(number, event)) from None
    return list(found.values())


def _instant(moment: date | datetime) -> str:
    """A start as one string for matching: UTC for a zoned time, as written otherwise."""
    if isinstance(moment, datetime):
        if moment.utcoffset() is not None:
            return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        return moment.strftime("%Y%m%dT%H%M%S")
    return moment.strftime("%Y%m%d")


def _version(event: Component) -> str:
    """SEQUENCE, then LAST-MODIFIED (or DTSTAMP), as one string that sorts in order."""
    try:
        sequence = int(str(event.get("SEQUENCE", 0)))
    except ValueError:
        sequence = 0
    stamp = ""
    for name in ("LAST-MODIFIED", "DTSTAMP"):
        value = getattr(event.get(name), "dt", None)
        if isinstance(value, datetime):
            stamp = _instant(value)
            break
    return f"{max(0, min(sequence, 10**9)):010d} {stamp}"


def _refused(
    source: str, why: str, *, event: tuple[int, Component] | None = None
) -> InvalidInputError:
    if event is None:
        return InvalidInputError(f"{source} {why}; {_OUTCOME}")
    number, component = event
    try:
        title = _one_line(_text(component, "SUMMARY")).strip()
    except _UNREADABLE:
        title = ""
    if len(title) > 40:
        title = title[:39].rstrip() + "…"
    named = f"event {number} ({title!r})" if title else f"event {number}"
    return InvalidInputError(f"{named} in {source} {why}; {_OUTCOME}")


def _read_event(
    event: Component,
    method: str,
    today: date,
    overrides: dict[tuple[str, str], tuple[int, Component]],
    source: str,
    deadline: float,
) -> Iterator[IcsEvent]:
    new, ours, guessed = _fields(event, method)
    version = _version(event)
    start = _start(event)
    uid = _text(event, "UID")
    if len(uid) > MAX_UID:
        raise _Bad(f"has a UID over {MAX_UID:,} characters")
    key = uid or f"{start.isoformat()}\0{new.title}"  # no UID: its start and summary

    if "RRULE" not in event:
        day, at = _local(start, today)
        mine = _OUR_UID.fullmatch(uid)
        if mine and _is_uuid(mine.group(1)):
            event_uuid, ical_uid = mine.group(1).lower(), None
        elif "RECURRENCE-ID" in event:
            # A changed occurrence sent alone: the occurrence it changes.
            original = _instant(_moment(event, "RECURRENCE-ID"))
            event_uuid, ical_uid = str(uuidlib.uuid5(NAMESPACE, f"{key}#{original}")), None
        else:
            event_uuid, ical_uid = str(uuidlib.uuid5(NAMESPACE, key)), uid or None
        new = new._replace(uuid=event_uuid, day=day, at=at, ical_uid=ical_uid)
        yield IcsEvent(new, ours, guessed, version)
        return

    occurrences = _occurrences(event, start, deadline)
    if not occurrences:
        raise _Bad("has a repeat rule (RRULE) that gives no dates")
    shared = str(uuidlib.uuid5(NAMESPACE, key))
    count = len(occurrences)
    for place, moment in enumerate(occurrences, start=1):
        original = _instant(moment)
        item, item_version = new, version
        changed = overrides.get((uid, original))
        if changed is not None:
            number, override = changed
            try:
                item, _, _ = _fields(override, method)
                item = item._replace(kind=new.kind)
                item_version = _version(override)
                moment = _start(override)
            except _Bad as exc:
                raise _refused(source, f"{exc}", event=(number, override)) from None
        day, at = _local(moment, today)
        # Each occurrence is known by the series' UID and its original start, so a
        # later version of the invitation (one occurrence moved, one left out)
        # changes that one appointment and no other. Exported back as partnercare's
        # own events (ical_uid None): one UID for six appointments would make a
        # calendar keep only one of them.
        yield IcsEvent(
            item._replace(
                uuid=str(uuidlib.uuid5(NAMESPACE, f"{key}#{original}")),
                day=day,
                at=at,
                series=(place, count) if count > 1 else None,
                series_uuid=shared,
                ical_uid=None,
            ),
            ours,
            guessed,
            item_version,
        )


def _fields(event: Component, method: str) -> tuple[NewAppointment, bool, bool]:
    """What an event says, apart from when and which: (the record, ours, guessed)."""
    ours = "X-PARTNERCARE-KIND" in event
    summary = _text(event, "SUMMARY")
    # The rule `appointments add` applies, made to fit rather than refused (a no-break
    # space from an email, a line break in a title), so a backup of what was
    # imported always imports again. Only what is too long is refused.
    title = _text(event, "X-PARTNERCARE-TITLE") if ours else summary
    where = _text(event, "LOCATION")
    note = _text(event, "DESCRIPTION")
    driver = _text(event, "X-PARTNERCARE-DRIVER") if ours else ""
    for name, value, limit in (
        ("title", title, MAX_LINE),
        ("place", where, MAX_LINE),
        ("driver", driver, MAX_LINE),
        ("note", note, MAX_NOTE),
    ):
        if len(value) > limit:
            raise _Bad(f"has a {name} over {limit:,} characters")
    title, where, driver = coerce_line(title), coerce_line(where), coerce_line(driver)
    note = coerce_note(note)

    kind = _text(event, "X-PARTNERCARE-KIND") if ours else ""
    guessed = kind not in APPOINTMENT_KINDS
    if guessed:
        kind = _guess_kind(summary)
    state = _text(event, "X-PARTNERCARE-STATE") if ours else ""
    if state not in APPOINTMENT_STATES:
        cancelled = _text(event, "STATUS").upper() == "CANCELLED" or method == "CANCEL"
        state = "cancelled" if cancelled else "planned"
    going = {"TRUE": True, "FALSE": False}.get(_text(event, "X-PARTNERCARE-GOING").upper())
    series, series_uuid = _our_series(_text(event, "X-PARTNERCARE-SERIES"))
    record = NewAppointment(  # uuid, day and time follow, from the start and the UID
        uuid="",
        kind=kind,
        day=date.min,
        at=None,
        title=title,
        where=where,
        note=note,
        going=going if ours else None,
        driver=driver,
        state=state,
        series=series if ours else None,
        series_uuid=series_uuid if ours else None,
    )
    return record, ours, guessed


def _start(event: Component) -> date | datetime:
    return _moment(event, "DTSTART")


def _moment(event: Component, name: str) -> date | datetime:
    """DTSTART or RECURRENCE-ID: a date, or a date and time (zoned, UTC or floating)."""
    from icalendar import vBroken

    what = "start (DTSTART)" if name == "DTSTART" else f"original start ({name})"
    if name not in event:
        raise _Bad(f"has no {what}")
    value = event[name]
    if isinstance(value, list):
        value = value[0]
    moment = None if isinstance(value, vBroken) else getattr(value, "dt", None)
    if not isinstance(moment, date):  # a broken value, or a time or a duration
        article = "a" if name == "DTSTART" else "an"
        raise _Bad(f"has {article} {what} that is not a date or a date and time")
    zone = getattr(value, "params", {}).get("TZID")
    if zone and isinstance(moment, datetime) and moment.utcoffset() is None:
        # A zone neither the system nor the file describes: its times would be a guess.
        shown = _one_line(str(zone))[:40]
        raise _Bad(f"uses a time zone partnercare does not know ({shown!r})")
    return moment


def _local(start: date | datetime, today: date) -> tuple[date, time | None]:
    """The local wall-clock day and minute (None: all day) of a start."""
    if isinstance(start, datetime):
        if start.utcoffset() is not None:
            start = start.astimezone()
        day, at = start.date(), start.time().replace(second=0, microsecond=0, tzinfo=None)
    else:
        day, at = start, None
    if day < FIRST_DAY:
        raise _Bad(f"is dated {day.isoformat()}, before {FIRST_DAY.year}")
    if day > last_day(today):
        raise _Bad(f"is dated {day.isoformat()}, more than {YEARS_AHEAD} years ahead")
    return day, at


def _occurrences(
    event: Component, start: date | datetime, deadline: float
) -> list[date | datetime]:
    """Every start of a repeating event, EXDATEs left out (RDATE is not read)."""
    from dateutil.rrule import rrulestr
    from icalendar import vRecur

    rule = event["RRULE"]
    if not isinstance(rule, vRecur):  # several rules, or one icalendar could not read
        raise _Bad("has a repeat rule (RRULE) partnercare cannot read")
    if "COUNT" not in rule and "UNTIL" not in rule:
        raise _Bad("repeats without end (its RRULE has neither COUNT nor UNTIL)")
    if str(rule.get("FREQ", [""])[0]).upper() in ("SECONDLY", "MINUTELY", "HOURLY") or any(
        part in rule for part in ("BYHOUR", "BYMINUTE", "BYSECOND")
    ):
        raise _Bad("repeats more often than once a day")
    if "COUNT" in rule:
        count = rule["COUNT"][0]
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise _Bad("has a repeat rule (RRULE) whose COUNT is not a number from 1")
    # Expanded in the event's own wall time, so 10:00 stays 10:00 in its zone across
    # a daylight-saving change; the zone is put back on each occurrence.
    zone = start.tzinfo if isinstance(start, datetime) else None
    first = _wall(start, zone)
    without_until: Any = vRecur({name: value for name, value in rule.items() if name != "UNTIL"})
    try:
        expansion: Any = rrulestr(str(without_until.to_ical(), "ascii"), dtstart=first)
    except _UNREADABLE:
        raise _Bad("has a repeat rule (RRULE) partnercare cannot read") from None
    bound = _add_years(first, _RULE_YEARS)
    if "UNTIL" in rule and "COUNT" not in rule:
        until = rule["UNTIL"][0]
        end = datetime.combine(until, time.max) if type(until) is date else _wall(until, zone)
        bound = min(bound, end)
    # COUNT is counted below; the search itself stops at the bound.
    expansion = expansion.replace(until=bound, count=None)
    wanted = int(rule["COUNT"][0]) if "COUNT" in rule else None
    try:
        skipped = _exdates(event, zone)
    except _UNREADABLE:
        raise _Bad("has a left-out date (EXDATE) partnercare cannot read") from None
    found: list[date | datetime] = []
    limit = wanted if wanted is not None else MAX_SERIES + 1 + len(skipped)
    for seen, moment in enumerate(_first(expansion, limit, deadline)):
        if wanted is not None and seen >= wanted:
            break  # COUNT counts the occurrences an EXDATE then removes, too
        if moment in skipped or moment.date() in skipped:
            continue
        if len(found) == MAX_SERIES:
            raise _Bad(f"is a series of more than {MAX_SERIES}")
        if not isinstance(start, datetime):
            found.append(moment.date())
        else:
            found.append(moment.replace(tzinfo=zone))
    return found


#: How long working out the dates of all the repeating events in one file may take.
#: dateutil looks for the next date up to the year 9999 even past UNTIL, so a rule
#: that never matches (31 February) takes a second or more; a file of them is refused
#: once this is spent, instead of running for minutes.
RULE_SECONDS = 3.0


def _first(expansion: Any, limit: int, deadline: float) -> list[datetime]:
    """The first `limit` dates of a rule, worked out in a thread that is given up on at
    `deadline` (time.monotonic; the thread is a daemon: it ends with the process)."""
    import threading
    import time as clock
    from itertools import islice

    result: list[datetime] = []
    failed: list[BaseException] = []

    def work() -> None:
        try:
            result.extend(islice(expansion, limit))
        except BaseException as exc:  # passed on below, in this thread
            failed.append(exc)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - clock.monotonic()))
    if worker.is_alive():
        raise _Bad("has a repeat rule (RRULE) whose dates cannot be worked out")
    if failed:  # dateutil stumbled over the rule (INTERVAL=0, and the like)
        raise _Bad("has a repeat rule (RRULE) partnercare cannot read")
    return result


def _add_years(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28)


def _exdates(event: Component, zone: Any) -> set[date | datetime]:
    """The excluded starts as wall times in the event's zone (dates for DATE values)."""
    given = event.get("EXDATE", [])
    skipped: set[date | datetime] = set()
    for group in given if isinstance(given, list) else [given]:
        for value in getattr(group, "dts", []):
            moment = value.dt
            skipped.add(_wall(moment, zone) if isinstance(moment, datetime) else moment)
    return skipped


def _wall(moment: date | datetime, zone: Any) -> datetime:
    """A naive wall time in `zone` (None: this machine's, for a floating start)."""
    if not isinstance(moment, datetime):
        return datetime.combine(moment, time())
    if moment.utcoffset() is not None:
        moment = moment.astimezone(zone) if zone is not None else moment.astimezone()
    return moment.replace(tzinfo=None)


def _text(event: Component, name: str) -> str:
    """A text property, unescaped, control characters (but newline and tab) removed."""
    from icalendar import vText

    value = event.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0]
    if isinstance(value, vText):
        found = str(value)
    else:  # an X- property: icalendar keeps it as written, escapes and all
        found = _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), str(value))
    return _CONTROL.sub("", found.replace("\r\n", "\n"))


def _one_line(value: str) -> str:
    return value.replace("\n", " ")


def _guess_kind(summary: str) -> str:
    lowered = summary.lower()
    for words, kind in _GUESSES:
        if any(word in lowered for word in words):
            return kind
    return "other"


def _our_series(value: str) -> tuple[tuple[int, int] | None, str | None]:
    """`X-PARTNERCARE-SERIES:<series uuid>;<place>;<count>` (unescaped), else nothing."""
    shared, _, numbers = value.rpartition(";")
    shared, _, place = shared.rpartition(";")
    series = None
    if place.isdigit() and numbers.isdigit() and 1 <= int(place) <= int(numbers):
        series = (int(place), int(numbers))
    return series, shared or None


def _is_uuid(value: str) -> bool:
    try:
        uuidlib.UUID(value)
    except ValueError:
        return False
    return True


def _short(exc: BaseException) -> str:
    """An error from icalendar as a short single line, whatever the file held."""
    words = " ".join(_CONTROL.sub(" ", str(exc)).split()) or type(exc).__name__
    return words if len(words) <= 80 else words[:79] + "…"
