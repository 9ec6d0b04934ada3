"""The current date and time, in one place so tests can pin them."""

from __future__ import annotations

from datetime import date, datetime


def now() -> datetime:
    """Local time, aware, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


def today() -> date:
    return now().date()
