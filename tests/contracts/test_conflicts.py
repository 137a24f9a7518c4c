"""Conflicts across a vendor's documents in force: the rule, the agreement panel and the queue badge and filter."""

import pytest
from django.urls import reverse

from contracts.access import agreement_grant
from contracts.conflicts import conflict_exists, current_findings, find_conflicts
from contracts.models import Agreement, AgreementStatus, AgreementType, ClauseFinding, DocumentVersion, FindingStatus
from contracts.provisions import provision_title
from tests.contracts.factories import AgreementFactory, ClauseFindingFactory, DocumentVersionFactory
from tests.factories import VendorFactory

FORBIDS = "Vendor shall not use Customer Data or PHI to train any model."
ALLOWS = "We may use content you submit to improve and train our models."


def _unsaved(agreement_id: int, status: str, provision_id: str = "no_training_on_phi") -> ClauseFinding:
    version = DocumentVersion(agreement=Agreement(pk=agreement_id), number=1)
    return ClauseFinding(version=version, provision_id=provision_id, status=status)


def test_present_in_one_agreement_and_contrary_in_another_is_a_conflict():
    kept, broken = _unsaved(1, FindingStatus.PRESENT), _unsaved(2, FindingStatus.CONTRARY)
    [conflict] = find_conflicts([kept, broken, _unsaved(3, FindingStatus.WEAK), _unsaved(4, FindingStatus.MISSING)])
    assert (conflict.present, conflict.contrary, conflict.title) == (
        kept,
        broken,
        provision_title("no_training_on_phi"),
    )
    assert conflict.other_side(1) is broken and conflict.other_side(2) is kept


def test_one_agreement_or_different_provisions_or_weak_findings_are_no_conflict():
    assert find_conflicts([_unsaved(1, "present"), _unsaved(1, "contrary")]) == []
    assert find_conflicts([_unsaved(1, "present"), _unsaved(2, "contrary", provision_id="log_deletion")]) == []
    assert find_conflicts([_unsaved(1, "weak"), _unsaved(2, "contrary"), _unsaved(3, "missing")]) == []


def _document(vendor, *, title: str, status: str, sentence: str, kind: str = AgreementType.BAA, **agreement):  # noqa: ANN001, ANN003, ANN202
    agreement = AgreementFactory(vendor=vendor, title=title, agreement_type=kind, **agreement)
    version = DocumentVersionFactory(agreement=agreement, number=1)
    evidence = [{"page": 1, "section": "4", "text": sentence, "start": 0, "end": len(sentence)}]
    ClauseFindingFactory(version=version, provision_id="no_training_on_phi", status=status, evidence=evidence)
    return agreement


@pytest.fixture
def vendor_documents(db):  # noqa: ANN001, ANN201
    vendor = VendorFactory(name="Nimbus AI")
    baa = _document(vendor, title="Nimbus BAA", status=FindingStatus.PRESENT, sentence=FORBIDS)
    terms = _document(vendor, title="Nimbus terms", status="contrary", sentence=ALLOWS, kind=AgreementType.TOS)
    return baa, terms


def _panel(client, user, agreement):  # noqa: ANN001, ANN202
    client.force_login(user)
    return client.get(reverse("contracts:conflicts", args=[agreement.public_id]))


def test_both_agreements_show_the_conflict_with_both_sentences(client, legal, vendor_documents):
    baa, terms = vendor_documents
    for agreement, other in ((baa, terms), (terms, baa)):
        response = _panel(client, legal, agreement)
        assert response.status_code == 200
        assert FORBIDS in response.text and ALLOWS in response.text
        assert other.title in response.text
        assert len(response.context["conflicts"]) == 1


def test_an_agreement_no_longer_in_force_is_left_out(client, legal, vendor_documents):
    baa, terms = vendor_documents
    Agreement.objects.filter(pk=terms.pk).update(status=AgreementStatus.TERMINATED)
    assert _panel(client, legal, baa).context["conflicts"] == []
    assert "no longer in force" in _panel(client, legal, Agreement.objects.get(pk=terms.pk)).text


def test_only_the_latest_analysed_version_counts(client, legal, vendor_documents):
    baa, terms = vendor_documents
    fixed = DocumentVersionFactory(agreement=terms, number=2)
    ClauseFindingFactory(version=fixed, provision_id="no_training_on_phi", status=FindingStatus.PRESENT)
    DocumentVersionFactory(agreement=baa, number=2, analysis_state="analysing")
    assert _panel(client, legal, baa).context["conflicts"] == []


def test_a_reviewer_granted_one_agreement_sees_no_conflict_with_one_they_cannot_see(client, no_role, vendor_documents):
    baa, _terms = vendor_documents
    agreement_grant(baa, user=no_role, can_change=False)
    assert _panel(client, no_role, baa).context["conflicts"] == []


def test_the_queue_badges_and_filters_conflicts(client, legal, vendor_documents):
    _baa, terms = vendor_documents
    other = _document(VendorFactory(), title="Lone terms", status="contrary", sentence=ALLOWS)
    client.force_login(legal)

    listed = client.get(reverse("contracts:queue"))
    badges = {row.finding.version.agreement: row.finding.has_conflict for row in listed.context["q"].rows}
    assert badges == {terms: True, other: False}
    assert ">Conflict</span>" in listed.text

    only = client.get(reverse("contracts:queue"), {"conflicts": "1"})
    assert [row.finding.version.agreement for row in only.context["q"].rows] == [terms]


def test_the_sql_rule_agrees_with_the_pure_rule(legal, vendor_documents):
    vendor = vendor_documents[0].vendor
    _document(vendor, title="Nimbus DPA", status="contrary", sentence=ALLOWS, kind=AgreementType.DPA)
    _document(vendor, title="Nimbus addendum", status="weak", sentence=FORBIDS, kind=AgreementType.AI_ADDENDUM)
    _document(VendorFactory(), title="Elsewhere", status="present", sentence=FORBIDS)

    annotated = current_findings().annotate(has_conflict=conflict_exists(user=legal)).select_related("version")
    in_sql = {finding.pk for finding in annotated if finding.has_conflict}
    by_vendor: dict[int, list] = {}
    for finding in current_findings().select_related("version__agreement"):
        by_vendor.setdefault(finding.version.agreement.vendor_id, []).append(finding)
    in_python = {
        side.pk for findings in by_vendor.values() for c in find_conflicts(findings) for side in (c.present, c.contrary)
    }
    assert in_sql == in_python and len(in_sql) == 3
