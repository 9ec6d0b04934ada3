"""Appointments: the treatment course and therapy sessions, planned together.

Pure parts first (reading WHEN and `--every`, expanding a series, the words an
appointment is shown in), then the service the commands call (add, edit,
cancel, done, lists, the today screen's next appointment, the check-in's day).
Never prints, never prompts.

Times are local wall-clock times: a series at 10:00 stays at 10:00 across a
daylight-saving change, and the offset is worked out only when a moment is
written out (`starts`, the .ics export).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from partnercare.errors import InvalidInputError, NotFoundError
from partnercare.models import APPOINTMENT_KINDS, Appointment, NewAppointment

if TYPE_CHECKING:
    from partnercare.store import Store

KINDS = APPOINTMENT_KINDS
#: A kind in words, as it starts a sentence.
KIND_WORDS = {
    "infusion": "Infusion",
    "welcome": "Welcome session",
    "therapy": "Therapy",
    "couples_therapy": "Couples therapy",
    "prescriber": "Prescriber",
    "other": "Appointment",
}
#: The check-in's treatment answer an appointment of this kind stands for.
TREATMENT_OF_KIND = {
    "infusion": "infusion",
    "therapy": "therapy",
    "couples_therapy": "couples_therapy",
}
#: The longest series partnercare plans (a course is four to eight, then boosters).
MAX_SERIES = 60
MAX_LINE = 200  # title, where, driver: one line each
MAX_NOTE = 10_000
#: How many past appointments `appointments` shows under the upcoming ones.
RECENT_PAST = 3
#: The days an appointment may fall on: from 1900, to this many years ahead.
FIRST_DAY = date(1900, 1, 1)
YEARS_AHEAD = 100

_WHEN_EXAMPLES = "try 2026-12-01 10:00, tomorrow 10am, 'next thursday 14:30' or 'in 3 days at 9'"
_EVERY_EXAMPLES = "try mon,thu (weekdays), 3d (every 3 days) or 1w (every week)"
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


# -- reading what was typed ----------------------------------------------------------------


def _invalid(text: str, why: str, examples: str) -> InvalidInputError:
    from partnercare.text import one_line

    return InvalidInputError(f"{why}: {one_line(repr(text), 60)} ({examples})")


_ISO_MOMENT = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[t ](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_CLOCK = re.compile(r"(?:\bat )?\b(\d{1,2})(?:[:.](\d{2}))? ?([ap])\.?m\.?(?=$| )")
_CLOCK_24 = re.compile(r"(?:\bat )?\b(\d{1,2})[:.](\d{2})(?=$| )")
_AT_HOUR = re.compile(r"\bat (\d{1,2})(?=$| )")
_NOON = re.compile(r"(?:\bat )?\b(noon|midday|midnight)\b")
_IN = re.compile(r"in (\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten) (day|week)s?")
_SMALL = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
          "seven": 7, "eight": 8, "nine": 9, "ten": 10}  # fmt: skip


def parse_when(
    text: str, *, now: datetime, keep: tuple[date, time | None] | None = None
) -> tuple[date, time | None]:
    """The day and (optional) time `text` names, relative to `now` (local).

    ISO (`2026-12-01`, `2026-12-01 10:00`, `2026-12-01T10:00`) or everyday words:
    `tomorrow 10am`, `next thursday 14:30`, `in 3 days at 9`, `friday at noon`,
    `1 dec 9:30am`. A weekday alone is the coming one (today included); `next
    thursday` is the first Thursday after today. A day and month without a year
    is the one nearest today. No time: all day (None).

    `keep` (an edit): the day and time being changed; a WHEN with only a time keeps
    the day, and one with only a date keeps the time.
    """
    cleaned = " ".join(text.split()).lower().replace(",", " ")
    cleaned = " ".join(cleaned.split())
    if not cleaned or len(cleaned) > 80:
        raise _invalid(text, "not a date and time I understand", _WHEN_EXAMPLES)
    day, at = _parse_when(cleaned, text, now=now, keep=keep)
    if not FIRST_DAY <= day <= last_day(now.date()):
        raise InvalidInputError(
            f"{day.isoformat()} is too far from today for an appointment "
            f"(from {FIRST_DAY.year} to {YEARS_AHEAD} years ahead); nothing was saved"
        )
    return day, at


def last_day(today: date) -> date:
    """The latest day an appointment may fall on: the end of the year YEARS_AHEAD on
    (every offset can still be applied to it). The one rule, for typed dates, series,
    calendar files and backups alike."""
    return date(min(today.year + YEARS_AHEAD, 9998), 12, 31)


def _parse_when(
    cleaned: str, text: str, *, now: datetime, keep: tuple[date, time | None] | None
) -> tuple[date, time | None]:
    if match := _ISO_MOMENT.fullmatch(cleaned):
        day = _date_part(match[1], text, now.date())
        if match[2] is None:
            return day, None if keep is None else keep[1]
        return day, _clock(int(match[2]), int(match[3]), text)
    at, rest = _time_part(cleaned, text)
    rest = rest.strip()
    for word in ("at", "on"):
        rest = rest.removesuffix(f" {word}").removeprefix(f"{word} ")
        if rest == word:
            rest = ""
    if not rest:
        return (now.date() if keep is None else keep[0]), at
    day = _date_part(rest, text, now.date())
    return day, (at if at is not None or keep is None else keep[1])


def _clock(hour: int, minute: int, text: str) -> time:
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise _invalid(text, "no such time of day", _WHEN_EXAMPLES)
    return time(hour, minute)


def _time_part(cleaned: str, text: str) -> tuple[time | None, str]:
    """The time of day in the words, and the words left for the day."""
    if match := _CLOCK.search(cleaned):
        hour, minute = int(match[1]), int(match[2] or 0)
        if not 1 <= hour <= 12:
            raise _invalid(text, "no such time of day", _WHEN_EXAMPLES)
        hour = hour % 12 + (12 if match[3] == "p" else 0)
        return _clock(hour, minute, text), _cut(cleaned, match)
    if match := _CLOCK_24.search(cleaned):
        return _clock(int(match[1]), int(match[2]), text), _cut(cleaned, match)
    if match := _NOON.search(cleaned):
        return (time(0, 0) if match[1] == "midnight" else time(12, 0)), _cut(cleaned, match)
    if match := _AT_HOUR.search(cleaned):
        hour = int(match[1])
        if 1 <= hour <= 6:
            # "at 3" is almost surely the afternoon, but a guess could send someone
            # to a clinic at the wrong time: asked instead.
            raise _invalid(
                text,
                f"at {hour} could be morning or afternoon",
                f"write {hour}pm, {hour}am or {hour + 12}:00",
            )
        return _clock(hour, 0, text), _cut(cleaned, match)
    return None, cleaned


def _cut(cleaned: str, match: re.Match[str]) -> str:
    return " ".join((cleaned[: match.start()] + " " + cleaned[match.end() :]).split())


def _date_part(words: str, text: str, today: date) -> date:
    from partnercare.dates import parse_date

    if match := _IN.fullmatch(words):
        count = int(match[1]) if match[1].isdigit() else _SMALL[match[1]]
        return today + timedelta(days=count * (7 if match[2] == "week" else 1))
    parts = words.split(" ")
    named = _weekday(parts[0]) if len(parts) > 2 else None
    if named is not None:
        # "thursday 3 dec", "Thursday, December 3" as invitations write it: the date
        # decides, and a weekday that does not fit it is pointed out.
        day = _date_part(" ".join(parts[1:]), text, today)
        if day.weekday() != named:
            raise _invalid(
                text,
                f"{day.isoformat()} is a {day:%A}, not a {_DAY_NAMES[named].capitalize()}",
                "check the date",
            )
        return day
    weekday = _weekday(parts[-1]) if len(parts) <= 2 else None
    if weekday is not None and (len(parts) == 1 or parts[0] in ("next", "this", "on")):
        ahead = (weekday - today.weekday()) % 7
        if parts[0] == "next" and ahead == 0:
            ahead = 7
        return today + timedelta(days=ahead)
    try:
        day = parse_date(words, today=today)
    except InvalidInputError as exc:
        if not str(exc).startswith("not a date I understand"):
            raise  # a reason of its own: "no such day", "a date before 1900"
        raise _invalid(text, "not a date and time I understand", _WHEN_EXAMPLES) from None
    if not re.search(r"\d{4}", words) and re.search(r"[a-z]", words) and re.search(r"\d", words):
        # A day and month without a year ("1 dec"): the one nearest today, so that
        # in late November "5 jan" is in January to come, and "20 nov" just past.
        day = (
            min(
                (_same_day(day, day.year + step) for step in (-1, 0, 1)),
                key=lambda d: abs((d - today).days) if d is not None else 1 << 30,
            )
            or day
        )
    return day


def _same_day(day: date, year: int) -> date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return None


def _weekday(word: str) -> int | None:
    """A weekday by its English name, full or from three letters (mon, thurs)."""
    if len(word) < 3:
        return None
    found = [n for n, name in enumerate(_DAY_NAMES) if name.startswith(word)]
    return found[0] if len(found) == 1 else None


@dataclass(frozen=True)
class Every:
    """How a series repeats: on these weekdays (0 = Monday), or every `days` days."""

    weekdays: tuple[int, ...] = ()
    days: int = 0

    def describe(self) -> str:
        if self.weekdays:
            return ", ".join(_DAY_NAMES[n].capitalize() for n in self.weekdays)
        if self.days % 7 == 0:
            weeks = self.days // 7
            return "every week" if weeks == 1 else f"every {weeks} weeks"
        return "every day" if self.days == 1 else f"every {self.days} days"


_STEP = re.compile(r"(\d{1,3}) ?(d|day|days|w|wk|week|weeks)")


def parse_every(text: str) -> Every:
    """`mon,thu` (English weekday names, three letters or full), `3d`, `1w`, `2 weeks`,
    `daily`, `weekly`."""
    cleaned = " ".join(text.lower().split())
    if cleaned in ("daily", "every day"):
        return Every(days=1)
    if cleaned in ("weekly", "every week"):
        return Every(days=7)
    if match := _STEP.fullmatch(cleaned.removeprefix("every ")):
        count = int(match[1])
        days = count * (7 if match[2].startswith("w") else 1)
        if not 1 <= days <= 366:
            raise _invalid(
                text, "--every must repeat from once a day to once a year", _EVERY_EXAMPLES
            )
        return Every(days=days)
    names = [word for word in re.split(r"[,\s/+&]+|\band\b", cleaned) if word]
    weekdays = [_weekday(name) for name in names]
    if not names or any(day is None for day in weekdays):
        raise _invalid(text, "--every is not a repeat I understand", _EVERY_EXAMPLES)
    return Every(weekdays=tuple(sorted({day for day in weekdays if day is not None})))


def expand(first: date, count: int, every: Every) -> list[date]:
    """The `count` days of a series from `first`. On weekdays, the series starts on
    the first of those weekdays on or after `first`."""
    if not 1 <= count <= MAX_SERIES:
        raise InvalidInputError(
            f"--repeat takes a number from 1 to {MAX_SERIES} (a course is usually 4 to 8)"
        )
    try:
        if every.days:
            return [first + timedelta(days=every.days * n) for n in range(count)]
        days: list[date] = []
        day = first
        while len(days) < count:
            if day.weekday() in every.weekdays:
                days.append(day)
            day += timedelta(days=1)
        return days
    except OverflowError:
        raise InvalidInputError("that series would run past the year 9999") from None


def _unwanted(ch: str, *, lines: bool) -> bool:
    """A character a title or note cannot hold: control characters (the terminal
    would act on them), and line breaks where one line is wanted."""
    import unicodedata

    if ch == "\t":
        return False
    if ch in "\n\r\u2028\u2029\x85":
        return not lines
    return unicodedata.category(ch) == "Cc"


def _tidy(text: str, *, lines: bool) -> str:
    """Spaces of any kind (a no-break space pasted from an email) as plain spaces; a
    note keeps its lines (one kind of line break) and the spacing inside them."""
    if not lines:
        return " ".join(text.split())
    for brk in ("\r\n", "\r", "\u2028", "\u2029", "\x85"):
        text = text.replace(brk, "\n")
    text = "".join(" " if ch.isspace() and ch not in "\n\t" else ch for ch in text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def check_line(text: str | None, name: str) -> str:
    """A title, place or driver as typed: one line, at most MAX_LINE characters.
    Control characters are refused, by name, rather than quietly changed."""
    if text is None:
        return ""
    if any(_unwanted(ch, lines=False) for ch in text):
        raise InvalidInputError(
            f"{name} must be one line of plain text (no line breaks or control "
            "characters); nothing was saved"
        )
    text = _tidy(text, lines=False)
    if len(text) > MAX_LINE:
        raise InvalidInputError(
            f"{name} is {len(text):,} characters; at most {MAX_LINE} fit; nothing was saved"
        )
    return text


def check_note(text: str | None) -> str:
    """A note as typed: lines of text, at most MAX_NOTE characters."""
    if text is None:
        return ""
    if any(_unwanted(ch, lines=True) for ch in text):
        raise InvalidInputError("--note holds control characters; nothing was saved")
    text = _tidy(text, lines=True)
    if len(text) > MAX_NOTE:
        raise InvalidInputError(
            f"--note is {len(text):,} characters; at most {MAX_NOTE:,} fit; nothing was saved"
        )
    return text


def coerce_line(text: str) -> str:
    """A title, place or driver from a file (an invitation, a backup): made to fit the
    rule instead of refused, so that what one part of partnercare saved, another
    never refuses. Line breaks become spaces; control characters go."""
    kept = "".join(" " if ch in "\n\r\u2028\u2029\x85" else ch for ch in text)
    return _tidy("".join(ch for ch in kept if not _unwanted(ch, lines=False)), lines=False)[
        :MAX_LINE
    ]


def coerce_note(text: str) -> str:
    """A note from a file, made to fit the rule (see `coerce_line`)."""
    kept = "".join(ch for ch in text if not _unwanted(ch, lines=True))
    return _tidy(kept, lines=True)[:MAX_NOTE]


def check_kind(kind: str) -> str:
    cleaned = kind.strip().lower().replace("-", "_").replace(" ", "_")
    if cleaned == "couples":
        cleaned = "couples_therapy"
    if cleaned not in KINDS:
        raise InvalidInputError(f"--kind must be one of {', '.join(KINDS)}, not {kind!r}")
    return cleaned


# -- what an appointment is now, in words --------------------------------------------------


def status(item: Appointment, today: date) -> str:
    """upcoming, done, missed (its day passed and nothing recorded it) or cancelled."""
    if item.state in ("done", "cancelled"):
        return item.state
    return "upcoming" if item.day >= today else "missed"


def local_moment(day: date, at: time) -> datetime:
    """A wall-clock day and time in this machine's zone, as an aware moment.

    A time the clocks skip (02:30 on the night they go forward) is read with the
    offset before the change, as calendars do (RFC 5545): 02:30 becomes 03:30.
    At the ends of the calendar, where no offset can be applied, UTC is used."""
    naive = datetime.combine(day, at)
    try:
        found = [naive.replace(fold=fold).astimezone() for fold in (0, 1)]
    except (OverflowError, ValueError, OSError):
        return naive.replace(tzinfo=UTC)
    same = [m for m in found if m.replace(tzinfo=None) == naive]
    if same:
        return same[0]
    return max(found, key=lambda m: m.timestamp()).astimezone()


def starts(item: Appointment | NewAppointment) -> str:
    """The start as ISO: a date, or the local date-time with its offset on that day."""
    if item.at is None:
        return item.day.isoformat()
    return local_moment(item.day, item.at).isoformat()


def kind_words(item: Appointment | NewAppointment) -> str:
    """ "Infusion 3 of 6", "Couples therapy"."""
    words = KIND_WORDS.get(item.kind, "Appointment")
    if item.series is not None:
        words += f" {item.series[0]} of {item.series[1]}"
    return words


def clock_words(at: time) -> str:
    return f"{at:%H:%M}"


def when_words(item: Appointment | NewAppointment, today: date, *, short: bool = False) -> str:
    """ "tomorrow, Thursday 3 December, 10:00", "Monday 30 November" (all day); `short`
    for lists: "tomorrow, Thu 3 Dec, 10:00"."""
    day = item.day
    name = f"{day:%a} {day.day} {day:%b}" if short else f"{day:%A} {day.day} {day:%B}"
    if day.year != today.year:
        name += f" {day.year}"
    near = {0: "today", 1: "tomorrow", -1: "yesterday"}.get((day - today).days)
    words = f"{near}, {name}" if near else name
    return words if item.at is None else f"{words}, {clock_words(item.at)}"


def on_when(item: Appointment | NewAppointment, today: date) -> str:
    """When, inside a sentence: "tomorrow, Sunday 29 November", "on Monday 30 November"."""
    words = when_words(item, today)
    return words if words.startswith(("today", "tomorrow", "yesterday")) else f"on {words}"


def going_words(item: Appointment, today: date) -> str:
    """Whether the user goes along, in the tense the appointment is in."""
    past = status(item, today) in ("done", "missed")
    if item.going is None:
        return ""
    if past:
        return "you went along" if item.going else "you did not go along"
    return "you're going" if item.going else "you're not going"


# -- the service ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What `add` will save: the appointments and whether any is in the past."""

    appointments: tuple[NewAppointment, ...]
    in_the_past: bool


def plan(
    *,
    when: str,
    now: datetime,
    kind: str | None,
    title: str | None,
    where: str | None,
    note: str | None,
    going: bool | None,
    driver: str | None,
    repeat: int | None,
    every: str | None,
) -> Plan:
    """Everything `appointments add` was given, checked, as the appointments to save."""
    import uuid as uuidlib

    if repeat is not None and every is None:
        raise InvalidInputError("--repeat needs --every (for example --every mon,thu or 3d)")
    if every is not None and repeat is None:
        raise InvalidInputError("--every needs --repeat N (how many in the series)")
    day, at = parse_when(when, now=now)
    kind_ = check_kind(kind) if kind is not None else ("infusion" if repeat else "other")
    title_, where_ = check_line(title, "--title"), check_line(where, "--where")
    note_, driver_ = check_note(note), check_line(driver, "--driver")
    if repeat is None or every is None:
        days = [day]
        series_uuid = None
    else:
        days = expand(day, repeat, parse_every(every))
        series_uuid = str(uuidlib.uuid4())
    if days[-1] > last_day(now.date()):
        raise InvalidInputError(
            f"that series would run to {days[-1].isoformat()}, more than {YEARS_AHEAD} years "
            "ahead; nothing was saved"
        )
    news = tuple(
        NewAppointment(
            uuid=str(uuidlib.uuid4()),
            kind=kind_,
            day=d,
            at=at,
            going=going,
            series=None if series_uuid is None else (n, len(days)),
            series_uuid=series_uuid,
            title=title_,
            where=where_,
            note=note_,
            driver=driver_,
        )
        for n, d in enumerate(days, start=1)
    )
    first = news[0]
    local_now = now.replace(tzinfo=None)
    past = first.day < local_now.date() or (
        first.at is not None and datetime.combine(first.day, first.at) < local_now
    )
    return Plan(news, past)


def stamp() -> str:
    from partnercare import clock

    return clock.now().isoformat()


def add(store: Store, planned: Plan) -> list[Appointment]:
    from partnercare.store import appointments as table

    return table.add(store, planned.appointments, stamp())


def parse_id(text: str) -> int:
    cleaned = text.strip().removeprefix("#")
    if not (cleaned.isascii() and cleaned.isdigit()):
        raise InvalidInputError(
            f"an appointment id is a number, as 'partnercare appointments' shows it, not {text!r}"
        )
    # A number too big for any id names no appointment (0 names none either).
    return int(cleaned) if len(cleaned) <= 18 else 0


def get(store: Store, appointment_id: int) -> Appointment:
    from partnercare.store import appointments as table

    found = table.get(store, appointment_id)
    if found is None:
        raise NotFoundError(
            f"there is no appointment {appointment_id}; 'partnercare appointments --all' lists them"
        )
    return found


def listing(
    store: Store, today: date, *, past: bool, everything: bool, kind: str | None
) -> tuple[list[Appointment], list[Appointment]]:
    """(upcoming, past) for `appointments list`: by default every upcoming one and the
    last RECENT_PAST past ones; `past`: only past ones, newest first; `everything`: all."""
    from partnercare.store import appointments as table

    yesterday = today - timedelta(days=1)
    upcoming: list[Appointment] = []
    if not past:
        upcoming = table.between(store, since=today, kind=kind)
    limit = None if past or everything else RECENT_PAST
    earlier = table.between(store, until=yesterday, kind=kind, newest_first=True, limit=limit)
    return upcoming, earlier[::-1] if not past else earlier


def next_appointment(store: Store, now: datetime) -> Appointment | None:
    """The next planned appointment: later today (or all day today), or after."""
    from partnercare.store import appointments as table

    local = now.replace(tzinfo=None)
    return table.next_planned(store, local.date(), local.time())


def on_day(store: Store, day: date) -> list[Appointment]:
    """The day's appointments that are not cancelled."""
    from partnercare.store import appointments as table

    return table.between(store, since=day, until=day, cancelled=False)


def checkin_defaults(items: Sequence[Appointment]) -> dict[str, object]:
    """What the check-in's treatment questions default to on a day with these
    appointments: the treatment of the first infusion or therapy appointment, and
    whether the user said they were going."""
    for item in sorted(
        items,
        key=lambda a: list(TREATMENT_OF_KIND).index(a.kind) if a.kind in TREATMENT_OF_KIND else 99,
    ):
        if item.kind in TREATMENT_OF_KIND:
            defaults: dict[str, object] = {"treatment": TREATMENT_OF_KIND[item.kind]}
            if item.going is not None:
                defaults["accompanied"] = item.going
            return defaults
    return {}


def marking(day: date, treatment: str, went: bool | None) -> Callable[[Any], object] | None:
    """What saving a check-in that logged `treatment` also writes, in its transaction:
    the day's planned appointment of that kind marked done (and whether the user went
    along, when known). None when the check-in logged no treatment."""
    kinds = [kind for kind, answer in TREATMENT_OF_KIND.items() if answer == treatment]
    if not kinds:
        return None
    from partnercare.store import appointments as table

    when = stamp()

    def mark(conn: Any) -> None:
        for kind in kinds:
            table.mark_done_in(conn, day, kind, went, when)

    return mark


def missed_infusion(store: Store, today: date, checked_in: Iterable[date]) -> Appointment | None:
    """An infusion in the last three days that nothing recorded (no check-in that day,
    not marked done or cancelled): the nudge asks gently what happened."""
    from partnercare.store import appointments as table

    logged = set(checked_in)
    found = table.between(
        store,
        since=today - timedelta(days=3),
        until=today - timedelta(days=1),
        kind="infusion",
        cancelled=False,
        newest_first=True,
    )
    return next((a for a in found if a.state == "planned" and a.day not in logged), None)


def edit(store: Store, item: Appointment, changes: dict[str, object]) -> Appointment:
    from partnercare.store import appointments as table

    if not changes:
        return item
    return table.update(store, [item.id], changes, stamp())[0]


def cancel(
    store: Store, item: Appointment, *, whole_series: bool, today: date
) -> list[Appointment]:
    """Cancel one appointment, or with `whole_series` every one of its series still to
    come (from this one on, not done); those already past stay as they were."""
    from partnercare.store import appointments as table

    targets = [item]
    if whole_series and item.series_uuid is not None:
        targets = [
            a
            for a in table.series(store, item.series_uuid)
            if a.state == "planned" and (a.id == item.id or a.day >= max(today, item.day))
        ]
    targets = [a for a in targets if a.state != "cancelled"]
    if not targets:
        return []
    return table.update(store, [a.id for a in targets], {"state": "cancelled"}, stamp())


def restore(
    store: Store, item: Appointment, *, whole_series: bool = False, today: date
) -> list[Appointment]:
    """A cancelled appointment planned again (`cancel --undo`); with `whole_series`,
    every cancelled one of its series from it on."""
    from partnercare.store import appointments as table

    targets = [item]
    if whole_series and item.series_uuid is not None:
        targets = [
            a
            for a in table.series(store, item.series_uuid)
            if a.state == "cancelled" and (a.id == item.id or a.day >= item.day)
        ]
    return table.update(store, [a.id for a in targets], {"state": "planned"}, stamp())


def mark_done(store: Store, item: Appointment, went: bool | None, today: date) -> Appointment:
    """Record that it happened (a cancelled one too: plans change back), and whether
    the user went along. Not before its day."""
    if item.day > today:
        raise InvalidInputError(
            f"appointment {item.id} is {when_words(item, today)}, still to come; "
            "mark it done on the day or after"
        )
    changes: dict[str, object] = {"state": "done"}
    if went is not None:
        changes["going"] = went
    return edit(store, item, changes)


# -- the care lists around an infusion ---------------------------------------------------------


def care(
    when: str, *, driver: bool = False, going: bool | None = None
) -> list[tuple[str, list[str]]]:
    """The today screen's list for the day `before` an infusion or the `day` of one:
    (heading, points) pairs, from content/infusion_care.toml. A point the appointment
    already answers is left out (the ride home, when a driver is named)."""
    import tomllib
    from importlib import resources

    raw = (resources.files("partnercare") / "content" / "infusion_care.toml").read_text("utf-8")
    table = tomllib.loads(raw)[when]
    answered = {"driver": driver, "no-driver": not driver, "going": going is True}
    points = []
    for point in table["points"]:
        if isinstance(point, dict):
            if answered.get(str(point.get("unless")), False):
                continue
            point = point["text"]
        points.append(str(point))
    found = [(str(table["heading"]), points)]
    if "urgent" in table:
        found.append((str(table["urgent_heading"]), [str(p) for p in table["urgent"]]))
    return found


# -- calendars (.ics) ----------------------------------------------------------------------------

#: A clinic's invite is a few kilobytes; a year of appointments well under a megabyte.
MAX_ICS_BYTES = 5_000_000
#: Fields a clinic's event sets on an appointment already here (kind, going and
#: driver are the user's: a re-import never undoes a correction).
_THEIRS = ("day", "at", "title", "where", "note")
_OURS = ("kind", "day", "at", "title", "where", "note", "going", "driver", "state")


def iter_all_list(store: Store, since: date | None = None) -> list[Appointment]:
    """Every appointment from `since` (all if None), oldest first."""
    from partnercare.store import appointments as table

    return list(table.iter_all(store, since))


@dataclass(frozen=True)
class IcsImported:
    added: int
    updated: int
    unchanged: int
    guessed: int
    items: tuple[Appointment, ...]
    #: Occurrences of a series the file no longer has: cancelled.
    cancelled: int = 0


def import_ics(store: Store, raw: bytes, *, source: str, today: date) -> IcsImported:
    """The events of an .ics file, all or nothing. New ones are added; one already here
    (by UID) is updated only by a newer version of it (a higher SEQUENCE, or a later
    modification), and a clinic's event changes only what the clinic owns (so a
    re-import never undoes "done", a corrected kind, or who drives). An occurrence a
    series no longer has is cancelled."""
    from partnercare.ics_import import parse_ics
    from partnercare.store import appointments as table

    events = parse_ics(raw, source=source, today=today)
    incoming = []
    series_kept: dict[str, tuple[set[str], str]] = {}
    for event in events:
        new = event.new
        if event.ours:
            version = int(event.version.split(" ")[0] or 0)
            incoming.append(table.Incoming(new, _OURS, "sequence", version))
            continue
        new = new._replace(source_version=event.version)
        fields = (*_THEIRS, "source_version") + (("state",) if new.state == "cancelled" else ())
        if new.series_uuid is not None:
            # Its place and count follow the clinic's (a course extended to 8).
            fields += ("series",)
            kept, newest = series_kept.get(new.series_uuid, (set(), ""))
            series_kept[new.series_uuid] = (kept | {new.uuid}, max(newest, event.version))
        incoming.append(table.Incoming(new, fields, "source"))
    done, gone = table.merge_calendar(store, incoming, series_kept, stamp())
    uuids = {e.new.uuid for e in events}
    items = tuple(table.with_uuids(store, uuids))
    guessed = sum(1 for e in events if e.guessed_kind and e.new.uuid in done.new)
    return IcsImported(done.added, done.updated, done.unchanged, guessed, items, gone)
