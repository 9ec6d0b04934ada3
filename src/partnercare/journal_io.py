"""The journal's lossless JSON format, and imports (of it and of jrnl's JSON).

The export streams: it takes entries one at a time from the store's cursor
and yields text, so memory stays flat however large the journal. Each entry
is written in the `--json` shape (`render.json.entry`), so what `journal list
--json` prints can be imported too; entries are matched by UUID, so
importing the same file twice adds nothing. The readable exports, Markdown
and CSV, are renderers: `render/markdown.py` and `render/csv.py`.

Import reads the whole file, validates every entry, and only then writes
them all in one transaction: a malformed file imports nothing.
"""

from __future__ import annotations

import json
import uuid as uuidlib
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import Any

from partnercare import clock
from partnercare.errors import InvalidInputError
from partnercare.files import load_json
from partnercare.journal import KINDS, check_text
from partnercare.models import Entry, NewEntry
from partnercare.render import json as shapes
from partnercare.tags import coerce_all
from partnercare.text import one_line as text_one_line

FORMAT_NAME = "partnercare-journal"
FORMAT_VERSION = 1
# Entries from jrnl get UUIDs derived from their content, so re-importing is idempotent too.
_JRNL_NAMESPACE = uuidlib.UUID("9f1c2d4e-7b3a-5e60-8a91-2c4d6e8f0a1b")


# -- export --------------------------------------------------------------------


def export_json(entries: Iterable[Entry]) -> Iterator[str]:
    """`{"format": ..., "version": 1, "exported_at": ..., "entries": [...]}`, one entry a line."""
    head = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": clock.now().isoformat(),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "entries": ['
    first = True
    for entry in entries:
        yield ("\n  " if first else ",\n  ") + json.dumps(shapes.entry(entry), ensure_ascii=False)
        first = False
    yield "\n]}\n" if not first else "]}\n"


# -- import --------------------------------------------------------------------


def parse_import(raw: bytes, *, source: str) -> tuple[str, list[NewEntry]]:
    """Detect the file's format and validate every entry: (format name, entries).

    Raises InvalidInputError naming the file (and the entry) on anything malformed.
    """
    document = load_json(raw, source, outcome="nothing was imported")
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


def _convert_all(
    items: list[Any], convert: Callable[[Any], NewEntry], label: str, source: str
) -> list[NewEntry]:
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
        raise _Bad(f"'{name}' must be {kind.__name__}, not {type(value).__name__}")
    return value


def _iso_date(value: str) -> date:
    from partnercare.dates import FIRST_YEAR

    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise _Bad(f"'date' is not an ISO date: {value!r}") from None
    if day.year < FIRST_YEAR:  # what --date refuses, an import does too
        raise _Bad(f"'date' {value!r} is before {FIRST_YEAR}")
    return day


def _stamp(value: str, name: str) -> str:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise _Bad(f"'{name}' is not an ISO timestamp: {value!r}") from None
    return value
