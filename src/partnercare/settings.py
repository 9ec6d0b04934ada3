"""The user's named settings: the country for crisis lines, their own crisis contacts,
and where the partner's safety plan is kept.

They live in `settings.json` in the data directory, beside the database and not
in it. `help-now` reads them without opening the database, so a locked, damaged,
newer or (later) encrypted journal never stands between the user and the numbers
that matter in a crisis, and no passphrase is ever needed to see them.

- `load()` never raises: whatever cannot be read is reported in `Loaded.problems`
  and the rest is still used.
- `update()` reads, changes and writes the file under an advisory lock (two
  commands saving at once keep both changes), atomically and 0600; it refuses
  to overwrite a file it could not read, so nothing the user saved is lost.

Settings saved by partnercare 0.1 (only the country) are in the database's
`settings` table; `load()` reads them from there, read-only and without waiting
on a lock, until the first save writes `settings.json`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from partnercare import paths
from partnercare.errors import InvalidInputError, NotFoundError, StoreError

FILE_NAME = "settings.json"
FORMAT_VERSION = 1

#: The saved "country" when the user's country has no verified set: the crisis
#: screen then shows the international directory, without a "not verified" note.
COUNTRY_OTHER = "other"  # the same as resources.OTHER (tests/test_settings.py checks)

#: Contact roles, in the order the crisis screen lists them, with their words.
ROLES: dict[str, str] = {
    "clinician": "their clinician or after-hours line",
    "clinic": "the treatment clinic",
    "trusted": "a trusted person",
    "own-support": "your own support",
}
DEFAULT_ROLE = "trusted"
MAX_CONTACTS = 12
MAX_NAME = 60
MAX_NUMBER = 60
MAX_WHERE = 200
#: Answers to "does your partner have a safety plan with their treatment team?"
PLAN_ANSWERS: dict[str, str] = {"yes": "yes", "no": "no", "unsure": "not sure"}


class Contact(NamedTuple):
    name: str
    number: str
    role: str = DEFAULT_ROLE


class SafetyPlan(NamedTuple):
    has: str  # a key of PLAN_ANSWERS
    where: str = ""


class Settings(NamedTuple):
    country: str | None = None
    contacts: tuple[Contact, ...] = ()
    safety_plan: SafetyPlan | None = None
    #: Whether the journal is encrypted, as `encrypt`/`decrypt` last left it (the
    #: journal's own first bytes decide; this lets help-now say so without opening it).
    encrypted: bool = False
    #: How many automatic backups rotation keeps: the newest of each of the last
    #: `daily` days and of each of the last `weekly` ISO weeks (settings.json's
    #: "backups": {"daily": 7, "weekly": 4}; edited by hand, 1 to 366 each).
    backup_schedule: tuple[int, int] = (7, 4)


class Loaded(NamedTuple):
    """The settings as far as they could be read, and a sentence for each part that could not.

    `document` is the file's JSON object as read (None if there is no file or it could
    not be parsed at all): a save keeps whatever in it this version does not understand.
    `blocked` says why the file must not be saved over, or is "" when it may be.
    """

    settings: Settings
    problems: tuple[str, ...] = ()
    document: dict[str, Any] | None = None
    blocked: str = ""


def path() -> Path:
    return paths.data_dir() / FILE_NAME


# -- reading -------------------------------------------------------------------------


def load() -> Loaded:
    """The saved settings. Never raises, never blocks: a missing, unreadable, damaged
    or odd file (a pipe, a device) gives the defaults, or what could still be read,
    and a problem sentence."""
    try:
        return _parse(_read_regular(path()))
    except (FileNotFoundError, NotADirectoryError):
        # Nothing saved yet (or no data directory at all, which cannot hold any).
        return _legacy()
    except (OSError, ValueError) as exc:
        # ValueError: a path with a NUL byte in PARTNERCARE_HOME.
        return _unreadable(_reason(exc))
    except Exception as exc:  # help-now must outlive anything here
        return _unreadable(str(exc) or type(exc).__name__)


#: Far more than a dozen contacts take; a file this size is not ours.
MAX_FILE_BYTES = 1_000_000


def _read_regular(target: Path) -> bytes:
    """The bytes of a regular file of sensible size; a pipe or a device is never opened
    (opening a FIFO would wait for a writer, and /dev/zero never ends)."""
    import stat

    info = target.stat()
    if not stat.S_ISREG(info.st_mode):
        raise ValueError("it is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise ValueError("it is far too large to be partnercare's")
    with target.open("rb") as handle:
        return handle.read(MAX_FILE_BYTES + 1)


def _unreadable(reason: str) -> Loaded:
    problem = f"your saved settings could not be read ({reason})"
    return Loaded(Settings(), (problem,), blocked=f"it could not be read ({reason})")


def _reason(exc: BaseException) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


def _parse(raw: bytes) -> Loaded:
    import json

    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return _unreadable("the file is damaged")
    if not isinstance(document, dict):
        return _unreadable("the file is damaged")
    blocked = ""
    version = document.get("version", FORMAT_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version > FORMAT_VERSION:
        blocked = "it was written by a newer version of partnercare"
    problems: list[str] = []
    country = document.get("country")
    if country is not None and not (isinstance(country, str) and _is_code(country)):
        problems.append("the saved country could not be read")
        country = None
    contacts: list[Contact] = []
    raw_contacts = document.get("contacts", [])
    for item in raw_contacts if isinstance(raw_contacts, list) else [None]:
        contact = _read_contact(item)
        if contact is None:
            problems.append("one of your saved contacts could not be read")
        else:
            contacts.append(contact)
    plan = _read_plan(document.get("safety_plan"))
    if plan is False:
        problems.append("where the safety plan is kept could not be read")
    settings = Settings(
        country=country,
        contacts=tuple(contacts),
        safety_plan=plan if isinstance(plan, SafetyPlan) else None,
        encrypted=document.get("encrypted") is True,
        backup_schedule=_schedule(document.get("backups")),
    )
    return Loaded(settings, tuple(dict.fromkeys(problems)), document, blocked)


def _schedule(item: object) -> tuple[int, int]:
    """The backup schedule as saved; anything odd in it falls back to the default."""
    default = Settings().backup_schedule
    if not isinstance(item, dict):
        return default
    chosen = []
    for name, fallback in zip(("daily", "weekly"), default, strict=True):
        value = item.get(name, fallback)
        ok = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 366
        chosen.append(value if ok else fallback)
    return chosen[0], chosen[1]


def _is_code(text: str) -> bool:
    return text == COUNTRY_OTHER or (len(text) == 2 and text.isascii() and text.isupper())


def _read_contact(item: object) -> Contact | None:
    if not isinstance(item, dict):
        return None
    name, number, role = item.get("name"), item.get("number"), item.get("role", DEFAULT_ROLE)
    if not (isinstance(name, str) and isinstance(number, str) and isinstance(role, str)):
        return None
    if not name.strip() or not number.strip():
        return None
    return Contact(name, number, role if role in ROLES else DEFAULT_ROLE)


def _read_plan(item: object) -> SafetyPlan | bool | None:
    """The saved plan, None if none was saved, False if it is damaged."""
    if item is None:
        return None
    if not isinstance(item, dict):
        return False
    has, where = item.get("has"), item.get("where", "")
    if has not in PLAN_ANSWERS or not isinstance(where, str):
        return False
    return SafetyPlan(str(has), where)


def _legacy() -> Loaded:
    """Before settings.json existed, the country was kept in the database."""
    import stat

    database = paths.db_path()
    try:
        if not database.exists():
            return Loaded(Settings())
        if not stat.S_ISREG(database.stat().st_mode):
            raise ValueError("not a regular file")  # a FIFO would block SQLite's open
        from partnercare.store.legacy import read_legacy_settings

        saved = read_legacy_settings(database)
    except Exception:  # a damaged or locked database must not stop help-now
        return Loaded(Settings(), ("the saved country could not be read",))
    country = saved.get("country")
    if country is not None and not _is_code(country):
        return Loaded(Settings(), ("the saved country could not be read",))
    return Loaded(Settings(country=country))


# -- validating what the user typed ---------------------------------------------------


def _clean(text: str, what: str, limit: int) -> str:
    from partnercare.text import neutralise

    if text != neutralise(text) or any(not c.isprintable() for c in text if c != " "):
        # Tabs, new lines and line separators too: one line, shown as typed.
        raise InvalidInputError(f"{what} has a control character or a line break in it")
    cleaned = " ".join(text.split())
    if not cleaned:
        raise InvalidInputError(f"{what} is empty")
    if len(cleaned) > limit:
        raise InvalidInputError(f"{what} is longer than {limit} characters")
    return cleaned


def check_role(role: str) -> str:
    key = role.strip().lower().replace("_", "-").replace(" ", "-")
    if key not in ROLES:
        raise InvalidInputError(f"unknown role {role!r}: choose {', '.join(ROLES)}")
    return key


def make_contact(name: str, number: str, role: str = DEFAULT_ROLE) -> Contact:
    """A contact from what the user typed, or a one-line InvalidInputError."""
    clean_name = _clean(name, "the contact's name", MAX_NAME)
    clean_number = _clean(number, f"the number for {clean_name}", MAX_NUMBER)
    if sum(c.isdigit() for c in clean_number) < 3:
        raise InvalidInputError(
            f"{clean_number!r} does not look like a phone number (it needs at least 3 digits)"
        )
    return Contact(clean_name, clean_number, check_role(role))


def parse_contact(text: str, role: str = DEFAULT_ROLE) -> Contact:
    """`NAME=NUMBER`, as `help-now --contact` takes it."""
    name, equals, number = text.partition("=")
    if not equals:
        raise InvalidInputError(
            f'--contact takes NAME=NUMBER, for example "Dr Lee=555 0100"; got {text[:60]!r}'
        )
    return make_contact(name, number, role)


def make_plan(has: str, where: str = "") -> SafetyPlan:
    if has not in PLAN_ANSWERS:
        raise InvalidInputError(f"a safety plan answer is {', '.join(PLAN_ANSWERS)}")
    clean_where = " ".join(where.split())
    if clean_where:
        clean_where = _clean(clean_where, "the safety plan's place", MAX_WHERE)
    return SafetyPlan(has, clean_where if has == "yes" else "")


# -- changing (pure) ------------------------------------------------------------------


def with_contact(settings: Settings, contact: Contact) -> tuple[Settings, bool]:
    """Settings with this contact added, or replacing the one of the same name: (new, replaced)."""
    key = contact.name.casefold()
    kept = [c for c in settings.contacts if c.name.casefold() != key]
    replaced = len(kept) != len(settings.contacts)
    if not replaced and len(kept) >= MAX_CONTACTS:
        raise InvalidInputError(
            f"you have {MAX_CONTACTS} contacts saved, the most help-now shows; "
            "remove one first (--remove-contact NAME)"
        )
    return settings._replace(contacts=(*kept, contact)), replaced


def without_contact(settings: Settings, name: str) -> Settings:
    key = " ".join(name.split()).casefold()
    kept = tuple(c for c in settings.contacts if c.name.casefold() != key)
    if len(kept) == len(settings.contacts):
        names = ", ".join(repr(c.name) for c in settings.contacts) or "none saved yet"
        raise NotFoundError(f"no saved contact named {name.strip()[:60]!r} (contacts: {names})")
    return settings._replace(contacts=kept)


class Change(NamedTuple):
    """What one command asks to save; every field is optional."""

    country: str | None = None
    add: tuple[Contact, ...] = ()
    remove: str | None = None
    plan: SafetyPlan | None = None
    forget_plan: bool = False

    def apply(self, settings: Settings) -> Settings:
        """The settings with this change made (pure)."""
        if self.remove is not None:
            settings = without_contact(settings, self.remove)
        for contact in self.add:
            settings, _ = with_contact(settings, contact)
        if self.country is not None:
            settings = settings._replace(country=self.country)
        if self.plan is not None or self.forget_plan:
            settings = settings._replace(safety_plan=self.plan)
        return settings


def record_encrypted(flag: bool) -> None:
    """Note in the settings whether the journal is now encrypted."""
    if load().settings.encrypted != flag:
        update(lambda current: current._replace(encrypted=flag))


def ordered_contacts(settings: Settings) -> list[Contact]:
    """Contacts as the crisis screen lists them: by role, then in the order saved."""
    order = list(ROLES)
    return sorted(settings.contacts, key=lambda c: order.index(c.role))


# -- moving to another computer (the journal's JSON export) ---------------------------


def exported(settings: Settings) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The settings that belong to the user, as the journal's JSON export carries them
    (not `encrypted`: that describes this computer's journal, not the user), and a
    sentence for each part left out. What the export carries is what `from_exported`
    takes, so a backup partnercare wrote always imports: a contact edited by hand
    into one help-now would not save (a number without 3 digits) is left out, and said."""
    left_out: list[str] = []
    country = settings.country
    if country is not None and not _verified(country):
        left_out.append(f"the country {country!r} was left out (it has no verified crisis lines)")
        country = None
    contacts: list[dict[str, Any]] = []
    for contact in settings.contacts:
        try:
            contacts.append(make_contact(*contact)._asdict())
        except InvalidInputError as exc:
            left_out.append(f"the contact {contact.name[:MAX_NAME]!r} was left out ({exc})")
    plan = None
    if settings.safety_plan is not None:
        try:
            plan = make_plan(*settings.safety_plan)._asdict()
        except InvalidInputError as exc:
            left_out.append(f"where the safety plan is kept was left out ({exc})")
    document = {"country": country, "contacts": contacts, "safety_plan": plan}
    return document, tuple(left_out)


def _verified(code: str) -> bool:
    """Whether help-now --save would save this code: a verified country, or 'other'."""
    from partnercare import resources

    return code == COUNTRY_OTHER or code in resources.supported_countries()


def from_exported(item: object) -> Settings:
    """The settings of a journal export (`exported`), checked as strictly as what the
    user types: a one-line InvalidInputError saying what is wrong."""
    if not isinstance(item, dict):
        raise InvalidInputError(
            'they are not a JSON object like {"country": ..., "contacts": [...]}'
        )
    country = item.get("country")
    if country is not None and not (isinstance(country, str) and _verified(country)):
        from partnercare import resources

        known = ", ".join(resources.supported_countries())
        raise InvalidInputError(
            f"'country' must be one with verified crisis lines ({known}), 'other' or null, "
            f"not {repr(country)[:20]}"
        )
    items = item.get("contacts", [])
    if not isinstance(items, list):
        raise InvalidInputError("'contacts' must be a list")
    contacts: list[Contact] = []
    for number, contact in enumerate(items, start=1):
        if not isinstance(contact, dict) or not all(
            isinstance(contact.get(key, ""), str) for key in ("name", "number", "role")
        ):
            raise InvalidInputError(
                f'contact {number} is not a JSON object like {{"name": ..., "number": ...}}'
            )
        try:
            contacts.append(
                make_contact(
                    contact.get("name", ""),
                    contact.get("number", ""),
                    contact.get("role", DEFAULT_ROLE),
                )
            )
        except InvalidInputError as exc:
            raise InvalidInputError(f"contact {number}: {exc}") from None
    plan = item.get("safety_plan")
    if plan is not None:
        has, where = (plan.get("has"), plan.get("where", "")) if isinstance(plan, dict) else (0, 0)
        if not (isinstance(has, str) and isinstance(where, str)):
            raise InvalidInputError(
                'the safety plan is not a JSON object like {"has": "yes", "where": ...}'
            )
        plan = make_plan(has, where)
    return Settings(country=country, contacts=tuple(contacts), safety_plan=plan)


class Filled(NamedTuple):
    """What `fill_in` brought over: the country, how many contacts, the safety plan, and
    how many contacts were left out because help-now already holds MAX_CONTACTS."""

    country: bool = False
    contacts: int = 0
    plan: bool = False
    left_out: int = 0

    @property
    def anything(self) -> bool:
        return self.country or self.plan or self.contacts > 0


def fill_in(current: Settings, given: Settings) -> tuple[Settings, Filled]:
    """current, with what given has where current has nothing of its own (pure): the
    country if none is saved, the contacts of names not saved (up to MAX_CONTACTS),
    the safety plan if none is saved. Nothing current holds is changed."""
    country = current.country is None and given.country is not None
    names = {c.name.casefold() for c in current.contacts}
    contacts = list(current.contacts)
    added = left_out = 0
    for contact in given.contacts:
        key = contact.name.casefold()
        if key in names:
            continue
        names.add(key)
        if len(contacts) >= MAX_CONTACTS:
            left_out += 1
            continue
        contacts.append(contact)
        added += 1
    plan = current.safety_plan is None and given.safety_plan is not None
    new = current._replace(
        country=given.country if country else current.country,
        contacts=tuple(contacts),
        safety_plan=given.safety_plan if plan else current.safety_plan,
    )
    return new, Filled(country, added, plan, left_out)


# -- writing -------------------------------------------------------------------------


def update(change: Callable[[Settings], Settings]) -> Settings:
    """Apply change to the saved settings and save the result; return it.

    A part of the file that could not be read (one damaged contact, a country
    this version does not know) does not stop a save: it is kept in the file as
    it was. The whole file is refused (StoreError, untouched) only when it
    cannot be read at all, or was written by a newer partnercare.
    """
    # A change that cannot be made (an unknown name to remove, a full list) fails
    # here, before the data directory or the lock file is created.
    _check(load(), change)
    try:
        paths.ensure_data_dir()
    except OSError as exc:
        raise StoreError(f"cannot create {paths.data_dir()}: {_reason(exc)}") from None
    with _locked():
        loaded = load()
        new = _check(loaded, change)
        _write(new, loaded.document or {})
    return new


def _check(loaded: Loaded, change: Callable[[Settings], Settings]) -> Settings:
    if loaded.blocked:
        raise StoreError(
            f"{path()} cannot be saved over: {loaded.blocked}. "
            "Nothing was changed; move the file aside to start afresh."
        )
    return change(loaded.settings)


def adopt_legacy() -> bool:
    """Write settings.json from a 0.1 database's settings table, once; True if it did.

    Called by the commands that open the journal anyway, so that help-now soon
    never needs to look inside the database at all.
    """
    if path().exists() or not paths.db_path().exists():
        return False
    loaded = _legacy()
    if loaded.problems or loaded.settings == Settings():
        return False
    update(lambda current: current if current.country else loaded.settings)
    return True


def _write(settings: Settings, previous: dict[str, Any]) -> None:
    """Save settings, keeping what the previous document held that they do not describe
    (keys of a later version, contacts this version could not read)."""
    import json

    from partnercare.files import write_private

    old_contacts = previous.get("contacts")
    unreadable = [
        item
        for item in (old_contacts if isinstance(old_contacts, list) else [])
        if _read_contact(item) is None
    ]
    document: dict[str, Any] = {
        **previous,
        "version": FORMAT_VERSION,
        "country": settings.country,
        "contacts": [c._asdict() for c in settings.contacts] + unreadable,
        "safety_plan": None if settings.safety_plan is None else settings.safety_plan._asdict(),
        "encrypted": settings.encrypted,
        "backups": {
            **(kept_schedule if isinstance(kept_schedule := previous.get("backups"), dict) else {}),
            "daily": settings.backup_schedule[0],
            "weekly": settings.backup_schedule[1],
        },
    }
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    write_private(path(), [text], what="the settings")


#: How long a save waits for another command's save before giving up, in seconds.
LOCK_WAIT = 3.0


@contextmanager
def _locked() -> Iterator[None]:
    """An exclusive advisory lock on settings.json.lock for a read-change-write.

    Never waits long: a save that cannot get the lock in LOCK_WAIT seconds is a
    one-line StoreError, not a hang.
    """
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; a lost race loses one change
        yield
        return
    import time

    lock = path().with_name(FILE_NAME + ".lock")
    try:
        fd = os.open(lock, os.O_CREAT | os.O_RDWR, 0o600)
    except OSError as exc:
        raise StoreError(f"cannot save settings in {lock.parent}: {_reason(exc)}") from None
    try:
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreError(
                        "another partnercare command is saving settings; try again"
                    ) from None
                time.sleep(0.02)
            except OSError as exc:
                raise StoreError(f"cannot lock {lock}: {_reason(exc)}") from None
        yield
    finally:
        os.close(fd)
