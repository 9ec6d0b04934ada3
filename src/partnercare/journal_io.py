"""The journal's lossless JSON format, and imports (of it and of jrnl's JSON).

The export streams: it takes entries one at a time from the store's cursor
and yields text, so memory stays flat however large the journal. Each entry
is written in the `--json` shape (`render.json.entry`), so what `journal list
--json` prints can be imported too; entries are matched by UUID, so
importing the same file twice adds nothing. The readable exports, Markdown
and CSV, are renderers: `render/markdown.py` and `render/csv.py`.

Since version 3 the export also carries what belongs to the user rather than
to the journal's tables of entries, so that moving to another computer loses
nothing: the help-now settings (country, contacts, safety plan; they live in
settings.json, beside the database) and which tips were read. Entries and
appointments carry their ids: an import into a journal that has none keeps
them, so `journal show 12` names the same note on the new computer.

Import reads the whole file and validates every part of it (entries,
appointments, settings, tips read), and only then writes the journal's part
in one transaction: a malformed file imports nothing. The settings are a
file of their own, written only after that transaction succeeded, and only
where the user has nothing saved of their own (`settings.fill_in`).
"""

from __future__ import annotations

import json
import uuid as uuidlib
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from partnercare import clock
from partnercare.errors import InvalidInputError
from partnercare.files import load_json
from partnercare.journal import KINDS, check_text
from partnercare.models import (
    APPOINTMENT_KINDS,
    APPOINTMENT_STATES,
    Appointment,
    Entry,
    NewAppointment,
    NewEntry,
    TipRead,
)
from partnercare.render import json as shapes
from partnercare.tags import coerce_all
from partnercare.text import one_line as text_one_line

if TYPE_CHECKING:
    from partnercare.settings import Filled, Settings

FORMAT_NAME = "partnercare-journal"
# 2: appointments too (a version-1 file is read as before: entries only).
# 3: the appointments' ids, the help-now settings and the tips read.
FORMAT_VERSION = 3
# Entries from jrnl get UUIDs derived from their content, so re-importing is idempotent too.
_JRNL_NAMESPACE = uuidlib.UUID("9f1c2d4e-7b3a-5e60-8a91-2c4d6e8f0a1b")


# -- export --------------------------------------------------------------------


def export_json(
    entries: Iterable[Entry],
    appointments: Iterable[Appointment] = (),
    *,
    settings: dict[str, Any] | None = None,
    tips_read: Iterable[TipRead] | None = None,
) -> Iterator[str]:
    """`{"format": ..., "version": 3, "exported_at": ..., "entries": [...],
    "appointments": [...], "settings": {...}, "tips_read": [...]}`, one entry,
    appointment or tip read a line. `settings` (as `settings.exported` gives them)
    and `tips_read` are left out when None: an export narrowed to some entries
    carries neither."""
    head = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": clock.now().isoformat(),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "entries": ['
    yield from _lines(shapes.entry(entry) for entry in entries)
    yield ', "appointments": ['
    # The id first, as in an entry: the one the user knows it by.
    yield from _lines({"id": a.id, **shapes.appointment_record(a)} for a in appointments)
    if settings is not None:
        yield ', "settings": ' + json.dumps(settings, ensure_ascii=False)
    if tips_read is not None:
        yield ', "tips_read": ['
        yield from _lines(read._asdict() for read in tips_read)
    yield "}\n"


def _lines(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The rest of a JSON list, one record a line, and its closing bracket."""
    first = True
    for record in records:
        yield ("\n  " if first else ",\n  ") + json.dumps(record, ensure_ascii=False)
        first = False
    yield "\n]" if not first else "]"


# -- import --------------------------------------------------------------------


class Parsed(NamedTuple):
    """Everything a file to import holds, validated: its format ("partnercare" or
    "jrnl"), the entries, and what only partnercare's own export carries."""

    kind: str
    entries: list[NewEntry]
    appointments: list[NewAppointment]
    #: None when the file carries no settings (before version 3, or narrowed).
    settings: Settings | None = None
    tips_read: tuple[TipRead, ...] = ()


def parse_import(raw: bytes, *, source: str) -> tuple[str, list[NewEntry]]:
    """Detect the file's format and validate every entry: (format name, entries).

    Raises InvalidInputError naming the file (and the entry) on anything malformed.
    """
    parsed = parse_file(raw, source=source)
    return parsed.kind, parsed.entries


def parse_import_all(
    raw: bytes, *, source: str
) -> tuple[str, list[NewEntry], list[NewAppointment]]:
    """As `parse_import`, with the appointments of a partnercare export (version 2)."""
    parsed = parse_file(raw, source=source)
    return parsed.kind, parsed.entries, parsed.appointments


def parse_file(raw: bytes, *, source: str) -> Parsed:
    """Every part of the file, validated before anything is written: a one-line
    InvalidInputError naming the file and the part on anything malformed."""
    document = load_json(raw, source, outcome="nothing was imported")
    kind, entries = _parse_document(document, source)
    if not (isinstance(document, dict) and document.get("format") == FORMAT_NAME):
        return Parsed(kind, _ids_kept_whole(entries), [])
    items = document.get("appointments", [])
    if not isinstance(items, list):
        raise InvalidInputError(f"{source} has no list of appointments; nothing was imported")
    appointments = _convert_all(items, _appointment, "appointment", source)
    given = None
    if document.get("settings") is not None:
        from partnercare import settings

        try:
            given = settings.from_exported(document["settings"])
        except InvalidInputError as exc:
            raise InvalidInputError(
                f"the settings in {source}: {exc}; nothing was imported"
            ) from None
    reads = document.get("tips_read", [])
    if not isinstance(reads, list):
        raise InvalidInputError(f"{source} has no list of tips read; nothing was imported")
    return Parsed(
        kind,
        _ids_kept_whole(entries),
        _ids_kept_whole(appointments),
        given,
        tuple(_convert_all(reads, _tip_read, "tip read", source)),
    )


R = TypeVar("R", NewEntry, NewAppointment)


def _ids_kept_whole(records: list[R]) -> list[R]:
    """The records with their ids only if every one has an id and no two the same
    (a file partnercare wrote); else none keep theirs, and the journal numbers them
    all, so no record's new id can take the one another record carries."""
    ids = {record.id for record in records}
    if None not in ids and len(ids) == len(records):
        return records
    return [record._replace(id=None) for record in records]


def settings_to_bring(given: Settings, source: str) -> Filled:
    """What `bring_settings` would bring over now, checked before the journal is
    written: if there is anything and the saved settings cannot be saved over (a
    damaged file, one from a newer partnercare), a one-line StoreError, nothing written."""
    from partnercare import settings
    from partnercare.errors import StoreError

    loaded = settings.load()
    _, filled = settings.fill_in(loaded.settings, given)
    if filled.anything and loaded.blocked:
        raise StoreError(
            f"the settings in {source} cannot be brought over: {settings.path()} cannot be "
            f"saved over, as {loaded.blocked}; move it aside and import again; "
            "nothing was imported"
        )
    return filled


def bring_settings(given: Settings, source: str) -> Filled:
    """Save what given has where the saved settings have nothing of their own (through
    `settings.update`, so nothing saved is overwritten); what was brought over. Called
    once the journal's part of the import is saved: a failure here says so."""
    from partnercare import settings
    from partnercare.errors import PartnercareError, StoreError

    done: list[Filled] = []

    def change(current: Settings) -> Settings:
        new, filled = settings.fill_in(current, given)
        done.append(filled)  # the last call is the one saved (update checks first)
        return new

    try:
        settings.update(change)
    except PartnercareError as exc:
        raise StoreError(
            f"the settings in {source} were not saved ({str(exc).rstrip('.')}); the rest "
            "of it was imported, and importing it again brings the settings over"
        ) from None
    return done[-1] if done else settings.Filled()


def _parse_document(document: object, source: str) -> tuple[str, list[NewEntry]]:
    if isinstance(document, dict) and document.get("format") == FORMAT_NAME:
        version = document.get("version")
        if type(version) is not int or version < 1:  # a bool is an int to Python; not here
            shown = text_one_line(repr(version), 40)
            raise InvalidInputError(
                f"{source} has no export version partnercare knows ({shown}); nothing was imported"
            )
        if version > FORMAT_VERSION:
            raise InvalidInputError(
                f"{source} is from a newer partnercare (export version {version!r}); "
                "please upgrade partnercare; nothing was imported"
            )
        items = document.get("entries")
        return "partnercare", _partnercare_entries(items, source)
    if isinstance(document, list):
        # What `journal list --json` prints: the same entry objects, without the wrapper.
        return "partnercare", _partnercare_entries(document, source)
    if (
        isinstance(document, dict)
        and isinstance(document.get("entries"), list)
        and all(isinstance(item, dict) and "title" in item for item in document["entries"])
    ):
        return "jrnl", _jrnl_entries(document["entries"], source)
    raise InvalidInputError(
        f"{source} is neither a partnercare JSON export nor a jrnl JSON export; "
        "nothing was imported"
    )


class _Bad(Exception):
    pass


T = TypeVar("T")


def _convert_all(items: list[Any], convert: Callable[[Any], T], label: str, source: str) -> list[T]:
    """Every item converted, or an error naming the first bad one (nothing is imported)."""
    result = []
    for number, item in enumerate(items, start=1):
        try:
            result.append(convert(item))
        except (_Bad, InvalidInputError) as exc:
            raise InvalidInputError(
                f"{label} {number} in {source}: {exc}; nothing was imported"
            ) from None
    return result


def _partnercare_entries(items: object, source: str) -> list[NewEntry]:
    if not isinstance(items, list):
        raise InvalidInputError(f"{source} has no list of entries; nothing was imported")
    return _convert_all(items, _partnercare_entry, "entry", source)


def _partnercare_entry(item: object) -> NewEntry:
    if not isinstance(item, dict):
        raise _Bad('it is not a JSON object like {"text": ..., "date": ...}')
    entry_uuid = _field(item, "uuid", str)
    try:
        entry_uuid = str(uuidlib.UUID(entry_uuid))
    except ValueError:
        raise _Bad(f"'uuid' is not a UUID: {entry_uuid!r}") from None
    kind = _field(item, "kind", str)
    if kind not in KINDS:
        raise _Bad(f"'kind' must be note or checkin, not {kind!r}")
    data = item.get("data")
    if data is not None and not isinstance(data, dict):
        raise _Bad("'data' must be an object or null")
    tags = _field(item, "tags", list)
    if not all(isinstance(tag, str) for tag in tags):
        raise _Bad("'tags' must be a list of strings")
    if kind == "checkin":
        # The answers-file rules for every answer given (an impossible WHO-5 score
        # would break every later check-in); what older versions left out is fine.
        from partnercare.checkin import validate_saved

        answers = validate_saved(data)
        if isinstance(data, dict):
            # Saved as the check-in itself would save them (3.0 as 3, a WHO-5 with
            # its score); keys a later version added, and what an earlier one left
            # out, stay as they are.
            clean = answers.to_data()
            given = set(data) | ({"who5_score"} if "who5" in data else set())
            data = {**data, **{key: value for key, value in clean.items() if key in given}}
        if isinstance(data, dict) and data.get("note", item.get("text")) != item.get("text"):
            # A check-in's text is its note: the text, which is what is shown, wins.
            data = {**data, "note": item.get("text")}
    if data is not None and isinstance(data.get("tags"), list):
        # A check-in's answers repeat its tags: the same rule for both.
        data = {**data, "tags": list(coerce_all(t for t in data["tags"] if isinstance(t, str)))}
    return NewEntry(
        id=_id(item),
        uuid=entry_uuid,
        kind=kind,
        day=_iso_date(_field(item, "date", str)),
        created_at=_stamp(_field(item, "created_at", str), "created_at"),
        updated_at=_stamp(_field(item, "updated_at", str), "updated_at"),
        text=check_text(_field(item, "text", str), outcome=""),
        starred=_field(item, "starred", bool),
        tags=coerce_all(tags),
        data=data,
    )


def _appointment(item: object) -> NewAppointment:
    """An appointment of the lossless export, checked as `appointments add` checks."""
    from datetime import time

    from partnercare import appointments as appts

    if not isinstance(item, dict):
        raise _Bad('it is not a JSON object like {"uuid": ..., "date": ...}')
    try:
        item_uuid = str(uuidlib.UUID(_field(item, "uuid", str)))
    except ValueError:
        raise _Bad(f"'uuid' is not a UUID: {item.get('uuid')!r}") from None
    kind = _field(item, "kind", str)
    if kind not in APPOINTMENT_KINDS:
        raise _Bad(f"'kind' must be one of {', '.join(APPOINTMENT_KINDS)}, not {kind!r}")
    state = _field(item, "state", str)
    if state not in APPOINTMENT_STATES:
        raise _Bad(f"'state' must be one of {', '.join(APPOINTMENT_STATES)}, not {state!r}")
    at_text = item.get("time")
    at = None
    if at_text is not None:
        try:
            at = time.fromisoformat(at_text) if isinstance(at_text, str) else None
        except ValueError:
            at = None
        if at is None:
            raise _Bad(f"'time' is not a time like 09:30: {at_text!r}")
        at = at.replace(second=0, microsecond=0, tzinfo=None)
    going = item.get("going")
    if going is not None and not isinstance(going, bool):
        raise _Bad("'going' must be true, false or null")
    series = item.get("series")
    series_uuid = None
    place = None
    if series is not None:
        if not isinstance(series, dict):
            raise _Bad("'series' must be an object or null")
        index, count = series.get("index"), series.get("count")
        if not (
            type(index) is int and type(count) is int and 1 <= index <= count <= appts.MAX_SERIES
        ):
            raise _Bad("'series' needs an index and a count, from 1 to 60")
        series_uuid = series.get("uuid")
        if series_uuid is not None and not isinstance(series_uuid, str):
            raise _Bad("'series' 'uuid' must be text")
        place = (index, count)
    ical_uid = item.get("ical_uid")
    if ical_uid is not None and not isinstance(ical_uid, str):
        raise _Bad("'ical_uid' must be text or null")
    sequence = item.get("sequence", 0)
    if type(sequence) is not int or not 0 <= sequence < 2**31:
        raise _Bad("'sequence' must be a whole number")
    version = item.get("source_version")
    if version is not None and not isinstance(version, str):
        raise _Bad("'source_version' must be text or null")
    day = _iso_date(_field(item, "date", str))
    if day > appts.last_day(clock.today()):
        raise _Bad(f"'date' {day.isoformat()} is more than {appts.YEARS_AHEAD} years ahead")
    # Text is made to fit the rule rather than refused: a backup partnercare wrote
    # always imports again.
    return NewAppointment(
        id=_id(item),
        uuid=item_uuid,
        kind=kind,
        day=day,
        at=at,
        title=appts.coerce_line(_field(item, "title", str)),
        where=appts.coerce_line(_field(item, "where", str)),
        note=appts.coerce_note(_field(item, "note", str)),
        going=going,
        driver=appts.coerce_line(_field(item, "driver", str)),
        state=state,
        series=place,
        series_uuid=series_uuid,
        ical_uid=ical_uid,
        sequence=sequence,
        created_at=_stamp(_field(item, "created_at", str), "created_at"),
        updated_at=_stamp(_field(item, "updated_at", str), "updated_at"),
        source_version=version,
    )


def _id(item: dict[str, Any]) -> int | None:
    """The id a record had where it was exported (None if it carries none)."""
    value = item.get("id")
    if value is None:
        return None
    if type(value) is not int or not 0 < value < 2**63:
        raise _Bad(f"'id' must be a whole number from 1, not {text_one_line(repr(value), 40)}")
    return value


def _tip_read(item: object) -> TipRead:
    """That a tip was read, as `tip_reads` holds it."""
    if not isinstance(item, dict):
        raise _Bad('it is not a JSON object like {"number": 3, "first_read_at": ...}')
    number = _field(item, "number", int)
    if not 0 < number < 2**31:
        shown = text_one_line(str(number), 20)
        raise _Bad(f"'number' must be a tip's number, from 1, not {shown}")
    first = _stamp(_field(item, "first_read_at", str), "first_read_at")
    last = _stamp(item.get("last_read_at", first), "last_read_at")
    times = item.get("times", 1)
    if type(times) is not int or not 0 < times < 2**31:
        raise _Bad("'times' must be a whole number from 1")
    return TipRead(number, first, last, times)


def _jrnl_entries(items: list[Any], source: str) -> list[NewEntry]:
    return _convert_all(items, _jrnl_entry, "jrnl entry", source)


def _jrnl_entry(item: dict[str, Any]) -> NewEntry:
    title = _field(item, "title", str)
    body = item.get("body") or ""
    if not isinstance(body, str):
        raise _Bad("'body' must be text")
    text = check_text(f"{title}\n{body}" if body else title, outcome="")
    day = _iso_date(_field(item, "date", str))
    time = item.get("time") or "00:00"
    if not isinstance(time, str):
        raise _Bad("'time' must be text like 09:15")
    try:
        moment = datetime.fromisoformat(f"{day.isoformat()}T{time}")
    except ValueError:
        raise _Bad(f"'time' is not a time: {time!r}") from None
    stamp = moment.isoformat()
    tags = item.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise _Bad("'tags' must be a list of strings")
    starred = bool(item.get("starred", False))
    key = "\0".join((day.isoformat(), time, text))
    return NewEntry(
        uuid=str(uuidlib.uuid5(_JRNL_NAMESPACE, key)),
        kind="note",
        day=day,
        created_at=stamp,
        updated_at=stamp,
        text=text,
        starred=starred,
        tags=coerce_all(tags),
    )


def _field(item: dict[str, Any], name: str, kind: type[Any]) -> Any:
    if name not in item:
        raise _Bad(f"'{name}' is missing")
    value = item[name]
    # bool is an int in Python; keep the two apart so `"starred": 1` is refused.
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise _Bad(f"'{name}' must be {_JSON_NAMES[kind]}, not {_json_name(value)}")
    return value


_JSON_NAMES: dict[type[Any], str] = {
    str: "text",
    bool: "true or false",
    list: "a list",
    int: "a whole number",
    dict: "an object",
}


def _json_name(value: object) -> str:
    if value is None:
        return "null"
    return next((n for t, n in _JSON_NAMES.items() if type(value) is t), type(value).__name__)


def _iso_date(value: str) -> date:
    from partnercare.dates import FIRST_YEAR

    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise _Bad(f"'date' is not an ISO date: {value!r}") from None
    if day.year < FIRST_YEAR:  # what --date refuses, an import does too
        raise _Bad(f"'date' {value!r} is before {FIRST_YEAR}")
    return day


def _stamp(value: object, name: str) -> str:
    try:
        if not isinstance(value, str):
            raise ValueError
        datetime.fromisoformat(value)
    except ValueError:
        raise _Bad(f"'{name}' is not an ISO timestamp: {text_one_line(repr(value), 60)}") from None
    return value
