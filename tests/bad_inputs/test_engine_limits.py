"""The engine's own bounds on hostile input: what lies past a PDF's end, and text up to the character limit."""

import pytest

from clause_library import UnreadableDocument
from clause_library.limits import DEFAULT_LIMITS
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


def test_text_longer_than_spacys_default_but_within_the_limit_is_read():
    # spaCy refuses texts over a million characters unless told otherwise; the engine's limit is its own.
    text = load_build().enormous_text(1_100_000)
    assert len(text) < DEFAULT_LIMITS.max_characters

    document = read_document(text)

    assert document.facts.characters > 1_000_000
    assert document.sentences[-1].end <= len(document.text)
