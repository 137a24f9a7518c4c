"""read_document(): any supported source to a normalised, segmented Document, or UnreadableDocument."""

import hashlib
from pathlib import Path

from clause_library.document import Document, DocumentFacts
from clause_library.docx_text import read_docx
from clause_library.errors import UnreadableDocument
from clause_library.limits import DEFAULT_LIMITS, Limits, megabytes
from clause_library.normalise import (
    NormalisedText,
    normalise_pages,
    normalise_paragraphs,
    normalise_plain_text,
)
from clause_library.pdf_text import read_pdf
from clause_library.segment import segment
from clause_library.sniffing import MEDIA_TYPES, decode_text, sniff


def read_document(source: Path | bytes | str, *, limits: Limits | None = None) -> Document:
    """Read a file (`Path`), a file's bytes (`bytes`) or plain agreement text (`str`).

    The format is decided from the bytes, never from a file name. Raises UnreadableDocument with a reason a
    person can act on; a Path that does not exist raises FileNotFoundError as usual.
    """
    limits = limits or DEFAULT_LIMITS
    if isinstance(source, str):
        _check_characters(len(source), limits)
        digest = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
        return _document(normalise_plain_text(source), DocumentFacts(digest, MEDIA_TYPES["text"], 1, 0))
    data = _read_path(source, limits) if isinstance(source, Path) else source
    _check_bytes(len(data), limits)
    return _read_bytes(data, limits)


def _read_path(path: Path, limits: Limits) -> bytes:
    # The size is checked before reading so that an enormous file is never loaded into memory.
    _check_bytes(path.stat().st_size, limits)
    return path.read_bytes()


def _read_bytes(data: bytes, limits: Limits) -> Document:
    kind = sniff(data)
    digest = hashlib.sha256(data).hexdigest()
    if kind == "pdf":
        pdf = read_pdf(data, limits=limits)
        _check_characters(sum(len(page) for page in pdf.pages), limits)
        facts = DocumentFacts(digest, MEDIA_TYPES[kind], len(pdf.pages), 0, pdf.producer, pdf.warnings)
        return _document(normalise_pages(pdf.pages), facts)
    if kind == "docx":
        paragraphs = read_docx(data, limits=limits)
        _check_characters(sum(len(paragraph) for paragraph in paragraphs), limits)
        return _document(normalise_paragraphs(paragraphs), DocumentFacts(digest, MEDIA_TYPES[kind], 1, 0))
    text = decode_text(data) or ""
    _check_characters(len(text), limits)
    return _document(normalise_plain_text(text), DocumentFacts(digest, MEDIA_TYPES[kind], 1, 0))


def _document(normalised: NormalisedText, facts: DocumentFacts) -> Document:
    if not normalised.text.strip():
        raise UnreadableDocument("empty", "The document contains no text to analyse.")
    facts = DocumentFacts(
        sha256=facts.sha256,
        media_type=facts.media_type,
        pages=facts.pages,
        characters=len(normalised.text),
        producer=facts.producer,
        warnings=facts.warnings,
    )
    sentences = segment(normalised.text, normalised.pages)
    return Document(text=normalised.text, facts=facts, pages=normalised.pages, sentences=sentences)


def _check_bytes(size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise UnreadableDocument(
            "too_large", f"The file is {megabytes(size)}; the limit is {megabytes(limits.max_bytes)}."
        )


def _check_characters(count: int, limits: Limits) -> None:
    if count > limits.max_characters:
        raise UnreadableDocument(
            "too_large", f"The document has {count:,} characters of text; the limit is {limits.max_characters:,}."
        )
