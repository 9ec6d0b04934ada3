"""Every crisis number partnercare ships, checked against a reviewed table.

Wrong numbers in mental-health apps are a known, published failure. Each row
below records the exact contact text shipped, a public page that states the
number (not the service's own string copied from the data), and the date it
was checked. Rows whose page did not confirm everything say what is still
unconfirmed. A change to content/resources.toml must change this table too,
after the same check.

The second part checks content/worried.toml, the "If you are worried about
suicide" guidance, as plain data.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from partnercare import resources
from partnercare.cli import app

CHECKED = "2026-11-27"


@dataclass(frozen=True)
class Reviewed:
    """One reviewed entry: what we ship, where it was checked, and when."""

    contact: str
    source: str
    checked_on: str = CHECKED
    also: tuple[str, ...] = ()  # further pages used for parts of the entry
    unconfirmed: str = ""  # what the pages above did not confirm, if anything


# country -> emergency number, exactly as shipped
REVIEWED_EMERGENCY = {
    "US": Reviewed("911", "https://www.skowhegan.org/FAQ.aspx?QID=95"),
    "GB": Reviewed("999", "https://www.swast.nhs.uk/when-to-call-999"),
    "IE": Reviewed("112 or 999", "https://www2.hse.ie/emergencies/when-to-call-112-or-999/"),
    "CA": Reviewed(
        "911", "https://mentalhealthcommission.ca/resource/caregiver-mobilization-toolkit"
    ),
    "AU": Reviewed(
        "000", "https://cfs.sa.gov.au/warnings-and-incidents/call-triple-zero-in-an-emergency/"
    ),
    "NZ": Reviewed(
        "111",
        "https://www.govt.nz/browse/crime-and-justice/crimes-and-emergencies/111-emergency-service/",
    ),
}

# (country, service name) -> contact exactly as shipped
REVIEWED_LINES = {
    ("US", "988 Suicide & Crisis Lifeline"): Reviewed(
        "Call or text 988",
        "https://internationalmentalhealth.org/resources/",  # call/text 988; press 1 for veterans
        also=(
            "https://www.mcphs.edu/student-life/counseling-services/emergency-services/"
            "988-suicide-and-crisis-lifeline",
        ),
    ),
    ("US", "Crisis Text Line"): Reviewed(
        "Text HOME to 741741", "https://www.alexproject.org/crisis-text-line-text-home-to-741741"
    ),
    ("US", "NAMI HelpLine"): Reviewed(
        '1-800-950-6264, or text "helpline" to 62640',
        "https://nami.org/?p=4491",  # call 800-950-6264, text "helpline" to 62640, M-F
    ),
    ("US", "NAMI Family Support Groups"): Reviewed(
        "nami.org/support-groups",
        "http://namivirginia.org/programs/family/nami-family-support-group/",
        unconfirmed="the path nami.org/support-groups itself (no stored page shows it)",
    ),
    ("GB", "Samaritans"): Reviewed(
        "Call 116 123",
        "https://www.samaritans.org/how-we-can-help/contact-samaritan/",  # free from any phone
        also=(
            "https://samaritans.org/branches/coventry/coventry-branch-news/"
            "coventry-samaritans-will-be-open-usual-over-christmas",  # 24 hours, every day
        ),
    ),
    ("GB", "Shout"): Reviewed(
        "Text SHOUT to 85258",
        "https://giveusashout.org/about-us/safeguarding-children-and-young-people/",
    ),
    ("GB", "Lifeline (Northern Ireland)"): Reviewed(
        "Call 0808 808 8000",
        "https://publichealth.hscni.net/news/"
        "world-suicide-prevention-day-contact-lifeline-if-youre-distress-or-despair",
        also=("https://www.lifelinehelpline.info/page/about.html",),  # 24/7, free, worried
    ),
    ("GB", "NHS 111"): Reviewed(
        "Call 111",
        "https://www.oundlesurgery.nhs.uk/news/accessing-mental-health-services-via-111",
        also=(
            # Wales: 111 press 2 (Welsh Government, October 2025)
            "https://www.wired-gov.net/wg/news.nsf/articles/"
            "more+than+200000+calls+to+urgent+mental+health+service+10102025161000?open",
            # Scotland is NHS 24 on 111; Northern Ireland has no general 111 service
            "https://en.wikipedia.org/wiki/NHS_111",
        ),
        unconfirmed="Northern Ireland: the stored page (Wikipedia) notes only a COVID-19 use",
    ),
    ("GB", "Rethink Mental Illness"): Reviewed(
        "rethink.org",
        "https://review.clateway.com/wiki/view_html.php?q=Rethink_Mental_Illness",
        also=("https://yogamagazine.com/rethink-mental-illness-hope-help-people-mental-illness/",),
        unconfirmed="carer groups confirmed by press pages, not by rethink.org itself",
    ),
    ("IE", "Samaritans Ireland"): Reviewed(
        "Call 116 123",
        "https://www.irishhealthpro.com/content/news/show/name/big-jump-in-calls-to-samaritans-since-2014",
    ),
    ("IE", "Pieta"): Reviewed(
        "Call 1800 247 247, or text HELP to 51444",
        "https://wicklownow.ie/news/wicklow-people-feeling-low-over-christmas-period-urged-to-contact-helpline/",
    ),
    ("IE", "Text 50808"): Reviewed(
        "Text HELLO to 50808",
        "https://www.irishexaminer.com/news/arid-31005605.html",  # free 24/7 text service
        also=(
            "https://todayfm.com/news/247-mental-health-text-support-service-officially-launched-1031466",
        ),
        # HELLO is shown so that the line works even if a keyword were needed; the
        # detail says any first message works, as the service now describes it.
        unconfirmed="that any opening message works: the launch page says text TALK",
    ),
    ("IE", "Shine"): Reviewed(
        "shine.ie",
        "https://www.shine.ie/news/what-is-mental-illness",  # works with families
        also=(
            "https://farmersjournal.ie/careers/education/empowering-voices-and-driving-change-at-shine-776434",
        ),
    ),
    ("CA", "9-8-8 Suicide Crisis Helpline"): Reviewed(
        "Call or text 988",
        "https://www.newswire.ca/news-releases/"
        "government-of-canada-launches-three-digit-suicide-crisis-helpline-896472116.html",
    ),
    ("CA", "Canadian Mental Health Association"): Reviewed(
        "cmha.ca",
        "http://www.mentalhealthworks.ca/whatiscmha/",  # branches serve people and families
        also=("https://cmha-yr.on.ca/family-and-caregiver-information/",),
        unconfirmed="the address cmha.ca itself (seen only as links in a pasted list)",
    ),
    ("AU", "Lifeline"): Reviewed(
        "Call 13 11 14, or text 0477 13 11 14",
        "https://lifeinmind.org.au/news/lifelines-crisis-text-service-now-available-24-7",
    ),
    ("AU", "Suicide Call Back Service"): Reviewed(
        "Call 1300 659 467",
        "https://2ser.com/world-suicide-prevention-day-2019",  # 1300 659 467, 24/7
        also=(
            # carers of someone at risk are included
            "https://www1.health.gov.au/internet/publications/publishing.nsf/Content/"
            "suicide-prevention-activities-evaluation~Appendices~appendixa~project26",
        ),
    ),
    ("AU", "Beyond Blue"): Reviewed(
        "Call 1300 22 4636",
        "https://fortitudevalleynews.com.au/beyond-blue-mental-health-support-never-takes-a-holiday",
    ),
    ("AU", "Carer Gateway"): Reviewed(
        "Call 1800 422 737",
        "https://www.carergateway.gov.au/",  # Monday to Friday
    ),
    ("NZ", "Need to talk?"): Reviewed("Call or text 1737", "https://www.pegasus.health.nz/?p=6300"),
    ("NZ", "Lifeline Aotearoa"): Reviewed(
        "Call 0800 543 354, or text 4357",
        "https://vice.com/en/article/new-zealands-biggest-mental-health-helpline-misses-one-in-four-calls",
        also=(
            "https://www.scoop.co.nz/stories/GE1803/S00053/"
            "lifeline-expands-to-offer-text-support-for-those-in-distress.htm",  # HELP (4357)
        ),
    ),
    ("NZ", "Suicide Crisis Helpline"): Reviewed(
        "Call 0508 828 865",
        "https://metronews.co.nz/article/its-okay-to-not-be-okay",  # 0508 828 865 (TAUTOKO)
        also=(
            # Lifeline and the Tautoko suicide crisis line run 24/7
            "https://m.scoop.co.nz/stories/GE2404/S00071/"
            "lifeline-celebrates-60th-year-but-pressure-has-never-been-greater.htm",
        ),
    ),
    ("NZ", "Yellow Brick Road"): Reviewed(
        "yellowbrickroad.org.nz",
        "https://anxiety.org.nz/resources/support-for-whanaufamily",  # formerly Supporting Families
        also=("https://yellowbrickroad.org.nz/?p=2287",),
    ),
}

REVIEWED_DIRECTORY = Reviewed(
    "findahelpline.com",
    "https://lifeline-international.com/"
    "from-idea-to-impact-how-throughline-is-bridging-the-gap-in-global-crisis-support/",
    also=("https://findahelpline.com/AU",),
)

_URL = re.compile(r"^https?://[^\s/]+\.[^\s/]+(/\S*)?$")


def _all_reviewed() -> list[tuple[str, Reviewed]]:
    rows = [(f"emergency {code}", r) for code, r in REVIEWED_EMERGENCY.items()]
    rows += [(f"{code} {name}", r) for (code, name), r in REVIEWED_LINES.items()]
    rows.append(("directory", REVIEWED_DIRECTORY))
    return rows


ALL_REVIEWED = _all_reviewed()


@pytest.mark.parametrize(("label", "row"), ALL_REVIEWED, ids=[r[0] for r in ALL_REVIEWED])
def test_every_reviewed_row_has_a_source_page_and_a_check_date(label: str, row: Reviewed) -> None:
    for url in (row.source, *row.also):
        assert _URL.match(url), f"{label}: source {url!r} is not a page address"
        assert url.rstrip("/") != row.contact.rstrip("/"), f"{label}: source is the contact itself"
    checked = date.fromisoformat(row.checked_on)  # ISO, YYYY-MM-DD
    assert row.checked_on == checked.isoformat(), f"{label}: {row.checked_on!r} is not YYYY-MM-DD"
    assert checked <= date.today(), f"{label}: checked on {checked}, a date in the future"


_DIGITS = re.compile(r"\d[\d\s-]*\d|\d")


def _shipped_lines() -> dict[tuple[str, str], str]:
    shipped = {}
    for code in resources.supported_countries():
        country = resources.for_country(code).country
        assert country is not None
        for line in country.lines:
            shipped[(code, line.name)] = line.contact
    return shipped


def test_every_shipped_line_is_in_the_reviewed_table_and_matches() -> None:
    assert _shipped_lines() == {key: row.contact for key, row in REVIEWED_LINES.items()}


@pytest.mark.parametrize(
    ("code", "number"), sorted((code, row.contact) for code, row in REVIEWED_EMERGENCY.items())
)
def test_emergency_numbers(code: str, number: str) -> None:
    country = resources.for_country(code).country
    assert country is not None
    assert country.emergency == number


def test_no_unreviewed_country() -> None:
    assert set(resources.supported_countries()) == set(REVIEWED_EMERGENCY)


def test_every_number_in_the_data_file_is_reviewed() -> None:
    """Catch a number slipped into a detail text, not just the contact field."""
    reviewed_numbers = {
        re.sub(r"\D", "", m)
        for row in [*REVIEWED_LINES.values(), *REVIEWED_EMERGENCY.values()]
        for value in (row.contact,)
        for part in value.split(",")
        for m in _DIGITS.findall(part)
    }
    for code in resources.supported_countries():
        country = resources.for_country(code).country
        assert country is not None
        for line in country.lines:
            for text in (line.contact, line.detail):
                for found in _DIGITS.findall(text):
                    digits = re.sub(r"\D", "", found)
                    if digits == "130" or len(digits) < 3:  # "24/7", "press 1", "130 countries"
                        continue
                    assert digits in reviewed_numbers, (code, line.name, found)


def test_default_is_us_with_988_and_911() -> None:
    res = resources.for_country(None)
    assert res.country is not None
    assert res.country.code == "US"
    assert res.country.emergency == "911"
    assert any("988" in line.contact for line in res.country.lines)
    assert res.international.contact == REVIEWED_DIRECTORY.contact


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("uk", "GB"),
        ("UK", "GB"),
        (" gb ", "GB"),
        ("ie", "IE"),
        ("Ca", "CA"),
        ("au", "AU"),
        ("nz", "NZ"),
        ("us", "US"),
    ],
)
def test_codes_are_case_insensitive_and_uk_is_gb(typed: str, code: str) -> None:
    res = resources.for_country(typed)
    assert res.country is not None
    assert res.country.code == code
    assert res.note is None


@pytest.mark.parametrize("typed", ["FR", "xx", "united states", "", "[bold]"])
def test_unknown_code_falls_back_to_directory_with_note(typed: str) -> None:
    res = resources.for_country(typed or "zz")
    assert res.country is None
    assert res.note is not None
    assert res.international.contact == REVIEWED_DIRECTORY.contact


def test_every_country_has_crisis_and_family_support() -> None:
    for code in resources.supported_countries():
        country = resources.for_country(code).country
        assert country is not None
        kinds = {line.kind for line in country.lines}
        assert kinds == {"crisis", "family"}, code


# -- the command ---------------------------------------------------------------


def test_help_now_default_shows_us_numbers(runner: CliRunner) -> None:
    result = runner.invoke(app, ["help-now"])
    assert result.exit_code == 0
    for text in ("911", "988", "findahelpline.com", "NAMI"):
        assert text in result.stdout


def test_help_now_country_uk(runner: CliRunner) -> None:
    result = runner.invoke(app, ["help-now", "--country", "uk"])
    assert result.exit_code == 0
    assert "999" in result.stdout
    assert "116 123" in result.stdout
    assert "988" not in result.stdout


def test_unknown_country_is_not_an_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["help-now", "--country", "FR"])
    assert result.exit_code == 0
    assert "findahelpline.com" in result.stdout
    assert "no verified list" in result.stdout


def test_saved_country_is_used_next_time(runner: CliRunner) -> None:
    result = runner.invoke(app, ["help-now", "--country", "nz", "--save"])
    assert result.exit_code == 0
    assert "Saved" in result.stderr
    again = runner.invoke(app, ["help-now"])
    assert "111" in again.stdout
    assert "1737" in again.stdout
    # an explicit --country still wins
    assert "13 11 14" in runner.invoke(app, ["help-now", "-c", "AU"]).stdout


def test_save_without_country_is_one_line_and_the_screen(runner: CliRunner) -> None:
    result = runner.invoke(app, ["help-now", "--save"])
    assert result.exit_code == 1
    assert "--save needs --country" in result.stderr
    assert "911" in result.stdout


def test_help_now_json(runner: CliRunner) -> None:
    import json

    data = json.loads(runner.invoke(app, ["help-now", "--json", "-c", "IE"]).stdout)
    assert data["country"] == "IE"
    assert data["emergency"] == "112 or 999"
    assert data["international"]["contact"] == REVIEWED_DIRECTORY.contact


# -- content/worried.toml: "If you are worried about suicide" ---------------------------

WORRIED_PATH = Path(__file__).parent.parent / "src/partnercare/content/worried.toml"
WORRIED_TITLE = "If you are worried about suicide"
EMERGENCY_PHRASE = "your emergency number (at the top of this screen)"
MAX_POINT = 110


def _worried() -> dict[str, Any]:
    with WORRIED_PATH.open("rb") as fh:
        return tomllib.load(fh)


WORRIED = _worried()
WORRIED_SECTIONS: list[dict[str, Any]] = WORRIED.get("section", [])


def _worried_texts() -> list[str]:
    texts = [WORRIED.get("title", ""), WORRIED.get("intro", "")]
    for section in WORRIED_SECTIONS:
        texts.append(section.get("heading", ""))
        texts += section.get("points", [])
    return texts


def _worried_all() -> str:
    return " ".join(" ".join(_worried_texts()).lower().split())


def _section_text(keyword: str) -> str:
    """The heading and points of the one section whose heading contains `keyword`."""
    found = [s for s in WORRIED_SECTIONS if keyword in s["heading"].lower()]
    assert len(found) == 1, f"expected one section about {keyword!r}"
    return " ".join([found[0]["heading"], *found[0]["points"]]).lower()


def test_worried_shape() -> None:
    assert set(WORRIED) == {"title", "intro", "section"}
    assert WORRIED["title"] == WORRIED_TITLE
    intro = WORRIED["intro"]
    assert isinstance(intro, str) and "\n" not in intro
    assert 1 <= len(re.findall(r"[.!?](?:\s|$)", intro)) <= 2, "the intro is one or two sentences"
    assert 5 <= len(WORRIED_SECTIONS) <= 7
    headings = [s.get("heading") for s in WORRIED_SECTIONS]
    assert len(headings) == len(set(headings))
    for section in WORRIED_SECTIONS:
        assert set(section) == {"heading", "points"}
        assert isinstance(section["heading"], str) and section["heading"].strip()
        assert 3 <= len(section["points"]) <= 6, section["heading"]


@pytest.mark.parametrize("text", _worried_texts())
def test_worried_points_are_short_plain_lines(text: str) -> None:
    assert isinstance(text, str) and text.strip()
    assert "\n" not in text
    assert "[" not in text and "]" not in text  # nothing rich could read as markup


def test_worried_point_lengths() -> None:
    for section in WORRIED_SECTIONS:
        for point in section["points"]:
            assert len(point) <= MAX_POINT, f"{len(point)} chars: {point!r}"


def test_worried_warning_signs() -> None:
    signs = _section_text("warning signs")
    for item in [
        ("wanting to die", "want to die"),
        "burden",
        ("looking for a way", "looking for ways", "searching"),
        "goodbye",
        "giving away",
        "withdraw",
        "sudden calm",
        ("drinking more", "more alcohol"),
        "drugs",
    ]:
        options = item if isinstance(item, tuple) else (item,)
        assert any(o in signs for o in options), f"warning signs miss {options}"


def test_worried_covers_every_topic() -> None:
    text = _worried_all()
    ask = _section_text("ask")
    assert "are you thinking about suicide" in ask
    assert "does not put the idea in someone's head" in ask
    assert "stay with them" in _section_text("danger")
    home = _section_text("home")
    for word in ("medicines", "pharmacy", "weapons", "firearms", "alcohol", "lock"):
        assert word in home, f"making the home safer misses {word!r}"
    together = _section_text("together")
    assert "crisis line" in together and "together" in together
    assert EMERGENCY_PHRASE in text
    assert "fine to call" in text
    yourself = _section_text("yourself")
    assert "afterwards" in yourself


def test_worried_has_no_numbers() -> None:
    """The crisis numbers come from resources.toml; this file must not carry any."""
    for text in _worried_texts():
        assert not re.search(r"\d", text), f"digits in {text!r}"
    # comments may name a source (e.g. the 988 Lifeline) but no data line may hold a number
    for line in WORRIED_PATH.read_text(encoding="utf-8").splitlines():
        if not line.lstrip().startswith("#"):
            assert not re.search(r"\d", line), line


def test_worried_nothing_clinic_specific() -> None:
    raw = _worried_all()
    for phrase in ("dr.", "clinic", "contact us", "our patients", "ketamine"):
        assert phrase not in raw, phrase


# Asked for, and withheld: the operator's own page says this line is closing. A
# wrong number in a crisis is worse than a missing one; restore it only after a
# person has called it and it answered.
WITHHELD = {
    (
        "AU",
        "1300 554 660",
    ): "https://www.mindaustralia.org.au/news/changes-national-carer-helpline-signal-end-era",
}


def test_withheld_numbers_are_not_shipped() -> None:
    for (code, number), _source in WITHHELD.items():
        country = resources.for_country(code).country
        assert country is not None
        shipped = " ".join(f"{line.contact} {line.detail}" for line in country.lines)
        assert number not in shipped
