"""Sending an RFI through the web queues its documents; a real Celery worker on Redis builds them afterwards."""

import time

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory
from tests.rfis.world import make_gapped_vendor
from tests.services import celery_worker
from vendortrack.accounts.roles import Role
from vendortrack.rfis import services
from vendortrack.rfis.models import DocumentsState, Rfi


def _wait_until_built(rfi: Rfi, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rfi.refresh_from_db()
        if not rfi.documents_in_progress:
            return
        time.sleep(0.2)
    pytest.fail(f"the documents were not built within {timeout} s (state {rfi.documents_state})")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_sending_returns_before_the_documents_exist_and_a_real_worker_builds_them(client):
    owner = UserFactory(username="buyer", roles=[Role.PROCUREMENT])
    rfi = services.rfi_create(actor=owner, vendor=make_gapped_vendor(owner=owner).vendor)
    client.force_login(owner)
    url = reverse("rfis:send", kwargs={"rfi_id": rfi.public_id})

    with celery_worker(extra_env={"MEDIA_ROOT": str(settings.MEDIA_ROOT)}):
        response = client.post(url, {"recipient_name": "D", "recipient_email": "d@example.org", "due_on": "2099-01-31"})
        rfi.refresh_from_db()
        state_when_answered = rfi.documents_state
        _wait_until_built(rfi)

    assert response.status_code == 302
    assert state_when_answered in (DocumentsState.QUEUED, DocumentsState.BUILDING)
    assert rfi.documents_state == DocumentsState.READY, rfi.documents_error
    assert rfi.pdf.read(5) == b"%PDF-"
