"""The hostile files of fixtures/bad_inputs and what every upload path must do with each (README.md there)."""

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "bad_inputs"


def load_build() -> ModuleType:
    """fixtures/bad_inputs/build.py, which is a script rather than a package module."""
    spec = importlib.util.spec_from_file_location("bad_inputs_build", CORPUS / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Outcome:
    """What one path does with a file: `kind` and a fragment of the message the person sees.

    Engine and CLI: an UnreadableDocument code, or "analysed" (the fragment is then in a warning, or empty).
    Agreement upload: "refused" (form error), "failed" (accepted; the analysis ends failed) or "done".
    Evidence upload and RFI attachment: "refused" (form error) or "accepted".
    """

    kind: str
    message: str = ""


@dataclass(frozen=True)
class Expected:
    engine: Outcome
    agreement: Outcome
    evidence: Outcome
    attachment: Outcome


NOT_A_PDF = Outcome("refused", "not a PDF")
UNSUPPORTED = "Unsupported file type"
CANNOT_ATTACH = Outcome("refused", "cannot be attached")
ACCEPTED = Outcome("accepted")
PASSWORD = "password-protected"


def _failed(code: str, message: str) -> tuple[Outcome, Outcome]:
    """The engine refuses the file; the agreement upload accepts it and its analysis fails with the same reason."""
    return Outcome(code, message), Outcome("failed", message)


def _refused(code: str, message: str) -> tuple[Outcome, Outcome]:
    """The engine refuses the file, and so does the agreement upload, with the same reason, before storing it."""
    return Outcome(code, message), Outcome("refused", message)


def _analysed(warning: str = "") -> tuple[Outcome, Outcome]:
    return Outcome("analysed", warning), Outcome("done", warning)


EXPECTED: dict[str, Expected] = {
    "encrypted_user_password.pdf": Expected(*_failed("encrypted", PASSWORD), Outcome("accepted", PASSWORD), ACCEPTED),
    "encrypted_owner_only.pdf": Expected(*_analysed("owner password only"), ACCEPTED, ACCEPTED),
    "scanned.pdf": Expected(*_failed("no_text_layer", "needs OCR"), ACCEPTED, ACCEPTED),
    "corrupt_xref.pdf": Expected(*_analysed(), ACCEPTED, ACCEPTED),
    "corrupt_body.pdf": Expected(
        *_refused("corrupt", "damaged"), Outcome("refused", "damaged"), Outcome("refused", "damaged")
    ),
    "truncated.pdf": Expected(
        *_refused("corrupt", "truncated"), Outcome("refused", "damaged"), Outcome("refused", "truncated")
    ),
    "zero_bytes.pdf": Expected(*_refused("empty", "empty"), Outcome("refused", "empty"), Outcome("refused", "empty")),
    "whitespace_only.txt": Expected(*_refused("empty", "empty"), NOT_A_PDF, Outcome("refused", "empty")),
    "five_thousand_pages.pdf": Expected(*_failed("too_large", "5000 pages; the limit is 1000"), ACCEPTED, ACCEPTED),
    "javascript_open_action.pdf": Expected(*_analysed(), ACCEPTED, ACCEPTED),
    "docx_zip_bomb.docx": Expected(
        *_failed("decompression_bomb", "compressed 1028 to 1"), NOT_A_PDF, Outcome("refused", "compressed 1028 to 1")
    ),
    "docx_many_parts_bomb.docx": Expected(
        *_failed("decompression_bomb", "expands to 60.8 MB"), NOT_A_PDF, Outcome("refused", "expands to 60.8 MB")
    ),
    "docx_lying_sizes.docx": Expected(*_failed("corrupt", "damaged"), NOT_A_PDF, Outcome("refused", "damaged")),
    "docx_broken_xml.docx": Expected(*_failed("corrupt", "damaged"), NOT_A_PDF, ACCEPTED),
    "docx_broken_deflate.docx": Expected(*_failed("corrupt", "damaged"), NOT_A_PDF, Outcome("refused", "damaged")),
    "zip_not_docx.docx": Expected(*_refused("unsupported_type", "not a Word document"), NOT_A_PDF, CANNOT_ATTACH),
    "polyglot_pdf_zip.pdf": Expected(
        *_refused("corrupt", "after its end-of-file marker"),
        Outcome("refused", "after its end-of-file marker"),
        Outcome("refused", "after its end-of-file marker"),
    ),
    "html_with_pdf_header.pdf": Expected(
        *_refused("corrupt", "no end-of-file marker"), Outcome("refused", "damaged"), Outcome("refused", "truncated")
    ),
    "executable_named.pdf": Expected(*_refused("unsupported_type", UNSUPPORTED), NOT_A_PDF, CANNOT_ATTACH),
    "executable_named.docx": Expected(*_refused("unsupported_type", UNSUPPORTED), NOT_A_PDF, CANNOT_ATTACH),
    "png_named.pdf": Expected(
        *_refused("unsupported_type", UNSUPPORTED), NOT_A_PDF, Outcome("refused", "its content is a PNG file")
    ),
    "png_named.docx": Expected(
        *_refused("unsupported_type", UNSUPPORTED), NOT_A_PDF, Outcome("refused", "its content is a PNG file")
    ),
    "docx_named.pdf": Expected(*_analysed(), NOT_A_PDF, Outcome("refused", "its content is a DOCX file")),
    "legacy_word.doc": Expected(*_refused("unsupported_type", "legacy Word (.doc)"), NOT_A_PDF, CANNOT_ATTACH),
    "binary_junk.txt": Expected(*_refused("unsupported_type", UNSUPPORTED), NOT_A_PDF, CANNOT_ATTACH),
    # Built at test time (over a megabyte each).
    "enormous_text.txt": Expected(*_failed("too_large", "5,200,017 characters"), NOT_A_PDF, ACCEPTED),
    "enormous_text.docx": Expected(*_failed("too_large", "the limit is 5,000,000"), NOT_A_PDF, ACCEPTED),
}

NAMES = tuple(EXPECTED)
