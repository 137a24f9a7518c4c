"""Size limits that protect the engine from documents too large to analyse in reasonable time and memory."""

from dataclasses import dataclass

MEGABYTE = 1_000_000


@dataclass(frozen=True)
class Limits:
    """Upper bounds checked before and during reading; crossing one raises UnreadableDocument.

    Defaults fit the largest real agreements with room to spare: a 1,000-page PDF, a 25 MB upload, a DOCX whose
    parts expand to 50 MB (real ones expand to a few MB) and five million characters of text.
    """

    max_bytes: int = 25 * MEGABYTE
    max_pages: int = 1000
    max_docx_uncompressed: int = 50 * MEGABYTE
    max_characters: int = 5_000_000


DEFAULT_LIMITS = Limits()


def megabytes(size: int) -> str:
    """A size for a message a person reads: '31.2 MB'."""
    return f"{size / MEGABYTE:.1f} MB"
