"""A read document: its normalised text, pages and sentences, with offsets into that text."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DocumentFacts:
    """What is known about the file itself, independent of any provision."""

    sha256: str
    media_type: str  # "application/pdf", "application/vnd.openxmlformats-officedocument...", "text/plain", ...
    pages: int
    characters: int
    producer: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    """One page: `text[start:end]` of the document's normalised text. Plain text is one page."""

    number: int  # 1-based
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    """One sentence of the normalised text; `text == document.text[start:end]` always holds."""

    text: str
    start: int
    end: int
    page: int  # 1-based page the sentence starts on
    section: str | None = None  # clause number such as "4.2(b)", or None
    heading: str | None = None  # the heading of the section it sits in, when known


@dataclass(frozen=True)
class Document:
    text: str
    facts: DocumentFacts
    pages: tuple[Page, ...]
    sentences: tuple[Sentence, ...] = field(default=())
