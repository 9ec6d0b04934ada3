"""The streak SQLite counts matches the pure rule (`checkin.streak`) on any set of days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnercare import checkin
from partnercare.checkin import service
from partnercare.models import new_entry
from partnercare.store import Store, entries

# The store's tests run on a plain journal (sqlite3) and an encrypted one (sqlcipher3).
pytestmark = pytest.mark.usefixtures("both_drivers")

TODAY = date(2026, 11, 28)


@settings(max_examples=40, deadline=None)
@given(
    st.sets(st.integers(min_value=0, max_value=40), max_size=30),
    st.integers(min_value=0, max_value=130),
)
def test_the_sql_streak_is_the_pure_streak(
    tmp_path_factory: pytest.TempPathFactory, backs: set[int], run: int
) -> None:
    # Scattered days, and a run of `run` days from today (past the 64 looked at first).
    days = [TODAY - timedelta(days=back) for back in backs | set(range(run))]
    path = tmp_path_factory.mktemp("streak") / "partnercare.db"
    with Store.open(path) as store:
        data = checkin.validate({"mood": 3, "stress": 3, "sleep": 3, "safety": "no"}).to_data()
        entries.import_new(store, [new_entry("checkin", day, "", data=data) for day in days])
        # A note on a day without a check-in never counts.
        entries.add(store, new_entry("note", TODAY - timedelta(days=41), "a note"))
        assert service.streak(store, TODAY) == checkin.streak(days, TODAY)
