"""The personal iCalendar feed (RFC 5545), written with the icalendar library.

One all-day VEVENT per open or done event of the vendors the feed's owner may see, from FEED_PAST_DAYS ago on. The
UID is the event's public id, so calendar apps update a moved deadline in place instead of adding a second one;
SEQUENCE grows with each change (seconds between creation and the last change) for the same reason. Done events
stay in the feed with "Done:" before their title, so the history is visible; cancelled ones are left out.
"""

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from icalendar import Calendar, Event

from vendortrack.compliance.access import events_visible_to
from vendortrack.compliance.models import EventStatus, ReviewEvent

FEED_PAST_DAYS = 90
PRODID = "-//VendorTrack//Review schedule//EN"


def _vevent(event: ReviewEvent, *, stamp: datetime.datetime) -> Event:
    vevent = Event()
    vevent.add("uid", f"{event.public_id}@vendortrack")
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", event.due_on)
    vevent.add("dtend", event.due_on + datetime.timedelta(days=1))
    done = event.status == EventStatus.DONE
    vevent.add("summary", f"{'Done: ' if done else ''}{event.vendor.name}: {event.title}")
    description = event.get_kind_display() + (f"\n{event.detail}" if event.detail else "")
    vevent.add("description", description)
    vevent.add("categories", [event.get_kind_display()])
    vevent.add("last-modified", event.updated_at)
    vevent.add("sequence", int(event.updated_at.timestamp()) - int(event.created_at.timestamp()))
    vevent.add("transp", "TRANSPARENT")
    return vevent


def feed_events(user: AbstractBaseUser, *, today: datetime.date) -> list[ReviewEvent]:
    since = today - datetime.timedelta(days=FEED_PAST_DAYS)
    events = events_visible_to(user).filter(due_on__gte=since).exclude(status=EventStatus.CANCELLED)
    return list(events.select_related("vendor").order_by("due_on", "pk"))


def calendar_feed(user: AbstractBaseUser, *, today: datetime.date | None = None) -> bytes:
    """The feed of `user` as iCalendar bytes."""
    today = today or timezone.localdate()
    feed = Calendar()
    feed.add("prodid", PRODID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", f"VendorTrack reviews ({user.get_username()})")
    feed.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    for event in feed_events(user, today=today):
        feed.add_component(_vevent(event, stamp=stamp))
    return feed.to_ical()
