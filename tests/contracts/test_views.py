"""The agreement pages as each kind of user sees them: access, upload, progress polling, execution, redlines."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contracts.access import agreement_grant
from contracts.models import AgreementStatus, AnalysisState, DocumentVersion, Severity
from contracts.review_cache import review_changed
from contracts.tasks import analyse_document_version
from contracts.versions import version_upload
from tests.contracts.documents import TRAINING_ALLOWED, TRAINING_FORBIDDEN, upload_args, uploaded
from tests.contracts.factories import AgreementFactory, ClauseFindingFactory, DocumentVersionFactory
from tests.factories import UserFactory, VendorFactory
from vendortrack.accounts.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(procurement):  # noqa: ANN001, ANN201
    return AgreementFactory(vendor=VendorFactory(owner=procurement))


def _get(client, user, name, agreement, **kwargs):  # noqa: ANN001, ANN003, ANN202
    client.force_login(user)
    return client.get(reverse(name, kwargs={"public_id": agreement.public_id, **kwargs}))


@pytest.mark.parametrize("who", ["legal", "compliance", "auditor", "procurement"])
def test_people_who_see_the_vendor_read_its_agreements(client, agreement, who, request):
    response = _get(client, request.getfixturevalue(who), "contracts:detail", agreement)
    assert response.status_code == 200
    assert agreement.title in response.text


def test_a_user_without_a_role_or_the_vendor_gets_404(client, agreement, no_role):
    assert _get(client, no_role, "contracts:detail", agreement).status_code == 404
    outsider = UserFactory(username="outsider", roles=[Role.PROCUREMENT])
    assert _get(client, outsider, "contracts:detail", agreement).status_code == 404


def test_a_guardian_grant_on_one_agreement_lets_a_reviewer_in(client, agreement, no_role):
    agreement_grant(agreement, user=no_role, can_change=False)
    assert _get(client, no_role, "contracts:detail", agreement).status_code == 200
    assert _get(client, no_role, "contracts:upload", agreement).status_code == 403


@pytest.mark.parametrize("who", ["compliance", "auditor", "procurement"])
def test_readers_cannot_upload_or_execute(client, agreement, who, request):
    user = request.getfixturevalue(who)
    assert _get(client, user, "contracts:upload", agreement).status_code == 403
    response = client.post(reverse("contracts:execute", kwargs={"public_id": agreement.public_id}))
    assert response.status_code == 403


def test_an_upload_through_the_page_returns_at_once_to_a_polling_progress(
    client, agreement, legal, django_capture_on_commit_callbacks
):
    client.force_login(legal)
    url = reverse("contracts:upload", kwargs={"public_id": agreement.public_id})
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(url, {"file": uploaded(TRAINING_ALLOWED.encode())})
    assert response.status_code == 302
    assert len(queued) == 1  # the analysis is enqueued on commit, not run in the request
    page = client.get(response.url)
    assert 'hx-trigger="every 1s"' in page.text
    progress = _get(client, legal, "contracts:progress", agreement, number=1)
    assert 'hx-trigger="every 1s"' in progress.text and "Queued" in progress.text
    queued[0]()
    done = client.get(progress.request["PATH_INFO"], headers={"HX-Request": "true"})
    assert "hx-trigger" not in done.text
    assert "Analysed" in done.text
    assert done.headers["HX-Refresh"] == "true"


def test_a_failed_analysis_shows_the_reason_and_stops_polling(client, agreement, legal):
    DocumentVersionFactory(
        agreement=agreement, number=1, analysis_state=AnalysisState.FAILED, failure_reason="This PDF has no text layer."
    )
    response = _get(client, legal, "contracts:progress", agreement, number=1)
    assert "This PDF has no text layer." in response.text
    assert "hx-trigger" not in response.text


def test_a_bad_upload_shows_the_message_and_writes_nothing(client, agreement, legal):
    client.force_login(legal)
    url = reverse("contracts:upload", kwargs={"public_id": agreement.public_id})
    response = client.post(url, {"file": uploaded(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "contract.pdf")})
    assert response.status_code == 200
    assert "Unsupported file type" in response.text
    assert not DocumentVersion.objects.exists()


def test_the_agreement_page_runs_a_fixed_number_of_queries(client, agreement, legal):
    version = DocumentVersionFactory(agreement=agreement, number=1)
    ClauseFindingFactory(version=version, provision_id="breach_notification", decided_by=legal)
    client.force_login(legal)
    _get(client, legal, "contracts:detail", agreement)  # the reader's first page reads their permissions too

    url = reverse("contracts:detail", kwargs={"public_id": agreement.public_id})

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def rendered_then_kept() -> tuple[int, int]:
        review_changed()  # what every write the page shows does (contracts/agreement_cache.py)
        return count(), count()

    few = rendered_then_kept()
    assert few[1] <= 5  # session, user, vendor access, the change stamps, the stamp of the reader's permission
    for provision_id in ("no_training_on_phi", "log_retention_limit", "log_deletion", "telemetry_disable"):
        ClauseFindingFactory(version=version, provision_id=provision_id, decided_by=legal)
    DocumentVersionFactory(agreement=agreement, number=2)
    assert rendered_then_kept() == few


def test_execute_through_the_page_reports_the_blockers(client, agreement, legal):
    version = DocumentVersionFactory(agreement=agreement, number=1)
    ClauseFindingFactory(version=version, severity=Severity.CRITICAL)
    client.force_login(legal)
    url = reverse("contracts:execute", kwargs={"public_id": agreement.public_id})
    page = client.post(url, follow=True)
    assert "cannot be executed" in page.text
    agreement.refresh_from_db()
    assert agreement.status != AgreementStatus.EXECUTED


def test_the_comparison_page_shows_both_sentences(client, agreement, legal):
    for text in (TRAINING_ALLOWED, TRAINING_FORBIDDEN):
        analyse_document_version(version_upload(agreement=agreement, user=legal, **upload_args(text.encode())).pk)
    response = _get(client, legal, "contracts:compare", agreement, number=2)
    assert response.status_code == 200
    assert "may use Customer Data" in response.text and "shall not use PHI" in response.text
    assert _get(client, legal, "contracts:compare", agreement, number=1).status_code == 404


def test_legal_creates_an_agreement_for_a_vendor_it_sees(client, legal):
    vendor = VendorFactory()
    client.force_login(legal)
    response = client.post(
        reverse("contracts:create", kwargs={"vendor_id": vendor.public_id}),
        {"agreement_type": "baa", "title": "Vendor BAA", "status": "draft"},
    )
    assert response.status_code == 302
    assert vendor.agreements.get().owner == legal
    listing = client.get(reverse("contracts:vendor_list", kwargs={"vendor_id": vendor.public_id}))
    assert "Vendor BAA" in listing.text
