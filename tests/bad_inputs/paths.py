"""Each way a user can upload a file, driven through the web as that user would, and the checks every path shares."""

import re
from html import unescape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client, TestCase
from django.urls import reverse

from contracts.models import Agreement, AnalysisState, DocumentVersion
from tests.bad_inputs.conftest import Written, written
from vendortrack.rfis.models import Rfi, RfiAttachment
from vendortrack.vendors.models import SecurityEvidence, Vendor

# The message a failed analysis shows when the engine broke rather than refused the file: never acceptable here.
ENGINE_ERROR = "engine_error"


def page_text(response: HttpResponse) -> str:
    """The visible text of a page, tags removed and entities decoded, for checking what the user reads."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def upload_agreement(client: Client, agreement: Agreement, name: str, data: bytes) -> HttpResponse:
    """Legal uploads a version; the analysis it queues runs as soon as the upload commits."""
    url = reverse("contracts:upload", kwargs={"public_id": agreement.public_id})
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, {"file": SimpleUploadedFile(name, data)})


def upload_evidence(client: Client, vendor: Vendor, name: str, data: bytes) -> HttpResponse:
    """Procurement uploads a penetration-test report (the evidence kind that needs no dates)."""
    url = reverse("vendors:evidence_upload", kwargs={"public_id": vendor.public_id})
    form = {"kind": "pen_test", "title": "Penetration test 2025", "opinion": "unknown", "exceptions_noted": "0"}
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, {**form, "file": SimpleUploadedFile(name, data)})


def attach_to_rfi(client: Client, token: str, rfi: Rfi, name: str, data: bytes) -> HttpResponse:
    """The vendor, on its response link, answers the first question and attaches the file."""
    url = reverse("rfis:respond", kwargs={"token": token})
    page = client.get(url)
    assert page.status_code == 200
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page.content.decode()))
    question = rfi.questions.get(number=1)
    fields = {f"q-{question.pk}": "See the attached document.", f"f-{question.pk}": SimpleUploadedFile(name, data)}
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, {**hidden, **fields})


def assert_nothing_written(before: Written) -> None:
    after = written()
    assert after == before, f"a refused upload left something behind: {before} -> {after}"


def assert_clear(message: str) -> None:
    """One line a person can act on, not a stack trace or an exception's repr."""
    assert message.strip(), "no message"
    assert "\n" not in message.strip()
    assert "Traceback" not in message and "Error(" not in message and "Exception" not in message


def form_refusal(response: HttpResponse, before: Written) -> str:
    """The one message a form shows on its file field, on the page, with nothing written."""
    errors = response.context["form"].errors.get("file", [])
    assert len(errors) == 1, f"a refusal shows one message on the file field: {errors}"
    assert errors[0] in page_text(response)
    assert_nothing_written(before)
    return errors[0]


def agreement_outcome(response: HttpResponse, agreement: Agreement, before: Written) -> tuple[str, str]:
    """("refused", form error) with nothing written, or the analysed version's final state and its message."""
    assert response.status_code < 500
    if response.status_code == 200:
        return "refused", form_refusal(response, before)
    assert response.status_code == 302
    version = DocumentVersion.objects.filter(agreement=agreement).order_by("-number").first()
    assert version is not None and version.file.read()
    assert version.analysis_state in (AnalysisState.DONE, AnalysisState.FAILED), "the analysis did not finish"
    if version.analysis_state == AnalysisState.FAILED:
        assert version.failure_code != ENGINE_ERROR, f"the engine broke: {version.failure_reason}"
        assert not version.findings.exists(), "a failed analysis left findings"
        assert version.extracted_text == "" and version.pages is None
        return "failed", version.failure_reason
    assert version.findings.exists()
    return "done", " ".join(version.warnings)


def progress_text(client: Client, agreement: Agreement) -> str:
    version = DocumentVersion.objects.filter(agreement=agreement).order_by("-number").first()
    url = reverse("contracts:progress", kwargs={"public_id": agreement.public_id, "number": version.number})
    response = client.get(url)
    assert response.status_code == 200
    return page_text(response)


def evidence_outcome(response: HttpResponse, before: Written) -> tuple[str, str]:
    assert response.status_code < 500
    if response.status_code == 200:
        return "refused", form_refusal(response, before)
    assert response.status_code == 302
    evidence = SecurityEvidence.objects.order_by("-pk").first()
    assert evidence is not None and evidence.file.read()
    return "accepted", " ".join(str(m) for m in response.wsgi_request._messages)


def attachment_outcome(response: HttpResponse, before: Written) -> tuple[str, str]:
    assert response.status_code < 500
    if response.status_code == 400:
        assert_nothing_written(before)
        return "refused", page_text(response)
    assert response.status_code == 302
    attachment = RfiAttachment.objects.order_by("-pk").first()
    assert attachment is not None and attachment.file.read()
    return "accepted", ""
