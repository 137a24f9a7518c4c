"""DOCX text with python-docx, after checking that the archive cannot expand to an absurd size.

Body paragraphs and table cells give text in document order; running headers and footers live in other parts
of the package and are not read. Automatic list numbering is stored as list properties, not text, so python-docx
cannot give it; numbering typed into the paragraph ("4.2 Breach notification") is kept as written.
"""

import io
import zipfile
import zlib
from collections.abc import Iterator

import docx
from docx.opc.exceptions import OpcError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from clause_library.errors import UnreadableDocument
from clause_library.limits import Limits, megabytes

# Word's XML compresses about 10:1; even highly repetitive documents stay far below this.
MAX_COMPRESSION_RATIO = 200
# Small parts may compress better than that without being dangerous.
RATIO_CHECK_MIN_SIZE = 1_000_000
# zipfile raises more than BadZipFile on damaged parts: zlib.error for a broken deflate stream, EOFError for one cut
# short, NotImplementedError for an unknown compression method, RuntimeError for a part flagged as encrypted.
MALFORMED_DOCX_ERRORS = (
    OpcError,
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    RuntimeError,
    KeyError,
    ValueError,
    etree.XMLSyntaxError,
)


def read_docx(data: bytes, *, limits: Limits) -> tuple[str, ...]:
    """The text of every body paragraph and table cell, in document order."""
    check_expansion(data, limits=limits)
    try:
        document = docx.Document(io.BytesIO(data))
        return tuple(_block_texts(document))
    except MALFORMED_DOCX_ERRORS as error:
        raise UnreadableDocument("corrupt", "This DOCX file is damaged and cannot be opened.") from error


def check_expansion(data: bytes, *, limits: Limits, kind: str = "DOCX") -> None:
    """Refuse a zip bomb from the sizes the archive declares, before anything is decompressed; `kind` names the
    file in the message (an XLSX is the same kind of archive).

    Declared sizes cannot understate the truth undetected: Python's zipfile stops at the declared size and the
    CRC check then fails, which is reported as a damaged file.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
    total = sum(member.file_size for member in members)
    if total > limits.max_docx_uncompressed:
        raise UnreadableDocument(
            "decompression_bomb",
            f"This {kind} expands to {megabytes(total)}, over the {megabytes(limits.max_docx_uncompressed)} "
            "limit; it is not a normal Office document.",
        )
    for member in members:
        ratio = member.file_size // max(member.compress_size, 1)
        if member.file_size > RATIO_CHECK_MIN_SIZE and ratio > MAX_COMPRESSION_RATIO:
            raise UnreadableDocument(
                "decompression_bomb",
                f"This {kind} holds a part ({member.filename}) compressed {ratio} to 1: not a normal Office document.",
            )


def _block_texts(container: object) -> Iterator[str]:
    for block in container.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Table):
            yield from _table_texts(block)


def _table_texts(table: Table) -> Iterator[str]:
    seen: set[object] = set()
    for row in table.rows:
        for cell in row.cells:
            # A merged cell is returned once per grid column it spans; read it once. The set keeps the XML
            # elements alive, so identity comparison is sound.
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            yield from _block_texts(cell)
