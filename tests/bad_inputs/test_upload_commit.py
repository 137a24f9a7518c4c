"""What happens after an upload commits cannot undo it: a stored version keeps its file whatever the queue does."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contracts.models import AnalysisState, DocumentVersion
from contracts.tasks import analyse_document_version
from tests.bad_inputs.corpus import CORPUS


@pytest.mark.django_db(transaction=True)
def test_a_queue_that_fails_after_the_upload_committed_leaves_the_version_and_its_file(
    legal_client, agreement, monkeypatch
):
    # Transactional: the on-commit hook runs inside the request, as on a real server.
    def broker_down(*args: object, **kwargs: object) -> None:
        raise ConnectionError("the broker is not reachable")

    monkeypatch.setattr(analyse_document_version, "delay", broker_down)
    url = reverse("contracts:upload", kwargs={"public_id": agreement.public_id})
    data = (CORPUS / "docx_named.pdf").read_bytes()

    response = legal_client.post(url, {"file": SimpleUploadedFile("agreement.docx", data)})

    assert response.status_code == 302
    version = DocumentVersion.objects.get(agreement=agreement)
    assert version.analysis_state == AnalysisState.QUEUED  # "Re-run analysis" queues it again
    assert (Path(settings.MEDIA_ROOT) / version.file.name).read_bytes() == data


@pytest.mark.django_db(transaction=True)
def test_an_analysis_that_breaks_in_process_fails_the_version_not_the_upload(legal_client, agreement, monkeypatch):
    # With no broker the analysis runs inside the upload request, right after the commit.
    def engine_bug(*args: object, **kwargs: object) -> None:
        raise ValueError("an engine bug")

    monkeypatch.setattr("contracts.analysis.read_document", engine_bug)
    url = reverse("contracts:upload", kwargs={"public_id": agreement.public_id})
    data = (CORPUS / "docx_named.pdf").read_bytes()

    response = legal_client.post(url, {"file": SimpleUploadedFile("agreement.docx", data)})

    assert response.status_code == 302
    version = DocumentVersion.objects.get(agreement=agreement)
    assert (version.analysis_state, version.failure_code) == (AnalysisState.FAILED, "engine_error")
    assert "Re-run analysis" in version.failure_reason
    assert (Path(settings.MEDIA_ROOT) / version.file.name).read_bytes() == data
