"""Frozen time for compliance tests: every date here is relative to a fixed day in New York."""

import datetime
import zoneinfo

import pytest
import time_machine

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
TODAY = datetime.date(2025, 6, 2)


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=NEW_YORK)


@pytest.fixture
def clock():
    """A traveller frozen at TODAY 09:00; move it with clock.move_to(at(day))."""
    with time_machine.travel(at(TODAY), tick=False) as traveller:
        yield traveller
