"""read_document(): every supported format gives the same clean paragraphs, pages, sentences and facts."""

import hashlib
import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from clause_library.errors import UnreadableDocument
from clause_library.reading import read_document

REAL_AGREEMENTS = Path(__file__).resolve().parents[2].parent / "shared" / "real_agreements"


def test_a_pdf_reads_as_clean_paragraphs_without_running_headers(agreement_pdf: bytes) -> None:
    document = read_document(agreement_pdf)

    assert "Northwind Health" not in document.text
    assert "Page 1 of" not in document.text
    assert (
        "4.2 Upon termination, Business Associate shall return or destroy all Protected Health Information and "
        "retain no copies, including copies held by subcontractors." in document.text.split("\n")
    )


def test_a_pdf_reports_its_facts(agreement_pdf: bytes) -> None:
    facts = read_document(agreement_pdf).facts

    assert facts.media_type == "application/pdf"
    assert facts.pages == 3
    assert facts.producer.startswith("WeasyPrint")
    assert facts.sha256 == hashlib.sha256(agreement_pdf).hexdigest()
    assert facts.warnings == ()


def test_pdf_sentences_know_their_page_section_and_heading(agreement_pdf: bytes) -> None:
    document = read_document(agreement_pdf)
    breach = next(s for s in document.sentences if s.text.startswith("7.1 Business Associate shall report"))

    page_texts = [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(agreement_pdf)]
    printed_on = next(n for n, text in enumerate(page_texts, start=1) if "7.1 Business Associate" in text)

    assert (breach.page, breach.section, breach.heading) == (printed_on, "7.1", "Affiliate Reporting of Breaches")
    assert [s.page for s in document.sentences] == sorted(s.page for s in document.sentences)
    assert {s.page for s in document.sentences} == {1, 2, 3}
    assert all(document.text[s.start : s.end] == s.text for s in document.sentences)


def test_page_spans_cover_the_text_in_order(agreement_pdf: bytes) -> None:
    document = read_document(agreement_pdf)

    assert document.pages[0].start == 0
    assert document.pages[-1].end == len(document.text)
    assert all(a.end == b.start for a, b in zip(document.pages, document.pages[1:], strict=False))


def test_a_two_column_pdf_reads_column_by_column(build_pdf) -> None:
    two_columns = read_document(build_pdf(columns=2, repeat=2)).text
    one_column = read_document(build_pdf(columns=1, repeat=2)).text

    assert two_columns == one_column


def test_the_file_name_is_ignored_and_the_bytes_decide(tmp_path: Path, agreement_pdf: bytes) -> None:
    disguised = tmp_path / "agreement.txt"
    disguised.write_bytes(agreement_pdf)

    assert read_document(disguised).facts.media_type == "application/pdf"


def test_a_pdf_with_only_an_owner_password_is_read_with_a_warning(agreement_pdf: bytes) -> None:
    from tests.clause_library.conftest import encrypt

    document = read_document(encrypt(agreement_pdf, user_password=""))

    assert "4.1 Covered Entity may terminate this Agreement" in document.text
    assert any("owner password" in warning for warning in document.facts.warnings)


def test_docx_paragraphs_and_table_cells_give_text_in_order(build_docx) -> None:
    data = build_docx(
        ["1. DEFINITIONS", "", "4.2 Business Associate shall report any Breach\u00a0within five (5) days."],
        table=[["Sub-processor", "Purpose"], ["Acme Hosting", "Storage of Customer Data"]],
    )
    document = read_document(data)

    assert document.text.split("\n") == [
        "1. DEFINITIONS",
        "4.2 Business Associate shall report any Breach within five (5) days.",
        "Sub-processor",
        "Purpose",
        "Acme Hosting",
        "Storage of Customer Data",
    ]
    assert document.facts.media_type.endswith("wordprocessingml.document")
    assert document.sentences[1].section == "4.2"


def test_markdown_is_recognised_by_content_and_read_as_written() -> None:
    text = "# Data Terms\n\n## 1. Training\n\nWe **never** use [Customer Content](#c) to train models.\n\n- one\n"

    document = read_document(text.encode())

    assert document.facts.media_type == "text/markdown"
    assert document.text == text.strip("\n")


def test_plain_text_keeps_each_paragraph_exactly_as_written() -> None:
    text = "\ufeffTERMS\r\n\r\nVendor shall not\u00a0train on Customer Data.  \r\n(a)\ttabs stay.\r\n"

    document = read_document(text.encode())

    assert document.text == "TERMS\n\nVendor shall not\u00a0train on Customer Data.\n(a)\ttabs stay."
    assert document.facts.media_type == "text/plain"
    assert document.facts.pages == 1


def test_a_str_source_is_agreement_text_not_a_file_name() -> None:
    document = read_document("Vendor shall delete all logs within 30 days.")

    assert document.facts.sha256 == hashlib.sha256(b"Vendor shall delete all logs within 30 days.").hexdigest()
    assert [s.text for s in document.sentences] == ["Vendor shall delete all logs within 30 days."]


# Without the real agreements beside the checkout the one parameter names the missing folder, so the test fails
# rather than being skipped for an empty parameter set.
@pytest.mark.parametrize("name", sorted(p.stem for p in REAL_AGREEMENTS.glob("*.txt")) or ["missing-real-agreements"])
def test_every_labelled_sentence_of_a_real_agreement_is_an_exact_substring_of_the_read_text(name: str) -> None:
    document = read_document(REAL_AGREEMENTS / f"{name}.txt")
    labels = json.loads((REAL_AGREEMENTS / f"{name}.labels.json").read_text())
    quoted = [sentence for label in labels.values() for sentence in label.get("evidence", [])]

    assert quoted
    assert [sentence for sentence in quoted if sentence not in document.text] == []


def test_a_missing_path_is_a_programming_error_not_an_unreadable_document(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_document(tmp_path / "absent.pdf")


def test_an_unreadable_document_carries_a_code_and_a_reason() -> None:
    with pytest.raises(UnreadableDocument) as caught:
        read_document(b"")

    assert caught.value.code == "empty"
    assert str(caught.value) == caught.value.reason
