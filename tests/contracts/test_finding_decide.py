"""finding_decide: each decision, its validation, who and when, and the audit trail."""

import pytest
from auditlog.models import LogEntry

from contracts.errors import AgreementError
from contracts.models import ClauseFinding, Decision
from contracts.services import finding_decide
from tests.contracts.factories import ClauseFindingFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("decision", "note"),
    [
        (Decision.ACCEPT, ""),
        (Decision.NEGOTIATE, "Business Associate shall report a Breach within five business days."),
        (Decision.WAIVE, "De-identified data only; PHI never reaches this service."),
        (Decision.FALSE_POSITIVE, "Section 7.2 has the clause; the scan missed it."),
    ],
)
def test_each_decision_records_the_note_who_and_when(legal, decision, note):
    finding = ClauseFindingFactory()
    finding_decide(finding=finding, user=legal, decision=decision, note=f"  {note} ")
    stored = ClauseFinding.objects.get(pk=finding.pk)
    assert (stored.decision, stored.decision_note, stored.decided_by) == (decision, note, legal)
    assert stored.decided_at is not None


@pytest.mark.parametrize(
    ("decision", "words"),
    [
        (Decision.NEGOTIATE, "language to request"),
        (Decision.WAIVE, "justification"),
        (Decision.FALSE_POSITIVE, "note"),
    ],
)
def test_a_decision_without_its_note_is_refused_and_nothing_changes(legal, decision, words):
    finding = ClauseFindingFactory()
    with pytest.raises(AgreementError, match=words):
        finding_decide(finding=finding, user=legal, decision=decision, note="   ")
    assert ClauseFinding.objects.get(pk=finding.pk).decision == Decision.UNDECIDED


def test_an_unknown_decision_is_refused(legal):
    with pytest.raises(AgreementError, match="Unknown decision"):
        finding_decide(finding=ClauseFindingFactory(), user=legal, decision="maybe", note="")


def test_reopening_a_finding_clears_the_decision(legal):
    finding = ClauseFindingFactory(decision=Decision.WAIVE, decision_note="Because.", decided_by=legal)
    finding_decide(finding=finding, user=legal, decision=Decision.UNDECIDED, note="ignored")
    stored = ClauseFinding.objects.get(pk=finding.pk)
    assert (stored.decision, stored.decision_note, stored.decided_by, stored.decided_at) == (
        "undecided",
        "",
        None,
        None,
    )


def test_a_decision_lands_in_the_vendors_audit_trail_with_its_actor(legal):
    finding = ClauseFindingFactory()
    finding_decide(finding=finding, user=legal, decision=Decision.WAIVE, note="Low-risk pilot.")
    entry = LogEntry.objects.filter(additional_data__vendor_id=finding.version.agreement.vendor_id).latest("pk")
    assert entry.actor == legal
    assert entry.changes_dict["decision"] == ["undecided", "waive"]
