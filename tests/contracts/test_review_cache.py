"""The review queue and the finding page are kept in the cache (contracts/review_cache.py) and never show less
than a fresh render would: every kind of write changes them on the next request, and readers who see different
agreements never share an entry."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from guardian.shortcuts import remove_perm

from contracts.access import VIEW, agreement_grant
from contracts.models import AgreementStatus, AgreementType, Decision
from contracts.services import agreement_update, finding_decide
from contracts.tasks import analyse_document_version
from contracts.versions import version_rerun, version_upload
from tests.contracts.documents import TRAINING_ALLOWED, TRAINING_FORBIDDEN, upload_args
from tests.contracts.factories import AgreementFactory, ClauseFindingFactory, DocumentVersionFactory
from tests.factories import UserFactory, VendorFactory
from vendortrack.accounts.roles import Role
from vendortrack.vendors.services import InlineRows, vendor_update

pytestmark = pytest.mark.django_db
QUEUE = reverse("contracts:queue")


def _get(client, url: str, query: dict | None = None, **extra: str):  # noqa: ANN001, ANN202
    response = client.get(url, query or {}, **extra)
    assert response.status_code == 200
    return response


def _queue(client, query: dict | None = None) -> str:  # noqa: ANN001
    return _get(client, QUEUE, query).content.decode()


def _was_cached(client, url: str, query: dict | None = None) -> bool:  # noqa: ANN001
    """Whether `url` came from the cache: its shared parts were not rendered for this request."""
    names = {template.name for template in _get(client, url, query).templates}
    return not names & {"contracts/review_results.html", "contracts/finding_main.html"}


def _analysed(agreement, user, text: str):  # noqa: ANN001, ANN202
    version = version_upload(agreement=agreement, user=user, **upload_args(text.encode()))
    analyse_document_version(version.pk)
    return version


@pytest.fixture
def finding(legal):  # noqa: ANN001, ANN201
    agreement = AgreementFactory(vendor=VendorFactory(name="Nimbus AI"), title="Nimbus BAA")
    return ClauseFindingFactory(version=DocumentVersionFactory(agreement=agreement), provision_id="log_deletion")


def _finding_url(finding) -> str:  # noqa: ANN001
    return reverse("contracts:finding", args=[finding.version.agreement.public_id, finding.pk])


def test_a_repeated_request_is_served_from_the_cache(client, legal, finding):
    client.force_login(legal)
    first = _get(client, QUEUE, HTTP_HX_REQUEST="true").content
    assert _was_cached(client, QUEUE)
    assert _get(client, QUEUE, HTTP_HX_REQUEST="true").content == first
    assert not _was_cached(client, QUEUE, {"undecided": "0"})  # another question, another entry
    _get(client, _finding_url(finding))
    assert _was_cached(client, _finding_url(finding))


def test_a_decision_changes_the_queue_and_the_finding_page_at_once(client, legal, finding):
    client.force_login(legal)
    assert "Nimbus BAA" in _queue(client)
    page = _get(client, _finding_url(finding)).content.decode()
    assert "No decision recorded yet." in page
    finding_decide(finding=finding, user=legal, decision=Decision.WAIVE, note="Accepted risk.")
    assert "Nimbus BAA" not in _queue(client)
    assert "Waive" in _queue(client, {"undecided": "0"})
    page = _get(client, _finding_url(finding)).content.decode()
    assert "No decision recorded yet." not in page
    assert "Accepted risk." in page


def test_a_decision_posted_on_the_page_shows_in_the_card_it_returns(client, legal, finding):
    client.force_login(legal)
    _get(client, _finding_url(finding))
    decide = reverse("contracts:decide", args=[finding.version.agreement.public_id, finding.pk])
    response = client.post(decide, {"decision": "accept", "note": ""}, headers={"HX-Request": "true"})
    assert "Decision recorded: Accept." in response.content.decode()
    assert "Needs a decision" not in _get(client, _finding_url(finding)).content.decode()


def test_an_analysis_and_a_rerun_change_the_queue(client, legal, monkeypatch):
    agreement = AgreementFactory(vendor=VendorFactory(), title="Nimbus terms", agreement_type=AgreementType.TOS)
    first = _analysed(agreement, legal, TRAINING_ALLOWED)
    client.force_login(legal)
    assert "Nimbus terms" in _queue(client, {"provision": "no_training_on_phi"})
    second = _analysed(agreement, legal, TRAINING_FORBIDDEN)
    assert second.findings.filter(provision_id="no_training_on_phi", status="present").exists()
    assert "Nimbus terms" not in _queue(client, {"provision": "no_training_on_phi"})

    # Re-running version 2 hands the queue back to version 1 until it is analysed again (update(), no signal).
    monkeypatch.setattr("contracts.versions._enqueue_analysis", lambda version_id: None)
    version_rerun(version=second, user=legal)
    assert "Nimbus terms" in _queue(client, {"provision": "no_training_on_phi"})
    assert first.findings.filter(provision_id="no_training_on_phi").exists()


def test_an_upload_changes_the_queue_when_its_analysis_ends(client, legal, finding, monkeypatch):
    def numbers_shown() -> set[int]:
        page = _queue(client, {"undecided": "0"})
        return {n for n in (before.number, version.number) if f'<span class="faint">v{n}</span>' in page}

    client.force_login(legal)
    before = finding.version
    monkeypatch.setattr("contracts.versions._enqueue_analysis", lambda version_id: None)
    version = version_upload(agreement=before.agreement, user=legal, **upload_args(TRAINING_FORBIDDEN.encode()))
    assert numbers_shown() == {before.number}  # the version being analysed does not hide the one before it
    analyse_document_version(version.pk)
    assert numbers_shown() == {version.number}


def test_editing_an_agreement_changes_the_queue_and_the_finding_page(client, legal, finding):
    client.force_login(legal)
    agreement = finding.version.agreement
    assert "Nimbus BAA" in _queue(client)
    _get(client, _finding_url(finding))
    agreement_update(actor=legal, agreement=agreement, fields={"title": "Nimbus BAA 2026"})
    assert "Nimbus BAA 2026" in _queue(client)
    assert "Nimbus BAA 2026" in _get(client, _finding_url(finding)).content.decode()


def test_ending_an_agreement_takes_its_conflicts_off_the_queue(client, legal):
    vendor = VendorFactory()
    baa = AgreementFactory(vendor=vendor, title="Nimbus BAA")
    terms = AgreementFactory(vendor=vendor, title="Nimbus terms", agreement_type=AgreementType.TOS)
    _analysed(baa, legal, TRAINING_FORBIDDEN)
    _analysed(terms, legal, TRAINING_ALLOWED)
    client.force_login(legal)
    assert "Nimbus terms" in _queue(client, {"conflicts": "1"})
    agreement_update(actor=legal, agreement=baa, fields={"status": AgreementStatus.TERMINATED})
    assert "Nimbus terms" not in _queue(client, {"conflicts": "1"})


def test_renaming_a_vendor_changes_the_queue(client, legal, finding):
    client.force_login(legal)
    vendor = finding.version.agreement.vendor
    assert "Nimbus AI" in _queue(client)
    vendor_update(actor=legal, vendor=vendor, fields={"name": "Cumulus AI"}, subprocessors=InlineRows())
    page = _queue(client)
    assert "Cumulus AI" in page
    assert "Nimbus AI" not in page


def test_renaming_a_user_changes_the_decisions_shown(client, legal, finding):
    reviewer = UserFactory(username="reviewer", roles=[Role.LEGAL])
    finding_decide(finding=finding, user=reviewer, decision=Decision.ACCEPT, note="")
    client.force_login(legal)
    assert "reviewer" in _queue(client, {"undecided": "0"})
    assert "by reviewer" in _get(client, _finding_url(finding)).content.decode()
    reviewer.username = "counsel"
    reviewer.save()
    assert "counsel" in _queue(client, {"undecided": "0"})
    assert "by counsel" in _get(client, _finding_url(finding)).content.decode()


def test_granting_and_revoking_an_agreement_changes_what_the_reviewer_sees(client, legal, no_role, finding):
    agreement = finding.version.agreement
    client.force_login(no_role)
    assert "Nimbus BAA" not in _queue(client)
    assert client.get(_finding_url(finding)).status_code == 404
    agreement_grant(agreement, user=no_role, can_change=False)
    assert "Nimbus BAA" in _queue(client)
    assert _get(client, _finding_url(finding))
    remove_perm(VIEW, no_role, agreement)
    assert "Nimbus BAA" not in _queue(client)
    assert client.get(_finding_url(finding)).status_code == 404


def test_readers_who_see_different_agreements_never_share_an_entry(client, settings, legal):
    settings.VENDOR_VISIBILITY = "assigned"
    alice = UserFactory(username="alice", roles=[Role.PROCUREMENT])
    bob = UserFactory(username="bob", roles=[Role.PROCUREMENT])
    for owner, title in ((alice, "Alice BAA"), (bob, "Bob BAA")):
        agreement = AgreementFactory(vendor=VendorFactory(owner=owner), title=title)
        ClauseFindingFactory(version=DocumentVersionFactory(agreement=agreement))
    seen = {}
    for user in (legal, alice, bob, legal):
        client.force_login(user)
        page = _queue(client)
        seen[user.username] = {title for title in ("Alice BAA", "Bob BAA") if title in page}
    assert seen == {"legal": {"Alice BAA", "Bob BAA"}, "alice": {"Alice BAA"}, "bob": {"Bob BAA"}}


def test_a_reader_who_may_not_decide_gets_no_forms_from_a_page_kept_for_legal(client, legal, compliance, finding):
    client.force_login(legal)
    assert 'id="decide-accept"' in _get(client, _finding_url(finding)).content.decode()
    client.force_login(compliance)
    assert _was_cached(client, _finding_url(finding))  # the same scope: every agreement
    page = _get(client, _finding_url(finding)).content.decode()
    assert 'id="decide-accept"' not in page
    assert "Legal decides findings; you may read them." in page


def test_losing_or_gaining_the_legal_role_changes_the_forms_at_once(client, legal, compliance, finding):
    legal_group = Group.objects.get(name=Role.LEGAL.value)
    legal.groups.add(Group.objects.get(name=Role.COMPLIANCE.value))  # still reads every agreement without Legal
    client.force_login(legal)
    assert 'id="decide-accept"' in _get(client, _finding_url(finding)).content.decode()
    legal.groups.remove(legal_group)
    assert 'id="decide-accept"' not in _get(client, _finding_url(finding)).content.decode()
    client.force_login(compliance)
    assert 'id="decide-accept"' not in _get(client, _finding_url(finding)).content.decode()
    compliance.groups.add(legal_group)
    assert 'id="decide-accept"' in _get(client, _finding_url(finding)).content.decode()
