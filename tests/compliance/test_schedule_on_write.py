"""Writes through other apps' services reach the schedule on commit, one sync per vendor and transaction."""

import datetime
from unittest import mock

import pytest
from django.db import transaction

from contracts.models import AgreementStatus
from contracts.services import agreement_update
from tests.compliance.conftest import TODAY
from tests.contracts.factories import AgreementFactory
from tests.factories import SecurityEvidenceFactory, UserFactory, VendorFactory
from vendortrack.compliance.models import EventStatus
from vendortrack.compliance.receivers import vendor_sync_on_commit
from vendortrack.compliance.services import schedule_sync_vendor
from vendortrack.vendors.models import Vendor, VendorStatus

# Real commits: on_commit callbacks run as in production, not inside a test transaction that never commits.
pytestmark = pytest.mark.django_db(transaction=True)

TASK = "vendortrack.compliance.tasks.schedule_sync_vendor_task.delay"


def _open_dates(vendor: Vendor) -> dict[str, datetime.date]:
    return dict(vendor.review_events.filter(status=EventStatus.OPEN).values_list("key", "due_on"))


def test_changing_an_agreements_expiry_through_its_service_moves_its_events_at_once(clock):
    vendor = VendorFactory(status=VendorStatus.APPROVED)
    agreement = AgreementFactory(
        vendor=vendor, status=AgreementStatus.EXECUTED, expiry_date=datetime.date(2025, 12, 31), auto_renews=False
    )
    schedule_sync_vendor(vendor=vendor)
    before = vendor.review_events.get(key=f"agreement_expiry:{agreement.pk}")

    agreement_update(actor=UserFactory(), agreement=agreement, fields={"expiry_date": datetime.date(2026, 3, 31)})

    after = vendor.review_events.get(key=f"agreement_expiry:{agreement.pk}")
    assert (before.pk, before.due_on) == (after.pk, datetime.date(2025, 12, 31))
    assert after.due_on == datetime.date(2026, 3, 31)
    assert after.status == EventStatus.OPEN


def test_new_evidence_reaches_the_schedule_on_commit(clock):
    vendor = VendorFactory(status=VendorStatus.APPROVED)
    schedule_sync_vendor(vendor=vendor)
    assert "soc2_refresh" not in _open_dates(vendor)

    SecurityEvidenceFactory(vendor=vendor, period_end=TODAY - datetime.timedelta(days=30))

    assert _open_dates(vendor)["soc2_refresh"] == datetime.date(2026, 5, 3)


def test_offboarding_a_vendor_cancels_its_open_events_on_commit(clock):
    vendor = VendorFactory(status=VendorStatus.APPROVED)
    schedule_sync_vendor(vendor=vendor)
    assert _open_dates(vendor)

    vendor.status = VendorStatus.OFFBOARDED
    vendor.save(update_fields=["status"])

    assert _open_dates(vendor) == {}


def test_many_writes_in_one_transaction_enqueue_one_sync_per_vendor():
    first, second = VendorFactory(), VendorFactory()
    with mock.patch(TASK) as delay:
        with transaction.atomic():
            for _ in range(3):
                SecurityEvidenceFactory(vendor=first)
            AgreementFactory(vendor=second)
            first.save()

    assert sorted(call.args[0] for call in delay.call_args_list) == sorted([first.pk, second.pk])


def test_a_rolled_back_write_enqueues_nothing():
    vendor = VendorFactory()
    with mock.patch(TASK) as delay:
        with pytest.raises(RuntimeError), transaction.atomic():
            vendor_sync_on_commit(vendor.pk)
            raise RuntimeError("write failed")
        with transaction.atomic():
            vendor_sync_on_commit(VendorFactory().pk)

    assert delay.call_count == 1
    assert delay.call_args.args[0] != vendor.pk


def test_a_save_of_fields_the_schedule_does_not_read_enqueues_nothing():
    vendor = VendorFactory()
    with mock.patch(TASK) as delay:
        vendor.save(update_fields=["updated_at"])

    assert delay.call_count == 0
