"""The write services: one transaction each, audited with the actor, derived facts refreshed, creator granted."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from tests.factories import AIServiceFactory, AIUseCaseFactory, EndpointFactory, FactSourceFactory, VendorFactory
from tests.vendors.web import make_people
from vendortrack.vendors import services
from vendortrack.vendors.models import Answer, FactSource, SubProcessor, Vendor
from vendortrack.vendors.permissions import can_change_vendor, vendors_visible_to
from vendortrack.vendors.services import FactSourceInput, InlineRows

pytestmark = pytest.mark.django_db


def _vendor_fields(name: str = "Lumen") -> dict[str, object]:
    return {"name": name, "vendor_type": "model_provider", "status": "evaluating"}


def test_vendor_create_makes_the_actor_owner_and_lets_them_change_it():
    people = make_people()

    vendor = services.vendor_create(actor=people.owner, fields=_vendor_fields(), subprocessors=InlineRows())

    assert vendor.owner == people.owner
    assert can_change_vendor(people.owner, vendor)
    assert list(vendors_visible_to(people.stranger)) == []
    assert LogEntry.objects.get(additional_data__vendor_id=vendor.pk).actor == people.owner


def test_vendor_create_grants_a_named_owner_too():
    people = make_people()
    fields = {**_vendor_fields(), "owner": people.stranger}

    vendor = services.vendor_create(actor=people.admin, fields=fields, subprocessors=InlineRows())

    assert vendor.owner == people.stranger
    assert can_change_vendor(people.stranger, vendor)


def test_a_failing_row_rolls_back_the_whole_vendor():
    people = make_people()
    bad_row = SubProcessor(name="Cloudy", first_seen=datetime.date(2025, 5, 1), last_seen=datetime.date(2025, 1, 1))

    with pytest.raises(ValidationError):
        services.vendor_create(actor=people.owner, fields=_vendor_fields(), subprocessors=InlineRows(save=[bad_row]))

    assert Vendor.objects.count() == 0
    assert LogEntry.objects.count() == 0


def test_service_save_refreshes_the_vendors_derived_facts():
    people = make_people()
    vendor = VendorFactory(owner=people.owner)
    service = AIServiceFactory(vendor=vendor)
    AIUseCaseFactory(service=service, endpoints=[EndpointFactory(service=service)])
    fields = {"name": service.name, "deployment_path": service.deployment_path, "baa_signed": Answer.NO}

    services.service_save(
        actor=people.owner, vendor=vendor, service=service, fields=fields, sources={}, endpoints=InlineRows()
    )

    vendor.refresh_from_db()
    assert vendor.has_blockers is True
    assert vendor.risk_tier == "critical"


def test_an_unchanged_source_is_not_saved_again_and_a_cleared_one_is_deleted():
    people = make_people()
    service = AIServiceFactory(vendor=VendorFactory(owner=people.owner))
    kept = FactSourceFactory(service=service, field="baa_signed", reference="BAA §2")
    FactSourceFactory(service=service, field="telemetry", source_kind="person")
    entries_before = LogEntry.objects.count()
    sources = {
        "baa_signed": FactSourceInput(kept.source_kind, kept.reference, kept.confirmed_on),
        "telemetry": None,
    }

    services.service_save(
        actor=people.owner,
        vendor=service.vendor,
        service=service,
        fields={},
        sources=sources,
        endpoints=InlineRows(),
    )

    assert list(FactSource.objects.values_list("field", flat=True)) == ["baa_signed"]
    new_entries = LogEntry.objects.filter(pk__gt=0).order_by("pk")[entries_before:]
    assert [entry.action for entry in new_entries] == [LogEntry.Action.DELETE]


def test_a_risk_override_is_cleared_with_its_reason():
    people = make_people()
    vendor = VendorFactory(owner=people.owner, risk_tier_override="low", risk_override_reason="Pilot")

    services.vendor_set_risk_override(actor=people.owner, vendor=vendor, tier="", reason="ignored")

    vendor.refresh_from_db()
    assert (vendor.risk_tier_override, vendor.risk_override_reason) == ("", "")
