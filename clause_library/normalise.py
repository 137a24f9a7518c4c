"""Text as the engine reads it: what PDF and DOCX extraction break is repaired; plain text keeps its wording.

PDF steps, in order: characters (ligatures, soft hyphens, odd spaces), whitespace inside each line, running
headers and footers and page numbers, then lines joined back into paragraphs (hyphenation undone). The output
has one paragraph per line, which is also how plain text comes in and goes out, so a sentence quoted from a
plain-text agreement is an exact substring of the normalised text.
"""

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from clause_library.document import Page
from clause_library.nlp import known_words
from clause_library.numbering import ABBREVIATIONS, MAX_HEADING_LENGTH, clause_number, is_heading_line

CHARACTER_FIXES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        "\u00ad": None,  # soft hyphen: invisible unless it ends a line, where the hyphen rule below handles it
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\x02": "-",  # PDFium's mark for a hyphen its text layer put at a line end
    }
)
FIXABLE = re.compile("[" + "".join(map(chr, CHARACTER_FIXES)).replace("\x02", "") + "]")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
LINE_END_HYPHENS = "-\u2010\u2011"
# Prefixes written with a hyphen: "third-party", "sub-processor", "de-identified", "non-exclusive".
HYPHENATED_PREFIXES = frozenset(
    "anti co cross de e ex long multi non off on post pre pro re self short sub third two well".split()
)
# Lines that only number a page: "3", "Page 3", "Page 3 of 12", "3/12", "- 3 -", "3 | Page", "Page iv".
PAGE_NUMBER = re.compile(
    r"(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—]|\d{1,4}\s*\|\s*page|page\s+[ivxlc]{1,6}",
    re.IGNORECASE,
)
# Running headers and footers sit in the first or last lines of a page; the body is never searched for them.
EDGE_LINES = 3
MAX_RUNNING_LINE_LENGTH = 100
# Only a paragraph's last characters decide how it ends; searching all of it made joining quadratic.
TAIL = 12
CLAUSE_END = re.compile(r"[.;:!?][\"'”’)\]]*$|\b(?:and|or)$")
TRAILING_LETTERS = re.compile(r"[^\W\d_]+$")
SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
Joint = Literal["paragraph", "space", "drop_hyphen", "keep_hyphen"]
SEPARATORS: dict[str, str] = {"paragraph": "\n", "space": " ", "drop_hyphen": "", "keep_hyphen": ""}


@dataclass(frozen=True)
class NormalisedText:
    text: str
    pages: tuple[Page, ...]


def normalise_plain_text(text: str) -> NormalisedText:
    """Plain text and Markdown: only line endings and trailing spaces change, paragraphs stay as written."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cleaned = "\n".join(line.rstrip() for line in lines).strip("\n")
    return NormalisedText(text=cleaned, pages=(Page(number=1, start=0, end=len(cleaned)),))


def normalise_paragraphs(paragraphs: Sequence[str]) -> NormalisedText:
    """DOCX paragraphs are real paragraphs: clean each one, drop the empty ones, one per line."""
    cleaned = [_clean_line(paragraph) for paragraph in paragraphs]
    text = "\n".join(line for line in cleaned if line)
    return NormalisedText(text=text, pages=(Page(number=1, start=0, end=len(text)),))


def normalise_pages(pages: Sequence[str]) -> NormalisedText:
    """PDF page texts: repaired and joined into paragraphs, one per line, with each page's span in the text."""
    page_lines = [[line for line in map(_clean_line, page.split("\n")) if line] for page in pages]
    return _join_lines(_remove_running_lines(page_lines))


def _clean_line(line: str) -> str:
    # Every fix but PDFium's hyphen mark is for a non-ASCII character. str.translate is slow, and most lines with
    # another non-ASCII character (a dash, a curly quote) have nothing to fix: a search for one finds that first.
    if line.isascii() or not FIXABLE.search(line):
        line = line.replace("\x02", "-")
    else:
        line = line.translate(CHARACTER_FIXES)
    line = CONTROL_CHARACTERS.sub("", line)
    return " ".join(line.split())


def _remove_running_lines(page_lines: list[list[str]]) -> list[list[str]]:
    """Drop page numbers, and lines repeated at the same edge position of most pages (page numbers may vary)."""
    counts = Counter(key for lines in page_lines for key in set(_edge_keys(lines)))
    threshold = max(2, math.ceil(len(page_lines) / 2))
    running = {key for key, count in counts.items() if count >= threshold}
    return [_without_running(lines, running) for lines in page_lines]


def _edge_keys(lines: list[str]) -> list[tuple[str, int]]:
    """(line with digits masked, position) for the lines at the top (0, 1, 2) and bottom (-1, -2, -3) of a page."""
    top = [(_running_key(line), index) for index, line in enumerate(lines[:EDGE_LINES])]
    bottom = [(_running_key(line), -index) for index, line in enumerate(reversed(lines[-EDGE_LINES:]), start=1)]
    return [key for key in top + bottom if key[0]]


def _running_key(line: str) -> str:
    # Clause openings, long lines and the ends of sentences ("ors.") are body text even when they repeat.
    if len(line) > MAX_RUNNING_LINE_LENGTH or line[0].islower() or clause_number(line) is not None:
        return ""
    return re.sub(r"\d+", "#", line.lower())


def _without_running(lines: list[str], running: set[tuple[str, int]]) -> list[str]:
    edge = {index for index in range(len(lines)) if index < EDGE_LINES or index >= len(lines) - EDGE_LINES}
    keys = {
        index: {(_running_key(lines[index]), index), (_running_key(lines[index]), index - len(lines))} for index in edge
    }
    return [
        line
        for index, line in enumerate(lines)
        if index not in edge or not (PAGE_NUMBER.fullmatch(line) or keys[index] & running)
    ]


def _join_lines(page_lines: list[list[str]]) -> NormalisedText:
    """Paragraphs, one per line, with the span each page covers (a page may start inside a paragraph)."""
    pieces: list[str] = []
    starts: list[int] = []
    length = 0
    paragraph = ""
    for lines in page_lines:
        page_start: int | None = None
        for line in lines:
            separator = ""
            if paragraph:
                joint = _joint(paragraph, line)
                if joint == "drop_hyphen":
                    pieces[-1] = pieces[-1][:-1]
                    paragraph = paragraph[:-1]
                    length -= 1
                separator = SEPARATORS[joint]
                paragraph = "" if joint == "paragraph" else paragraph
            page_start = length + len(separator) if page_start is None else page_start
            pieces.append(separator + line)
            length += len(separator) + len(line)
            paragraph += separator.strip("\n") + line if paragraph else line
        starts.append(length if page_start is None else page_start)
    text = "".join(pieces)
    ends = [*starts[1:], len(text)]
    return NormalisedText(
        text=text,
        pages=tuple(
            Page(number=number, start=min(start, end), end=end)
            for number, (start, end) in enumerate(zip(starts, ends, strict=True), start=1)
        ),
    )


def _joint(previous: str, line: str) -> Joint:
    """How a line continues the paragraph before it: a new paragraph, a space, or a hyphenated word put back."""
    if is_heading_line(previous):
        return "space" if _continues_heading(previous, line) else "paragraph"
    if clause_number(line) is not None:
        return "paragraph" if _closes_clause(previous) else "space"
    if previous[-1] in LINE_END_HYPHENS and len(previous) > 1 and previous[-2].isalpha() and line[0].isalpha():
        return _hyphen_joint(previous, line)
    if line[0].islower():
        return "space"
    if SENTENCE_END.search(previous[-TAIL:]) and not _ends_with_abbreviation(previous):
        return "paragraph"
    return "paragraph" if is_heading_line(line) and line.isupper() else "space"


def _continues_heading(previous: str, line: str) -> bool:
    """A numbered heading wrapped over lines in a narrow column: "1. Permitted" + "Uses and Disclosures"."""
    return (
        clause_number(previous) is not None
        and clause_number(line) is None
        and is_heading_line(line)
        and previous[-1] not in ".:"
        and previous.isupper() == line.isupper()
        and len(previous) + len(line) < MAX_HEADING_LENGTH
    )


def _closes_clause(previous: str) -> bool:
    return bool(CLAUSE_END.search(previous[-TAIL:])) and not _ends_with_abbreviation(previous)


def _ends_with_abbreviation(line: str) -> bool:
    return line[line.rfind(" ") + 1 :].lower() in ABBREVIATIONS


def _hyphen_joint(previous: str, line: str) -> Joint:
    if not line[0].islower():
        return "keep_hyphen"  # "Non-" + "Disclosure": a compound, not a broken word
    prefix = _last_letters(previous[:-1])
    tail = re.match(r"[^\W\d_]+", line)
    word = (prefix + (tail.group(0) if tail else "")).lower()
    if _is_known_word(word):
        return "drop_hyphen"
    return "keep_hyphen" if prefix.lower() in HYPHENATED_PREFIXES else "drop_hyphen"


def _last_letters(text: str) -> str:
    """The letters `text` ends with; only its end is searched, widened while the letters reach the window's edge."""
    size = TAIL
    while True:
        found = TRAILING_LETTERS.search(text[-size:])
        if found is None or found.start() > 0 or size >= len(text):
            return found.group(0) if found else ""
        size *= 4


def _is_known_word(word: str) -> bool:
    """A word of English: a lemma of spaCy's lookup table or an inflected form it maps."""
    lemmas, table = known_words()
    return word in lemmas or word in table
