"""The portfolio dashboard: its numbers (one aggregate query each) and its charts, drawn here as SVG geometry.

Every tile and bar carries the URL of the filtered list behind it: the vendor list's query-string filters
(risk_tier, status, stale, blockers), the deadline list (within, overdue, kind) and the critical findings list.
The charts are computed as rectangles in Python and drawn by the template as inline SVG: no chart library and no
JavaScript, so they render the same in the browser and in a PDF.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Q
from django.urls import reverse

from vendortrack.compliance.access import events_visible_to
from vendortrack.compliance.models import EventKind, EventStatus
from vendortrack.compliance.selectors import critical_open_findings
from vendortrack.vendors.models import RiskTier, VendorStatus
from vendortrack.vendors.permissions import vendors_visible_to

User = AbstractBaseUser | AnonymousUser
CHART_WIDTH, CHART_HEIGHT, LABEL_SPACE = 360, 160, 34


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    url: str
    css: str
    x: float
    y: float
    width: float
    height: float

    @property
    def label_x(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: tuple[Bar, ...]
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT

    @property
    def baseline(self) -> int:
        return self.height - LABEL_SPACE

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)


def bar_chart(
    title: str, items: Sequence[tuple[str, int, str, str]], *, width: int = CHART_WIDTH, height: int = CHART_HEIGHT
) -> BarChart:
    """Bars for (label, value, url, css class) items, scaled to the largest value; a zero value gets no height."""
    plot_height = height - LABEL_SPACE - 18  # room above the tallest bar for its number
    slot = width / max(len(items), 1)
    largest = max((value for _, value, _, _ in items), default=0) or 1
    bars = []
    for index, (label, value, url, css) in enumerate(items):
        bar_height = plot_height * value / largest
        bars.append(
            Bar(
                label=label,
                value=value,
                url=url,
                css=css,
                x=round(index * slot + slot * 0.18, 1),
                y=round(height - LABEL_SPACE - bar_height, 1),
                width=round(slot * 0.64, 1),
                height=round(bar_height, 1),
            )
        )
    return BarChart(title=title, bars=tuple(bars), width=width, height=height)


@dataclass(frozen=True)
class Tile:
    label: str
    value: int
    url: str
    tone: str = ""


@dataclass(frozen=True)
class Dashboard:
    tiles: tuple[Tile, ...]
    by_tier: BarChart
    by_status: BarChart
    deadlines_by_week: BarChart
    today: datetime.date


def _vendor_list_url(**params: str) -> str:
    return f"{reverse('vendors:list')}?{urlencode(params)}"


def _deadlines_url(**params: str | int) -> str:
    return f"{reverse('compliance:deadlines')}?{urlencode(params)}"


def _portfolio_charts(user: User) -> tuple[BarChart, BarChart]:
    rows = vendors_visible_to(user).values("risk_tier", "status").annotate(n=Count("pk")).order_by()
    tiers = dict.fromkeys(RiskTier.values, 0)
    statuses = dict.fromkeys(VendorStatus.values, 0)
    for row in rows:
        tiers[row["risk_tier"]] = tiers.get(row["risk_tier"], 0) + row["n"]
        statuses[row["status"]] = statuses.get(row["status"], 0) + row["n"]
    by_tier = bar_chart(
        "Vendors by risk tier",
        [(RiskTier(t).label, n, _vendor_list_url(risk_tier=t), f"bar-tier-{t}") for t, n in tiers.items()],
    )
    by_status = bar_chart(
        "Vendors by status",
        [(VendorStatus(s).label, n, _vendor_list_url(status=s), "bar-status") for s, n in statuses.items()],
    )
    return by_tier, by_status


def _deadline_counts(user: User, today: datetime.date) -> dict[str, int]:
    def within(days: int) -> Q:
        return Q(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=days))

    return (
        events_visible_to(user)
        .filter(status=EventStatus.OPEN)
        .aggregate(
            next_30=Count("pk", filter=within(30)),
            next_90=Count("pk", filter=within(90)),
            overdue=Count("pk", filter=Q(due_on__lt=today)),
            reviews_overdue=Count("pk", filter=Q(due_on__lt=today, kind=EventKind.QUARTERLY_REVIEW)),
            **{f"week_{week}": Count("pk", filter=_week(today, week)) for week in range(13)},
        )
    )


def _week(today: datetime.date, week: int) -> Q:
    start = today + datetime.timedelta(days=7 * week)
    return Q(due_on__gte=start, due_on__lt=start + datetime.timedelta(days=7))


def _deadline_chart(counts: dict[str, int], today: datetime.date) -> BarChart:
    items = []
    for week in range(13):
        start = today + datetime.timedelta(days=7 * week)
        url = _deadlines_url(within=7 * (week + 1))
        label = f"{start:%b %-d}" if week % 4 == 0 else ""
        items.append((label, counts[f"week_{week}"], url, "bar-deadline"))
    return bar_chart("Deadlines in the next 13 weeks", items, width=520)


def dashboard(*, user: User, today: datetime.date) -> Dashboard:
    """The dashboard of `user`: every number counts only the vendors they may see."""
    vendors = vendors_visible_to(user).aggregate(
        total=Count("pk"),
        stale=Count("pk", filter=Q(has_stale_evidence=True)),
        blocked=Count("pk", filter=Q(has_blockers=True)),
    )
    deadlines = _deadline_counts(user, today)
    by_tier, by_status = _portfolio_charts(user)
    tiles = (
        Tile("Critical open findings", critical_open_findings(user=user).count(), reverse("compliance:findings"), "no"),
        Tile("Deadlines in 30 days", deadlines["next_30"], _deadlines_url(within=30), "unk"),
        Tile("Deadlines in 90 days", deadlines["next_90"], _deadlines_url(within=90)),
        Tile("Overdue deadlines", deadlines["overdue"], _deadlines_url(overdue=1), "no"),
        Tile("Reviews overdue", deadlines["reviews_overdue"], _deadlines_url(overdue=1, kind="quarterly_review"), "no"),
        Tile("Vendors with stale evidence", vendors["stale"], _vendor_list_url(stale="on"), "unk"),
        Tile("Vendors with blocked use cases", vendors["blocked"], _vendor_list_url(blockers="on"), "no"),
        Tile("Vendors", vendors["total"], reverse("vendors:list")),
    )
    return Dashboard(
        tiles=tiles,
        by_tier=by_tier,
        by_status=by_status,
        deadlines_by_week=_deadline_chart(deadlines, today),
        today=today,
    )
