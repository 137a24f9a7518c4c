"""How legal paragraphs open and where their sentences do not end: clause numbers, headings, abbreviations.

Clause numbers look like "4.2(b)", "(iii)", "Section 5.", "ARTICLE IV"; headings like "4. TERM" or run in
("4.2 Breach Notification. Business Associate shall ...").
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

# Markdown heading marks, bold or italic markers and quote marks in front of a paragraph.
LEADING_MARKUP = re.compile(r"[#*_>\s]*")
ARTICLE = re.compile(r"(?:ARTICLE|Article)\s+([IVXLC]{1,6}|\d{1,3})\b\.?")
SECTION = re.compile(
    r"(?:SECTION|Section|Sec\.|§{1,2})\s*(\d{1,3}(?:\.\d{1,3})*)((?:\([a-zA-Z0-9]{1,4}\))*)\.?(?=\s|$)"
)
# "4.2", "4.2.1", "4.", "4)" and "4.2(b)"; a bare "30" is a quantity ("30 days"), not a clause number.
DECIMAL = re.compile(r"(\d{1,3}(?:\.\d{1,3})+|\d{1,3}(?=[.)(]))((?:\([a-zA-Z0-9]{1,4}\))*)[.)]?(?=\s|$)")
ITEM = re.compile(
    r"\(?([a-z]{1,2}|[A-Z]|[ivxlc]{1,6}|[IVXLC]{1,6}|\d{1,3})\)(?=\s|$)|([a-zA-Z]|[ivx]{1,5}|[IVX]{1,5})\.(?=\s)"
)
ITEM_LABEL = re.compile(r"\(([a-zA-Z0-9]{1,4})\)")
ROMAN = re.compile(r"[ivxlc]+", re.I)
SMALL_WORDS = frozenset(
    "a an and the of or to in for on by with at as from its their under upon per vs nor into other all any".split()
)
WORD = re.compile(r"[^\W\d_][\w'’\-/&]*")
RUN_IN_HEADING = re.compile(r"([A-Z][^.;:!?\n]{0,80}?)\.\s+(?=\S)")
# Words after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    "e.g. i.e. u.s. sec. no. nos. inc. ltd. co. corp. llc. art. para. cf. vs. v. et al. approx. incl. dr. mr. ms. st."
    " str. jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec. u.k. e.u. n.a. c.f.r.".split()
)
MAX_HEADING_WORDS = 12
MAX_HEADING_LENGTH = 120
# Normalisation and segmentation ask about the same lines several times; the answers depend on the line alone.
LINE_CACHE_SIZE = 8192


@dataclass(frozen=True)
class ClauseNumber:
    """A clause number found at the start of a paragraph."""

    kind: Literal["article", "decimal", "item"]
    base: str | None  # "Article IV" or "4.2"; None for a bare list item such as "(b)"
    items: tuple[str, ...]  # list item labels without brackets: ("b", "iii")
    end: int  # where the number ends in the paragraph


@dataclass(frozen=True)
class Heading:
    text: str
    run_in: bool  # True for "4.2 Breach Notification. Business Associate shall ...", False for a heading line


@lru_cache(maxsize=LINE_CACHE_SIZE)
def clause_number(paragraph: str) -> ClauseNumber | None:
    """The clause number a paragraph starts with, if any."""
    start = LEADING_MARKUP.match(paragraph).end()  # type: ignore[union-attr]
    if (match := ARTICLE.match(paragraph, start)) and not _is_reference(paragraph, match.end()):
        return ClauseNumber("article", f"Article {match.group(1)}", (), match.end())
    for pattern in (SECTION, DECIMAL):
        if (match := pattern.match(paragraph, start)) and not _is_reference(paragraph, match.end()):
            return ClauseNumber("decimal", match.group(1), tuple(ITEM_LABEL.findall(match.group(2))), match.end())
    if match := ITEM.match(paragraph, start):
        return ClauseNumber("item", None, (match.group(1) or match.group(2),), match.end())
    return None


def _is_reference(paragraph: str, end: int) -> bool:
    """'Section 4.2 applies ...' cites a clause; a clause number is followed by a capital, a bracket or nothing."""
    rest = paragraph[end:].lstrip()
    return bool(rest) and rest[0].islower()


@lru_cache(maxsize=LINE_CACHE_SIZE)
def heading(paragraph: str) -> Heading | None:
    """The heading a paragraph is ("4. TERM AND TERMINATION") or opens with ("4.2 Breach Notification. ...")."""
    number = clause_number(paragraph)
    start = number.end if number else LEADING_MARKUP.match(paragraph).end()  # type: ignore[union-attr]
    rest = paragraph[start:].strip().lstrip("–—-:. ").strip().strip("*_").strip()
    if not rest:
        return None
    marked = paragraph.lstrip().startswith("#") or (
        paragraph.strip().startswith("**") and rest == paragraph.strip("* ")
    )
    if len(paragraph) <= MAX_HEADING_LENGTH and (marked or _is_heading_text(rest)):
        return Heading(rest.rstrip(".:"), run_in=False)
    run_in = RUN_IN_HEADING.match(rest) if number else None
    if run_in and _is_title(run_in.group(1)) and len(run_in.group(1).split()) <= 8:
        return Heading(run_in.group(1), run_in=True)
    return None


def is_heading_line(paragraph: str) -> bool:
    if len(paragraph) > MAX_HEADING_LENGTH:
        return False  # a heading line is never longer (see heading); paragraphs being joined often are
    found = heading(paragraph)
    return found is not None and not found.run_in


def _is_heading_text(text: str) -> bool:
    if text[-1] in ",;-\u2010\u2011" or (text[-1] == "." and len(text.split()) > 8):
        return False
    return _is_title(text.rstrip(".:"))


def _is_title(text: str) -> bool:
    """ALL CAPS or Title Case, short: how headings are set, and how sentences are not."""
    if len(text) > MAX_HEADING_LENGTH:
        return False
    words = WORD.findall(text)
    if not words or len(words) > MAX_HEADING_WORDS:
        return False
    letters = [char for char in text if char.isalpha()]
    if len(letters) >= 2 and all(char.isupper() for char in letters):
        return True
    significant = [word for word in words if word.lower() not in SMALL_WORDS]
    return bool(significant) and all(word[0].isupper() for word in significant)


def item_kind(label: str, open_items: list[tuple[str, str]]) -> str:
    """'digit', 'lower', 'upper', 'roman' or 'ROMAN'; "(i)" right after "(h)" is the letter i, not one."""
    if label.isdigit():
        return "digit"
    letter_kind = "upper" if label.isupper() else "lower"
    if not ROMAN.fullmatch(label):
        return letter_kind
    follows_letter = len(label) == 1 and (letter_kind, chr(ord(label) - 1)) in open_items
    if follows_letter:
        return letter_kind
    return "ROMAN" if label.isupper() else "roman"
