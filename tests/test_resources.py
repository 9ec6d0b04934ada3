"""Every crisis number partnercare ships, checked against a reviewed table.

Wrong numbers in mental-health apps are a known, published failure. This table
was reviewed by hand against each service's own website; the comment on each
row names the source. A change to content/resources.toml must change this
table too, after the same check.
"""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from partnercare import resources
from partnercare.cli import app

# (country, emergency number)
REVIEWED_EMERGENCY = {
    "US": "911",  # 911.gov
    "GB": "999",  # gov.uk / nhs.uk "call 999 in an emergency"
    "IE": "112 or 999",  # gov.ie: both reach emergency services
    "CA": "911",  # canada.ca
    "AU": "000",  # triplezero.gov.au
    "NZ": "111",  # police.govt.nz / 111.govt.nz
}

# (country, service name) -> contact exactly as shipped
REVIEWED_LINES = {
    # 988lifeline.org: call or text 988; Veterans press 1
    ("US", "988 Suicide & Crisis Lifeline"): "Call or text 988",
    # crisistextline.org: text HOME to 741741
    ("US", "Crisis Text Line"): "Text HOME to 741741",
    # nami.org/help: 1-800-950-NAMI (6264), text "helpline" to 62640
    ("US", "NAMI HelpLine"): '1-800-950-6264, or text "helpline" to 62640',
    # nami.org/support-groups: NAMI Family Support Group
    ("US", "NAMI Family Support Groups"): "nami.org/support-groups",
    # samaritans.org: 116 123, free, 24/7
    ("GB", "Samaritans"): "Call 116 123",
    # giveusashout.org: text SHOUT to 85258
    ("GB", "Shout"): "Text SHOUT to 85258",
    # nhs.uk/nhs-services/urgent-and-emergency-care-services/when-to-use-111
    ("GB", "NHS 111"): "Call 111",
    # rethink.org: carers' advice and support groups
    ("GB", "Rethink Mental Illness"): "rethink.org",
    # samaritans.org/ireland: 116 123
    ("IE", "Samaritans Ireland"): "Call 116 123",
    # pieta.ie: 1800 247 247, text HELP to 51444
    ("IE", "Pieta"): "Call 1800 247 247, or text HELP to 51444",
    # text50808.ie: text HELLO to 50808
    ("IE", "Text 50808"): "Text HELLO to 50808",
    # shine.ie: support for family members
    ("IE", "Shine"): "shine.ie",
    # 988.ca: call or text 9-8-8
    ("CA", "9-8-8 Suicide Crisis Helpline"): "Call or text 988",
    # cmha.ca: local branches, family and caregiver support
    ("CA", "Canadian Mental Health Association"): "cmha.ca",
    # lifeline.org.au: 13 11 14, text 0477 13 11 14
    ("AU", "Lifeline"): "Call 13 11 14, or text 0477 13 11 14",
    # suicidecallbackservice.org.au: 1300 659 467
    ("AU", "Suicide Call Back Service"): "Call 1300 659 467",
    # beyondblue.org.au: 1300 22 4636
    ("AU", "Beyond Blue"): "Call 1300 22 4636",
    # carergateway.gov.au: 1800 422 737
    ("AU", "Carer Gateway"): "Call 1800 422 737",
    # 1737.org.nz: call or text 1737
    ("NZ", "Need to talk?"): "Call or text 1737",
    # lifeline.org.nz: 0800 543 354, text 4357 (HELP)
    ("NZ", "Lifeline Aotearoa"): "Call 0800 543 354, or text 4357",
    # mentalhealth.org.nz helplines: Suicide Crisis Helpline 0508 828 865 (0508 TAUTOKO)
    ("NZ", "Suicide Crisis Helpline"): "Call 0508 828 865",
    # supportingfamiliesnz.org.nz
    ("NZ", "Supporting Families in Mental Illness"): "supportingfamiliesnz.org.nz",
}

REVIEWED_DIRECTORY = "findahelpline.com"  # findahelpline.com, run by ThroughLine

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
    assert _shipped_lines() == REVIEWED_LINES


@pytest.mark.parametrize(("code", "number"), sorted(REVIEWED_EMERGENCY.items()))
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
        for value in [*REVIEWED_LINES.values(), *REVIEWED_EMERGENCY.values()]
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
    assert res.international.contact == REVIEWED_DIRECTORY


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
    assert res.international.contact == REVIEWED_DIRECTORY


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


def test_save_without_country_is_a_usage_error(runner: CliRunner) -> None:
    assert runner.invoke(app, ["help-now", "--save"]).exit_code == 2


def test_help_now_json(runner: CliRunner) -> None:
    import json

    data = json.loads(runner.invoke(app, ["help-now", "--json", "-c", "IE"]).stdout)
    assert data["country"] == "IE"
    assert data["emergency"] == "112 or 999"
    assert data["international"]["contact"] == REVIEWED_DIRECTORY
