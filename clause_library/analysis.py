"""analyze(): read a document, segment it, run every provision's rules, return one result."""

import hashlib
from pathlib import Path

from clause_library.document import Document, DocumentFacts, Page
from clause_library.result import AnalysisResult
from clause_library.segment import segment


def analyze(source: Path | bytes | str, *, agreement_type: str = "any") -> AnalysisResult:
    """Interim: plain text only. The full reader handles PDF, DOCX and bytes."""
    from clause_library.detection import detect

    text = source if isinstance(source, str) else Path(source).read_text()
    facts = DocumentFacts(
        sha256=hashlib.sha256(text.encode()).hexdigest(), media_type="text/plain", pages=1, characters=len(text)
    )
    pages = (Page(number=1, start=0, end=len(text)),)
    document = Document(text=text, facts=facts, pages=pages, sentences=segment(text, pages))
    findings = detect(document, agreement_type=agreement_type)
    return AnalysisResult(agreement_type=agreement_type, document=facts, findings=findings, text=text)
