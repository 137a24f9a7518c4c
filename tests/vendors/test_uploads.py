"""Evidence uploads are judged by their bytes and size, never by their name."""

import hashlib
import io

import pytest

from tests.vendors.pdf_samples import damaged_pdf, encrypted_pdf, owner_password_only_pdf, readable_pdf
from vendortrack.vendors.uploads import EvidenceFileError, check_evidence_pdf


def _check(data: bytes, *, max_bytes: int = 1_000_000):
    return check_evidence_pdf(io.BytesIO(data), size=len(data), max_bytes=max_bytes)


def test_a_readable_pdf_is_accepted_with_its_sha256_and_page_count():
    data = readable_pdf(pages=3)

    checked = _check(data)

    assert checked.sha256 == hashlib.sha256(data).hexdigest()
    assert checked.pages == 3
    assert checked.size == len(data)
    assert checked.encrypted is False


def test_an_empty_file_is_refused():
    with pytest.raises(EvidenceFileError, match="empty"):
        _check(b"")


def test_a_file_over_the_cap_is_refused_with_both_sizes():
    data = readable_pdf()

    with pytest.raises(EvidenceFileError, match="limit is"):
        _check(data, max_bytes=len(data) - 1)


def test_a_text_file_is_refused_whatever_its_name():
    with pytest.raises(EvidenceFileError, match="not a PDF"):
        _check(b"Hello, this is a renamed text file.\n")


def test_a_pdf_with_a_leading_junk_byte_is_refused():
    with pytest.raises(EvidenceFileError, match="not a PDF"):
        _check(b"X" + readable_pdf())


def test_a_damaged_pdf_is_refused_as_unreadable():
    with pytest.raises(EvidenceFileError, match="damaged"):
        _check(damaged_pdf())


def test_an_encrypted_pdf_is_accepted_and_flagged():
    checked = _check(encrypted_pdf())

    assert checked.encrypted is True
    assert checked.pages is None


def test_a_pdf_with_only_an_owner_password_opens_and_is_not_flagged():
    checked = _check(owner_password_only_pdf(pages=2))

    assert checked.encrypted is False
    assert checked.pages == 2


def test_the_file_is_rewound_after_the_checks():
    data = readable_pdf()
    stream = io.BytesIO(data)

    check_evidence_pdf(stream, size=len(data), max_bytes=len(data))

    assert stream.read() == data
