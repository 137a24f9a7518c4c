"""Deciding a finding through the page: each decision, its note, errors in place, htmx, and who may decide."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from contracts.models import ClauseFinding, Decision
from contracts.provisions import provision
from tests.contracts.factories import ClauseFindingFactory, DocumentVersionFactory
from tests.factories import VendorFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def finding(procurement):  # noqa: ANN001, ANN201
    version = DocumentVersionFactory(agreement__vendor=VendorFactory(owner=procurement))
    return ClauseFindingFactory(version=version)


def _decide(client, user, finding, data: dict, **kwargs):  # noqa: ANN001, ANN003, ANN202
    client.force_login(user)
    url = reverse("contracts:decide", args=[finding.version.agreement.public_id, finding.pk])
    return client.post(url, data, **kwargs)


@pytest.mark.parametrize(
    ("decision", "note"),
    [
        (Decision.ACCEPT, ""),
        (Decision.NEGOTIATE, "Vendor shall report a Breach within five business days."),
        (Decision.WAIVE, "No PHI reaches this service."),
        (Decision.FALSE_POSITIVE, "Section 9 has the clause."),
    ],
)
def test_a_plain_post_records_the_decision_and_returns_to_the_finding(client, legal, finding, decision, note):
    response = _decide(client, legal, finding, {"decision": decision, "note": note})
    assert response.status_code == 302
    assert response.url.startswith(reverse("contracts:finding", args=[finding.version.agreement.public_id, finding.pk]))
    stored = ClauseFinding.objects.get(pk=finding.pk)
    assert (stored.decision, stored.decision_note, stored.decided_by) == (decision, note, legal)
    assert stored.decided_at is not None
    entry = LogEntry.objects.get_for_object(stored).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == legal and entry.changes_dict["decision"][1] == decision


@pytest.mark.parametrize(
    ("decision", "words"),
    [(Decision.NEGOTIATE, "language to request"), (Decision.WAIVE, "justification"), (Decision.FALSE_POSITIVE, "note")],
)
@pytest.mark.parametrize("htmx", [True, False])
def test_a_missing_note_is_shown_in_place_and_nothing_is_written(client, legal, finding, decision, words, htmx):
    response = _decide(client, legal, finding, {"decision": decision, "note": "  "}, headers=HTMX if htmx else {})
    assert response.status_code == 200
    assert words in response.text
    shortcut = {"negotiate": "n", "waive": "w", "false_positive": "f"}[decision]
    assert f'id="decide-{decision}" data-decision-key="{shortcut}" open' in response.text  # that form stays open
    assert {form.decision_value: form for form in response.context["forms"]}[decision].errors
    assert ("<html" in response.text) is not htmx
    assert ClauseFinding.objects.get(pk=finding.pk).decision == Decision.UNDECIDED


def test_an_unknown_decision_writes_nothing(client, legal, finding):
    response = _decide(client, legal, finding, {"decision": "maybe", "note": "x"})
    assert response.status_code == 200
    assert "Choose a decision" in response.text
    assert ClauseFinding.objects.get(pk=finding.pk).decision == Decision.UNDECIDED


def test_the_negotiate_form_is_prefilled_with_the_fallback_clause(client, legal, finding):
    client.force_login(legal)
    page = client.get(reverse("contracts:finding", args=[finding.version.agreement.public_id, finding.pk]))
    forms = {form.decision_value: form for form in page.context["forms"]}
    assert forms[Decision.NEGOTIATE]["note"].value() == provision(finding.provision_id).fallback_clause
    assert not forms[Decision.WAIVE]["note"].value()


def test_an_htmx_decision_swaps_the_card_and_offers_the_next_undecided(client, legal, finding):
    following = ClauseFindingFactory(version=finding.version, provision_id="log_deletion")
    response = _decide(client, legal, finding, {"decision": Decision.ACCEPT, "note": ""}, headers=HTMX)
    assert response.status_code == 200
    assert 'id="decision-card"' in response.text and "<html" not in response.text
    assert "Decision recorded: Accept." in response.text
    next_url = reverse("contracts:finding", args=[following.version.agreement.public_id, following.pk])
    assert next_url in response.text and "data-key-next-undecided" in response.text


def test_reopening_clears_the_decision(client, legal, finding):
    _decide(client, legal, finding, {"decision": Decision.WAIVE, "note": "Not needed."})
    _decide(client, legal, finding, {"decision": Decision.UNDECIDED})
    stored = ClauseFinding.objects.get(pk=finding.pk)
    assert (stored.decision, stored.decision_note, stored.decided_by) == (Decision.UNDECIDED, "", None)


@pytest.mark.parametrize("who", ["compliance", "auditor", "procurement"])
def test_people_who_may_only_read_get_403_and_nothing_is_written(client, finding, who, request):
    response = _decide(client, request.getfixturevalue(who), finding, {"decision": Decision.ACCEPT})
    assert response.status_code == 403
    assert ClauseFinding.objects.get(pk=finding.pk).decision == Decision.UNDECIDED


def test_someone_who_cannot_see_the_agreement_gets_404(client, no_role, finding):
    assert _decide(client, no_role, finding, {"decision": Decision.ACCEPT}).status_code == 404
