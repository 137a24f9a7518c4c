"""Evidence file checks: an upload is a PDF by its bytes, within the size cap, readable, before anything is stored."""

import hashlib
from dataclasses import dataclass
from typing import IO

from pypdf import PdfReader

from clause_library import UnreadableDocument
from clause_library.pdf_text import check_complete

PDF_MAGIC = b"%PDF-"
_CHUNK = 64 * 1024


class EvidenceFileError(ValueError):
    """The uploaded file cannot be accepted as evidence; the message tells the person what to do."""


@dataclass(frozen=True)
class CheckedPdf:
    """What the checks learned about an accepted file."""

    sha256: str
    size: int
    pages: int | None
    encrypted: bool


def check_evidence_pdf(file: IO[bytes], *, size: int, max_bytes: int) -> CheckedPdf:
    """Accept `file` only if it is a non-empty PDF no larger than `max_bytes` that pypdf can open.

    The file name and the browser's content type are ignored: both are chosen by the uploader. Encrypted PDFs are
    accepted (vendors do send password-protected reports) and flagged, because their text cannot be read later;
    one with only an owner (permissions) password opens with an empty password, as in any viewer, and is not.
    """
    if size == 0:
        raise EvidenceFileError("The file is empty. Choose the PDF again; it may not have finished downloading.")
    if size > max_bytes:
        raise EvidenceFileError(
            f"The file is {_megabytes(size)} and the limit is {_megabytes(max_bytes)}. "
            "Upload a smaller PDF or ask the vendor for a compressed copy."
        )
    file.seek(0)
    if file.read(len(PDF_MAGIC)) != PDF_MAGIC:
        raise EvidenceFileError("This file is not a PDF (its content does not start like one, whatever its name).")
    pages, encrypted = _open_pdf(file)
    _refuse_appended_data(file)
    return CheckedPdf(sha256=_sha256(file), size=size, pages=pages, encrypted=encrypted)


def _open_pdf(file: IO[bytes]) -> tuple[int | None, bool]:
    file.seek(0)
    try:
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted and not _opens_without_a_password(reader):
            return None, True
        return len(reader.pages), False
    # A parser reading untrusted bytes can fail in many ways; every one of them means "unreadable" to the user.
    except Exception as exc:
        raise EvidenceFileError(
            "This PDF is damaged or incomplete and cannot be opened. Export it again and upload the new copy."
        ) from exc
    finally:
        file.seek(0)


def _opens_without_a_password(reader: PdfReader) -> bool:
    try:
        return bool(reader.decrypt(""))
    except Exception:  # an encryption pypdf cannot undo here (e.g. AES without its optional dependency)
        return False


def _refuse_appended_data(file: IO[bytes]) -> None:
    # pypdf reads a PDF from its end-of-file marker backwards and ignores anything after it, so a PDF with a ZIP or
    # an executable appended opens; the stored "report" would then be two files in one.
    file.seek(0)
    try:
        check_complete(file.read())
    except UnreadableDocument as exc:
        raise EvidenceFileError(exc.reason) from exc
    finally:
        file.seek(0)


def _sha256(file: IO[bytes]) -> str:
    file.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(_CHUNK), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
