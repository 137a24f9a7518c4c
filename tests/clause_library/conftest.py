"""Documents built on the fly for the reader's tests: PDFs rendered by WeasyPrint, DOCX files, bad inputs.

Every sentence here is written for these tests. Builders are session-scoped: rendering a PDF takes a moment.
"""

import io
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from PIL import Image, ImageDraw
from pypdf import PdfWriter

SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Permitted Uses and Disclosures",
        (
            "Business Associate shall not use or disclose Protected Health Information other than as permitted "
            "or required by this Agreement or as required by law.",
            "Business Associate may use Protected Health Information solely to perform the services described in "
            "the Master Services Agreement, e.g. transcription and coding support for the U.S. clinics.",
        ),
    ),
    (
        "Safeguards",
        (
            "Business Associate shall implement administrative, physical and technical safeguards that protect the "
            "confidentiality, integrity and availability of electronic Protected Health Information.",
            "All Protected Health Information shall be encrypted at rest and in transit using current industry "
            "standards, and the effectiveness of these safeguards shall be reviewed at least annually.",
        ),
    ),
    (
        "Reporting of Breaches",
        (
            "Business Associate shall report to Covered Entity any Breach of Unsecured Protected Health Information "
            "within ten (10) business days after its discovery.",
            "The report shall identify each individual affected and describe the nature of the Breach, the "
            "information involved and the mitigation steps taken by Business Associate.",
        ),
    ),
    (
        "Term and Termination",
        (
            "Covered Entity may terminate this Agreement if Business Associate has violated a material term and has "
            "not cured the violation within thirty (30) days of written notice.",
            "Upon termination, Business Associate shall return or destroy all Protected Health Information and "
            "retain no copies, including copies held by subcontractors.",
        ),
    ),
)


def agreement_html(*, columns: int = 1, repeat: int = 2, hyphenate: bool = True) -> str:
    """A short business associate agreement with numbered sections, a running header and numbered footer."""
    blocks = []
    for round_number in range(repeat):
        for index, (title, sentences) in enumerate(SECTIONS, start=1):
            number = round_number * len(SECTIONS) + index
            paragraphs = "".join(f"<p>{number}.{n} {text}</p>" for n, text in enumerate(sentences, start=1))
            heading = title if round_number == 0 else f"Affiliate {title}"
            blocks.append(f"<h2>{number}. {heading}</h2>{paragraphs}")
    css = (
        "@page { size: A5; margin: 2cm 1.5cm; @top-center { content: 'Northwind Health — Confidential'; "
        "font-size: 8pt } @bottom-center { content: 'Page ' counter(page) ' of ' counter(pages); font-size: 8pt } }"
        f"body {{ font-family: 'DejaVu Serif'; font-size: 10pt }} p {{ text-align: justify; "
        f"hyphens: {'auto' if hyphenate else 'manual'} }} .body {{ columns: {columns}; column-gap: 1cm }}"
    )
    body = "".join(blocks)
    return f"<html lang='en'><head><style>{css}</style></head><body><div class='body'>{body}</div></body></html>"


def render_pdf(html: str) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=html).write_pdf()


@pytest.fixture(scope="session")
def agreement_pdf() -> bytes:
    return render_pdf(agreement_html())


@pytest.fixture(scope="session")
def two_column_pdf() -> bytes:
    return render_pdf(agreement_html(columns=2, repeat=1))


def encrypt(pdf: bytes, *, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def scanned_pdf() -> bytes:
    """One page that is only a picture of text, as a scanner makes it."""
    image = Image.new("RGB", (620, 877), "white")
    ImageDraw.Draw(image).text((40, 40), "Business Associate shall report every Breach.", fill="black")
    output = io.BytesIO()
    image.save(output, "PDF")
    return output.getvalue()


def blank_pages_pdf(count: int) -> bytes:
    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(width=420, height=595)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def png_image() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(output, "PNG")
    return output.getvalue()


@pytest.fixture(scope="session")
def build_pdf() -> Callable[..., bytes]:
    """Render the test agreement: build_pdf(columns=2, repeat=1, hyphenate=False)."""
    return lambda **options: render_pdf(agreement_html(**options))


@pytest.fixture(scope="session")
def build_docx() -> Callable[..., bytes]:
    return docx_bytes


def docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def zip_bomb(path: Path, *, megabytes: int) -> None:
    """A DOCX-shaped archive whose document part is `megabytes` MB of zeros (about 1 MB on disk)."""
    chunk = bytes(1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            for _ in range(megabytes):
                part.write(chunk)


BAD_INPUT_NAMES = (
    "encrypted_pdf",
    "scanned_pdf",
    "corrupt_pdf",
    "truncated_pdf",
    "zero_bytes",
    "whitespace_text",
    "png_named_pdf",
    "binary_junk",
    "zip_not_docx",
    "corrupt_docx",
    "legacy_word",
    "oversized",
    "too_many_pages",
    "too_many_characters",
    "docx_zip_bomb",
)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests that take `bad_input_name` run once per kind of unreadable input."""
    if "bad_input_name" in metafunc.fixturenames:
        metafunc.parametrize("bad_input_name", BAD_INPUT_NAMES)


@dataclass(frozen=True)
class BadInput:
    path: Path
    code: str
    limits: dict[str, int]  # Limits fields to set, for the size limit cases
    reason_fragment: str


@pytest.fixture(scope="session")
def bad_inputs(tmp_path_factory: pytest.TempPathFactory, agreement_pdf: bytes) -> dict[str, BadInput]:
    """Every kind of unreadable input, written to files whose names mislead where that is the point."""
    folder = tmp_path_factory.mktemp("bad_inputs")
    junk = random.Random(9).randbytes(4096)
    files: dict[str, tuple[str, bytes, str, dict[str, int], str]] = {
        "encrypted_pdf": ("locked.pdf", encrypt(agreement_pdf, user_password="secret"), "encrypted", {}, "password"),
        "scanned_pdf": ("scan.pdf", scanned_pdf(), "no_text_layer", {}, "needs OCR"),
        "corrupt_pdf": ("corrupt.pdf", b"%PDF-1.7\n" + junk + b"\n%%EOF\n", "corrupt", {}, "damaged"),
        "truncated_pdf": ("half.pdf", agreement_pdf[: len(agreement_pdf) // 2], "corrupt", {}, "truncated"),
        "zero_bytes": ("empty.pdf", b"", "empty", {}, "empty"),
        "whitespace_text": ("blank.txt", b" \n\t\r\n  \n", "empty", {}, "empty"),
        "png_named_pdf": ("picture.pdf", png_image(), "unsupported_type", {}, "Unsupported file type"),
        "binary_junk": ("data.txt", junk, "unsupported_type", {}, "Unsupported file type"),
        "zip_not_docx": ("archive.docx", _zip({"notes.txt": b"hello"}), "unsupported_type", {}, "not a Word"),
        "corrupt_docx": ("broken.docx", _zip({"word/document.xml": b"<w:document"}), "corrupt", {}, "damaged"),
        "legacy_word": ("old.doc", bytes.fromhex("d0cf11e0a1b11ae1") + bytes(512), "unsupported_type", {}, ".doc"),
        "oversized": ("big.pdf", agreement_pdf, "too_large", {"max_bytes": 1000}, "limit"),
        "too_many_pages": ("long.pdf", blank_pages_pdf(5), "too_large", {"max_pages": 3}, "5 pages"),
        "too_many_characters": (
            "long.txt",
            b"Business Associate shall comply. " * 40,
            "too_large",
            {"max_characters": 500},
            "characters",
        ),
    }
    inputs = {}
    for name, (file_name, data, code, limits, fragment) in files.items():
        (folder / file_name).write_bytes(data)
        inputs[name] = BadInput(folder / file_name, code, limits, fragment)
    zip_bomb(folder / "bomb.docx", megabytes=200)
    inputs["docx_zip_bomb"] = BadInput(folder / "bomb.docx", "decompression_bomb", {}, "expands to")
    return inputs


def _zip(members: dict[str, bytes]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return output.getvalue()
