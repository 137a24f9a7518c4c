"""The engine's own bounds on hostile input: what lies past a PDF's end."""

import pytest

from clause_library import UnreadableDocument
from clause_library.pdf_text import MAX_TRAILING_BYTES
from clause_library.reading import read_document
from tests.bad_inputs.corpus import load_build


@pytest.fixture(scope="module")
def agreement_pdf() -> bytes:
    return load_build().agreement_pdf()


def test_a_few_bytes_after_the_end_of_file_marker_are_tolerated(agreement_pdf):
    document = read_document(agreement_pdf + b"\r\n" + bytes(MAX_TRAILING_BYTES - 16))

    assert "Breach Notification" in document.text


def test_a_file_appended_after_the_end_of_file_marker_is_refused_as_such(agreement_pdf):
    appended = agreement_pdf + b"PK\x03\x04" + bytes(MAX_TRAILING_BYTES)
    trailing = len(appended) - appended.rfind(b"%%EOF") - len(b"%%EOF")

    with pytest.raises(UnreadableDocument) as caught:
        read_document(appended)

    assert caught.value.code == "corrupt"
    assert f"has {trailing:,} bytes of other data after its end-of-file marker" in caught.value.reason
