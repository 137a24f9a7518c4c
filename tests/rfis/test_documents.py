"""The RFI documents: the PDF, DOCX and CSV carry every question, read back from the files themselves."""

import csv
import io

import pytest
from docx import Document
from pypdf import PdfReader

from tests.factories import UserFactory
from tests.rfis.world import make_gapped_vendor
from vendortrack.accounts.roles import Role
from vendortrack.rfis import services
from vendortrack.rfis.documents import CSV_HEADER, render_csv, render_docx, render_pdf, rfi_documents_build
from vendortrack.rfis.models import DocumentsState, Rfi

pytestmark = pytest.mark.django_db


@pytest.fixture
def rfi() -> Rfi:
    owner = UserFactory(username="buyer", roles=[Role.PROCUREMENT])
    rfi = services.rfi_create(actor=owner, vendor=make_gapped_vendor(owner=owner).vendor)
    services.question_save(
        actor=owner,
        rfi=rfi,
        question=rfi.questions.first(),
        fields={
            "internal_note": "Secret: they are our second choice.",
            "text": "=SUM(A1) looks like a formula to a spreadsheet?",
        },
    )
    return services.rfi_update(actor=owner, rfi=rfi, fields={"internal_notes": "Budget is tight."})


def _squash(text: str) -> str:
    """Text with all whitespace removed: PDF extraction breaks lines and may drop or add spaces there."""
    return "".join(text.split())


def test_the_pdf_contains_every_question_with_its_number_and_no_internal_note(rfi):
    questions = list(rfi.questions.all())
    reader = PdfReader(io.BytesIO(render_pdf(rfi, questions)))
    text = _squash("\n".join(page.extract_text() for page in reader.pages))

    for question in questions:
        assert _squash(f"Q{question.number}. {question.text}") in text
    assert "Secret" not in text and "Budget" not in text


def test_the_pdf_has_a_cover_contents_numbered_sections_and_page_numbers(rfi):
    reader = PdfReader(io.BytesIO(render_pdf(rfi, list(rfi.questions.all()))))
    pages = [page.extract_text() for page in reader.pages]

    assert "Request for information" in pages[0]
    assert "Contents" in pages[1]
    assert "1. Training and data use" in pages[1]
    assert all(f"Page {index} of {len(pages)}" in page for index, page in enumerate(pages, start=1))
    assert all("RFI 1" in page for page in pages[1:])


def test_the_docx_contains_every_question_and_an_answer_box_for_each(rfi):
    questions = list(rfi.questions.all())
    document = Document(io.BytesIO(render_docx(rfi, questions)))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    body = "\n".join(p.text for p in document.paragraphs)

    assert headings == [f"Q{q.number}. {q.text}" for q in questions]
    assert len(document.tables) == len(questions)
    assert "Secret" not in body and "Budget" not in body


def test_the_csv_has_one_row_per_question_and_neutralises_formulas(rfi):
    questions = list(rfi.questions.all())
    rows = list(csv.reader(io.StringIO(render_csv(rfi, questions).decode("utf-8-sig"))))

    assert tuple(rows[0]) == CSV_HEADER
    assert [row[0] for row in rows[1:]] == [str(q.number) for q in questions]
    assert rows[1][2] == "'=SUM(A1) looks like a formula to a spreadsheet?"
    assert [row[2] for row in rows[2:]] == [q.text for q in questions[1:]]
    assert all(not cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_building_stores_the_three_files_and_marks_them_ready(rfi):
    state = rfi_documents_build(rfi_id=rfi.pk)

    rfi.refresh_from_db()
    assert state == rfi.documents_state == DocumentsState.READY
    assert rfi.pdf.read(5) == b"%PDF-"
    assert rfi.docx.read(2) == b"PK"
    assert rfi.csv.read(3) == b"\xef\xbb\xbf"
    assert rfi_documents_build(rfi_id=0) is None
