"""A new version compared with the previous one, and decisions carried over where the clause text is unchanged."""

import pytest

from contracts.models import Decision, FindingStatus
from contracts.redlines import compare_versions, normalised_sentence
from contracts.services import finding_decide
from contracts.tasks import analyse_document_version
from contracts.versions import version_upload
from tests.contracts.documents import TRAINING_ALLOWED, TRAINING_FORBIDDEN, upload_args
from tests.contracts.factories import AgreementFactory


def test_renumbering_spacing_and_case_do_not_change_a_sentence_but_wording_does():
    original = "4.2(b) Vendor shall report any Breach within five (5) business days."
    assert normalised_sentence("(c)  vendor shall report any breach\nwithin five (5) business days") == (
        normalised_sentence(original)
    )
    assert normalised_sentence("Vendor shall report any Breach within ten (10) business days.") != (
        normalised_sentence(original)
    )


@pytest.fixture
def two_versions(db, legal):  # noqa: ANN001, ANN201
    agreement = AgreementFactory()
    first = version_upload(agreement=agreement, user=legal, **upload_args(TRAINING_ALLOWED.encode()))
    analyse_document_version(first.pk)
    decisions = {
        "no_training_on_phi": (Decision.NEGOTIATE, "Vendor shall not use PHI to train any model."),
        "breach_notification": (Decision.ACCEPT, ""),
        "hhs_books_records": (Decision.WAIVE, "Covered by the master agreement's audit clause."),
    }
    for provision_id, (decision, note) in decisions.items():
        finding = first.findings.get(provision_id=provision_id)
        finding_decide(finding=finding, user=legal, decision=decision, note=note)
    second = version_upload(agreement=agreement, user=legal, **upload_args(TRAINING_FORBIDDEN.encode()))
    analyse_document_version(second.pk)
    return first, second


def test_decisions_on_unchanged_clauses_are_carried_over_with_their_origin(two_versions, legal):
    first, second = two_versions
    for provision_id in ("breach_notification", "hhs_books_records"):
        before = first.findings.get(provision_id=provision_id)
        after = second.findings.get(provision_id=provision_id)
        assert (after.decision, after.decision_note, after.decided_by) == (
            before.decision,
            before.decision_note,
            legal,
        )
        assert after.carried_over_from == before


def test_a_changed_clause_asks_legal_again(two_versions):
    _, second = two_versions
    after = second.findings.get(provision_id="no_training_on_phi")
    assert after.decision == Decision.UNDECIDED
    assert after.carried_over_from is None


def test_the_comparison_lists_changed_provisions_first_with_both_evidence_sentences(two_versions):
    first, second = two_versions
    comparison = compare_versions(before=first, after=second)
    top = comparison.rows[0]
    assert top.provision_id == "no_training_on_phi"
    assert (top.before.status, top.after.status) == (FindingStatus.CONTRARY, FindingStatus.PRESENT)
    assert "may use Customer Data" in top.before.evidence[0]["text"]
    assert "shall not use PHI" in top.after.evidence[0]["text"]
    changed = [row.changed for row in comparison.rows]
    assert changed == sorted(changed, reverse=True)  # every changed provision before every unchanged one
    assert comparison.changed_count == sum(changed) >= 1
    unchanged = {row.provision_id for row in comparison.rows if not row.changed}
    assert {"breach_notification", "hhs_books_records"} <= unchanged
    assert {row.provision_id for row in comparison.rows if row.carried_over} == {
        "breach_notification",
        "hhs_books_records",
    }
