"""The `--json` shapes (render/json.py), checked against hand-made records.

These are the scripting contract: a key renamed or dropped here breaks someone's
script, so each shape is written out in full.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from partnercare.checkin import Checkin, Nudge
from partnercare.checkin.service import Saved, TodayStatus
from partnercare.models import Entry
from partnercare.render import json as shapes
from partnercare.resources import CountrySet, Directory, Guidance, Line, Resources
from partnercare.settings import Contact, SafetyPlan
from partnercare.tips import Match, Tip

ENTRY = Entry(
    id=7,
    uuid="0b6f2a8e-3c1d-4e5f-8a9b-1c2d3e4f5a6b",
    kind="note",
    day=date(2026, 11, 24),
    created_at="2026-11-25T09:30:00+00:00",
    updated_at="2026-11-25T10:00:00+00:00",
    text="Walked by the river\nSam smiled",
    starred=True,
    tags=("sam", "walk"),
    data=None,
)
ENTRY_JSON = {
    "id": 7,
    "uuid": "0b6f2a8e-3c1d-4e5f-8a9b-1c2d3e4f5a6b",
    "kind": "note",
    "date": "2026-11-24",
    "created_at": "2026-11-25T09:30:00+00:00",
    "updated_at": "2026-11-25T10:00:00+00:00",
    "text": "Walked by the river\nSam smiled",
    "tags": ["sam", "walk"],
    "starred": True,
    "data": None,
}
TIP = Tip(
    number=3,
    slug="listen",
    title="Listen first",
    summary="Hear them out.",
    body="First   paragraph.\n\nSecond\nparagraph.",
    try_today="Ask one open question.",
)
NUDGE = Nudge(rule="partner_low", text="A hard few days.", tip=3)
NUDGE_JSON = {
    "rule": "partner_low",
    "text": "A hard few days.",
    "tip": 3,
    "command": "partnercare tips 3",
}


def test_entry_has_every_field_in_order() -> None:
    shape = shapes.entry(ENTRY)
    assert shape == ENTRY_JSON
    assert list(shape) == list(ENTRY_JSON)  # the export prints keys in this order
    checkin = shapes.entry(ENTRY._replace(kind="checkin", data={"mood": 3}, tags=()))
    assert checkin["data"] == {"mood": 3} and checkin["tags"] == []


def test_search_hit_is_the_entry_and_its_snippet() -> None:
    assert shapes.search_hit(ENTRY, "by the river") == {**ENTRY_JSON, "snippet": "by the river"}


def test_tip_in_full_read_and_unread() -> None:
    read = {3: "2026-11-20T08:00:00+00:00"}
    assert shapes.tip(TIP, read, "Not medical advice.") == {
        "number": 3,
        "slug": "listen",
        "title": "Listen first",
        "summary": "Hear them out.",
        "text": "First paragraph.\n\nSecond paragraph.",
        "try_today": "Ask one open question.",
        "read": True,
        "first_read_at": "2026-11-20T08:00:00+00:00",
        "disclaimer": "Not medical advice.",
    }
    unread = shapes.tip(TIP, {}, "Not medical advice.")
    assert unread["read"] is False and unread["first_read_at"] is None


def test_tip_match_adds_score_and_passage() -> None:
    match = Match(tip=TIP, score=2.5, passage="Hear them", terms=("hear",))
    shape = shapes.tip_match(match, {}, "d")
    assert shape == {**shapes.tip(TIP, {}, "d"), "score": 2.5, "passage": "Hear them"}
    assert "terms" not in shape


def test_today_without_and_with_a_nudge() -> None:
    status = TodayStatus(done=False, streak=0, nudge=None)
    assert shapes.today(date(2026, 11, 25), status, TIP) == {
        "date": "2026-11-25",
        "checkin_done": False,
        "safety_concern": False,
        "streak": 0,
        "tip_of_the_day": {
            "number": 3,
            "slug": "listen",
            "title": "Listen first",
            "summary": "Hear them out.",
        },
        "nudge": None,
        "next_appointment": None,
    }
    status = TodayStatus(done=True, streak=4, nudge=NUDGE, worried=True)
    shape = shapes.today(date(2026, 11, 25), status, TIP)
    assert shape["checkin_done"] is True and shape["safety_concern"] is True
    assert shape["streak"] == 4 and shape["nudge"] == NUDGE_JSON


def test_saved_checkin() -> None:
    answers = Checkin(mood=4, stress=2, sleep=3, safety="no", who5=(3, 3, 3, 3, 3))
    saved = Saved(
        entry=ENTRY._replace(kind="checkin", data={"mood": 4}),
        replaced=True,
        checkin=answers,
        summary=("You: mood 4/5", "Stress 2/5"),
        who5_text="60 of 100",
        nudges=(NUDGE,),
    )
    assert shapes.saved_checkin(saved) == {
        "entry": {**ENTRY_JSON, "kind": "checkin", "data": {"mood": 4}},
        "replaced": True,
        "safety_concern": False,
        "summary": ["You: mood 4/5", "Stress 2/5"],
        "who5": {"score": 60, "description": "60 of 100"},
        "nudges": [NUDGE_JSON],
    }
    plain = shapes.saved_checkin(replace(saved, checkin=Checkin(3, 3, 3, "unsure"), nudges=()))
    assert plain["who5"] is None and plain["nudges"] == [] and plain["safety_concern"] is True


INTERNATIONAL = Directory(name="Find a Helpline", contact="findahelpline.com", detail="Any country")
COUNTRY = CountrySet(
    code="GB",
    name="United Kingdom",
    emergency="999",
    lines=(Line(kind="crisis", name="Samaritans", contact="116 123", detail="24/7"),),
)


def test_resources_for_a_country_and_for_none() -> None:
    found = Resources(country=COUNTRY, international=INTERNATIONAL, requested="GB")
    assert shapes.resources(found) == {
        "country": "GB",
        "country_name": "United Kingdom",
        "emergency": "999",
        "lines": [{"kind": "crisis", "name": "Samaritans", "contact": "116 123", "detail": "24/7"}],
        "international": {
            "name": "Find a Helpline",
            "contact": "findahelpline.com",
            "detail": "Any country",
        },
        "note": None,
    }
    none = Resources(country=None, international=INTERNATIONAL, requested="ZZ", note="no list")
    shape = shapes.resources(none)
    assert shape["country"] is None and shape["country_name"] is None
    assert shape["emergency"] is None and shape["lines"] == [] and shape["note"] == "no list"


def test_crisis_screen_adds_contacts_plan_problems_and_guidance() -> None:
    found = Resources(country=COUNTRY, international=INTERNATIONAL, requested="GB")
    worried = Guidance(title="T", intro="I", sections=(("Now", ("Stay", "Call")),))
    shape = shapes.crisis_screen(
        found,
        contacts=[Contact("Dr Lee", "555 0100", "clinician")],
        plan=SafetyPlan("yes", "blue folder"),
        problems=("settings unreadable",),
        worried=worried,
    )
    assert shape == {
        **shapes.resources(found),
        "contacts": [{"name": "Dr Lee", "number": "555 0100", "role": "clinician"}],
        "safety_plan": {"has": "yes", "where": "blue folder"},
        "problems": ["settings unreadable"],
        "worried": {
            "title": "T",
            "intro": "I",
            "sections": [{"heading": "Now", "points": ["Stay", "Call"]}],
        },
    }
    bare = shapes.crisis_screen(found, contacts=[], plan=None, problems=[], worried=None)
    assert bare["contacts"] == [] and bare["safety_plan"] is None and bare["worried"] is None


def test_every_shape_is_plain_json() -> None:
    # No dates, tuples-as-records or dataclasses slip through: json.dumps takes them as is.
    status = TodayStatus(done=True, streak=1, nudge=NUDGE)
    json.dumps([shapes.entry(ENTRY), shapes.today(date(2026, 11, 25), status, TIP)])
