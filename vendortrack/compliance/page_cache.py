"""The dashboard's board, the calendar's grid and the deadline list's rows, rendered once per version of what they
show and cached.

Everyone opens the dashboard first, many times a day, and compliance pages through the calendar and the
deadlines, while the schedule and the portfolio change a few times a day and overnight. What these pages show comes
from two tables, each with a change stamp (contracts/stamps.py says why that is exact):

- the vendors (risk tier, status, stale evidence, blockers; the name and link of each event's vendor): the vendor
  list's "vendor-list" stamp, which also moves with every grant, role and group change, that is with whom a person
  sees;
- the schedule's events (due date, kind, title, detail, status): the "review-events" stamp below, moved by every
  event saved or deleted through the models (closing an event, signing off a review, a review held off-schedule)
  and by the schedule sync's bulk writes, which call `stamp_changed` themselves (services.schedule_sync).

Agreements, security evidence and RFIs reach these pages only through them: their writes enqueue the vendor's
schedule sync (receivers.py), which moves events, and refresh the vendor's derived facts, which moves the vendor
list's stamp. Each key holds the reader's visibility scope (everyone who sees every vendor shares one entry,
procurement with assigned-only visibility has its own), the day and the time zone ("in 30 days", overdue, the
weeks of the deadline chart and the calendar's today move with the calendar), what was asked (the calendar's month
and view, the deadline list's query string as asked), whether the reader may close deadlines (the rows' buttons),
and the code and templates of compliance and vendors (the tier, status and kind labels).

The dashboard's critical findings tile also follows the review queue's "review-queue" stamp, which every write of
findings, document versions and agreements moves, the analysis's bulk writes included (contracts/review_cache.py).
The rest of each page (top bar, messages, the heading and its links, the filter form, and the forms that carry the
reader's CSRF token: the quarter PDF one, and the one form every "Mark done" button submits) is rendered per
request as before.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from contracts.review_cache import TOPIC as REVIEW_TOPIC
from contracts.stamps import cached, code_version, stamp_on_writes
from vendortrack.compliance import selectors
from vendortrack.compliance.dashboard import dashboard
from vendortrack.compliance.models import ReviewEvent
from vendortrack.vendors.list_cache import TOPIC as VENDOR_LIST_TOPIC
from vendortrack.vendors.permissions import vendor_visibility_scope

User = AbstractBaseUser | AnonymousUser
TOPIC = "review-events"
TILES_TEMPLATE = "compliance/_dashboard_tiles.html"
CHARTS_TEMPLATE = "compliance/_dashboard_charts.html"
CALENDAR_TEMPLATE = "compliance/_calendar_grid.html"
DEADLINES_TEMPLATE = "compliance/_deadline_results.html"
DEADLINES_PAGE_SIZE = 50
_APP_DIR = Path(__file__).resolve().parent
_VENDORS_DIR = _APP_DIR.parent / "vendors"


@dataclass(frozen=True)
class BoardHtml:
    """The dashboard's tiles and charts, as HTML."""

    tiles: SafeString
    charts: SafeString


def dashboard_board(*, user: User, today: datetime.date) -> BoardHtml:
    """The tiles and charts of `user`'s dashboard on `today`, from the cache while what they count has not moved."""
    topics = [VENDOR_LIST_TOPIC, TOPIC, REVIEW_TOPIC]
    return cached("compliance-dashboard", _key(user, today), topics=topics, render=lambda: _render(user, today))


def _key(user: User, today: datetime.date, *asked: object) -> tuple:
    """What every kept page here depends on besides its stamps and what was asked (`asked`): the code and templates,
    the reader's visibility scope, the day and the time zone."""
    return (
        code_version(_APP_DIR, _VENDORS_DIR),
        vendor_visibility_scope(user),
        today.isoformat(),
        timezone.get_current_timezone_name(),
        *asked,
    )


def _render(user: User, today: datetime.date) -> BoardHtml:
    # No request: nothing of the reader beyond their visibility scope may reach what is shared.
    board = dashboard(user=user, today=today)
    return BoardHtml(
        tiles=render_to_string(TILES_TEMPLATE, {"board": board}),
        charts=render_to_string(CHARTS_TEMPLATE, {"board": board}),
    )


def calendar_grid(*, user: User, month: datetime.date, view: str, today: datetime.date) -> SafeString:
    """The grid of the calendar page (the month's weeks, or the quarter's months) as `user` sees it on `today`."""
    return cached(
        "compliance-calendar",
        _key(user, today, view, month.isoformat()),
        topics=[VENDOR_LIST_TOPIC, TOPIC],
        render=lambda: _render_calendar(user, month, view, today),
    )


def _render_calendar(user: User, month: datetime.date, view: str, today: datetime.date) -> SafeString:
    # Deadlines already past are in earlier months: the page says how many are still open and links to them.
    overdue = selectors.deadline_list(user=user, filters=selectors.DeadlineFilters(overdue=True), today=today).count()
    context = {"view": view, "today": today, "overdue": overdue}
    if view == "quarter":
        context["quarter"] = selectors.quarter_schedule(user=user, day=month)
    else:
        context["calendar"] = selectors.month_calendar(user=user, month=month)
    return render_to_string(CALENDAR_TEMPLATE, context)


def deadline_results(
    request: HttpRequest, *, filters: selectors.DeadlineFilters, today: datetime.date, may_close: bool
) -> SafeString:
    """The count, pagination and rows of the deadline list `request` asks for, filtered by `filters`."""
    return cached(
        "compliance-deadlines",
        _key(request.user, today, may_close, sorted(request.GET.lists())),
        topics=[VENDOR_LIST_TOPIC, TOPIC],
        render=lambda: _render_deadlines(request, filters, today, may_close),
    )


def _render_deadlines(
    request: HttpRequest, filters: selectors.DeadlineFilters, today: datetime.date, may_close: bool
) -> SafeString:
    events = selectors.deadline_list(user=request.user, filters=filters, today=today)
    page = Paginator(events, DEADLINES_PAGE_SIZE).get_page(request.GET.get("page"))
    # The request is there for the pagination's links, which repeat the query string (part of the key).
    context = {"page": page, "today": today, "can_review": may_close}
    return render_to_string(DEADLINES_TEMPLATE, context, request=request)


def stamp_event_writes() -> None:
    """Connect the event saves and deletes to the stamp (called from the app's ready())."""
    stamp_on_writes(TOPIC, [ReviewEvent])
