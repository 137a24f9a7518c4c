"""Reads for the compliance pages: deadlines, the calendar, open legal findings and reviews, by permission.

Every list is filtered by the vendors the user may see (compliance/access.py) and runs a fixed number of queries.
"""

import calendar
import datetime
from dataclasses import dataclass, replace

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber

from contracts.models import ClauseFinding, Decision, DocumentVersion, FindingStatus, Severity
from vendortrack.compliance.access import events_visible_to, reviews_visible_to
from vendortrack.compliance.models import EventKind, EventStatus, QuarterlyReview, ReviewEvent
from vendortrack.vendors.models import Vendor
from vendortrack.vendors.permissions import vendors_visible_to

User = AbstractBaseUser | AnonymousUser
OPEN_DECISIONS = (Decision.UNDECIDED, Decision.NEGOTIATE)


def open_findings(*, vendors: QuerySet[Vendor] | None) -> QuerySet[ClauseFinding]:
    """Findings of the latest version of each agreement that are not present and await a decision or negotiation,
    of `vendors` (None: of every vendor)."""
    latest = DocumentVersion.objects.filter(agreement=OuterRef("version__agreement")).order_by("-number").values("pk")
    findings = ClauseFinding.objects.filter(decision__in=OPEN_DECISIONS)
    if vendors is not None:
        findings = findings.filter(version__agreement__vendor__in=vendors)
    return findings.exclude(status=FindingStatus.PRESENT).filter(version_id=Subquery(latest[:1]))


def open_findings_count(*, vendor: Vendor) -> int:
    return open_findings(vendors=Vendor.objects.filter(pk=vendor.pk)).count()


def critical_open_findings(*, user: User) -> QuerySet[ClauseFinding]:
    visible = vendors_visible_to(user)
    # Everyone's vendors need no filter: "vendor in every vendor" only adds two joins to plan on every dashboard.
    vendors = visible.values("pk") if visible.query.has_filters() else None
    return (
        open_findings(vendors=vendors)
        .filter(severity=Severity.CRITICAL)
        .select_related("version__agreement__vendor")
        .order_by("version__agreement__vendor__name", "provision_id")
    )


@dataclass(frozen=True)
class DeadlineFilters:
    """What the deadline list was asked for: within N days, overdue only, one kind, one day."""

    within_days: int | None = None
    overdue: bool = False
    kind: str = ""
    day: datetime.date | None = None


def deadline_list(*, user: User, filters: DeadlineFilters, today: datetime.date) -> QuerySet[ReviewEvent]:
    events = events_visible_to(user).select_related("vendor")
    if filters.day is not None:
        # One day, as the calendar shows it ("+N more"): done events too, so the list matches the day's count.
        events = events.filter(due_on=filters.day).exclude(status=EventStatus.CANCELLED)
    else:
        events = events.filter(status=EventStatus.OPEN)
    if filters.overdue:
        events = events.filter(due_on__lt=today)
    elif filters.within_days is not None:
        events = events.filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=filters.within_days))
    if filters.kind in EventKind.values:
        events = events.filter(kind=filters.kind)
    return events.order_by("due_on", "vendor__name", "pk")


# Days with more events than this show the first ones and "+N more", linking to the day's deadline list: at a few
# thousand vendors a busy day holds dozens of events, and rendering them all made the month page the slowest page.
CALENDAR_DAY_LIMIT = 4


@dataclass(frozen=True)
class CalendarDay:
    day: datetime.date
    in_month: bool
    events: list
    more: int = 0


@dataclass(frozen=True)
class MonthCalendar:
    first: datetime.date
    weeks: list[list[CalendarDay]]
    previous: datetime.date
    next: datetime.date


CALENDAR_EVENT_FIELDS = ("due_on", "status", "kind", "title", "detail", "vendor", "vendor__public_id", "vendor__name")


def _days_between(
    user: User, start: datetime.date, end: datetime.date, *, limit: int | None
) -> dict[datetime.date, CalendarDay]:
    """The non-cancelled events due from `start` to `end` by day, at most `limit` a day (None: all), in two queries."""
    events = events_visible_to(user).filter(due_on__gte=start, due_on__lte=end).exclude(status=EventStatus.CANCELLED)
    # Only what the calendar, the quarter view and their PDF show: an event's timestamps and the vendor's profile
    # columns would be decoded for every one of hundreds of events for nothing.
    shown = events.select_related("vendor").only(*CALENDAR_EVENT_FIELDS).order_by("due_on", "vendor__name", "pk")
    totals: dict[datetime.date, int] = {}
    if limit is not None:
        totals = dict(events.order_by().values("due_on").annotate(n=Count("pk")).values_list("due_on", "n"))
        rank = Window(RowNumber(), partition_by=[F("due_on")], order_by=[F("vendor__name").asc(), F("pk").asc()])
        shown = shown.annotate(day_rank=rank).filter(day_rank__lte=limit)
    by_day: dict[datetime.date, list] = {}
    for event in shown:
        by_day.setdefault(event.due_on, []).append(event)
    return {
        day: CalendarDay(day, True, listed, totals.get(day, len(listed)) - len(listed))
        for day, listed in by_day.items()
    }


def month_calendar(*, user: User, month: datetime.date, limit: int | None = CALENDAR_DAY_LIMIT) -> MonthCalendar:
    """The weeks (Monday first) of the month of `month`, each day with its first `limit` events and how many more."""
    first = month.replace(day=1)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    days = _days_between(user, weeks[0][0], weeks[-1][-1], limit=limit)
    grid = [
        [replace(days.get(day, CalendarDay(day, True, [])), in_month=day.month == first.month) for day in week]
        for week in weeks
    ]
    previous, following = _adjacent_months(first)
    return MonthCalendar(first=first, weeks=grid, previous=previous, next=following)


def _adjacent_months(first: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first days of the months before and after the month starting on `first`."""
    return (first - datetime.timedelta(days=1)).replace(day=1), (first + datetime.timedelta(days=32)).replace(day=1)


def quarter_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the calendar quarter holding `day`."""
    start = datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    end_month = start.month + 2
    return start, datetime.date(start.year, end_month, calendar.monthrange(start.year, end_month)[1])


@dataclass(frozen=True)
class QuarterSchedule:
    """The quarter month by month; each month is its days that have events, in date order."""

    start: datetime.date
    end: datetime.date
    months: list[tuple[datetime.date, list[CalendarDay]]]

    @property
    def label(self) -> str:
        return _quarter_label(self.start)


def _quarter_label(start: datetime.date) -> str:
    return f"{start.year} Q{(start.month - 1) // 3 + 1}"


@dataclass(frozen=True)
class CalendarPeriod:
    """The period the calendar page shows, for the heading and links around its grid (no query needed)."""

    month: datetime.date  # the first day of the month asked
    previous: datetime.date
    next: datetime.date
    quarter_start: datetime.date
    quarter_end: datetime.date

    @property
    def quarter_label(self) -> str:
        return _quarter_label(self.quarter_start)


def calendar_period(*, month: datetime.date) -> CalendarPeriod:
    first = month.replace(day=1)
    previous, following = _adjacent_months(first)
    start, end = quarter_of(first)
    return CalendarPeriod(month=first, previous=previous, next=following, quarter_start=start, quarter_end=end)


def quarter_schedule(*, user: User, day: datetime.date, limit: int | None = CALENDAR_DAY_LIMIT) -> QuarterSchedule:
    """The events of the quarter holding `day`, month by month, at most `limit` a day (None: all, for the PDF)."""
    start, end = quarter_of(day)
    months = [start.replace(month=start.month + offset) for offset in range(3)]
    days = sorted(_days_between(user, start, end, limit=limit).values(), key=lambda cell: cell.day)
    return QuarterSchedule(
        start=start, end=end, months=[(m, [cell for cell in days if cell.day.month == m.month]) for m in months]
    )


def vendor_reviews(*, user: User, vendor: Vendor) -> QuerySet[QuarterlyReview]:
    return reviews_visible_to(user).filter(vendor=vendor).select_related("signed_off_by").order_by("-created_at")
