"""Which reader a file needs, decided from its bytes alone: a file's name or extension is never trusted."""

import io
import re
import zipfile
from typing import Literal

from clause_library.errors import UnreadableDocument

Kind = Literal["pdf", "docx", "text", "markdown"]

MEDIA_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text": "text/plain",
    "markdown": "text/markdown",
}

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Tabs, newlines, carriage returns and form feeds occur in real text files; other C0 controls mean binary.
BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
MARKDOWN_SIGNS = re.compile(r"^(?:#{1,6} \S|[-*+] \S|\|.*\|\s*$|```)|\*\*\S[^*\n]*\*\*|\[[^\]\n]+\]\([^)\s]+\)", re.M)


def sniff(data: bytes) -> Kind:
    """The kind of document `data` holds; raises UnreadableDocument for anything the engine cannot read."""
    if not data.strip():
        raise UnreadableDocument("empty", "The file is empty: there is no text to analyse.")
    # Some producers put a few bytes before the header; PDF readers accept the header within the first kilobyte.
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    if data.startswith(OLE_MAGIC):
        raise UnreadableDocument(
            "unsupported_type",
            "This is a legacy Word (.doc) or password-protected Office file; save it as an unprotected DOCX or PDF.",
        )
    text = decode_text(data)
    if text is None:
        raise UnreadableDocument(
            "unsupported_type", "Unsupported file type: upload the agreement as PDF, DOCX, plain text or Markdown."
        )
    return "markdown" if len(MARKDOWN_SIGNS.findall(text[:20_000])) >= 3 else "text"


def decode_text(data: bytes) -> str | None:
    """The UTF-8 text of `data` without a byte-order mark, or None when the bytes are not text."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return None if BINARY_CONTROLS.search(text) else text


def _sniff_zip(data: bytes) -> Kind:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as error:
        raise UnreadableDocument("corrupt", "This ZIP/DOCX file is damaged and cannot be opened.") from error
    if "word/document.xml" not in names:
        raise UnreadableDocument(
            "unsupported_type", "This ZIP archive is not a Word document: upload the agreement as PDF or DOCX."
        )
    return "docx"
