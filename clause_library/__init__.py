"""The provision catalogue and the clause extraction engine: plain Python, no Django.

Public API:
    analyze(source, *, agreement_type="any") -> AnalysisResult
    load_catalogue() -> Catalogue
    UnreadableDocument: raised when a file cannot be read, with a reason a user can act on.
"""

from clause_library.errors import UnreadableDocument

__all__ = ["UnreadableDocument", "analyze", "load_catalogue"]


def analyze(source, *, agreement_type: str = "any"):  # noqa: ANN001, ANN201 - re-exported below
    from clause_library.analysis import analyze as _analyze

    return _analyze(source, agreement_type=agreement_type)


def load_catalogue():  # noqa: ANN201
    from clause_library.catalogue import load_catalogue as _load

    return _load()
