"""The review queue: which findings it lists, their order, the filters and counts, and who sees what."""

import pytest
from django.urls import reverse

from contracts.models import AnalysisState, Decision, FindingStatus, Severity
from tests.contracts.factories import AgreementFactory, ClauseFindingFactory, DocumentVersionFactory
from tests.factories import UserFactory, VendorFactory
from vendortrack.accounts.roles import Role

pytestmark = pytest.mark.django_db
QUEUE = reverse("contracts:queue")


def _version(vendor=None, *, title: str = "BAA", number: int = 1, **kwargs):  # noqa: ANN001, ANN003, ANN202
    agreement = AgreementFactory(vendor=vendor or VendorFactory(), title=title)
    return DocumentVersionFactory(agreement=agreement, number=number, **kwargs)


def _listed(client, user, **query) -> list:  # noqa: ANN001, ANN003
    client.force_login(user)
    response = client.get(QUEUE, query)
    assert response.status_code == 200
    return [row.finding for row in response.context["q"].rows]


def test_it_lists_undecided_flagged_findings_of_the_latest_analysed_version(client, legal):
    old = _version()
    agreement = old.agreement
    ClauseFindingFactory(version=old, provision_id="breach_notification")
    latest = DocumentVersionFactory(agreement=agreement, number=2)
    DocumentVersionFactory(agreement=agreement, number=3, analysis_state=AnalysisState.ANALYSING)
    wanted = ClauseFindingFactory(version=latest, provision_id="breach_notification", status=FindingStatus.WEAK)
    ClauseFindingFactory(version=latest, provision_id="no_training_on_phi", status=FindingStatus.PRESENT)
    ClauseFindingFactory(
        version=latest,
        provision_id="log_deletion",
        decision=Decision.WAIVE,
        decision_note="Not used.",
        decided_by=legal,
    )

    assert _listed(client, legal) == [wanted]


def test_show_all_adds_the_decided_findings_but_never_present_ones(client, legal):
    version = _version()
    undecided = ClauseFindingFactory(version=version, provision_id="breach_notification")
    decided = ClauseFindingFactory(
        version=version, provision_id="log_deletion", decision=Decision.ACCEPT, decided_by=legal
    )
    ClauseFindingFactory(version=version, provision_id="no_training_on_phi", status=FindingStatus.PRESENT)

    assert set(_listed(client, legal, undecided="0")) == {undecided, decided}
    assert _listed(client, legal, undecided=["0", "1"]) == [undecided]  # the hidden 0 then the ticked box


def test_it_orders_by_severity_then_contrary_missing_weak_then_vendor(client, legal):
    zed, acme = _version(VendorFactory(name="Zed AI")), _version(VendorFactory(name="Acme AI"))
    low_weak = ClauseFindingFactory(version=acme, provision_id="a", severity=Severity.LOW, status=FindingStatus.WEAK)
    crit_weak = ClauseFindingFactory(version=acme, provision_id="b", severity=Severity.CRITICAL, status="weak")
    crit_missing_zed = ClauseFindingFactory(version=zed, provision_id="c", severity=Severity.CRITICAL)
    crit_missing_acme = ClauseFindingFactory(version=acme, provision_id="c", severity=Severity.CRITICAL)
    crit_contrary = ClauseFindingFactory(version=zed, provision_id="d", severity="critical", status="contrary")
    high = ClauseFindingFactory(version=zed, provision_id="e", severity=Severity.HIGH, status=FindingStatus.WEAK)

    assert _listed(client, legal) == [crit_contrary, crit_missing_acme, crit_missing_zed, crit_weak, high, low_weak]


def test_filters_narrow_the_list_and_counts_leave_out_their_own_facet(client, legal):
    first, second = _version(title="First"), _version(title="Second")
    critical = ClauseFindingFactory(version=first, provision_id="breach_notification", severity=Severity.CRITICAL)
    ClauseFindingFactory(version=first, provision_id="log_deletion", severity=Severity.HIGH, status="contrary")
    other = ClauseFindingFactory(version=second, provision_id="breach_notification", severity=Severity.CRITICAL)
    client.force_login(legal)

    response = client.get(QUEUE, {"severity": "critical", "agreement": str(first.agreement.public_id)})

    assert [row.finding for row in response.context["q"].rows] == [critical]
    counts = response.context["q"].counts
    assert counts.by_severity == {"critical": 1, "high": 1, "medium": 0, "low": 0}
    assert counts.by_status == {"contrary": 1, "missing": 1, "weak": 0}
    assert "First" in response.text and "Show every agreement" in response.text
    assert _listed(client, legal, vendor=str(second.agreement.vendor.public_id)) == [other]
    assert _listed(client, legal, provision="log_deletion", status="contrary")[0].provision_id == "log_deletion"


def test_values_that_do_not_validate_are_ignored(client, legal):
    finding = ClauseFindingFactory()
    assert _listed(client, legal, severity="catastrophic", vendor="not-a-uuid", page="x") == [finding]


def test_an_htmx_request_gets_only_the_results(client, legal):
    ClauseFindingFactory()
    client.force_login(legal)
    response = client.get(QUEUE, {"severity": "critical"}, headers={"HX-Request": "true"})
    assert "<html" not in response.text
    assert "Breach and security incident notification" in response.text
    full = client.get(QUEUE)
    assert 'id="queue-results"' in full.text and "review-keys.js" in full.text


def test_the_queue_is_paginated(client, legal, monkeypatch):
    monkeypatch.setattr("contracts.review.PAGE_SIZE", 2)
    version = _version()
    for provision_id in ("a", "b", "c"):
        ClauseFindingFactory(version=version, provision_id=provision_id)
    assert len(_listed(client, legal)) == 2
    assert len(_listed(client, legal, page="2")) == 1


def test_each_person_sees_only_findings_of_agreements_they_may_see(client, procurement, no_role, compliance):
    mine = ClauseFindingFactory(version=_version(VendorFactory(owner=procurement)))
    theirs = ClauseFindingFactory(version=_version(VendorFactory(owner=UserFactory(roles=[Role.PROCUREMENT]))))

    assert _listed(client, procurement) == [mine]
    assert _listed(client, no_role) == []
    assert set(_listed(client, compliance)) == {mine, theirs}
    client.logout()
    assert client.get(QUEUE).status_code == 302


def test_an_empty_queue_says_nothing_needs_a_decision(client, legal):
    client.force_login(legal)
    assert "Nothing needs a decision" in client.get(QUEUE).text
