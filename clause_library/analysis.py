"""analyze(): read a document, segment it, run every provision's rules, return one result."""

from pathlib import Path

from clause_library.detection import detect
from clause_library.limits import Limits
from clause_library.reading import read_document
from clause_library.result import AnalysisResult

AGREEMENT_TYPES: tuple[str, ...] = ("baa", "dpa", "msa", "ai_addendum", "any")


def analyze(source: Path | bytes | str, *, agreement_type: str = "any", limits: Limits | None = None) -> AnalysisResult:
    """Analyse a file (`Path`), a file's bytes (`bytes`) or plain agreement text (`str`).

    Raises UnreadableDocument (with `.code` and `.reason`) when the input cannot be read; evidence offsets in
    the result point into `result.text`, the document's normalised text.
    """
    if agreement_type not in AGREEMENT_TYPES:
        raise ValueError(f"agreement_type must be one of {', '.join(AGREEMENT_TYPES)}, not {agreement_type!r}")
    document = read_document(source, limits=limits)
    findings = detect(document, agreement_type=agreement_type)
    return AnalysisResult(agreement_type=agreement_type, document=document.facts, findings=findings, text=document.text)
