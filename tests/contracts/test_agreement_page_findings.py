"""The agreement page's findings table: each finding's provision, status, evidence, parameters and decision."""

import pytest
from django.urls import reverse

from contracts.models import Decision, FindingStatus
from contracts.provisions import provision_title
from contracts.services import finding_decide
from tests.contracts.factories import ClauseFindingFactory, DocumentVersionFactory

pytestmark = pytest.mark.django_db


def test_each_finding_shows_its_evidence_parameters_and_decision_escaped(client, legal):
    version = DocumentVersionFactory()
    evidence = [{"page": 3, "section": "4.2", "text": "Notice within <b>10</b> days & more.", "start": 0, "end": 9}]
    weak = ClauseFindingFactory(
        version=version,
        provision_id="breach_notification",
        status=FindingStatus.WEAK,
        evidence=evidence,
        parameters={"days": 10},
    )
    missing = ClauseFindingFactory(version=version, provision_id="log_deletion", status=FindingStatus.MISSING)
    finding_decide(finding=weak, user=legal, decision=Decision.NEGOTIATE, note="Ask for <5> days.")
    client.force_login(legal)

    page = client.get(reverse("contracts:detail", args=[version.agreement.public_id])).text

    weak_url = reverse("contracts:finding", args=[version.agreement.public_id, weak.pk])
    assert '<tr id="finding-breach_notification">' in page and f'href="{weak_url}"' in page
    assert provision_title("breach_notification") in page and "days: 10" in page
    assert "“Notice within &lt;b&gt;10&lt;/b&gt; days &amp; more.”" in page and "page 3 · section 4.2" in page
    assert "Negotiate" in page and "Ask for &lt;5&gt; days." in page and "legal, " in page
    assert '<span class="pill pill-unknown">Weak</span>' in page
    assert page.count("No sentence found.") == 1 and missing.provision_id in page
    assert '<span class="pill pill-unknown">Needs a decision</span>' in page  # the missing one
