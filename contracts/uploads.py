"""Agreement file checks: a PDF, DOCX or text file by its bytes, within the size cap, before anything is stored."""

import hashlib
from dataclasses import dataclass
from typing import IO

from clause_library import UnreadableDocument
from clause_library.pdf_text import check_pdf_file
from clause_library.sniffing import MEDIA_TYPES, sniff
from contracts.errors import AgreementError


@dataclass(frozen=True)
class CheckedAgreementFile:
    """What the checks learned about an accepted file; `data` is its content, read once."""

    data: bytes
    sha256: str
    size: int
    media_type: str


def check_agreement_file(file: IO[bytes], *, size: int, max_bytes: int) -> CheckedAgreementFile:
    """Accept `file` only if it is non-empty, no larger than `max_bytes`, and its bytes are a PDF, DOCX or text.

    The file name and the browser's content type are ignored: both are chosen by the uploader. The kind is decided
    by the engine's own sniffing, so what the upload accepts is exactly what the analysis can start on. A PDF must
    also be complete and open (its structure only, no text is read): a damaged, cut-off or padded file is refused
    here with the engine's reason rather than stored and failed by the analysis. Whether it has a text layer, and
    whether a password keeps its text closed, are learned by the analysis and shown as its failure reason: the
    signed file is still worth keeping.
    """
    if size == 0:
        raise AgreementError("The file is empty. Choose it again; it may not have finished downloading.")
    if size > max_bytes:
        raise AgreementError(
            f"The file is {_megabytes(size)} and the limit is {_megabytes(max_bytes)}. Upload a smaller copy, "
            "for example the DOCX instead of a scanned PDF."
        )
    file.seek(0)
    data = file.read(max_bytes + 1)
    file.seek(0)
    try:
        kind = sniff(data)
        if kind == "pdf":
            check_pdf_file(data)
    except UnreadableDocument as error:
        raise AgreementError(error.reason) from error
    return CheckedAgreementFile(
        data=data, sha256=hashlib.sha256(data).hexdigest(), size=len(data), media_type=MEDIA_TYPES[kind]
    )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
