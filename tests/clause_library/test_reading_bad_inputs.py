"""Every unreadable input raises UnreadableDocument with its stable code and a reason a person can act on."""

import pytest

from clause_library.errors import UnreadableDocument
from clause_library.limits import Limits
from clause_library.reading import read_document


def test_an_unreadable_input_raises_its_code_and_reason(bad_inputs, bad_input_name: str) -> None:
    bad = bad_inputs[bad_input_name]

    with pytest.raises(UnreadableDocument) as caught:
        read_document(bad.path, limits=Limits(**bad.limits))

    assert caught.value.code == bad.code
    assert bad.reason_fragment in caught.value.reason
    assert "\n" not in caught.value.reason


def test_the_same_bytes_fail_the_same_way_without_a_file(bad_inputs, bad_input_name: str) -> None:
    bad = bad_inputs[bad_input_name]

    with pytest.raises(UnreadableDocument) as caught:
        read_document(bad.path.read_bytes(), limits=Limits(**bad.limits))

    assert caught.value.code == bad.code


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path, monkeypatch) -> None:
    path = tmp_path / "huge.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(2000))
    monkeypatch.setattr(type(path), "read_bytes", lambda self: pytest.fail("the file was read"))

    with pytest.raises(UnreadableDocument) as caught:
        read_document(path, limits=Limits(max_bytes=1000))

    assert caught.value.code == "too_large"


def test_a_highly_compressed_docx_part_is_refused_even_under_the_size_limit(tmp_path) -> None:
    from tests.clause_library.conftest import zip_bomb

    zip_bomb(tmp_path / "dense.docx", megabytes=20)

    with pytest.raises(UnreadableDocument) as caught:
        read_document(tmp_path / "dense.docx")

    assert caught.value.code == "decompression_bomb"
    assert "compressed" in caught.value.reason


def test_a_pdf_with_some_scanned_pages_is_read_with_a_warning(agreement_pdf: bytes) -> None:
    import io

    from pypdf import PdfReader, PdfWriter

    from tests.clause_library.conftest import scanned_pdf

    writer = PdfWriter(clone_from=io.BytesIO(agreement_pdf))
    writer.add_page(PdfReader(io.BytesIO(scanned_pdf())).pages[0])
    output = io.BytesIO()
    writer.write(output)

    document = read_document(output.getvalue())

    assert document.facts.pages == 4
    assert any("Pages 4 of 4 have no text layer" in warning for warning in document.facts.warnings)
