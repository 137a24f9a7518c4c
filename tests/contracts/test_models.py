"""Model constraints of agreements, versions and findings, and the cheap derived properties."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from contracts.models import Decision, FindingStatus, Severity
from tests.contracts.factories import AgreementFactory, ClauseFindingFactory, DocumentVersionFactory

pytestmark = pytest.mark.django_db


def test_expiry_before_effective_date_is_refused():
    with pytest.raises(IntegrityError):
        AgreementFactory(effective_date=datetime.date(2025, 6, 1), expiry_date=datetime.date(2025, 5, 1))


def test_version_numbers_are_unique_per_agreement():
    version = DocumentVersionFactory(number=1)
    DocumentVersionFactory(number=1)  # another agreement may have its own version 1
    with pytest.raises(IntegrityError):
        DocumentVersionFactory(agreement=version.agreement, number=1)


def test_the_same_file_cannot_be_two_versions_of_one_agreement():
    version = DocumentVersionFactory(number=1, content=b"same bytes")
    DocumentVersionFactory(number=1, content=b"same bytes")  # the same file in another agreement is fine
    with pytest.raises(IntegrityError):
        DocumentVersionFactory(agreement=version.agreement, number=2, content=b"same bytes")


def test_one_finding_per_provision_per_version():
    finding = ClauseFindingFactory()
    with pytest.raises(IntegrityError):
        ClauseFindingFactory(version=finding.version, provision_id=finding.provision_id)


@pytest.mark.parametrize("decision", [Decision.NEGOTIATE, Decision.WAIVE, Decision.FALSE_POSITIVE])
def test_decisions_other_than_accept_need_a_note_in_the_database(decision):
    with pytest.raises(IntegrityError), transaction.atomic():
        ClauseFindingFactory(decision=decision, decision_note="")


def test_present_findings_need_no_decision_and_flagged_ones_do():
    assert ClauseFindingFactory(status=FindingStatus.PRESENT).needs_decision is False
    assert ClauseFindingFactory(status=FindingStatus.WEAK).needs_decision is True
    decided = ClauseFindingFactory(status=FindingStatus.CONTRARY, decision=Decision.WAIVE, decision_note="Low risk.")
    assert decided.needs_decision is False


def test_only_critical_undecided_or_negotiated_findings_block_execution():
    assert ClauseFindingFactory(severity=Severity.CRITICAL, status=FindingStatus.MISSING).blocks_execution is True
    assert ClauseFindingFactory(severity=Severity.HIGH, status=FindingStatus.MISSING).blocks_execution is False
    assert ClauseFindingFactory(severity=Severity.CRITICAL, status=FindingStatus.PRESENT).blocks_execution is False
    negotiated = ClauseFindingFactory(
        severity=Severity.CRITICAL, status=FindingStatus.PRESENT, decision=Decision.NEGOTIATE, decision_note="Ask."
    )
    assert negotiated.blocks_execution is True
