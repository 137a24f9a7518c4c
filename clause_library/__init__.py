"""The provision catalogue and the clause extraction engine: plain Python, no Django.

Public API:
    analyze(source, *, agreement_type="any", limits=None) -> AnalysisResult
    load_catalogue() -> Catalogue
    Limits: the size limits analyze() enforces (bytes, pages, DOCX expansion, characters).
    UnreadableDocument: raised when a file cannot be read, with a reason a user can act on.
"""

from clause_library.errors import UnreadableDocument
from clause_library.limits import Limits

__all__ = ["Limits", "UnreadableDocument", "analyze", "load_catalogue"]


def analyze(source, *, agreement_type: str = "any", limits=None):  # noqa: ANN001, ANN201 - re-exported below
    from clause_library.analysis import analyze as _analyze

    return _analyze(source, agreement_type=agreement_type, limits=limits)


def load_catalogue():  # noqa: ANN201
    from clause_library.catalogue import load_catalogue as _load

    return _load()
