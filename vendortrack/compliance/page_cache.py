"""The dashboard's tiles and charts, rendered once per version of what they count and cached.

Everyone opens the dashboard first, many times a day, while the schedule and the portfolio change a few times a day
and overnight. What it counts comes from two tables, each with a change stamp (contracts/stamps.py says why that is
exact):

- the vendors (risk tier, status, stale evidence, blockers): the vendor list's "vendor-list" stamp, which also moves
  with every grant, role and group change, that is with whom a person sees;
- the schedule's events (due date, kind, status): the "review-events" stamp below, moved by every event saved or
  deleted through the models (closing an event, signing off a review, a review held off-schedule) and by the
  schedule sync's bulk writes, which call `stamp_changed` themselves (services.schedule_sync).

Agreements, security evidence and RFIs reach the dashboard only through these: their writes enqueue the vendor's
schedule sync (receivers.py), which moves events, and refresh the vendor's derived facts, which moves the vendor
list's stamp. The key holds the reader's visibility scope (everyone who sees every vendor shares one entry,
procurement with assigned-only visibility has its own), the day and the time zone ("in 30 days", overdue and the
weeks of the deadline chart move with the calendar), and the code and templates of compliance and vendors (the
tier and status labels).

The critical findings tile is counted on every request: findings are written by the contracts analysis in bulk,
which sends no signal and moves no stamp, and counting them is one short query. The rest of the page (top bar,
messages, links) is rendered per request as before.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from contracts.stamps import cached, code_version, stamp_on_writes
from vendortrack.compliance.dashboard import dashboard
from vendortrack.compliance.models import ReviewEvent
from vendortrack.vendors.list_cache import TOPIC as VENDOR_LIST_TOPIC
from vendortrack.vendors.permissions import vendor_visibility_scope

User = AbstractBaseUser | AnonymousUser
TOPIC = "review-events"
TILES_TEMPLATE = "compliance/_dashboard_tiles.html"
CHARTS_TEMPLATE = "compliance/_dashboard_charts.html"
_APP_DIR = Path(__file__).resolve().parent
_VENDORS_DIR = _APP_DIR.parent / "vendors"


@dataclass(frozen=True)
class BoardHtml:
    """The tiles after the critical findings one, and the charts, as HTML."""

    tiles: SafeString
    charts: SafeString


def dashboard_board(*, user: User, today: datetime.date) -> BoardHtml:
    """The tiles and charts of `user`'s dashboard on `today`, from the cache while what they count has not moved."""
    key = (
        code_version(_APP_DIR, _VENDORS_DIR),
        vendor_visibility_scope(user),
        today.isoformat(),
        timezone.get_current_timezone_name(),
    )
    return cached("compliance-dashboard", key, topics=[VENDOR_LIST_TOPIC, TOPIC], render=lambda: _render(user, today))


def _render(user: User, today: datetime.date) -> BoardHtml:
    # No request: nothing of the reader beyond their visibility scope may reach what is shared.
    board = dashboard(user=user, today=today)
    return BoardHtml(
        tiles=render_to_string(TILES_TEMPLATE, {"board": board}),
        charts=render_to_string(CHARTS_TEMPLATE, {"board": board}),
    )


def stamp_event_writes() -> None:
    """Connect the event saves and deletes to the stamp (called from the app's ready())."""
    stamp_on_writes(TOPIC, [ReviewEvent])
