"""Checks on a document attached to an RFI answer: its bytes decide its kind, and its name must agree.

Allowed: PDF, DOCX, XLSX, CSV, plain text, PNG and JPEG — what vendors send as reports, certificates, filled-in
questionnaires and screenshots. Refused: anything empty, larger than RFI_ATTACHMENT_MAX_BYTES (default 20 MB),
of another kind (executables, legacy Office, archives), or mislabelled (a name ending .pdf on bytes that are not a
PDF), because a mislabelled file is opened by the reader's program for the wrong kind. Also refused, because the
person who opens them gets a broken file or worse: a PDF that is cut off, damaged, or has another file appended
(a password-protected one is fine: vendors do send those), and a DOCX or XLSX that would expand to an absurd size
or fails its checksums.
"""

import hashlib
import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.conf import settings

from clause_library import UnreadableDocument
from clause_library.docx_text import check_expansion
from clause_library.limits import DEFAULT_LIMITS
from clause_library.pdf_text import check_pdf_file
from clause_library.sniffing import decode_text

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "text": "text/plain",
}
# The extensions a name may carry for each kind.
EXTENSIONS = {
    "pdf": {".pdf"},
    "docx": {".docx"},
    "xlsx": {".xlsx"},
    "png": {".png"},
    "jpeg": {".jpg", ".jpeg"},
    "text": {".csv", ".txt"},
}
ALLOWED_NAMES = "PDF, DOCX, XLSX, CSV, TXT, PNG or JPEG"


class AttachmentRefused(ValueError):
    """The file cannot be attached; the message tells the sender what to send instead."""


@dataclass(frozen=True)
class CheckedAttachment:
    data: bytes
    sha256: str
    size: int
    media_type: str
    safe_name: str


def max_attachment_bytes() -> int:
    return getattr(settings, "RFI_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


def _zip_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def sniff_kind(data: bytes) -> str | None:
    """The kind of `data` by its first bytes, or None when it is none of the allowed kinds."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    return "text" if decode_text(data) is not None else None


def check_attachment(file: IO[bytes], *, name: str, size: int) -> CheckedAttachment:
    """Accept `file` only if it is non-empty, within the size cap, of an allowed kind, and named as that kind."""
    limit = max_attachment_bytes()
    if size == 0:
        raise AttachmentRefused("The file is empty. Choose it again; it may not have finished downloading.")
    if size > limit:
        raise AttachmentRefused(f"The file is {size / 1048576:.1f} MB and the limit is {limit / 1048576:.1f} MB.")
    file.seek(0)
    data = file.read(limit + 1)
    if not data.strip():
        raise AttachmentRefused("The file is empty. Choose it again; it may not have finished downloading.")
    kind = sniff_kind(data)
    if kind is None:
        raise AttachmentRefused(f"This kind of file cannot be attached. Send a {ALLOWED_NAMES} file.")
    extension = PurePath(name).suffix.lower()
    if extension not in EXTENSIONS[kind]:
        raise AttachmentRefused(
            f"The file is named “{name}” but its content is a {kind.upper()} file. Rename or export it again."
        )
    _check_content(data, kind)
    sha256 = hashlib.sha256(data).hexdigest()
    media_type = "text/csv" if extension == ".csv" else MEDIA_TYPES[kind]
    return CheckedAttachment(
        data=data, sha256=sha256, size=len(data), media_type=media_type, safe_name=f"{sha256[:16]}{extension}"
    )


def _check_content(data: bytes, kind: str) -> None:
    """Refuse a PDF that does not open, and an Office archive that is a zip bomb or damaged."""
    try:
        if kind == "pdf":
            check_pdf_file(data)
        elif kind in ("docx", "xlsx"):
            check_expansion(data, limits=DEFAULT_LIMITS, kind=kind.upper())
            _check_archive(data, kind)
    except UnreadableDocument as error:
        raise AttachmentRefused(error.reason) from error


def _check_archive(data: bytes, kind: str) -> None:
    # Safe to expand now that the declared sizes are bounded; a part that lies about its size fails its checksum.
    damaged = AttachmentRefused(f"This {kind.upper()} file is damaged and cannot be opened. Export it again.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if archive.testzip() is not None:
                raise damaged
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise damaged from error
