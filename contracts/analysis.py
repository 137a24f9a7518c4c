"""Running the clause engine on a document version and storing its result: the service behind the analysis task.

Guarantees (docs/contracts.md):
- Progress is visible: the state moves queued → extracting (reading the file) → analysing (running the rules) →
  done, each step committed on its own so the page can show it.
- Idempotent: the version's findings are replaced — delete, bulk_create, state done — in ONE transaction, so running
  twice leaves equal findings (new ids) and a failure inside leaves the previous findings and no partial set.
  Decisions whose evidence is unchanged are kept (re-run) or carried over from the previous version (redlines.py).
- A document the engine cannot read ends in state failed with the engine's reason, and is not retried; transient
  errors (database, file system) propagate for the task to retry.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from clause_library import UnreadableDocument
from clause_library.detection import detect
from clause_library.document import Document
from clause_library.reading import read_document
from clause_library.result import AnalysisResult, Finding
from contracts.models import AnalysisState, ClauseFinding, DocumentVersion
from contracts.provisions import provision_severity
from contracts.queue_facts import agreement_refresh_queue_facts
from contracts.redlines import carry_over_decisions
from contracts.review_cache import review_changed

UNEXPECTED_FAILURE = (
    "The analysis stopped because of an unexpected error. Use “Re-run analysis”; if it fails again, "
    "contact your VendorTrack administrator."
)


def version_analyse(*, version_id: int) -> str | None:
    """Analyse one version and store the result; returns its final state, None if the version no longer exists."""
    version = DocumentVersion.objects.select_related("agreement").filter(pk=version_id).first()
    if version is None:
        return None
    _set_state(version_id, AnalysisState.EXTRACTING, attempts=F("attempts") + 1)
    try:
        document = read_document(_file_bytes(version))
    except UnreadableDocument as error:
        version_mark_failed(version_id=version_id, code=error.code, reason=error.reason)
        return AnalysisState.FAILED
    _set_state(version_id, AnalysisState.ANALYSING)
    findings = detect(document, agreement_type=version.agreement.agreement_type)
    result = AnalysisResult(
        agreement_type=version.agreement.agreement_type, document=document.facts, findings=findings, text=document.text
    )
    store_analysis(version=version, document=document, result=result)
    return AnalysisState.DONE


def _file_bytes(version: DocumentVersion) -> bytes:
    with version.file.open("rb") as handle:
        return handle.read()


def _set_state(version_id: int, state: str, **fields: object) -> None:
    # update() rather than save(): progress is not an edit, so it stays out of the audit trail. It sends no signal
    # either; the refresh below moves the review pages' stamp (contracts/queue_facts.py).
    with transaction.atomic():
        DocumentVersion.objects.filter(pk=version_id).update(analysis_state=state, **fields)
        agreement_id = DocumentVersion.objects.filter(pk=version_id).values_list("agreement_id", flat=True).first()
        if agreement_id is not None:
            agreement_refresh_current_version(agreement_id=agreement_id)


def agreement_refresh_current_version(*, agreement_id: int) -> None:
    """Mark the agreement's latest analysed version current, and no other (call it after any analysis state change).

    Stored rather than computed per query: "no newer analysed version exists" was an anti-join over every version
    that the queue, its counts and every conflict subquery paid on each request. A version being analysed again
    leaves the one before it current, as before. The findings' own stored facts follow (contracts.queue_facts)."""
    versions = DocumentVersion.objects.filter(agreement_id=agreement_id)
    newest = versions.filter(analysis_state=AnalysisState.DONE).order_by("-number").values_list("pk", flat=True)
    current = newest.first()
    versions.filter(is_current=True).exclude(pk=current).update(is_current=False)
    if current is not None:
        versions.filter(pk=current, is_current=False).update(is_current=True)
    agreement_refresh_queue_facts(agreement_id=agreement_id)


def version_mark_failed(*, version_id: int, code: str, reason: str) -> None:
    """End the analysis of a version in state failed with a reason the uploader can act on."""
    _set_state(version_id, AnalysisState.FAILED, failure_code=code[:40], failure_reason=reason)


def store_analysis(*, version: DocumentVersion, document: Document, result: AnalysisResult) -> None:
    """Replace the version's findings and record what was read, all or nothing."""
    with transaction.atomic():
        locked = DocumentVersion.objects.select_for_update().get(pk=version.pk)
        replaced = list(locked.findings.all())
        findings = [_finding_row(locked, finding) for finding in result.findings]
        carry_over_decisions(findings, same_version=replaced, previous=_previous_findings(locked))
        locked.findings.all().delete()
        ClauseFinding.objects.bulk_create(findings)
        # bulk_create and update() send no signal: the review pages' stamp is moved by hand, in this transaction.
        review_changed()
        DocumentVersion.objects.filter(pk=version.pk).update(
            analysis_state=AnalysisState.DONE,
            extracted_text=document.text,
            pages=document.facts.pages,
            media_type=document.facts.media_type,
            warnings=list(document.facts.warnings),
            failure_code="",
            failure_reason="",
            analysed_at=timezone.now(),
            engine_version=result.engine_version,
            schema_version=result.schema_version,
        )
        agreement_refresh_current_version(agreement_id=locked.agreement_id)


def _previous_findings(version: DocumentVersion) -> list[ClauseFinding]:
    earlier = version.agreement.versions.filter(number__lt=version.number).order_by("-number").first()
    return list(earlier.findings.all()) if earlier else []


def _finding_row(version: DocumentVersion, finding: Finding) -> ClauseFinding:
    return ClauseFinding(
        version=version,
        provision_id=finding.provision_id,
        status=finding.status,
        severity=provision_severity(finding.provision_id),
        confidence=min(max(finding.confidence, 0.0), 1.0),
        evidence=[
            {"page": e.page, "section": e.section, "text": e.text, "start": e.start, "end": e.end}
            for e in finding.evidence
        ],
        parameters=finding.parameters,
        rule=finding.rule,
    )
