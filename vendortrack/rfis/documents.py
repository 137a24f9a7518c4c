"""The RFI as documents the vendor receives: a PDF (WeasyPrint), a DOCX to fill in (python-docx), and a CSV.

Spreadsheet decision: CSV rather than XLSX. Every spreadsheet program opens it, it needs no new dependency, and one
row per question is all a vendor answering in a spreadsheet needs. Cells that a spreadsheet would run as a formula
(starting with =, +, - or @) are prefixed with an apostrophe.

Rendering is heavy, so it runs only in the Celery task (tasks.py) through `rfi_documents_build`; nothing here is
called inside a request. Internal notes never reach a document.
"""

import csv
import io

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from vendortrack.rfis.models import DocumentsState, Rfi, RfiQuestion
from vendortrack.rfis.selectors import rfi_for_document, sections_of

CSV_HEADER = ("Number", "Section", "Question", "Why we ask", "Answer format", "Your answer")
FORMULA_STARTS = ("=", "+", "-", "@")
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MEDIA_TYPES = {"pdf": "application/pdf", "docx": DOCX_MEDIA_TYPE, "csv": "text/csv"}


def organisation_name() -> str:
    return getattr(settings, "RFI_ORGANISATION_NAME", "Our organisation")


def document_context(rfi: Rfi, questions: list[RfiQuestion]) -> dict:
    return {
        "rfi": rfi,
        "vendor": rfi.vendor,
        "sections": sections_of(questions),
        "question_count": len(questions),
        "organisation": organisation_name(),
    }


def render_pdf(rfi: Rfi, questions: list[RfiQuestion]) -> bytes:
    from weasyprint import CSS, HTML  # imported here: loading WeasyPrint costs time a web process never needs

    html = render_to_string("rfis/rfi_document.html", {**document_context(rfi, questions), "for_print": True})
    # The sheet is a static file (the browser preview links it; the content security policy refuses inline styles).
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=finders.find("rfis/rfi_document.css"))])


def render_docx(rfi: Rfi, questions: list[RfiQuestion]) -> bytes:
    """A Word document with a numbered heading per section and, per question, its context and an answer box."""
    from docx import Document

    context = document_context(rfi, questions)
    document = Document()
    document.add_heading(f"{rfi.reference}: {rfi.title}", level=0)
    document.add_paragraph(f"From {context['organisation']} to {rfi.vendor.name}. {_dates(rfi)}")
    document.add_paragraph("Please write each answer in the box under its question and attach documents as asked.")
    for section in context["sections"]:
        document.add_heading(f"{section.number}. {section.label}", level=1)
        for question in section.questions:
            document.add_heading(f"Q{question.number}. {question.text}", level=2)
            if question.context:
                document.add_paragraph(f"Why we ask: {question.context}", style="Intense Quote")
            if question.answer_format:
                document.add_paragraph(f"Answer format: {question.answer_format}")
            box = document.add_table(rows=1, cols=1, style="Table Grid")
            box.cell(0, 0).text = question.answer or ""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _dates(rfi: Rfi) -> str:
    sent = f"Sent {rfi.sent_on:%B %-d, %Y}. " if rfi.sent_on else "Draft. "
    due = f"Answers due {rfi.due_on:%B %-d, %Y}." if rfi.due_on else ""
    return sent + due


def _cell(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def render_csv(rfi: Rfi, questions: list[RfiQuestion]) -> bytes:
    """One row per question; UTF-8 with a byte-order mark so spreadsheet programs read accents correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for section in sections_of(questions):
        for question in section.questions:
            row = (question.number, section.label, question.text, question.context, question.answer_format, "")
            writer.writerow([_cell(str(value)) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def rfi_documents_build(*, rfi_id: int) -> str | None:
    """Build and store the three documents of an RFI; returns the final state, None if the RFI is gone."""
    if not Rfi.objects.filter(pk=rfi_id).update(documents_state=DocumentsState.BUILDING):
        return None
    rfi = rfi_for_document(rfi_id)
    questions = list(rfi.questions.all())
    files = {
        "pdf": render_pdf(rfi, questions),
        "docx": render_docx(rfi, questions),
        "csv": render_csv(rfi, questions),
    }
    stamp = timezone.now()
    with transaction.atomic():
        locked = Rfi.objects.select_for_update().get(pk=rfi_id)
        for kind, content in files.items():
            old = getattr(locked, kind)
            if old:
                old.delete(save=False)
            getattr(locked, kind).save(
                f"rfi-{locked.number}-{stamp:%Y%m%d%H%M%S}.{kind}", ContentFile(content), save=False
            )
        locked.documents_state, locked.documents_error, locked.documents_built_at = DocumentsState.READY, "", stamp
        # update_fields: the build is not an edit of the RFI, and must not overwrite a concurrent change of it.
        locked.save(update_fields=["pdf", "docx", "csv", "documents_state", "documents_error", "documents_built_at"])
    return DocumentsState.READY


def rfi_documents_failed(*, rfi_id: int, reason: str) -> None:
    Rfi.objects.filter(pk=rfi_id).update(documents_state=DocumentsState.FAILED, documents_error=reason)
