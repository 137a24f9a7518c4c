"""The legal memo: the PDF read back with pypdf, the CSV parsed back, and the memo page's rendering in a task."""

import csv
import io

import pypdf
import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from contracts.memo import memo_csv, memo_for, memo_render
from contracts.models import Decision, FindingStatus, Severity
from contracts.provisions import provision_title
from contracts.services import finding_decide
from tests.contracts.factories import ClauseFindingFactory, DocumentVersionFactory
from tests.factories import VendorFactory

pytestmark = pytest.mark.django_db
NEGOTIATE_NOTE = "Ask for notice within five business days of discovery."
WAIVE_NOTE = "The service never receives PHI; residency is irrelevant."
TRAINING_SENTENCE = "Vendor may use Customer Data to improve its models."


@pytest.fixture
def agreement(legal):  # noqa: ANN001, ANN201
    version = DocumentVersionFactory(agreement__vendor=VendorFactory(name="Nimbus AI"), agreement__title="Nimbus BAA")
    breach = ClauseFindingFactory(version=version, provision_id="breach_notification", severity=Severity.CRITICAL)
    training = ClauseFindingFactory(
        version=version,
        provision_id="no_training_on_phi",
        status=FindingStatus.CONTRARY,
        severity=Severity.CRITICAL,
        evidence=[{"page": 3, "section": "4.2", "text": TRAINING_SENTENCE, "start": 0, "end": 10}],
    )
    residency = ClauseFindingFactory(
        version=version, provision_id="data_residency", status=FindingStatus.WEAK, severity=Severity.MEDIUM
    )
    ClauseFindingFactory(version=version, provision_id="hhs_books_records", status=FindingStatus.PRESENT)
    finding_decide(finding=breach, user=legal, decision=Decision.NEGOTIATE, note=NEGOTIATE_NOTE)
    finding_decide(finding=residency, user=legal, decision=Decision.WAIVE, note=WAIVE_NOTE)
    assert training.decision == Decision.UNDECIDED
    return version.agreement


def _pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_memo_has_the_heading_summary_blockers_and_every_provision(agreement):
    memo = memo_for(agreement)
    with default_storage.open(memo_render(agreement_id=agreement.pk), "rb") as handle:
        text = " ".join(_pdf_text(handle.read()).split())

    for expected in (
        "Legal memo: Nimbus BAA",
        "Nimbus AI",
        memo.version.sha256,
        "Blockers to execution",
        *(provision_title(pid) for pid in ("breach_notification", "no_training_on_phi", "data_residency")),
        provision_title("hhs_books_records"),
        "Negotiate",
        "Waive",
        NEGOTIATE_NOTE,
        WAIVE_NOTE,
        TRAINING_SENTENCE,
        "not legal advice",
        "Page 1 of",
    ):
        assert expected in text, expected
    blockers = text[text.index("Blockers to execution") : text.index("Provisions")]
    assert provision_title("no_training_on_phi") in blockers and provision_title("breach_notification") in blockers
    assert provision_title("data_residency") not in blockers


def test_the_csv_has_one_row_per_finding_matching_it(agreement, legal):
    rows = list(csv.DictReader(io.StringIO(memo_csv(memo_for(agreement)))))
    by_provision = {row["provision"]: row for row in rows}
    assert len(rows) == 4
    breach = by_provision["breach_notification"]
    assert (breach["decision"], breach["note"], breach["decided by"]) == ("Negotiate", NEGOTIATE_NOTE, "legal")
    assert breach["decided at"] and breach["status"] == "missing" and breach["severity"] == "critical"
    training = by_provision["no_training_on_phi"]
    assert (training["decision"], training["evidence"]) == ("Undecided", f"p. 3: {TRAINING_SENTENCE}")
    assert by_provision["data_residency"]["title"] == provision_title("data_residency")


def test_a_csv_cell_a_spreadsheet_would_run_is_defused(agreement, legal):
    finding = agreement.versions.get().findings.get(provision_id="no_training_on_phi")
    finding_decide(finding=finding, user=legal, decision=Decision.FALSE_POSITIVE, note="=HYPERLINK(1)")
    [row] = [r for r in csv.DictReader(io.StringIO(memo_csv(memo_for(agreement)))) if r["decision"] == "False positive"]
    assert row["note"] == "'=HYPERLINK(1)"


@pytest.fixture
def fast_pdf(monkeypatch):  # noqa: ANN001, ANN201
    """The page tests check the flow, not the layout: WeasyPrint is replaced by a stand-in."""
    monkeypatch.setattr("contracts.memo.memo_pdf", lambda memo: b"%PDF-1.7 " + memo.fingerprint.encode())


def _get(client, user, name, agreement, **kwargs):  # noqa: ANN001, ANN003, ANN202
    client.force_login(user)
    return client.get(reverse(name, args=[agreement.public_id]), **kwargs)


def test_the_memo_is_rendered_in_a_task_and_then_downloaded(
    client, compliance, agreement, fast_pdf, django_capture_on_commit_callbacks
):
    assert _get(client, compliance, "contracts:memo_pdf", agreement).url.endswith("/memo/")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        page = _get(client, compliance, "contracts:memo", agreement)
    assert len(queued) == 1  # the render is enqueued, not run in the request
    assert "Rendering" in page.text and 'hx-trigger="every 1s"' in page.text
    queued[0]()
    state = _get(client, compliance, "contracts:memo", agreement, headers={"HX-Request": "true"})
    assert "Download the memo" in state.text and "hx-trigger" not in state.text
    download = _get(client, compliance, "contracts:memo_pdf", agreement)
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_new_decision_makes_a_new_memo(agreement, legal, fast_pdf):
    before = memo_for(agreement)
    memo_render(agreement_id=agreement.pk)
    finding = agreement.versions.get().findings.get(provision_id="no_training_on_phi")
    finding_decide(finding=finding, user=legal, decision=Decision.ACCEPT, note="")
    after = memo_for(agreement)
    assert after.fingerprint != before.fingerprint
    assert default_storage.exists(before.pdf_name) and not default_storage.exists(after.pdf_name)


def test_a_failed_render_is_shown_with_a_way_to_try_again(client, legal, agreement, monkeypatch):
    def broken(memo: object) -> bytes:
        raise RuntimeError("layout failed")

    monkeypatch.setattr("contracts.memo.memo_pdf", broken)
    with pytest.raises(RuntimeError):
        memo_render(agreement_id=agreement.pk)
    page = _get(client, legal, "contracts:memo", agreement)
    assert "could not be rendered" in page.text and "Try again" in page.text
    retried = client.post(reverse("contracts:memo", args=[agreement.public_id]))
    assert retried.status_code == 302
    assert "could not be rendered" not in client.get(retried.url).text


def test_no_analysed_version_means_no_memo(client, legal):
    version = DocumentVersionFactory(analysis_state="queued")
    assert "nothing to put in a memo" in _get(client, legal, "contracts:memo", version.agreement).text
    assert _get(client, legal, "contracts:memo_csv", version.agreement).status_code == 404
