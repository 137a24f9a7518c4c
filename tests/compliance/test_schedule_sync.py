"""Keeping review events in step with the data: idempotent, moving what changed, never touching done events."""

import datetime

import pytest

from contracts.models import Agreement, AgreementStatus
from tests.compliance.conftest import TODAY
from tests.contracts.factories import AgreementFactory
from tests.factories import SecurityEvidenceFactory, UserFactory, VendorFactory
from vendortrack.compliance.models import EventKind, EventStatus, ReviewEvent
from vendortrack.compliance.services import event_complete, schedule_sync, schedule_sync_vendor
from vendortrack.vendors.models import EvidenceKind, RiskTier, Vendor, VendorStatus

pytestmark = pytest.mark.django_db


def _vendor_with_dates() -> Vendor:
    vendor = VendorFactory(status=VendorStatus.APPROVED)
    SecurityEvidenceFactory(vendor=vendor, period_end=datetime.date(2025, 3, 31))
    SecurityEvidenceFactory(
        vendor=vendor,
        kind=EvidenceKind.ISO27001,
        title="ISO",
        period_start=None,
        period_end=None,
        expires_on=datetime.date(2026, 5, 1),
    )
    AgreementFactory(
        vendor=vendor,
        status=AgreementStatus.EXECUTED,
        expiry_date=datetime.date(2025, 12, 31),
        auto_renews=True,
        notice_period_days=60,
    )
    return vendor


def _open(vendor: Vendor) -> dict[str, ReviewEvent]:
    return {event.key: event for event in vendor.review_events.filter(status=EventStatus.OPEN)}


def test_a_sync_opens_one_event_per_deadline_of_the_vendor(clock):
    vendor = _vendor_with_dates()
    agreement = vendor.agreements.get()

    result = schedule_sync_vendor(vendor=vendor)

    events = _open(vendor)
    assert result.created == len(events) == 8
    assert events["soc2_refresh"].due_on == datetime.date(2026, 3, 31)
    assert events["certificate_expiry:iso27001"].due_on == datetime.date(2026, 5, 1)
    assert events[f"agreement_notice:{agreement.pk}"].due_on == datetime.date(2025, 11, 1)
    assert events[f"agreement_expiry:{agreement.pk}"].kind == EventKind.AGREEMENT_EXPIRY


def test_a_second_sync_changes_nothing(clock):
    vendor = _vendor_with_dates()
    schedule_sync()
    before = sorted(ReviewEvent.objects.values_list("pk", "key", "due_on", "status"))

    again = schedule_sync()

    assert (again.created, again.moved, again.cancelled) == (0, 0, 0)
    assert sorted(ReviewEvent.objects.values_list("pk", "key", "due_on", "status")) == before
    assert vendor.review_events.count() == 8


def test_changing_an_expiry_moves_its_events_and_keeps_completed_ones(clock):
    vendor = _vendor_with_dates()
    agreement = vendor.agreements.get()
    schedule_sync_vendor(vendor=vendor)
    expiry = _open(vendor)[f"agreement_expiry:{agreement.pk}"]
    notice = _open(vendor)[f"agreement_notice:{agreement.pk}"]
    event_complete(actor=UserFactory(), event=notice)  # compliance decided to let it renew

    Agreement.objects.filter(pk=agreement.pk).update(expiry_date=datetime.date(2026, 6, 30))
    result = schedule_sync_vendor(vendor=vendor)

    expiry.refresh_from_db()
    notice.refresh_from_db()
    assert result.moved == 1
    assert expiry.due_on == datetime.date(2026, 6, 30)  # the same event, moved
    assert (notice.status, notice.due_on) == (EventStatus.DONE, datetime.date(2025, 11, 1))
    reopened = _open(vendor)[f"agreement_notice:{agreement.pk}"]
    assert reopened.pk != notice.pk
    assert reopened.due_on == datetime.date(2026, 5, 1)


def test_a_completed_event_is_not_reopened_while_its_date_stands(clock):
    vendor = _vendor_with_dates()
    schedule_sync_vendor(vendor=vendor)
    event_complete(actor=None, event=_open(vendor)["certificate_expiry:iso27001"])

    schedule_sync_vendor(vendor=vendor)

    assert "certificate_expiry:iso27001" not in _open(vendor)
    assert vendor.review_events.filter(key="certificate_expiry:iso27001").count() == 1


def test_a_newer_report_moves_the_soc2_refresh(clock):
    vendor = _vendor_with_dates()
    schedule_sync_vendor(vendor=vendor)
    refresh = _open(vendor)["soc2_refresh"]

    SecurityEvidenceFactory(
        vendor=vendor, period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 5, 31)
    )
    schedule_sync_vendor(vendor=vendor)

    refresh.refresh_from_db()
    assert refresh.due_on == datetime.date(2026, 5, 31)


def test_an_offboarded_vendor_has_its_open_events_cancelled_and_its_done_ones_kept(clock):
    vendor = _vendor_with_dates()
    schedule_sync_vendor(vendor=vendor)
    done = event_complete(actor=None, event=_open(vendor)["soc2_refresh"])
    Vendor.objects.filter(pk=vendor.pk).update(status=VendorStatus.OFFBOARDED)

    result = schedule_sync_vendor(vendor=vendor)

    done.refresh_from_db()
    assert result.cancelled == 7
    assert _open(vendor) == {}
    assert done.status == EventStatus.DONE


def test_completing_the_quarterly_review_schedules_the_next_one(clock):
    vendor = VendorFactory(status=VendorStatus.APPROVED, risk_tier=RiskTier.HIGH)
    schedule_sync_vendor(vendor=vendor)
    review = _open(vendor)["quarterly_review"]

    event_complete(actor=None, event=review)

    assert _open(vendor)["quarterly_review"].due_on == TODAY.replace(month=9)


def test_a_sent_rfi_with_a_due_date_gets_an_event_and_an_answered_one_does_not(clock):
    from vendortrack.rfis.models import Rfi

    vendor = VendorFactory(status=VendorStatus.APPROVED)
    sent = Rfi.objects.create(
        vendor=vendor, number=1, title="Gaps", status="sent", sent_on=TODAY, due_on=datetime.date(2025, 6, 30)
    )
    Rfi.objects.create(vendor=vendor, number=2, title="Old", status="answered", sent_on=TODAY, due_on=TODAY)

    schedule_sync_vendor(vendor=vendor)

    rfi_events = {key: event for key, event in _open(vendor).items() if key.startswith("rfi_due")}
    assert list(rfi_events) == [f"rfi_due:{sent.pk}"]
    assert rfi_events[f"rfi_due:{sent.pk}"].due_on == datetime.date(2025, 6, 30)
