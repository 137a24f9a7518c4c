"""The portfolio dashboard: its numbers (one aggregate query each) and its charts, drawn here as SVG geometry.

Every tile and bar carries the URL of the filtered list behind it: the vendor list's query-string filters
(risk_tier, status, stale, blockers), the deadline list (within, overdue, kind) and the critical findings list.
The charts are computed as rectangles in Python and drawn by the template as inline SVG: no chart library and no
JavaScript, so they render the same in the browser and in a PDF.
"""

import datetime
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from vendortrack.compliance.access import events_visible_to
from vendortrack.compliance.models import EventKind, EventStatus
from vendortrack.compliance.selectors import critical_open_findings
from vendortrack.vendors.models import RiskTier, VendorStatus
from vendortrack.vendors.permissions import vendors_visible_to

User = AbstractBaseUser | AnonymousUser
CHART_WIDTH, CHART_HEIGHT, LABEL_SPACE = 360, 160, 34
# An average character of the 10px label font (app.css .chart-label), in chart units: a label wider than its bar's
# slot would run into its neighbours' and goes on two lines.
LABEL_CHAR_WIDTH = 5.6
HORIZON_DAYS = 90


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
    label_lines: tuple[str, ...] = ()

    @property
    def label_tspans(self) -> tuple[tuple[str, str], ...]:
        """(line, dy) for each line of the label: two lines sit around the label's baseline, one on it."""
        if len(self.label_lines) < 2:
            return tuple((line, "0") for line in self.label_lines)
        return ((self.label_lines[0], "-0.45em"), (self.label_lines[1], "1.1em"))

    @property
    def rect_attributes(self) -> SafeString:
        # Formatted here: numbers rendered by the template go through localisation, which costs more than the page.
        return mark_safe(f'x="{self.x:.1f}" y="{self.y:.1f}" width="{self.width:.1f}" height="{self.height:.1f}"')  # noqa: S308 - numbers only  # nosec B308 B703

    @property
    def label_x(self) -> str:
        return f"{self.x + self.width / 2:.1f}"

    @property
    def value_y(self) -> str:
        return f"{self.y - 5:.1f}"


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
    def label_y(self) -> int:
        return self.height - 16

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)

    @property
    def description(self) -> str:
        """What a screen reader says for the chart: every bar's label and value."""
        parts = [f"{bar.label} {bar.value}" if bar.label else str(bar.value) for bar in self.bars]
        return f"{self.title}: {', '.join(parts)}"


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
                label_lines=_label_lines(label, slot),
            )
        )
    return BarChart(title=title, bars=tuple(bars), width=width, height=height)


def _label_lines(label: str, slot: float) -> tuple[str, ...]:
    """The label on one line, or on two split at the space nearest its middle when it is wider than `slot`."""
    if len(label) * LABEL_CHAR_WIDTH <= slot or " " not in label:
        return (label,) if label else ()
    middle = len(label) / 2
    split = min((i for i, char in enumerate(label) if char == " "), key=lambda i: abs(i - middle))
    return (label[:split], label[split + 1 :])


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
    return f"{_reversed('vendors:list')}?{urlencode(params)}"


def _deadlines_url(**params: str | int) -> str:
    return f"{_reversed('compliance:deadlines')}?{urlencode(params)}"


@functools.cache
def _reversed(name: str) -> str:
    # The URLconf does not change while the process runs; the charts would otherwise reverse forty times a page.
    return reverse(name)


@dataclass(frozen=True)
class _Portfolio:
    tiers: dict[str, int]
    statuses: dict[str, int]
    total: int
    stale: int
    blocked: int


def _portfolio(user: User) -> _Portfolio:
    """Every vendor count of the page from one GROUP BY over the visible vendors (at most 80 rows)."""
    rows = (
        vendors_visible_to(user)
        .values("risk_tier", "status", "has_stale_evidence", "has_blockers")
        .annotate(n=Count("pk"))
        .order_by()
    )
    tiers, statuses = dict.fromkeys(RiskTier.values, 0), dict.fromkeys(VendorStatus.values, 0)
    total = stale = blocked = 0
    for row in rows:
        tiers[row["risk_tier"]] = tiers.get(row["risk_tier"], 0) + row["n"]
        statuses[row["status"]] = statuses.get(row["status"], 0) + row["n"]
        total += row["n"]
        stale += row["n"] if row["has_stale_evidence"] else 0
        blocked += row["n"] if row["has_blockers"] else 0
    return _Portfolio(tiers=tiers, statuses=statuses, total=total, stale=stale, blocked=blocked)


def _portfolio_charts(portfolio: _Portfolio) -> tuple[BarChart, BarChart]:
    by_tier = bar_chart(
        "Vendors by risk tier",
        [(RiskTier(t).label, n, _vendor_list_url(risk_tier=t), f"bar-tier-{t}") for t, n in portfolio.tiers.items()],
    )
    by_status = bar_chart(
        "Vendors by status",
        [(VendorStatus(s).label, n, _vendor_list_url(status=s), "bar-status") for s, n in portfolio.statuses.items()],
    )
    return by_tier, by_status


@dataclass(frozen=True)
class _Deadlines:
    by_day: dict[int, int]  # days from today (0-90) -> open events due that day
    overdue: int
    reviews_overdue: int

    def within(self, days: int) -> int:
        return sum(n for day, n in self.by_day.items() if day <= days)

    def week(self, week: int) -> int:
        return sum(n for day, n in self.by_day.items() if day // 7 == week)


def _deadlines(user: User, today: datetime.date) -> _Deadlines:
    """Open events per due day up to 90 days ahead, overdue days included, in one GROUP BY.

    One query rather than one for the next 90 days and one for the overdue: both read the same open events by due
    date, which the partial index on open events (due_on, vendor, kind) answers without the table. It counts those
    columns (never null), not the id: COUNT(id) would send PostgreSQL to every row for a value the index lacks.
    """
    rows = (
        events_visible_to(user)
        .filter(status=EventStatus.OPEN, due_on__lte=today + datetime.timedelta(days=HORIZON_DAYS))
        .values_list("due_on")
        .annotate(n=Count("due_on"), reviews=Count("kind", filter=Q(kind=EventKind.QUARTERLY_REVIEW)))
        .order_by()
    )
    by_day, overdue, reviews_overdue = {}, 0, 0
    for day, n, reviews in rows:
        if day < today:
            overdue += n
            reviews_overdue += reviews
        else:
            by_day[(day - today).days] = n
    return _Deadlines(by_day=by_day, overdue=overdue, reviews_overdue=reviews_overdue)


def _deadline_chart(deadlines: _Deadlines, today: datetime.date) -> BarChart:
    items = []
    for week in range(HORIZON_DAYS // 7 + 1):
        start = today + datetime.timedelta(days=7 * week)
        label = f"{start:%b} {start.day}" if week % 4 == 0 else ""
        items.append((label, deadlines.week(week), _deadlines_url(within=7 * (week + 1)), "bar-deadline"))
    return bar_chart("Deadlines in the next 13 weeks", items, width=520)


def dashboard(*, user: User, today: datetime.date) -> Dashboard:
    """The dashboard of `user`: every number counts only the vendors they may see."""
    portfolio = _portfolio(user)
    deadlines = _deadlines(user, today)
    by_tier, by_status = _portfolio_charts(portfolio)
    tiles = (
        Tile(
            "Critical open findings", critical_open_findings(user=user).count(), _reversed("compliance:findings"), "no"
        ),
        Tile("Deadlines in 30 days", deadlines.within(30), _deadlines_url(within=30), "unk"),
        Tile("Deadlines in 90 days", deadlines.within(90), _deadlines_url(within=90)),
        Tile("Overdue deadlines", deadlines.overdue, _deadlines_url(overdue=1), "no"),
        Tile("Reviews overdue", deadlines.reviews_overdue, _deadlines_url(overdue=1, kind="quarterly_review"), "no"),
        Tile("Vendors with stale evidence", portfolio.stale, _vendor_list_url(stale="on"), "unk"),
        Tile("Vendors with blocked use cases", portfolio.blocked, _vendor_list_url(blockers="on"), "no"),
        Tile("Vendors", portfolio.total, _reversed("vendors:list")),
    )
    return Dashboard(
        tiles=tiles,
        by_tier=by_tier,
        by_status=by_status,
        deadlines_by_week=_deadline_chart(deadlines, today),
        today=today,
    )
