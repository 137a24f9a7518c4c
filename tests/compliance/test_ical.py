"""The personal iCalendar feed: parses with the same library, follows visibility, rejects wrong or revoked tokens."""

import datetime

import pytest
from icalendar import Calendar

from tests.compliance.conftest import TODAY
from tests.factories import VendorFactory
from tests.vendors.web import make_people
from vendortrack.compliance.models import CalendarFeed, EventKind, ReviewEvent
from vendortrack.compliance.services import calendar_feed_create, calendar_feed_revoke

pytestmark = pytest.mark.django_db


def _event(vendor, title: str, due_on: datetime.date, status: str = "open") -> ReviewEvent:
    return ReviewEvent.objects.create(
        vendor=vendor,
        kind=EventKind.AGREEMENT_NOTICE,
        key=title,
        title=title,
        due_on=due_on,
        status=status,
        completed_at=None if status != "done" else datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC),
        detail="60 days' notice before 2025-12-31",
    )


def _feed(client, token: str):
    return client.get(f"/compliance/feed/{token}.ics")


def test_the_feed_parses_with_icalendar_and_holds_the_events_the_user_may_see(client, clock):
    people = make_people()
    mine = VendorFactory(name="Acme; Speech, Inc.", owner=people.owner)
    theirs = VendorFactory(name="Hidden Vendor", owner=people.stranger)
    moved = _event(mine, "Last day to stop the BAA renewing", TODAY + datetime.timedelta(days=30))
    _event(mine, "Old review", TODAY - datetime.timedelta(days=10), status="done")
    _event(mine, "Gone", TODAY, status="cancelled")
    _event(theirs, "Not yours", TODAY)
    token = calendar_feed_create(user=people.owner)

    response = _feed(client, token)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert sorted(events) == [
        "Acme; Speech, Inc.: Last day to stop the BAA renewing",
        "Done: Acme; Speech, Inc.: Old review",
    ]
    notice = events["Acme; Speech, Inc.: Last day to stop the BAA renewing"]
    assert notice.decoded("dtstart") == moved.due_on
    assert str(notice["uid"]) == f"{moved.public_id}@vendortrack"
    assert "60 days' notice" in str(notice["description"])
    assert str(calendar["version"]) == "2.0"


def test_a_wrong_token_is_a_404(client):
    people = make_people()
    calendar_feed_create(user=people.compliance)

    assert _feed(client, "not-the-token").status_code == 404


def test_a_revoked_or_replaced_token_is_a_404(client):
    people = make_people()
    first = calendar_feed_create(user=people.compliance)
    second = calendar_feed_create(user=people.compliance)

    assert _feed(client, first).status_code == 404
    assert _feed(client, second).status_code == 200
    calendar_feed_revoke(user=people.compliance)
    assert _feed(client, second).status_code == 404


def test_only_the_hash_of_the_token_is_stored(client):
    people = make_people()
    token = calendar_feed_create(user=people.compliance)

    assert not CalendarFeed.objects.filter(token_hash=token).exists()
    assert CalendarFeed.objects.get(user=people.compliance).token_hash != token


def test_a_deactivated_users_feed_stops_working(client):
    people = make_people()
    token = calendar_feed_create(user=people.compliance)
    people.compliance.is_active = False
    people.compliance.save()

    assert _feed(client, token).status_code == 404


def test_the_feed_page_shows_the_secret_url_once(client):
    people = make_people()
    client.force_login(people.compliance)

    created = client.post("/compliance/calendar/feed/", {"action": "create"}).content.decode()
    shown_again = client.get("/compliance/calendar/feed/").content.decode()

    assert "/compliance/feed/" in created
    assert "/compliance/feed/" not in shown_again
