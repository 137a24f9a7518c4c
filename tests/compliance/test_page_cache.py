"""The dashboard and the calendar serve what they count and list from the cache, and show every change at once."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from contracts.models import AgreementStatus, ClauseFinding, Decision, FindingStatus, Severity
from contracts.services import agreement_create, agreement_update, finding_decide
from contracts.tasks import analyse_document_version
from contracts.versions import version_upload
from tests.compliance.board import bars, board_html, tiles
from tests.compliance.conftest import TODAY, at
from tests.contracts.documents import TRAINING_ALLOWED, upload_args
from tests.contracts.factories import ClauseFindingFactory, DocumentVersionFactory
from tests.factories import SecurityEvidenceFactory, UserFactory, VendorFactory
from tests.vendors.web import make_people
from vendortrack.accounts.roles import Role
from vendortrack.compliance.models import EventStatus, ReviewEvent
from vendortrack.compliance.services import (
    event_complete,
    review_open,
    review_sign_off,
    schedule_sync,
    schedule_sync_vendor,
)
from vendortrack.rfis import services as rfi_services
from vendortrack.vendors.models import RiskTier, VendorStatus
from vendortrack.vendors.permissions import vendor_grant, vendor_revoke
from vendortrack.vendors.services import InlineRows, evidence_update, vendor_update

pytestmark = pytest.mark.django_db

IN_30, IN_90, OVERDUE = "Deadlines in 30 days", "Deadlines in 90 days", "Overdue deadlines"
# A kept board: session, user, roles, the stamps; a miss adds the vendors, the events and the findings count.
MISS_QUERIES, HIT_QUERIES = 7, 4


def _tiles(client) -> dict[str, int]:
    return {label: value for label, (value, _) in tiles(board_html(client)).items()}


def _bars(client) -> dict[str, tuple[int, str]]:
    return bars(board_html(client))


@pytest.fixture
def people():
    return make_people()


@pytest.fixture
def vendor(clock, people, django_capture_on_commit_callbacks):
    """An approved vendor of the owner whose one executed agreement expires in 20 days; its reviews fall due later
    than 90 days (it was added today). Its schedule is synced on commit, as in production."""
    with django_capture_on_commit_callbacks(execute=True):
        vendor = VendorFactory(owner=people.owner, status=VendorStatus.APPROVED, risk_tier=RiskTier.HIGH)
        _executed_agreement(people, vendor, "baa", "Acme BAA", expires_in_days=20)
    return vendor


def _executed_agreement(people, vendor, agreement_type: str, title: str, *, expires_in_days: int) -> None:  # noqa: ANN001
    """An executed agreement of `vendor` that does not renew itself, created through its service."""
    agreement_create(
        actor=people.legal,
        vendor=vendor,
        fields={
            "agreement_type": agreement_type,
            "title": title,
            "status": AgreementStatus.EXECUTED,
            "expiry_date": TODAY + datetime.timedelta(days=expires_in_days),
            "auto_renews": False,
        },
    )


@pytest.fixture
def compliance(client, people):
    client.force_login(people.compliance)
    return client


def _expiry_event(vendor) -> ReviewEvent:
    return vendor.review_events.get(key__startswith="agreement_expiry:", status=EventStatus.OPEN)


def test_a_repeat_visit_shows_the_same_board_in_fewer_queries(compliance, vendor):
    with CaptureQueriesContext(connection) as first:
        first_page = board_html(compliance)
    with CaptureQueriesContext(connection) as repeat:
        repeat_page = board_html(compliance)

    assert (len(first), len(repeat)) == (MISS_QUERIES, HIT_QUERIES)
    assert repeat_page == first_page
    assert _tiles(compliance)[IN_30] == 1


def test_the_query_counts_of_a_miss_and_a_hit_do_not_grow_with_the_portfolio(compliance, vendor):
    def counts() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as miss:
            board_html(compliance)
        with CaptureQueriesContext(connection) as hit:
            board_html(compliance)
        return len(miss), len(hit)

    small = counts()
    for _ in range(20):
        schedule_sync_vendor(vendor=VendorFactory(status=VendorStatus.APPROVED))
    assert counts() == small == (MISS_QUERIES, HIT_QUERIES)


def test_closing_an_event_through_its_service_shows_on_the_next_request(compliance, people, vendor):
    assert _tiles(compliance)[IN_30] == 1

    event_complete(actor=people.compliance, event=_expiry_event(vendor))

    assert _tiles(compliance)[IN_30] == 0


def test_an_agreement_moved_through_its_service_moves_its_deadline_on_the_next_request(
    compliance, people, vendor, django_capture_on_commit_callbacks
):
    assert (_tiles(compliance)[IN_30], _tiles(compliance)[IN_90]) == (1, 1)
    agreement = vendor.agreements.get()

    with django_capture_on_commit_callbacks(execute=True):
        agreement_update(
            actor=people.legal, agreement=agreement, fields={"expiry_date": TODAY + datetime.timedelta(days=60)}
        )

    assert (_tiles(compliance)[IN_30], _tiles(compliance)[IN_90]) == (0, 1)


def test_a_terminated_agreement_cancels_its_deadline_on_the_next_request(
    compliance, people, vendor, django_capture_on_commit_callbacks
):
    assert _tiles(compliance)[IN_30] == 1

    with django_capture_on_commit_callbacks(execute=True):
        agreement_update(actor=people.legal, agreement=vendor.agreements.get(), fields={"status": "terminated"})

    assert _tiles(compliance)[IN_30] == 0
    assert vendor.review_events.get(key__startswith="agreement_expiry:").status == EventStatus.CANCELLED


def test_a_new_agreement_adds_its_deadlines_on_the_next_request(
    compliance, people, vendor, django_capture_on_commit_callbacks
):
    assert _tiles(compliance)[IN_30] == 1

    with django_capture_on_commit_callbacks(execute=True):
        _executed_agreement(people, vendor, "dpa", "Acme DPA", expires_in_days=10)

    assert _tiles(compliance)[IN_30] == 2


def test_the_daily_sync_of_the_whole_portfolio_shows_on_the_next_request(compliance, vendor):
    ReviewEvent.objects.filter(vendor=vendor).delete()
    assert _tiles(compliance)[IN_30] == 0

    schedule_sync()

    assert _tiles(compliance)[IN_30] == 1


def test_evidence_edited_through_its_service_shows_stale_and_its_deadline_on_the_next_request(
    compliance, people, vendor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = SecurityEvidenceFactory(vendor=vendor, period_end=TODAY - datetime.timedelta(days=60))
    before = _tiles(compliance)
    assert (before["Vendors with stale evidence"], before[OVERDUE]) == (0, 0)

    with django_capture_on_commit_callbacks(execute=True):
        evidence_update(
            actor=people.owner,
            evidence=report,
            fields={"period_end": TODAY - datetime.timedelta(days=400)},
            cuecs=InlineRows(),
        )

    after = _tiles(compliance)
    assert after["Vendors with stale evidence"] == 1
    assert after[OVERDUE] >= 1  # the SOC 2 refresh, and the bridge letter with it, are overdue


def test_a_sent_rfi_adds_its_due_date_on_the_next_request(
    compliance, people, vendor, django_capture_on_commit_callbacks
):
    assert _tiles(compliance)[IN_30] == 1
    with django_capture_on_commit_callbacks(execute=True):
        rfi = rfi_services.rfi_create(actor=people.owner, vendor=vendor)

    with django_capture_on_commit_callbacks(execute=True):
        rfi_services.rfi_send(
            actor=people.owner,
            rfi=rfi,
            recipient_name="Dana Vendor",
            recipient_email="dana@acme.example",
            due_on=TODAY + datetime.timedelta(days=14),
        )

    assert _tiles(compliance)[IN_30] == 2


def test_a_signed_off_review_clears_the_overdue_review_on_the_next_request(
    compliance, people, vendor, clock, django_capture_on_commit_callbacks
):
    clock.move_to(at(TODAY + datetime.timedelta(days=100)))
    assert _tiles(compliance)["Reviews overdue"] == 1
    review = review_open(actor=people.compliance, vendor=vendor)

    with django_capture_on_commit_callbacks(execute=True):
        review_sign_off(actor=people.compliance, review=review, outcome="satisfactory")

    assert _tiles(compliance)["Reviews overdue"] == 0


def test_an_offboarded_vendor_leaves_the_counts_on_the_next_request(
    compliance, people, vendor, django_capture_on_commit_callbacks
):
    assert _bars(compliance)["Approved"][0] == 1

    with django_capture_on_commit_callbacks(execute=True):
        vendor_update(
            actor=people.owner, vendor=vendor, fields={"status": VendorStatus.OFFBOARDED}, subprocessors=InlineRows()
        )

    assert _bars(compliance)["Approved"][0] == 0
    assert _bars(compliance)["Offboarded"][0] == 1
    assert _tiles(compliance)[IN_30] == 0


def test_midnight_moves_the_deadlines_without_any_write(compliance, vendor, clock):
    expiry = TODAY + datetime.timedelta(days=20)
    clock.move_to(at(expiry, hour=23))
    assert (_tiles(compliance)[IN_30], _tiles(compliance)[OVERDUE]) == (1, 0)

    clock.move_to(at(expiry + datetime.timedelta(days=1), hour=0))  # an hour later, the next day

    assert (_tiles(compliance)[IN_30], _tiles(compliance)[OVERDUE]) == (0, 1)


def _critical_open(vendor) -> int:
    findings = ClauseFinding.objects.filter(version__agreement__vendor=vendor, severity=Severity.CRITICAL)
    return findings.filter(decision=Decision.UNDECIDED).exclude(status=FindingStatus.PRESENT).count()


def test_an_analysis_stored_in_bulk_shows_its_critical_findings_on_the_next_request(compliance, people, vendor):
    assert _tiles(compliance)["Critical open findings"] == 0

    version = version_upload(
        agreement=vendor.agreements.get(), user=people.legal, **upload_args(TRAINING_ALLOWED.encode())
    )
    analyse_document_version(version.pk)

    assert _tiles(compliance)["Critical open findings"] == _critical_open(vendor) > 0


def test_a_decision_on_a_critical_finding_shows_on_the_next_request(compliance, people, vendor):
    finding = ClauseFindingFactory(version=DocumentVersionFactory(agreement=vendor.agreements.get()))
    assert _tiles(compliance)["Critical open findings"] == 1

    finding_decide(finding=finding, user=people.legal, decision=Decision.ACCEPT, note="")

    assert _tiles(compliance)["Critical open findings"] == 0


def test_readers_who_see_different_vendors_never_share_a_board(client, people, vendor):
    VendorFactory(owner=people.stranger, status=VendorStatus.APPROVED)
    seen = {}
    for _ in range(2):  # the second round reads what the first one cached
        for user in (people.owner, people.stranger, people.compliance, people.no_role):
            client.force_login(user)
            seen[user.username] = _tiles(client)["Vendors"]
        assert seen == {"owner": 1, "stranger": 1, "compliance": 2, "norole": 0}
    client.force_login(people.owner)
    assert _tiles(client)[IN_30] == 1
    client.force_login(people.stranger)
    assert _tiles(client)[IN_30] == 0


def test_a_grant_shows_the_vendor_on_the_next_request(client, people, vendor):
    client.force_login(people.stranger)
    assert (_tiles(client)["Vendors"], _tiles(client)[IN_30]) == (0, 0)

    vendor_grant(vendor, user=people.stranger)
    assert (_tiles(client)["Vendors"], _tiles(client)[IN_30]) == (1, 1)

    vendor_revoke(vendor, user=people.stranger)
    assert (_tiles(client)["Vendors"], _tiles(client)[IN_30]) == (0, 0)


def test_a_new_role_shows_the_whole_portfolio_on_the_next_request(client, people, vendor):
    newcomer = UserFactory(username="newcomer")
    client.force_login(newcomer)
    assert _tiles(client)["Vendors"] == 0

    newcomer.groups.add(*UserFactory(username="colleague", roles=[Role.AUDITOR]).groups.all())

    assert _tiles(client)["Vendors"] == 1


# ---- The calendar -------------------------------------------------------------------------------------------------

CALENDAR = "/compliance/calendar/"
CALENDAR_MISS_QUERIES, CALENDAR_HIT_QUERIES = 7, 4
CAL_EVENT = re.compile(r'<a class="cal-event ([^"]+)" href="[^"]+" title="[^"]*">([^<]+)</a>')


def _calendar(client, **params) -> str:
    response = client.get(CALENDAR, params)
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def _calendar_events(client, **params) -> dict[str, str]:
    """The month's events as shown: "vendor: title" -> their CSS classes."""
    return {html.unescape(text): classes for classes, text in CAL_EVENT.findall(_calendar(client, **params))}


def _without_csrf_token(page: str) -> str:
    # The quarter PDF form's token is masked anew on every request.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def _today_cell(page: str) -> str:
    return re.search(r'<td class="[^"]*cal-today">\s*<div class="cal-date">(\d+)</div>', page).group(1)


def test_a_repeat_calendar_visit_shows_the_same_grid_in_fewer_queries(compliance, vendor):
    with CaptureQueriesContext(connection) as first:
        first_page = _calendar(compliance)
    with CaptureQueriesContext(connection) as repeat:
        repeat_page = _calendar(compliance)

    assert (len(first), len(repeat)) == (CALENDAR_MISS_QUERIES, CALENDAR_HIT_QUERIES)
    assert _without_csrf_token(repeat_page) == _without_csrf_token(first_page)
    assert f"{vendor.name}: Acme BAA expires" in _calendar_events(compliance)


def test_a_closed_event_shows_done_on_the_calendar_at_once(compliance, people, vendor):
    shown = f"{vendor.name}: Acme BAA expires"
    assert _calendar_events(compliance)[shown] == "cal-open"

    event_complete(actor=people.compliance, event=_expiry_event(vendor))

    assert _calendar_events(compliance)[shown] == "cal-done"


def test_an_agreement_moved_to_next_month_leaves_this_months_calendar_at_once(
    compliance, people, vendor, django_capture_on_commit_callbacks
):
    shown = f"{vendor.name}: Acme BAA expires"
    assert shown in _calendar_events(compliance)
    assert shown not in _calendar_events(compliance, month="2025-07")

    with django_capture_on_commit_callbacks(execute=True):
        agreement_update(
            actor=people.legal, agreement=vendor.agreements.get(), fields={"expiry_date": datetime.date(2025, 7, 10)}
        )

    assert shown not in _calendar_events(compliance)
    assert shown in _calendar_events(compliance, month="2025-07")
    quarter = _calendar(compliance, month="2025-07", view="quarter")
    assert "Thu 10</span> <a href=" in quarter


def test_a_renamed_vendor_shows_under_its_new_name_on_the_calendar(compliance, people, vendor):
    assert f"{vendor.name}: Acme BAA expires" in _calendar_events(compliance)

    vendor_update(actor=people.owner, vendor=vendor, fields={"name": "Acme Voice"}, subprocessors=InlineRows())

    assert "Acme Voice: Acme BAA expires" in _calendar_events(compliance)


def test_midnight_moves_today_and_the_overdue_mark_on_the_calendar(compliance, vendor, clock):
    expiry = TODAY + datetime.timedelta(days=20)
    shown = f"{vendor.name}: Acme BAA expires"
    clock.move_to(at(expiry, hour=23))
    assert _today_cell(_calendar(compliance)) == str(expiry.day)
    assert _calendar_events(compliance)[shown] == "cal-open"

    clock.move_to(at(expiry + datetime.timedelta(days=1), hour=0))

    assert _today_cell(_calendar(compliance)) == str(expiry.day + 1)
    assert _calendar_events(compliance)[shown] == "cal-open cal-overdue"


def test_readers_who_see_different_vendors_never_share_a_calendar(client, people, vendor):
    theirs = VendorFactory(owner=people.stranger, name="Stranger Co", status=VendorStatus.APPROVED)
    ReviewEvent.objects.create(vendor=theirs, kind="soc2_refresh", key="k", title="Refresh", due_on=TODAY)
    for _ in range(2):  # the second round reads what the first one cached
        client.force_login(people.owner)
        assert list(_calendar_events(client)) == [f"{vendor.name}: Acme BAA expires"]
        client.force_login(people.stranger)
        assert list(_calendar_events(client)) == ["Stranger Co: Refresh"]
        client.force_login(people.compliance)
        assert len(_calendar_events(client)) == 2


def test_the_quarter_pdf_form_carries_the_readers_own_csrf_token(people, vendor):
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(people.auditor)
    _calendar(reader)  # cached by one reader...
    other = Client(enforce_csrf_checks=True)
    other.force_login(people.compliance)
    page = _calendar(other)  # ...and served to another, who sees every vendor as well

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = other.post("/compliance/calendar/quarter.pdf", {"month": "2025-06", "csrfmiddlewaretoken": token})

    assert response.status_code == 302


# ---- The deadline list --------------------------------------------------------------------------------------------

DEADLINES = "/compliance/deadlines/"
DEADLINES_MISS_QUERIES, DEADLINES_HIT_QUERIES = 7, 5
ROW_TITLE = re.compile(r'<span class="primary">([^<]+)</span>')
EXPIRES = "Acme BAA expires"


def _deadlines(client, **params) -> str:
    response = client.get(DEADLINES, params)
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def _listed(client, **params) -> list[str]:
    return [html.unescape(title) for title in ROW_TITLE.findall(_deadlines(client, **params))]


def test_a_repeat_deadline_visit_shows_the_same_rows_in_fewer_queries(compliance, vendor):
    with CaptureQueriesContext(connection) as first:
        first_page = _deadlines(compliance, within=30)
    with CaptureQueriesContext(connection) as repeat:
        repeat_page = _deadlines(compliance, within=30)

    assert (len(first), len(repeat)) == (DEADLINES_MISS_QUERIES, DEADLINES_HIT_QUERIES)
    assert _without_csrf_token(repeat_page) == _without_csrf_token(first_page)
    assert _listed(compliance, within=30) == [EXPIRES]


def test_mark_done_on_a_kept_list_closes_the_deadline_with_the_readers_own_token(people, vendor):
    earlier = Client()
    earlier.force_login(people.admin)
    _deadlines(earlier, within=30)  # keeps the rows, buttons included, for everyone who sees every vendor
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(people.compliance)
    page = _deadlines(reader, within=30)

    form = re.search(r'<form id="mark-done" method="post" hidden>(.*?)</form>', page).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    after = html.unescape(re.search(r'name="next" value="([^"]+)"', form).group(1))
    action = re.search(r'form="mark-done" formaction="([^"]+)"', page).group(1)
    response = reader.post(action, {"csrfmiddlewaretoken": token, "next": after})

    assert (response.status_code, response.url) == (302, "/compliance/deadlines/?within=30")
    assert EXPIRES not in _listed(reader, within=30)
    assert vendor.review_events.get(key__startswith="agreement_expiry:").status == EventStatus.DONE


def test_a_reader_who_may_not_close_deadlines_gets_no_buttons_from_a_list_kept_for_compliance(client, people, vendor):
    client.force_login(people.compliance)
    assert "Mark done" in _deadlines(client, within=30)

    client.force_login(people.auditor)
    page = _deadlines(client, within=30)

    assert EXPIRES in page
    assert "Mark done" not in page
    assert 'id="mark-done"' not in page


def test_an_agreement_moved_out_of_the_window_leaves_the_list_on_the_next_request(
    compliance, people, vendor, django_capture_on_commit_callbacks
):
    assert _listed(compliance, within=30) == [EXPIRES]

    with django_capture_on_commit_callbacks(execute=True):
        agreement_update(
            actor=people.legal,
            agreement=vendor.agreements.get(),
            fields={"expiry_date": TODAY + datetime.timedelta(60)},
        )

    assert _listed(compliance, within=30) == []
    assert _listed(compliance, within=90) == [EXPIRES]


def test_readers_who_see_different_vendors_never_share_a_deadline_list(client, people, vendor):
    theirs = VendorFactory(owner=people.stranger, status=VendorStatus.APPROVED)
    ReviewEvent.objects.create(vendor=theirs, kind="soc2_refresh", key="k", title="Refresh", due_on=TODAY)
    for _ in range(2):  # the second round reads what the first one cached
        client.force_login(people.owner)
        assert _listed(client, within=30) == [EXPIRES]
        client.force_login(people.stranger)
        assert _listed(client, within=30) == ["Refresh"]
        client.force_login(people.compliance)
        assert _listed(client, within=30) == ["Refresh", EXPIRES]


def test_midnight_marks_a_deadline_overdue_without_any_write(compliance, vendor, clock):
    expiry = TODAY + datetime.timedelta(days=20)
    clock.move_to(at(expiry, hour=23))
    assert "Overdue</span>" not in _deadlines(compliance, day=expiry.isoformat())

    clock.move_to(at(expiry + datetime.timedelta(days=1), hour=0))

    assert "Overdue</span>" in _deadlines(compliance, day=expiry.isoformat())
