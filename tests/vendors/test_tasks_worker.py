"""A real Celery worker on Redis runs a vendor task against the PostgreSQL test database."""

import pytest

from tests.factories import AIServiceFactory, AIUseCaseFactory, VendorFactory
from tests.services import celery_worker
from vendortrack.vendors.models import Answer, RiskTier, Vendor
from vendortrack.vendors.tasks import vendor_refresh_derived_task


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_refreshes_a_vendors_derived_facts():
    vendor = VendorFactory()
    service = AIServiceFactory(vendor=vendor, baa_signed=Answer.NO)
    AIUseCaseFactory(vendor=vendor, service=service)
    Vendor.objects.filter(pk=vendor.pk).update(has_blockers=False, risk_tier=RiskTier.LOW)

    with celery_worker():
        result = vendor_refresh_derived_task.delay(vendor.pk)
        tier = result.get(timeout=60)

    vendor.refresh_from_db()
    assert vendor.has_blockers is True
    assert vendor.risk_tier == tier == RiskTier.CRITICAL
