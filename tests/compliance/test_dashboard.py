"""The dashboard, the deadline list and the calendar: counts by visibility, links to filtered lists, fixed queries."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.compliance.board import bars, board_html, tiles
from tests.compliance.conftest import TODAY
from tests.factories import VendorFactory
from tests.vendors.web import make_people
from vendortrack.compliance.dashboard import bar_chart
from vendortrack.compliance.models import EventKind, EventStatus, ReviewEvent
from vendortrack.vendors.models import RiskTier


def test_bars_scale_to_the_largest_value_and_keep_their_links():
    chart = bar_chart(
        "Tiers", [("Low", 4, "/v?risk_tier=low", "a"), ("High", 2, "/v?risk_tier=high", "b"), ("X", 0, "/x", "c")]
    )

    low, high, empty = chart.bars
    assert low.height == 2 * high.height
    assert empty.height == 0
    assert low.y + low.height == chart.baseline
    assert [bar.url for bar in chart.bars] == ["/v?risk_tier=low", "/v?risk_tier=high", "/x"]
    assert chart.total == 6


def test_a_label_wider_than_its_bar_goes_on_two_lines_split_near_its_middle():
    items = [(label, 1, "/", "a") for label in ("Evaluating", "Approved with conditions", "Rejected")]

    short, long, _ = bar_chart("Status", items).bars

    assert short.label_lines == ("Evaluating",)
    assert long.label_lines == ("Approved with", "conditions")
    assert [dy for _, dy in long.label_tspans] == ["-0.45em", "1.1em"]
    # In a slot wide enough, the same label keeps one line.
    assert bar_chart("Status", items[1:2]).bars[0].label_lines == ("Approved with conditions",)


@pytest.mark.django_db
def test_the_status_chart_draws_a_long_label_as_two_lines(client, clock):
    people = make_people()
    VendorFactory(owner=people.owner, status="approved_with_conditions")
    client.force_login(people.compliance)

    html = board_html(client)

    assert ">Approved with</tspan>" in html and ">conditions</tspan>" in html


def _event(vendor, due_on, kind=EventKind.SOC2_REFRESH, key="k"):
    return ReviewEvent.objects.create(vendor=vendor, kind=kind, key=key, title=f"{kind} {key}", due_on=due_on)


@pytest.mark.django_db
def test_the_dashboard_counts_only_what_the_user_may_see_and_links_to_the_lists(client, clock):
    people = make_people()
    mine = VendorFactory(owner=people.owner, risk_tier=RiskTier.CRITICAL, has_blockers=True)
    theirs = VendorFactory(owner=people.stranger, risk_tier=RiskTier.CRITICAL, has_stale_evidence=True)
    _event(mine, TODAY + datetime.timedelta(days=10))
    _event(theirs, TODAY - datetime.timedelta(days=3), kind=EventKind.QUARTERLY_REVIEW)

    client.force_login(people.owner)
    owner_tiles = tiles(board_html(client))
    client.force_login(people.compliance)
    compliance_page = board_html(client)
    compliance_tiles = tiles(compliance_page)

    assert owner_tiles["Vendors"][0] == 1
    assert owner_tiles["Deadlines in 30 days"][0] == 1
    assert owner_tiles["Reviews overdue"][0] == 0
    assert compliance_tiles["Reviews overdue"][0] == 1
    assert compliance_tiles["Vendors with stale evidence"][0] == 1
    assert compliance_tiles["Vendors with blocked use cases"][1].endswith("?blockers=on")
    critical, critical_url = bars(compliance_page)["Critical"]
    assert critical == 2
    listed = client.get(critical_url)
    assert {vendor.pk for vendor in listed.context["page"]} == {mine.pk, theirs.pk}
    overdue = client.get(compliance_tiles["Reviews overdue"][1])
    assert [event.vendor_id for event in overdue.context["page"]] == [theirs.pk]


@pytest.mark.django_db
def test_a_warning_tile_is_coloured_only_when_its_count_is_not_zero(client, clock):
    people = make_people()
    vendor = VendorFactory(owner=people.owner)
    _event(vendor, TODAY - datetime.timedelta(days=3))
    client.force_login(people.compliance)

    page = board_html(client)

    assert re.search(r'tile tile-no" href="[^"]+">\s*<div class="label">Overdue deadlines<', page)
    assert re.search(r'class="card stat tile" href="[^"]+">\s*<div class="label">Reviews overdue<', page)


@pytest.mark.django_db
def test_the_calendar_says_how_many_past_deadlines_are_still_open_and_links_to_them(client, clock):
    people = make_people()
    mine = VendorFactory(owner=people.owner)
    _event(mine, TODAY - datetime.timedelta(days=40), key="a")
    _event(mine, TODAY - datetime.timedelta(days=3), key="b")
    done = _event(mine, TODAY - datetime.timedelta(days=5), key="c")
    ReviewEvent.objects.filter(pk=done.pk).update(status=EventStatus.DONE, completed_at=timezone.now())
    _event(VendorFactory(owner=people.stranger), TODAY - datetime.timedelta(days=2), key="d")

    client.force_login(people.owner)
    page = client.get(reverse("compliance:calendar")).content.decode()
    client.force_login(people.compliance)
    everyone = client.get(reverse("compliance:calendar"), {"view": "quarter"}).content.decode()

    assert "2 deadlines that fell due before today are still open." in page
    assert f'href="{reverse("compliance:deadlines")}?overdue=1"' in page
    assert "3 deadlines that fell due before today are still open." in everyone


@pytest.mark.django_db
def test_a_calendar_with_nothing_overdue_says_nothing_of_it(client, clock):
    people = make_people()
    _event(VendorFactory(owner=people.owner), TODAY + datetime.timedelta(days=3))
    client.force_login(people.owner)

    assert "fell due before today" not in client.get(reverse("compliance:calendar")).content.decode()


@pytest.mark.django_db
def test_the_deadline_list_filters_by_window_overdue_and_kind(client, clock):
    people = make_people()
    vendor = VendorFactory()
    soon = _event(vendor, TODAY + datetime.timedelta(days=5), key="soon")
    later = _event(vendor, TODAY + datetime.timedelta(days=60), kind=EventKind.AGREEMENT_NOTICE, key="later")
    late = _event(vendor, TODAY - datetime.timedelta(days=5), key="late")
    client.force_login(people.auditor)

    def listed(params: dict) -> list[int]:
        return [event.pk for event in client.get("/compliance/deadlines/", params).context["page"]]

    assert listed({"within": 30}) == [soon.pk]
    assert listed({"within": 90}) == [soon.pk, later.pk]
    assert listed({"overdue": "on"}) == [late.pk]
    assert listed({"kind": "agreement_notice"}) == [later.pk]
    assert listed({"within": "nonsense"}) == [late.pk, soon.pk, later.pk]


@pytest.mark.django_db
def test_the_month_and_quarter_calendars_show_the_events_of_the_period(client, clock):
    people = make_people()
    vendor = VendorFactory(name="Calendar Vendor")
    _event(vendor, datetime.date(2025, 6, 20), key="june")
    _event(vendor, datetime.date(2025, 8, 5), key="august")
    client.force_login(people.compliance)

    month = client.get("/compliance/calendar/", {"month": "2025-06"})
    quarter = client.get("/compliance/calendar/", {"month": "2025-07", "view": "quarter"})

    days = {cell.day: cell.events for week in month.context["calendar"].weeks for cell in week}
    assert [event.key for event in days[datetime.date(2025, 6, 20)]] == ["june"]
    assert quarter.context["quarter"].label == "2025 Q3"
    months = quarter.context["quarter"].months
    assert [[e.key for cell in days for e in cell.events] for _, days in months] == [[], ["august"], []]


@pytest.mark.django_db
def test_a_busy_day_shows_four_events_and_links_the_rest_to_the_days_deadline_list(client, clock):
    people = make_people()
    busy = datetime.date(2025, 6, 20)
    for number in range(7):
        _event(VendorFactory(name=f"Vendor {number}"), busy, key=f"k{number}")
    _event(VendorFactory(name="Other day"), busy + datetime.timedelta(days=1))
    client.force_login(people.compliance)

    month = client.get("/compliance/calendar/", {"month": "2025-06"})
    quarter = client.get("/compliance/calendar/", {"month": "2025-06", "view": "quarter"})
    day_list = client.get("/compliance/deadlines/", {"day": "2025-06-20"})

    cells = {cell.day: cell for week in month.context["calendar"].weeks for cell in week}
    assert [event.vendor.name for event in cells[busy].events] == [f"Vendor {n}" for n in range(4)]
    assert (cells[busy].more, cells[busy + datetime.timedelta(days=1)].more) == (3, 0)
    assert "+3 more" in month.content.decode()
    assert "/compliance/deadlines/?day=2025-06-20" in month.content.decode()
    june_days = quarter.context["quarter"].months[2][1]
    assert [(cell.day, len(cell.events), cell.more) for cell in june_days] == [
        (busy, 4, 3),
        (busy + datetime.timedelta(days=1), 1, 0),
    ]
    assert day_list.context["page"].paginator.count == 7


@pytest.mark.django_db
def test_the_quarter_schedule_pdf_is_made_in_a_task_and_downloaded(client, clock, django_capture_on_commit_callbacks):
    people = make_people()
    _event(VendorFactory(name="PDF Vendor"), datetime.date(2025, 6, 20))
    client.force_login(people.compliance)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compliance/calendar/quarter.pdf", {"month": "2025-06"})
    page = client.get(response.url)
    download = client.get(response.url, {"download": 1})

    assert page.context["export"].state == "ready"
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    client.force_login(people.auditor)
    assert client.get(response.url).status_code == 404
