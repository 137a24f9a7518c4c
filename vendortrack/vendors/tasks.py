"""Celery adapters for vendor profiles: they take ids and call the services in derived.py."""

from celery import shared_task

from vendortrack.vendors.derived import vendor_refresh_derived, vendors_refresh_derived
from vendortrack.vendors.models import Vendor


@shared_task(acks_late=True)
def vendor_refresh_derived_task(vendor_id: int) -> str | None:
    """Re-compute one vendor's stored risk tier, blockers and evidence state; returns the tier, None if gone."""
    vendor = Vendor.objects.filter(pk=vendor_id).first()
    if vendor is None:
        return None
    return vendor_refresh_derived(vendor).risk_tier


@shared_task(acks_late=True)
def vendors_refresh_derived_daily() -> int:
    """SOC 2 staleness and certificate expiry change with the calendar: re-compute the portfolio once a day."""
    return vendors_refresh_derived()
