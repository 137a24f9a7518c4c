"""A fixture agreement uploaded through the web layer is analysed by a real Celery worker on Redis and PostgreSQL."""

import time

import pytest
from django.conf import settings
from django.urls import reverse

from contracts.models import AnalysisState, DocumentVersion
from contracts.provisions import catalogue_ids_for
from contracts.tasks import analyse_document_version
from tests.contracts.documents import fixture_bytes, uploaded
from tests.contracts.factories import AgreementFactory
from tests.services import celery_worker


def _wait_for_analysis(version: DocumentVersion, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        version.refresh_from_db()
        if not version.is_in_progress:
            return
        time.sleep(0.2)
    pytest.fail(f"the analysis did not finish within {timeout} s (state {version.analysis_state})")


def _findings(version: DocumentVersion) -> list[tuple]:
    return list(version.findings.order_by("provision_id").values_list("provision_id", "status", "evidence", "rule"))


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_analyses_an_uploaded_agreement_and_a_second_run_changes_nothing(client, legal):
    agreement = AgreementFactory(agreement_type="baa")
    client.force_login(legal)
    url = reverse("contracts:upload", kwargs={"public_id": agreement.public_id})

    with celery_worker(extra_env={"MEDIA_ROOT": str(settings.MEDIA_ROOT)}):
        response = client.post(url, {"file": uploaded(fixture_bytes("hipaa_minimum_baa.txt"), "baa.txt")})
        assert response.status_code == 302
        version = agreement.versions.get()
        _wait_for_analysis(version)
        first = _findings(version)
        assert analyse_document_version.delay(version.pk).get(timeout=60) == AnalysisState.DONE

    version.refresh_from_db()
    assert version.analysis_state == AnalysisState.DONE, version.failure_reason
    assert {row[0] for row in first} == set(catalogue_ids_for("baa"))
    evidence = [item for _, _, items, _ in first for item in items]
    assert evidence
    for item in evidence:
        assert version.extracted_text[item["start"] : item["end"]] == item["text"]
    assert _findings(version) == first
    assert version.attempts == 2
