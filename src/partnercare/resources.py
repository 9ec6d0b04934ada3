"""Crisis and support resources, by country. Pure: reads only the packaged data file."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Line:
    kind: str  # "crisis" or "family"
    name: str
    contact: str
    detail: str


@dataclass(frozen=True)
class CountrySet:
    code: str
    name: str
    emergency: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Directory:
    name: str
    contact: str
    detail: str


@dataclass(frozen=True)
class Resources:
    """What the crisis screen shows: a country's set (or none) and the international directory."""

    country: CountrySet | None
    international: Directory
    requested: str
    note: str | None = None


@dataclass(frozen=True)
class _Data:
    default_country: str
    aliases: dict[str, str]
    international: Directory
    countries: dict[str, CountrySet]


@cache
def _data() -> _Data:
    raw = tomllib.loads(
        (resources.files("partnercare") / "content" / "resources.toml").read_text("utf-8")
    )
    countries = {
        code: CountrySet(
            code=code,
            name=str(c["name"]),
            emergency=str(c["emergency"]),
            lines=tuple(Line(**line) for line in c["line"]),
        )
        for code, c in raw["country"].items()
    }
    return _Data(
        default_country=str(raw["default_country"]),
        aliases={str(k): str(v) for k, v in raw["aliases"].items()},
        international=Directory(**raw["international"]),
        countries=countries,
    )


#: "My country is not listed": what is saved, and what `for_country` takes (any case).
OTHER = "other"


def supported_countries() -> dict[str, str]:
    """Code -> country name, for every verified set we ship."""
    return {code: c.name for code, c in _data().countries.items()}


def normalise_code(code: str) -> str:
    """Upper case, trimmed, UK -> GB; "other" stays "OTHER"."""
    data = _data()
    key = code.strip().upper()
    return data.aliases.get(key, key)


def for_country(code: str | None) -> Resources:
    """The resources for a two-letter code (case-insensitive, UK = GB); None = the default.

    An unknown code is not an error: someone in crisis should always get
    something useful, so it falls back to the international directory with a note.
    """
    data = _data()
    requested = normalise_code(code) if code else data.default_country
    country = data.countries.get(requested)
    note = None
    if requested == OTHER.upper():
        # The user said their country is not one of ours: the directory is the answer.
        requested = OTHER
    elif country is None:
        known = ", ".join(sorted([*data.countries, *data.aliases]))
        note = (
            f"partnercare has no verified list for {code!r} yet ({known} are included); "
            f"the international directory below lists lines in your country."
        )
    return Resources(
        country=country, international=data.international, requested=requested, note=note
    )


# -- if you are worried about suicide ---------------------------------------------------


@dataclass(frozen=True)
class Guidance:
    """What to do when worried about someone's safety: headed sections of short points."""

    title: str
    intro: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]


@cache
def worried_guidance() -> Guidance:
    raw = tomllib.loads(
        (resources.files("partnercare") / "content" / "worried.toml").read_text("utf-8")
    )
    return Guidance(
        title=str(raw["title"]),
        intro=str(raw["intro"]),
        sections=tuple(
            (str(s["heading"]), tuple(str(p) for p in s["points"])) for s in raw["section"]
        ),
    )
