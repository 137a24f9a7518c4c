"""The execution guard, and what executing a BAA does to the vendor's services and their use-case blockers."""

import pytest

from contracts.errors import AgreementError
from contracts.models import AgreementStatus, AnalysisState, Decision, FindingStatus, Severity
from contracts.services import agreement_execute, finding_decide
from tests.contracts.factories import AgreementFactory, ClauseFindingFactory, DocumentVersionFactory
from tests.factories import AIServiceFactory, AIUseCaseFactory, VendorFactory
from vendortrack.vendors.derived import vendor_refresh_derived
from vendortrack.vendors.models import AIService, Answer, FactSource, SourceKind, Vendor

pytestmark = pytest.mark.django_db


def _analysed(agreement_type: str = "baa", **agreement_fields) -> tuple:  # noqa: ANN003
    agreement = AgreementFactory(agreement_type=agreement_type, **agreement_fields)
    version = DocumentVersionFactory(agreement=agreement, number=1)
    return agreement, version


def test_an_agreement_without_an_analysed_version_cannot_be_executed(legal):
    agreement = AgreementFactory()
    with pytest.raises(AgreementError, match="analysis finish"):
        agreement_execute(agreement=agreement, user=legal)
    DocumentVersionFactory(agreement=agreement, analysis_state=AnalysisState.ANALYSING)
    with pytest.raises(AgreementError, match="analysis finish"):
        agreement_execute(agreement=agreement, user=legal)


def test_an_undecided_critical_finding_blocks_execution_and_is_named(legal):
    agreement, version = _analysed()
    ClauseFindingFactory(version=version, provision_id="breach_notification", severity=Severity.CRITICAL)
    ClauseFindingFactory(version=version, provision_id="cyber_insurance", severity=Severity.MEDIUM)
    with pytest.raises(AgreementError) as refused:
        agreement_execute(agreement=agreement, user=legal)
    assert "Breach" in refused.value.message
    assert "insurance" not in refused.value.message.lower()
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT


def test_a_critical_finding_marked_negotiate_still_blocks(legal):
    agreement, version = _analysed()
    finding = ClauseFindingFactory(version=version, severity=Severity.CRITICAL, status=FindingStatus.WEAK)
    finding_decide(finding=finding, user=legal, decision=Decision.NEGOTIATE, note="Ten days at most.")
    with pytest.raises(AgreementError, match="cannot be executed"):
        agreement_execute(agreement=agreement, user=legal)


@pytest.mark.parametrize("decision", [Decision.ACCEPT, Decision.WAIVE, Decision.FALSE_POSITIVE])
def test_a_decided_critical_finding_lets_the_agreement_be_executed(legal, decision):
    agreement, version = _analysed(agreement_type="msa")
    finding = ClauseFindingFactory(version=version, severity=Severity.CRITICAL)
    finding_decide(finding=finding, user=legal, decision=decision, note="Reviewed with the privacy officer.")
    ClauseFindingFactory(version=version, provision_id="cyber_insurance", severity=Severity.HIGH)  # not critical
    agreement_execute(agreement=agreement, user=legal)
    agreement.refresh_from_db()
    assert (agreement.status, agreement.executed_by) == (AgreementStatus.EXECUTED, legal)
    assert agreement.executed_at is not None


def test_only_the_latest_version_counts(legal):
    agreement, version = _analysed(agreement_type="msa")
    ClauseFindingFactory(version=version, severity=Severity.CRITICAL)
    newer = DocumentVersionFactory(agreement=agreement, number=2)
    ClauseFindingFactory(version=newer, severity=Severity.CRITICAL, status=FindingStatus.PRESENT)
    agreement_execute(agreement=agreement, user=legal)
    assert agreement.status == AgreementStatus.EXECUTED


def test_an_executed_agreement_cannot_be_executed_again(legal):
    agreement, _ = _analysed(agreement_type="msa", status=AgreementStatus.EXECUTED)
    with pytest.raises(AgreementError, match="already executed"):
        agreement_execute(agreement=agreement, user=legal)


def _vendor_with_phi_use_case_and_no_baa() -> tuple[Vendor, AIService, AIService]:
    vendor = VendorFactory()
    covered = AIServiceFactory(vendor=vendor, baa_signed=Answer.NO)
    other = AIServiceFactory(vendor=vendor, baa_signed=Answer.UNKNOWN)
    AIUseCaseFactory(vendor=vendor, service=covered)
    vendor_refresh_derived(vendor)
    vendor.refresh_from_db()
    assert vendor.has_blockers is True
    return vendor, covered, other


def test_executing_a_baa_marks_its_covered_services_signed_and_clears_the_blocker(legal):
    vendor, covered, other = _vendor_with_phi_use_case_and_no_baa()
    agreement, _ = _analysed(vendor=vendor)
    agreement.covered_services.set([covered])
    agreement_execute(agreement=agreement, user=legal)
    covered.refresh_from_db()
    other.refresh_from_db()
    assert (covered.baa_signed, other.baa_signed) == (Answer.YES, Answer.UNKNOWN)
    source = FactSource.objects.get(service=covered, field="baa_signed")
    assert (source.source_kind, source.confirmed_by) == (SourceKind.AGREEMENT_CLAUSE, legal)
    assert agreement.title in source.reference
    vendor.refresh_from_db()
    assert vendor.has_blockers is False


def test_a_baa_naming_no_services_covers_all_the_vendors_services(legal):
    vendor, covered, other = _vendor_with_phi_use_case_and_no_baa()
    agreement, _ = _analysed(vendor=vendor)
    agreement_execute(agreement=agreement, user=legal)
    assert set(vendor.services.values_list("baa_signed", flat=True)) == {Answer.YES}
    assert FactSource.objects.filter(service__vendor=vendor, field="baa_signed").count() == 2


def test_executing_an_msa_leaves_the_services_alone(legal):
    vendor, covered, _ = _vendor_with_phi_use_case_and_no_baa()
    agreement, _ = _analysed(agreement_type="msa", vendor=vendor)
    agreement_execute(agreement=agreement, user=legal)
    covered.refresh_from_db()
    assert covered.baa_signed == Answer.NO
