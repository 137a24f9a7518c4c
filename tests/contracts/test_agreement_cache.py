"""The agreement list and page are kept in the cache (contracts/agreement_cache.py) and never show less than a
fresh render: each kind of write changes them on the next request, and readers who see different agreements never
share them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contracts.models import AgreementStatus, Decision
from contracts.review_cache import review_changed
from contracts.services import agreement_create, agreement_update, finding_decide
from contracts.tasks import analyse_document_version
from contracts.versions import version_upload
from tests.contracts.documents import TRAINING_ALLOWED, upload_args
from tests.contracts.factories import AgreementFactory
from tests.factories import AIServiceFactory, UserFactory, VendorFactory
from vendortrack.accounts.roles import Role
from vendortrack.vendors.services import InlineRows, vendor_update

pytestmark = pytest.mark.django_db
LIST = reverse("contracts:list")


def _list(client, url: str = LIST) -> str:  # noqa: ANN001
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_repeated_request_is_served_from_the_cache(client, legal):
    AgreementFactory(title="Nimbus BAA")
    client.force_login(legal)
    assert "Nimbus BAA" in _list(client)
    names = {template.name for template in client.get(LIST).templates}
    assert "contracts/_agreement_rows.html" not in names


def test_adding_editing_and_ending_an_agreement_change_the_list(client, legal):
    vendor = VendorFactory(name="Nimbus AI")
    client.force_login(legal)
    assert "Nimbus BAA" not in _list(client)
    agreement = agreement_create(actor=legal, vendor=vendor, fields={"agreement_type": "baa", "title": "Nimbus BAA"})
    assert "Nimbus BAA" in _list(client)
    vendor_page = reverse("contracts:vendor_list", args=[vendor.public_id])
    assert "Nimbus BAA" in _list(client, vendor_page)
    agreement_update(actor=legal, agreement=agreement, fields={"title": "Nimbus BAA 2026"})
    assert "Nimbus BAA 2026" in _list(client)
    assert "Nimbus BAA 2026" in _list(client, vendor_page)
    agreement_update(actor=legal, agreement=agreement, fields={"status": AgreementStatus.TERMINATED})
    assert "Terminated" in _list(client)


def test_renaming_a_vendor_changes_the_list(client, legal):
    agreement = AgreementFactory(vendor=VendorFactory(name="Nimbus AI"))
    client.force_login(legal)
    assert "Nimbus AI" in _list(client)
    vendor_update(actor=legal, vendor=agreement.vendor, fields={"name": "Cumulus AI"}, subprocessors=InlineRows())
    page = _list(client)
    assert "Cumulus AI" in page
    assert "Nimbus AI" not in page


def test_readers_who_see_different_agreements_never_share_the_list(client, settings, legal):
    settings.VENDOR_VISIBILITY = "assigned"
    alice = UserFactory(username="alice", roles=[Role.PROCUREMENT])
    bob = UserFactory(username="bob", roles=[Role.PROCUREMENT])
    AgreementFactory(vendor=VendorFactory(owner=alice), title="Alice BAA")
    AgreementFactory(vendor=VendorFactory(owner=bob), title="Bob BAA")
    seen = {}
    for user in (legal, alice, bob, legal):
        client.force_login(user)
        page = _list(client)
        seen[user.username] = {title for title in ("Alice BAA", "Bob BAA") if title in page}
    assert seen == {"legal": {"Alice BAA", "Bob BAA"}, "alice": {"Alice BAA"}, "bob": {"Bob BAA"}}


def _queries(client) -> int:  # noqa: ANN001
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    return len(queries)


def test_the_list_runs_a_fixed_number_of_queries_rendered_and_kept(client, legal):
    client.force_login(legal)
    AgreementFactory.create_batch(2)
    client.get(LIST)  # warm the per-process caches first
    review_changed()
    # Rendered: session, user, vendor access, the change stamps, the count, the page of agreements.
    few = (_queries(client), _queries(client))
    assert few[0] <= 6
    assert few[1] <= 4  # kept: session, user, vendor access, the change stamps
    AgreementFactory.create_batch(30)
    review_changed()
    assert (_queries(client), _queries(client)) == few


def _page(client, agreement) -> str:  # noqa: ANN001
    return _list(client, reverse("contracts:detail", args=[agreement.public_id]))


def test_the_agreement_page_changes_with_each_kind_of_write(client, legal, monkeypatch):
    vendor = VendorFactory(name="Nimbus AI")
    service = AIServiceFactory(vendor=vendor, name="Nimbus Scribe")
    agreement = AgreementFactory(vendor=vendor, title="Nimbus BAA", owner=legal)
    client.force_login(legal)
    assert "No decision recorded" not in _page(client, agreement)
    names = {
        template.name for template in client.get(reverse("contracts:detail", args=[agreement.public_id])).templates
    }
    assert "contracts/_findings.html" in names  # the page is rendered per request around what is kept

    agreement_update(actor=legal, agreement=agreement, fields={"notice_period_days": 45})
    assert "45 days" in _page(client, agreement)
    agreement.covered_services.add(service)
    assert "Nimbus Scribe" in _page(client, agreement)
    legal.username = "counsel"
    legal.save()
    assert "counsel" in _page(client, agreement)

    monkeypatch.setattr("contracts.versions._enqueue_analysis", lambda version_id: None)
    version = version_upload(agreement=agreement, user=legal, **upload_args(TRAINING_ALLOWED.encode()))
    assert "Queued" in _page(client, agreement)
    analyse_document_version(version.pk)
    page = _page(client, agreement)
    assert "Queued" not in page
    assert "need" in page  # findings to decide
    finding = version.findings.get(provision_id="no_training_on_phi")
    finding_decide(finding=finding, user=legal, decision=Decision.WAIVE, note="Accepted risk.")
    assert "Accepted risk." in _page(client, agreement)


def test_a_reader_who_may_not_change_gets_no_forms_from_a_page_kept_for_legal(client, legal, compliance):
    agreement = AgreementFactory(title="Nimbus BAA")
    client.force_login(legal)
    assert "Edit terms" in _page(client, agreement)
    client.force_login(compliance)
    page = _page(client, agreement)
    assert "Nimbus BAA" in page
    assert "Edit terms" not in page
