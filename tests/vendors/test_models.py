"""Model-level validation and constraints, fact rows, and the stored derived facts."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import (
    AIServiceFactory,
    AIUseCaseFactory,
    EndpointFactory,
    FactSourceFactory,
    SecurityEvidenceFactory,
    SubProcessorFactory,
    VendorFactory,
)
from vendortrack.vendors.derived import vendor_refresh_derived, vendors_refresh_derived
from vendortrack.vendors.models import (
    Answer,
    EvidenceKind,
    FactField,
    RiskTier,
    SecurityEvidence,
    Soc2State,
    SourceKind,
    Vendor,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 6, 1)


def test_a_duplicate_vendor_name_in_other_case_is_refused_with_a_clear_message():
    VendorFactory(name="Northwind Speech")
    duplicate = Vendor(name="NORTHWIND speech")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "A vendor with this name already exists." in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    assert Vendor.objects.count() == 1


def test_an_override_without_a_reason_is_refused():
    vendor = Vendor(name="Override Co", risk_tier_override=RiskTier.LOW)
    with pytest.raises(ValidationError) as error:
        vendor.full_clean()
    assert "Give a reason for overriding" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        vendor.save()
    vendor.risk_override_reason = "Only synthetic data is sent."
    vendor.full_clean()


def test_a_period_ending_before_it_starts_is_refused_by_validation_and_by_the_database():
    vendor = VendorFactory()
    report = SecurityEvidence(
        vendor=vendor,
        kind=EvidenceKind.SOC2_TYPE2,
        title="Backwards",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2024, 12, 31),
    )
    with pytest.raises(ValidationError) as error:
        report.full_clean()
    assert "The period cannot end before it starts." in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        report.save()
    assert not SecurityEvidence.objects.exists()


def test_bridge_letter_dates_belong_only_to_bridge_letters():
    report = SecurityEvidenceFactory()
    pen_test = SecurityEvidence(
        vendor=report.vendor, kind=EvidenceKind.PEN_TEST, title="Pen test", covers_until=datetime.date(2025, 9, 1)
    )
    with pytest.raises(ValidationError, match="Only a bridge letter"):
        pen_test.full_clean()
    letter = SecurityEvidence(vendor=report.vendor, kind=EvidenceKind.BRIDGE_LETTER, title="Bridge", bridges=report)
    with pytest.raises(ValidationError, match="needs the date it covers until"):
        letter.full_clean()


def test_unknown_trust_services_criteria_are_refused():
    report = SecurityEvidenceFactory.build(vendor=VendorFactory(), trust_services_criteria=["security", "vibes"])
    with pytest.raises(ValidationError, match="Use a list drawn from"):
        report.full_clean()


def test_sub_processor_last_seen_before_first_seen_is_refused():
    sub = SubProcessorFactory.build(
        vendor=VendorFactory(), first_seen=datetime.date(2025, 1, 1), last_seen=datetime.date(2024, 1, 1)
    )
    with pytest.raises(ValidationError, match="Last seen cannot be before first seen"):
        sub.full_clean()


def test_sub_processor_names_are_unique_per_vendor_ignoring_case():
    sub = SubProcessorFactory(name="Cloud Host")
    with pytest.raises(IntegrityError), transaction.atomic():
        SubProcessorFactory(vendor=sub.vendor, name="cloud host")
    SubProcessorFactory(name="cloud host")


def test_a_use_case_must_use_a_service_of_its_own_vendor():
    case = AIUseCaseFactory.build(service=AIServiceFactory(), vendor=VendorFactory())
    with pytest.raises(ValidationError, match="Choose a service of this vendor"):
        case.full_clean()


def test_fact_rows_show_every_fact_with_unknowns_and_the_age_of_its_source():
    service = AIServiceFactory(prompt_retention_days=0, output_retention_days=None, training_use="unknown")
    FactSourceFactory(
        service=service,
        field=FactField.PROMPT_RETENTION_DAYS,
        source_kind=SourceKind.URL,
        confirmed_on=TODAY - datetime.timedelta(days=40),
    )
    rows = {row.field: row for row in service.fact_rows(today=TODAY)}
    assert list(rows) == FactField.values
    assert rows["prompt_retention_days"].value == "Zero retention"
    assert rows["prompt_retention_days"].age_days == 40
    assert rows["prompt_retention_days"].source.source_kind == SourceKind.URL
    assert rows["output_retention_days"].value == "Unknown" and rows["output_retention_days"].is_unknown
    assert rows["training_use"].is_unknown and rows["training_use"].source is None
    assert rows["baa_signed"].value == "Yes" and not rows["baa_signed"].is_unknown


def test_refresh_stores_the_derived_facts_the_list_filters_on():
    service = AIServiceFactory()
    SecurityEvidenceFactory(vendor=service.vendor, covered_services=[service])
    uncovered = EndpointFactory(service=service, name="File storage", baa_covered=Answer.NO)
    AIUseCaseFactory(service=service, endpoints=[uncovered])
    facts = vendor_refresh_derived(service.vendor, today=TODAY)
    stored = Vendor.objects.get(pk=service.vendor.pk)
    assert facts.has_blockers and stored.has_blockers
    assert stored.risk_tier == RiskTier.CRITICAL
    assert stored.soc2_state == Soc2State.FRESH
    assert stored.derived_on == TODAY


def test_the_stored_tier_honours_the_override_and_keeps_the_computed_one():
    vendor = VendorFactory(risk_tier_override=RiskTier.HIGH, risk_override_reason="Board decision 2025-04")
    vendor_refresh_derived(vendor, today=TODAY)
    vendor.refresh_from_db()
    assert (vendor.risk_tier, vendor.computed_risk_tier) == (RiskTier.HIGH, RiskTier.LOW)


def test_refreshing_the_portfolio_catches_evidence_going_stale_with_the_calendar():
    report = SecurityEvidenceFactory(period_end=datetime.date(2025, 3, 31))
    vendors_refresh_derived(today=TODAY)
    assert Vendor.objects.get(pk=report.vendor_id).soc2_state == Soc2State.FRESH
    assert vendors_refresh_derived(today=datetime.date(2026, 4, 1)) == 1
    stale = Vendor.objects.get(pk=report.vendor_id)
    assert stale.soc2_state == Soc2State.STALE and stale.has_stale_evidence
