"""The gap analysis: exactly the gaps a vendor has, each as the question an RFI asks."""

import datetime

import pytest

from contracts.models import AgreementStatus
from tests.factories import (
    AIServiceFactory,
    AIUseCaseFactory,
    EndpointFactory,
    SecurityEvidenceFactory,
    SubProcessorFactory,
    VendorFactory,
)
from tests.rfis.world import TODAY, make_gapped_vendor
from vendortrack.rfis.gaps import ENDPOINT, SERVICE, ProfileTarget
from vendortrack.rfis.selectors import vendor_gap_list
from vendortrack.vendors.models import Answer, DeploymentPath, EvidenceKind

pytestmark = pytest.mark.django_db


def _keys(vendor, today=TODAY):  # noqa: ANN001, ANN202
    return [gap.key for gap in vendor_gap_list(vendor, today=today)]


def _complete_vendor():  # noqa: ANN202
    """A vendor with no gap at all: every fact known, a fresh SOC 2, a current sub-processor list."""
    vendor = VendorFactory()
    AIServiceFactory(vendor=vendor)
    SecurityEvidenceFactory(
        vendor=vendor, period_start=datetime.date(2024, 10, 1), period_end=datetime.date(2025, 3, 31)
    )
    SubProcessorFactory(vendor=vendor, first_seen=datetime.date(2025, 5, 1))
    return vendor


def test_a_vendor_with_known_gaps_yields_exactly_those_gaps_in_section_order():
    world = make_gapped_vendor()

    assert _keys(world.vendor) == world.expected_keys


def test_a_complete_profile_has_no_gap():
    assert _keys(_complete_vendor()) == []


def test_each_fact_gap_maps_to_its_profile_field_and_names_the_service():
    world = make_gapped_vendor()
    gaps = {gap.key: gap for gap in vendor_gap_list(world.vendor, today=TODAY)}

    retention = gaps[f"fact:{world.service.pk}:prompt_retention_days"]
    files = gaps[f"endpoint:{world.files.pk}:baa_covered"]

    assert retention.target == ProfileTarget(SERVICE, world.service.pk, "prompt_retention_days")
    assert "Scribe API" in retention.question
    assert "45 CFR" in retention.context
    assert files.target == ProfileTarget(ENDPOINT, world.files.pk, "baa_covered")
    assert "Files (/v1/files)" in files.question
    assert "It would unblock: Visit notes" in files.context


def test_provision_gaps_name_the_agreement_and_use_the_catalogue_question():
    world = make_gapped_vendor()
    breach = next(gap for gap in vendor_gap_list(world.vendor, today=TODAY) if gap.key.endswith("breach_notification"))

    assert breach.section == "incident_response"
    assert "weak in Acme BAA" in breach.context
    assert breach.question.startswith("Within how many days of discovery")
    assert breach.target is None


def test_findings_of_an_ended_agreement_are_not_gaps():
    world = make_gapped_vendor()
    world.vendor.agreements.update(status=AgreementStatus.TERMINATED)

    assert not [key for key in _keys(world.vendor) if key.startswith("provision:")]


def test_a_stale_soc2_asks_for_a_new_report_and_a_bridge_letter():
    vendor = _complete_vendor()
    vendor.evidence.update(period_start=datetime.date(2023, 4, 1), period_end=datetime.date(2024, 3, 31))

    assert _keys(vendor) == ["soc2:type2", "soc2:bridge"]


def test_a_report_turning_stale_within_sixty_days_asks_only_for_a_bridge_letter():
    vendor = _complete_vendor()
    vendor.evidence.update(period_start=datetime.date(2023, 7, 1), period_end=datetime.date(2024, 7, 15))

    assert _keys(vendor) == ["soc2:bridge"]


def test_a_type1_report_alone_asks_for_a_type2():
    vendor = _complete_vendor()
    vendor.evidence.update(kind=EvidenceKind.SOC2_TYPE1)

    assert _keys(vendor) == ["soc2:type2"]


def test_a_sub_processor_list_not_seen_for_180_days_is_outdated_unless_a_setting_allows_longer(settings):
    vendor = _complete_vendor()
    vendor.subprocessors.update(first_seen=datetime.date(2024, 11, 1))

    assert _keys(vendor) == ["subprocessors:list"]
    settings.RFI_SUBPROCESSOR_LIST_MAX_AGE_DAYS = 365
    assert _keys(vendor) == []


def test_a_phi_use_case_on_a_service_without_a_baa_offer_asks_whether_one_is_offered():
    vendor = _complete_vendor()
    service = vendor.services.get()
    service.baa_signed = service.baa_available = Answer.UNKNOWN
    service.save()
    AIUseCaseFactory(vendor=vendor, service=service, name="Coding assistant")

    gaps = vendor_gap_list(vendor, today=TODAY)

    assert [gap.key for gap in gaps] == [f"fact:{service.pk}:baa_available"]
    assert "would unblock: Coding assistant" in gaps[0].context


def test_an_uncovered_endpoint_is_asked_about_only_when_a_phi_use_case_needs_it():
    vendor = _complete_vendor()
    service = vendor.services.get()
    idle = EndpointFactory(service=service, name="Batch", baa_covered=Answer.NO)
    needed = EndpointFactory(service=service, name="Assistants", baa_covered=Answer.NO)
    AIUseCaseFactory(vendor=vendor, service=service, endpoints=[needed])

    gaps = vendor_gap_list(vendor, today=TODAY)

    assert [gap.key for gap in gaps] == [f"endpoint:{needed.pk}:baa_covered"]
    assert gaps[0].question.startswith("Can your BAA be extended to cover Assistants")
    assert idle.pk != needed.pk


def test_on_premise_services_raise_no_baa_questions():
    vendor = _complete_vendor()
    service = vendor.services.get()
    service.deployment_path = DeploymentPath.ON_PREMISE_PRIVATE
    service.baa_signed = service.baa_available = Answer.NO
    service.save()
    uncovered = EndpointFactory(service=service, baa_covered=Answer.NO)
    AIUseCaseFactory(vendor=vendor, service=service, endpoints=[uncovered])

    assert _keys(vendor) == []


def test_gap_analysis_reads_a_prefetched_vendor_in_a_fixed_number_of_queries(django_assert_max_num_queries):
    world = make_gapped_vendor()
    for index in range(5):
        service = AIServiceFactory(vendor=world.vendor, name=f"Extra {index}", telemetry="unknown")
        EndpointFactory(service=service, baa_covered=Answer.UNKNOWN)

    with django_assert_max_num_queries(10):
        keys = _keys(world.vendor)

    assert len(keys) == len(world.expected_keys) + 10
