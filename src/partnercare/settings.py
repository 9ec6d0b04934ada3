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
COUNTRY_OTHER = "other"

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


class Loaded(NamedTuple):
    """The settings as far as they could be read, and a sentence for each part that could not."""

    settings: Settings
    problems: tuple[str, ...] = ()


def path() -> Path:
    return paths.data_dir() / FILE_NAME


# -- reading -------------------------------------------------------------------------


def load() -> Loaded:
    """The saved settings. Never raises: a missing, unreadable or damaged file gives
    the defaults (or what could still be read) and a problem sentence."""
    try:
        target = path()
        raw = target.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        # Nothing saved yet (or no data directory at all, which cannot hold any).
        return _legacy()
    except (OSError, ValueError) as exc:
        # ValueError: a path with a NUL byte in PARTNERCARE_HOME.
        return Loaded(Settings(), (f"your saved settings could not be read ({_reason(exc)})",))
    except Exception as exc:  # help-now must outlive anything here
        return Loaded(Settings(), (f"your saved settings could not be read ({exc})",))
    return _parse(raw)


def _reason(exc: BaseException) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


def _parse(raw: bytes) -> Loaded:
    import json

    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return Loaded(Settings(), ("your saved settings could not be read (the file is damaged)",))
    if not isinstance(document, dict):
        return Loaded(Settings(), ("your saved settings could not be read (the file is damaged)",))
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
    )
    return Loaded(settings, tuple(dict.fromkeys(problems)))


def _is_code(text: str) -> bool:
    return text == COUNTRY_OTHER or (len(text) == 2 and text.isascii() and text.isalpha())


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
    database = paths.db_path()
    try:
        if not database.exists():
            return Loaded(Settings())
        from partnercare.store import read_legacy_settings

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

    cleaned = " ".join(text.split())
    if not cleaned:
        raise InvalidInputError(f"{what} is empty")
    if cleaned != neutralise(cleaned) or any(not c.isprintable() for c in cleaned if c != " "):
        raise InvalidInputError(f"{what} has a control character in it")
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
        clean_where = _clean(clean_where, "where the safety plan is", MAX_WHERE)
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
    add: Contact | None = None
    remove: str | None = None
    plan: SafetyPlan | None = None
    forget_plan: bool = False

    def __bool__(self) -> bool:
        return any(v not in (None, False) for v in self)

    def apply(self, settings: Settings) -> Settings:
        """The settings with this change made (pure)."""
        if self.remove is not None:
            settings = without_contact(settings, self.remove)
        if self.add is not None:
            settings, _ = with_contact(settings, self.add)
        if self.country is not None:
            settings = settings._replace(country=self.country)
        if self.plan is not None or self.forget_plan:
            settings = settings._replace(safety_plan=self.plan)
        return settings


def ordered_contacts(settings: Settings) -> list[Contact]:
    """Contacts as the crisis screen lists them: by role, then in the order saved."""
    order = list(ROLES)
    return sorted(settings.contacts, key=lambda c: order.index(c.role))


# -- writing -------------------------------------------------------------------------


def update(change: Callable[[Settings], Settings]) -> Settings:
    """Apply change to the saved settings and save the result; return it.

    Refuses (StoreError, file untouched) when the saved file exists but could
    not be read in full: saving over it would lose what is in it.
    """
    try:
        paths.ensure_data_dir()
    except OSError as exc:
        raise StoreError(f"cannot create {paths.data_dir()}: {_reason(exc)}") from None
    with _locked():
        loaded = load()
        if loaded.problems and path().exists():
            raise StoreError(
                f"{path()} could not be read ({loaded.problems[0]}); "
                "partnercare will not save over it. Move it aside and try again."
            )
        new = change(loaded.settings)
        _write(new)
    return new


def _write(settings: Settings) -> None:
    import json

    from partnercare.files import write_private

    document: dict[str, Any] = {
        "version": FORMAT_VERSION,
        "country": settings.country,
        "contacts": [c._asdict() for c in settings.contacts],
        "safety_plan": None if settings.safety_plan is None else settings.safety_plan._asdict(),
    }
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    write_private(path(), [text], what="the settings")


@contextmanager
def _locked() -> Iterator[None]:
    """An exclusive advisory lock on settings.json.lock for a read-change-write."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; a lost race loses one change
        yield
        return
    lock = path().with_name(FILE_NAME + ".lock")
    try:
        fd = os.open(lock, os.O_CREAT | os.O_RDWR, 0o600)
    except OSError as exc:
        raise StoreError(f"cannot save settings in {lock.parent}: {_reason(exc)}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
