"""The journal's operations: notes and check-ins on top of the store.

Never prints, never prompts. Text is stored exactly as given; the one
exception is text that came from an editor or a pipe, whose trailing line
breaks are dropped (`from_editor`), because editors add one the user never typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from partnercare import clock
from partnercare import tags as tag_rule
from partnercare.errors import InvalidInputError, NotFoundError
from partnercare.models import (
    LIST_LIMIT,
    Appointment,
    Entry,
    EntryFilter,
    NewAppointment,
    NewEntry,
    TipRead,
    new_entry,
)
from partnercare.store import FtsQueryError, Store, checkins, entries
from partnercare.store.entries import RANK_WINDOW

KINDS = ("note", "checkin")
DEFAULT_LIMIT = LIST_LIMIT
# Private-use characters mark a search snippet's matches; render turns them into style.
MARKS = ("\ue000", "\ue001")
# One entry's text, at most: about 500 pages, far beyond any note, and small
# enough that showing and searching it stays quick.
MAX_TEXT_BYTES = 1_000_000
# Words around the first match in a snippet built here (see `_long_snippet`).
_SNIPPET_WORDS = 16

__all__ = [
    "DEFAULT_LIMIT",
    "KINDS",
    "MARKS",
    "Entry",
    "EntryFilter",
    "Hit",
    "Imported",
    "add",
    "appointments_between",
    "check_text",
    "checkin_days",
    "checkin_on",
    "checkin_run",
    "checkins_between",
    "delete",
    "edit_text",
    "from_editor",
    "fts_expressions",
    "get",
    "import_entries",
    "is_empty",
    "iter_entries",
    "last_checkins",
    "list_recent",
    "make_filter",
    "parse_id",
    "plain_snippet",
    "query_tags",
    "search",
    "search_scope_note",
    "set_starred",
    "tips_read",
    "upsert_checkin",
    "who5_scores",
]


@dataclass(frozen=True, slots=True)
class Hit:
    """A search result: the entry and a short passage with MARKS around each match."""

    entry: Entry
    snippet: str


# -- input ---------------------------------------------------------------------


def from_editor(text: str) -> str:
    """Text from an editor or stdin: trailing line breaks dropped, the rest kept exactly."""
    return text.rstrip("\r\n")


def is_empty(text: str) -> bool:
    return not text.strip()


def check_text(text: str, *, outcome: str = "nothing was saved") -> str:
    """Refuse text that cannot be stored as UTF-8 (lone surrogates from a broken
    terminal), or that is longer than an entry holds (MAX_TEXT_BYTES); the error
    ends with the outcome (an import says its own, once, so it passes "")."""
    then = f"; {outcome}" if outcome else ""
    size = _utf8_size(text, f"the text contains characters that are not valid UTF-8{then}")
    if size > MAX_TEXT_BYTES:
        raise InvalidInputError(
            f"the text is {size:,} bytes, and an entry holds at most {MAX_TEXT_BYTES:,} "
            f"(1 MB, about 500 pages); split it into several entries{then}"
        )
    return text


def _check_query(query: str) -> None:
    """Refuse search words that cannot be UTF-8, or more of them than an entry holds."""
    size = _utf8_size(query, "the search contains characters that are not valid UTF-8")
    if size > MAX_TEXT_BYTES:
        raise InvalidInputError("the search is longer than any entry can be; give a few words")


def _utf8_size(text: str, refusal: str) -> int:
    """The text's size in UTF-8, or `refusal` if it cannot be UTF-8 (lone surrogates)."""
    try:
        return len(text.encode("utf-8"))
    except UnicodeEncodeError:
        raise InvalidInputError(refusal) from None


def make_filter(
    *,
    today: date,
    since: str | None = None,
    until: str | None = None,
    on: str | None = None,
    tags: Sequence[str] = (),
    kind: str | None = None,
    starred: bool = False,
) -> EntryFilter:
    """The filter the user typed, with dates parsed (dates.py is only loaded if needed)."""
    since_day = until_day = None
    if on is not None:
        if since is not None or until is not None:
            raise InvalidInputError("use --on on its own, or --since/--until, not both")
        since_day = until_day = _day(on, today)
    if since is not None:
        since_day = _day(since, today)
    if until is not None:
        until_day = _day(until, today)
    if since_day and until_day and since_day > until_day:
        raise InvalidInputError(
            f"--since {since_day.isoformat()} is after --until {until_day.isoformat()}"
        )
    if kind is not None and kind not in KINDS:
        raise InvalidInputError(f"--kind must be note or checkin, not {kind!r}")
    return EntryFilter(
        since=since_day,
        until=until_day,
        kind=kind,
        starred=starred,
        tags=tag_rule.for_filter(tags),
    )


def _day(text: str, today: date) -> date:
    from partnercare.dates import parse_date

    return parse_date(text, today=today)


def parse_id(text: str) -> int:
    """An entry id as shown in lists (`12` or `#12`)."""
    cleaned = text.strip().lstrip("#")
    # ASCII digits only: str.isdigit() also accepts "²" and "①", which int() refuses,
    # and a few digits more than SQLite's largest id keep int() itself bounded.
    if not (cleaned.isascii() and cleaned.isdigit() and len(cleaned) <= 20):
        raise InvalidInputError(f"an entry id is a number like 12, not {text!r}")
    if not 0 < int(cleaned) < 2**63:
        raise _not_found(int(cleaned))  # a number no entry ever has (ids start at 1)
    return int(cleaned)


# -- writing -------------------------------------------------------------------


def add(
    store: Store,
    *,
    text: str,
    day: date | None = None,
    tags: Iterable[str] = (),
    starred: bool = False,
    kind: str = "note",
    data: Mapping[str, Any] | None = None,
) -> Entry:
    """Save a new entry and return it as stored. Empty text is refused."""
    if kind not in KINDS:
        raise InvalidInputError(f"an entry is a note or a checkin, not {kind!r}")
    check_text(text)
    if kind == "note" and is_empty(text):
        raise InvalidInputError("nothing was saved: the note is empty")
    new = new_entry(
        kind,
        day or clock.today(),
        text,
        tags=tag_rule.parse(tags),
        starred=starred,
        data=None if data is None else dict(data),
    )
    return _must_get(store, entries.add(store, new))


def upsert_checkin(
    store: Store,
    day: date,
    text: str,
    data: Mapping[str, Any],
    tags: Iterable[str] = (),
    *,
    then: Callable[[Any], object] | None = None,
) -> tuple[Entry, bool]:
    """Save the check-in for `day`, replacing that day's earlier one: (entry, replaced).

    One transaction; a replaced check-in keeps its id, uuid and created_at. `then`
    writes more in it (the day's appointment marked done).
    """
    check_text(text)
    new = new_entry("checkin", day, text, tags=tag_rule.parse(tags), data=dict(data))
    entry_id, replaced = checkins.upsert(store, new, then)
    return _must_get(store, entry_id), replaced


def checkin_on(store: Store, day: date) -> Entry | None:
    return checkins.on_day(store, day)


def iter_entries(store: Store, filters: EntryFilter) -> Iterator[Entry]:
    """Oldest first, one at a time (an export's memory stays flat)."""
    return entries.oldest_first(store, filters)


class Imported(NamedTuple):
    """What an import added: what happened to the entries, how many appointments and
    how many tips read were added."""

    entries: entries.Imported
    appointments: int = 0
    tips_read: int = 0


def import_entries(
    store: Store,
    new: Iterable[NewEntry],
    appointments: Sequence[NewAppointment] = (),
    tips_read: Sequence[TipRead] = (),
) -> Imported:
    """Add the entries, appointments and tip reads not here yet, all in one
    transaction: all of it, or none. An appointment already here is kept as it
    is, as an entry is, and so is a tip already read here. Into a journal with no
    entries (no appointments) at all, they keep the ids they carry."""
    from partnercare.store import appointments as table
    from partnercare.store import tip_reads

    stamp = clock.now().isoformat()
    added: list[int] = []

    def then(conn: Any) -> None:
        added.append(table.merge_in(conn, [table.Incoming(a) for a in appointments], stamp).added)
        added.append(tip_reads.add_missing(conn, tips_read))

    done = entries.import_new(store, new, then if appointments or tips_read else None)
    booked, marked = added or [0, 0]
    return Imported(done, booked, marked)


def tips_read(store: Store) -> list[TipRead]:
    """Every tip read, as stored (for the JSON export)."""
    from partnercare.store import tip_reads

    return tip_reads.all_reads(store)


def checkin_days(store: Store, since: date, until: date) -> list[date]:
    """The days from since to until with a check-in."""
    return checkins.days_between(store, since, until)


def checkin_run(store: Store, day: date) -> int:
    """How many days in a row, ending on `day`, have a check-in."""
    return checkins.run_ending(store, day)


def appointments_between(store: Store, filters: EntryFilter) -> Iterator[Appointment]:
    """The appointments in the filter's dates, oldest first (for the JSON export)."""
    from partnercare.store import appointments as table

    for item in table.iter_all(store, filters.since):
        if filters.until is not None and item.day > filters.until:
            break
        yield item


def who5_scores(store: Store, until: date, count: int) -> list[tuple[date, int]]:
    return checkins.who5_scores(store, until, count)


def last_checkins(store: Store, until: date, count: int) -> list[tuple[date, dict[str, Any]]]:
    return checkins.last(store, until, count)


def checkins_between(store: Store, since: date, until: date) -> list[tuple[date, dict[str, Any]]]:
    """(day, answers) for each check-in from since to until inclusive, oldest first."""
    return checkins.between(store, since, until)


def edit_text(store: Store, entry_id: int, text: str, *, as_read: Entry | None = None) -> Entry:
    """Replace an entry's text. With as_read (the entry as the caller read it, before
    the editor opened), refuse if its text was changed since, rather than overwrite
    that change. Only the text: a star given meanwhile is no conflict (the edit
    keeps it), and times, kept to the second, would miss a change in the same one."""
    check_text(text)
    if is_empty(text):
        raise InvalidInputError(f"entry {entry_id} not changed: the new text is empty")
    now = clock.now().isoformat()
    current = entries.get(store, entry_id)
    data = None
    if current is not None and current.kind == "checkin":
        # A check-in's text is its note: the two stay one.
        data = {**(current.data or {}), "note": text}
    if not entries.update(
        store,
        entry_id,
        text=text,
        data=data,
        updated_at=now,
        text_was=None if as_read is None else as_read.text,
    ):
        if as_read is not None and entries.get(store, entry_id) is not None:
            raise InvalidInputError(
                f"entry {entry_id} was changed by another command while you were editing; "
                "your edit was not saved over it"
            )
        raise _not_found(entry_id)
    return _must_get(store, entry_id)


def set_starred(store: Store, entry_id: int, starred: bool) -> Entry:
    if not entries.update(store, entry_id, starred=starred, updated_at=clock.now().isoformat()):
        raise _not_found(entry_id)
    return _must_get(store, entry_id)


def delete(store: Store, entry_id: int) -> None:
    if not entries.delete(store, entry_id):
        raise _not_found(entry_id)


# -- reading -------------------------------------------------------------------


def get(store: Store, entry_id: int) -> Entry:
    return _must_get(store, entry_id)


def list_recent(
    store: Store, filters: EntryFilter, *, limit: int | None = DEFAULT_LIMIT
) -> tuple[list[Entry], bool]:
    """Newest first, at most `limit`: (entries, whether more match)."""
    if limit is not None and limit < 1:
        raise InvalidInputError(f"--limit must be 1 or more, not {limit}")
    rows = entries.newest(store, filters, limit=None if limit is None else limit + 1)
    if limit is not None and len(rows) > limit:
        return rows[:limit], True
    return rows, False


_OPERATOR = re.compile(r'\b(AND|OR|NOT|NEAR)\b|"[^"]*"|\bNEAR\(')
_CHUNK_HAS_WORD = re.compile(r"\w")


def fts_expressions(query: str) -> list[str]:
    """FTS5 expressions to try, in order, for what the user typed.

    Words are plain words: each becomes a quoted FTS5 string (so `-`, `:`,
    `*` inside or quotes cannot be syntax), all must match, and a trailing `*`
    still means "starts with". Only a query that clearly uses FTS5 syntax
    (a quoted phrase, or AND/OR/NOT/NEAR in capitals) is tried as written
    first, falling back to plain words if SQLite rejects it.
    """
    # SQLite reads the expression as a C string: a NUL would end it mid-quote.
    query = query.replace("\x00", " ")
    plain: list[str] = []
    leave_out: list[str] = []
    for chunk in query.split():
        if chunk.startswith("#") or not _CHUNK_HAS_WORD.search(chunk):
            continue  # a #tag is a filter (query_tags), not words
        excluded = chunk.startswith("-") and len(chunk) > 1
        if excluded:
            chunk = chunk[1:]
        prefix = chunk.endswith("*")
        word = chunk.rstrip("*") if prefix else chunk
        quoted = '"' + word.replace('"', '""') + '"' + ("*" if prefix else "")
        (leave_out if excluded else plain).append(quoted)
    expressions = []
    if _OPERATOR.search(query) and query.count('"') % 2 == 0 and "#" not in query:
        expressions.append(query)
    if plain:
        expressions.append(" ".join(plain) + "".join(f" NOT {word}" for word in leave_out))
    return expressions


def query_tags(query: str) -> tuple[str, ...]:
    """The `#tag` words of a search: entries must have each of these tags."""
    return tag_rule.for_filter([w for w in query.split() if w.startswith("#") and len(w) > 1])


def search(
    store: Store, query: str, filters: EntryFilter, *, limit: int | None = DEFAULT_LIMIT
) -> list[Hit]:
    """Entries matching the query's words, best match first."""
    _check_query(query)
    expressions = fts_expressions(query)
    tags = query_tags(query)
    if tags:
        filters = filters._replace(tags=(*filters.tags, *tags))
    if not expressions and tags and not any(w.startswith("-") for w in query.split()):
        # Only #tags: the tagged entries, newest first, each with its first line.
        tagged, _ = list_recent(store, filters, limit=limit)
        from partnercare.text import one_line

        return [Hit(entry, one_line(entry.text, 120)) for entry in tagged]
    if not expressions:
        raise InvalidInputError(
            f"nothing to search for in {query!r}: give a word or two "
            "(-word leaves entries out, #tag keeps those with the tag)"
        )
    if limit is not None and limit < 1:
        raise InvalidInputError(f"--limit must be 1 or more, not {limit}")
    for expression in expressions:
        try:
            found = entries.search(store, expression, filters, limit=limit, marks=MARKS)
        except FtsQueryError:
            continue
        return [
            Hit(entry, _long_snippet(entry.text, query) if snippet is None else snippet)
            for entry, snippet in found
        ]
    raise InvalidInputError(f"cannot search for {query!r}; try plain words")


def search_scope_note(store: Store, query: str, filters: EntryFilter) -> str | None:
    """A note when the query matched more entries than search ranks, else None."""
    for expression in fts_expressions(query):
        try:
            total = entries.count_matches(store, expression, filters, up_to=RANK_WINDOW + 1)
        except FtsQueryError:
            continue
        if total <= RANK_WINDOW:
            return None
        return (
            f"More than {RANK_WINDOW:,} entries match; these are the best of the newest "
            f"{RANK_WINDOW:,}. Add words, or --since/--until, to narrow the search."
        )
    return None


def _long_snippet(text: str, query: str) -> str:
    """A snippet for an entry too long for SQLite's snippet() (whose work grows
    with the square of the matches): the words around the first match of a
    query word, found by a regular expression that stops at that match."""
    words = [w for w in re.findall(r"[\w*]+", query) if w.rstrip("*") and w not in _OPERATORS]
    pattern = "|".join(
        re.escape(w.rstrip("*")) + (r"\w*" if w.endswith("*") else r"\b") for w in words
    )
    found = re.search(rf"\b(?:{pattern})", text, re.IGNORECASE) if pattern else None
    start = found.start() if found else 0
    # A bounded window: a few words before the match and after it, never the whole text.
    reach = 40 * _SNIPPET_WORDS
    earlier = text[max(0, start - reach) : start].split()
    later = text[start : start + reach].split()
    before = earlier[-(_SNIPPET_WORDS // 2) :]
    after = later[: _SNIPPET_WORDS - len(before)]
    window = " ".join([*before, *after])
    if pattern:
        window = re.sub(
            rf"\b(?:{pattern})",
            lambda m: MARKS[0] + m.group() + MARKS[1],
            window,
            flags=re.IGNORECASE,
        )
    more_before = len(earlier) > len(before) or bool(text[: max(0, start - reach)].strip())
    more_after = len(later) > len(after) or bool(text[start + reach :].strip())
    return ("…" if more_before else "") + window + ("…" if more_after else "")


_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})


def plain_snippet(snippet: str) -> str:
    """A search snippet without its match marks, for JSON."""
    return snippet.replace(MARKS[0], "").replace(MARKS[1], "")


def _must_get(store: Store, entry_id: int) -> Entry:
    entry = entries.get(store, entry_id)
    if entry is None:
        raise _not_found(entry_id)
    return entry


def _not_found(entry_id: int) -> NotFoundError:
    return NotFoundError(
        f"there is no journal entry {entry_id}; see the ids with: partnercare journal list"
    )
