"""The legal memo of an agreement's review: a PDF rendered by WeasyPrint in a task, and a CSV of the same rows.

Decisions (docs/contracts.md, "Legal memo"):
- The memo covers the latest analysed version of the agreement, like the review queue.
- WeasyPrint takes about a second for a 21-provision memo here, so the PDF is never rendered in a request: a Celery
  task (`contracts.tasks.render_agreement_memo`, taking the agreement id) renders it into storage, and the memo page
  shows progress until it is there. No model field is needed: the stored name carries a fingerprint of everything
  the memo prints (agreement, version, each finding's status and decision), so a memo is rendered once per state of
  the review, a later decision makes a new one, and the task is safe to run twice or to kill half-way (a file is
  written whole or not at all). A render that fails leaves a `.failed` note next to where the PDF would be, which
  the page shows with a "try again" button.
- The CSV is cheap and is written in the request: one row per finding.
- Both say the memo is not legal advice.
"""

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from clause_library.catalogue import Provision
from contracts.models import Agreement, AnalysisState, ClauseFinding, DocumentVersion
from contracts.provisions import provision
from contracts.selectors import AgreementSummary, agreement_summary

# Bump when memo.html changes what a memo looks like, so stored memos are rendered afresh.
MEMO_LAYOUT = "1"
NOT_LEGAL_ADVICE = (
    "This memo records the review of the agreement in VendorTrack. It is not legal advice; the clause analysis is "
    "automated and every finding was to be checked by a reviewer against the document."
)
CSV_HEADER = (
    "provision",
    "title",
    "severity",
    "status",
    "parameters",
    "evidence",
    "decision",
    "decided by",
    "decided at",
    "note",
)
# A cell a spreadsheet would run as a formula is prefixed with an apostrophe (the text comes from vendor documents).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class MemoRow:
    finding: ClauseFinding
    title: str
    provision: Provision | None


@dataclass(frozen=True)
class Memo:
    agreement: Agreement
    version: DocumentVersion
    summary: AgreementSummary
    rows: tuple[MemoRow, ...]
    fingerprint: str

    @property
    def pdf_name(self) -> str:
        return f"memos/{self.agreement.public_id}/v{self.version.number}-{self.fingerprint[:20]}.pdf"

    @property
    def failure_name(self) -> str:
        return f"{self.pdf_name}.failed"

    @property
    def download_name(self) -> str:
        return f"{self.agreement.title} v{self.version.number} legal memo"


def memo_version(agreement: Agreement) -> DocumentVersion | None:
    """The version the memo covers: the latest analysed one."""
    versions = agreement.versions.filter(analysis_state=AnalysisState.DONE).defer("extracted_text")
    return versions.order_by("-number").first()


def _fingerprint(agreement: Agreement, version: DocumentVersion, findings: list[ClauseFinding]) -> str:
    printed = [
        MEMO_LAYOUT,
        [agreement.title, agreement.status, agreement.agreement_type, agreement.vendor.name],
        [version.pk, version.number, version.sha256],
        [
            [f.pk, f.status, f.parameters, f.evidence, f.decision, f.decision_note, f.decided_by_id, str(f.decided_at)]
            for f in findings
        ],
    ]
    return hashlib.sha256(json.dumps(printed, sort_keys=True, default=str).encode()).hexdigest()


def memo_for(agreement: Agreement) -> Memo | None:
    """The memo of `agreement` as it stands (two queries), or None before any version is analysed."""
    version = memo_version(agreement)
    if version is None:
        return None
    findings = list(version.findings.select_related("decided_by").order_by("pk"))
    summary = agreement_summary(findings)
    rows = tuple(MemoRow(row.finding, row.title, provision(row.finding.provision_id)) for row in summary.rows)
    return Memo(agreement, version, summary, rows, _fingerprint(agreement, version, findings))


# ---- CSV --------------------------------------------------------------------------------------------------------


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _parameters(finding: ClauseFinding) -> str:
    return "; ".join(f"{name}: {value}" for name, value in sorted(finding.parameters.items()))


def _evidence(finding: ClauseFinding) -> str:
    return " | ".join(f"p. {item.get('page')}: {item.get('text', '')}" for item in finding.evidence)


def memo_csv_rows(memo: Memo) -> Iterator[tuple[str, ...]]:
    """The header, then one row per finding, in review order."""
    yield CSV_HEADER
    for row in memo.rows:
        finding = row.finding
        yield tuple(
            _cell(value)
            for value in (
                finding.provision_id,
                row.title,
                finding.severity,
                finding.status,
                _parameters(finding),
                _evidence(finding),
                finding.get_decision_display(),
                finding.decided_by.get_username() if finding.decided_by else "",
                finding.decided_at.isoformat() if finding.decided_at else "",
                finding.decision_note,
            )
        )


def memo_csv(memo: Memo) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(memo_csv_rows(memo))
    return buffer.getvalue()


# ---- PDF --------------------------------------------------------------------------------------------------------


def memo_pdf(memo: Memo) -> bytes:
    """The memo as PDF bytes. Slow (WeasyPrint): call it from the task, never in a request."""
    from weasyprint import HTML  # imported here: loading it costs web processes that never render a memo

    html = render_to_string(
        "contracts/memo.html",
        {"memo": memo, "generated_at": timezone.localtime(), "not_legal_advice": NOT_LEGAL_ADVICE},
    )
    return HTML(string=html).write_pdf()


def memo_is_ready(memo: Memo) -> bool:
    return default_storage.exists(memo.pdf_name)


def memo_failure(memo: Memo) -> str:
    """Why the last render of this memo failed, or "" if it did not."""
    if not default_storage.exists(memo.failure_name):
        return ""
    with default_storage.open(memo.failure_name, "rb") as handle:
        return handle.read().decode(errors="replace")


def _store(name: str, data: bytes) -> None:
    # Same name, same content: a second render (or a task run twice) replaces the file rather than adding another.
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(data))


RENDER_FAILED = "The memo could not be rendered. Try again; if it fails again, contact your VendorTrack administrator."


def memo_render(*, agreement_id: int) -> str | None:
    """Render the current memo of an agreement into storage; returns its stored name (None: nothing to render)."""
    agreement = Agreement.objects.select_related("vendor").filter(pk=agreement_id).first()
    memo = memo_for(agreement) if agreement is not None else None
    if memo is None:
        return None
    try:
        data = memo_pdf(memo)
    except Exception:
        _store(memo.failure_name, RENDER_FAILED.encode())
        raise
    _store(memo.pdf_name, data)
    if default_storage.exists(memo.failure_name):
        default_storage.delete(memo.failure_name)
    return memo.pdf_name


def memo_request(memo: Memo) -> None:
    """Ask a worker to render `memo` once the current transaction commits (a failure note is cleared first)."""
    if default_storage.exists(memo.failure_name):
        default_storage.delete(memo.failure_name)
    agreement_id = memo.agreement.pk
    from contracts.tasks import render_agreement_memo

    transaction.on_commit(lambda: render_agreement_memo.delay(agreement_id))
