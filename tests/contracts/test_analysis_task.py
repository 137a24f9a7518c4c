"""The analysis task in-process: states, idempotence, all-or-nothing storage, failures in the user's words."""

import pytest
from celery.exceptions import SoftTimeLimitExceeded

from contracts import analysis
from contracts.models import AnalysisState, ClauseFinding, Decision, DocumentVersion
from contracts.provisions import catalogue_ids_for
from contracts.services import finding_decide
from contracts.tasks import analyse_document_version
from contracts.versions import version_rerun, version_upload
from tests.contracts.documents import TRAINING_ALLOWED, fixture_bytes, upload_args
from tests.contracts.factories import AgreementFactory

pytestmark = pytest.mark.django_db


def _queued_version(user, data: bytes, name: str = "agreement.txt", **agreement_fields) -> DocumentVersion:  # noqa: ANN001
    agreement = AgreementFactory(**agreement_fields)
    return version_upload(agreement=agreement, user=user, **upload_args(data, name))


def _content(version: DocumentVersion) -> list[tuple]:
    return list(
        version.findings.order_by("provision_id").values_list(
            "provision_id", "status", "severity", "confidence", "evidence", "parameters", "rule", "decision"
        )
    )


def test_a_fixture_agreement_gets_one_finding_per_applicable_provision_with_evidence_offsets(legal):
    version = _queued_version(legal, fixture_bytes("hipaa_minimum_baa.txt"))
    assert analyse_document_version(version.pk) == AnalysisState.DONE
    version.refresh_from_db()
    assert version.analysis_state == AnalysisState.DONE
    assert version.attempts == 1
    assert version.analysed_at is not None and version.engine_version and version.schema_version
    assert set(version.findings.values_list("provision_id", flat=True)) == set(catalogue_ids_for("baa"))
    quoted = [item for finding in version.findings.all() for item in finding.evidence]
    assert quoted
    for item in quoted:
        assert version.extracted_text[item["start"] : item["end"]] == item["text"]


def test_a_pdf_version_records_its_pages(legal):
    version = _queued_version(legal, fixture_bytes("paged_dpa.pdf"), "dpa.pdf", agreement_type="dpa")
    analyse_document_version(version.pk)
    version.refresh_from_db()
    assert version.analysis_state == AnalysisState.DONE
    assert version.pages > 1


def test_running_the_task_twice_changes_nothing_but_ids(legal):
    version = _queued_version(legal, fixture_bytes("hipaa_minimum_baa.txt"))
    analyse_document_version(version.pk)
    first_ids = set(version.findings.values_list("pk", flat=True))
    first = _content(version)
    analyse_document_version(version.pk)
    assert _content(version) == first
    assert set(version.findings.values_list("pk", flat=True)).isdisjoint(first_ids)


def test_a_rerun_keeps_the_decisions_already_taken(legal):
    version = _queued_version(legal, TRAINING_ALLOWED.encode())
    analyse_document_version(version.pk)
    finding = version.findings.get(provision_id="no_training_on_phi")
    finding_decide(finding=finding, user=legal, decision=Decision.NEGOTIATE, note="Ask for a plain prohibition.")
    analyse_document_version(version.pk)
    again = version.findings.get(provision_id="no_training_on_phi")
    assert (again.decision, again.decision_note, again.decided_by) == (
        "negotiate",
        "Ask for a plain prohibition.",
        legal,
    )


def test_a_failure_inside_the_transaction_leaves_the_previous_findings_and_no_partial_set(legal, monkeypatch):
    version = _queued_version(legal, fixture_bytes("hipaa_minimum_baa.txt"))
    analyse_document_version(version.pk)
    before = _content(version)

    def crash(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise RuntimeError("worker killed")

    monkeypatch.setattr(ClauseFinding.objects, "bulk_create", crash)
    with pytest.raises(RuntimeError):
        analysis.version_analyse(version_id=version.pk)
    assert _content(version) == before


def test_a_failure_after_the_findings_were_inserted_leaves_none_and_the_version_failed(legal, monkeypatch):
    version = _queued_version(legal, fixture_bytes("hipaa_minimum_baa.txt"))
    insert = ClauseFinding.objects.bulk_create

    def insert_then_crash(rows, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        insert(rows, *args, **kwargs)
        assert ClauseFinding.objects.filter(version=version).exists()
        raise RuntimeError("killed after the findings were inserted")

    monkeypatch.setattr(ClauseFinding.objects, "bulk_create", insert_then_crash)
    with pytest.raises(RuntimeError):
        analyse_document_version(version.pk)
    version.refresh_from_db()
    assert not version.findings.exists()
    assert version.analysis_state == AnalysisState.FAILED
    assert "Re-run analysis" in version.failure_reason


def test_an_analysis_stopped_by_the_time_limit_fails_with_a_reason_and_leaves_no_findings(legal, monkeypatch):
    version = _queued_version(legal, fixture_bytes("hipaa_minimum_baa.txt"))

    def too_slow(rows, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(ClauseFinding.objects, "bulk_create", too_slow)
    with pytest.raises(SoftTimeLimitExceeded):
        analyse_document_version(version.pk)
    version.refresh_from_db()
    assert (version.analysis_state, version.failure_code) == (AnalysisState.FAILED, "time_limit")
    assert "took longer than 5 minutes" in version.failure_reason
    assert not version.findings.exists()
    assert analyse_document_version.soft_time_limit == 300


def test_a_scanned_pdf_fails_with_the_engines_reason_and_is_not_retried(legal):
    version = _queued_version(legal, fixture_bytes("scanned_baa.pdf"), "scan.pdf")
    assert analyse_document_version(version.pk) == AnalysisState.FAILED
    version.refresh_from_db()
    assert version.failure_code == "no_text_layer"
    assert "text" in version.failure_reason.lower()
    assert version.attempts == 1
    assert not version.findings.exists()


def test_an_encrypted_pdf_fails_with_a_reason(legal):
    version = _queued_version(legal, fixture_bytes("encrypted_baa.pdf"), "enc.pdf")
    analyse_document_version(version.pk)
    version.refresh_from_db()
    assert (version.analysis_state, version.failure_code) == (AnalysisState.FAILED, "encrypted")


def test_a_version_left_half_way_can_be_run_again(legal, django_capture_on_commit_callbacks):
    version = _queued_version(legal, TRAINING_ALLOWED.encode())
    DocumentVersion.objects.filter(pk=version.pk).update(analysis_state=AnalysisState.ANALYSING)
    with django_capture_on_commit_callbacks(execute=True):
        version_rerun(version=version, user=legal)
    version.refresh_from_db()
    assert version.analysis_state == AnalysisState.DONE
    assert version.findings.filter(provision_id="no_training_on_phi").exists()


def test_a_deleted_version_is_not_an_error():
    assert analyse_document_version(987654) is None
